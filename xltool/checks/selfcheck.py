"""The unit's 自评表 against the evaluator's scoring table in the same workbook.

A third-party report usually carries the unit's self-assessment (附件7 自评表)
beside its own scoring table. The two describe the same indicators, so a target
or an actual value that differs between them is one fact with two values (ref
000 D000-3: 满意度 =95% in the 自评表, 91.31% in 附件1), and a large gap between
the self-assessed and the evaluated 得分率 of the same 一级 is worth a note —
it is what the finance bureau's 抽查 looks at.
"""

from __future__ import annotations

from collections import defaultdict

from xltool.codes import finding
from xltool.findings import Finding
from xltool.model.form import Form
from xltool.display import num
from xltool.checks.crosstable import find_leaf
from xltool.detect.labels import level1_key
from xltool.model.scoretable import Node, ScoreTable
from xltool.checks.rollup import Sums
from xltool.compute.methods.rules import Measured
from xltool.model.values import Quantity, parse_number, parse_value, same_dimension

GAP_POINTS = 10.0  # 得分率 gap (percentage points) between 自评 and 评价 worth a note


def check(forms: list[Form], tables: list[ScoreTable], refs: list[ScoreTable],
          sums: dict[ScoreTable, Sums], measured: dict[Node, Measured]) -> list[Finding]:
    """Findings comparing each 自评表 of the workbook (``forms``, detected once by the caller)
    with the detail table of its report."""
    details = [t for t in refs if t.kind == "detail"]
    if not details:
        return []
    out: list[Finding] = []
    scored_sheets = {t.sheet for t in details}  # an evaluator's sheet does not also hold the unit's 自评表
    for form in forms:
        if form.sheet in scored_sheets:
            continue
        cell = form.columns.get("name")
        if cell is not None and any(t.covers(cell.sheet, cell.row) for t in tables):
            continue
        ref = max(details, key=lambda t: _shared(form, t))
        if _shared(form, ref):
            out += _indicators(form, ref, measured)
            out += _level1(form, ref, sums[ref])
    return out


def _shared(form: Form, ref: ScoreTable) -> int:
    """How many of the form's indicators the scoring table names."""
    return sum(1 for ind in form.indicators if find_leaf(str(ind.name.value or ""), ref) is not None)


def _indicators(form: Form, ref: ScoreTable, measured: dict[Node, Measured]) -> list[Finding]:
    out = []
    for ind in form.indicators:
        node = find_leaf(str(ind.name.value or ""), ref)
        if node is None:
            continue
        mine = parse_value(ind.target.value) if ind.target is not None else None
        theirs = parse_value(node.texts["target"].value) if "target" in node.texts else None
        if mine is not None and theirs is not None and _differ(mine, theirs):
            out.append(finding("XT410", ref.sheet, node.texts["target"].addr, "default", target=theirs.text,
                               sheet_name=form.sheet, own_cell=ind.target.addr, own=mine.text,
                               expected=mine.text, found=theirs.text, indicator=node.path))
        actual = parse_value(ind.actual.value) if ind.actual is not None else None
        if actual is None or actual.number is None:
            continue
        stated, cell = _evaluated_actual(node, measured.get(node), actual)
        if stated is not None and abs(stated - actual.number) > 0.01 + 1e-9 * abs(actual.number):
            unit = "%" if actual.kind == "percent" else actual.unit
            out.append(finding("XT411", ref.sheet, cell.addr, "default", actual=f"{num(stated)}{unit}",
                               sheet_name=form.sheet, own_cell=ind.actual.addr, own=f"{num(actual.number)}{unit}",
                               expected=actual.number, found=stated, indicator=node.path))
    return out


def _evaluated_actual(node: Node, m: Measured | None, actual: Quantity):
    """The evaluator's value comparable with the 自评表's: same kind (a percentage, or a count's numerator)."""
    if "actual" in node.texts:
        q = parse_value(node.texts["actual"].value)
        if q.number is not None and q.kind == actual.kind and same_dimension(q.unit, actual.unit):
            return q.number, node.texts["actual"]
        return None, None
    if m is None or "process" not in node.texts:
        return None, None
    cell = node.texts["process"]
    if actual.kind == "percent" and m.pct and not m.facts.formulas:
        return m.pct[-1], cell
    if actual.kind == "number":
        terms = next((f.terms for f in m.facts.formulas if len(f.terms) == 2), None)
        if terms is not None:
            return terms[0], cell
    return None, None


def _differ(a: Quantity, b: Quantity) -> bool:
    if a.number is None or b.number is None or a.kind != b.kind:
        return False
    if a.kind == "number":
        if not same_dimension(a.unit, b.unit):
            return False
        other = b.in_unit(a.unit) if b.unit != a.unit else b.number
        return other is not None and abs(other - a.number) > 1e-9 * max(1.0, abs(a.number))
    return abs(a.number - b.number) > 1e-9


def _level1(form: Form, ref: ScoreTable, sums: Sums) -> list[Finding]:
    groups: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    names: dict[str, str] = {}
    for ind in form.indicators:
        w = parse_number(ind.weight.value) if ind.weight is not None else None
        s = parse_number(ind.score.value) if ind.score is not None else None
        if w is None or s is None or not ind.level1:
            continue
        key = level1_key(ind.level1)
        names.setdefault(key, ind.level1)
        groups[key][0] += w
        groups[key][1] += s
    out = []
    for node in ref.roots:
        key = level1_key(node.name)
        if key not in groups or node.level != 1:
            continue
        w_self, s_self, _ = groups[key]
        w_eval = node.weight if node.weight is not None else sums.weight.get(node)
        s_eval = sums.score.get(node)
        if not w_self or not w_eval or s_eval is None:
            continue
        r_self, r_eval = s_self / w_self * 100, s_eval / w_eval * 100
        if abs(r_self - r_eval) >= GAP_POINTS:
            out.append(finding("XT409", ref.sheet, node.name_cell.addr, "default", sheet_name=form.sheet,
                               level1=names[key], own_score=num(s_self), own_weight=num(w_self),
                               own_rate=f"{r_self:.2f}", score=num(s_eval), weight=num(w_eval), rate=f"{r_eval:.2f}",
                               gap=f"{abs(r_self - r_eval):.2f}",
                               expected=round(r_eval, 2), found=round(r_self, 2), indicator=node.path))
    return out
