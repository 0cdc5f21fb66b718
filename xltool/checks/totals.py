"""Form-level checks: weights adding up to full marks, quantified share, 总分 and grade."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.checks.scores import depends_on_wrong, grade_findings, weight_not_sum
from xltool.detect.labels import parse_label
from xltool.compute.methods import round2
from xltool.codes import finding, fragment
from xltool.findings import Finding, Severity
from xltool.compute.recalc import FormCalc, number, once
from xltool.display import json_num, num


def _label_weights(calc: FormCalc) -> Iterator[Finding]:
    """XT402 on weights the form writes in labels: '产出指标(60分)' over its rows' 分值, and the block
    label '年度绩效目标(80分)' over its 一级 labels (or its rows). Only for a form that ends in a 总分 row:
    a table cut short would make a group look light."""
    form, tol = calc.form, calc.profile.tolerance
    if form.total is None and form.weight_total_cell is None:
        return
    groups: dict[tuple[int, int], list] = {}
    for c in calc.indicators:
        cell = c.indicator.level1_cell
        if cell is not None:
            groups.setdefault((cell.row, cell.col), []).append(c)
    labelled = []
    for members in groups.values():
        cell = members[0].indicator.level1_cell
        stated = parse_label(cell.value).weight
        labelled.append(stated)
        weights = [c.weight for c in once(members, "weight")]
        if stated is None or not weights or any(w is None for w in weights):
            continue
        if abs(round2(sum(weights)) - stated) > tol:
            yield weight_not_sum(form.sheet, cell.addr, f"“{cell.value}”", stated, weights,
                                 in_label=fragment("XT402", "written"))
    block = form.block_label
    stated = parse_label(block.value).weight if block is not None else None
    if stated is None:
        return
    weights = [c.weight for c in once(calc.indicators, "weight")]
    parts = labelled if labelled and all(w is not None for w in labelled) else (
        weights if weights and all(w is not None for w in weights) else None)
    if parts and abs(round2(sum(parts)) - stated) > tol:
        yield weight_not_sum(form.sheet, block.addr, f"“{block.value}”", stated, parts,
                             in_label=fragment("XT402", "written"))


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT101, XT102, XT402 (weights in labels), XT307, XT308, XT309, and XT314 on a 总分 that adds up but over wrong scores."""
    yield from _weights(calc)
    yield from _label_weights(calc)
    yield from _quantified_share(calc)
    yield from _total_and_grade(calc)


def _weights(calc: FormCalc) -> Iterator[Finding]:
    """XT101. An error needs the form's own statement of its weight total (the 总分 row's 分值 cell):
    then both compared values are read from cells. Without one, a sum that is not the full marks
    may as well be a table cut short or a row not read, so it is a 提示 at the 分值 header."""
    form, p = calc.form, calc.profile
    if calc.weight_total is None:
        return  # none, or one shows an error value (reported on its cell, XT003)
    accepted = {p.full_marks}
    if calc.funds is None:
        accepted.add(p.full_marks - p.execution_weight)  # forms that leave execution out of the grid
    funds_part = fragment("XT101", "with_execution", weight=num(calc.funds.weight)) if calc.funds else ""
    stated_cell = form.weight_total_cell
    stated = number(stated_cell)
    if stated is not None:
        # without a funds block read, the stated total may include the execution weight scored elsewhere
        parts = [calc.weight_total] + ([calc.weight_total + p.execution_weight] if calc.funds is None else [])
        if all(abs(stated - w) > p.tolerance + 1e-9 for w in parts):
            yield finding("XT101", form.sheet, stated_cell.addr, "stated_not_sum", stated=num(stated),
                          funds=funds_part, total=num(calc.weight_total), expected=calc.weight_total, found=stated)
        elif not any(abs(stated - a) <= 0.01 for a in accepted):
            alone = fragment("XT101", "without_execution", weight=num(p.full_marks - p.execution_weight)) \
                if calc.funds is None else ""
            yield finding("XT101", form.sheet, stated_cell.addr, "stated_not_full", funds=funds_part,
                          stated=num(stated), full=num(p.full_marks), alone=alone, expected=p.full_marks, found=stated)
        return
    if any(abs(calc.weight_total - a) <= 0.01 for a in accepted):
        return
    header = form.columns.get("weight")
    yield finding("XT101", form.sheet, header.addr if header else "", "unstated", funds=funds_part,
                  total=num(calc.weight_total), full=num(p.full_marks), expected=p.full_marks,
                  found=calc.weight_total, severity=Severity.INFO)


def _quantified_share(calc: FormCalc) -> Iterator[Finding]:
    inds = [c for c in calc.indicators if c.target.kind not in ("empty",)]
    if len(inds) < 3 or not calc.profile.min_quantified_share:
        return
    quantified = sum(1 for c in inds if c.target.is_quantitative)
    share = quantified / len(inds)
    if share + 1e-9 < calc.profile.min_quantified_share:
        header = calc.form.columns.get("target") or calc.form.columns["name"]
        yield finding("XT102", calc.form.sheet, header.addr, "default", quantified=quantified, indicators=len(inds),
                      share=f"{share * 100:.2f}", required=f"{calc.profile.min_quantified_share * 100:.0f}",
                      expected=f">={calc.profile.min_quantified_share * 100:.0f}%", found=f"{share * 100:.2f}%")


def _total_and_grade(calc: FormCalc) -> Iterator[Finding]:
    form, p = calc.form, calc.profile
    declared = calc.declared_total
    n_cells = len(calc.indicators) + (1 if calc.funds else 0)
    adds_up = True
    if form.total is not None and declared is not None and calc.declared_sum is not None:
        # a sum of n rounded cells may differ from the rounded total by up to 0.01·n
        if abs(declared - calc.declared_sum) > max(p.tolerance, 0.005 * n_cells) + 1e-9:
            adds_up = False
            yield finding("XT307", form.sheet, form.total.addr, "default", total=num(declared),
                          sum=num(calc.declared_sum), expected=calc.declared_sum, found=json_num(declared))
    corrections = calc.corrections()
    if form.total is not None and declared is not None and adds_up and corrections:
        expected = round2(declared + sum(counted - stated for _, stated, counted in corrections))
        if abs(expected - declared) > p.tolerance + 1e-9:
            yield depends_on_wrong(form.sheet, form.total.addr, fragment("XT314", "total"), declared, expected,
                                   [cell.addr for cell, _, _ in corrections])
    yield from grade_findings(p, form.sheet, stated=calc.declared_grade, grade_cell=form.grade and form.grade.addr,
                              declared_total=declared if declared is not None else calc.declared_sum,
                              total_cell=form.total and form.total.addr, recalculated_total=calc.recalculated_total,
                              certain=calc.total_is_certain)
