"""An xlwings remote-interpreter payload made from a workbook file, to run the buttons without Excel.

xlwings' remote interpreter (``xw.Book(json=payload)``) builds a book from the JSON that
its Excel clients send: per sheet the cached values from A1, the addresses holding a
note, and the visibility; dates as ISO strings. Everything the add-in writes comes back
as a list of actions. With this converter the ribbon's entry points run on Linux, on the
real sample workbooks, through xlwings' own API; it needs
``XLWINGS_LICENSE_KEY=noncommercial`` in the environment, which is fine for tests only.

The values are read with openpyxl (cached results, as Excel would send them), not with
xltool's own reader, so a test comparing the two paths compares independent readings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def cell_payload(value: Any) -> Any:
    """One value as an Excel client sends it: '' for empty, ISO text with 'Z' for dates."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def payload_from_file(path: str | Path) -> dict:
    """The payload an Excel client would send for ``path`` opened as the active workbook."""
    import xlwings
    from openpyxl import load_workbook

    path = Path(path)
    wb = load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        values = [[cell_payload(c.value) for c in row] for row in ws.iter_rows()] or [[]]
        notes = [{"address": f"${c.column_letter}${c.row}"}
                 for row in ws.iter_rows() for c in row if c.comment is not None]
        sheets.append({"name": ws.title, "values": values, "visibility": _VISIBILITY[ws.sheet_state],
                       "notes": notes, "pictures": [], "tables": [], "charts": [], "shapes": [],
                       "pivot_tables": [], "show_gridlines": True, "print_area": None})
    return {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": path.name, "selection": "A1",
                     "active_sheet_index": wb.worksheets.index(wb.active) if wb.active in wb.worksheets else 0},
            "names": [], "sheets": sheets}
