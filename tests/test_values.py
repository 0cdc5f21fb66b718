"""Tests for xltool.model.values: the strings real 自评表 contain, unit conversion, and fuzzing.

The concrete cases come from DOMAIN.md and the reference reports (ref 000 附件7
lines 1140-1153, ref 001 lines 253-260), including their OCR spacing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xltool.model.values import Quantity, parse_number, parse_value, same_dimension

KINDS = {"empty", "error", "number", "percent", "date", "qualitative", "unknown"}

KINDS = {"number", "percent", "date", "qualitative", "empty", "error", "unknown"}

# (cell value, expected fields of the Quantity); fields not named are not checked.
CASES = [
    # ref 000 附件7 targets and actuals, as OCR'd
    (">=33333 人", dict(kind="number", op=">=", number=33333.0, unit="人")),
    ("=30437 人", dict(kind="number", op="=", number=30437.0, unit="人")),
    (">=6130 人", dict(kind="number", op=">=", number=6130.0, unit="人")),
    (">=27203 人", dict(kind="number", op=">=", number=27203.0, unit="人")),
    ("96. 61", dict(kind="number", op=None, number=96.61, unit="")),
    ("4. 58", dict(kind="number", number=4.58)),
    (">=91%", dict(kind="percent", op=">=", number=91.0, unit="%")),
    ("=100%", dict(kind="percent", op="=", number=100.0, unit="%")),
    ("=12 月 25 日", dict(kind="date", op="=", date=(None, 12, 25))),
    ("=5 元/人 /月", dict(kind="number", op="=", number=5.0, unit="元/人/月")),
    ("=5 元/人/", dict(kind="number", op="=", number=5.0, unit="元/人/")),
    ("5 元/人/ 月", dict(kind="number", op=None, number=5.0, unit="元/人/月")),
    ("<=12万 元", dict(kind="number", op="<=", number=12.0, unit="万元")),
    ("=12 万元", dict(kind="number", op="=", number=12.0, unit="万元")),
    ("及时", dict(kind="qualitative", level="met", number=None)),
    ("达到预期 指标", dict(kind="qualitative", level="met")),
    ("减轻", dict(kind="qualitative", level=None)),
    ("有效减轻", dict(kind="qualitative", level="met")),
    (">=95%", dict(kind="percent", op=">=", number=95.0)),
    ("=95%", dict(kind="percent", op="=", number=95.0)),
    ("88.37分", dict(kind="number", number=88.37, unit="分")),
    # ref 001 §四
    ("≧36300人", dict(kind="number", op=">=", number=36300.0, unit="人")),
    ("=100\n%", dict(kind="percent", op="=", number=100.0)),
    ("≧90%", dict(kind="percent", op=">=", number=90.0)),
    ("≤184.13元/人·年", dict(kind="number", op="<=", number=184.13, unit="元/人·年")),
    ("184.13元/人・年", dict(kind="number", number=184.13, unit="元/人·年")),
    ("达成目标", dict(kind="qualitative", level="met")),
    ("96.47%", dict(kind="percent", op=None, number=96.47)),
    # DOMAIN §2b / §2c operators
    ("2024年12月10日前", dict(kind="date", op="<=", date=(2024, 12, 10))),
    ("≥", dict(kind="qualitative")),
    ("≥1", dict(op=">=", number=1.0)),
    ("＞＝９５％", dict(kind="percent", op=">=", number=95.0)),
    (">＝95", dict(op=">=", number=95.0)),
    ("=>95", dict(op=">=", number=95.0)),
    ("> = 90", dict(op=">=", number=90.0)),
    ("＞5", dict(op=">", number=5.0)),
    ("＜＝10", dict(op="<=", number=10.0)),
    ("=<10", dict(op="<=", number=10.0)),
    ("≦10%", dict(kind="percent", op="<=", number=10.0)),
    ("＜3天", dict(op="<", number=3.0, unit="天")),
    ("＝100%", dict(op="=", number=100.0)),
    ("==100", dict(op="=", number=100.0)),
    # operator words and suffixes
    ("不低于95%", dict(kind="percent", op=">=", number=95.0)),
    ("不少于 5 次", dict(op=">=", number=5.0, unit="次")),
    ("至少3场", dict(op=">=", number=3.0, unit="场")),
    ("不超过12万元", dict(op="<=", number=12.0, unit="万元")),
    ("不高于100元", dict(op="<=", number=100.0, unit="元")),
    ("控制在12万元以内", dict(op="<=", number=12.0, unit="万元")),
    ("大于90%", dict(op=">", number=90.0)),
    ("高于上年", dict(kind="qualitative", op=None)),
    ("低于5%", dict(op="<", number=5.0)),
    ("95%以上", dict(kind="percent", op=">=", number=95.0)),
    ("95%及以上", dict(kind="percent", op=">=", number=95.0)),
    ("100人以上", dict(op=">=", number=100.0, unit="人")),
    ("10%以下", dict(kind="percent", op="<=", number=10.0)),
    ("10%以内", dict(kind="percent", op="<=", number=10.0)),
    ("3天内", dict(kind="number", op="<=", number=3.0, unit="天")),
    ("≥95%（含）", dict(kind="percent", op=">=", number=95.0)),
    ("95%（含）以上", dict(kind="percent", op=">=", number=95.0)),
    ("完成率≥95%", dict(kind="percent", op=">=", number=95.0)),
    ("约5万人", dict(number=5.0, unit="万人")),
    ("30437人，较上年减少313人", dict(kind="number", number=30437.0, unit="人")),
    # plain numbers
    ("1,140.42", dict(kind="number", number=1140.42)),
    (" 100.00% ", dict(kind="percent", number=100.0, text="100.00%")),
    ("96.25分", dict(kind="number", number=96.25, unit="分")),
    ("９６．２５", dict(kind="number", number=96.25)),
    ("1.2e3", dict(kind="number", number=1200.0)),
    ("-12.5", dict(kind="number", op=None, number=-12.5)),
    ("＋5", dict(kind="number", number=5.0)),
    ("−3", dict(kind="number", number=-3.0)),
    ("=-0.5", dict(op="=", number=-0.5)),
    ("5‰", dict(kind="percent", number=0.5, unit="%")),
    ("5 %", dict(kind="percent", number=5.0)),
    ("3个百分点", dict(kind="number", number=3.0, unit="个百分点")),
    ("5㎡", dict(kind="number", number=5.0, unit="平方米")),
    ("2024年", dict(kind="number", number=2024.0, unit="年")),
    # ambiguous leading numbers are text, not numbers
    ("1.加强管理", dict(kind="qualitative", number=None)),
    ("（2）加强宣传", dict(kind="qualitative")),
    ("①符合", dict(kind="qualitative", level="met")),
    ("90%-100%", dict(kind="qualitative")),
    ("5至10人", dict(kind="qualitative")),
    ("3/4", dict(kind="qualitative")),
    ("30 437", dict(kind="qualitative")),
    ("1,14", dict(kind="qualitative")),
    ("1.2.3", dict(kind="qualitative")),
    ("截至年底参保人数达30750人", dict(kind="qualitative")),  # a long lead-in is narrative
    # dates
    ("=12月25日", dict(kind="date", op="=", date=(None, 12, 25))),
    ("12月底前", dict(kind="date", op="<=", date=(None, 12, 31))),
    ("2024年底前", dict(kind="date", op="<=", date=(2024, 12, 31))),
    ("年底前", dict(kind="date", op="<=", date=(None, 12, 31))),
    ("年内", dict(kind="date", op="<=", date=(None, 12, 31))),
    ("2024年底", dict(kind="date", op=None, date=(2024, 12, 31))),
    ("2024-12-31", dict(kind="date", op=None, date=(2024, 12, 31))),
    ("2024/12/31", dict(kind="date", date=(2024, 12, 31))),
    ("2024.12.31", dict(kind="date", date=(2024, 12, 31))),
    ("2024年9月23日", dict(kind="date", op=None, date=(2024, 9, 23))),
    ("6月30日之前", dict(kind="date", op="<=", date=(None, 6, 30))),
    ("不晚于12月31日", dict(kind="date", op="<=", date=(None, 12, 31))),
    ("≤2024年11月30日", dict(kind="date", op="<=", date=(2024, 11, 30))),
    ("2023年2月底", dict(kind="date", date=(2023, 2, 28))),
    ("12月", dict(kind="date", date=(None, 12, 31))),
    ("2月30日", dict(kind="unknown")),
    ("按时", dict(kind="qualitative", level="met", date=None)),
    (dt.date(2024, 12, 31), dict(kind="date", op=None, date=(2024, 12, 31))),
    (dt.datetime(2024, 9, 23, 10, 30), dict(kind="date", op=None, date=(2024, 9, 23))),
    # verdict levels
    ("达到预期", dict(level="met")),
    ("已达成", dict(level="met")),
    ("全部完成", dict(level="met")),
    ("是", dict(level="met")),
    ("有", dict(level="met")),
    ("合格", dict(level="met")),
    ("达标", dict(level="met")),
    ("显著提升", dict(kind="qualitative", level="met")),
    ("满意", dict(level="met")),
    ("达成年度指标", dict(level="met")),
    ("部分达成", dict(level="partial")),
    ("基本达成", dict(level="partial")),
    ("基本完成", dict(level="partial")),
    ("较好", dict(level="partial")),
    ("一般", dict(level="partial")),
    ("基本符合", dict(level="partial")),
    ("部分达成年度指标并具有一定效果", dict(level="partial")),
    ("未达成", dict(level="unmet")),
    ("未完成", dict(level="unmet")),
    ("未达到预期指标", dict(level="unmet")),
    ("否", dict(level="unmet")),
    ("不合格", dict(level="unmet")),
    ("不达标", dict(level="unmet")),
    ("不及时", dict(level="unmet")),
    ("差", dict(level="unmet")),
    ("较差", dict(level="unmet")),
    ("未达成年度指标且效果较差", dict(level="unmet")),
    ("偏差较大", dict(level=None)),
    ("无投诉", dict(kind="qualitative", level=None)),
    # empty, errors, other objects
    (None, dict(kind="empty", text="")),
    ("", dict(kind="empty")),
    ("   ", dict(kind="empty", text="")),
    ("—", dict(kind="empty")),
    ("-", dict(kind="empty")),
    ("/", dict(kind="empty")),
    ("——", dict(kind="empty")),
    ("无", dict(kind="empty")),
    ("空", dict(kind="empty")),
    ("N/A", dict(kind="empty")),
    ("#DIV/0!", dict(kind="error")),
    ("#REF!", dict(kind="error")),
    ("#N/A", dict(kind="error")),
    ("#VALUE!", dict(kind="error")),
    ("#NAME?", dict(kind="error")),
    ("#NUM!", dict(kind="error")),
    ("#NULL!", dict(kind="error")),
    ("=B5/C5", dict(kind="unknown")),
    ("=ROUND(A1*10,2)", dict(kind="unknown")),
    (30437, dict(kind="number", op=None, number=30437.0, unit="", text="30437")),
    (91.31, dict(kind="number", number=91.31)),
    (decimal.Decimal("1.5"), dict(kind="number", number=1.5)),
    (float("nan"), dict(kind="empty")),
    (float("inf"), dict(kind="error")),
    (True, dict(kind="unknown", number=None)),
    (b"5", dict(kind="unknown")),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[repr(c[0])[:30] for c in CASES])
def test_parse_value_cases(raw, expected):
    q = parse_value(raw)
    got = {name: getattr(q, name) for name in expected}
    assert got == expected, q


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=True), st.integers(), st.none()))
def test_any_cell_value_parses_to_a_known_kind(raw):
    """Whatever a submitted cell holds, parsing answers with a known kind and never raises."""
    q = parse_value(raw)
    assert q.kind in KINDS
    assert q.number is None or isinstance(q.number, float)


@pytest.mark.parametrize(("raw", "expected"), [
    (5, 5.0), (91.31, 91.31), ("1,140.42", 1140.42), (" 100.00% ", 100.0), ("96.25分", 96.25),
    ("９６．２５", 96.25), ("1.2e3", 1200.0), ("-12.5", -12.5), ("＋5", 5.0), ("≥95%", 95.0),
    ("30437 人", 30437.0), ("12,345,678", 12345678.0),
    (True, None), (False, None), (None, None), ("—", None), ("-", None), ("/", None), ("", None),
    ("无", None), ("N/A", None), ("——", None), ("#DIV/0!", None), ("达到预期指标", None),
    ("2024-12-31", None), (dt.date(2024, 1, 1), None), (float("nan"), None), ("1e999", None),
])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("12万元", "元", 120000.0),
    ("12万元", "万元", 12.0),
    ("120000元", "万元", 12.0),
    ("1.5亿元", "万元", 15000.0),
    ("3千元", "元", 3000.0),
    ("2千万元", "万元", 2000.0),
    ("3万人", "人", 30000.0),
    ("30000人", "万人", 3.0),
    ("2万个", "个", 20000.0),
    ("5万次", "次", 50000.0),
    ("1万户", "户", 10000.0),
    ("95%", "%", 95.0),
    ("5", "", 5.0),
    ("12万元", "人", None),
    ("5元", "人", None),
    ("5元/人/月", "元", None),
    ("95%", "元", None),
    ("达成", "元", None),
    ("12月25日", "", None),
])
def test_in_unit(text, unit, expected):
    assert parse_value(text).in_unit(unit) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("元", "万元", True), ("亿元", "千元", True), ("人", "万人", True), ("", "", True), ("%", "%", True),
    ("元/人/月", "元/人/月", True), ("元", "人", False), ("元", "", False), ("万元", "元/人", False),
    ("个", "次", False), ("百分点", "%", False),
])
def test_same_dimension(a, b, expected):
    assert same_dimension(a, b) is expected


def test_is_quantitative():
    assert parse_value(">=33333 人").is_quantitative
    assert parse_value("=100%").is_quantitative
    assert parse_value("=12月25日").is_quantitative
    assert parse_value(5).is_quantitative
    for text in ("及时", "减轻", "有效减轻", "—", "#REF!", None, True):
        assert not parse_value(text).is_quantitative


def test_quantity_is_immutable_and_hashable():
    q = parse_value(">=95%")
    with pytest.raises(AttributeError):
        q.number = 1.0  # type: ignore[misc]
    assert q == Quantity(">=95%", "percent", ">=", 95.0, "%")
    assert len({q, parse_value(">=95%")}) == 1


# ---------------------------------------------------------------- properties

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**320),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(), st.complex_numbers(), st.dates(), st.datetimes(), st.times(), st.binary(),
    st.text(), st.lists(st.integers(), max_size=3),
)
# Characters the parser treats specially, so that random text reaches deep paths.
DOMAIN_ALPHABET = ("0123456789.,%‰>=<≥≤≧≦＞＝＜年月日号前后底末内以上下及之元万亿千人次个/·- 　\n"
                   "达成未完部分基本有效不及时(含)（）①²㎡eE+:~至、#!?DIV/A")


@settings(max_examples=500, deadline=None)
@given(ANY_VALUE)
def test_parse_value_never_raises_on_any_object(raw):
    q = parse_value(raw)
    assert q.kind in KINDS
    n = parse_number(raw)
    assert n is None or math.isfinite(n)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=DOMAIN_ALPHABET, max_size=30)))
def test_parse_value_never_raises_on_text(text):
    q = parse_value(text)
    assert q.kind in KINDS
    assert q.text == text.strip()
    assert q.op in (None, ">=", ">", "<=", "<", "=")
    assert q.level in (None, "met", "partial", "unmet")
    if q.kind in ("number", "percent"):
        assert q.number is not None and math.isfinite(q.number)
        assert q.is_quantitative
    if q.kind == "date":
        assert q.date is not None and 1 <= q.date[1] <= 12 and 1 <= q.date[2] <= 31
    if q.kind == "percent":
        assert q.unit == "%"
    q.in_unit("元")
    q.in_unit(text)
    same_dimension(text, q.unit)
    parse_number(text)


OPERATOR_SPELLINGS = {
    ">=": [">=", "≥", "≧", "＞＝", "不低于", "不少于"],
    ">": [">", "＞", "大于", "高于"],
    "<=": ["<=", "≤", "≦", "＜＝", "不超过", "不高于"],
    "<": ["<", "＜", "低于", "小于"],
    "=": ["=", "＝"],
    None: [""],
}
UNITS = ["", "%", "人", "万人", "个", "次", "件", "元", "万元", "亿元", "元/人/月", "元/人·年", "天", "户", "家", "所", "分"]


@settings(max_examples=1500, deadline=None)
@given(
    x=st.floats(allow_nan=False, allow_infinity=False),
    op=st.sampled_from(sorted(OPERATOR_SPELLINGS, key=str)),
    data=st.data(),
    unit=st.sampled_from(UNITS),
    space=st.sampled_from(["", " "]),
)
def test_round_trip_operator_number_unit(x, op, data, unit, space):
    spelling = data.draw(st.sampled_from(OPERATOR_SPELLINGS[op]))
    q = parse_value(f"{spelling}{x!r}{space}{unit}")
    assert q.kind == ("percent" if unit == "%" else "number")
    assert q.op == op
    assert q.unit == unit
    assert math.isclose(q.number, x, rel_tol=1e-9)


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_thousands_separators(n):
    assert parse_number(f"{n:,}") == n
    assert math.isclose(parse_number(f"{n:,}.25"), n + 0.25, rel_tol=1e-15)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(["元", "万元", "亿元", "千元"]),
       st.sampled_from(["元", "万元", "亿元", "千元"]))
def test_in_unit_round_trip(x, src, dst):
    there = parse_value(f"{x!r}{src}").in_unit(dst)
    back = Quantity("", "number", number=there, unit=dst).in_unit(src)
    assert math.isclose(back, x, rel_tol=1e-12, abs_tol=1e-300)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
       st.sampled_from(["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}"]))
def test_round_trip_dates(day, pattern):
    q = parse_value(pattern.format(y=day.year, m=day.month, d=day.day))
    assert (q.kind, q.date) == ("date", (day.year, day.month, day.day))


def test_other_object_types_do_not_raise():
    class Broken:
        def __str__(self):
            raise RuntimeError("no text")

    assert parse_value(Broken()).kind == "unknown"
    assert parse_value(decimal.Decimal("sNaN")).kind == "unknown"
    assert parse_value(10**400).kind == "unknown"
    assert parse_value(fractions.Fraction(1, 4)).number == 0.25
    assert parse_value(1j).kind == "unknown"
    assert parse_value(dt.time(10, 30)).kind == "unknown"
