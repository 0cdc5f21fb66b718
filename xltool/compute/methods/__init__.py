"""Scoring methods: one family of rule objects that turn what was achieved into a score.

Every method is a :class:`Method`, whether a scoring profile names it for
self-assessment rows (:mod:`.profile`, from profiles/*.toml) or it is an idiom read
from a 综合评分表's 评分标准 text (:mod:`.rules`, DOMAIN §7). Each is one small
class with its parameters, so the same object is used wherever its rule is needed:

* ``outcome`` scores one reading (:class:`Measure` → :class:`Outcome`: an exact
  score, an accepted interval, or the reason it cannot be machine-checked);
* ``excel`` is the same rule as an Excel formula over an :class:`XlMeasure`,
  written next to ``outcome`` so the two cannot drift: the templates put exactly
  these formulas in their 得分 cells, and the tests evaluate them in the
  ``formulas`` package and in LibreOffice against ``outcome``;
* ``expect`` gives what a scoring-sheet row allows (:class:`Expectation`).

The proportional rule, which both kinds of form state, is one class here. This
module is the family's base and a leaf of the import graph (the profiles, the
recalculation and the checks all import it, and the command line must reach every
leaf within ten modules), so it holds the rounding and the shared types too.

Why a scoring-sheet row has a measure type of its own (``rules.Measured``) and
answers with an ``Expectation`` rather than an ``Outcome``:

* a scoring-sheet row may be read several ways (the rate its 评分过程 computes and
  the rate it displays; DOMAIN §9 accepts either), and its 评分过程 text carries
  what no single number does (element verdicts, an issue count, a tier word,
  '未按时'); ``Measured.readings`` turns its numbers into one ``Measure`` each;
* a self-assessment score is one interval at most ([low, high] of a qualitative
  tier), while a scoring sheet's rule may allow only a discrete set of scores
  (element sums, per-issue steps, tier values) or only a maximum, and its
  messages name the basis ('完成率91.31%').
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache


def _rounded(x: float) -> float:
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


_round2_cached = lru_cache(maxsize=65536)(_rounded)


def round2(x: float) -> float:
    """``_rounded``, remembered: a check rounds ~30 values a form, mostly weights, scores and
    totals that recur, and the Decimal round trip is ~1 µs. Zero is not cached: 0.0 and -0.0
    are one key but round to 0.0 and -0.0."""
    return _round2_cached(x) if x else _rounded(x)


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
    """A parameter as an Excel literal that parses to the same double ('0.6', '1E-12').

    A threshold with its tolerance is passed already subtracted (``xl_num(floor - 1e-12)``),
    so Excel compares with the very double Python compares with.
    """
    return repr(float(x)).upper()


@dataclass(frozen=True)
class Measure:
    """One reading of what was achieved against the target, in one unit.

    ``count`` and ``op`` are read by the scoring-sheet idioms only: how many issues
    the 评分过程 found (差错扣分), and the target's comparison (a '≤T' target deviates
    only above it).
    """

    actual: float | None
    target: float | None
    ratio: float | None  # actual / target
    met: bool | None
    level: str | None  # qualitative level: met / partial / unmet, or a rule's tier word
    count: int | None = None
    op: str | None = None


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

    Excel has no None: an unknown actual, target, ratio, met, level, count or op is
    the empty text "" there, and each formula tests for "" exactly where ``outcome``
    tests for None. ``met`` holds TRUE/FALSE/"", ``level`` "met"/"partial"/"unmet"/""
    or a tier word. ``judged`` is the cell where a person enters the score a rule
    leaves to judgement (the exact score inside a qualitative tier, or the score of
    a missed target under a rule that fixes only full marks).
    """

    actual: str
    target: str
    ratio: str
    met: str
    level: str
    judged: str = '""'
    count: str = '""'
    op: str = '""'


@dataclass(frozen=True)
class Expectation:
    """A scoring-sheet row's expected score(s), allowed steps, a maximum, or why none can be given.

    ``scores`` holds one score per distinct reading (exact rate first, then the displayed
    one), ``basis`` what the messages cite.
    """

    scores: tuple[float, ...] = ()
    allowed: tuple[float, ...] = ()
    maximum: float | None = None
    reason: str = ""
    basis: str = ""


NEEDS_RATIO = "目标值或完成值不是可比较的数值，无法按比例计算"


@dataclass(frozen=True)
class Method:
    """Base of all scoring methods: a profile's kinds and the idioms read from 评分标准 text alike.

    ``title`` states the rule in Chinese for messages; ``name`` is the method's key in
    its profile ("" for a rule read from a scoring sheet). A method answers up to
    three questions, each about the same rule:

    * ``outcome``: the score of one reading (``Measure``);
    * ``excel``: the same as an Excel formula, so a template computes what the checker
      computes (the tests evaluate both through real engines);
    * ``expect``: the score(s) a 综合评分表 row allows (``rules.Measured``: several
      readings and the 评分过程 text), built on ``outcome`` where the rule scores a reading.

    A profile's kinds are chosen per self-assessment row and never meet a scoring-sheet
    row, so they have no ``expect``; the element idioms' score depends on per-element
    verdicts in the text, not on one reading, so they have only ``expect``.
    """

    title: str
    name: str = ""

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

    def expect(self, w: float, m) -> Expectation:  # pragma: no cover - interface
        """Expected score(s) of a scoring-sheet row for weight ``w``.

        ``m`` is a :class:`xltool.compute.methods.rules.Measured`; it lives there, with
        the 评分过程 facts it carries, because this leaf module imports nothing.
        """
        raise NotImplementedError

    def design_problem(self, w: float) -> tuple[str, float | None]:
        """A contradiction inside the rule itself (points that do not add up to the weight): (message, value)."""
        return "", None


def xl_open(w: str, m: XlMeasure) -> str:
    """The score of a row the rule does not fix: the judged score within [0, w], else ""."""
    return f'IF({m.judged}="","",MIN(MAX({m.judged},0),{w}))'


def xl_met_else_open(w: str, m: XlMeasure) -> str:
    """``Outcome(score=w) if m.met else Outcome(reason=...)``."""
    return f"IF({m.met}=TRUE,{w},{xl_open(w, m)})"


@dataclass(frozen=True)
class Proportional(Method):
    """正向：完成目标得满分，未完成按 实际/目标 比例得分；低于 floor 不得分。

    Both edges allow 1e-12 of binary noise, so a ratio that is the floor or 1 in exact
    arithmetic stays on its side (4.02/6.7 is 0.5999999999999999 in floating point,
    and meets a 60 % floor). Profiles and 评分标准 texts share this class, so a profile's
    floor and a text's '低于60%不得分' compare the same way, in Python and in Excel.
    """

    floor: float = 0.0

    def outcome(self, w: float, m: Measure) -> Outcome:
        if m.ratio is None:
            return Outcome(score=w) if m.met else Outcome(reason=NEEDS_RATIO)
        if m.ratio >= 1 - 1e-12:
            return Outcome(score=round2(w))
        if m.ratio < self.floor - 1e-12:
            return Outcome(score=0.0)
        return Outcome(score=round2(w * max(m.ratio, 0.0)))

    def excel(self, w: str, m: XlMeasure) -> str:
        r = m.ratio
        return (f'IF({r}="",{xl_met_else_open(w, m)},IF({r}>=1-1E-12,{xl_round2(w)},'
                f"IF({r}<{xl_num(self.floor - 1e-12)},0,{xl_round2(f'{w}*MAX({r},0)')})))")

    def expect(self, w: float, m) -> Expectation:
        if not m.ratios:
            return Expectation(reason=m.missing())
        scores = (self.outcome(w, reading).score for reading in m.readings())
        return Expectation(scores=tuple(dict.fromkeys(scores)), basis=f"完成率{m.ratios[0] * 100:.2f}%")
