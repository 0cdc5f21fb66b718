"""The simple-quantity shortcut of xltool.model.values reads every text exactly as the full parser does.

``_parse_text`` answers texts shaped like ``'≥9032 人'`` from one match and leaves the rest to
``_parse_folded``; these tests run both on the same texts (every text cell of the repository's
workbooks, generated operator × number × unit combinations, random texts) and compare.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xltool.io.read import read_workbook
from xltool.model import values

ROOT = Path(__file__).resolve().parent.parent

OPERATORS = ["", "+", "-", " - ", *values._OPERATORS, "> =", "不 低于", "≥=", "=>", "==", "=-", "约", "完成率"]
NUMBERS = ["0", "5", "12", "96", "2024", "161.87", "1,234", "2,128.22", "1,2345", "1234,567", "1,14", ".5", "5.",
           "96. 61", "5e3", "5E-2", "5e", "1e999", "3/4", "90-100", "30 437", "10:30", "12.5.3", "2024.12.31",
           "2024-12-31", "2024/12/31", "①", "⑴", "²", "½", "１２", "９６．２５", "1、", "1)", "0.5.", "5,"]
UNITS = ["", " ", "%", "‰", "％", *values._UNIT_WORDS, "万", "千万元", "万人次", "元/人", "元/人/月", "元/人·年", "万元/公里",
         "元/", "元 / 人", "kg", "km", "e", "e3", "年底", "年内", "年度", "12月", "月底", "日前", "以上", "及以上", "左右",
         "(含)", "（含）", "以内", "内", "前", "底", "-100", "/4", "%-100%", "~9", "至10", "人。", "人 以上", "元 ", "㎡",
         "#", "!", "?", "A1", "(", "分(含)"]
SPACES = ["", " ", "  ", "　"]
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _same_as_full_parser(raw: str) -> bool:
    """Whether ``_parse_text`` (shortcut included) gives exactly the full parser's Quantity.

    repr, not ==: it tells -0.0 from 0.0 and 5 from 5.0."""
    text = raw.strip()
    return repr(values._parse_text(raw)) == repr(values._parse_folded(text, values._fold(text)))


def _is_simple(raw: str) -> bool:
    s = values._fold(raw.strip())
    return "月" not in s and values._SIMPLE.fullmatch(s) is not None


def _generated(n: int = 40000) -> list[str]:
    rng = random.Random(20240601)
    out = []
    for _ in range(n):
        text = rng.choice(SPACES).join((rng.choice(OPERATORS), rng.choice(NUMBERS), rng.choice(UNITS)))
        out.append(text.translate(FULL_WIDTH) if rng.random() < 0.1 else text)
    return out


def _workbook_texts() -> set[str]:
    texts = set()
    for path in sorted([*ROOT.glob("samples/**/*.xls*"), *ROOT.glob("tests/**/*.xls*")]):
        try:
            grids = read_workbook(path)
        except Exception:  # noqa: BLE001 - a deliberately broken fixture has no texts to compare
            continue
        texts.update(v for g in grids for row in g.rows for v in row if isinstance(v, str))
    return texts


@pytest.mark.parametrize("text", ["97.81%", "=484.31万元", "≧464 万元", "11290人", "2,128.22", ">=36674人",
                                  "161.87", "≤622 万元", "不低于95%", "-5", "<=5 元/人·年", "5e3"])
def test_data_cells_take_the_shortcut(text):
    assert _is_simple(text)
    assert _same_as_full_parser(text)


@pytest.mark.parametrize("text", ["12月", "=12 月", "5 元/人/月", "2024年底", "2024年内", "1,2345", "3/4", "90-100",
                                  "①", "1.加强管理", "95%以上", "≥95%（含）", "=B5/C5", "#DIV/0!", "-", "2024.12.31"])
def test_other_shapes_take_the_full_parser(text):
    assert not _is_simple(text)
    assert _same_as_full_parser(text)


def test_workbook_texts_read_as_by_the_full_parser():
    texts = _workbook_texts()
    assert sum(map(_is_simple, texts)) > 100  # the comparison covers the shortcut, not only the fallback
    assert [t for t in texts if not _same_as_full_parser(t)] == []


def test_generated_texts_read_as_by_the_full_parser():
    texts = _generated()
    assert sum(map(_is_simple, texts)) > 5000
    assert [t for t in texts if not _same_as_full_parser(t)] == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*OPERATORS, *NUMBERS, *UNITS, *SPACES, "0", "9", ",", ".", "/", "月", "年"]),
                max_size=6))
def test_random_texts_read_as_by_the_full_parser(parts):
    assert _same_as_full_parser("".join(parts))
