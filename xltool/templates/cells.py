"""Reading a template's cells by A1 address, and comparing a cached value with the expected one.

Shared by the code that computes what a template's formula cells must show
(``expect`` and the scoring template's ``scoresheet.expected``) and the tamper
check, so none of them imports the others for three small helpers.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from xltool.model.grid import SheetGrid


def position(addr: str) -> tuple[int, int]:
    """0-based (row, col) of an A1 address."""
    letters, row = coordinate_from_string(addr.replace("$", ""))
    return row - 1, column_index_from_string(letters) - 1


def cell_value(grid: SheetGrid, addr: str) -> Any:
    """The value stored at an A1 address of a grid."""
    return grid.raw(*position(addr))


def number(value: Any) -> float | None:
    """A spreadsheet number (what SUM, MIN and ISNUMBER see); text and blanks are None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def agrees(expected: Any, found: Any) -> bool:
    """Whether a cached value equals the expected one (numbers to 12 significant digits: caches keep 15)."""
    if expected is None or found is None:
        return (expected is None or expected == "") and (found is None or found == "")
    if isinstance(expected, str) or isinstance(found, str):
        return expected == found
    a, b = number(expected), number(found)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
