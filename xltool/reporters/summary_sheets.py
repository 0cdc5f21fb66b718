"""Drawing the three sheets of the batch summary with openpyxl (layout only, no data logic).

Kept apart from :mod:`xltool.reporters.summary`, which decides what the rows and tables
are; here they become formatted cells, links and charts. Every value goes through
:func:`set_text`, so submitted text can never turn into a formula.
"""

from __future__ import annotations

import json
from copy import copy
from pathlib import PurePosixPath

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xltool.reporters.names import profile_name
from xltool.reporters.printing import RowFit, fit_rows, set_up_page
from xltool.reporters.safe import set_text

_HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
_ERROR_FILL = PatternFill("solid", fgColor="FFFFC7CE")
_SKIPPED_FILL = PatternFill("solid", fgColor="FFEDEDED")
_LINK_FONT = Font(color="FF0563C1", underline="single")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER_KEYS = {"declared_total", "recalculated_total", "difference"}
_NUMBER = "0.00"
_WRAP_KEYS = {"unit", "project", "file", "sheet", "status", "kind", "profile", "first_error", "annotated",
              "indicator", "message", "expected", "found"}
_HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


class _Looks:
    """Cell formats of one sheet, each combination registered with openpyxl once.

    openpyxl hashes a font, fill or alignment every time one is assigned to a cell (a
    third of the time it takes to write a 300-file summary); a combination already
    registered is copied as the cell's style record instead. The formats given are this
    module's constants, so they are told apart by identity.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple, object] = {}

    def apply(self, cell, **formats) -> None:
        key = tuple((name, id(value)) for name, value in formats.items())
        style = self._seen.get(key)
        if style is None:
            for name, value in formats.items():
                setattr(cell, name, value)
            self._seen[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def _header(ws: Worksheet, columns) -> None:
    for c, (_, label, width) in enumerate(columns, 1):
        cell = ws.cell(1, c)
        set_text(cell, label)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _HEAD_ALIGN
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    fit_rows(ws, 1, 1)
    set_up_page(ws, landscape=True, title_rows="1:1")


def _plain(value: object) -> object:
    """Finding values are JSON: scalars as they are, lists and dicts as JSON text."""
    return value if value is None or isinstance(value, (str, int, float)) else json.dumps(value, ensure_ascii=False)


def summary_sheet(ws: Worksheet, rows: list[dict], columns) -> None:
    """汇总: one row per file and form; red when errors were found, grey when not checked."""
    ws.title = "汇总"
    _header(ws, columns)
    looks, heights = _Looks(), RowFit(ws)
    for r, row in enumerate(rows, 2):
        fill = _ERROR_FILL if row["errors"] else (_SKIPPED_FILL if row["status"] != "已核查" else None)
        for c, (key, _, _) in enumerate(columns, 1):
            cell = ws.cell(r, c)
            value = row[key]
            if key == "annotated":  # the copy's name; the link holds its path relative to this file
                value = PurePosixPath(row[key]).name if row[key] else (row["annotated_note"] or None)
            elif key == "profile":
                value = profile_name(value, short=True)
            set_text(cell, value)
            formats = {}
            if key in _NUMBER_KEYS:
                formats["number_format"] = _NUMBER
            if key in _WRAP_KEYS:
                formats["alignment"] = _WRAP
                heights.wrapped(cell)
            if key == "annotated" and row["annotated"]:
                cell.hyperlink = row["annotated"]  # a relative path to a copy this run wrote
                formats["font"] = _LINK_FONT
            if fill:
                formats["fill"] = fill
            if formats:
                looks.apply(cell, **formats)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"
    heights.apply()


def findings_sheet(ws: Worksheet, findings: list[dict], columns, severity_labels: dict) -> None:
    """核查明细: every finding of every file, filterable by any column."""
    _header(ws, columns)
    looks, heights = _Looks(), RowFit(ws)
    for r, f in enumerate(findings, 2):
        for c, (key, _, _) in enumerate(columns, 1):
            value = severity_labels.get(f[key], f[key]) if key == "severity" else _plain(f.get(key))
            cell = ws.cell(r, c)
            set_text(cell, value)
            if key in _WRAP_KEYS:
                looks.apply(cell, alignment=_WRAP)
                heights.wrapped(cell)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(findings) + 1, 2)}"
    heights.apply()


_AXIS = {"重算总分分布": ("重算总分", "份数"), "最常见的问题代码": ("问题代码", "条数"),
         "错误最多的单位": ("单位", "错误数")}
_BLOCK_ROWS = 19  # a chart is ~15 rows tall; one block per printed page


def stats_sheet(ws: Worksheet, tables: dict) -> None:
    """统计: each table (a :class:`xltool.reporters.summary.Table`) with its bar chart beside it, one block
    per printed page."""
    top = 1
    set_up_page(ws, landscape=True)
    for title, table in tables.items():
        if top > 1:
            ws.row_breaks.append(Break(id=top - 1))  # a chart never straddles two pages
        set_text(ws.cell(top, 1), title)
        ws.cell(top, 1).font = Font(bold=True, size=12)
        head = top + 1
        for c, name in enumerate(table.columns, 1):
            set_text(ws.cell(head, c), str(name))
            ws.cell(head, c).font, ws.cell(head, c).fill = _BOLD, _HEADER_FILL
        for r, values in enumerate(table.rows, head + 1):
            for c, value in enumerate(values, 1):
                set_text(ws.cell(r, c), value)
        last = head + len(table.rows)
        ws.add_chart(_chart(ws, title, table, head, last), f"E{top}")
        top = max(last + 3, top + max(_BLOCK_ROWS, int(_chart_height(table) / 0.53) + 3))
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 24
    ws.print_area = f"A1:N{top - 1}"


def _chart_height(table) -> float:
    """Centimetres: room for every category label (about half a centimetre each)."""
    return max(7.5, 0.55 * len(table.rows) + 3)


def _chart(ws: Worksheet, title: str, table, head: int, last: int) -> BarChart:
    """A bar chart of the table's count columns against its first column."""
    numeric = range(table.labels + 1, len(table.columns) + 1)
    chart = BarChart()
    chart.type = "bar" if len(table.rows) > 6 else "col"
    chart.title = title
    chart.height, chart.width = _chart_height(table), 16
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides axes otherwise
    chart.legend = None if len(numeric) == 1 else chart.legend
    category, value = _AXIS.get(title.split("，")[0], ("申报等级", "份数"))
    chart.x_axis.title, chart.y_axis.title = category, value
    chart.x_axis.tickLblSkip = 1  # every category labelled, not every other one
    chart.x_axis.tickMarkSkip = 1
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "0"
    chart.dataLabels = DataLabelList(showVal=True)  # the count on each bar
    for col in numeric:
        chart.add_data(Reference(ws, min_col=col, min_row=head, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=last))
    if chart.type == "bar":
        chart.x_axis.scaling.orientation = "maxMin"  # largest first, read top-down
    return chart
