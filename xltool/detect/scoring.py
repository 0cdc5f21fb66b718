"""Finding scoring tables on a sheet and reading them into node trees.

A scoring table is found by its header row: a level or name column (一级/二级/三级
指标, 指标) plus a 分值/权重 or 得分 column. What else the header names decides the
kind: 评分规则/评分过程/扣分 make a detail table (综合评分表), no 得分 column makes
the indicator-system table, otherwise it is a summary (得分情况表). A header that
looks like a 自评表's (业绩值, 完成率, 赋分规则 and no evaluator column) is left to
``xltool.detect.forms``. Tables written sideways (表3-1: 指标 | 决策 | 过程 … with rows
权重 / 分值 / 得分率) are read by :mod:`xltool.detect.sideways`.

Several 分值 columns are common (一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 得分); each
weight or score column belongs to the nearest level column on its left.
"""

from __future__ import annotations

from typing import Any

from xltool.detect.forms import is_placeholder
from xltool.model.grid import SheetGrid
from xltool.detect.headers import norm
from xltool.model.form import Cell
from xltool.detect.labels import level1_key, parse_label
from xltool.detect.sideways import find_sideways
from xltool.detect.scoring_layout import (LEVEL_ROLES, bind, finer_header_below, grade_below, header_bottom,
                                      is_caption, is_scoring_header, is_total, row_roles, title_above)
from xltool.model.scoretable import Node, ScoreTable, rates_are_fractions
from xltool.detect.vocabulary import LEVEL1_KEYS, MAX_GAP, SUBTOTAL_WORDS

_TEXT_ROLES = ("rule", "process", "target", "actual", "explanation", "points", "source")


def find_scoresheets(grids: list[SheetGrid]) -> list[ScoreTable]:
    """Every scoring table of a workbook, sheet by sheet, top to bottom (column-headed and sideways)."""
    tables: list[ScoreTable] = []
    for g in grids:
        found = find_tables(g)
        taken = {r for t in found for r in range(t.first_row, t.last_row + 1)}
        found += find_sideways(g, taken)
        tables += sorted(found, key=lambda t: t.first_row)
    return tables


def find_tables(g: SheetGrid) -> list[ScoreTable]:
    """Every column-headed scoring table on a sheet, top to bottom."""
    tables, r = [], 0
    while r < g.height:
        if is_scoring_header(g, r) and not finer_header_below(g, r):
            table = _read_table(g, r)
            if table.nodes:
                tables.append(table)
                r = table.last_row + 1
                continue
        r += 1
    return tables


def _read_table(g: SheetGrid, hr: int) -> ScoreTable:
    """The table whose header is row ``hr``: its kind, columns, nodes, total and grade."""
    roles = row_roles(g, hr)
    first: dict[str, int] = {}
    for role, c in roles:
        first.setdefault(role, c)
    weights, scores = bind(roles, "weight"), bind(roles, "score")
    if not scores and len(weights) == 2 and not first.keys() & {"level2", "level3"}:
        # 权重 | 分值 with no 得分 column: the second is the score (ref 000 表3-1 writes 分值 for 得分)
        later = max(weights)
        scores = {later: weights.pop(later)}
    level_cols = sorted((c, LEVEL_ROLES[r]) for r, c in first.items() if r in LEVEL_ROLES)
    kind = "detail" if first.keys() & {"rule", "process", "deduction"} else "summary" if scores else "system"
    table = ScoreTable(
        sheet=g.name, kind=kind, title=title_above(g, hr), header=_cell(g, hr, level_cols[0][0]),
        columns={role: _cell(g, hr, c) for role, c in first.items()}, first_row=hr, last_row=hr)
    bottom = header_bottom(g, hr, [c for _, c in roles])
    only_name = [lvl for _, lvl in level_cols] == [3] and "name" in first
    by_header = "level1" in first and len(level_cols) == 1  # 一级指标 | 权重 | 得分: every row is a 一级
    _Rows(g, table, level_cols, weights, scores, first, only_name, by_header).run(bottom + 1)
    table.grade_cell = grade_below(g, table.last_row + 1, table.last_row + 4)
    table.rate_as_fraction = rates_are_fractions(table)
    return table


class _Rows:
    """Walks the data rows of one table and builds its nodes."""

    def __init__(self, g, table, level_cols, weights, scores, first, only_name, by_header):
        self.g, self.t = g, table
        self.level_cols, self.weights, self.scores, self.first = level_cols, weights, scores, first
        self.flat = only_name or by_header  # one name column: levels come from codes
        self.by_header = by_header
        self.open: dict[int, Node] = {}
        self.known: dict[tuple[int, int, str], Node] = {}

    def run(self, start: int) -> None:
        g, gap, r = self.g, 0, start
        while r < g.height:
            if is_scoring_header(g, r) or is_caption(g, r):
                break
            label = self._row_label(r)
            if label is not None and is_total(label):
                node = self._total_row(r, label)
                if norm(label) in SUBTOTAL_WORDS and self._more_data(r + 1):
                    self._attach_subtotal(node)
                    r += 1
                    continue
                self.t.total = node
                self.t.last_row = r
                break
            if self._blank(r):
                gap += 1
                if gap > MAX_GAP:
                    break
                r += 1
                continue
            gap = 0
            if self.flat:
                self._flat_row(r)
            else:
                self._level_row(r)
            self.t.last_row = r
            r += 1

    # -- rows of tables with 一级/二级/三级 columns
    def _level_row(self, r: int) -> None:
        g, deepest, created = self.g, None, False
        for c, lvl in sorted(self.level_cols, key=lambda x: x[1]):  # parents first, whatever the column order
            ar, ac = g.anchor(r, c)
            raw = g.raw(ar, ac)
            if not _is_text(raw):
                continue
            lab = parse_label(raw)
            parent = self._parent_for(lvl)
            ident = (lvl, id(parent) if parent else 0, lab.key)
            node = self.known.get(ident)
            if node is None:
                node = Node(level=lvl, code=lab.code, name=lab.name, name_cell=Cell(g.name, ar, ac, raw),
                            weight_in_label=lab.weight, parent=parent)
                self.known[ident] = node
                self.t.nodes.append(node)
                if parent is not None:
                    parent.children.append(node)
                created = created or deepest is None or lvl > deepest.level
                for deeper in [k for k in self.open if k > lvl]:
                    del self.open[deeper]
            self.open[lvl] = node
            deepest = node
            self._values(node, r, lvl)
        if deepest is not None and created:
            self._row_cells(deepest, r)

    def _parent_for(self, lvl: int) -> Node | None:
        higher = [k for k in self.open if k < lvl]
        return self.open[max(higher)] if higher else None

    def _values(self, node: Node, r: int, lvl: int) -> None:
        """Weight/score columns bound to this level: read at the (merged) cell of this row."""
        for cols, attr in ((self.weights, "weight_cell"), (self.scores, "score_cell")):
            # several score columns for one level (自评得分 | 评价得分): the rightmost is the final one
            order = sorted(cols, reverse=attr == "score_cell")
            for c in order:
                bound = cols[c]
                if bound == lvl and getattr(node, attr) is None:
                    cell = _cell(self.g, r, c)
                    if not is_placeholder(cell.value):
                        setattr(node, attr, cell)

    def _row_cells(self, node: Node, r: int) -> None:
        for role, attr in (("rate", "rate_cell"), ("deduction", "deduction_cell")):
            if role in self.first and getattr(node, attr) is None:
                setattr(node, attr, _cell(self.g, r, self.first[role]))
        for role in _TEXT_ROLES:
            if role in self.first and role not in node.texts:
                node.texts[role] = _cell(self.g, r, self.first[role])

    # -- rows of tables with one name column (codes give the level)
    def _flat_row(self, r: int) -> None:
        g = self.g
        c = self.level_cols[0][0]
        ar, ac = g.anchor(r, c)
        raw = g.raw(ar, ac)
        if (ar, ac) != (r, c) or not _is_text(raw):
            return
        lab = parse_label(raw)
        lvl = 1 if self.by_header else lab.code_level or (1 if level1_key(lab.name) in LEVEL1_KEYS else 3)
        node = Node(level=lvl, code=lab.code, name=lab.name, name_cell=Cell(g.name, r, c, raw),
                    weight_in_label=lab.weight)
        node.parent = self._flat_parent(node)
        if node.parent is not None:
            node.parent.children.append(node)
        self.t.nodes.append(node)
        for cols, attr in ((self.weights, "weight_cell"), (self.scores, "score_cell")):
            for col in sorted(cols, reverse=True):
                cell = _cell(g, r, col)
                if not is_placeholder(cell.value):
                    setattr(node, attr, cell)
                    break
        self._row_cells(node, r)

    def _flat_parent(self, node: Node) -> Node | None:
        for prev in reversed(self.t.nodes):
            if node.code and prev.code:
                if node.code.startswith(prev.code) and len(prev.code) < len(node.code):
                    return prev
            elif prev.level < node.level:
                return prev
        return None

    # -- total and subtotal rows
    def _total_row(self, r: int, label: str) -> Node:
        g = self.g
        node = Node(level=0, code="", name=norm(label), name_cell=_label_cell(g, r, self.level_cols))
        for cols, attr in ((self.weights, "weight_cell"), (self.scores, "score_cell")):
            for col in sorted(cols, key=lambda k: (-cols[k], -k)):
                cell = _cell(g, r, col)
                if not is_placeholder(cell.value) and cell.col == col:
                    setattr(node, attr, cell)
                    break
        for role, attr in (("rate", "rate_cell"), ("deduction", "deduction_cell")):
            if role in self.first:
                setattr(node, attr, _cell(g, r, self.first[role]))
        return node

    def _attach_subtotal(self, node: Node) -> None:
        roots = [n for n in self.t.nodes if n.parent is None]
        if roots and roots[-1].score_cell is None:
            root = roots[-1]
            root.score_cell, root.rate_cell = node.score_cell, node.rate_cell
            root.weight_cell = root.weight_cell or node.weight_cell

    def _more_data(self, r: int) -> bool:
        """Whether a 小计 row closes a group (rows or a 合计 follow) rather than the whole table."""
        for rr in range(r, min(self.g.height, r + MAX_GAP + 1)):
            if is_scoring_header(self.g, rr) or is_caption(self.g, rr):
                return False
            label = self._row_label(rr)
            if label is not None:
                return not is_total(label) or norm(label) not in SUBTOTAL_WORDS
        return False

    def _row_label(self, r: int) -> str | None:
        """The row's total label if any level cell of its own says 合计/小计, else its first label."""
        own = [self.g.raw(r, c) for c, _ in self.level_cols if self.g.anchor(r, c)[0] == r]
        total = next((v for v in own if _is_text(v) and is_total(v)), None)
        if total is not None:
            return total
        for c, _ in self.level_cols:
            v = self.g.value(r, c)
            if _is_text(v):
                return v
        for c in range(0, self.level_cols[0][0]):
            v = self.g.raw(r, c)
            if _is_text(v) and is_total(v):
                return v
        return None

    def _blank(self, r: int) -> bool:
        cols = [c for c, _ in self.level_cols] + list(self.weights) + list(self.scores)
        return all(is_placeholder(self.g.raw(r, c)) for c in cols)


def _label_cell(g: SheetGrid, r: int, level_cols) -> Cell:
    """The cell holding a total row's label (it may sit left of the level columns)."""
    for c in range(0, max(c for c, _ in level_cols) + 1):
        ar, ac = g.anchor(r, c)
        if _is_text(g.raw(ar, ac)) and is_total(g.raw(ar, ac)):
            return Cell(g.name, ar, ac, g.raw(ar, ac))
    return _cell(g, r, level_cols[0][0])


def _cell(g: SheetGrid, r: int, c: int) -> Cell:
    """The cell shown at (r, c): the top-left cell of a merged range."""
    ar, ac = g.anchor(r, c)
    return Cell(g.name, ar, ac, g.raw(ar, ac))


def _is_text(v: Any) -> bool:
    """A label: text that is not a placeholder ('—', '/', '*' under a total)."""
    return isinstance(v, str) and not is_placeholder(v) and v.strip() != "*"

