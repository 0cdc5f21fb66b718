"""Scoring methods against the figures real reports verify (DOMAIN.md §4, §8)."""

import pytest

from xltool.compute import profiles
from xltool.compute.methods import Measure, round2


def _m(actual, target, op=">="):
    ratio = actual / target
    met = actual <= target if op == "<=" else actual >= target
    return Measure(actual, target, ratio, met, "met" if met else None)


XJ = profiles.load("xinjiang")
MOF = profiles.load("mof2020")


@pytest.mark.parametrize(
    ("actual", "target", "weight", "score"),
    [
        (30437, 33333, 10, 7.83),  # ref 000 附件7
        (4157, 6130, 10, 1.95),
        (26280, 27203, 5, 4.58),
        (100, 91, 10, 9.01),
        (100, 70, 10, 5.71),
        (100, 80, 10, 7.50),
        (100, 90, 20, 17.78),
        (294, 180, 10, 3.67),
        (22.455, 22.5, 4, 3.98),
        (1.3, 1.5, 10, 6.67),
        (127.7696, 127.4565, 4, 3.99),
        (50, 100, 10, 0.0),  # below 60%
        (60, 100, 10, 0.0),  # exactly 60%
        (200, 100, 10, 0.0),  # twice the target
    ],
)
def test_xinjiang_banded_ratio(actual, target, weight, score):
    method = XJ.method_for("按照完成比例赋分", ">=")
    assert method.outcome(weight, _m(actual, target)).score == score


def test_xinjiang_cost_ceiling_uses_actual_over_target():
    method = XJ.method_for("按照完成比例赋分", "<=")
    # 3.77/4.50 is shown as 84% in a Xinjiang table and scored 5.40 (w=9) from the displayed rate
    assert method.score_for_rate(9, 0.84) == 5.40
    assert method.outcome(4, _m(22.455, 22.5, "<=")).score == 3.98


def test_xinjiang_satisfaction_full_when_met_even_over_100():
    method = XJ.method_for("满意度赋分", ">=")
    assert method.outcome(10, _m(105.26, 100)).score == 10


def test_xinjiang_satisfaction_below_target_not_machine_checkable():
    outcome = XJ.method_for("满意度赋分", ">=").outcome(10, _m(90, 95))
    assert not outcome.checkable and "人工复核" in outcome.reason


@pytest.mark.parametrize(
    ("op", "actual", "target", "weight", "score"),
    [
        (">=", 35353, 36300, 10, 9.74),  # ref 001: 10 × 35353/36300
        (">=", 100, 90, 10, 10.0),
        ("<=", 184.13, 184.13, 5, 5.0),
        ("<=", 189.06, 184.13, 10, 9.73),  # D001-1: 1 − 4.93/184.13
        ("<=", 400, 184.13, 10, 0.0),
        ("=", 100, 100, 5, 5.0),
    ],
)
def test_mof_quantitative(op, actual, target, weight, score):
    method = MOF.method_for("", op)
    assert method.outcome(weight, _m(actual, target, op)).score == score


def test_mof_qualitative_tiers():
    tiers = MOF.method_for("", "qualitative")
    outcome = tiers.outcome(10, Measure(None, None, None, True, "met"))
    assert (outcome.low, outcome.high) == (8.0, 10.0)
    assert outcome.accepts(9, 0.01) and not outcome.accepts(7.5, 0.01)
    partial = tiers.outcome(10, Measure(None, None, None, False, "partial"))
    assert (partial.low, partial.high) == (6.0, 8.0)


def test_round_half_up_not_bankers():
    assert round2(0.285) == 0.29 and round2(1.005) == 1.01 and round2(2.675) == 2.68


def test_grade_bands_half_open():
    assert [MOF.grade(x) for x in (90, 89.99, 80, 79.995, 60, 59.99)] == ["优", "良", "良", "良", "中", "差"]


def test_unknown_profile_lists_available():
    with pytest.raises(profiles.ProfileError, match="mof2020"):
        profiles.load("nonexistent")


def test_a_new_province_is_a_data_file(tmp_path):
    """A profile file given by path: floor 50% instead of 60%, its own grade bands."""
    text = (profiles.resources.files("xltool.compute.profiles") / "xinjiang.toml").read_text(encoding="utf-8")
    text = text.replace('name = "xinjiang"', 'name = "otherprovince"').replace("floor = 0.6", "floor = 0.5")
    text = text.replace("{ min = 90, grade = \"优\" }", "{ min = 85, grade = \"优\" }")
    path = tmp_path / "otherprovince.toml"
    path.write_text(text, encoding="utf-8")
    custom = profiles.load(str(path))
    assert custom.name == "otherprovince" and custom.grade(86) == "优" and XJ.grade(86) == "良"
    method = custom.method_for("按照完成比例赋分", ">=")
    assert method.outcome(10, _m(55, 100)).score == 1.0  # (55% − 50%) / 50% × 10


def test_profile_referencing_an_undefined_method_is_rejected(tmp_path):
    text = (profiles.resources.files("xltool.compute.profiles") / "mof2020.toml").read_text(encoding="utf-8")
    path = tmp_path / "broken.toml"
    path.write_text(text.replace('"<=" = "reverse"', '"<=" = "nonexistent"'), encoding="utf-8")
    with pytest.raises(profiles.ProfileError, match="nonexistent"):
        profiles.load(str(path))


def test_shows_error_says_what_the_value_parser_says():
    """Numbers are answered without the parser: that shortcut must agree with it on every kind of value."""
    import datetime
    from decimal import Decimal

    from xltool.compute.recalc import shows_error
    from xltool.model.form import Cell
    from xltool.model.values import parse_value

    values = [None, 0, 1, -5, 10 ** 400, 1.5, -0.0, float("nan"), float("inf"), float("-inf"), True, False,
              "#DIV/0!", " ＃ＲＥＦ！ ", "#n/a", "#DIV/0", "abc", "", "95%", datetime.date(2024, 1, 1),
              Decimal("Infinity"), Decimal("1.5"), complex(1, 2)]
    for v in values:
        assert shows_error(Cell("表", 0, 0, v)) == (parse_value(v).kind == "error"), v
    assert not shows_error(None)
