"""Each scoring method's Excel formula gives the score its Python ``outcome`` gives (one source of truth).

Every method of every shipped profile is rendered with ``Method.excel`` and
evaluated in the ``formulas`` package on random measures drawn around the rule
edges (ratio exactly 60 % and 100 %, twice a ceiling, zero and negative
actuals, target 0, unknown ratio with met/unmet, qualitative tiers with and
without a judged score); the value must equal ``outcome(w, m).representative``
(or the judged score clamped into [0, w] where the rule leaves the score open).
Rounding ties that binary floating point moves below the half cent are included:
``round2`` and ``xl_round2`` must agree on them.

The idioms read from a scoring sheet's 评分标准 text (parsed by ``parse_rule``) are
held to the same proof: proportional with a floor, per-point deductions, bands,
binary, per-issue deductions, tiers and an unreadable rule, on readings around
their edges (band limits, the floor, a '≤' target off target, issue counts, tier words).
"""

import random

import numpy as np
import pytest
import schedula

from xltool.compute import profiles
from xltool.compute.methods import Measure, XlMeasure, round2, xl_round2
from xltool.compute.rule_text import parse_rule

REFS = XlMeasure(actual="A1", target="B1", ratio="C1", met="D1", level="E1", judged="F1", count="H1", op="I1")
METHODS = sorted({(p, name) for p in profiles.available() for name in profiles.load(p).methods})
# weight, actual, target whose exact score is a half cent that floating point puts just below it
TIES = ((3, 247, 520), (3, 201, 1800), (20, 689, 800), (12, 783, 1440), (3, 713, 1240))


def _compile(expression: str):
    import formulas

    return formulas.Parser().ast("=" + expression)[1].compile()


def _evaluate(func, cells: dict):
    args = [np.array([[schedula.EMPTY if cells[k] is None else cells[k]]], object) for k in func.inputs]
    value = func(*args)
    while isinstance(value, np.ndarray):
        value = value.ravel()[0]
    value = value.item() if isinstance(value, np.generic) else value
    return None if value == "" or value is schedula.EMPTY else value


def _measure(rng: random.Random) -> Measure:
    kind = rng.random()
    if kind < 0.6:
        t = rng.choice((0, 0.5, 1, 3, 90, 95, 100, 184.13, 33333, round(rng.uniform(0.1, 1000), 2)))
        a = rng.choice((0, -1, t * 0.6, t, t * 1.2, t * 2, t * 2.5, round(rng.uniform(0, 2.2) * t, 2), 3))
        return Measure(a, t, a / t if t else None, a >= t, "met" if a >= t else None)
    if kind < 0.8:
        level = rng.choice(("met", "partial", "unmet", None))
        return Measure(None, None, None, None if level is None else level == "met", level)
    return Measure(None, None, None, rng.choice((True, False, None)), None)


def _assert_formula_gives_outcome(method, cases):
    """Each case (weight, measure, judged score) through the method's formula in ``formulas`` and its ``outcome``."""
    func = _compile(method.excel("G1", REFS))
    for w, m, judged in cases:
        o = method.outcome(w, m)
        if o.checkable:
            expected = o.representative(judged)
        else:
            expected = None if judged is None else min(max(judged, 0.0), w)
        cells = {"A1": m.actual, "B1": m.target, "C1": m.ratio, "D1": m.met, "E1": m.level, "F1": judged, "G1": w,
                 "H1": m.count, "I1": m.op}
        assert _evaluate(func, cells) == pytest.approx(expected, abs=1e-12) if expected is not None else \
            _evaluate(func, cells) is None, (w, m, judged)


def _judged(rng: random.Random):
    return rng.choice((None, None, 0, 5, 7.5, 12, -1, round(rng.uniform(0, 10), 2)))


@pytest.mark.parametrize(("profile", "name"), METHODS)
def test_excel_formula_of_each_method_equals_its_outcome(profile, name):
    method = profiles.load(profile).methods[name]
    rng = random.Random(f"{profile}.{name}")
    cases = [(w, Measure(a, t, a / t, a >= t, None), None) for w, a, t in TIES]
    cases += [(rng.choice((1, 2.5, 3, 5, 7.33, 10, 20)), _measure(rng), _judged(rng)) for _ in range(120)]
    _assert_formula_gives_outcome(method, cases)


RULE_TEXTS = (
    "按比例计算得分，低于60%不得分",
    "得分=完成率×分值",
    "资金到位率达100%得满分，每降低1%扣5%的权重，扣完为止。",
    "每超出1个百分点扣0.5分",
    "每偏离1%，扣除5%权重分",
    "达到90%及以上得满分，每偏离1%扣除0.2分",
    "满意度100%得满分；90%（含）-100%得80%权重分；80%（含）-90%得6分；低于80%不得分",
    "90%（含）-100%得满分；80%（含）-90%得6分；低于80%不得分",
    "按时完成得满分，否则不得分",
    "每发现一处问题扣0.5分，扣完为止",
    "有效得10分，一般的得6分，不显著得2分，无影响不得分",
    "有效得100%权重分，一般的得60%权重分，不显著得20%权重分，无影响不得分",
    "酌情扣分",
)
EDGES = (0, -3, 54, 59.99, 60, 79.99999, 80, 85, 89.9, 90, 94.9, 95, 99.99, 100, 100.5, 104, 120)


def _reading(rng: random.Random) -> Measure:
    """A scoring-sheet reading: % points around the rules' edges, its ratio as ``rowcheck`` takes it."""
    t = rng.choice((None, 80, 90, 95, 100))
    a = rng.choice((None, *EDGES, round(rng.uniform(0, 130), 2)))
    return Measure(a, t, None if a is None else a / (t or 100), rng.choice((True, False, None)),
                   rng.choice(("有效", "一般", "不显著", "无影响", "met", None)),
                   count=rng.choice((None, 0, 1, 2, 3, 7, 25)), op=rng.choice((None, ">=", "<=")))


@pytest.mark.parametrize("text", RULE_TEXTS)
def test_excel_formula_of_each_rule_idiom_equals_its_outcome(text):
    rule = parse_rule(text)
    rng = random.Random(text)
    cases = [(rng.choice((1, 2, 3, 5, 7.33, 8, 10, 20)), _reading(rng), _judged(rng)) for _ in range(160)]
    _assert_formula_gives_outcome(rule, cases)


@pytest.mark.parametrize("x", [0.285, 1.005, 2.675, 3 * (247 / 520), 0.125, 7.8349999999999, 0.0049999999, 0.0])
def test_round2_and_its_excel_form_agree_on_ties(x):
    assert _evaluate(_compile(xl_round2("A1")), {"A1": x}) == round2(x)
    assert _evaluate(_compile(xl_round2("A1", signed=True)), {"A1": -x}) == round2(-x)
