"""The typed model of an evaluator's scoring table: a tree of indicator nodes.

A table is read into nodes (一级, 二级, 三级 and the 合计 row), each keeping the
cells it was read from, so every check can point at the cell that holds a wrong
value. Detail tables (with 评分规则/评分过程) carry the row texts the rules are
read from; summary tables (得分情况表) and the indicator-system table (weights
only) carry names, weights, scores and 得分率.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from xltool.model.form import Cell
from xltool.model.values import parse_number


@dataclass(eq=False)
class Node:
    """One indicator (level 1–3) or the 合计 row (level 0) of a table."""

    level: int
    code: str
    name: str
    name_cell: Cell
    weight_cell: Cell | None = None
    weight_in_label: float | None = None
    score_cell: Cell | None = None
    rate_cell: Cell | None = None
    deduction_cell: Cell | None = None
    texts: dict[str, Cell] = field(default_factory=dict)  # role → cell: rule, process, target, actual, …
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @cached_property
    def weight(self) -> float | None:
        """The declared weight: its column cell, else the weight written in its label (read once the table is read)."""
        value = _number(self.weight_cell)
        return value if value is not None else self.weight_in_label

    @property
    def weight_source(self) -> Cell | None:
        """The cell a weight finding points at: the weight cell, else the label cell."""
        if _number(self.weight_cell) is not None:
            return self.weight_cell
        return self.name_cell if self.weight_in_label is not None else None

    @cached_property
    def score(self) -> float | None:
        """The declared score, None when blank or not a number (read once the table is read)."""
        return _number(self.score_cell)

    @property
    def path(self) -> str:
        """一级/二级/三级 path used in messages and the ``indicator`` field."""
        parts, node = [], self
        while node is not None:
            parts.append(f"{node.code} {node.name}".strip() if node.code else node.name)
            node = node.parent
        return "/".join(reversed(parts))

    def text(self, role: str) -> str:
        """The text of one of the row's text cells ('' when absent)."""
        cell = self.texts.get(role)
        return str(cell.value).strip() if cell is not None and cell.value is not None else ""


@dataclass(eq=False)
class ScoreTable:
    """One scoring table found on a sheet.

    ``kind`` is 'detail' (rows with 评分规则 or 评分过程), 'summary' (names, weights,
    scores) or 'system' (the indicator-system table: weights only). ``first_row``
    and ``last_row`` span the header and the data (0-based), so the table can
    claim its rows from the self-assessment detector.
    """

    sheet: str
    kind: str
    title: str
    header: Cell
    columns: dict[str, Cell]
    first_row: int
    last_row: int
    nodes: list[Node] = field(default_factory=list)
    total: Node | None = None
    grade_cell: Cell | None = None
    rate_as_fraction: bool = False

    @property
    def roots(self) -> list[Node]:
        """Top-level indicators in reading order."""
        return [n for n in self.nodes if n.parent is None]

    @property
    def leaves(self) -> list[Node]:
        """Indicators without children (the rows that carry rules and scores)."""
        return [n for n in self.nodes if not n.children]

    def covers(self, sheet: str, row: int) -> bool:
        """Whether a 0-based row of a sheet lies inside this table (header to last row)."""
        return sheet == self.sheet and self.first_row <= row <= self.last_row

    @property
    def label(self) -> str:
        """How messages name this table: its title, else the sheet name."""
        return self.title or self.sheet


def rates_are_fractions(table: ScoreTable) -> bool:
    """Whether the table's 得分率 cells hold fractions (0.9133 shown as 91.33%) rather than points."""
    cells = [n.rate_cell for n in table.nodes + ([table.total] if table.total else []) if n.rate_cell is not None]
    values = [c.value for c in cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    return bool(values) and all(0 <= v <= 1.0000001 for v in values)


def _number(cell: Cell | None) -> float | None:
    return None if cell is None else parse_number(cell.value)
