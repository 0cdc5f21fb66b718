"""Scoring methods: the rule objects that turn a measured completion into a score.

Each method is one small class with its parameters (from a profile file), so the
same object is used wherever a rule is needed. A method receives a ``Measure``
(actual, target, ratio, whether the target is met, the qualitative level) and
returns an ``Outcome``: an exact score, an accepted interval (qualitative tiers),
or the reason why the score cannot be machine-checked.

Each method also renders itself as an Excel formula (``excel``), written next to
its ``outcome`` so the two cannot drift: the templates in ``xltool.templates``
put exactly these formulas in their 得分 cells, and the tests evaluate them in
the ``formulas`` package and in LibreOffice against ``outcome``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def round2(x: float) -> float:
    """Round half-up to 2 decimals, as the forms display (not banker's rounding).

    The value is first snapped to 9 decimals, so binary noise does not move a
    true half-cent down: 3 × 247/520 is 1.4249999999999998 in floating point but
    exactly 1.425, which Excel and LibreOffice show as 1.43. ``xl_round2`` is the
    same rounding as an Excel formula.
    """
    x = float(x)
    if not math.isfinite(x) or abs(x) >= 1e15:
        return x  # a float this large has no cents to round (and a crafted 1E+308 overflows Decimal's 28 digits)
    return float(Decimal(repr(round(x, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def xl_round2(expr: str, *, signed: bool = False) -> str:
    """``round2`` as an Excel expression (``signed`` for values that may be negative).

    Excel and LibreOffice round half away from zero at 15 significant digits, the
    ``formulas`` package rounds the binary value (ROUND(0.285,2) gives 0.28 there);
    snapping to 9 decimals and nudging away from zero by 1E-12 makes all three agree
    with ``round2``. Scores and totals are never negative, so they skip the SIGN.
    """
    nudge = f"SIGN({expr})*1E-12" if signed else "1E-12"
    return f"ROUND(ROUND({expr},9)+{nudge},2)"


def xl_num(x: float) -> str:
    """A parameter as an Excel literal that parses to the same double ('0.6', '1E-12')."""
    return repr(float(x)).upper()


@dataclass(frozen=True)
class Measure:
    """What was achieved against the target, in one unit."""

    actual: float | None
    target: float | None
    ratio: float | None  # actual / target
    met: bool | None
    level: str | None  # qualitative level: met / partial / unmet


@dataclass(frozen=True)
class Outcome:
    """Expected score: exact (``score``), an interval [low, high], or not checkable (``reason``)."""

    score: float | None = None
    low: float | None = None
    high: float | None = None
    reason: str = ""

    @property
    def checkable(self) -> bool:
        """True when the rule gives a score or an interval."""
        return self.score is not None or self.low is not None

    def accepts(self, found: float, tol: float) -> bool:
        """Whether a declared score agrees with this outcome within the tolerance."""
        if self.score is not None:
            return abs(found - self.score) <= tol + 1e-9
        if self.low is not None and self.high is not None:
            return self.low - tol - 1e-9 <= found <= self.high + tol + 1e-9
        return True

    def representative(self, declared: float | None) -> float | None:
        """The value to count in a recalculated total: the score, or the declared one clamped into the interval."""
        if self.score is not None:
            return self.score
        if self.low is not None and self.high is not None:
            if declared is None:
                return self.high
            return min(max(declared, self.low), self.high)
        return None


@dataclass(frozen=True)
class XlMeasure:
    """A ``Measure`` as Excel expressions (usually cell references), for ``Method.excel``.

    Excel has no None: an unknown actual, target, ratio, met or level is the empty
    text "" there, and each formula tests for "" exactly where ``outcome`` tests for
    None. ``met`` holds TRUE/FALSE/"", ``level`` "met"/"partial"/"unmet"/"".
    ``judged`` is the cell where a person enters the score a rule leaves to
    judgement (the exact score inside a qualitative tier, or the score of a missed
    target under a rule that fixes only full marks).
    """

    actual: str
    target: str
    ratio: str
    met: str
    level: str
    judged: str = '""'


_NEEDS_RATIO = "目标值或完成值不是可比较的数值，无法按比例计算"


@dataclass(frozen=True)
class Method:
    """Base of all scoring methods; ``title`` is the Chinese rule statement used in messages."""

    name: str
    title: str

    def outcome(self, w: float, m: Measure) -> Outcome:  # pragma: no cover - interface
        """Expected score for weight ``w``."""
        raise NotImplementedError

    def excel(self, w: str, m: XlMeasure) -> str:  # pragma: no cover - interface
        """Excel expression (no leading '=') of the score the engine counts for this row.

        That is ``outcome(w, m).representative(judged)``; where the outcome is only a
        reason, it is the judged score clamped into [0, w] as ``recalc_form`` counts a
        declared score, or "" when none was entered.
        """
        raise NotImplementedError


def _xl_open(w: str, m: XlMeasure) -> str:
    """The score of a row the rule does not fix: the judged score within [0, w], else ""."""
    return f'IF({m.judged}="","",MIN(MAX({m.judged},0),{w}))'


def _xl_met_else_open(w: str, m: XlMeasure) -> str:
    """``Outcome(score=w) if m.met else Outcome(reason=...)``."""
    return f"IF({m.met}=TRUE,{w},{_xl_open(w, m)})"


@dataclass(frozen=True)
class Proportional(Method):
    """正向：完成目标得满分，未完成按 实际/目标 比例得分；低于 floor 不得分。"""

    floor: float = 0.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.ratio is None:
            return Outcome(score=w) if m.met else Outcome(reason=_NEEDS_RATIO)
        if m.ratio >= 1 - 1e-12:
            return Outcome(score=round2(w))
        if m.ratio < self.floor:
            return Outcome(score=0.0)
        return Outcome(score=round2(w * max(m.ratio, 0.0)))

    def excel(self, w: str, m: XlMeasure) -> str:
        r = m.ratio
        return (f'IF({r}="",{_xl_met_else_open(w, m)},IF({r}>=1-1E-12,{xl_round2(w)},'
                f"IF({r}<{xl_num(self.floor)},0,{xl_round2(f'{w}*MAX({r},0)')})))")


@dataclass(frozen=True)
class ReverseLinear(Method):
    """反向：不超过目标得满分；超出时得 (1−(实际−目标)/目标)×分值，达到目标两倍不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.actual is None or m.target is None or m.target <= 0:
            return Outcome(score=w) if m.met else Outcome(reason=_NEEDS_RATIO)
        a, t = max(m.actual, 0.0), m.target
        if a <= t:
            return Outcome(score=round2(w))
        if a >= 2 * t:
            return Outcome(score=0.0)
        return Outcome(score=round2((1 - (a - t) / t) * w))

    def excel(self, w: str, m: XlMeasure) -> str:
        a, t = f"MAX({m.actual},0)", m.target
        unknown = _xl_met_else_open(w, m)
        return (f'IF(OR({m.actual}="",{t}=""),{unknown},IF({t}<=0,{unknown},'
                f"IF({a}<={t},{xl_round2(w)},IF({a}>=2*{t},0,{xl_round2(f'(1-({a}-{t})/{t})*{w}')}))))")


@dataclass(frozen=True)
class Equal(Method):
    """等于：目标为正时同正向；目标为 0 时实际不大于 0 得满分，否则不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.target == 0 and m.actual is not None:
            return Outcome(score=round2(w) if m.actual <= 0 else 0.0)
        return Proportional(self.name, self.title).outcome(w, m)

    def excel(self, w: str, m: XlMeasure) -> str:
        zero_target = f'IF({m.target}="",FALSE,IF({m.actual}="",FALSE,{m.target}=0))'
        return (f"IF({zero_target},IF({m.actual}<=0,{xl_round2(w)},0),"
                f"{Proportional(self.name, self.title).excel(w, m)})")


@dataclass(frozen=True)
class BandedRatio(Method):
    """按照完成比例赋分：完成率 r=业绩值/目标值；r<60% 不得分，60%–100% 得 (r−60%)/40%×权重，超过 100% 得 (1−(r−100%))×权重。"""

    floor: float = 0.6
    over_penalty: float = 1.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        r = m.ratio if m.ratio is not None else (1.0 if m.met else None)
        if r is None:
            return Outcome(reason=_NEEDS_RATIO)
        return Outcome(score=self.score_for_rate(w, r))

    def score_for_rate(self, w: float, r: float) -> float:
        """Score for a completion rate (a fraction); also used with a form's displayed rate."""
        if r < self.floor:
            return 0.0
        if r <= 1 + 1e-12:
            return round2(w * (r - self.floor) / (1 - self.floor))
        return round2(w * max(0.0, 1 - self.over_penalty * (r - 1)))

    def excel(self, w: str, m: XlMeasure) -> str:
        met_rate = self.xl_score_for_rate(w, "1")
        return (f'IF({m.ratio}="",IF({m.met}=TRUE,{met_rate},{_xl_open(w, m)}),'
                f"{self.xl_score_for_rate(w, m.ratio)})")

    def xl_score_for_rate(self, w: str, r: str) -> str:
        """``score_for_rate`` as an Excel expression of the rate ``r`` (a fraction)."""
        lo, pen = xl_num(self.floor), xl_num(self.over_penalty)
        return (f"IF({r}<{lo},0,IF({r}<=1+1E-12,{xl_round2(f'{w}*({r}-{lo})/(1-{lo})')},"
                f"{xl_round2(f'{w}*MAX(0,1-{pen}*({r}-1))')}))")


@dataclass(frozen=True)
class FullIfMet(Method):
    """达到目标得满分（满意度赋分、按评判等级赋分、直接赋分、时效）；未达到时的赋分办法未作规定。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.met:
            return Outcome(score=round2(w))
        if m.met is None:
            return Outcome(reason="无法判断是否达到目标")
        return Outcome(reason="未达到目标，该赋分规则未规定扣分办法，需人工复核")

    def excel(self, w: str, m: XlMeasure) -> str:
        return f"IF({m.met}=TRUE,{xl_round2(w)},{_xl_open(w, m)})"


@dataclass(frozen=True)
class QualitativeTiers(Method):
    """定性三档：达成年度指标得 80%–100% 分值，部分达成 60%–80%，未达成 0–60%。"""

    met: tuple[float, float] = (0.8, 1.0)
    partial: tuple[float, float] = (0.6, 0.8)
    unmet: tuple[float, float] = (0.0, 0.6)

    def outcome(self, w: float, m: Measure) -> Outcome:
        level = m.level or ("met" if m.met else "unmet" if m.met is False else None)
        if level is None:
            return Outcome(reason="定性完成情况未写明达成、部分达成或未达成")
        lo, hi = getattr(self, level)
        # the upper bound of a lower tier is exclusive; within 0.01 it is accepted as rounding
        return Outcome(low=round2(lo * w), high=round2(hi * w))

    def excel(self, w: str, m: XlMeasure) -> str:
        level = f'IF({m.level}<>"",{m.level},IF({m.met}=TRUE,"met",IF({m.met}=FALSE,"unmet","")))'
        formula = _xl_open(w, m)
        for name in ("unmet", "partial", "met"):
            lo, hi = getattr(self, name)
            low, high = xl_round2(f"{xl_num(lo)}*{w}"), xl_round2(f"{xl_num(hi)}*{w}")
            inside = f'IF({m.judged}="",{high},MIN(MAX({m.judged},{low}),{high}))'
            formula = f'IF({level}="{name}",{inside},{formula})'
        return formula


_KINDS = {
    "proportional": Proportional,
    "reverse_linear": ReverseLinear,
    "equal": Equal,
    "banded_ratio": BandedRatio,
    "full_if_met": FullIfMet,
    "qualitative_tiers": QualitativeTiers,
}


def make_method(name: str, spec: dict) -> Method:
    """Build a method from its profile table, e.g. ``{kind = "banded_ratio", floor = 0.6}``."""
    spec = dict(spec)
    kind = spec.pop("kind")
    if kind not in _KINDS:
        raise ValueError(f"未知的评分方法类型 {kind}；可选：{', '.join(_KINDS)}")
    cls = _KINDS[kind]
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()}
    return cls(name=name, title=(cls.__doc__ or "").split("\n")[0], **params)
