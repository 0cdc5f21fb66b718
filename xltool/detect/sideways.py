"""Summary tables written sideways: indicators across, 权重/得分/得分率 down.

Reports print the 一级 summary as 表3-1 with one column per indicator (ref 000:
``指标 | 项目决策 | 项目过程 | 项目产出 | 项目效益 | 合计`` over rows ``权重``, ``分值``,
``得分率``). When a table has both 权重 and 分值 rows and no 得分 row, 分值 is the
score, as in that report.
"""

from __future__ import annotations

from functools import lru_cache

from xltool.model.grid import SheetGrid
from xltool.detect.headers import norm
from xltool.model.form import Cell
from xltool.detect.labels import parse_label
from xltool.model.scoretable import Node, ScoreTable, rates_are_fractions
from xltool.detect.scoring_layout import grade_below, header_role, is_total, title_above

_CORNER = {"指标", "指标名称", "一级指标", "项目", "评价指标"}
_ROW_ROLES = {"weight", "score", "rate"}


def find_sideways(g: SheetGrid, taken: set[int]) -> list[ScoreTable]:
    """Sideways summary tables on a sheet, skipping rows already read as other tables."""
    tables = []
    for r in range(g.height):
        if r in taken:
            continue
        for c, value in enumerate(g.rows[r]):
            if value.__class__ is str and _is_corner(value) and g.anchor(r, c) == (r, c):
                table = _read(g, r, c)
                if table is not None:
                    tables.append(table)
                    taken.update(range(table.first_row, table.last_row + 1))
                    break
    return tables


@lru_cache(maxsize=65536)
def _is_corner(text: str) -> bool:
    """Whether a cell names the corner of a sideways table; every text cell of every sheet is asked."""
    return norm(text) in _CORNER


def _read(g: SheetGrid, r: int, c: int) -> ScoreTable | None:
    rows: dict[str, list[int]] = {}
    for rr in range(r + 1, min(g.height, r + 6)):
        role = header_role(g.raw(rr, c))
        if role in _ROW_ROLES:
            rows.setdefault(role, []).append(rr)
        elif g.raw(rr, c) is not None:
            break
    if len(rows) < 2 or not rows.keys() & {"weight", "score"}:
        return None
    weight_rows = rows.get("weight", [])
    if "score" not in rows and len(weight_rows) == 2:
        rows["score"] = [weight_rows.pop()]
    at = {role: found[0] for role, found in rows.items() if found}
    last = max(at.values())
    table = ScoreTable(sheet=g.name, kind="summary", title=title_above(g, r), header=Cell(g.name, r, c, g.raw(r, c)),
                       columns={role: Cell(g.name, rr, c, g.raw(rr, c)) for role, rr in at.items()},
                       first_row=r, last_row=last)
    for cc in range(c + 1, g.width):
        if g.anchor(r, cc) != (r, cc):
            continue
        raw = g.raw(r, cc)
        if not isinstance(raw, str) or not raw.strip():
            if all(g.raw(rr, cc) is None for rr in at.values()):
                break
            continue
        lab = parse_label(raw)
        total = is_total(raw)
        node = Node(level=0 if total else (lab.code_level or 1), code=lab.code, name=lab.name,
                    name_cell=Cell(g.name, r, cc, raw), weight_in_label=lab.weight)
        for role, attr in (("weight", "weight_cell"), ("score", "score_cell"), ("rate", "rate_cell")):
            if role in at:
                setattr(node, attr, Cell(g.name, at[role], cc, g.raw(at[role], cc)))
        if total:
            table.total = node
        else:
            table.nodes.append(node)
    if not table.nodes:
        return None
    table.grade_cell = grade_below(g, last + 1, last + 4)
    table.rate_as_fraction = rates_are_fractions(table)
    return table
