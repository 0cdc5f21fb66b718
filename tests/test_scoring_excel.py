"""Each scoring method's Excel formula gives the score its Python ``outcome`` gives (one source of truth).

Every method of every shipped profile is rendered with ``Method.excel`` and
evaluated in the ``formulas`` package on random measures drawn around the rule
edges (ratio exactly 60 % and 100 %, twice a ceiling, zero and negative
actuals, target 0, unknown ratio with met/unmet, qualitative tiers with and
without a judged score); the value must equal ``outcome(w, m).representative``
(or the judged score clamped into [0, w] where the rule leaves the score open).
Rounding ties that binary floating point moves below the half cent are included:
``round2`` and ``xl_round2`` must agree on them.
"""

import random

import numpy as np
import pytest
import schedula

from xltool.compute import profiles
from xltool.compute.methods import Measure, XlMeasure, round2, xl_round2

REFS = XlMeasure(actual="A1", target="B1", ratio="C1", met="D1", level="E1", judged="F1")
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


@pytest.mark.parametrize(("profile", "name"), METHODS)
def test_excel_formula_of_each_method_equals_its_outcome(profile, name):
    method = profiles.load(profile).methods[name]
    func = _compile(method.excel("G1", REFS))
    rng = random.Random(f"{profile}.{name}")
    cases = [(w, Measure(a, t, a / t, a >= t, None), None) for w, a, t in TIES]
    cases += [(rng.choice((1, 2.5, 3, 5, 7.33, 10, 20)), _measure(rng),
               rng.choice((None, None, 0, 5, 7.5, 12, -1, round(rng.uniform(0, 10), 2)))) for _ in range(120)]
    for w, m, judged in cases:
        o = method.outcome(w, m)
        if o.checkable:
            expected = o.representative(judged)
        else:
            expected = None if judged is None else min(max(judged, 0.0), w)
        cells = {"A1": m.actual, "B1": m.target, "C1": m.ratio, "D1": m.met, "E1": m.level, "F1": judged, "G1": w}
        assert _evaluate(func, cells) == pytest.approx(expected, abs=1e-12) if expected is not None else \
            _evaluate(func, cells) is None, (w, m, judged)


@pytest.mark.parametrize("x", [0.285, 1.005, 2.675, 3 * (247 / 520), 0.125, 7.8349999999999, 0.0049999999, 0.0])
def test_round2_and_its_excel_form_agree_on_ties(x):
    assert _evaluate(_compile(xl_round2("A1")), {"A1": x}) == round2(x)
    assert _evaluate(_compile(xl_round2("A1", signed=True)), {"A1": -x}) == round2(-x)
