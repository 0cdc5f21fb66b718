"""Layout detection: find the 自评表 forms in a workbook by their header words.

Nothing here relies on fixed coordinates. An indicator grid is a row that names
三级指标 plus a weight or score column plus a target or actual column; the funds
block, the 年度总体目标 and the 总分/等级 cells are searched around it. A sheet may
hold several forms, a workbook several sheets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from xltool.model.grid import SheetGrid
from xltool.detect.labels import parse_label
from xltool.detect.headers import has_word, header_weight, is_word, layout, match_role_strength, norm
from xltool.model.form import Cell, Form, FundsRow, Indicator
from xltool.model.values import parse_value, read_grade

_PLACEHOLDERS = {"", "-", "—", "——", "－", "/", "／", "无", "空", "\\"}


@dataclass(frozen=True)
class _Header:
    row: int  # last header row; data start below it
    first_row: int
    cols: dict[str, int]


def _grade_cell(g: SheetGrid, start: int, end: int) -> Cell | None:
    """The cell holding the declared grade: right of a 等级 label, or a text stating '等级为“优”'."""
    words = layout()["form"]["grade"]
    labelled = _labelled_value(g, words, start, end, exact=False, numeric=False)
    if labelled is not None and read_grade(labelled.value):
        return labelled
    for r in range(start, min(end, g.height)):
        for c, v in g.own_cells(r):
            if has_word(v, words) and read_grade(v):
                return Cell(g.name, r, c, v)
    return None


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ""


def is_placeholder(v: Any) -> bool:
    """True for blank cells and the dashes and slashes forms use for 'not applicable'."""
    if v is None:
        return True
    return isinstance(v, str) and v.strip() in _PLACEHOLDERS


_TABLES = ("indicator_columns", "funds_columns")


def _row_roles(g: SheetGrid, r: int) -> Mapping[str, Mapping[str, int]]:
    """Column of each role a row names, for each header table of layouts.toml: when two columns
    claim a role, the stronger header evidence wins (exact synonym > ends with it > contains
    it), then the leftmost. Both tables in one walk of the row."""
    named = [(c, hits) for c, value in enumerate(g.shown_row(r))
             if value.__class__ is str and (hits := _roles_named(value))]  # only text names a role
    if not named:
        return _NO_ROLES  # most rows, found without building their answer
    found: dict[str, dict[str, int]] = {table: {} for table in _TABLES}
    strength: dict[str, dict[str, int]] = {table: {} for table in _TABLES}
    continued = g.continued(r)
    for c, hits in named:
        if c in continued and continued[c][1] != c:
            continue  # a header merged across columns names its first column
        for table, role, s in hits:
            if s > strength[table].get(role, 0):
                found[table][role], strength[table][role] = c, s
    return found


_NO_ROLES: Mapping[str, Mapping[str, int]] = MappingProxyType({table: MappingProxyType({}) for table in _TABLES})
"""The answer of a row naming no role, shared by all such rows: read-only, as every row's answer is
to its readers (they copy it before completing a header)."""


@lru_cache(maxsize=65536)
def _roles_named(text: str) -> tuple[tuple[str, str, int], ...]:
    """(table, role, strength) of each header table in which ``text`` names a role; () for most cells.

    Every row of every sheet is matched cell by cell: one cached answer per distinct text
    for both tables."""
    return tuple((table, role, s) for table in _TABLES for role, s in (match_role_strength(text, table),) if role)


class _Roles:
    """Column roles of each row, computed once per sheet.

    Detection asks about the same rows many times (is this a header? a funds
    header? the end of the grid?); matching every cell of a row against the
    header words is the costly part, so each row is matched once, for every table.
    """

    def __init__(self, g: SheetGrid) -> None:
        self._g = g
        self._memo: dict[int, Mapping[str, Mapping[str, int]]] = {}

    def __call__(self, r: int, table: str) -> Mapping[str, int]:
        if r not in self._memo:
            self._memo[r] = _row_roles(self._g, r) if r < self._g.height else _NO_ROLES
        return self._memo[r][table]


def _is_indicator_header(roles: Mapping[str, int]) -> bool:
    return "name" in roles and ("weight" in roles or "score" in roles) and (
        "target" in roles or "actual" in roles)


def _is_unscored_header(roles: Mapping[str, int]) -> bool:
    """三级指标 + 指标值 + 完成值 and no 分值/得分: a 转移支付 区域绩效目标自评表."""
    return "name" in roles and "target" in roles and "actual" in roles


def _is_funds_header(roles: Mapping[str, int]) -> bool:
    # 年初预算数(A) alone stands for the budget when no 全年/调整后预算数 column exists
    return ("budget" in roles or "initial" in roles) and "executed" in roles and ("rate" in roles or "score" in roles)


def _header_bottom(g: SheetGrid, r: int, cols: dict[str, int]) -> int:
    """Last row of a header whose cells are merged downwards (two-row headers).

    Block labels merged down the side (项目资金（万元）over the whole funds block)
    are not header cells of a data column, so 'source' is left out, and a header
    is taken to span at most three rows.
    """
    bottom = r
    for role, c in cols.items():
        if role == "source":
            continue
        for _, _, r1, _ in g.merges_from(r, c):
            bottom = max(bottom, min(r1, r + 2))
    return bottom


def _find_indicator_headers(g: SheetGrid, row_roles: _Roles, is_header=_is_indicator_header) -> list[_Header]:
    headers: list[_Header] = []
    r = 0
    while r < g.height:
        roles = row_roles(r, "indicator_columns")
        if is_header(roles):
            roles = dict(roles)  # completed below: the memo keeps the row's own roles
            bottom = _header_bottom(g, r, roles)
            nxt = row_roles(bottom + 1, "indicator_columns")
            if len(nxt) >= 2 and not g.has_number(bottom + 1):
                for role, c in nxt.items():
                    roles.setdefault(role, c)
                bottom += 1
            _score_by_values(g, r, bottom, roles)
            headers.append(_Header(row=bottom, first_row=r, cols=roles))
            r = bottom + 1
        else:
            r += 1
    return headers


def _numbers_below(g: SheetGrid, top: int, c: int, n: int = 40) -> list[tuple[int, float]]:
    out = []
    for r in range(top, min(g.height, top + n)):
        v = g.raw(r, c)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append((r, float(v)))
    return out


def _fits_weights(g: SheetGrid, top: int, c: int, weight_col: int) -> bool | None:
    """Whether a column's numbers stay within the weights beside them (None: too few to tell)."""
    pairs = [(v, g.raw(r, weight_col)) for r, v in _numbers_below(g, top, c)]
    pairs = [(v, float(w)) for v, w in pairs if isinstance(w, (int, float)) and not isinstance(w, bool)]
    if len(pairs) < 3:
        return None
    return all(v <= w + 1e-9 for v, w in pairs)


def _score_by_values(g: SheetGrid, first: int, bottom: int, roles: dict[str, int]) -> None:
    """Value shape against header words: a 'score' column whose numbers all exceed the weights
    beside them is not the score when another column the header calls a score fits them."""
    if "score" not in roles or "weight" not in roles:
        return
    top = bottom + 1
    if _fits_weights(g, top, roles["score"], roles["weight"]) is not False:
        return
    taken = set(roles.values())
    for r in range(first, bottom + 1):
        for c, v in g.own_cells(r):
            if c in taken or match_role_strength(v, "indicator_columns")[0] not in ("score", "coefficient"):
                continue
            if match_role_strength(v, "indicator_columns")[0] == "coefficient":
                continue
            if _fits_weights(g, top, c, roles["weight"]):
                roles["score"] = c
                return


def _cell(g: SheetGrid, r: int, c: int | None) -> Cell | None:
    return None if c is None else _row_cells(g, r, (c,))[0]


def _row_cells(g: SheetGrid, r: int, cols) -> list[Cell | None]:
    """The cell each column of row ``r`` shows (a merged range's top-left cell), None for a None column.

    The indicator grid reads about ten cells a row, and detection builds most of a form's
    cells here: one pass over the row, not an anchor and a raw lookup per cell."""
    continued, name, percent = g.continued(r), g.name, g.percent_cells
    row = g.rows[r] if 0 <= r < g.height else ()
    out: list[Cell | None] = []
    for c in cols:
        if c is None:
            out.append(None)
            continue
        anchor = continued.get(c)
        if anchor is None:
            ar, ac, v = r, c, row[c] if c < len(row) else None
        else:
            ar, ac = anchor
            v = g.raw(ar, ac)
        if percent and v.__class__ in (int, float):
            out.append(Cell(name, ar, ac, v, percent.get((ar, ac))))
        else:
            out.append(Cell(name, ar, ac, v))
    return out


def _row_label(g: SheetGrid, r: int, before_col: int) -> str:
    """Nearest one-row text cell left of ``before_col`` (skips block labels merged downwards)."""
    for c in range(before_col - 1, -1, -1):
        ar, ac = g.anchor(r, c)
        text = _text(g.raw(ar, ac))
        if not text:
            continue
        spans_rows = any(r1 > r0 for r0, _, r1, _ in g.merges_from(ar, ac))
        if not spans_rows or ar == r:
            return text
    return ""


def _is_stop_row(g: SheetGrid, r: int, left: int, right: int) -> bool:
    """Whether row ``r`` ends a grid whose columns run from ``left`` to ``right``: a total label, or 总分 near its left."""
    for c, v in enumerate(g.shown_row(r)[:right + 1]):
        if v.__class__ is not str:
            continue  # only a label stops the grid
        stop = _stop_label(v)
        if stop == 2 or (stop == 1 and c <= left + 2):
            return True
    return False


@lru_cache(maxsize=65536)
def _stop_label(text: str) -> int:
    """2 for a total label (合计, 总计 …), 1 for a text naming 总分 (it stops the grid near its left edge), else 0.

    Every data row of a grid is tested cell by cell: one cached answer per distinct text,
    from one normalisation (is_word and has_word would each look the text up in their caches)."""
    h = norm(text)
    if h in _total_labels():
        return 2
    return 1 if "总分" in h else 0


@lru_cache(maxsize=1)
def _total_labels() -> frozenset[str]:
    """The labels of a grid's total row, normalised as ``norm`` leaves a text."""
    return frozenset(norm(w) for w in (*layout()["form"]["total"], "合计", "总计"))


_INDICATOR_CELLS = ("target", "actual", "rate", "score", "rule", "reason", "operator", "unit", "basis", "last_year",
                    "coefficient")
"""The cells an Indicator takes from its row besides name and weight; absent columns stay None."""


def _indicators(g: SheetGrid, h: _Header, end: int, row_roles: _Roles) -> tuple[list[Indicator], int]:
    cols = h.cols
    out: list[Indicator] = []
    level1 = level2 = ""
    level1_cell = None
    gap, r = 0, h.row + 1
    present = [role for role in _INDICATOR_CELLS if role in cols]
    read = [cols["name"], cols.get("weight"), *(cols[role] for role in present)]  # the cells of a row, in one pass
    col1, col2 = cols.get("level1"), cols.get("level2")
    max_gap = layout()["form"]["max_gap"]  # blank rows tolerated inside an indicator grid
    left, right = min(cols.values()), max(cols.values())
    while r < end:
        if _is_stop_row(g, r, left, right) or _is_funds_header(row_roles(r, "funds_columns")):
            break
        if _is_indicator_header(row_roles(r, "indicator_columns")):
            break
        shown = g.shown_row(r)
        width = len(shown)
        if all(is_placeholder(shown[c] if c < width else None) for c in cols.values()):
            gap += 1
            if gap > max_gap:
                break
            r += 1
            continue
        gap = 0
        l1 = _text(shown[col1]) if col1 is not None and col1 < width else ""
        l2 = _text(shown[col2]) if col2 is not None and col2 < width else ""
        level1 = l1 or level1
        level1_cell = _cell(g, r, col1) if l1 else level1_cell
        level2 = l2 if (l2 or l1) else level2
        name, weight, *others = _row_cells(g, r, read)
        if is_placeholder(name.value) and (weight is None or is_placeholder(weight.value)):
            r += 1
            continue
        out.append(Indicator(row=r, level1=norm(level1), level2=norm(level2), name=name, weight=weight,
                             **dict(zip(present, others)), level1_cell=level1_cell))
        r += 1
    return out, r


def _block_label(g: SheetGrid, h: _Header) -> Cell | None:
    """A label left of the indicator header that states the table's weight ('年度绩效目标(80分)')."""
    left = min(h.cols.values())
    for r in range(h.first_row, h.row + 1):
        for c, v in g.own_cells(r):
            if c >= left:
                break
            if isinstance(v, str) and parse_label(v).weight is not None:
                return _cell(g, r, c)
    return None


_FUNDS_CELLS = ("initial", "budget", "executed", "weight", "rate", "score")
"""The cells a FundsRow takes from its row; absent columns stay None."""


def _funds(g: SheetGrid, start: int, end: int, row_roles: _Roles) -> tuple[list[FundsRow], int | None]:
    goal_words = (*layout()["form"]["goal_actual"], "年度总体目标")  # the funds block ends where the goals start
    for r in range(start, end):
        roles = row_roles(r, "funds_columns")
        if not _is_funds_header(roles):
            continue
        roles = dict(roles)
        if "budget" not in roles:  # 年初预算数(A) / 执行数(B): the only budget there is
            roles["budget"] = roles.pop("initial")
        header_w = None
        if "weight" not in roles and "score" in roles:  # '得分 (20分*执行率)': the weight is in the header
            ar, ac = g.anchor(r, roles["score"])
            w = header_weight(g.raw(ar, ac))
            header_w = None if w is None else Cell(g.name, ar, ac, w)
        data_cols = [c for role, c in roles.items() if role != "source"]
        first = min(data_cols)
        rows: list[FundsRow] = []
        for rr in range(_header_bottom(g, r, roles) + 1, min(end, r + 12)):
            # a row stating only its rate and score (amounts left blank) is still the funds row
            nums = [g.value(rr, roles[k]) for k in ("initial", "budget", "executed", "rate", "score") if k in roles]
            label = _row_label(g, rr, first)
            if any(has_word(v, goal_words) for v in g.shown_row(rr) if v is not None):
                break
            if all(is_placeholder(v) for v in nums) and not label:
                if rows:
                    break
                continue
            if _is_indicator_header(row_roles(rr, "indicator_columns")):
                break
            cells = dict(zip(_FUNDS_CELLS, _row_cells(g, rr, [roles.get(k) for k in _FUNDS_CELLS])))
            rows.append(FundsRow(label=label, is_total=has_word(label, layout()["funds_rows"]["total"]), **cells))
        if rows and not any(x.is_total for x in rows):
            rows[0] = FundsRow(**{**rows[0].__dict__, "is_total": True})
        if header_w is not None:
            rows = [FundsRow(**{**x.__dict__, "weight": header_w}) if x.is_total else x for x in rows]
        return rows, r
    return [], None


def _labelled_value(g: SheetGrid, words: tuple[str, ...], start: int, end: int, *, exact: bool,
                    numeric: bool) -> Cell | None:
    """The cell right of (or below) a label such as 总分 or 自评等级."""
    for r in range(start, min(end, g.height)):
        for c, v in g.own_cells(r):
            if not (is_word(v, words) if exact else has_word(v, words)):
                continue
            for cc, val in g.own_cells(r, c + 1):
                if numeric and _as_number(val) is not None:
                    return Cell(g.name, r, cc, val)
                if not numeric and _text(val):
                    return Cell(g.name, r, cc, val)
            break  # a later label on this row sees a subset of these cells: nothing there either
    return None


def _as_number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    text = _text(v).replace(",", "").rstrip("分")
    try:
        return float(text)
    except ValueError:
        return None


def _goal(g: SheetGrid, words: tuple[str, ...], start: int, end: int) -> Cell | None:
    """The narrative under a 预期目标/实际完成情况 label, or beside it when the form runs them side by side."""
    for r in range(start, end):
        for c, v in g.own_cells(r):
            if not is_word(v, words):
                continue
            for rr in range(r + 1, min(end, r + 4)):
                below = _cell(g, rr, c)
                if below and below.row > r and _text(below.value):
                    return below
            right_col = max((c1 for *_, c1 in g.merges_from(r, c)), default=c) + 1
            right = _cell(g, r, right_col)
            if right and len(_text(right.value)) > 8:
                return right
    return None


def _first_text(g: SheetGrid, start: int, end: int, words: tuple[str, ...]) -> str:
    for r in range(start, min(end, g.height)):
        for v in g.rows[r]:
            if has_word(v, words):
                return _text(v)
    return ""


def detect_forms(g: SheetGrid) -> list[Form]:
    """Every 自评表 found in one sheet, in top-to-bottom order.

    Forms with 分值/得分 columns first; a sheet without one may hold a form without
    scores (指标值 + 完成值: kind ``transfer``) or a funds block alone (kind ``funds``).
    """
    row_roles = _Roles(g)
    kind = None
    headers = _find_indicator_headers(g, row_roles)
    if not headers:
        headers = _find_indicator_headers(g, row_roles, _is_unscored_header)
        kind = "transfer" if headers else None
    if not headers:
        return _funds_only(g, row_roles)
    forms: list[Form] = []
    region_start = 0
    lay = layout()["form"]
    for i, h in enumerate(headers):
        next_start = headers[i + 1].first_row if i + 1 < len(headers) else g.height
        funds, funds_row = _funds(g, region_start, h.first_row, row_roles)
        indicators, grid_end = _indicators(g, h, next_start, row_roles)
        next_funds = _funds(g, grid_end, next_start, row_roles)[1] if i + 1 < len(headers) else None
        tail_end = min(next_start, next_funds if next_funds is not None else next_start, grid_end + 10)
        total, weight_total = _total_cells(g, grid_end, h.cols) if grid_end < g.height else (None, None)
        if total is None:
            total = _labelled_total(g, lay["total"], grid_end, tail_end, h.cols)
        head_end = funds_row if funds_row is not None else h.first_row
        if total is None:
            total = _header_total(g, region_start, h.first_row)
        grade = _grade_cell(g, grid_end, tail_end) or _grade_cell(g, region_start, h.first_row)
        text_blob = " ".join(_text(v) for row in g.rows[region_start:h.first_row] for v in row if _text(v))
        unit_kind = has_word(text_blob + g.name, lay["unit_kind_words"]) or any(
            has_word(f.label, ("上级", "本级")) for f in funds)
        forms.append(Form(
            sheet=g.name, kind=kind or ("unit" if unit_kind else "project"),
            title=_first_text(g, region_start, head_end, ("自评表", "评价表", "绩效")),
            name=_value_after(g, lay["project_name"], region_start, head_end),
            unit_name=_value_after(g, lay["unit_name"], region_start, head_end),
            columns={role: Cell(g.name, *g.anchor(h.first_row, c), g.value(h.first_row, c)) for role, c in h.cols.items()},
            funds=tuple(funds),
            goal_expected=_goal(g, lay["goal_expected"], region_start, h.first_row),
            goal_actual=_goal(g, lay["goal_actual"], region_start, h.first_row),
            indicators=tuple(indicators), total=total, grade=grade, weight_total_cell=weight_total,
            block_label=_block_label(g, h)))
        region_start = tail_end
    return forms


def _funds_only(g: SheetGrid, row_roles: _Roles) -> list[Form]:
    """A funds block with no indicator table on the sheet: its execution rate and score are still checked."""
    # most sheets without a form hold no funds block either: look only if a cell names 执行 (執行)
    first = next((r for r in range(g.height) if any(
        isinstance(v, str) and ("执行" in v or "執行" in v) for _, v in g.own_cells(r))), None)
    if first is None:
        return []
    funds, funds_row = _funds(g, first, g.height, row_roles)
    if not funds or funds_row is None:
        return []
    lay = layout()["form"]
    return [Form(
        sheet=g.name, kind="funds", title=_first_text(g, 0, funds_row, ("自评表", "评价表", "绩效", "资金")),
        name=_value_after(g, lay["project_name"], 0, funds_row), unit_name=_value_after(g, lay["unit_name"], 0, funds_row),
        columns={}, funds=tuple(funds), goal_expected=None, goal_actual=None, indicators=(), total=None, grade=None)]


def _total_cells(g: SheetGrid, r: int, cols: dict[str, int]) -> tuple[Cell | None, Cell | None]:
    """The 总分 row of the grid itself: (its score, its full marks).

    Laid out ``总分 | 100 | … | 96.25分``: the 100 in the 分值 column is the weight total;
    the score is the score column's cell. An Excel error value in the score cell (#DIV/0!
    from a broken SUM) is still the declared total: XT003 names it, where falling back to
    the 总分 label would take the 分值 sum beside it.
    """
    if not _is_stop_row(g, r, min(cols.values()), max(cols.values())):
        return None, None
    score = _cell(g, r, cols["score"]) if "score" in cols else None
    if score is not None and not (_as_number(score.value) is not None or parse_value(score.value).kind == "error"):
        score = None
    weight = _cell(g, r, cols["weight"]) if "weight" in cols else None
    if weight is not None and _as_number(weight.value) is None:
        weight = None
    return score, weight


def _labelled_total(g: SheetGrid, words: tuple[str, ...], start: int, end: int, cols: dict[str, int]) -> Cell | None:
    """The number right of a 总分 label below the grid, passing over the 分值 column's weight total."""
    cell = _labelled_value(g, words, start, end, exact=False, numeric=True)
    if cell is None or "weight" not in cols or cell.col != cols["weight"]:
        return cell
    for c, v in g.own_cells(cell.row, cell.col + 1):  # 总分 | 100 | … | 96.25分: the score is further right
        if _as_number(v) is not None:
            return Cell(g.name, cell.row, c, v)
    return None


_STATED_TOTAL = re.compile(r"^(.*?)[:：]?(\d+(?:\.\d+)?)分?$")


def _header_total(g: SheetGrid, start: int, end: int) -> Cell | None:
    """A score total stated in the header block: ``自评得分 | 98``, ``自评总分(分) | 97.6``, ``自评总分：98分``."""
    words = layout()["form"]["header_total"]
    for r in range(start, min(end, g.height)):
        for c, v in g.own_cells(r):
            if not isinstance(v, str) or not has_word(v, words):
                continue
            if is_word(v, words):
                for cc, val in g.own_cells(r, c + 1):
                    if _as_number(val) is not None:
                        return Cell(g.name, r, cc, val)
                    break  # the value sits right beside its label
                continue
            m = _STATED_TOTAL.match(norm(v))
            if m and is_word(m.group(1), words):
                return Cell(g.name, r, c, v)
    return None


def _value_after(g: SheetGrid, words: tuple[str, ...], start: int, end: int) -> str:
    cell = _labelled_value(g, words, start, end, exact=True, numeric=False)
    return _text(cell.value) if cell else ""
