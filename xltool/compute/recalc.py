"""Recalculation: a pure function from a detected form and a profile to expected values.

Nothing here judges. It parses each indicator's target and actual, brings them to
one unit, decides the scoring method from the row's 赋分规则 or operator, and
computes the completion rate, the score, the execution rate and score, the
recalculated total and the grade. The rules in ``xltool.checks.form`` compare these
expectations with what the form declares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from xltool.detect.headers import lower_is_better
from xltool.model.values import read_grade
from xltool.model.form import Cell, Form, FundsRow, Indicator
from xltool.model.frozen import quick_init
from xltool.compute.profiles import Profile
from xltool.compute.methods import Measure, Method, Outcome, round2
from xltool.compute.methods.profile import BandedRatio
from xltool.model.values import Quantity, parse_number, parse_shown, parse_value, same_dimension


@quick_init
@dataclass(frozen=True)
class IndicatorCalc:
    """Expectations for one indicator row."""

    indicator: Indicator
    method: Method
    target: Quantity
    actual: Quantity
    operator: str | None
    measure: Measure
    outcome: Outcome
    weight: float | None
    declared_score: float | None
    expected_rates: tuple[float, ...]  # accepted 完成率 values, as fractions
    problem: str = ""  # why target/actual could not be compared: 'unparseable-target', 'unit-mismatch', ...
    unit_note: str = ""
    over_completion: bool = False  # actual ≥ the profile's review factor × target: a reduced score may be accepted
    verdict: str = ""  # the declared score: 'accepted' by the rule, 'reduced' for over-completion, 'wrong', or '' (blank/unchecked)
    counted: float | None = None  # the value this row adds to a recalculated total
    # a score cell merged over several rows (one 二级 score for its 三级 rows) is judged once, on its first row:
    group_size: int = 1  # rows sharing this row's score cell
    group_weight: float | None = None  # Σ their weights (each weight cell once)
    group_expected: float | None = None  # Σ the scores their rules give, when every row's rule gives one

    @property
    def corrected(self) -> bool:
        """Whether the recalculated total counts another value than the declared score: a certain error in the row
        (a merged group score is judged on its first row only)."""
        return self.verdict != "grouped" and _replaced(self.declared_score, self.counted)


def _replaced(declared: float | None, counted: float | None) -> bool:
    return declared is not None and counted is not None and abs(counted - declared) > 1e-9


@dataclass(frozen=True)
class FundsCalc:
    """Expectations for the funds block's total row."""

    row: FundsRow
    weight: float
    rate: float | None  # 执行数 / 预算数 as a fraction; None when the budget is 0 or missing
    score: float | None
    accepted_scores: tuple[float, ...]
    source_sums: dict[str, float]  # column ('initial', 'budget', 'executed') → Σ sources, where the total row contradicts it
    source_rate: float | None = None  # 执行率 from Σ sources, when the total row is left at 0 or empty
    source_score: float | None = None  # the execution score at that rate
    declared_score: float | None = None
    counted: float | None = None  # the value the funds block adds to a recalculated total

    @property
    def corrected(self) -> bool:
        """Whether the recalculated total counts another execution score than the declared one."""
        return _replaced(self.declared_score, self.counted)


@dataclass(frozen=True)
class FormCalc:
    """Everything recalculated for one form."""

    form: Form
    profile: Profile
    funds: FundsCalc | None
    indicators: tuple[IndicatorCalc, ...]
    weight_total: float | None
    declared_sum: float | None
    recalculated_total: float | None
    declared_total: float | None
    declared_grade: str | None

    def corrections(self) -> list[tuple[Cell, float, float]]:
        """(score cell, declared, counted) of every score the recalculated total replaces: certain errors."""
        out = [(c.indicator.score, c.declared_score, c.counted) for c in self.indicators if c.corrected]
        if self.funds is not None and self.funds.corrected and self.funds.row.score is not None:
            out.insert(0, (self.funds.row.score, self.funds.declared_score, self.funds.counted))
        return out

    @property
    def total_is_certain(self) -> bool:
        """Whether the recalculated total departs from the declared scores only through certain errors
        (no blank score was filled in by the rule)."""
        return not any(c.declared_score is None and c.counted for c in self.indicators) and not (
            self.funds is not None and self.funds.declared_score is None and self.funds.counted)


def number(cell: Cell | None) -> float | None:
    """Numeric value of a cell ('96.25分', '1,140.42', '100.00%' as points), None if none."""
    return None if cell is None else parse_number(cell.value)


def shows_error(cell: Cell | None) -> bool:
    """Whether a cell shows an Excel error value (#DIV/0!, #REF! …): its number is unknown, not 0.

    Asked of every weight, score and amount several times a form, and most hold a number: an
    int is never an error and a float only when infinite (what ``parse_value`` says of them),
    answered without the parser."""
    if cell is None:
        return False
    value = cell.value
    if value is None or value.__class__ is int:
        return False
    if value.__class__ is float:
        return math.isinf(value)
    return parse_value(value).kind == "error"


def rate_candidates(cell: Cell | None) -> tuple[float, ...]:
    """Possible fractions a rate cell stands for: '91.31%' → 0.9131; 91.31 or 0.9131 → both readings."""
    if cell is None or cell.blank:
        return ()
    v = parse_number(cell.value)
    if v is None:
        return ()
    if isinstance(cell.value, str) and "%" in cell.value.replace("％", "%"):
        return (v / 100,)
    if cell.percent is not None:  # 0.862 formatted as a percentage is 86.2 %, never 0.862 %
        return (v,)
    return (v, v / 100)


def display_tolerance(value, percent: int | None = None) -> float:
    """Half a unit of the last decimal a rate cell displays, as a fraction ('86%' is ±0.5%).

    A number formatted as a percentage shows ``percent`` decimals (0.862 shown as 86%:
    ±0.5%); a float whose format is unknown carries full precision, so it gets none.
    """
    if percent is not None and isinstance(value, (int, float)):
        return 0.5 * 10 ** (-percent) / 100
    if isinstance(value, float):
        return 0.0
    text = str(value).replace("％", "%").replace("%", "").strip()
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** (-decimals) / 100


def rate_agrees(cell: Cell | None, expected: tuple[float, ...] | list[float]) -> bool:
    """Whether a declared rate cell shows one of the expected fractions, within its display precision."""
    slack = 0.0001 + (0.0 if cell is None else display_tolerance(cell.value, cell.percent))
    return any(abs(f - e) <= slack for f in rate_candidates(cell) for e in expected)


def _operator(ind: Indicator, target: Quantity) -> str | None:
    if ind.operator is not None and not ind.operator.blank:
        op = parse_value(f"{ind.operator.value}1").op
        if op:
            return op
    if target.op is None and target.is_quantitative and lower_is_better(ind.name.value):
        return "<="  # 受害率, 投诉率 … with a bare number and no 指标性质: the target is an upper bound
    return target.op


def _shown(cell: Cell | None) -> Quantity:
    """A cell's value as shown: 0.95 formatted 0% reads as 95% (reader: ``Cell.percent``)."""
    return parse_shown(None, None) if cell is None else parse_shown(cell.value, cell.percent)


def _with_unit_column(q: Quantity, ind: Indicator) -> Quantity:
    """Sichuan-style forms keep the unit in its own column: '95' + '%' reads as '95%'."""
    if ind.unit is None or ind.unit.blank or q.unit or q.number is None:
        return q
    return parse_value(f"{q.text}{str(ind.unit.value).strip()}")


def _align(target: Quantity, actual: Quantity) -> tuple[float | None, float | None, str, str]:
    """Target and actual numbers in one unit, plus a problem code and a note on conversion."""
    t, a = target.number, actual.number
    if t is None or a is None:
        return t, a, "", ""
    tu, au = target.unit, actual.unit
    if _same_unit(tu, au) or not tu or not au:
        if tu == "%" and not au and a <= 1.5 < t:
            return t, a * 100, "", "完成值按百分数读取"
        if au == "%" and not tu and t <= 1.5 < a:
            return t * 100, a, "", "目标值按百分数读取"
        return t, a, "", ""
    if same_dimension(tu, au):
        return t, actual.in_unit(tu), "", f"完成值由{au}换算为{tu}"
    return t, a, "unit-mismatch", ""


def _same_unit(a: str, b: str) -> bool:
    """Equal units, or a compound unit cut short in a narrow cell ('元/人/' for '元/人/月')."""
    short, long_ = sorted((a, b), key=len)
    return a == b or ("/" in short and long_.startswith(short))


def _measure(target: Quantity, actual: Quantity, op: str | None) -> tuple[Measure, str, str]:
    if actual.kind == "qualitative" or (target.kind == "qualitative" and actual.kind != "date"):
        level = actual.level
        if actual.number is not None and target.kind == "qualitative":
            level = None
        return Measure(None, None, None, None if level is None else level == "met", level), "", ""
    if target.kind == "date" and actual.kind == "date" and target.date and actual.date:
        met = actual.date[1:] <= target.date[1:] if None in (target.date[0], actual.date[0]) else actual.date <= target.date
        return Measure(None, None, None, met, "met" if met else "unmet"), "", ""
    t, a, problem, note = _align(target, actual)
    if t is None or a is None:
        return Measure(a, t, None, None, None), "", note
    if problem:
        return Measure(a, t, None, None, None), problem, note
    ratio = a / t if t not in (0, None) else None
    if op in ("<=", "<"):
        met = a <= t + 1e-9
    elif op == "=":
        met = abs(a - t) <= 1e-9 * max(1.0, abs(t)) or (t > 0 and a >= t)
    else:
        met = a >= t - 1e-9
    return Measure(a, t, ratio, met, "met" if met else None), "", note


_REFERENCE = ("见附件", "详见", "见附表", "另附", "附后")


def _problem(target: Quantity, actual: Quantity) -> str:
    if any(word in target.text for word in _REFERENCE):
        return "unparseable-target"  # '详见附件': the value is elsewhere, nothing to compare
    if target.kind in ("empty",):
        return "empty-target"
    if actual.kind in ("empty",):
        return "empty-actual"
    if target.kind in ("unknown", "error") or (target.kind == "qualitative" and target.level is None
                                                and actual.kind not in ("qualitative",) and actual.number is None):
        return "unparseable-target"
    if actual.kind in ("unknown", "error"):
        return "unparseable-actual"
    if target.kind == "qualitative" and target.level is None and actual.kind == "qualitative" and actual.level is None:
        return "unparseable-actual"
    if actual.kind == "qualitative" and actual.level is None and target.is_quantitative:
        return "unparseable-actual"
    return ""


def _operator_key(target: Quantity, op: str | None) -> str:
    if target.kind == "date":
        return "date"
    if target.kind == "qualitative":
        return "qualitative"
    return op or "none"


def recalc_indicator(ind: Indicator, profile: Profile, execution: Measure | None = None) -> IndicatorCalc:
    """Expected rate and score of one indicator under the profile.

    ``execution`` is the funds block's 执行数/预算数: a row that names 预算执行率 (the
    profile's ``execution.row_names``) is scored by the execution method on it, as the
    funds block itself would be, instead of on the row's own target and actual.
    """
    target = _with_unit_column(_shown(ind.target), ind)
    actual = _with_unit_column(_shown(ind.actual), ind)
    op = _operator(ind, target)
    rule_text = "" if ind.rule is None or ind.rule.blank else str(ind.rule.value)
    method = profile.method_for(rule_text, _operator_key(target, op))
    measure, problem, note = _measure(target, actual, op)
    problem = problem or _problem(target, actual)
    if execution is not None and not rule_text and profile.is_execution_row(str(ind.name.value or "")):
        method, measure, problem, note = profile.execution, execution, "", ""
    weight = number(ind.weight)
    coefficient = _coefficient(ind)
    if coefficient is not None:  # the form's own rule: 得分 = 权重 × 得分系数 (reader: Indicator.coefficient)
        method = Coefficient("coefficient", "得分 = 分值 × 得分系数", coefficient)
    if weight is None:
        outcome = Outcome(reason="未填写分值/权重")
    elif coefficient is not None:
        outcome = method.outcome(weight, measure)
    elif problem:
        outcome = Outcome(reason="目标值或完成值无法比较")
    else:
        outcome = method.outcome(weight, measure)
    declared, over = number(ind.score), _over_completion(profile, measure, op)
    verdict, counted = _judged(declared, weight, outcome, over, _displayed_rate_score(method, weight, ind.rate, measure),
                               profile.tolerance)
    return IndicatorCalc(
        indicator=ind, method=method, target=target, actual=actual, operator=op, measure=measure,
        outcome=outcome, weight=weight, declared_score=declared,
        expected_rates=_expected_rates(measure, op, profile), problem=problem, unit_note=note,
        over_completion=over, verdict=verdict, counted=counted)


def _over_completion(profile: Profile, m: Measure, op: str | None) -> bool:
    factor = profile.over_completion_review
    return bool(factor) and m.ratio is not None and op not in ("<=", "<") and m.ratio >= factor


def _judged(s: float | None, w: float | None, o: Outcome, over_completion: bool, alt: float | None,
            tol: float) -> tuple[str, float | None]:
    """Whether the declared score stands, and the value a recalculated total counts for the row.

    A declared score that the rule accepts — within tolerance, from the rate the form
    displays, or reduced for large over-completion (allowed, with a reason) — is counted as
    declared; so is one no rule can check. Only a certain error (a score outside [0, 分值]
    or one the rule contradicts) is replaced by the rule's value. A blank score counts what
    the rule gives. ``s`` is the declared score, ``w`` the weight, ``o`` the rule's outcome and
    ``alt`` the score the rule gives for the rate the form displays.
    """
    if s is None:
        return "", o.representative(None)
    if s < -tol:
        return "wrong", o.representative(s) if o.checkable else 0.0
    if w is not None and s > w + tol:
        return "wrong", o.representative(s) if o.checkable else w
    if not o.checkable:
        return "", s
    if o.accepts(s, tol) or (alt is not None and abs(alt - s) <= tol + 1e-9):
        return "accepted", s
    if over_completion and w is not None and 0 <= s <= w + tol:
        return "reduced", s
    return "wrong", o.representative(s)


@dataclass(frozen=True)
class Coefficient(Method):
    """Chongqing's 得分系数(%) column: the form states the share of the weight each row earns."""

    coefficient: float = 1.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        return Outcome(score=round2(w * self.coefficient))


def _coefficient(ind: Indicator) -> float | None:
    """The row's 得分系数 as a fraction (100 or '100%' → 1.0), None when the form has none."""
    v = number(ind.coefficient)
    if v is None or v < 0:
        return None
    return v / 100 if v > 1.5 or "%" in str(ind.coefficient.value) else v


def _expected_rates(m: Measure, op: str | None, profile: Profile) -> tuple[float, ...]:
    if m.ratio is None:
        return (1.0,) if m.met else ()
    if op in ("<=", "<"):
        rates = []
        for form in profile.rate_for_reverse:
            if form == "ratio":
                rates.append(m.ratio)
            elif form == "inverse" and m.actual:
                rates.append(m.target / m.actual)
        return tuple(rates)
    return (m.ratio,)


def _displayed_rate_score(method: Method, weight: float | None, rate: Cell | None, measure: Measure) -> float | None:
    """The score a banded-ratio row gets from the rate the form displays (Xinjiang computes from the rounded %)."""
    if not isinstance(method, BandedRatio) or weight is None:
        return None
    for r in rate_candidates(rate):
        if measure.ratio is not None and abs(r - measure.ratio) <= 0.005:
            return method.score_for_rate(weight, r)
    return None


def _ratio_measure(actual: float, target: float) -> Measure:
    actual = max(actual, 0.0)
    return Measure(actual, target, actual / target, actual >= target, None)


FUNDS_COLUMNS = ("initial", "budget", "executed")
SOURCES_TOLERANCE = 0.1  # 万元: amounts are shown to 2 decimals, sources are often rounded separately


def source_sums(form: Form) -> dict[str, float]:
    """Σ sources of each funds column whose total row states another amount (XT204's evidence).

    Only columns where the total and at least one source are numbers, and no source shows
    an error value, are compared.
    """
    total = form.funds_total
    sources = [r for r in form.funds if not r.is_total]
    out: dict[str, float] = {}
    if total is None or not sources:
        return out
    for attr in FUNDS_COLUMNS:
        declared = number(getattr(total, attr))
        cells = [getattr(r, attr) for r in sources]
        parts = [number(c) for c in cells]
        if declared is None or all(p is None for p in parts) or any(shows_error(c) for c in cells):
            continue
        expected = round2(sum(p or 0.0 for p in parts))
        if abs(declared - expected) > SOURCES_TOLERANCE:
            out[attr] = expected
    return out


def execution_measure(form: Form) -> Measure | None:
    """执行数 against 预算数 of the funds block: the total row's, or Σ sources where the total row is left empty.

    A total row showing 0 (or nothing) over sources that hold the amounts is certainly the
    wrong one (a SUM never calculated, a total never typed); where both hold amounts that
    disagree, which one is wrong cannot be known, so the total row's are used as stated.
    """
    row = form.funds_total
    if row is None:
        return None
    budget, executed = number(row.budget), number(row.executed)
    if not budget:
        sums = source_sums(form)
        if sums.get("budget"):
            budget, executed = sums["budget"], sums.get("executed", executed)
    if budget is None or executed is None or budget == 0:
        return None
    return _ratio_measure(executed, budget)


def recalc_funds(form: Form, profile: Profile) -> FundsCalc | None:
    """Execution rate and score of the funds block's total row.

    Where the total row's budget is left at 0 or empty over sources that hold the amounts
    (a certain error, XT204), the rate and score the sources give are kept beside the stated
    ones: the rate and score cells computed from the empty total are then wrong too, as
    consequences.
    """
    row = form.funds_total
    if row is None:
        return None
    weight = number(row.weight)
    if weight is None:
        # forms that score 预算执行率 as a row of the indicator grid must not count it twice
        in_grid = any(profile.is_execution_row(str(i.name.value or "")) for i in form.indicators)
        weight = 0.0 if in_grid else profile.execution_weight
    declared = number(row.score)
    sums = source_sums(form)
    method = profile.execution
    source_rate = source_score = None
    budget, executed = number(row.budget), number(row.executed)
    corrected = execution_measure(form) if sums and not budget else None
    if corrected is not None:
        source_rate, source_score = corrected.ratio, method.outcome(weight, corrected).score
    if budget is None or executed is None or budget == 0:
        return FundsCalc(row, weight, None, None, (), sums, source_rate, source_score, declared,
                         _funds_counted(declared, source_score, None, (), profile.tolerance))
    rate = executed / budget
    score = method.outcome(weight, _ratio_measure(executed, budget)).score
    accepted = {score}
    for r in rate_candidates(row.rate):
        if abs(r - rate) <= 0.0001 + display_tolerance(row.rate.value, row.rate.percent):
            accepted.add(method.outcome(weight, _ratio_measure(r, 1.0)).score)
    accepted_scores = tuple(sorted(accepted))
    return FundsCalc(row, weight, rate, score, accepted_scores, sums, source_rate, source_score, declared,
                     _funds_counted(declared, source_score, score, accepted_scores, profile.tolerance))


def _funds_counted(declared: float | None, source_score: float | None, score: float | None,
                   accepted: tuple[float, ...], tol: float) -> float | None:
    """The execution score a recalculated total counts: the sources' score where the total row is
    wrong, else the declared score when the rule accepts it, else the rule's score."""
    if source_score is not None:
        return source_score
    if declared is not None and (score is None or any(abs(declared - s) <= tol + 1e-9 for s in accepted)):
        return declared
    return score if score is not None else declared


def _unique(items, cell_of):
    """``items`` without those whose cell an earlier item already has (a merged cell counts once)."""
    seen = set()
    for item in items:
        cell = cell_of(item)
        if cell is not None:
            if (cell.row, cell.col) in seen:
                continue
            seen.add((cell.row, cell.col))
        yield item


def once(inds, role: str):
    """The calcs whose ``role`` cell no earlier row shares: a cell merged over several rows counts once."""
    return _unique(inds, lambda c: getattr(c.indicator, role))


def _grouped(inds: list[IndicatorCalc], form: Form, tol: float) -> list[IndicatorCalc]:
    """Rows whose score cell is merged over their group: the group is judged once, on its first row.

    The merged score is compared with Σ the group's weights and, where every row's rule gives a
    score, with Σ those scores (within the rounding of n cells); the other rows of the group
    carry no score of their own ('grouped', counted 0, since the cell counts once).
    """
    out = list(inds)
    for members in form.score_groups.values():
        idx = [i for i, c in enumerate(out) if any(c.indicator is m for m in members)]
        calcs = [out[i] for i in idx]
        weights = [c.weight for c in _unique(calcs, lambda c: c.indicator.weight)]
        w = round2(sum(weights)) if weights and all(x is not None for x in weights) else None
        scores = [c.outcome.score for c in calcs]
        expected = round2(sum(scores)) if all(x is not None for x in scores) else None
        s = calcs[0].declared_score
        if s is None:
            verdict, counted = "", expected
        elif s < -tol or (w is not None and s > w + tol):
            verdict, counted = "wrong", expected if expected is not None else (0.0 if s < 0 else w)
        elif expected is None:
            verdict, counted = "", s
        elif abs(s - expected) <= max(tol, 0.005 * len(calcs)) + 1e-9:
            verdict, counted = "accepted", s
        else:
            verdict, counted = "wrong", expected
        group = dict(group_size=len(calcs), group_weight=w, group_expected=expected)
        out[idx[0]] = replace(calcs[0], verdict=verdict, counted=counted, **group)
        for i in idx[1:]:
            out[i] = replace(out[i], verdict="grouped", counted=0.0, **group)
    return out


def recalc_form(form: Form, profile: Profile) -> FormCalc:
    """Recalculate a whole form: execution, every indicator, the total and the grade.

    A sum over a cell showing an error value is unknown (None), not a sum that counts
    it as 0: the error is reported on its own cell, and a 总分 compared against a
    partial sum would add a second, misleading finding for the same cause.
    """
    funds = recalc_funds(form, profile)
    execution = execution_measure(form)
    inds = tuple(_grouped([recalc_indicator(i, profile, execution) for i in form.indicators], form,
                          profile.tolerance))
    # a weight or score cell merged over several rows (one 二级 value for its 三级 rows) is one
    # stated value: sums count each cell once (reader: shared Cell anchors, Form.score_groups)
    weights = [c.weight for c in once(inds, "weight") if c.weight is not None]
    funds_weight = funds.weight if funds else 0.0
    weight_unknown = any(shows_error(i.weight) for i in form.indicators)
    weight_total = round2(sum(weights) + funds_weight) if weights and not weight_unknown else None
    declared_scores = [c.declared_score for c in once(inds, "score") if c.declared_score is not None]
    funds_declared = number(funds.row.score) if funds else None
    funds_score_error = funds is not None and shows_error(funds.row.score)
    score_unknown = funds_score_error or any(shows_error(i.score) for i in form.indicators)
    declared_sum = round2(sum(declared_scores) + (funds_declared or 0.0)) if declared_scores and not score_unknown \
        else None
    total = sum(c.counted or 0.0 for c in once(inds, "score")) + ((funds.counted or 0.0) if funds else 0.0)
    grade_cell = form.grade
    return FormCalc(
        form=form, profile=profile, funds=funds, indicators=inds, weight_total=weight_total,
        declared_sum=declared_sum,
        recalculated_total=round2(total) if inds and not (weight_unknown or (
            funds_score_error and funds.score is None)) else None,
        declared_total=number(form.total),
        declared_grade=None if grade_cell is None else read_grade(grade_cell.value))
