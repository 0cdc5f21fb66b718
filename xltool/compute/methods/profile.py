"""The kinds a scoring profile names for self-assessment rows (profiles/*.toml, DOMAIN §4).

Each kind is one small class with its parameters from the profile file. ``outcome``
gives the score of a row's ``Measure``: an exact score, an accepted interval
(qualitative tiers), or the reason why the score cannot be machine-checked.
``excel`` renders the same rule as an Excel formula, written next to ``outcome``
so the two cannot drift: the templates in ``xltool.templates`` put exactly these
formulas in their 得分 cells, and the tests evaluate them in the ``formulas``
package and in LibreOffice against ``outcome``. The proportional kind is shared
with the 评分标准 idioms (defined in the package's base).
"""

from __future__ import annotations

from dataclasses import dataclass

from xltool.compute.methods import (NEEDS_RATIO, Measure, Method, Outcome, Proportional, XlMeasure, round2, xl_met_else_open,
                                    xl_num, xl_open, xl_round2)


@dataclass(frozen=True)
class ReverseLinear(Method):
    """反向：不超过目标得满分；超出时得 (1−(实际−目标)/目标)×分值，达到目标两倍不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.actual is None or m.target is None or m.target <= 0:
            return Outcome(score=w) if m.met else Outcome(reason=NEEDS_RATIO)
        a, t = max(m.actual, 0.0), m.target
        if a <= t:
            return Outcome(score=round2(w))
        if a >= 2 * t:
            return Outcome(score=0.0)
        return Outcome(score=round2((1 - (a - t) / t) * w))

    def excel(self, w: str, m: XlMeasure) -> str:
        a, t = f"MAX({m.actual},0)", m.target
        unknown = xl_met_else_open(w, m)
        return (f'IF(OR({m.actual}="",{t}=""),{unknown},IF({t}<=0,{unknown},'
                f"IF({a}<={t},{xl_round2(w)},IF({a}>=2*{t},0,{xl_round2(f'(1-({a}-{t})/{t})*{w}')}))))")


@dataclass(frozen=True)
class Equal(Method):
    """等于：目标为正时同正向；目标为 0 时实际不大于 0 得满分，否则不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.target == 0 and m.actual is not None:
            return Outcome(score=round2(w) if m.actual <= 0 else 0.0)
        return Proportional(title=self.title, name=self.name).outcome(w, m)

    def excel(self, w: str, m: XlMeasure) -> str:
        zero_target = f'IF({m.target}="",FALSE,IF({m.actual}="",FALSE,{m.target}=0))'
        return (f"IF({zero_target},IF({m.actual}<=0,{xl_round2(w)},0),"
                f"{Proportional(title=self.title, name=self.name).excel(w, m)})")


@dataclass(frozen=True)
class BandedRatio(Method):
    """按照完成比例赋分：完成率 r=业绩值/目标值；r<60% 不得分，60%–100% 得 (r−60%)/40%×权重，超过 100% 得 (1−(r−100%))×权重。"""

    floor: float = 0.6
    over_penalty: float = 1.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        r = m.ratio if m.ratio is not None else (1.0 if m.met else None)
        if r is None:
            return Outcome(reason=NEEDS_RATIO)
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
        return (f'IF({m.ratio}="",IF({m.met}=TRUE,{met_rate},{xl_open(w, m)}),'
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
        return f"IF({m.met}=TRUE,{xl_round2(w)},{xl_open(w, m)})"


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
        formula = xl_open(w, m)
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
