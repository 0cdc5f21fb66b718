"""The typed, read-only model of a self-assessment form, built by ``detect``.

Every value keeps its location (``Cell``), so a check that finds a wrong value
can point at the cell that holds it. Nothing here knows about spreadsheet
libraries or scoring rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xltool.model.frozen import quick_init
from xltool.model.grid import a1


@quick_init
@dataclass(frozen=True)
class Cell:
    """A value and where it sits (0-based row/col; ``addr`` is the A1 address).

    ``percent`` is set when the cell holds a number its format shows as a percentage
    (0.862 shown as 86%): the decimals shown, so the value is read as 86.2 % and compared
    at the precision the reader of the form sees.
    """

    sheet: str
    row: int
    col: int
    value: Any
    percent: int | None = None

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


@quick_init
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
    coefficient: Cell | None = None  # 得分系数(%) of Chongqing forms: score = weight × coefficient
    level1_cell: Cell | None = None  # the 一级指标 label over this row ('产出指标(60分)': a weight claim)

    @property
    def path(self) -> str:
        """一级/二级/三级 path used to name the indicator in messages."""
        parts = [p for p in (self.level1, self.level2, str(self.name.value or "").strip()) if p]
        return "/".join(parts)


@dataclass(frozen=True)
class Form:
    """A detected 自评表: its kind, funds block, goals, indicators and declared totals.

    ``kind`` is ``project`` (项目支出绩效自评表), ``unit`` (单位/部门整体支出绩效自评表),
    ``transfer`` (a form with 指标值/完成值 but no 分值/得分, as the 转移支付 区域绩效自评表:
    nothing to score, values and funds still to check) or ``funds`` (a funds block alone).
    ``columns`` maps each recognised indicator column role to its header cell,
    which is where whole-column findings point.

    ``total`` is the score total the form states (its 总分 row's score cell, or
    自评得分/自评总分 in the header block), never a sum the reader made up; None when
    no total is stated. ``weight_total_cell`` is the 分值 cell of the 总分 row
    (the full marks stated beside the label), when there is one.
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
    block_label: Cell | None = None  # the label beside the indicator header stating the table's weight ('绩效指标(90分)')
    weight_total_cell: Cell | None = None

    @property
    def scored(self) -> bool:
        """Whether the form awards scores (a 转移支付 target form or a bare funds block does not)."""
        return self.kind in ("project", "unit")

    @property
    def score_groups(self) -> dict[tuple[int, int], tuple[Indicator, ...]]:
        """Score cells merged over several indicator rows (one 二级 score for its 三级 rows) → those rows.

        Such a cell is one stated value: a sum counts it once, and it is the score of the
        group, not of each row.
        """
        groups: dict[tuple[int, int], list[Indicator]] = {}
        for ind in self.indicators:
            if ind.score is not None:
                groups.setdefault((ind.score.row, ind.score.col), []).append(ind)
        return {k: tuple(v) for k, v in groups.items() if len(v) > 1}

    @property
    def funds_total(self) -> FundsRow | None:
        """The funds row that carries the total and the execution score."""
        return next((r for r in self.funds if r.is_total), None)

    @property
    def kind_label(self) -> str:
        """Chinese name of the form kind."""
        return _KIND_LABELS.get(self.kind, "项目支出绩效自评表")


_KIND_LABELS = {"project": "项目支出绩效自评表", "unit": "单位/部门整体支出绩效自评表",
                "transfer": "转移支付区域（项目）绩效自评表（无评分）", "funds": "资金执行情况表"}
