"""Form-level checks: weights adding up to full marks, quantified share, 总分 and grade."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.codes import finding
from xltool.findings import Finding
from xltool.recalc import FormCalc
from xltool.rules._fmt import json_num, num
from xltool.rules.error_values import any_error


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT101, XT102, XT307, XT308, XT309."""
    yield from _weights(calc)
    yield from _quantified_share(calc)
    yield from _total_and_grade(calc)


def _weights(calc: FormCalc) -> Iterator[Finding]:
    form, p = calc.form, calc.profile
    if calc.weight_total is None or any_error(c.indicator.weight for c in calc.indicators):
        return  # a weight showing an error value is reported on its cell (XT003); the sum is unknown
    accepted = {p.full_marks}
    if calc.funds is None:
        accepted.add(p.full_marks - p.execution_weight)  # forms that leave execution out of the grid
    if any(abs(calc.weight_total - a) <= 0.01 for a in accepted):
        return
    header = form.columns.get("weight")
    funds_part = f"（含预算执行率 {num(calc.funds.weight)} 分）" if calc.funds else ""
    yield finding("XT101", form.sheet, header.addr if header else "",
                  f"各指标分值/权重合计{funds_part}为 {num(calc.weight_total)}，应为 {num(p.full_marks)}。",
                  expected=p.full_marks, found=calc.weight_total)


def _quantified_share(calc: FormCalc) -> Iterator[Finding]:
    inds = [c for c in calc.indicators if c.target.kind not in ("empty",)]
    if len(inds) < 3 or not calc.profile.min_quantified_share:
        return
    quantified = sum(1 for c in inds if c.target.is_quantitative)
    share = quantified / len(inds)
    if share + 1e-9 < calc.profile.min_quantified_share:
        header = calc.form.columns.get("target") or calc.form.columns["name"]
        yield finding("XT102", calc.form.sheet, header.addr,
                      f"量化指标 {quantified} 个，占三级指标 {len(inds)} 个的 {share * 100:.2f}%，"
                      f"低于 {calc.profile.min_quantified_share * 100:.0f}% 的要求。",
                      expected=f">={calc.profile.min_quantified_share * 100:.0f}%", found=f"{share * 100:.2f}%")


def _total_and_grade(calc: FormCalc) -> Iterator[Finding]:
    form, p = calc.form, calc.profile
    declared = calc.declared_total
    n_cells = len(calc.indicators) + (1 if calc.funds else 0)
    declared_sum, recalculated = _known_sums(calc)
    if form.total is not None and declared is not None and declared_sum is not None:
        # a sum of n rounded cells may differ from the rounded total by up to 0.01·n
        if abs(declared - declared_sum) > max(p.tolerance, 0.005 * n_cells) + 1e-9:
            yield finding("XT307", form.sheet, form.total.addr,
                          f"总分 {num(declared)} ≠ 执行率得分与各指标得分之和 {num(declared_sum)}。",
                          expected=declared_sum, found=json_num(declared))
    basis = declared if declared is not None else declared_sum
    declared_grade = calc.declared_grade
    if form.grade is not None and declared_grade and basis is not None:
        expected = p.grade(basis)
        if expected and declared_grade != expected:
            yield finding("XT308", form.sheet, form.grade.addr,
                          f"总分 {num(basis)} 对应等级为“{expected}”（优≥90，良≥80，中≥60，差<60），表中为“{form.grade.value}”。",
                          expected=expected, found=str(form.grade.value))
    if recalculated is not None and basis is not None:
        before, after = p.grade(basis), p.grade(recalculated)
        if before != after:
            cell = form.grade or form.total
            yield finding("XT309", form.sheet, cell.addr if cell else "",
                          f"按规则重算后总分为 {num(recalculated)}，等级由“{before}”变为“{after}”（申报总分 {num(basis)}）。",
                          expected=after, found=before)


def _known_sums(calc: FormCalc) -> tuple[float | None, float | None]:
    """The declared sum and the recalculated total, or None where a cell they add up shows an error value.

    The error value is reported on its own cell (XT003); a sum that silently
    counts it as 0 would add a second, misleading finding on 总分 or 等级.
    """
    funds_score = calc.funds.row.score if calc.funds else None
    scores = [*(c.indicator.score for c in calc.indicators), funds_score]
    declared_sum = None if any_error(scores) else calc.declared_sum
    unscored = any_error(c.indicator.weight for c in calc.indicators) or (
        calc.funds is not None and calc.funds.score is None and any_error([funds_score]))
    return declared_sum, None if unscored else calc.recalculated_total
