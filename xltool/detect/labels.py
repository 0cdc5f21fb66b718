"""Indicator labels: codes, names and weights written inside a label cell.

Scoring tables name the same indicator in many spellings: ``'A1.1 绩效目标合理性'``,
``'B1.预算执行'``, ``'A投入(15分)'``, ``'项目决策（10分）'``, ``'城镇职工大额医疗保险参
保人数'`` (a line break from the Word table), ``'A2.2"三公经费"变动率'``. A label is
read once into a :class:`Label` whose ``key`` is what tables are matched on:
spacing, numbering, quotes and full-width forms removed. The weight inside a label
(``（30分）``) is kept, because it is a weight claim that can be wrong (ref 004
D004-15: 'C1 重点工作任务完成情况（30分）' over children worth 24).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from xltool.detect.headers import layout

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# 'A', 'A1', 'A1.1', 'B2.3', 'C1.1.2' before a name (optionally followed by '.', '、' or space).
_CODE = re.compile(r"^\s*([A-Za-z](?:\d{1,2}(?:\s*[.．]\s*\d{1,2}){0,2})?)(?:\s*[.．、]\s*|\s+|(?=[^\x00-\x7f]|[\"']))")
# Chinese or arabic list numbering: '一、', '（一）', '1.', '1、', '(1)'.
_NUMBERING = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]"
                        r"|\d{1,2}\s*[、．]|\d{1,2}\.(?!\d))\s*")
# A weight stated inside the label: '（15分）', '(30 分)', '（权重10分）', '[分值5]'.
_WEIGHT = re.compile(r"[（(\[【]\s*(?:权重|分值)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*分?\s*[)）\]】]")
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·•、，,。.:：;；()（）\[\]【】/\\\-—_]+")
_LEVEL1_WRAP = re.compile(r"^(?:项目)?(.+?)(?:类指标|指标|类|方面)?$")


@dataclass(frozen=True)
class Label:
    """One indicator label read apart: ``code`` ('A1.1' or ''), clean ``name``, ``weight`` from the label."""

    text: str
    code: str
    name: str
    weight: float | None

    @property
    def key(self) -> str:
        """Matching key of the name (see :func:`name_key`)."""
        return name_key(self.name)

    @property
    def code_level(self) -> int | None:
        """Level implied by the code: 'A' → 1, 'A1' → 2, 'A1.1' → 3; None without a code."""
        if not self.code:
            return None
        return min(3, 2 + self.code.count(".")) if any(ch.isdigit() for ch in self.code) else 1


_CIRCLED_SPLIT = re.compile(f"([{_CIRCLED}])")


def fold(text: str) -> str:
    """NFKC-folded text that keeps circled numbers (NFKC would turn '①' into '1')."""
    return "".join(part if part in _CIRCLED else unicodedata.normalize("NFKC", part)
                   for part in _CIRCLED_SPLIT.split(text) if part)


def parse_label(value) -> Label:
    """Read a label cell; non-text cells give an empty label."""
    if not isinstance(value, str):
        return Label("" if value is None else str(value), "", "", None)
    return _parse_text_label(value)


@lru_cache(maxsize=4096)
def _parse_text_label(value: str) -> Label:
    # Cached: the same few block labels (效益指标, 产出指标 …) stand left of every form's
    # header and are read again for each form; a Label is immutable, so one is shared.
    text = value.strip()
    s = fold(text).replace("\n", "").replace("\r", "")
    weight = None
    m = _WEIGHT.search(s)
    if m:
        weight = float(m.group(1))
        s = (s[:m.start()] + s[m.end():]).strip()
    code = ""
    m = _CODE.match(s)
    if m and len(s) > m.end():
        code = re.sub(r"\s+", "", m.group(1)).replace("．", ".").upper()
        s = s[m.end():]
    else:
        s = _NUMBERING.sub("", s, count=1)
    name = re.sub(r"\s+", "", s).strip(" .、")
    return Label(text, code, name, weight)


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The key tables are matched on: no spaces, punctuation, quotes or full-width forms."""
    return _PUNCT.sub("", fold(name)).lower()


@lru_cache(maxsize=1024)
def level1_key(name: str) -> str:
    """Key of a 一级 name, with the frameworks' synonyms merged ('项目管理' ~ '过程', '效果' ~ '效益')."""
    core = _LEVEL1_WRAP.match(name_key(name))
    word = core.group(1) if core else name_key(name)
    return layout()["level1_aliases"].get(word, word)
