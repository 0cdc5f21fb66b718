"""核查并标注 and 清除标注 on the live workbook, from the same plan as the annotated copy.

The colours and comment text come from :func:`xltool.reporters.excel.plan_marks`, the
核查结果 sheet from :func:`~xltool.reporters.excel.results_sheet`, and what we changed is
recorded in the same hidden ``_xltool_state`` sheet rows (:func:`state_rows`). So a
workbook marked by the button can be cleared by ``xltool check --annotate`` and the
other way round, and 清除标注 puts back exactly the fills and notes that were there.
Notes are Excel's notes (formerly "comments"), which is what openpyxl writes too.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import PatternFill

from xltool.addin.protection import Journal
from xltool.addin.book import as_text, fill_colour, read_fill, read_note, write_note
from xltool.findings import Finding
from xltool.reporters.excel import (COLOURS, RESULT_SHEET, RESULT_WIDTHS, STATE_SHEET, Saved, compose_comment,
                                    fill_to_data, is_mark_fill, parse_state, plan_marks, restored_comment,
                                    results_sheet, state_rows)


@dataclass(frozen=True)
class Cleared:
    """What 清除标注 did: cells restored, and how many fills could only be approximated."""

    cells: int
    inexact_fills: int
    sheets: tuple[str, ...]


def hex_colour(argb: str) -> str:
    """'FFFFC7CE' → '#FFC7CE', the form xlwings takes."""
    return "#" + argb[-6:]


def mark(book, findings: list[Finding], summary: dict, source: str, journal: Journal | None = None) -> str:
    """Colour and annotate the cells of ``findings``, add 核查结果 and the state record; return the sheet title.

    Each change is registered in ``journal`` before it is made, so a failure part-way
    (a refused write, Excel busy) can put every cell and sheet back (``Journal.rollback``).
    """
    journal = journal if journal is not None else Journal()
    names = [s.name for s in book.sheets]
    saved = []
    for (sheet, cell), m in plan_marks(findings, _locator(book, names)).items():
        saved.append(_mark_cell(book.sheets[sheet], sheet, cell, m, journal))
    title = RESULT_SHEET
    n = 1
    while title in names:
        n += 1
        title = f"{RESULT_SHEET}{n}"
    results = book.sheets.add(title, after=book.sheets[-1])
    journal.add(lambda: book.sheets[title].delete())
    _write_results(results, findings, summary, source)
    state = book.sheets.add(STATE_SHEET, after=book.sheets[-1])
    journal.add(lambda: book.sheets[STATE_SHEET].delete())
    state.range("A1").value = _text_grid(state_rows(saved, title))
    state.visible = False
    return title


def clear(book) -> Cleared | None:
    """Undo :func:`mark` (or the file annotator) on the live book; None when nothing of ours is there."""
    names = [s.name for s in book.sheets]
    if STATE_SHEET not in names:
        return None
    ws = book.sheets[STATE_SHEET]
    rows = ws.used_range.options(ndim=2).value
    saved, result_title = parse_state(rows)
    inexact = 0
    for s in saved:
        if s.sheet in names:
            inexact += not _restore(book.sheets[s.sheet].range(s.cell), s)
    deleted = tuple(t for t in (result_title, STATE_SHEET) if t in names)
    for title in deleted:
        book.sheets[title].delete()
    return Cleared(len(saved), inexact, deleted)


def _locator(book, names: list[str]):
    """A finding's (sheet, cell) when that sheet exists and the cell is one cell; the top-left of a merge where readable."""
    def locate(f: Finding):
        if f.sheet not in names or not f.cell or ":" in f.cell:
            return None
        rng = book.sheets[f.sheet].range(f.cell)
        try:
            rng = rng.merge_area[0, 0]
        except (NotImplementedError, AttributeError):
            pass
        return f.sheet, rng.get_address(False, False)
    return locate


def _mark_cell(sheet, name: str, addr: str, m, journal: Journal) -> Saved:
    rng = sheet.range(addr)
    fill = read_fill(rng)
    has_note, user = read_note(rng)
    keep_note = has_note and user is None  # a note we cannot read is the user's: keep it, colour the cell only
    written = "" if keep_note else compose_comment(user, m.comment)
    saved = Saved(name, addr, fill if fill is not None else fill_to_data(PatternFill()),
                  user if has_note else None, "", written)  # xlwings cannot read a note's author
    journal.add(lambda: _restore(sheet.range(addr), saved))
    if not keep_note:
        write_note(rng, written)
    rng.color = hex_colour(COLOURS[m.severity])
    return saved


def _restore(rng, saved: Saved) -> bool:
    """Put back one cell's fill and note; False when the fill could only be approximated."""
    exact = True
    current = read_fill(rng)
    if current is None or is_mark_fill(current):  # unreadable: it is still ours as far as we can tell
        colour, exact = fill_colour(saved.fill)
        rng.color = colour
    if saved.written:
        has_note, text = read_note(rng)
        if has_note:
            text = restored_comment(saved, saved.written if text is None else text)
            write_note(rng, text)
    return exact


def _text_grid(rows: list[tuple]) -> list[list]:
    """Rows padded to one width, strings marked as text (see :func:`as_text`)."""
    width = max(len(r) for r in rows)
    return [[as_text(v) for v in r] + [None] * (width - len(r)) for r in rows]


def _write_results(ws, findings: list[Finding], summary: dict, source: str) -> None:
    layout = results_sheet(findings, summary, source)
    ws.range("A1").value = _text_grid(layout.rows)
    ws.range("A1").font.bold = True
    ws.range("A1").font.size = 14
    for r, c in sorted(layout.bold):
        ws.range((r, c)).font.bold = True
    for (r, c), colour in sorted(layout.fills.items()):
        ws.range((r, c)).color = hex_colour(colour)
    for c, w in enumerate(RESULT_WIDTHS.values(), 1):
        ws.range((1, c)).column_width = w
    if layout.findings:
        last = layout.header_row + len(layout.findings)
        ws.range((layout.header_row + 1, 1), (last, len(RESULT_WIDTHS))).wrap_text = True
