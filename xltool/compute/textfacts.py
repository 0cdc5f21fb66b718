"""Facts stated in a row's free text (评分过程, 扣分原因, 指标解释).

Evaluators write the measurement and the arithmetic into the text:
'完成率=(30437/33333)*100%=91.31%', '在职人员13人…在职人员控制率=(13/13)×100.00%
=100.00%', '项目总支出为 0.00 万元…重点支出安排率=(重点项目支出/项目总支出)×
100.00%=0.00%', '满意的问卷比例为91.31%，扣1.11分', '该要素得 1/4 权重分'. This module
reads them — formulas are evaluated (names resolved against the amounts the
same text states), so a result that contradicts its own numbers, or a ratio
over a zero denominator, can be reported. Nothing here guesses: a name that
cannot be resolved leaves the formula unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xltool.detect.labels import fold

_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?"
_RESULT = re.compile(
    rf"(?P<name>[\u4e00-\u9fff\"“”]*(?:率|比例|比重|占比))?\s*[=＝]\s*(?P<expr>[^=;；。]*?/[^=;；。]*?)\s*"
    rf"(?:\*\s*100(?:\.0+)?\s*%\s*)?=\s*(?P<res>{_NUM})\s*%")
_BARE_RESULT = re.compile(rf"(?P<expr>\(\s*{_NUM}\s*/\s*{_NUM}\s*\))\s*\*\s*100(?:\.0+)?\s*%\s*=\s*(?P<res>{_NUM})\s*%")
_AMOUNT = re.compile(rf"(?P<name>[\u4e00-\u9fff\"“”]{{2,30}})\s*(?P<num>{_NUM})\s*"
                     r"(?P<unit>万元|亿元|元|人次|人|户次|户|项|个|份|家|次|场|期|篇|所|座|台|套|件|笔|天|小时|公里|平方米|亩|吨|%)")
_NAME_TAIL = re.compile(r"(?:为|是|达到|达|共计|合计|累计|约|计|总计|已)+$")
_STATED = re.compile(
    rf"(?P<name>[\u4e00-\u9fff\"“”]{{0,20}}?(?:率|比例|比重|占比|满意度|满意程度|知晓度))\s*"
    rf"(?:为|达到|达|是|约|:|=|仅为|仅)?\s*(?P<num>{_NUM})\s*%")
# The row's own conclusion ('得分5.48分', '该指标得分3.00分', '本项指标得0.50分'), not an element's '得（2分）'.
_SCORE = re.compile(r"(?:得分(?:为)?|(?:该|本)项?指标(?:最终)?得(?:分)?(?:为)?)\s*(?P<v>\d+(?:\.\d+)?)\s*分(?![之权])")
_DEDUCT = re.compile(r"扣(?:除|减)?(?:了)?\s*(?P<v>\d+(?:\.\d+)?)\s*分(?![之权])")
_CONCLUSION = re.compile(r"综上|合计|共计扣|累计扣")
_FULL = re.compile(r"满分(?:为)?\s*(?P<v>\d+(?:\.\d+)?)\s*分")
_MARKER = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]")
_MARKER_REF = re.compile(r"(?:要素|要点|第)\s*([①②③④⑤⑥⑦⑧⑨⑩])")
_UNMET = re.compile(r"不得分|扣除(?:该|此|本)?(?:要素|要点)|扣除对应|该(?:要素|要点)扣|不符合要求|未达到要求")
_MET = re.compile(r"得满分|(?:要素|要点)(?:得|符合)|得\s*\d+\s*/\s*\d+\s*(?:的)?权重分|符合要求")
# The closing summary ('综上…该指标得分3.00分') is not a verdict on the last element.
_SUMMARY = re.compile(r"(?:综上|依据评分规则|根据评分规则|按照评分规则|因此|故)[^①②③④⑤⑥⑦⑧⑨⑩]*$")
_SCALE = {"万元": 1e4, "亿元": 1e8, "元": 1.0}


class Undefined(float):
    """Marker for a ratio whose denominator is zero (a float so it sorts, never used as a number)."""


@dataclass(frozen=True)
class Formula:
    """'名称=表达式×100%=结果%' as written, with its evaluation when every name resolves."""

    text: str
    name: str
    expr: str
    stated: float  # percentage points
    computed: float | None  # percentage points; None when not evaluable
    undefined: bool  # denominator zero
    terms: tuple[float, ...] = ()  # numbers the expression used, in order (for numerator/denominator)


@dataclass(frozen=True)
class Facts:
    """What one text states."""

    formulas: tuple[Formula, ...] = ()
    stated: tuple[tuple[str, float], ...] = ()  # ('满意度', 96.77) percentage statements
    score: float | None = None  # last '得分X分'
    deduction: float | None = None  # last '扣X分'
    full: float | None = None  # '满分X分'
    verdicts: dict[int, bool] = field(default_factory=dict)  # element number → met
    segments: int = 0  # number of ①②… segments


def normalise(text: str) -> str:
    """Folded text with one spelling of × ÷ and brackets, and no spaces inside numbers."""
    s = fold(text)
    s = s.replace("×", "*").replace("✕", "*").replace("÷", "/").replace("[", "(").replace("]", ")")
    s = re.sub(r"(?<=\d)\s+(?=[\d.,])|(?<=[\d.,])\s+(?=\d)", "", s)
    return re.sub(r"[ \t\r\n]+", " ", s)


def read_facts(text: str) -> Facts:
    """All facts of one text cell."""
    if not text:
        return Facts()
    s = normalise(text)
    amounts = named_amounts(s)
    formulas = tuple(_formulas(s, amounts))
    taken = [(f.text, f.stated) for f in formulas]
    stated = tuple((m["name"].strip("\"“”"), _to_float(m["num"])) for m in _STATED.finditer(s)
                   if not any(m.group(0) in t for t, _ in taken))
    return Facts(formulas=formulas, stated=stated, score=_last(_SCORE, s), deduction=_total_deduction(s),
                 full=_last(_FULL, s), **_verdicts(s))


def stated_quantities(s: str) -> list[tuple[str, float, str]]:
    """'全年预算数 376.09 万元', '实际培训900人次' → [(名称, 数值, 单位)] as written."""
    out = []
    for m in _AMOUNT.finditer(s):
        name = _NAME_TAIL.sub("", m["name"].strip("\"“”"))
        if name.startswith(("年", "月", "日")) and s[:m.start()].rstrip()[-1:].isdigit():
            name = name[1:]  # '2023 年实际支出…': the 年 belongs to the date
        if len(name) >= 2:
            out.append((name, _to_float(m["num"]), m["unit"]))
    return out


def named_amounts(s: str) -> dict[str, float]:
    """{名称: 数值} with money in 元, so that formula terms in 元 and 万元 divide correctly."""
    return {name: v * _SCALE.get(unit, 1.0) for name, v, unit in stated_quantities(s)}


def _formulas(s: str, amounts: dict[str, float]):
    seen = set()
    for pattern in (_RESULT, _BARE_RESULT):
        for m in pattern.finditer(s):
            if m.start("res") in seen:
                continue
            seen.add(m.start("res"))
            expr = m["expr"].strip().lstrip("=").strip()
            value, undefined, terms = evaluate(expr, amounts)
            computed = None if value is None or undefined else value * 100
            yield Formula(text=m.group(0), name=(m.groupdict().get("name") or "").strip("\"“”"), expr=expr,
                          stated=_to_float(m["res"]), computed=computed, undefined=undefined, terms=terms)


def evaluate(expr: str, amounts: dict[str, float]) -> tuple[float | None, bool, tuple[float, ...]]:
    """Value of an arithmetic expression over numbers and stated names; (None, False, ()) if unreadable."""
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[()+\-*/]|[^()+\-*/\s\d][^()+\-*/]*", expr)
    values: list[float] = []
    out: list = []
    for tok in tokens:
        tok = tok.strip()
        if not tok:
            continue
        if tok in "()+-*/":
            out.append(tok)
        elif re.fullmatch(r"\d[\d,]*(?:\.\d+)?", tok):
            values.append(_to_float(tok))
            out.append(values[-1])
        else:
            v = resolve(tok, amounts)
            if v is None:
                return None, False, ()
            values.append(v)
            out.append(v)
    try:
        parser = _Parser(out)
        result = parser.expr()
        if parser.pos != len(out):
            return None, False, ()
    except ZeroDivisionError:
        return None, True, tuple(values)
    except (IndexError, TypeError, ValueError):
        return None, False, ()
    return result, False, tuple(values)


def resolve(term: str, amounts: dict[str, float]) -> float | None:
    """The amount a formula term names: exact name, else the one name that ends with, starts with or contains it."""
    term = term.strip("\"“” ")
    if term in amounts:
        return amounts[term]
    for test in (lambda n: n.endswith(term), lambda n: n.startswith(term) or (len(n) >= 4 and term.startswith(n)),
                 lambda n: term in n):
        found = {amounts[n] for n in amounts if test(n)}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


class _Parser:
    """Recursive descent over + - * / and parentheses; division by zero raises."""

    def __init__(self, tokens: list):
        self.t, self.pos = tokens, 0

    def expr(self) -> float:
        v = self.term()
        while self.pos < len(self.t) and self.t[self.pos] in ("+", "-"):
            op = self.t[self.pos]
            self.pos += 1
            v = v + self.term() if op == "+" else v - self.term()
        return v

    def term(self) -> float:
        v = self.factor()
        while self.pos < len(self.t) and self.t[self.pos] in ("*", "/"):
            op = self.t[self.pos]
            self.pos += 1
            rhs = self.factor()
            if op == "/" and rhs == 0:
                raise ZeroDivisionError
            v = v * rhs if op == "*" else v / rhs
        return v

    def factor(self) -> float:
        tok = self.t[self.pos]
        self.pos += 1
        if tok == "(":
            v = self.expr()
            if self.t[self.pos] != ")":
                raise ValueError("unbalanced")
            self.pos += 1
            return v
        if tok == "-":
            return -self.factor()
        if isinstance(tok, float):
            return tok
        raise ValueError(tok)


def _verdicts(s: str) -> dict:
    """Which numbered elements the text says are met ('该要素得1/4权重分') or not ('该要素不得分')."""
    s = _SUMMARY.sub("", _MARKER_REF.sub("要素", s))
    parts = _MARKER.split(s)
    markers = _MARKER.findall(s)
    verdicts: dict[int, bool] = {}
    for marker, part in zip(markers, parts[1:]):
        n = "①②③④⑤⑥⑦⑧⑨⑩".index(marker) + 1
        if _UNMET.search(part):
            verdicts[n] = False
        elif _MET.search(part):
            verdicts[n] = True
    return {"verdicts": verdicts, "segments": len(markers)}


def _total_deduction(s: str) -> float | None:
    """The deduction the text states for the whole row: the only one, or the one in its conclusion."""
    found = list(_DEDUCT.finditer(s))
    if len(found) == 1:
        return float(found[0]["v"])
    ends = [m.end() for m in _CONCLUSION.finditer(s)]
    after = [m for m in found if ends and m.start() >= ends[-1]]
    return float(after[-1]["v"]) if after else None


def _last(pattern: re.Pattern, s: str) -> float | None:
    found = list(pattern.finditer(s))
    return float(found[-1]["v"]) if found else None


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))
