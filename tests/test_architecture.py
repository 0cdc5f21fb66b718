"""The package's layers, as README's 结构 section states them, held by the import graph.

Every import inside ``xltool/`` (top-level or inside a function) must go to the same
layer or a lower one, the graph must have no loop, and the longest chain of imports
from the command line down to a leaf must stay within ten modules. A module added
outside the known layers fails here until it is given one.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xltool"

LAYERS = [  # lowest first; a module may import its own layer and any layer above it in this list
    ("base", ("xltool", "xltool.findings", "xltool.codes", "xltool.display")),
    ("model", ("xltool.model",)),
    ("io", ("xltool.io",)),
    ("detect", ("xltool.detect",)),
    ("compute", ("xltool.compute",)),
    ("templates", ("xltool.templates",)),
    ("result", ("xltool.result",)),
    ("checks", ("xltool.checks",)),
    ("api", ("xltool.api",)),
    ("reporters", ("xltool.reporters",)),
    ("batch", ("xltool.batch",)),
    ("front ends", ("xltool.addin", "xltool.commands", "xltool.cli", "xltool.__main__")),
]
MAX_LEVELS = 10


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _layer(module: str) -> int:
    best = None
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS and to README's 结构")
    return best[0]


def test_every_import_goes_down_or_sideways():
    upward = [f"{a} ({LAYERS[_layer(a)][0]}) imports {b} ({LAYERS[_layer(b)][0]})"
              for a, targets in _graph().items() for b in targets if _layer(b) > _layer(a)]
    assert upward == []


def test_no_import_loops():
    graph, state, loops = _graph(), {}, []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                loops.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert loops == []


def test_command_line_to_leaf_within_ten_levels():
    graph = _graph()

    @functools.lru_cache(maxsize=None)
    def depth(node: str) -> int:
        return 1 + max((depth(n) for n in graph[node]), default=0)

    assert depth("xltool.cli") <= MAX_LEVELS


@pytest.mark.parametrize("folder", ["io", "model", "detect", "compute", "checks", "reporters", "templates", "addin"])
def test_readme_names_each_layer(folder):
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    structure = readme.split("## 结构", 1)[1].split("\n## ", 1)[0]
    assert f"{folder}/" in structure
