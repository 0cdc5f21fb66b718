"""The idioms evaluators write in 评分标准/评分规则 cells (DOMAIN §7), as scoring methods.

:func:`xltool.compute.rule_text.parse_rule` turns a rule text into one of these or
into the shared :class:`~xltool.compute.methods.Proportional` (with an
optional floor): full marks with per-percent deductions (below / above / off
target, in % of the weight or in points), score bands, element fractions (equal,
explicit fractions or explicit points), per-issue deductions, binary, and
qualitative tiers. A text that matches no idiom becomes :class:`Unreadable` — the
caller reports it as 不可机器复核, it never guesses.

``expect(weight, measured)`` gives a row's ``Expectation`` for what the row says
was achieved (:class:`Measured`). Where the rule scores one reading (a value,
whether it was met, an issue count, a tier word) it does so in ``outcome``, and
``excel`` states the same as a formula; ``expect`` takes the readings from the
row (its numbers, or its 评分过程 text) and, where none can be taken, the scores
the rule allows at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from xltool.display import num
from xltool.compute.methods import Expectation, Measure, Method, Outcome, XlMeasure, round2, xl_num, xl_open, xl_round2
from xltool.compute.textfacts import Facts


@dataclass(frozen=True)
class Measured:
    """What a scoring-sheet row says was achieved: a value in % points and/or completion ratios (fractions)."""

    pct: tuple[float, ...] = ()  # readings of the measured value in % points (exact first, then displayed)
    ratios: tuple[float, ...] = ()  # completion ratios A/T as fractions, one per reading in pct
    target_pct: float | None = None
    target_op: str | None = None
    undefined: bool = False  # the stated ratio has a zero denominator
    source: str = ""  # where the value was read, for messages
    facts: Facts = field(default_factory=Facts)
    process: str = ""  # the 评分过程 text (tier and verdict words)

    def readings(self) -> tuple[Measure, ...]:
        """One ``Measure`` per reading of the value (``met`` is left to the rules that read it from text too)."""
        return tuple(Measure(actual=a, target=self.target_pct, ratio=r, met=None, level=None, op=self.target_op)
                     for a, r in zip(self.pct, self.ratios))

    def missing(self) -> str:
        """Why no reading could be taken."""
        if self.undefined:
            return "实际值的比率分母为0，不可计算"
        return "未能从实际值列或评分过程读出实际值"


@dataclass(frozen=True)
class PerPoint(Method):
    """达到目标值得满分；每低于/超出/偏离目标 1 个百分点扣权重的 k（或扣 x 分），扣完为止。"""

    direction: str = "below"  # below | above | deviation
    share: float | None = None  # of the weight, per point
    points: float | None = None  # absolute points per point
    target: float | None = None  # from the rule text

    def outcome(self, w: float, m: Measure) -> Outcome:
        t = m.target if m.target is not None else self.target
        if t is None:
            return Outcome(reason="未能读出目标值（%）")
        if m.actual is None:
            return Outcome(reason="未能读出实际值")
        lost = self._gap(m.actual, t, m.op) * (self.share * w if self.share is not None else self.points)
        return Outcome(score=round2(max(0.0, w - lost)))

    def excel(self, w: str, m: XlMeasure) -> str:
        a = m.actual
        t = m.target if self.target is None else f'IF({m.target}="",{xl_num(self.target)},{m.target})'
        if self.direction == "below":
            gap = f"MAX(0,{t}-{a})"
        elif self.direction == "above":
            gap = f"MAX(0,{a}-{t})"
        else:
            gap = f'IF(OR({m.op}="<=",{m.op}="<"),MAX(0,ABS({a})-{t}),ABS({a}-{t}))'
        per = f"({xl_num(self.share)}*{w})" if self.share is not None else xl_num(self.points)
        unknown = f'OR({a}="",{m.target}="")' if self.target is None else f'{a}=""'
        return f"IF({unknown},{xl_open(w, m)},{xl_round2(f'MAX(0,{w}-{gap}*{per})')})"

    def expect(self, w, m):
        if m.target_pct is None and self.target is None:
            return Expectation(reason="未能读出目标值（%）")
        if not m.pct:
            return Expectation(reason=m.missing())
        scores = (self.outcome(w, reading).score for reading in m.readings())
        target = m.target_pct if m.target_pct is not None else self.target
        return Expectation(scores=tuple(dict.fromkeys(scores)), basis=f"实际值{num(m.pct[-1])}%，目标值{num(target)}%")

    def _gap(self, a: float, t: float, op: str | None) -> float:
        if self.direction == "below":
            return max(0.0, t - a)
        if self.direction == "above":
            return max(0.0, a - t)
        if op in ("<=", "<"):
            return max(0.0, abs(a) - t)
        return abs(a - t)


@dataclass(frozen=True)
class Bands(Method):
    """按区间得分：实际值落在哪一档，得该档分值。"""

    bands: tuple[tuple[float, float, float, bool], ...] = ()  # (low, high, value, value_is_share)

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.actual is None:
            return Outcome(reason="未能读出实际值")
        band = self._band(m.actual)
        if band is None:
            return Outcome(reason=f"实际值{num(m.actual)}%不在规则所列任何区间")
        _, _, value, share = band
        return Outcome(score=round2(value * w if share else value))

    def excel(self, w: str, m: XlMeasure) -> str:
        a = m.actual
        formula = xl_open(w, m)
        for low, high, value, share in reversed(self.bands):
            # the same doubles as _band: low − 1e-9 ≤ a < high − 1e-9, or exactly 100 closing a band up to 100
            tests = ([f"{a}>={xl_num(low - 1e-9)}"] if low != float("-inf") else []) + \
                    ([f"{a}<{xl_num(high - 1e-9)}"] if high != float("inf") else [])
            inside = f"AND({','.join(tests)})" if tests else "TRUE"
            if high == 100 and low < 100:
                inside = f"OR({inside},{a}=100)"
            score = xl_round2(f"{xl_num(value)}*{w}") if share else xl_num(round2(value))
            formula = f"IF({inside},{score},{formula})"
        return f'IF({a}="",{xl_open(w, m)},{formula})'

    def expect(self, w, m):
        if not m.pct:
            return Expectation(reason=m.missing())
        a = m.pct[-1]
        o = self.outcome(w, m.readings()[-1])
        if o.score is None:
            return Expectation(reason=o.reason)
        low, high, _, _ = self._band(a)
        return Expectation(scores=(o.score,), basis=f"实际值{num(a)}%，落在{band_text(low, high)}档")

    def _band(self, a: float) -> tuple[float, float, float, bool] | None:
        for band in self.bands:
            low, high = band[:2]
            if low - 1e-9 <= a < high - 1e-9 or (high == 100 and a == 100 and low < 100):
                return band
        return None


@dataclass(frozen=True)
class Elements(Method):
    """要素法：各要素占权重的一定份额（或给定分值），不符合的要素扣除对应分值。

    The score is the sum over the elements the 评分过程 finds met, so it needs a verdict
    per element, not one reading: this idiom has ``expect`` only.
    """

    shares: tuple[float, ...] = ()  # share of the weight per element
    points: tuple[float, ...] = ()  # explicit points per element (then shares is empty)
    deducts: bool = False  # the rule also has per-problem deductions

    def expect(self, w, m):
        values = [p for p in self.points] if self.points else [s * w for s in self.shares]
        v = m.facts.verdicts
        n = len(values)
        if v and set(v) == set(range(1, n + 1)) and m.facts.segments == n:
            got = round2(sum(val for i, val in enumerate(values, 1) if v[i]))
            met = sum(v.values())
            return Expectation(scores=(min(got, round2(w)),), basis=f"评分过程载明{n}项要素中{met}项符合")
        top = round2(min(w, sum(values)))
        if self.deducts:
            return Expectation(maximum=top, basis=f"各要素分值合计{top:g}分")
        sums = {round2(sum(c)) for k in range(n + 1) for c in combinations(values, k)} if n <= 10 else set()
        return Expectation(allowed=tuple(sorted(s for s in sums if s <= round2(w) + 0.005)), maximum=top,
                           basis=f"{n}项要素各占{share_text(self.shares, self.points)}")

    def design_problem(self, w):
        if self.points and abs(sum(self.points) - w) > 0.005:
            total = round2(sum(self.points))
            return f"各要素分值合计{total:g}分，与指标分值{w:g}分不符", total
        return "", None


@dataclass(frozen=True)
class PerIssue(Method):
    """差错扣分：每发现一处问题扣 x 分，扣完为止；处数取自评分过程。"""

    points: float = 1.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.count is None:
            return Outcome(reason="未能读出问题处数")
        return Outcome(score=round2(max(0.0, w - self.points * m.count)))

    def excel(self, w: str, m: XlMeasure) -> str:
        return f'IF({m.count}="",{xl_open(w, m)},{xl_round2(f"MAX(0,{w}-{xl_num(self.points)}*{m.count})")})'

    def expect(self, w, m):
        count = _issues(m.process)
        if count is not None:
            score = self.outcome(w, Measure(None, None, None, None, None, count=count)).score
            return Expectation(scores=(score,), basis=f"评分过程载明问题{count}处")
        steps = int(w / self.points + 1e-9)
        return Expectation(allowed=tuple(sorted({round2(max(0.0, w - self.points * i)) for i in range(steps + 1)})),
                           basis=f"每处扣{self.points:g}分")


@dataclass(frozen=True)
class Binary(Method):
    """达到要求得满分，否则不得分。"""

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.met is None:
            return Outcome(reason="无法判断是否达到要求")
        return Outcome(score=round2(w) if m.met else 0.0)

    def excel(self, w: str, m: XlMeasure) -> str:
        return f"IF({m.met}=TRUE,{xl_round2(w)},IF({m.met}=FALSE,0,{xl_open(w, m)}))"

    def expect(self, w, m):
        met = _met(m)
        if met is None:
            return Expectation(allowed=(0.0, round2(w)), basis="只能得满分或不得分")
        score = self.outcome(w, Measure(None, None, None, met, None)).score
        return Expectation(scores=(score,), basis="达到要求" if met else "未达到要求")


@dataclass(frozen=True)
class PerElement(Method):
    """每符合一项要点得 p 分：any multiple of p up to the weight is a score the rule can give.

    Which points a row meets is judged, not measured: this idiom has ``expect`` only.
    """

    points: float = 1.0

    def expect(self, w, m):
        steps = int(round2(w) // self.points + 1e-9)
        return Expectation(allowed=tuple(round2(k * self.points) for k in range(steps + 1)), maximum=round2(w),
                           basis=f"每符合一项得{num(self.points)}分")


@dataclass(frozen=True)
class Tiers(Method):
    """定性分档：按评分过程所述档次（有效/一般/不显著/无影响…）得该档分值。"""

    tiers: tuple[tuple[str, float, bool], ...] = ()  # (word, value, value_is_share)

    def outcome(self, w: float, m: Measure) -> Outcome:
        for word, v, share in self.tiers:
            if word == m.level:
                return Outcome(score=round2(v * w if share else v))
        return Outcome(reason="评分过程未写明所评档次")

    def excel(self, w: str, m: XlMeasure) -> str:
        formula = xl_open(w, m)
        for word, v, share in reversed(self.tiers):
            score = xl_round2(f"{xl_num(v)}*{w}") if share else xl_num(round2(v))
            formula = f'IF({m.level}="{word}",{score},{formula})'
        return formula

    def expect(self, w, m):
        values = tuple(sorted({round2(v * w if share else v) for _, v, share in self.tiers}))
        found = [t for t in self.tiers if _says(m.process, t[0], [x[0] for x in self.tiers])]
        if len(found) == 1:
            word = found[0][0]
            score = self.outcome(w, Measure(None, None, None, None, word)).score
            return Expectation(scores=(score,), basis=f"评分过程评为“{word}”")
        return Expectation(allowed=values, basis="分档分值为" + "、".join(f"{x:g}" for x in values))


@dataclass(frozen=True)
class Unreadable(Method):
    """规则文字不能转为可计算的规则：the score is left to the evaluator."""

    reason: str = ""

    def outcome(self, w: float, m: Measure) -> Outcome:
        return Outcome(reason=self.reason)

    def excel(self, w: str, m: XlMeasure) -> str:
        return xl_open(w, m)

    def expect(self, w, m):
        return Expectation(reason=self.reason)


_ISSUES = re.compile(r"(?:发现|存在|出现|共有|共)(?:问题)?(?P<n>\d+|[一二两三四五六七八九十])(?:处|次|项|个|条|例|笔)")
CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _issues(text: str) -> int | None:
    """How many problems the 评分过程 says it found ('发现问题2处'), 0 for '未发现问题'."""
    if re.search(r"未发现(?:任何)?(?:相关)?问题|无问题", text):
        return 0
    found = {int(m["n"]) if m["n"].isdigit() else CN_NUMBERS[m["n"]] for m in _ISSUES.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _met(m: Measured) -> bool | None:
    if m.pct:
        a = m.pct[-1]
        if m.target_pct is None:
            return a >= 100 - 1e-9
        if m.target_op in ("<=", "<"):
            return a <= m.target_pct + 1e-9
        return a >= m.target_pct - 1e-9
    if re.search(r"未按(?:时|期|计划)|未(?:能)?(?:完成|达到|及时)|不及时|滞后|延期|逾期", m.process):
        return False
    return None


def _says(text: str, word: str, words: list[str]) -> bool:
    """Whether a tier word occurs in the text on its own (不显著 does not count as 显著)."""
    for m in re.finditer(re.escape(word), text):
        longer = [w for w in words if w != word and word in w]
        if any(text[max(0, m.start() - len(w) + len(word)):m.start() + len(w)].find(w) >= 0 for w in longer):
            continue
        if text[max(0, m.start() - 1):m.start()] in ("无", "不", "未"):
            continue
        return True
    return False


def band_text(lo: float, hi: float) -> str:
    if hi == float("inf"):
        return f"{lo:g}%及以上"
    if lo == float("-inf"):
        return f"低于{hi:g}%"
    return f"{lo:g}%（含）-{hi:g}%"


def value_text(v: float, share: bool) -> str:
    return f"{v * 100:g}%权重分" if share else f"{v:g}分"


def share_text(shares, points) -> str:
    if points:
        return "、".join(f"{p:g}分" for p in points)
    return "1/" + str(round(1 / shares[0])) if len(set(shares)) == 1 else "不同份额"
