"""Values for formula cells that a workbook holds without a result.

Excel and WPS store each formula's last result next to it, and readers (calamine,
pandas, ``openpyxl`` with ``data_only=True``) see only that result. A workbook written
by a program that does not calculate — a template filled in by a script with openpyxl,
an export from another system — holds the formula and nothing else, so every such
cell reads as blank: 执行率, 得分 and 总分 go missing and the check judges a form that
Excel would show quite differently.

Finding them costs nothing on normal files: ``xltool.limits`` already streams every
sheet's XML to measure it, and hands each piece to :func:`collect_uncached`, which
returns at once unless the piece holds a formula element followed by no value. Only
for workbooks where it found some does :func:`fill` load the ``formulas`` package
(~0.2 s to import, ~0.1–1 s per workbook), evaluate the workbook's own formulas
and put the results into the grids; the cells computed are listed on the grids
(``SheetGrid.computed``) and reported as XT113.

``formulas`` differs from Excel in a few corners (measured, see the project's
TECH notes). The one that matters for scoring is ROUND of halves: it rounds the
binary value (``ROUND(0.285, 2)`` gives 0.28, Excel 0.29). While it evaluates, this
module replaces ROUND, ROUNDUP and ROUNDDOWN with Excel's behaviour: the value is
first taken to 15 significant digits, as Excel does, then rounded half away from zero.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from pathlib import Path
from typing import Any

MAX_CELLS = 200_000
"""Cells in the workbook's grids above which nothing is computed: ``formulas`` loads the
whole workbook through openpyxl and builds a graph of every cell (~0.1 ms a cell)."""

# The end of a formula element that closes its cell, or is followed by an empty value:
# <c r="L6" s="4"><f>I6/G6</f><v></v></c>, <c r="B2"><f t="shared" si="0"/></c>. Starting the
# pattern at </f> rather than <f is ~1.5x faster on formula-heavy sheets (~0.3 ms per 440 KB).
_NO_RESULT = re.compile(rb"(?:</f>|<f\b[^<>]*/>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")
# Measured on sheet XML: re finds this literal ~1.6x faster than bytes' `in`.
_FORMULA_START = re.compile(rb"<f")
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^<>]*)>')
_STR_TYPE = re.compile(rb"""\st\s*=\s*["']str["']""")
_KEY = re.compile(r"^'?\[[^\]]*\](.*?)'?!\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def collect_uncached(piece: bytes, found: list[str]) -> None:
    """Append to ``found`` the A1 address of each formula cell in ``piece`` that has no result.

    A string-typed formula cell (``t="str"``) with an empty value is a cached empty
    string (``=IF(A1="","",…)``), not a missing result. Cells written with a namespace
    prefix (``<x:c>``) are not looked at: no known writer of uncalculated files uses one.
    """
    if not _FORMULA_START.search(piece):
        return
    done = 0  # the end of the previous match, a </c>: a cell that starts before it is passed over anyway,
    for m in _NO_RESULT.finditer(piece):  # so its start is looked for after it (a crafted piece stays linear)
        start, done = piece.rfind(b"<c ", done, m.start()), m.end()
        cell = _CELL_START.match(piece, start) if start >= 0 else None
        if cell is None or piece.find(b"</c>", cell.end(), m.start()) >= 0:
            continue
        if m.group(1) is not None and _STR_TYPE.search(cell.group(2)):
            continue
        found.append(cell.group(1).decode("ascii"))


@dataclass(frozen=True)
class Computed:
    """What was done for one sheet: the cells computed, and those ``formulas`` could not compute."""

    cells: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    reason: str = ""


def fill(source: Path | bytes, grids: list, uncached: dict[str, list[str]]) -> list:
    """``grids`` with the results of the ``uncached`` formula cells (sheet name → addresses) put in.

    Grids of sheets with computed cells are rebuilt (their merged-cell view depends on
    the values) and carry a ``Computed`` record in ``computed``; other grids are returned
    as they are. Never raises: a workbook ``formulas`` cannot evaluate keeps its blanks,
    and the record says why.
    """
    wanted = {name: cells for name, cells in uncached.items() if cells}
    if not wanted:
        return grids
    if sum(g.height * g.width for g in grids) > MAX_CELLS:
        return _unchanged(grids, wanted, f"工作簿超过 {MAX_CELLS:,} 个单元格，未自动计算")
    try:
        values = _evaluate(source)
    except Exception as exc:  # noqa: BLE001 - any failure of the evaluator leaves the cells blank, reported
        return _unchanged(grids, wanted, f"公式无法计算（{type(exc).__name__}）")
    out = []
    for grid in grids:
        cells = wanted.get(grid.name)
        if not cells:
            out.append(grid)
            continue
        rows = [list(r) for r in grid.rows]
        done, failed = [], []
        for addr in cells:
            value = values.get((grid.name.upper(), addr), _MISSING)
            if value is _MISSING or value == "#NAME?":  # formulas' answer to a function it does not know
                failed.append(addr)
                continue
            r, c = _position(addr)
            rows.extend([] for _ in range(r + 1 - len(rows)))
            rows[r].extend([None] * (c + 1 - len(rows[r])))
            if rows[r][c] is None:
                rows[r][c] = value
                done.append(addr)
        rebuilt = type(grid)(name=grid.name, rows=rows, merged=list(grid.merged))
        rebuilt.percent_cells = getattr(grid, "percent_cells", {})  # what the reader found besides the values
        rebuilt.computed = Computed(tuple(done), tuple(failed), "含 xltool 无法计算的函数或引用" if failed else "")
        out.append(rebuilt)
    return out


_MISSING = object()


def _unchanged(grids: list, wanted: dict[str, list[str]], reason: str) -> list:
    for grid in grids:
        if grid.name in wanted:
            grid.computed = Computed((), tuple(wanted[grid.name]), reason)
    return grids


def _position(addr: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", addr)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _evaluate(source: Path | bytes) -> dict[tuple[str, str], Any]:
    """Every cell value ``formulas`` computes for the workbook: (SHEET NAME IN CAPITALS, A1) → value."""
    with contextlib.ExitStack() as stack:
        if isinstance(source, bytes):  # a decrypted workbook: formulas reads files only
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xltool-formulas-")))
            path = tmp / "workbook.xlsx"
            path.write_bytes(source)
        else:
            path = Path(source)
        stack.enter_context(_excel_rounding())
        stack.enter_context(contextlib.redirect_stderr(io.StringIO()))  # its progress bars
        import formulas

        solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        m = _KEY.match(key)
        if m is None:
            continue
        cell = getattr(ranges, "value", ranges)
        try:
            raw = cell[0, 0] if getattr(cell, "shape", None) not in (None, ()) else cell
        except (IndexError, TypeError):
            continue
        values[(m.group(1), m.group(2) + m.group(3))] = grid_value(raw)
    return values


def grid_value(raw: Any) -> Any:
    """A ``formulas`` result as the file reader gives values: whole floats as int, errors as their text."""
    import numpy as np

    if isinstance(raw, np.generic):
        raw = raw.item()
    if type(raw).__name__ == "XlError":
        return str(raw)
    if type(raw).__name__ == "Token":  # schedula's EMPTY: Excel shows 0 for a formula pointing at nothing
        return 0
    if isinstance(raw, float) and raw.is_integer() and -1e15 < raw < 1e15:
        return int(raw)
    if isinstance(raw, str) and raw == "":
        return None
    return raw


def excel_round(x: float, digits: float, mode: str = ROUND_HALF_UP) -> float:
    """Excel's ROUND/ROUNDUP/ROUNDDOWN: 15 significant digits first, then away from or towards zero."""
    value = Decimal(f"{float(x):.15g}")
    return float(value.quantize(Decimal(1).scaleb(-int(digits)), rounding=mode))


@contextlib.contextmanager
def _excel_rounding():
    import formulas
    from formulas.functions import wrap_ufunc

    functions = formulas.get_functions()
    saved = {name: functions.get(name) for name in ("ROUND", "ROUNDUP", "ROUNDDOWN")}
    functions["ROUND"] = wrap_ufunc(excel_round)
    functions["ROUNDUP"] = wrap_ufunc(lambda x, d: excel_round(x, d, ROUND_UP))
    functions["ROUNDDOWN"] = wrap_ufunc(lambda x, d: excel_round(x, d, ROUND_DOWN))
    try:
        yield
    finally:
        functions.update(saved)


def described(computed: Computed, limit: int = 12) -> str:
    """'L6、M6、I26' — the addresses for a message, cut after ``limit``."""
    cells = list(computed.cells)
    text = "、".join(cells[:limit])
    return text + (f" 等 {len(cells)} 个" if len(cells) > limit else "")


def findings(grids: list) -> list:
    """XT113 for each sheet whose formula cells had no results: which were computed, which not."""
    from xltool.codes import finding, fragment

    out = []
    for grid in grids:
        computed = getattr(grid, "computed", None)
        if not computed:
            continue
        done = fragment("XT113", "computed", count=len(computed.cells), cells=described(computed)) \
            if computed.cells else ""
        failed = fragment("XT113", "failed", count=len(computed.failed), reason=computed.reason,
                          cells=described(replace(computed, cells=computed.failed))) if computed.failed else ""
        out.append(finding("XT113", grid.name, "", "default", computed=done, failed=failed))
    return out
