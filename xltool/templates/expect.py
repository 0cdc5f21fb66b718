"""What each formula cell of a filled template must show, computed by the engine.

For a 自评表 template the values come from ``xltool.compute.recalc`` (the same
``recalc_form`` that ``xltool check`` runs): 执行率 and its score, every 完成率 and
得分, the weight total; 总分 and 等级 are computed from the cells they add up, as
the spreadsheet does. For the 综合评分表 they come from ``scoresheet.expected``.
The tests compare these with what LibreOffice and ``formulas`` calculate; the
tamper check compares them with the cached values of a submitted file.
"""

from __future__ import annotations

from typing import Any


from xltool.compute import profiles
from xltool.model.grid import SheetGrid
from xltool.model.form import Cell, Form, FundsRow, Indicator
from xltool.compute.recalc import FormCalc, IndicatorCalc, recalc_form, recalc_indicator
from xltool.compute.methods import round2
from xltool.templates.cells import cell_value, number, position
from xltool.templates.layout import Layout

_INDICATOR_ROLES = ("weight", "target", "actual", "rate", "score", "rule", "reason", "operator", "unit", "basis",
                    "last_year")


def _cell(grid: SheetGrid, addr: str) -> Cell:
    r, c = position(addr)
    return Cell(grid.name, r, c, grid.raw(r, c))


def form_from_layout(lay: Layout, grid: SheetGrid) -> Form:
    """The form as the template's layout says it is (what ``detect_forms`` should find)."""
    funds = []
    for label, cells in lay.funds.items():
        funds.append(FundsRow(label=label, is_total=label == "total",
                              **{role: _cell(grid, addr) for role, addr in cells.items()}))
    rows = []
    for cells in lay.rows:
        name = _cell(grid, cells["name"])
        weight = _cell(grid, cells["weight"])
        rows.append(Indicator(row=name.row, level1=str(cell_value(grid, cells["level1"]) or ""),
                              level2=str(cell_value(grid, cells["level2"]) or ""), name=name, weight=weight,
                              **{role: _cell(grid, cells[role]) for role in _INDICATOR_ROLES[1:] if role in cells}))
    return Form(sheet=grid.name, kind="project", title="", name="", unit_name="", columns={}, funds=tuple(funds),
                goal_expected=None, goal_actual=None, indicators=tuple(rows),
                total=_cell(grid, lay.cells["total"]), grade=_cell(grid, lay.cells["grade"]))


def expected_values(lay: Layout, grid: SheetGrid, form: Form | None = None) -> dict[str, Any]:
    """Address → the value its formula must show, for every visible formula cell of the template."""
    if lay.template == "scoring-framework":
        from xltool.templates.scoresheet import expected

        return expected(lay, grid)
    profile = profiles.load(lay.profile)
    calc = recalc_form(form or form_from_layout(lay, grid), profile)
    return _self_eval(lay, grid, calc)


def row_score(c: IndicatorCalc, judged: float | None) -> float | None:
    """The 得分 a template row shows: the rule's score, else the judged score kept in the tier or in [0, w]."""
    if c.weight is None:
        return None
    o = c.outcome
    if o.score is not None:
        return o.score
    if o.low is not None:
        return o.representative(judged)
    return None if judged is None else min(max(judged, 0.0), c.weight)


def _self_eval(lay: Layout, grid: SheetGrid, calc: FormCalc) -> dict[str, Any]:
    profile = calc.profile
    out: dict[str, Any] = {}
    total = lay.funds["total"]
    sources = [cells for label, cells in lay.funds.items() if label != "total"]
    for role in ("initial", "budget", "executed"):
        out[total[role]] = sum(number(cell_value(grid, s[role])) or 0.0 for s in sources)
    out[total["rate"]] = calc.funds.rate if calc.funds else None
    out[total["score"]] = calc.funds.score if calc.funds else None
    by_row = {c.indicator.row: c for c in calc.indicators}
    model = {i.row: i for i in form_from_layout(lay, grid).indicators}
    names = weights = False
    score_sum = 0.0
    for cells in lay.rows:
        r = position(cells["score"])[0]
        c = by_row.get(r) or recalc_indicator(model[r], profile)
        out[cells["rate"]] = c.expected_rates[0] if c.expected_rates else None
        out[cells["score"]] = row_score(c, number(cell_value(grid, cells["judged"])))
        names = names or cell_value(grid, cells["name"]) is not None
        weights = weights or number(cell_value(grid, cells["weight"])) is not None
        score_sum += number(cell_value(grid, cells["score"])) or 0.0
    out[lay.cells["weight_total"]] = calc.weight_total
    declared_total = None
    if names or weights:
        declared_total = round2(score_sum + (number(cell_value(grid, total["score"])) or 0.0))
    out[lay.cells["total"]] = declared_total
    cached_total = number(cell_value(grid, lay.cells["total"]))
    out[lay.cells["grade"]] = profile.grade(cached_total) if cached_total is not None else None
    return out
