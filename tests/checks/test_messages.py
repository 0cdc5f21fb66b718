"""The message templates (``xltool/messages.toml``) against the catalogue and the code that fills them.

Every call of ``finding``, ``node_finding`` and ``fragment`` in ``xltool/`` names its code and
variant as literals, so the fields each template receives can be read from the source: a
template must use exactly the fields its call sites pass (a missing one would raise, an extra
one would be silently dropped), and a template no call site names is dead wording.
"""

from __future__ import annotations

import ast
import string
from collections import defaultdict
from pathlib import Path

from xltool.codes import CATALOGUE, templates

PACKAGE = Path(__file__).resolve().parent.parent.parent / "xltool"
# the function, the index of its variant (or fragment name) argument, its own keywords (not fields)
CALLS = {"finding": (3, {"expected", "found", "indicator", "severity"}),
         "node_finding": (3, {"expected", "found", "severity"}),
         "fragment": (1, set())}
FORWARDERS = {"node_finding"}  # functions that pass their caller's code and variant on to ``finding``
# parameter names of finding / node_finding and of fragment, which a field may not take
RESERVED = {"message": {"code", "sheet", "cell", "node", "variant", "expected", "found", "indicator", "severity"},
            "fragment": {"code", "name"}}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _call_sites() -> dict[tuple[str, str, str], list[tuple[str, set[str]]]]:
    """{(kind, code, variant): [(where, field names)]}; kind is 'message' or 'fragment'."""
    sites = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name in FORWARDERS
                for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in skip:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in CALLS:
                continue
            index, own = CALLS[name]
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args]
            assert len(node.args) > index and literal[0] and literal[index], \
                f"{where}: {name}() must name its code and variant as string literals"
            assert all(k.arg is not None for k in node.keywords), f"{where}: fields must be named, not **unpacked"
            kind = "fragment" if name == "fragment" else "message"
            fields = {k.arg for k in node.keywords} - own
            sites[(kind, node.args[0].value, node.args[index].value)].append((where, fields))
    return sites


def _templates() -> dict[tuple[str, str, str], str]:
    out = {}
    for code, table in templates().items():
        for variant, text in table.items():
            if variant == "fragments":
                out.update({("fragment", code, name): t for name, t in text.items()})
            else:
                out[("message", code, variant)] = text
    return out


SITES = _call_sites()
TEMPLATES = _templates()


def test_every_code_has_a_message():
    for code in CATALOGUE:
        assert any(k[0] == "message" and k[1] == code for k in TEMPLATES), f"{code}: no message in messages.toml"
    unknown = sorted({code for _, code, _ in TEMPLATES} - set(CATALOGUE))
    assert not unknown, f"messages.toml has codes the catalogue lacks: {unknown}"


def test_every_template_is_plain_text_with_named_fields():
    for key, text in TEMPLATES.items():
        assert isinstance(text, str), f"{key}: a template is a string"
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            assert name.isidentifier() and not spec and not conversion, \
                f"{key}: {{{name}}} — format the value at the call site, the template only places it"
            assert name not in RESERVED[key[0]], f"{key}: field {name!r} is a parameter's name"
        text.format_map({name: "x" for name in _fields(text)})


def test_every_call_site_names_a_template_and_fills_exactly_its_fields():
    for key, sites in SITES.items():
        assert key in TEMPLATES, f"{sites[0][0]}: no {key[0]} {key[2]!r} for {key[1]} in messages.toml"
        wanted = _fields(TEMPLATES[key])
        for where, fields in sites:
            assert fields == wanted, f"{where}: {key} passes {sorted(fields)}, the template uses {sorted(wanted)}"


def test_no_template_is_unused():
    unused = sorted(set(TEMPLATES) - set(SITES))
    assert not unused, f"templates no call site uses: {unused}"
