"""Checks of one scored row: its score under its own rule, and its text against its cells.

For each leaf indicator of a detail table this reads the rule (:mod:`rules`),
the measured value (实际值 column, else the 评分过程 text) and the figures the
text states, then compares: 得分 under the rule (XT320/XT326), a rule whose
element points do not add up to the weight (XT325), a ratio in the text that
contradicts its own numbers (XT323) or divides by zero (XT324), the score or
deduction the text states (XT327), 扣分 = 分值 − 得分 (XT321), full marks next to
a stated shortcoming (XT329). What cannot be read is XT311 (不可机器复核).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltool.checks.scores import not_checkable, score_out_of_bounds
from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.display import num
from xltool.model.scoretable import Node, ScoreTable
from xltool.compute.methods import Expectation, Method, round2
from xltool.compute.methods.rules import Measured
from xltool.compute.rule_text import parse_rule
from xltool.compute.textfacts import Facts, Formula, normalise, read_facts, stated_quantities
from xltool.model.values import Quantity, parse_number, parse_value, same_dimension

_SHORTCOMING = re.compile(
    r"(?<!不)(?<!是否)未(?:进行|按(?:时|期|规定|要求)?|能|提供|开展|制定|建立|执行|落实|公开|及时|完成|达到|编制|归档|履行)"
    r"|不完善|不规范|不够|不到位|缺失|有待(?:加强|提高|完善|改进)|存在(?:问题|不足|偏差)|无法判定")


@dataclass
class RowResult:
    """Findings of one row and the score the row should count with in a recalculated total."""

    findings: list[Finding]
    recalculated: float | None
    measured: Measured | None = None


def check_leaf(table: ScoreTable, node: Node, tol: float, *, explain_missing_rule: bool = True) -> RowResult:
    """All row-level checks of one leaf indicator.

    ``explain_missing_rule`` asks for an XT311 note on a deduction no rule explains; it is off for
    summary tables whose rules live in the report's detail table.
    """
    out: list[Finding] = []
    w, s = node.weight, node.score
    facts = read_facts(node.text("process"))
    out += _formula_findings(table, node, facts)
    if node.score_cell is None or s is None:
        return RowResult(out, None)
    cell = node.score_cell
    bounds = score_out_of_bounds(cell.sheet, cell.addr, node.path, s, w, tol, expected=0 if s < 0 else w)
    if bounds is not None:
        out.append(bounds)
    if w is None:
        return RowResult(out, s)
    out += _statement_findings(node, facts, w, s, tol)
    rule = parse_rule(node.text("rule"), node.text("points")) if "rule" in table.columns else None
    if rule is None:
        out += _deduction_findings(node, w, s, s, tol)
        if explain_missing_rule and s < w - tol and not node.text("process") and table.kind != "system":
            out.append(not_checkable(cell.sheet, cell.addr, node.path, s, fragment("XT311", "no_rule", weight=num(w))))
        return RowResult(out, s)
    measured = measure(node, facts)
    problem, points = rule.design_problem(w)
    if problem:
        out.append(node_finding("XT325", node.texts["rule"], node, "default", problem=problem, rule=rule.title,
                                expected=w, found=points))
    exp = rule.expect(w, measured)
    found, recalculated = _compare(node, rule, exp, measured, w, s, tol)
    out += found
    out += _deduction_findings(node, w, s, recalculated if found else s, tol)
    if not exp.scores and s >= w - tol:
        m = _SHORTCOMING.search(node.text("process"))
        if m:
            out.append(node_finding("XT329", node.score_cell, node, "default",
                                    shortcoming=_around(node.text("process"), m), score=num(s)))
    return RowResult(out, recalculated, measured)


def measure(node: Node, facts: Facts) -> Measured:
    """The measured value of a row: its 实际值 column, else a ratio or percentage its 评分过程 states."""
    target = parse_value(node.text("target"))
    t_pct = target.number if target.kind == "percent" else None
    base = dict(target_pct=t_pct, target_op=target.op, facts=facts, process=node.text("process"))
    actual = parse_value(node.texts["actual"].value) if "actual" in node.texts else None
    if actual is not None and actual.kind == "percent" and actual.number is not None:
        return Measured(pct=(actual.number,), ratios=(_ratio(actual.number, t_pct),), source="实际值列", **base)
    if actual is not None and actual.kind == "number" and target.number and target.kind == "number":
        a = actual.in_unit(target.unit) if actual.unit != target.unit else actual.number
        if a is not None:
            return _count_measure(a, target, "实际值列", base)
    formula = _pick_formula(node, facts)
    if formula is not None:
        if formula.undefined:
            return Measured(undefined=True, source=formula.text, **base)
        readings = tuple(dict.fromkeys(x for x in (formula.computed, formula.stated) if x is not None))
        return Measured(pct=readings, ratios=tuple(_ratio(p, t_pct) for p in readings),
                        source=f"评分过程“{formula.text}”", **base)
    stated = _pick_statement(node, facts)
    if stated is not None:
        name, value = stated
        return Measured(pct=(value,), ratios=(_ratio(value, t_pct),), source=f"评分过程“{name}{num(value)}%”", **base)
    count = _stated_count(node, target)
    if count is not None:
        name, value = count
        return _count_measure(value, target, f"评分过程“{name}{num(value)}{target.unit}”", base)
    return Measured(**base)


def _count_measure(a: float, target: Quantity, source: str, base: dict) -> Measured:
    """A count or amount against a count target: the completion ratio, scored as a rate against 100%."""
    r = a / target.number
    return Measured(pct=(r * 100,), ratios=(r,), source=source, **{**base, "target_pct": 100.0})


_ACHIEVED = re.compile(r"实际|完成|共|累计|合计|达到|已")


def _stated_count(node: Node, target: Quantity) -> tuple[str, float] | None:
    """The one amount in the target's unit the text states ('实际培训900人次'), else None."""
    if target.kind != "number" or not target.number or not target.unit:
        return None
    found = []
    for name, value, unit in stated_quantities(normalise(node.text("process"))):
        q = parse_value(f"{value}{unit}")
        if unit != "%" and same_dimension(q.unit, target.unit):
            a = q.in_unit(target.unit)
            if a is not None:
                found.append((name, a))
    if len({v for _, v in found}) > 1:
        found = [(n, v) for n, v in found if _ACHIEVED.search(n)]
    return found[0] if len({v for _, v in found}) == 1 else None


def _ratio(pct: float, target_pct: float | None) -> float:
    """Completion ratio: against a percentage target, else the stated rate itself."""
    return pct / target_pct if target_pct else pct / 100


def _pick_formula(node: Node, facts: Facts) -> Formula | None:
    if not facts.formulas:
        return None
    tail = node.name[-3:]
    for f in facts.formulas:
        if f.name and (f.name in node.name or f.name[-3:] == tail):
            return f
    return facts.formulas[0]


def _pick_statement(node: Node, facts: Facts) -> tuple[str, float] | None:
    if not facts.stated:
        return None
    for size in (3, 2):
        for name, value in facts.stated:
            if node.name[-size:] and node.name[-size:] in name:
                return name, value
    return facts.stated[-1]


def _compare(node: Node, rule: Method, exp: Expectation, m: Measured, w: float, s: float,
             tol: float) -> tuple[list[Finding], float]:
    cell = node.score_cell
    where = fragment("XT320", "rule", rule=rule.title,
                     basis=fragment("XT320", "basis", basis=exp.basis) if exp.basis else "",
                     source=fragment("XT320", "source", source=m.source) if m.source and exp.scores else "")
    if exp.scores:
        if any(abs(s - x) <= tol + 1e-9 for x in exp.scores):
            return [], s
        want = exp.scores[0]
        return [node_finding("XT320", cell, node, "score", score=num(want), stated=num(s), rule=where,
                             expected=want, found=s)], want
    if exp.maximum is not None and s > exp.maximum + tol:
        return [node_finding("XT320", cell, node, "maximum", score=num(exp.maximum), stated=num(s), rule=where,
                             expected=exp.maximum, found=s)], exp.maximum
    if exp.allowed:
        if any(abs(s - x) <= tol + 1e-9 for x in exp.allowed):
            return [], s
        nearest = min(exp.allowed, key=lambda x: (abs(x - s), x))
        return [node_finding("XT326", cell, node, "default", steps="、".join(num(x) for x in exp.allowed),
                             stated=num(s), rule=where, expected=nearest, found=s)], nearest
    if exp.reason:
        if m.undefined:
            return [], s  # the zero denominator is reported on the text (XT324)
        return [not_checkable(cell.sheet, cell.addr, node.path, s,
                              fragment("XT311", "rule", reason=exp.reason, rule=rule.title))], s
    return [], s


def _formula_findings(table: ScoreTable, node: Node, facts: Facts) -> list[Finding]:
    out = []
    cell = node.texts.get("process")
    for f in facts.formulas:
        if f.undefined:
            out.append(node_finding("XT324", cell, node, "text", formula=f.text, stated=num(f.stated),
                                    found=f"{num(f.stated)}%"))
        elif f.computed is not None and abs(f.computed - f.stated) > _display_slack(f.text) + 0.005:
            out.append(node_finding("XT323", cell, node, "default", formula=f.text, computed=f"{f.computed:.2f}",
                                    stated=num(f.stated), expected=round2(f.computed), found=f.stated))
    return out


def _display_slack(text: str) -> float:
    m = re.search(r"=\s*[-+]?\d[\d,]*(?:\.(\d+))?\s*%\s*$", text)
    decimals = len(m.group(1)) if m and m.group(1) else 0
    return 0.5 * 10 ** (-decimals)


def _statement_findings(node: Node, facts: Facts, w: float, s: float, tol: float) -> list[Finding]:
    cell = node.texts.get("process")
    if cell is None:
        return []
    out = []
    if facts.full is not None and abs(facts.full - w) > tol:
        out.append(node_finding("XT327", cell, node, "full_marks", stated=num(facts.full), weight=num(w),
                                expected=w, found=facts.full))
    if facts.score is not None and abs(facts.score - s) > tol:
        out.append(node_finding("XT327", cell, node, "score", stated=num(facts.score), score=num(s),
                                expected=s, found=facts.score))
    if facts.deduction is not None and abs(facts.deduction - (w - s)) > tol:
        out.append(node_finding("XT327", cell, node, "deduction", stated=num(facts.deduction), weight=num(w),
                                score=num(s), due=num(round2(w - s)), expected=round2(w - s), found=facts.deduction))
    return out


def _deduction_findings(node: Node, w: float, s: float, right: float, tol: float) -> list[Finding]:
    """XT321: 扣分 ≠ 分值 − 得分; a 扣分 written for the score the rule gives (``right``) is right."""
    cell = node.deduction_cell
    d = None if cell is None else parse_number(cell.value)
    if d is None or abs(d - (w - s)) <= tol or abs(d - (w - right)) <= tol:
        return []
    return [node_finding("XT321", cell, node, "default", stated=num(d), weight=num(w), score=num(s),
                         due=num(round2(w - s)), expected=round2(w - s), found=d)]


def _around(text: str, m: re.Match) -> str:
    start = max(0, text.rfind("，", 0, m.start()) + 1, text.rfind("。", 0, m.start()) + 1,
                text.rfind(",", 0, m.start()) + 1)
    end = min([i for i in (text.find("，", m.end()), text.find("。", m.end()), text.find(",", m.end())) if i >= 0]
              or [len(text)])
    return text[start:end].strip()[:60]


def node_finding(code: str, cell, node: Node, variant: str, **kw) -> Finding:
    """A finding on a cell of a row, named by the row's indicator path; ``kw`` as for ``finding``."""
    return finding(code, cell.sheet if cell else node.name_cell.sheet, cell.addr if cell else node.name_cell.addr,
                   variant, indicator=node.path, **kw)
