"""Form-level checks: weights adding up to full marks, quantified share, 总分 and grade."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.codes import finding
from xltool.findings import Finding
from xltool.recalc import FormCalc
from xltool.rules._fmt import json_num, num


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT101, XT102, XT307, XT308, XT309."""
    yield from _weights(calc)
    yield from _quantified_share(calc)
    yield from _total_and_grade(calc)


def _weights(calc: FormCalc) -> Iterator[Finding]:
    form, p = calc.form, calc.profile
    if calc.weight_total is None:
        return  # none, or one shows an error value (reported on its cell, XT003)
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
    if form.total is not None and declared is not None and calc.declared_sum is not None:
        # a sum of n rounded cells may differ from the rounded total by up to 0.01·n
        if abs(declared - calc.declared_sum) > max(p.tolerance, 0.005 * n_cells) + 1e-9:
            yield finding("XT307", form.sheet, form.total.addr,
                          f"总分 {num(declared)} ≠ 执行率得分与各指标得分之和 {num(calc.declared_sum)}。",
                          expected=calc.declared_sum, found=json_num(declared))
    basis = declared if declared is not None else calc.declared_sum
    declared_grade = calc.declared_grade
    if form.grade is not None and declared_grade and basis is not None:
        expected = p.grade(basis)
        if expected and declared_grade != expected:
            yield finding("XT308", form.sheet, form.grade.addr,
                          f"总分 {num(basis)} 对应等级为“{expected}”（优≥90，良≥80，中≥60，差<60），表中为“{form.grade.value}”。",
                          expected=expected, found=str(form.grade.value))
    if calc.recalculated_total is not None and basis is not None:
        before, after = p.grade(basis), p.grade(calc.recalculated_total)
        if before != after:
            cell = form.grade or form.total
            yield finding("XT309", form.sheet, cell.addr if cell else "",
                          f"按规则重算后总分为 {num(calc.recalculated_total)}，等级由“{before}”变为“{after}”（申报总分 {num(basis)}）。",
                          expected=after, found=before)

