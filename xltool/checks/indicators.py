"""Indicator-row checks: values readable, units, 完成率, 得分 under the row's rule, 偏差原因."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.checks.scores import not_checkable, score_out_of_bounds
from xltool.codes import finding, fragment
from xltool.findings import Finding, Severity
from xltool.compute.recalc import FormCalc, IndicatorCalc, rate_agrees, rate_candidates
from xltool.display import json_num, num, pct, shown


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT201, XT202, XT205, XT207, XT301, XT304–XT306, XT310–XT313."""
    for c in calc.indicators:
        yield from _check_row(calc, c)


def _check_row(calc: FormCalc, c: IndicatorCalc) -> Iterator[Finding]:
    ind, sheet, tol = c.indicator, calc.form.sheet, calc.profile.tolerance
    path = ind.path
    yield from _value_problems(c, sheet, path)
    score, w = c.declared_score, c.weight
    if ind.rate is not None and c.expected_rates and not c.problem:
        if rate_candidates(ind.rate) and not rate_agrees(ind.rate, c.expected_rates):
            yield finding("XT304", sheet, ind.rate.addr, "default", path=path, formula=_rate_formula(c),
                          rate=pct(c.expected_rates[0]), stated=ind.rate.value,
                          expected=pct(c.expected_rates[0]), found=ind.rate.value, indicator=path)
    if score is None or ind.score is None or c.verdict == "grouped":
        return  # a score merged over a group is judged on the group's first row
    if c.group_size > 1:
        yield from _group_score(c, sheet, path, score, tol)
        return
    expected = c.outcome.representative(score) if c.outcome.checkable or score < 0 else w
    bounds = score_out_of_bounds(sheet, ind.score.addr, path, score, w, tol, expected=expected)
    if bounds is not None:
        yield bounds
        return
    if not c.outcome.checkable:
        if not c.problem and c.outcome.reason and w is not None and abs(score - w) > tol:
            yield not_checkable(sheet, ind.score.addr, path, score,
                                fragment("XT311", "method", reason=c.outcome.reason, method=c.method.title))
        return
    review = c.over_completion
    if c.verdict == "reduced":
        yield finding("XT312", sheet, ind.score.addr, "default", path=path,
                      over=num(calc.profile.over_completion_review * 100 - 100), weight=num(w), score=num(score),
                      expected=json_num(c.outcome.representative(score)),
                      found=json_num(score), indicator=path)
    elif c.verdict == "wrong":
        yield _score_finding(c, sheet, path, score)
    yield from _reason_missing(calc, c, sheet, path, score, review)


def _group_score(c: IndicatorCalc, sheet: str, path: str, score: float, tol: float) -> Iterator[Finding]:
    """A score merged over ``c.group_size`` rows: within Σ their weights, and Σ their rules' scores."""
    where = fragment("XT305", "merged", rows=c.group_size)
    group = c.indicator.level2 or path
    bounds = score_out_of_bounds(sheet, c.indicator.score.addr, group + where, score, c.group_weight, tol,
                                 expected=c.counted)
    if bounds is not None:
        yield bounds
    elif c.verdict == "wrong" and c.group_expected is not None:
        yield finding("XT305", sheet, c.indicator.score.addr, "group", group=group, merged=where,
                      score=num(c.group_expected), stated=num(score), expected=c.group_expected, found=json_num(score),
                      indicator=group)


def _value_problems(c: IndicatorCalc, sheet: str, path: str) -> Iterator[Finding]:
    ind = c.indicator
    if any(q.kind == "error" for q in (c.target, c.actual)):
        return  # the error value itself is reported (XT003, rules.error_values)
    if c.problem == "unparseable-target":
        yield finding("XT201", sheet, ind.target.addr, "target", path=path, value=ind.target.value,
                      found=ind.target.value, indicator=path)
    elif c.problem == "unparseable-actual":
        yield finding("XT201", sheet, ind.actual.addr, "actual", path=path, value=ind.actual.value,
                      found=ind.actual.value, indicator=path)
    elif c.problem == "empty-target":
        if ind.target is not None:
            yield finding("XT207", sheet, ind.target.addr, "target", path=path, found=ind.target.value, indicator=path)
    elif c.problem == "empty-actual":
        if ind.actual is not None:
            yield finding("XT207", sheet, ind.actual.addr, "actual", path=path, found=ind.actual.value, indicator=path)
    elif c.problem == "unit-mismatch":
        yield finding("XT202", sheet, ind.actual.addr, "unconvertible", path=path, target=c.target.unit,
                      actual=c.actual.unit, expected=c.target.unit, found=c.actual.unit, indicator=path)
    elif c.unit_note and c.target.unit != c.actual.unit and c.actual.unit and c.target.unit:
        yield finding("XT202", sheet, ind.actual.addr, "converted", path=path, target=c.target.unit,
                      actual=c.actual.unit, conversion=c.unit_note, expected=c.target.unit, found=c.actual.unit,
                      indicator=path, severity=Severity.INFO)


def _score_finding(c: IndicatorCalc, sheet: str, path: str, score: float) -> Finding:
    ind, o, w = c.indicator, c.outcome, c.weight
    if c.operator in ("<=", "<") and c.measure.met is False and w is not None and abs(score - w) <= 0.01:
        return finding("XT306", sheet, ind.score.addr, "default", path=path, target=c.target.text,
                       actual=shown(c.actual), score=num(score), method=c.method.title,
                       due=num(o.representative(score)), expected=json_num(o.representative(score)),
                       found=json_num(score), indicator=path)
    if o.score is None:
        return finding("XT310", sheet, ind.score.addr, "default", path=path, actual=shown(c.actual), low=num(o.low),
                       high=num(o.high), score=num(score), expected=f"{num(o.low)}–{num(o.high)}",
                       found=json_num(score), indicator=path)
    basis = fragment("XT305", "rate", rate=pct(c.measure.ratio)) if c.measure.ratio is not None else ""
    return finding("XT305", sheet, ind.score.addr, "rule", path=path, basis=basis, method=c.method.title,
                   score=num(o.score), stated=num(score), expected=o.score, found=json_num(score), indicator=path)


def _reason_missing(calc: FormCalc, c: IndicatorCalc, sheet: str, path: str, score: float, review: bool):
    ind, w, tol = c.indicator, c.weight, calc.profile.tolerance
    if ind.reason is None or not _blank_reason(ind.reason.value):
        return
    missed = w is not None and score < w - tol
    if missed or review or (c.operator in ("<=", "<") and c.measure.met is False):
        if not missed:
            why = fragment("XT205", "off_target")
        elif c.measure.met is False:
            why = fragment("XT205", "missed")
        else:
            why = fragment("XT205", "below_weight")
        yield finding("XT205", sheet, ind.reason.addr, "default", path=path, why=why, score=num(score),
                      weight=num(w), found=ind.reason.value, indicator=path)


def _blank_reason(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() in ("", "-", "—", "——", "/", "无"))


def _rate_formula(c: IndicatorCalc) -> str:
    if c.measure.ratio is None:
        return fragment("XT304", "met")
    return fragment("XT304", "ratio", actual=num(c.measure.actual), target=num(c.measure.target))

