"""Scoring methods: the rule objects that turn a measured completion into a score.

Each method is one small class with its parameters (from a profile file), so the
same object is used wherever a rule is needed. A method receives a ``Measure``
(actual, target, ratio, whether the target is met, the qualitative level) and
returns an ``Outcome``: an exact score, an accepted interval (qualitative tiers),
or the reason why the score cannot be machine-checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def round2(x: float) -> float:
    """Round half-up to 2 decimals, as the forms display (not banker's rounding)."""
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


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


_NEEDS_RATIO = "目标值或完成值不是可比较的数值，无法按比例计算"


@dataclass(frozen=True)
class Method:
    """Base of all scoring methods; ``title`` is the Chinese rule statement used in messages."""

    name: str
    title: str

    def outcome(self, w: float, m: Measure) -> Outcome:  # pragma: no cover - interface
        """Expected score for weight ``w``."""
        raise NotImplementedError


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


@dataclass(frozen=True)
class Equal(Method):
    """等于：目标为正时同正向；目标为 0 时实际不大于 0 得满分，否则不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.target == 0 and m.actual is not None:
            return Outcome(score=round2(w) if m.actual <= 0 else 0.0)
        return Proportional(self.name, self.title).outcome(w, m)


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


@dataclass(frozen=True)
class FullIfMet(Method):
    """达到目标得满分（满意度赋分、按评判等级赋分、直接赋分、时效）；未达到时的赋分办法未作规定。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.met:
            return Outcome(score=round2(w))
        if m.met is None:
            return Outcome(reason="无法判断是否达到目标")
        return Outcome(reason="未达到目标，该赋分规则未规定扣分办法，需人工复核")


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
