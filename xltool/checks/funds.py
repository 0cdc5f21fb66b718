"""Funds-block checks: sources adding up, execution over budget, 执行率 and its score."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.checks.scores import depends_on_wrong
from xltool.compute.recalc import FormCalc, number, rate_agrees, rate_candidates
from xltool.display import json_num, num, pct, rate_text

_COLUMNS = {"initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT203, XT204, XT302, XT303, and XT314 on a rate or score computed from an empty total row."""
    form = calc.form
    total = form.funds_total
    sources = [r for r in form.funds if not r.is_total]
    for row in form.funds:
        budget, executed = number(row.budget), number(row.executed)
        if budget is not None and executed is not None and executed > budget + 0.005:
            yield finding("XT203", form.sheet, row.executed.addr, "default", label=row.label or "资金",
                          executed=num(executed), budget=num(budget), expected=f"≤{num(budget)}",
                          found=json_num(executed))
    for attr, expected in (calc.funds.source_sums if calc.funds else {}).items():
        cell = getattr(total, attr)
        declared = number(cell)
        yield finding("XT204", form.sheet, cell.addr, "default", column=_COLUMNS[attr], label=total.label,
                      declared=num(declared), total=num(expected), sources="+".join(r.label for r in sources),
                      expected=expected, found=json_num(declared))
    if calc.funds is not None:
        yield from _execution(calc)
        yield from _from_sources(calc)


def _from_sources(calc: FormCalc) -> Iterator[Finding]:
    """XT314 on the rate and score computed from a total row left empty (its sources hold the amounts).

    A rate over a budget of 0 is already XT302 (不可计算) on its cell: reported once.
    """
    f, sheet, tol = calc.funds, calc.form.sheet, calc.profile.tolerance
    if f.source_rate is None:
        return
    row = f.row
    causes = [getattr(row, attr).addr for attr in ("budget", "executed") if attr in f.source_sums]
    if rate_candidates(row.rate) and number(row.budget) != 0 and not rate_agrees(row.rate, (f.source_rate,)):
        yield depends_on_wrong(sheet, row.rate.addr, fragment("XT314", "execution_rate"), row.rate.value,
                               pct(f.source_rate), causes, shown=rate_text)
    declared = f.declared_score
    if declared is not None and f.source_score is not None and abs(declared - f.source_score) > tol + 1e-9:
        yield depends_on_wrong(sheet, row.score.addr, fragment("XT314", "execution_score"), declared, f.source_score,
                               causes + ([row.rate.addr] if row.rate is not None else []))


def _execution(calc: FormCalc) -> Iterator[Finding]:
    f, sheet, tol = calc.funds, calc.form.sheet, calc.profile.tolerance
    row = f.row
    if f.rate is None:
        if row.rate is not None and rate_candidates(row.rate) and number(row.budget) == 0:
            yield finding("XT302", sheet, row.rate.addr, "zero_budget", expected="不可计算", found=row.rate.value)
        return
    if rate_candidates(row.rate) and not rate_agrees(row.rate, (f.rate,)):
        yield finding("XT302", sheet, row.rate.addr, "wrong", executed=num(number(row.executed)),
                      budget=num(number(row.budget)), rate=pct(f.rate), stated=rate_text(row.rate.value),
                      expected=pct(f.rate), found=row.rate.value)
    declared = number(row.score)
    if declared is not None and f.score is not None and not any(abs(declared - s) <= tol + 1e-9 for s in f.accepted_scores):
        yield finding("XT303", sheet, row.score.addr, "default", rate=pct(f.rate), weight=num(f.weight),
                      method=calc.profile.execution.title, score=num(f.score), stated=num(declared),
                      expected=f.score, found=json_num(declared))

