"""Plausibility across the rows of a detail table: values that are probably wrong though each row adds up.

Two patterns seen in real reports: a row states a value that is exactly another
row's computed completion rate (ref 000 D000-2: 满意度 '91.31%' is the 参保人数
30437/33333, not a survey result), and an amount spent far beyond every budget
the table states (ref 004 D004-13: 67,164.00 万元 of 政府采购 in a 376.09 万元
department — 元 written as 万元). Both are warnings: they point at a cell to verify.
"""

from __future__ import annotations

import re

from xltool.findings import Finding
from xltool.display import num
from xltool.model.scoretable import Node, ScoreTable
from xltool.checks.rowcheck import node_finding
from xltool.compute.methods.rules import Measured
from xltool.compute.textfacts import named_amounts, normalise


def reused_values(table: ScoreTable, measured: dict[Node, Measured]) -> list[Finding]:
    """A stated value equal to another indicator's computed ratio: probably copied (ref 000 D000-2).

    Only a value the text merely states is suspected, only when another row derives exactly
    the same non-round percentage from its own counts.
    """
    computed: dict[float, Node] = {}
    for node, m in measured.items():
        for f in m.facts.formulas:
            if f.computed is not None and len(f.terms) >= 2 and round(f.stated, 2) % 1:
                computed.setdefault(round(f.stated, 2), node)
    out = []
    for node, m in measured.items():
        if node not in table.leaves or not m.pct or m.facts.formulas or not m.source.startswith("评分过程"):
            continue
        value = round(m.pct[-1], 2)
        other = computed.get(value)
        if other is not None and other is not node and "process" in node.texts:
            out.append(node_finding("XT408", node.texts["process"], node, "default", value=num(value),
                                    other=other.path, found=value))
    return out


_BUDGET_NAME = re.compile(r"预算|决算")
_SPENT_NAME = re.compile(r"支出|采购|使用|拨付|发放")
MAGNITUDE = 10  # an amount spent this many times the largest budget stated is a unit slip


def implausible_amounts(table: ScoreTable) -> list[Finding]:
    """An amount spent far beyond every budget the table states: usually 元 written as 万元 (ref 004 D004-13)."""
    stated = {node: named_amounts(normalise(node.text("process"))) for node in table.leaves if node.text("process")}
    budgets = [v for amounts in stated.values() for name, v in amounts.items()
               if _BUDGET_NAME.search(name) and not _SPENT_NAME.search(name) and v > 0]
    if not budgets:
        return []
    ceiling = max(budgets)
    out = []
    for node, amounts in stated.items():
        for name, v in amounts.items():
            if _SPENT_NAME.search(name) and v > MAGNITUDE * ceiling:
                out.append(node_finding("XT328", node.texts["process"], node, "default", name=name, amount=num(v / 1e4),
                                        budget=num(ceiling / 1e4), times=f"{v / ceiling:.0f}", found=round(v / 1e4, 2)))
    return out
