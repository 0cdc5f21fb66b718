"""Indicator-row checks: values readable, units, 完成率, 得分 under the row's rule, 偏差原因."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.checks.scores import not_checkable, score_out_of_bounds
from xltool.codes import finding
from xltool.findings import Finding, Severity
from xltool.compute.recalc import FormCalc, IndicatorCalc, rate_agrees, rate_candidates
from xltool.display import json_num, num, pct, shown

_PROBLEM_TEXT = {
    "unparseable-target": ("target", "目标值“{v}”无法解析为可比较的数值、日期或定性目标，无法复核得分。"),
    "unparseable-actual": ("actual", "完成值“{v}”无法解析（未写明数值，或定性结果未写明达成/部分达成/未达成），无法复核得分。"),
}


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
            yield finding("XT304", sheet, ind.rate.addr,
                          f"“{path}”完成率应为 {_rate_formula(c)} = {pct(c.expected_rates[0])}，表中为 {ind.rate.value}。",
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
            yield not_checkable(sheet, ind.score.addr, path, score, f"{c.outcome.reason}（{c.method.title}）")
        return
    review = c.over_completion
    if c.verdict == "reduced":
        yield finding("XT312", sheet, ind.score.addr,
                      f"“{path}”实际值超过目标值{num(calc.profile.over_completion_review * 100 - 100)}%以上，得分由 {num(w)} 调减为 {num(score)}，"
                      "属按偏离度调减，请在偏差原因中说明。", expected=json_num(c.outcome.representative(score)),
                      found=json_num(score), indicator=path)
    elif c.verdict == "wrong":
        yield _score_finding(c, sheet, path, score)
    yield from _reason_missing(calc, c, sheet, path, score, review)


def _group_score(c: IndicatorCalc, sheet: str, path: str, score: float, tol: float) -> Iterator[Finding]:
    """A score merged over ``c.group_size`` rows: within Σ their weights, and Σ their rules' scores."""
    where = f"（合并单元格，含 {c.group_size} 项三级指标）"
    group = c.indicator.level2 or path
    bounds = score_out_of_bounds(sheet, c.indicator.score.addr, group + where, score, c.group_weight, tol,
                                 expected=c.counted)
    if bounds is not None:
        yield bounds
    elif c.verdict == "wrong" and c.group_expected is not None:
        yield finding("XT305", sheet, c.indicator.score.addr,
                      f"“{group}”{where}得分应为各项按规则得分之和 {num(c.group_expected)}，表中为 {num(score)}。",
                      expected=c.group_expected, found=json_num(score), indicator=group)


def _value_problems(c: IndicatorCalc, sheet: str, path: str) -> Iterator[Finding]:
    ind = c.indicator
    if any(q.kind == "error" for q in (c.target, c.actual)):
        return  # the error value itself is reported (XT003, rules.error_values)
    if c.problem in _PROBLEM_TEXT:
        attr, text = _PROBLEM_TEXT[c.problem]
        cell = getattr(ind, attr)
        yield finding("XT201", sheet, cell.addr, f"“{path}”" + text.format(v=cell.value), found=cell.value, indicator=path)
    elif c.problem in ("empty-target", "empty-actual"):
        cell = ind.target if c.problem == "empty-target" else ind.actual
        what = "目标值" if c.problem == "empty-target" else "完成值"
        if cell is not None:
            yield finding("XT207", sheet, cell.addr, f"“{path}”{what}为空或为占位符，无法复核得分。",
                          found=cell.value, indicator=path)
    elif c.problem == "unit-mismatch":
        yield finding("XT202", sheet, ind.actual.addr,
                      f"“{path}”目标值单位“{c.target.unit}”与完成值单位“{c.actual.unit}”不一致且无法换算，无法复核得分。",
                      expected=c.target.unit, found=c.actual.unit, indicator=path)
    elif c.unit_note and c.target.unit != c.actual.unit and c.actual.unit and c.target.unit:
        yield finding("XT202", sheet, ind.actual.addr,
                      f"“{path}”目标值单位“{c.target.unit}”与完成值单位“{c.actual.unit}”不一致，已{c.unit_note}后复核；建议统一计量单位。",
                      expected=c.target.unit, found=c.actual.unit, indicator=path, severity=Severity.INFO)


def _score_finding(c: IndicatorCalc, sheet: str, path: str, score: float) -> Finding:
    ind, o, w = c.indicator, c.outcome, c.weight
    if c.operator in ("<=", "<") and c.measure.met is False and w is not None and abs(score - w) <= 0.01:
        return finding("XT306", sheet, ind.score.addr,
                       f"“{path}”为反向指标（目标 {c.target.text}），实际 {shown(c.actual)} 已超出目标，却得满分 {num(score)}；"
                       f"按“{c.method.title}”应得 {num(o.representative(score))}。",
                       expected=json_num(o.representative(score)), found=json_num(score), indicator=path)
    if o.score is None:
        return finding("XT310", sheet, ind.score.addr,
                       f"“{path}”为定性指标（完成情况“{shown(c.actual)}”），得分应在 [{num(o.low)}, {num(o.high)}] 区间内，表中为 {num(score)}。",
                       expected=f"{num(o.low)}–{num(o.high)}", found=json_num(score), indicator=path)
    basis = f"完成率 {pct(c.measure.ratio)}，" if c.measure.ratio is not None else ""
    return finding("XT305", sheet, ind.score.addr,
                   f"“{path}”{basis}按“{c.method.title}”应得 {num(o.score)} 分，表中为 {num(score)}。",
                   expected=o.score, found=json_num(score), indicator=path)


def _reason_missing(calc: FormCalc, c: IndicatorCalc, sheet: str, path: str, score: float, review: bool):
    ind, w, tol = c.indicator, c.weight, calc.profile.tolerance
    if ind.reason is None or not _blank_reason(ind.reason.value):
        return
    missed = w is not None and score < w - tol
    if missed or review or (c.operator in ("<=", "<") and c.measure.met is False):
        if not missed:
            why = "偏离目标值较大"
        elif c.measure.met is False:
            why = "未完成目标、得分低于分值"
        else:
            why = "得分低于分值"
        yield finding("XT205", sheet, ind.reason.addr,
                      f"“{path}”{why}（得分 {num(score)}/分值 {num(w)}），应填写偏差原因分析及改进措施。",
                      found=ind.reason.value, indicator=path)


def _blank_reason(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() in ("", "-", "—", "——", "/", "无"))


def _rate_formula(c: IndicatorCalc) -> str:
    if c.measure.ratio is None:
        return "达到目标记 100%"
    return f"{num(c.measure.actual)}/{num(c.measure.target)}"

