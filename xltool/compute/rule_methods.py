"""Rule objects: the idioms evaluators write in 评分标准/评分规则 cells, with their parameters.

:func:`xltool.compute.rule_text.parse_rule` turns a rule text into one of these
(DOMAIN §7): proportional with an optional floor, full marks with
per-percent deductions (below / above / off target, in % of the weight or in
points), score bands, element fractions (equal, explicit fractions or explicit
points), binary, and qualitative tiers. A text that matches no idiom becomes
:class:`Unreadable` — the caller reports it as 不可机器复核, it never guesses.

Each rule's ``expect(weight, measured)`` returns an :class:`Expectation`: exact
scores (several when the rate may be read exact or as displayed), a set of
allowed scores (element steps, tiers), a maximum, or the reason it cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from xltool.display import num
from xltool.compute.textfacts import Facts
from xltool.compute.methods import round2


@dataclass(frozen=True)
class Measured:
    """What the row says was achieved: a value in % points and/or completion ratios (fractions)."""

    pct: tuple[float, ...] = ()  # readings of the measured value in % points (exact first, then displayed)
    ratios: tuple[float, ...] = ()  # completion ratios A/T as fractions
    target_pct: float | None = None
    target_op: str | None = None
    undefined: bool = False  # the stated ratio has a zero denominator
    source: str = ""  # where the value was read, for messages
    facts: Facts = field(default_factory=Facts)
    process: str = ""  # the 评分过程 text (tier and verdict words)


@dataclass(frozen=True)
class Expectation:
    """Expected score(s), allowed steps, a maximum, or why none can be given."""

    scores: tuple[float, ...] = ()
    allowed: tuple[float, ...] = ()
    maximum: float | None = None
    reason: str = ""
    basis: str = ""


@dataclass(frozen=True)
class Rule:
    """Base of the rule objects; ``title`` states the rule in Chinese for messages."""

    title: str

    def expect(self, w: float, m: Measured) -> Expectation:  # pragma: no cover - interface
        """Expected score for weight ``w``."""
        raise NotImplementedError

    def design_problem(self, w: float) -> tuple[str, float | None]:
        """A contradiction inside the rule itself (points that do not add up to the weight): (message, value)."""
        return "", None


def _needs_value(m: Measured) -> str:
    if m.undefined:
        return "实际值的比率分母为0，不可计算"
    return "未能从实际值列或评分过程读出实际值"


@dataclass(frozen=True)
class Proportional(Rule):
    """得分 = 完成率 × 分值（不超过分值）；低于 floor 不得分。"""

    floor: float | None = None

    def expect(self, w, m):
        if not m.ratios:
            return Expectation(reason=_needs_value(m))
        out = []
        for r in m.ratios:
            out.append(0.0 if self.floor is not None and r < self.floor - 1e-12 else round2(w * max(0.0, min(r, 1.0))))
        return Expectation(scores=tuple(dict.fromkeys(out)), basis=f"完成率{m.ratios[0] * 100:.2f}%")


@dataclass(frozen=True)
class PerPoint(Rule):
    """达到目标值得满分；每低于/超出/偏离目标 1 个百分点扣权重的 k（或扣 x 分），扣完为止。"""

    direction: str = "below"  # below | above | deviation
    share: float | None = None  # of the weight, per point
    points: float | None = None  # absolute points per point
    target: float | None = None  # from the rule text

    def expect(self, w, m):
        target = m.target_pct if m.target_pct is not None else self.target
        if target is None:
            return Expectation(reason="未能读出目标值（%）")
        if not m.pct:
            return Expectation(reason=_needs_value(m))
        out = []
        for a in m.pct:
            gap = self._gap(a, target, m.target_op)
            lost = gap * (self.share * w if self.share is not None else self.points)
            out.append(round2(max(0.0, w - lost)))
        return Expectation(scores=tuple(dict.fromkeys(out)), basis=f"实际值{num(m.pct[-1])}%，目标值{num(target)}%")

    def _gap(self, a: float, t: float, op: str | None) -> float:
        if self.direction == "below":
            return max(0.0, t - a)
        if self.direction == "above":
            return max(0.0, a - t)
        if op in ("<=", "<"):
            return max(0.0, abs(a) - t)
        return abs(a - t)


@dataclass(frozen=True)
class Bands(Rule):
    """按区间得分：实际值落在哪一档，得该档分值。"""

    bands: tuple[tuple[float, float, float, bool], ...] = ()  # (low, high, value, value_is_share)

    def expect(self, w, m):
        if not m.pct:
            return Expectation(reason=_needs_value(m))
        a = m.pct[-1]
        for low, high, value, share in self.bands:
            if low - 1e-9 <= a < high - 1e-9 or (high == 100 and a == 100 and low < 100):
                score = round2(value * w if share else value)
                return Expectation(scores=(score,), basis=f"实际值{num(a)}%，落在{band_text(low, high)}档")
        return Expectation(reason=f"实际值{num(a)}%不在规则所列任何区间")


@dataclass(frozen=True)
class Elements(Rule):
    """要素法：各要素占权重的一定份额（或给定分值），不符合的要素扣除对应分值。"""

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
class PerIssue(Rule):
    """差错扣分：每发现一处问题扣 x 分，扣完为止；处数取自评分过程。"""

    points: float = 1.0

    def expect(self, w, m):
        count = _issues(m.process)
        if count is not None:
            return Expectation(scores=(round2(max(0.0, w - self.points * count)),), basis=f"评分过程载明问题{count}处")
        steps = int(w / self.points + 1e-9)
        return Expectation(allowed=tuple(sorted({round2(max(0.0, w - self.points * i)) for i in range(steps + 1)})),
                           basis=f"每处扣{self.points:g}分")


@dataclass(frozen=True)
class Binary(Rule):
    """达到要求得满分，否则不得分。"""

    def expect(self, w, m):
        met = _met(m)
        if met is None:
            return Expectation(allowed=(0.0, round2(w)), basis="只能得满分或不得分")
        return Expectation(scores=(round2(w) if met else 0.0,), basis="达到要求" if met else "未达到要求")


@dataclass(frozen=True)
class PerElement(Rule):
    """每符合一项要点得 p 分：any multiple of p up to the weight is a score the rule can give."""

    points: float = 1.0

    def expect(self, w, m):
        steps = int(round2(w) // self.points + 1e-9)
        return Expectation(allowed=tuple(round2(k * self.points) for k in range(steps + 1)), maximum=round2(w),
                           basis=f"每符合一项得{num(self.points)}分")


@dataclass(frozen=True)
class Tiers(Rule):
    """定性分档：按评分过程所述档次（有效/一般/不显著/无影响…）得该档分值。"""

    tiers: tuple[tuple[str, float, bool], ...] = ()  # (word, value, value_is_share)

    def expect(self, w, m):
        values = tuple(sorted({round2(v * w if share else v) for _, v, share in self.tiers}))
        found = [t for t in self.tiers if _says(m.process, t[0], [x[0] for x in self.tiers])]
        if len(found) == 1:
            word, v, share = found[0]
            return Expectation(scores=(round2(v * w if share else v),), basis=f"评分过程评为“{word}”")
        return Expectation(allowed=values, basis="分档分值为" + "、".join(f"{x:g}" for x in values))


@dataclass(frozen=True)
class Unreadable(Rule):
    """规则文字不能转为可计算的规则。"""

    reason: str = ""

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
