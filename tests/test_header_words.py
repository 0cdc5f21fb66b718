"""Header words: the normalisation and the exact-synonym lookup the role matching starts from."""

from __future__ import annotations

import pytest

from xltool.detect import scoring_layout
from xltool.detect.headers import layout, match_role_strength, norm, synonym_roles


@pytest.mark.parametrize("raw, expected", [
    ("★ 项目 名称：", "项目名称"),  # leading mark, inner spaces, full-width colon
    ("*※预算数(万元)", "预算数"),  # several marks, a trailing unit
    ("得分\n(分)", "得分"),  # a line break from the Word table
    ("  ＊得　分 ", "得分"),  # full-width mark and space
    ("三級指標", "三级指标"),  # traditional characters
    ("执行率(B/A)", "执行率(B/A)"),  # a note that is no unit stays
    ("(分)", ""),
    ("97.81%", "97.81%"),
])
def test_norm(raw, expected):
    assert norm(raw) == expected


def test_synonym_roles_gives_a_shared_synonym_to_the_first_role():
    assert synonym_roles([("score", ("得分", "分数")), ("points", ("分数",))]) == {"得分": "score", "分数": "score"}


@pytest.mark.parametrize("table", ["indicator_columns", "funds_columns"])
def test_every_synonym_is_an_exact_match_of_its_first_role(table):
    first = synonym_roles((role, tuple(norm(w) for w in words)) for role, words in layout()[table].items())
    for role, words in layout()[table].items():
        for w in words:
            assert match_role_strength(w, table) == (first[norm(w)], 3)
            assert match_role_strength(f" {w}(B/A)", table) == (first[norm(w)], 3)  # the stem before a note


def test_data_cells_name_no_role():
    for text in ("97.81%", "=484.31万元", "≧464 万元", "11290人", "2,128.22", "", "合计"):
        assert match_role_strength(text, "indicator_columns") == (None, 0)
        assert scoring_layout.header_role(text) is None
