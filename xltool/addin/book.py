"""The live workbook seen through xlwings: values in, and fills, notes and formulas where readable.

The add-in runs on two xlwings engines. On the desktop (Windows/macOS Excel,
``RunPython``) every property can be read. On xlwings' remote-interpreter book, which
the tests drive on Linux, values arrive in a payload but fills, formulas, merged areas
and note text raise ``NotImplementedError``. So each reader here returns ``None`` for
"cannot tell" and callers decide what is safe without it; everything is written the
same way on both engines.

Merged ranges are not read at all: xlwings shows a merged cell's value in its top-left
cell only, which is how the engine's detection already treats blank label cells, and
asking each blank cell for its merge area would cost one round trip to Excel per cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.styles import PatternFill
from openpyxl.styles.colors import COLOR_INDEX

from xltool.io import limits
from xltool.model.grid import SheetGrid
from xltool.io.read import used_area
from xltool.reporters.excel import fill_from_data, fill_to_data
from xltool.reporters.safe import clean_text

_UNREADABLE = (NotImplementedError, AttributeError)


def grid_value(value: Any) -> Any:
    """A value as ``read_workbook`` gives it: '' → None, 3.0 → 3, a midnight datetime → date.

    xlwings returns every number as a float and every date as a datetime; the file
    reader turns whole numbers into ints and date cells into dates, and the engine's
    messages quote them, so both paths must hand it the same Python values.
    """
    if value == "":
        return None
    if type(value) is float and value.is_integer() and -1e15 < value < 1e15:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def sheet_extent(sheet) -> tuple[int, int]:
    """(rows, columns) from A1 to the last cell of the sheet's used range."""
    last = sheet.used_range.last_cell
    return last.row, last.column


def read_grid(sheet) -> SheetGrid:
    """One sheet's values from A1, errors as their text (#DIV/0!), without merged ranges."""
    nrows, ncols = sheet_extent(sheet)
    if nrows * ncols > limits.MAX_SHEET_CELLS:
        return SheetGrid(name=sheet.name, rows=[])  # a sheet this large is no form; skip it, as the reader would refuse it
    values = sheet.range((1, 1), (nrows, ncols)).options(ndim=2, err_to_str=True).value
    return SheetGrid(name=sheet.name, rows=used_area([[grid_value(v) for v in row] for row in values]))


def read_grids(book, skip: tuple[str, ...] = ()) -> list[SheetGrid]:
    """Every worksheet of the live book except ``skip`` (our own sheets), in tab order."""
    return [read_grid(sheet) for sheet in book.sheets if sheet.name not in skip]


def as_text(value: Any) -> Any:
    """A value to write into a cell: strings with Excel's text prefix ``'``, everything else as it is.

    Excel parses a string assigned to a cell as if typed: ``=…`` becomes a formula
    (findings quote submitted text, which is untrusted), ``1-2`` a date and a sheet
    named ``2023`` a number. The apostrophe makes it stay text and is not part of the
    value read back.
    """
    return "'" + clean_text(value) if isinstance(value, str) and value else value


def read_formulas(sheet, nrows: int, ncols: int) -> list[list[str]] | None:
    """Formula text of A1:(nrows, ncols) ('' where a cell holds a constant), None if the engine cannot say."""
    try:
        raw = sheet.range((1, 1), (nrows, ncols)).formula
    except _UNREADABLE:
        return None
    rows = [list(r) for r in raw] if isinstance(raw, (tuple, list)) and raw and isinstance(raw[0], (tuple, list)) \
        else [[raw]]
    return [[f if isinstance(f, str) and f.startswith("=") else "" for f in row] for row in rows]


def read_fill(rng) -> dict | None:
    """The cell's fill as the annotator records it (``fill_to_data``), None if the engine cannot read it."""
    try:
        rgb = rng.color
    except _UNREADABLE:
        return None
    if rgb is None:
        return fill_to_data(PatternFill())
    if isinstance(rgb, str):
        hex6 = rgb.lstrip("#").upper()
    else:
        hex6 = "".join(f"{int(v):02X}" for v in rgb[:3])
    return fill_to_data(PatternFill("solid", fgColor="FF" + hex6))


def fill_colour(data: dict) -> tuple[str | None, bool]:
    """The ``#RRGGBB`` (or None for no fill) to restore a recorded fill, and whether that is exact.

    xlwings sets plain RGB colours only. A recorded theme colour or gradient (from a
    file annotated by ``xltool check --annotate``) comes back as no fill and is counted
    as not exact, so the user is told.
    """
    if "xml" in data:
        return None, False
    fill = fill_from_data(data)
    if fill.fill_type is None:
        return None, True
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return "#" + colour.rgb[-6:], fill.fill_type == "solid"
    if colour.type == "indexed" and 0 <= colour.indexed < len(COLOR_INDEX) - 2:
        return "#" + COLOR_INDEX[colour.indexed][-6:], fill.fill_type == "solid"
    return None, False


def read_note(rng) -> tuple[bool, str | None]:
    """(whether the cell has a note, its text or None when the engine cannot read the text)."""
    try:
        note = rng.note
    except _UNREADABLE:
        return False, None
    if note is None:
        return False, None
    try:
        return True, note.text
    except _UNREADABLE:
        return True, None


def write_note(rng, text: str | None) -> None:
    """Set, replace or (``None``) delete the cell's note."""
    exists, _ = read_note(rng)
    if text is None:
        if exists:
            rng.note.delete()
    elif exists:
        rng.note.text = text
    else:
        rng.add_note(text)


def alert(book, message: str, title: str = "绩效核查") -> None:
    """A message box in Excel (an action on the remote engine)."""
    book.app.alert(message, title=title, buttons="ok", mode="info")


def status(book, text: str | None) -> None:
    """Excel's status bar, where the engine has one (the remote engine has not)."""
    try:
        book.app.status_bar = text
    except _UNREADABLE:
        pass
