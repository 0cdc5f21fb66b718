"""Recognising the parts of a sheet around a scoring table.

Header cells and the column roles they name, which header row starts a table
(and which is a 自评表's, left to ``xltool.detect.forms``), the level each weight or
score column belongs to, total and subtotal labels, captions ('表4-1 …'),
titles above a table and the grade stated below it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from xltool.model.values import read_grade
from xltool.model.grid import SheetGrid
from xltool.detect.headers import any_word, norm, synonym_roles
from xltool.model.form import Cell
from xltool.detect.vocabulary import (COLUMNS, EVALUATOR_ROLES, GRADE_WORDS, SELF_ASSESSMENT_WORDS,
                                          SUBTOTAL_WORDS, TOTAL_WORDS)

LEVEL_ROLES = {"level1": 1, "level2": 2, "level3": 3, "name": 3}
_NORMALISED = {role: tuple(norm(w) for w in words) for role, words in COLUMNS.items()}
_EXACT = synonym_roles(_NORMALISED.items())
_ANY_WORD = any_word(w for ws in _NORMALISED.values() for w in ws)
_CAPTION = re.compile(r"^(?:表|附件|附表|续表)\s*[\d一二三四五六七八九十]")


def header_role(value: Any) -> str | None:
    """The column role a header cell names: exact synonym first, then the longest contained one."""
    return _text_role(value) if isinstance(value, str) else None


@lru_cache(maxsize=65536)
def _text_role(value: str) -> str | None:
    h = norm(value)
    if not h or len(h) > 14 or not _ANY_WORD.search(h):
        return None  # the usual answer for a data cell, found in one C-level search
    if h in _EXACT:
        return _EXACT[h]
    best, best_len = None, 1
    for role, words in _NORMALISED.items():
        for w in words:
            # '得分率' is not '得分': a header ending in 率 only matches a 率 synonym.
            if w in h and len(w) > best_len and not (h.endswith("率") and not w.endswith("率")):
                best, best_len = role, len(w)
    return best


def row_roles(g: SheetGrid, r: int) -> list[tuple[str, int]]:
    """(role, column) for every recognised header cell of a row, left to right."""
    out = []
    continued = g.continued(r)
    for c, value in enumerate(g.shown_row(r)):
        role = header_role(value)
        if not role:
            continue  # most cells: asked first, the merge test below is for the few that name a role
        if c in continued:
            ar, ac = continued[c]
            if ac != c or not _merged_down_header(g, ar, ac, r):
                continue  # a header merged across columns names its first column only
        out.append((role, c))
    return out


def _merged_down_header(g: SheetGrid, ar: int, ac: int, r: int) -> bool:
    """A header cell merged down over a two-row header ('分值' beside '一级指标' on the row below)."""
    return 0 < r - ar <= 2 and header_role(g.raw(ar, ac)) in ("weight", "score", "rate", "deduction", "rule",
                                                             "process", "target", "actual", "explanation",
                                                             "points", "source")


def is_scoring_header(g: SheetGrid, r: int) -> bool:
    """Whether row ``r`` heads a scoring table (not a 自评表 and not a data row)."""
    if g.has_number(r):
        return False  # a data row: tested first, it spares matching the words of most rows
    roles = row_roles(g, r)
    names = {role for role, _ in roles}
    if not names & set(LEVEL_ROLES) or not names & {"weight", "score"} or len(roles) < 2:
        return False
    if not names & EVALUATOR_ROLES:
        texts = [norm(v) for v in g.rows[r] if isinstance(v, str)]
        if "actual" in names or any(w in t for t in texts for w in SELF_ASSESSMENT_WORDS):
            return False
    if names & {"level1", "level2", "level3"} or "score" in names or "rate" in names:
        return True
    return False


def finer_header_below(g: SheetGrid, r: int) -> bool:
    """A two-row header ('评价指标' over '一级指标 | 二级指标 | 三级指标'): the lower row names the levels."""
    def levels(row: int) -> int:
        return len({role for role, _ in row_roles(g, row)} & set(LEVEL_ROLES))

    return r + 1 < g.height and is_scoring_header(g, r + 1) and levels(r + 1) > levels(r)


def header_bottom(g: SheetGrid, r: int, cols: list[int]) -> int:
    bottom = r
    for c in set(cols):
        for _, _, r1, _ in g.merges_from(r, c):
            bottom = max(bottom, min(r1, r + 2))
    return bottom


def bind(roles: list[tuple[str, int]], role: str) -> dict[int, int]:
    """Level each weight/score column belongs to: the nearest level column on its left."""
    levels = sorted((c, LEVEL_ROLES[r]) for r, c in roles if r in LEVEL_ROLES)
    columns = [c for r, c in roles if r == role]
    if len(columns) == 1 and levels:
        return {columns[0]: max(lvl for _, lvl in levels)}  # one column: it holds the row's own value
    bound = {}
    for r, c in roles:
        if r != role:
            continue
        left = [lvl for lc, lvl in levels if lc < c]
        bound[c] = left[-1] if left else (levels[-1][1] if levels else 3)
    return bound


def is_total(label: str) -> bool:
    h = norm(label)
    return h in TOTAL_WORDS or h in SUBTOTAL_WORDS or h.startswith("合计")


def is_caption(g: SheetGrid, r: int) -> bool:
    texts = [v for v in g.rows[r] if v is not None] if r < g.height else []
    return len(texts) == 1 and isinstance(texts[0], str) and bool(_CAPTION.match(texts[0].strip()))


def title_above(g: SheetGrid, hr: int) -> str:
    for r in range(hr - 1, max(-1, hr - 4), -1):
        texts = [v.strip() for v in g.rows[r] if isinstance(v, str) and v.strip()]
        if len(texts) == 1:
            return texts[0]
        if texts:
            break
    return ""


def grade_below(g: SheetGrid, start: int, end: int) -> Cell | None:
    for r in range(start, min(end, g.height)):
        for c in range(g.width):
            v = g.raw(r, c)
            if not isinstance(v, str) or not any(w in norm(v) for w in GRADE_WORDS):
                continue
            if read_grade(v) and len(norm(v)) > 4:
                return Cell(g.name, r, c, v)  # '评价等级：优' in one cell
            for cc in range(c + 1, g.width):
                if g.anchor(r, cc) == (r, cc) and read_grade(g.raw(r, cc)):
                    return Cell(g.name, r, cc, g.raw(r, cc))
            break  # a later label on this row sees a subset of these cells (quadratic on a crafted row)
    return None
