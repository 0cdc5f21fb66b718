"""Drawing a printed form with openpyxl: fonts, borders, input and formula cells, print setup.

Every template uses the same few looks, so a filled form reads the same whatever
template it came from: pale yellow cells are for the user and unlocked, pale grey
cells hold formulas and are locked, and the sheet is protected without a password
(the lock prevents accidents, not edits on purpose).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties

from xltool.io.printing import row_heights

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")
FORMULA_FILL = PatternFill("solid", fgColor="FFF2F2F2")
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
ALERT_FILL = PatternFill("solid", fgColor="FFFFC7CE")
WARN_FILL = PatternFill("solid", fgColor="FFFFEB9C")
_THIN = Side(style="thin", color="FF000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

AMOUNT = "#,##0.00"
PERCENT = "0.00%"
SCORE = "0.00"


class Painter:
    """Writes cells of one worksheet in the templates' common looks."""

    def __init__(self, ws, size: float = 10):
        self.ws = ws
        self.size = size
        self.inputs: list[str] = []
        self.formulas: dict[str, str] = {}

    def put(self, ref: str, value=None, to: str | None = None, *, bold: bool = False, size: float | None = None,
            h: str = "center", v: str = "center", wrap: bool = True, fmt: str | None = None,
            font: str = BODY_FONT, fill=None, box: bool = True, locked: bool = True):
        """Write a value (merged over ``ref:to`` when given) with font, alignment and border."""
        ws = self.ws
        cell = ws[ref]
        if isinstance(value, str) and value.startswith("=") and locked:
            self.formulas[ref] = value
        cell.value = value
        if isinstance(value, str) and not value.startswith("="):
            cell.data_type = "s"
        rng = f"{ref}:{to}" if to else ref
        if to:
            ws.merge_cells(rng)
        style = dict(font=Font(name=font, size=size or self.size, bold=bold),
                     alignment=Alignment(horizontal=h, vertical=v, wrap_text=wrap))
        for row in ws[rng] if to else ((cell,),):
            for c in row:
                c.font = style["font"]
                c.alignment = style["alignment"]
                if box:
                    c.border = BOX
                if fill is not None:
                    c.fill = fill
                if fmt:
                    c.number_format = fmt
                if not locked:
                    c.protection = Protection(locked=False)
        return cell

    def label(self, ref: str, text: str, to: str | None = None, **kw):
        """A fixed header or label cell (bold on a pale blue header fill when ``header``)."""
        header = kw.pop("header", False)
        return self.put(ref, text, to, bold=header or kw.pop("bold", False),
                        fill=HEADER_FILL if header else kw.pop("fill", None), **kw)

    def input(self, ref: str, to: str | None = None, *, value=None, fmt: str | None = None, h: str = "center"):
        """An unlocked cell for the user (pale yellow)."""
        self.inputs.append(ref)
        return self.put(ref, value, to, fill=INPUT_FILL, locked=False, fmt=fmt, h=h)

    def formula(self, ref: str, formula: str, to: str | None = None, *, fmt: str | None = None, bold: bool = False,
                h: str = "center", wrap: bool = True):
        """A locked formula cell (pale grey); ``formula`` has no leading '='."""
        return self.put(ref, "=" + formula, to, fill=FORMULA_FILL, fmt=fmt, bold=bold, h=h, wrap=wrap)

    def helper(self, ref: str, formula: str) -> None:
        """A hidden helper formula: plain, locked, no border."""
        self.formulas[ref] = "=" + formula
        self.ws[ref].value = "=" + formula

    def widths(self, widths: dict[str, float]) -> None:
        """Column widths by letter."""
        for letter, width in widths.items():
            self.ws.column_dimensions[letter].width = width

    def height(self, row: int, height: float) -> None:
        """Height of one row in points."""
        self.ws.row_dimensions[row].height = height

    def fit(self, first: int, last: int, *, low: float = 15) -> None:
        """Raise rows ``first``…``last`` to the height their wrapped labels need (never below
        their set height, or ``low`` where none is set): no header or note is printed cut."""
        for r, (lines, need) in row_heights(self.ws, first, last).items():
            have = self.ws.row_dimensions[r].height or low
            if lines > 1 and need > have + 0.05:
                self.ws.row_dimensions[r].height = round(need, 1)

    def hide_columns(self, first: int, last: int) -> None:
        """Hide helper columns first..last (1-based), as one group."""
        self.ws.column_dimensions.group(get_column_letter(first), get_column_letter(last), hidden=True)

    def print_setup(self, last_col: str, last_row: int, title_rows: str) -> None:
        """A4 landscape, one page wide, centred, header rows repeated on every page.

        Printed in black and white: the input/formula fills and the red alerts guide the
        person filling in the form on screen, the printout looks like the official form.
        """
        ws = self.ws
        ws.page_setup.blackAndWhite = True
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
        ws.print_area = f"A1:{last_col}{last_row}"
        ws.print_title_rows = title_rows

    def keep_blocks_on_pages(self, last_col: str, blocks: list[tuple[int, int]], title_rows: tuple[int, int]) -> list[int]:
        """Manual row breaks between ``blocks`` (first, last rows kept on one page), so no merged block
        is cut by a page break; the sheet stays one page wide and as many tall as needed.

        Each application picks its own scale for 'one page wide' (Excel and WPS honour manual row
        breaks when the height is left automatic). The breaks are placed greedily for the largest
        scale any of them can pick — the one with Calibri's narrow digits (a column w units wide is
        7w+5 pixels of 0.75 points) — and a page filled to 92 % of the printable height, the
        repeated title rows counted on every page after the first. At a smaller scale (wider
        fallback fonts) a page only has more room to spare, so no automatic break falls inside a
        block. Returns the rows after which a page ends.
        """
        ws = self.ws
        cols = range(1, ws[f"{last_col}1"].column + 1)
        width_pt = sum((self._width(c) * 7 + 5) * 0.75 for c in cols)
        page_w, page_h = 841.9, 595.3  # A4 landscape, points
        m = ws.page_margins
        scale = min(1.0, (page_w - 72 * (m.left + m.right)) / width_pt)
        capacity = 0.92 * (page_h - 72 * (m.top + m.bottom)) / scale

        def height(first: int, last: int) -> float:
            return sum(ws.row_dimensions[r].height or 15.0 for r in range(first, last + 1))

        titles = height(*title_rows)
        used, breaks = height(1, blocks[0][0] - 1), []
        for first, last in blocks:
            need = height(first, last)
            if need + titles > capacity:
                raise ValueError(f"rows {first}-{last} do not fit on one page")
            if used + need > capacity:
                breaks.append(first - 1)
                used = titles + height(breaks[-1] + 1, first - 1)
            used += need
        ws.row_breaks = RowBreak()
        for r in breaks:
            ws.row_breaks.append(Break(id=r))
        return breaks

    def _width(self, col: int) -> float:
        dim = self.ws.column_dimensions.get(get_column_letter(col))
        return dim.width if dim is not None and dim.width else 8.43

    def protect(self) -> None:
        """Protect the sheet without a password; rows and columns may still be resized."""
        p = self.ws.protection
        p.sheet = True
        p.formatColumns = False
        p.formatRows = False
        p.selectLockedCells = False
        p.selectUnlockedCells = False
