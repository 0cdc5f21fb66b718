"""Cell values of a 自评表: targets, actuals, amounts, dates and verdict words.

Every check compares a 目标值 with a 业绩值, and both are free text typed (or
OCR'd) by people: ``>=33333 人``, ``≧36300人``, ``=5 元/人 /月``, ``<=12万 元``,
``2024年12月10日前``, ``及时``, ``达到预期指标``. This module reads such a cell
once into an immutable :class:`Quantity`, so that the rules compare like with
like and can say "cannot tell" instead of guessing.

Decisions, and why:

* Never raise. The parser runs on every cell of every workbook and one odd cell
  must not stop a batch; what it cannot read becomes kind ``'qualitative'``
  (text) or ``'unknown'`` (other objects, formulas, overflowing numbers).
* Percentages stay in points (``'95%'`` → 95.0), as the reports and the MOF
  system write them (DOMAIN §9); ``'‰'`` becomes points too (``'5‰'`` → 0.5).
* Full-width forms are folded with NFKC (``'＞＝９５％'`` reads as ``'>=95%'``),
  but NFKC would also turn ``'①'`` into ``'1'`` and ``'㎡'`` into ``'m2'``; list
  markers and super/subscripts are masked first so they never become numbers.
* A number is usable only when it leads the cell, optionally after a label of
  at most six characters (``'完成率≥95%'``, ``'约5万人'``). Text after the
  number and unit is ignored (``'≥95%（含）'``), but a cell whose leading number
  is ambiguous — a list marker (``'1.加强管理'``), a fraction, range or time
  (``'3/4'``, ``'90%-100%'``), two numbers (``'30 437'``), bad grouping
  (``'1,14'``) — is text, because a checker that misreads a number raises
  false alarms.
* A date needs a month (``'12月25日'``, ``'2024-12-31'``) or a year-end word
  (``'年底前'``); a month without a day means the end of that month, the
  reading 时效 rows need. An impossible date (``'2月30日'``) is ``'unknown'``
  rather than a number. ``'按时'``/``'及时'`` are verdict words, not dates.
* ``level`` reads evaluative words only (达成, 完成, 及时, 有效, 显著, 满意…),
  negative and partial forms first because ``'未完成'`` contains ``'完成'``.
  So the targets ``'有效减轻'`` and ``'显著提升'`` get ``'met'`` (they contain
  有效, 显著), while ``'减轻'`` alone is a direction, not a verdict, and gets
  None. A lone ``'无'`` is a placeholder (kind ``'empty'``), not 'unmet'.
* An Excel formula string (openpyxl without ``data_only``) is not a value:
  kind ``'unknown'``. NaN (pandas' blank) is ``'empty'``; ±inf, which no
  workbook can hold, is ``'error'``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Quantity", "parse_number", "parse_shown", "parse_value", "same_dimension"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One cell read as an operator, a magnitude with its unit, a date, or a verdict.

    ``number`` is the magnitude as written (``'12万元'`` → 12.0 with unit
    ``'万元'``), so a finding can quote the cell; use :meth:`in_unit` to compare
    it with a value written in another unit.
    """

    text: str
    kind: str
    op: str | None = None
    number: float | None = None
    unit: str = ""
    date: tuple[int | None, int, int] | None = None
    level: str | None = None

    def in_unit(self, unit: str) -> float | None:
        """The number expressed in ``unit`` (same dimension only), else None.

        Targets and actuals are often written in different magnitudes
        (``'<=12万元'`` against ``'=120000元'``); converting here keeps the
        magnitude rules in one place. Only power-of-ten prefixes are known
        (千, 万, 亿, 十万, 百万 and their products), so 元 never converts to 人.
        """
        if self.number is None:
            return None
        src_scale, src_base = _split_unit(self.unit)
        dst_scale, dst_base = _split_unit(_normalise_unit(unit))
        if src_base != dst_base:
            return None
        # Both scales are exact powers of ten, so one multiplication or division
        # by an exact ratio rounds once (12万元 → exactly 120000元).
        if src_scale >= dst_scale:
            return self.number * (src_scale / dst_scale)
        return self.number / (dst_scale / src_scale)

    @property
    def is_quantitative(self) -> bool:
        """True for a number, percentage or date that carries its value.

        This is what the 量化指标 share (DOMAIN §4e) counts.
        """
        if self.kind in ("number", "percent"):
            return self.number is not None
        return self.kind == "date" and self.date is not None


def same_dimension(unit_a: str, unit_b: str) -> bool:
    """True when :meth:`Quantity.in_unit` converts between the two units.

    Checks use it to tell a unit slip (万元 against 元: convert and compare)
    from an unrelated pair (元 against 人: report the mismatch). Two empty
    units are the same dimension.
    """
    return _split_unit(_normalise_unit(unit_a))[1] == _split_unit(_normalise_unit(unit_b))[1]


def parse_number(raw) -> float | None:
    """The numeric value of a score, weight, amount or rate cell, or None.

    ``'1,140.42'`` → 1140.42, ``' 100.00% '`` → 100.0 (points), ``'96.25分'`` →
    96.25, ``'９６．２５'`` → 96.25; placeholders, errors, dates, verdict words
    and booleans give None. It is :func:`parse_value` restricted to numbers
    and percentages, so both functions always agree on what a cell holds.
    """
    q = parse_value(raw)
    return q.number if q.kind in ("number", "percent") else None


def parse_value(raw) -> Quantity:
    """Read one cell value (None, number, str, bool, date, anything) into a Quantity.

    Never raises: an unreadable object becomes kind 'unknown'.
    """
    if raw is None:
        return _EMPTY
    cls = raw.__class__
    if cls is float or cls is int:  # most cells: tested first, by exact type (a bool is no int here)
        return _parse_plain_number(raw)
    if cls is str or isinstance(raw, str):
        return _parse_short_text(raw) if len(raw) <= _CACHED_LENGTH else _parse_text(raw)
    if isinstance(raw, bool):  # before other numbers: bool is an int
        return Quantity(str(raw), "unknown")
    if isinstance(raw, _dt.date):  # datetime is a date too
        return Quantity(_safe_str(raw), "date", date=(raw.year, raw.month, raw.day))
    if isinstance(raw, numbers.Number):
        return _parse_number_object(raw)
    return Quantity(_safe_str(raw), "unknown")


def parse_shown(raw, percent: int | None = None) -> Quantity:
    """``parse_value`` of a cell as it is shown: a number formatted as a percentage
    (``percent`` = the decimals shown) is that percentage (0.95 → 95 %, text '95%')."""
    if percent is None or type(raw) not in (int, float) or not math.isfinite(raw):
        return parse_value(raw)
    return Quantity(f"{raw * 100:.{percent}f}%", "percent", number=raw * 100, unit="%")


# ---------------------------------------------------------------- units

# Applied repeatedly, so 千万 = 千 × 万 and 万亿 = 万 × 亿. 百 alone is absent on
# purpose: 百分点 is not a hundred 分点.
_MAGNITUDES = (("百万", 1e6), ("十万", 1e5), ("千", 1e3), ("万", 1e4), ("亿", 1e8))
_DOTS = str.maketrans({c: "·" for c in "・•‧∙⋅･"})


@lru_cache(maxsize=1024)
def _normalise_unit(unit: str) -> str:
    """Canonical spelling of a unit: folded, no spaces, one kind of middle dot.

    Cached: a few dozen units are written in every form, and each quantity read or
    converted normalises its unit."""
    return "".join(_fold(unit).split()).translate(_DOTS)


def _split_unit(unit: str) -> tuple[float, str]:
    """(scale, base): '万元' → (1e4, '元'), '千万元' → (1e7, '元'), '万' → (1e4, '')."""
    scale = 1.0
    stripped = True
    while stripped:
        stripped = False
        for prefix, factor in _MAGNITUDES:
            if unit.startswith(prefix):
                unit, scale, stripped = unit[len(prefix):], scale * factor, True
                break
    return scale, unit


# ---------------------------------------------------------------- text folding

# Characters NFKC would turn into digits although they are list markers,
# footnotes or exponents (①, ⑴, ⒈, ❶, ², ½ …); masked to a neutral symbol.
_MASKED_RANGES = ((0x00B2, 0x00B3), (0x00B9, 0x00B9), (0x00BC, 0x00BE), (0x2070, 0x209F),
                  (0x2150, 0x215F), (0x2189, 0x2189), (0x2460, 0x24FF), (0x2776, 0x2793),
                  (0x3251, 0x325F), (0x3280, 0x32BF))
_PRE_NFKC = {cp: "※" for lo, hi in _MASKED_RANGES for cp in range(lo, hi + 1)}
_PRE_NFKC.update({ord("㎡"): "平方米", ord("㎥"): "立方米", ord("−"): "-"})


def _fold(text: str) -> str:
    """Full-width and compatibility forms folded to the ASCII the regexes expect."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text.translate(_PRE_NFKC)).strip()


def _safe_str(raw) -> str:
    """str(raw), or '' when the object's __str__ itself fails."""
    try:
        return str(raw).strip()
    except Exception:  # noqa: BLE001 - arbitrary objects; the parser must not raise
        return ""


# ---------------------------------------------------------------- patterns

_OPERATOR_WORDS = {
    ">=": (">=", "=>", "≥=", "≥", "≧", "⩾", "≮", "大于等于", "大于或等于", "不低于", "不少于", "不小于",
           "不短于", "不早于", "至少"),
    "<=": ("<=", "=<", "≤=", "≤", "≦", "⩽", "≯", "小于等于", "小于或等于", "不高于", "不超过", "不超出",
           "不大于", "不多于", "不长于", "不晚于", "不迟于", "未超过", "至多", "控制在"),
    ">": (">", "大于", "高于", "超过", "多于", "晚于", "迟于"),
    "<": ("<", "小于", "低于", "少于", "不足", "未达到", "未满", "早于"),
    "=": ("==", "=", "等于"),
}
_OPERATORS = {word: op for op, words in _OPERATOR_WORDS.items() for word in words}
# Spaces are tolerated between the characters of an operator ('> =', '不 低于'),
# as OCR and careless typing produce them; longest spelling first.
_OP = "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(_OPERATORS, key=len, reverse=True))

_SUFFIX_OPS = {"及以上": ">=", "或以上": ">=", "以上": ">=", "及以下": "<=", "或以下": "<=", "以下": "<=",
               "以内": "<=", "之内": "<=", "内": "<=", "左右": None}
_DATE_SUFFIX_OPS = {"之前": "<=", "以前": "<=", "前": "<=", "以内": "<=", "之内": "<=", "内": "<=",
                    "之后": ">=", "以后": ">=", "后": ">="}

# A short leading label with no digits and no sentence punctuation; longer
# prefixes are narrative, whose numbers are not the cell's value.
_LABEL = r"(?P<label>[^0-9,;。]{0,6}?)"

_NUM = (r"(?P<num>(?>(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+(?:\.[ ]?[0-9]+)?"
        r"|[0-9]+(?:\.[ ]?[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))")
_QUANTITY = rf"(?P<op>{_OP})?\s*(?P<sign>[+-])?\s*{_NUM}"
_HEAD = re.compile(_LABEL + _QUANTITY)

_UNIT_WORDS = (
    "元", "人", "人次", "户", "户次", "个", "个百分点", "百分点", "个工作日", "工作日", "个月", "次", "件", "件次",
    "家", "所", "天", "日", "小时", "分钟", "周", "月", "季度", "年", "分", "项", "台", "套", "辆", "张", "份",
    "篇", "场", "期", "批", "座", "处", "平方米", "立方米", "公里", "米", "亩", "公顷", "吨", "克", "斤", "株",
    "棵", "头", "只", "间", "床", "床位", "册", "本", "条", "名", "位", "支", "部", "块", "栋", "笔", "宗", "盏",
    "根", "例", "岁", "村", "校", "类", "种", "档", "级", "倍", "层", "门", "节", "课时", "学时", "页", "包",
    "盒", "瓶", "箱", "袋", "趟", "轮", "度", "瓦", "瓦时",
)
_BASE = (r"(?:(?:百万|十万|千|万|亿)+\s*(?:{w})?|(?:{w}))"
         .format(w="|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + "|[A-Za-z]+"))
# Compound units '元/人/月', '元/人·年'; a trailing separator survives
# truncation ('=5 元/人/').
_UNIT = rf"{_BASE}(?:\s*[/·・•‧∙⋅]\s*(?:{_BASE})?)*"
_TAIL = re.compile(
    rf"\s*(?:(?P<pct>[%‰])|(?P<unit>{_UNIT}))?\s*(?:\(含\))?\s*"
    rf"(?P<suf>{'|'.join(sorted(_SUFFIX_OPS, key=len, reverse=True))})?"
)
# The shape of most data cells ('97.81%', '≥9032 人', '=484.31万元', '2,128.22'): an operator, a
# number and a unit or percent sign, nothing else. Matched whole, such a text reads exactly as
# the full parser reads it, in one match instead of seven (see _parse_text). The unit is atomic:
# it is the unit _TAIL takes, and a text only another cut of its unit would consume is not simple.
_SIMPLE = re.compile(rf"{_QUANTITY}\s*(?:(?P<pct>[%‰])|(?P<unit>(?>{_UNIT})))?")
# After a bare number: a list marker, version, thousands slip or second number.
_BARE_NUMBER_JUNK = re.compile(r"[、).]|,[0-9]|\s+[0-9]")
# After a number or its unit: a range, fraction or time ('90-100', '3/4', '10:30').
_JOINED_NUMBER = re.compile(r"\s*[-~至到/:]\s*[0-9]")

_DATE = re.compile(
    rf"{_LABEL}(?P<op>{_OP})?\s*(?:"
    r"(?P<iy>[0-9]{4})\s*(?P<sep>[-/.])\s*(?P<im>[0-9]{1,2})\s*(?P=sep)\s*(?P<id>[0-9]{1,2})(?![0-9])"
    r"|(?:(?P<cy>[0-9]{4})\s*年\s*)?(?P<cm>[0-9]{1,2})\s*月"
    r"(?:\s*(?P<cd>[0-9]{1,2})(?![0-9])\s*[日号]?|\s*(?:底|末))?)"
)
_YEAR_END = re.compile(
    rf"(?P<op>{_OP})?\s*(?:(?P<y>[0-9]{{4}})\s*)?年度?(?:底|末|终|(?=\s*(?:以内|之内|内)))"
)
_DATE_SUFFIX = re.compile(rf"\s*(?P<suf>{'|'.join(sorted(_DATE_SUFFIX_OPS, key=len, reverse=True))})?")

_PLACEHOLDER = re.compile(r"[-—–―‐‑_/\\~·.…*\s]+|无|空|暂无|不适用|N/?A|null|none|nan", re.IGNORECASE)
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                           "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
# '=B5/C5', '=SUM(', "='表1'!A1": formula text read without cached values.
_FORMULA = re.compile(r"=\s*[-+]?\s*(?:\$?[A-Za-z]{1,3}\$?[0-9]+|[A-Za-z_][A-Za-z0-9_.]*\s*\(|'[^']*'!)")

_POSITIVE = "达成|完成|达到|达标|合格|符合|实现|满意|及时|按时|按期|显著|有效|明显|到位"
_UNMET = re.compile(rf"(?:未|没有|没|不|无)(?:{_POSITIVE})|较差|很差|效果差|无效|无影响")
_PARTIAL = re.compile(rf"(?:部分|基本|大部分|大体|大致|初步)(?:{_POSITIVE})|较好|一般|尚可")
_MET = re.compile(rf"{_POSITIVE}|良好|优秀|正常|好评")
_EXACT_LEVELS = {"是": "met", "有": "met", "好": "met", "否": "unmet", "差": "unmet"}

_EMPTY = Quantity("", "empty")


# ---------------------------------------------------------------- parsing


@lru_cache(maxsize=32768, typed=True)
def _parse_plain_number(raw: int | float) -> Quantity:
    # weights, scores and amounts repeat across rows and files; typed: 1 and 1.0 print differently
    return _parse_number_object(raw)


def _parse_number_object(raw: numbers.Number) -> Quantity:
    text = _safe_str(raw)
    try:
        x = float(raw)  # complex, Decimal('sNaN') and huge ints refuse
    except (TypeError, ValueError, OverflowError):
        return Quantity(text, "unknown")
    if math.isnan(x):
        return Quantity(text, "empty")
    if math.isinf(x):
        return Quantity(text, "error")
    return Quantity(text, "number", number=x)


_CACHED_LENGTH = 64
"""Cell texts up to this length are parsed once per process: forms repeat the same targets,
units and verdicts in every row and file, and recalculation and rules read each cell
several times. Longer texts (narratives) are rarely repeated and would only fill the cache."""


@lru_cache(maxsize=32768)
def _parse_short_text(raw: str) -> Quantity:
    return _parse_text(raw)


def _parse_text(raw: str) -> Quantity:
    text = raw.strip()
    s = _fold(text)
    # A simple quantity holds no month (a date needs 月; a year end needs 底, 末, 终 or 内, and
    # neither do an operator, number or unit), no formula, error or placeholder (it holds a
    # digit right after its operator): every test below would pass it on to _parse_quantity.
    simple = _SIMPLE.fullmatch(s) if "月" not in s else None
    if simple:
        return _quantity(text, simple, simple["pct"], simple["unit"], None)
    return _parse_folded(text, s)


def _parse_folded(text: str, s: str) -> Quantity:
    """The full reading of ``text`` (``s``: it folded), every shape tried in turn."""
    if not s or _PLACEHOLDER.fullmatch(s):
        return Quantity(text, "empty")
    if s.upper() in _EXCEL_ERRORS:
        return Quantity(text, "error")
    if _FORMULA.match(s):
        return Quantity(text, "unknown")
    return (_parse_date(text, s) or _parse_quantity(text, s)
            or Quantity(text, "qualitative", level=_level(s)))


def _operator(spelling: str | None) -> str | None:
    return None if spelling is None else _OPERATORS["".join(spelling.split())]


def _days_in_month(year: int | None, month: int) -> int:
    # An unknown year is taken as a leap year, so '2月29日' is accepted.
    return calendar.monthrange(2000 if year is None else year, month)[1]


def _parse_date(text: str, s: str) -> Quantity | None:
    m = _YEAR_END.match(s)
    if m:
        year, month, day = (int(m["y"]) if m["y"] else None), 12, 31
    else:
        m = _DATE.match(s)
        if not m:
            return None
        year_text, month, day_text = m["iy"] or m["cy"], int(m["im"] or m["cm"]), m["id"] or m["cd"]
        year = int(year_text) if year_text else None
        if not 1 <= month <= 12:
            return Quantity(text, "unknown")
        day = int(day_text) if day_text else _days_in_month(year, month)
        if not 1 <= day <= _days_in_month(year, month):
            return Quantity(text, "unknown")
    suffix = _DATE_SUFFIX.match(s, m.end())["suf"]
    op = _operator(m["op"]) or _DATE_SUFFIX_OPS.get(suffix)
    return Quantity(text, "date", op=op, date=(year, month, day))


def _parse_quantity(text: str, s: str) -> Quantity | None:
    head = _HEAD.match(s)
    if not head:
        return None
    tail = _TAIL.match(s, head.end())
    pct, unit = tail["pct"], tail["unit"]
    if not (pct or unit) and _BARE_NUMBER_JUNK.match(s, head.end()):
        return None
    if _JOINED_NUMBER.match(s, tail.end("pct") if pct else tail.end("unit") if unit else head.end()):
        return None
    return _quantity(text, head, pct, unit, _SUFFIX_OPS.get(tail["suf"]))


def _quantity(text: str, head: re.Match, pct: str | None, unit: str | None, suffix_op: str | None) -> Quantity:
    """The Quantity of a ``_QUANTITY`` match followed by ``pct`` or ``unit``, for both parsing paths."""
    x = float(head["num"].replace(",", "").replace(" ", ""))
    if not math.isfinite(x):
        return Quantity(text, "unknown")
    if head["sign"] == "-":
        x = -x
    op = _operator(head["op"]) or suffix_op
    if pct:
        return Quantity(text, "percent", op=op, number=x / 10 if pct == "‰" else x, unit="%")
    return Quantity(text, "number", op=op, number=x, unit=_normalise_unit(unit or ""))


def _level(s: str) -> str | None:
    """'met' | 'partial' | 'unmet' | None from the verdict words in a text."""
    t = "".join(s.split())
    if t in _EXACT_LEVELS:  # one-character verdicts only when alone: 差 is in 偏差
        return _EXACT_LEVELS[t]
    if _UNMET.search(t):
        return "unmet"
    if _PARTIAL.search(t):
        return "partial"
    if _MET.search(t):
        return "met"
    return None


_GRADE_WORDS = (("不合格", "差"), ("优秀", "优"), ("良好", "良"), ("中等", "中"), ("合格", "中"),
                ("优", "优"), ("良", "良"), ("中", "中"), ("差", "差"))
_GRADE_IN_TEXT = re.compile(r"等级\s*(?:[:：]|为|是|评定为)?\s*[“\"'「]?(不合格|优秀|良好|中等|合格|优|良|中|差)")


def read_grade(value) -> str | None:
    """The grade a cell states: '优', '良好', '自评等级：良', '…自评等级为“优”。' → 优/良/中/差."""
    text = value.strip() if isinstance(value, str) else ""
    for word, grade in _GRADE_WORDS:
        if text == word:
            return grade
    m = _GRADE_IN_TEXT.search(text)
    return dict(_GRADE_WORDS)[m.group(1)] if m else None
