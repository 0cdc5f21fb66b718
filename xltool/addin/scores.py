"""重算得分: which of the form's own cells get a recalculated value, and how it is written.

The engine decides what is wrong; this module only turns that into cell writes. A
filled-in rate or score is rewritten only where the check reports it (XT302–XT306,
XT301, XT313), so a value the check accepts — within tolerance, from the rounded rate
a province scores by, or deliberately reduced for over-completion (XT312) — stays as
the user typed it. Blank rate and score cells of the form are filled in. 总分 and the
grade are compared with the recalculated total directly, since the check compares the
declared total with the declared scores.

Writes are never made into formulas: a formula cell is left for Excel to recompute,
and a constant among formula cells of the same column (a formula typed over, the
classic way a score gets 'adjusted') is reported instead of replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltool.result import FormResult
from xltool.model.form import Cell
from xltool.compute.recalc import number
from xltool.display import num, pct

_REWRITE = {"XT301", "XT302", "XT303", "XT304", "XT305", "XT306", "XT313"}


@dataclass(frozen=True)
class Write:
    """One recalculated value for one cell of the form."""

    cell: Cell
    value: float | str
    what: str  # what the cell is, for the report: “…/得分”, 执行率, 总分 …
    shown: str  # the new value as the user reads it
    role: str  # rate / score / total / grade: typed-over detection compares cells of one role

    @property
    def old(self) -> str:
        """The value the cell holds now, as text."""
        return "空白" if self.cell.blank else num(self.cell.value) if isinstance(self.cell.value, float) \
            else str(self.cell.value)


def plan(form_result: FormResult) -> list[Write]:
    """The writes 重算得分 makes in one form, in reading order."""
    calc = form_result.calc
    form, profile = calc.form, calc.profile
    flagged = {f.cell for f in form_result.findings if f.code in _REWRITE}
    writes: list[Write] = []

    def add(cell: Cell | None, value, what: str, shown: str, role: str) -> None:
        if cell is not None and value is not None and (cell.blank or cell.addr in flagged):
            writes.append(Write(cell, value, what, shown, role))

    if calc.funds is not None and calc.funds.rate is not None:
        row = calc.funds.row
        add(row.rate, rate_value(row.rate, calc.funds.rate), "预算执行率", pct(calc.funds.rate), "funds")
        add(row.score, calc.funds.score, "执行率得分", num(calc.funds.score), "funds")
    for c in calc.indicators:
        ind, path = c.indicator, c.indicator.path
        if c.expected_rates and not c.problem:
            add(ind.rate, rate_value(ind.rate, c.expected_rates[0]), f"“{path}”完成率", pct(c.expected_rates[0]), "rate")
        if c.outcome.score is not None:
            add(ind.score, c.outcome.score, f"“{path}”得分", num(c.outcome.score), "score")
    total = calc.recalculated_total
    if form.total is not None and total is not None:
        declared = number(form.total)
        if declared is None or abs(declared - total) > profile.tolerance + 1e-9:
            writes.append(Write(form.total, total, "总分", num(total), "total"))
    grade = profile.grade(total)
    if form.grade is not None and grade and calc.declared_grade != grade:
        writes.append(Write(form.grade, grade, "等级", grade, "grade"))
    return writes


def rate_value(cell: Cell | None, fraction: float) -> float | str:
    """A rate in the form the cell already uses: '91.31%' text, 91.31 points, or the fraction 0.9131."""
    value = None if cell is None else cell.value
    if isinstance(value, str) and "%" in value.replace("％", "%"):
        return f"{fraction * 100:.2f}%"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > 1.5:
        return round(fraction * 100, 2)
    return round(fraction, 6)


def typed_over(write: Write, formulas: dict[tuple[int, int], str], siblings: list[Cell]) -> bool:
    """True when ``write.cell`` holds a constant while other cells of its column in the form hold formulas."""
    if formulas.get((write.cell.row, write.cell.col)):
        return False
    return any(formulas.get((s.row, s.col)) for s in siblings if s is not write.cell)


def role_cells(form_result: FormResult, role: str) -> list[Cell]:
    """The form's cells of one role (all indicator rates, all indicator scores), for typed-over detection."""
    inds = form_result.calc.form.indicators
    if role == "rate":
        return [i.rate for i in inds if i.rate is not None]
    if role == "score":
        return [i.score for i in inds if i.score is not None]
    return []
