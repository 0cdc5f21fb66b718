"""Findings: the immutable records every check produces and every reporter consumes.

A finding is data, not an exception, so that a check never stops the others and
reporters (text, JSON, annotated workbook, batch summary) can format the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; the order drives colours and the exit code."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe, so findings sort worst first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        """Chinese label shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One discrepancy, located at the cell that holds the wrong value.

    ``cell`` is the A1 address of that cell (top-left of a merged range) or ""
    when the finding concerns the whole sheet or file. ``expected`` and
    ``found`` are plain JSON values (numbers rounded for display, strings).
    """

    code: str
    name: str
    severity: Severity
    sheet: str
    cell: str
    message: str
    expected: Any = None
    found: Any = None
    indicator: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        """The stable JSON shape (schema version 1) other tools read."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "indicator": self.indicator,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
        }

    @property
    def sort_key(self) -> tuple:
        """Sheet, then row, then column, then code: the order a reader scans a sheet."""
        row, col = _split_a1(self.cell)
        return (self.sheet, row, col, self.code)


def _split_a1(cell: str) -> tuple[int, int]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits) if digits else 0, col)
