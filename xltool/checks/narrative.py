"""Narrative check: figures in 年度总体目标·实际完成情况 must equal the indicator table.

Real reports write last year's figures or stale drafts into the narrative
(ref 000: 30750 人 in the text, 30437 人 in the table). For each quantitative
indicator, the narrative is searched for the indicator's name (or a long tail of
it) followed closely by a number in a compatible unit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from xltool.codes import finding
from xltool.findings import Finding
from xltool.compute.recalc import FormCalc, IndicatorCalc
from xltool.display import num, shown
from xltool.model.values import parse_value, same_dimension

_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(%|万人次|人次|万人|人|万元|亿元|元|个|次|件|户|家|所|天|公里|千米|亩|套|台|项|场|期|篇|名|辆|床)?")
_SPACES = re.compile(r"\s+")
_STOP = "。；;！!？?\n"
_WINDOW = 30
# a figure preceded by these words is the plan or last year's, not this year's result
_NOT_RESULT = ("计划", "目标", "预期", "上年", "去年", "年初", "同比", "较")


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT206."""
    cell = calc.form.goal_actual
    if cell is None or not isinstance(cell.value, str):
        return
    text = unicodedata.normalize("NFKC", cell.value)
    compact = re.sub(r"(?<=\d)\s+(?=[\d.])|(?<=\d\.)\s+(?=\d)", "", text)
    for c in calc.indicators:
        raw = _stated_value(compact, c)
        if raw is None:
            continue
        value = parse_value(raw).in_unit(c.actual.unit) if c.actual.unit else parse_value(raw).number
        table = c.actual.number
        if value is None or table is None:
            continue
        decimals = len(re.sub(r"\D", "", raw.split(".")[1])) if "." in raw else 0
        if abs(value - table) > 0.5 * 10 ** (-decimals) + 1e-9:
            ind = c.indicator
            found = finding("XT206", calc.form.sheet, cell.addr, "default", name=_name(c), stated=raw,
                            actual=shown(c.actual), actual_cell=ind.actual.addr, text_cell=cell.addr,
                            expected=f"{num(table)}{c.actual.unit}", found=raw, indicator=ind.path)
            found.extra["related"] = [ind.actual.addr]  # the annotated copy marks the indicator cell too
            yield found


def _name(c: IndicatorCalc) -> str:
    return _compact(str(c.indicator.name.value or ""))


@lru_cache(maxsize=8192)
def _compact(name: str) -> str:
    """A name folded and without spaces, as the narrative is searched for it (once per distinct name)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


def _stated_value(text: str, c: IndicatorCalc) -> str | None:
    """The figure with its unit (e.g. '30750人') the narrative gives for this indicator, or None."""
    if c.actual.kind not in ("number", "percent") or c.actual.number is None:
        return None
    name = _name(c)
    if len(name) < 4:
        return None
    shortest = max(4, math.ceil(0.6 * len(name)))
    for start in range(0, len(name) - shortest + 1):
        key = name[start:]
        pos = text.find(key)
        if pos < 0:
            continue
        window = text[pos + len(key): pos + len(key) + _WINDOW]
        for stop in _STOP:
            window = window.split(stop)[0]
        for m in _NUMBER.finditer(window):
            if any(word in window[:m.start()] for word in _NOT_RESULT):
                return None
            after = window[m.end(): m.end() + 1]
            unit = m.group(2) or ""
            if after in ("年", "月", "日") or (not unit and after in ("月", "日")):
                continue
            if not _compatible(unit, c.actual.unit):
                continue
            return re.sub(r"\s+", "", m.group(0))
        return None
    return None


def _compatible(unit: str, actual_unit: str) -> bool:
    if unit == actual_unit:
        return True
    if not unit or not actual_unit:
        return False
    return same_dimension(unit, actual_unit)
