"""The typed, read-only model of a self-assessment form, built by ``detect``.

Every value keeps its location (``Cell``), so a check that finds a wrong value
can point at the cell that holds it. Nothing here knows about spreadsheet
libraries or scoring rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xltool.model.grid import a1


@dataclass(frozen=True)
class Cell:
    """A value and where it sits (0-based row/col; ``addr`` is the A1 address)."""

    sheet: str
    row: int
    col: int
    value: Any

    @property
    def addr(self) -> str:
        """A1 address of the cell."""
        return a1(self.row, self.col)

    @property
    def blank(self) -> bool:
        """True when the cell holds nothing or only whitespace."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class FundsRow:
    """One row of the funds block (年度资金总额, 当年财政拨款, 上级资金, 合计 …).

    ``is_total`` marks the row that carries the total (年度资金总额 / 合计);
    the others are its sources.
    """

    label: str
    is_total: bool
    initial: Cell | None = None
    budget: Cell | None = None
    executed: Cell | None = None
    weight: Cell | None = None
    rate: Cell | None = None
    score: Cell | None = None


@dataclass(frozen=True)
class Indicator:
    """One 三级指标 row of the indicator grid; absent columns are ``None``."""

    row: int
    level1: str
    level2: str
    name: Cell
    weight: Cell | None = None
    target: Cell | None = None
    actual: Cell | None = None
    rate: Cell | None = None
    score: Cell | None = None
    rule: Cell | None = None
    reason: Cell | None = None
    operator: Cell | None = None
    unit: Cell | None = None
    basis: Cell | None = None
    last_year: Cell | None = None

    @property
    def path(self) -> str:
        """一级/二级/三级 path used to name the indicator in messages."""
        parts = [p for p in (self.level1, self.level2, str(self.name.value or "").strip()) if p]
        return "/".join(parts)


@dataclass(frozen=True)
class Form:
    """A detected 自评表: its kind, funds block, goals, indicators and declared totals.

    ``kind`` is ``project`` (项目支出绩效自评表) or ``unit`` (单位/部门整体支出绩效自评表).
    ``columns`` maps each recognised indicator column role to its header cell,
    which is where whole-column findings point.
    """

    sheet: str
    kind: str
    title: str
    name: str
    unit_name: str
    columns: dict[str, Cell]
    funds: tuple[FundsRow, ...]
    goal_expected: Cell | None
    goal_actual: Cell | None
    indicators: tuple[Indicator, ...]
    total: Cell | None
    grade: Cell | None
    weight_total_cell: Cell | None = None  # the 分值 cell of the 总分 row (the form's own statement of full marks)

    @property
    def funds_total(self) -> FundsRow | None:
        """The funds row that carries the total and the execution score."""
        return next((r for r in self.funds if r.is_total), None)

    @property
    def kind_label(self) -> str:
        """Chinese name of the form kind."""
        return "单位/部门整体支出绩效自评表" if self.kind == "unit" else "项目支出绩效自评表"
