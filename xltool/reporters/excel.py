"""The annotated copy: offending cells coloured and commented, plus a 核查结果 sheet.

Accountants fix a form where they see it, so each finding goes back onto its cell.
Two things users of similar tools complain about shape this module. The first is
damage to the workbook, so we only ever write a copy and we change nothing but
fills, comments and our own two sheets. The second is stale marks: a cell stays red
after it has been fixed. So every cell we mark is recorded, with its original fill and
comment, in a veryHidden sheet. The next run (or :func:`clear_annotations`) restores
those cells before it applies new marks.

The pure half is the plan: which cell gets which colour and text, and what a cell
should look like once our mark is removed. It is plain data, so the Excel add-in can
apply the same plan to a live workbook. The openpyxl half applies it to a file.
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree.ElementTree import ParseError, fromstring, tostring

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.drawing.image import PILImage
from openpyxl.styles import Alignment, Color, Fill, Font, PatternFill
from openpyxl.utils.cell import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from xltool.io.atomic import default_output, write_atomically
from xltool.codes import CATALOGUE
from xltool.findings import Finding, Severity
from xltool.io.limits import check_annotatable
from xltool.reporters.marker import ANNOTATED, PROPERTY, stamp
from xltool.reporters.printing import fit_rows, set_up_page
from xltool.reporters.safe import safe_comment_text, set_text

__all__ = ["AUTHOR", "COLOURS", "Mark", "RESULT_SHEET", "RESULT_WIDTHS", "ResultsSheet", "SEPARATOR",
           "STATE_SHEET", "Saved", "annotate", "clear_annotations", "comment_size", "compose_comment",
           "fill_from_data", "fill_to_data", "finding_text", "is_mark_fill", "parse_state", "plan_marks",
           "restored_comment", "results_sheet", "state_rows"]

RESULT_SHEET = "核查结果"
STATE_SHEET = "_xltool_state"
AUTHOR = "xltool"
SEPARATOR = "—— xltool 核查 ——"
COLOURS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C", Severity.INFO: "FFDDEBF7"}
"""Fill per severity, aRGB because WPS rejects 6-digit colours."""

_STATE_TAG, _STATE_VERSION = "xltool-state", 1
_STATE_HEADERS = ("工作表", "单元格", "原填充", "原有批注", "原批注", "原批注作者", "写入批注")
_HEADERS = ("序号", "级别", "代码", "规则名称", "工作表", "单元格", "指标", "问题说明", "应为", "实为")
_WIDTHS = (13, 8, 7, 18, 14, 8, 20, 48, 12, 12)
SYMBOLS = {Severity.ERROR: "●", Severity.WARNING: "▲", Severity.INFO: "○"}
"""Printed beside each severity, so it reads in black-and-white print as well as in colour."""
_KEY = {Severity.ERROR: "浅红色填充", Severity.WARNING: "浅黄色填充", Severity.INFO: "浅蓝色填充"}
_TITLE = "绩效自评表核查结果"
_LINK_FONT = Font(color="FF0563C1", underline="single")
_HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384

Locate = Callable[[Finding], "tuple[str, str] | None"]


# ---- the plan: plain data, no openpyxl objects -------------------------------------

@dataclass(frozen=True)
class Mark:
    """What one cell gets: the colour of its worst finding and a comment listing all of them."""

    severity: Severity
    comment: str


@dataclass(frozen=True)
class Saved:
    """A marked cell's original fill and comment, and the comment text we wrote there."""

    sheet: str
    cell: str
    fill: dict
    comment: str | None
    author: str
    written: str


def _show(value: object) -> str:
    return format(value, ".10g") if isinstance(value, float) else str(value)


def finding_text(f: Finding) -> str:
    """One finding as comment lines: ``[XT305 错误] message`` then ``应为: …  实为: …``."""
    head = f"[{f.code} {f.severity.label}] {f.message}"
    values = [f"{label}: {_show(v)}" for label, v in (("应为", f.expected), ("实为", f.found))
              if v is not None]
    return "\n".join([head, "  ".join(values)] if values else [head])


def _as_given(f: Finding) -> tuple[str, str] | None:
    return (f.sheet, f.cell) if f.sheet and f.cell else None


def plan_marks(findings: Iterable[Finding], locate: Locate | None = None) -> dict[tuple[str, str], Mark]:
    """Group findings by the cell they mark; the worst severity picks the colour.

    ``locate`` maps a finding to the (sheet, cell) that can carry a mark, or None when
    it cannot (unknown sheet, no cell). The file writer redirects into merged ranges
    here; the add-in can pass its own. Without it findings are taken at their word.
    """
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        # a finding about two cells (XT206: the narrative and the indicator it contradicts) marks both
        cells = [f] + [replace(f, cell=addr) for addr in f.extra.get("related", ()) if addr != f.cell]
        for where in cells:
            key = (locate or _as_given)(where)
            if key is not None and f not in grouped.get(key, ()):
                grouped.setdefault(key, []).append(f)
    plan = {}
    for key, group in grouped.items():
        group.sort(key=lambda f: (f.severity.rank, f.code))
        plan[key] = Mark(group[0].severity, "\n".join(finding_text(f) for f in group))
    return plan


def compose_comment(user: str | None, ours: str) -> str:
    """Our text after the user's own comment, which stays first and untouched."""
    return safe_comment_text(ours if user is None else f"{user}\n{SEPARATOR}\n{ours}")


def restored_comment(saved: Saved, current: str | None) -> str | None:
    """The comment a marked cell should keep once our part is removed.

    Our exact text gives way to the original. If the user edited their part above the
    separator, their edit is kept. A comment the user deleted, or rewrote entirely,
    is theirs now and left as it is.
    """
    if current is None:
        return None
    current = str(current)  # LibreOffice saves comments as rich text (CellRichText)
    if current.split() == saved.written.split():  # Excel/WPS may retouch whitespace
        return saved.comment
    head, sep, _ = current.partition(f"\n{SEPARATOR}\n")
    return head if sep else current


def is_mark_fill(data: dict) -> bool:
    """True if a serialised fill is one of our mark colours, i.e. still ours to remove."""
    return data.get("fill_type") == "solid" and (data.get("fg") or {}).get("rgb") in COLOURS.values()


def comment_size(text: str) -> tuple[int, int]:
    """Comment box (width, height) in pixels, so long Chinese text is not cut off."""
    units = [sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.split("\n")]
    width = min(max(max(units) * 6 + 16, 200), 480)
    per_line = (width - 16) // 6
    rows = sum(max(1, -(-u // per_line)) for u in units)
    return width, min(max(rows * 15 + 12, 60), 600)


def _colour(c: Color | None) -> dict | None:
    """rgb, theme or indexed (whichever the colour uses) plus tint; Color(**it) rebuilds it."""
    return None if c is None else {c.type: c.value, "tint": c.tint}


def fill_to_data(fill: Fill) -> dict:
    """A fill as JSON: pattern fills field by field (the add-in can apply them), others as XML."""
    fill = copy(fill)  # cell.fill is a read-only StyleProxy; unwrap it to the real fill
    if isinstance(fill, PatternFill):
        return {"fill_type": fill.fill_type, "fg": _colour(fill.fgColor), "bg": _colour(fill.bgColor)}
    return {"xml": tostring(fill.to_tree()).decode()}


def fill_from_data(data: dict) -> Fill:
    """Inverse of :func:`fill_to_data`."""
    if "xml" in data:
        return Fill.from_tree(fromstring(data["xml"]))
    colours = {k: Color(**data[k]) for k in ("fg", "bg") if data.get(k)}
    return PatternFill(fill_type=data["fill_type"], fgColor=colours.get("fg", Color()),
                       bgColor=colours.get("bg", Color()))


# ---- applying the plan to an openpyxl workbook --------------------------------------

def annotate(src: Path, findings: Sequence[Finding], out: Path, *,
             summary: dict | None = None, in_place: bool = False) -> Path:
    """Write ``out``: a copy of ``src`` with findings marked on their cells and listed last.

    Earlier xltool marks in ``src`` are removed first, so re-running on an annotated
    copy replaces them. ``src`` itself is only read, unless ``in_place`` allows
    ``out`` to be the same file.
    """
    src, out = Path(src), Path(out)
    wb = _open(src, out)
    active = _strip(wb)
    locate = _locator(wb)
    saved = [_mark(wb[sheet], sheet, cell, mark)
             for (sheet, cell), mark in plan_marks(findings, locate).items()]
    title = _free_title(wb)
    _write_state(wb, saved, title)
    results = _write_results(wb.create_sheet(title), findings, locate, summary or {}, src.name)
    stamp(wb, ANNOTATED)
    _activate(wb, active or results.title)
    _drop_stale_vml(wb)
    return write_atomically(out, wb.save, inputs=[src], in_place=in_place)


def clear_annotations(src: Path, out: Path, *, in_place: bool = False) -> Path:
    """Write ``out``: ``src`` with every xltool mark, 核查结果 and the state sheet removed."""
    src, out = Path(src), Path(out)
    wb = _open(src, out)
    _activate(wb, _strip(wb))
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name != PROPERTY]
    _drop_stale_vml(wb)
    return write_atomically(out, wb.save, inputs=[src], in_place=in_place)


def _open(src: Path, out: Path):
    """Load with formulas, rich text and (for .xlsm) VBA kept, as they must survive the copy."""
    macro = has_macros(src)  # by content: an .xlsm renamed .xls still carries its VBA
    if (out.suffix.lower() == ".xlsm") != macro:
        raise ValueError(f"输出文件扩展名须与原文件一致（含宏的 .xlsm 仍存为 .xlsm）：{out.name}")
    check_annotatable(src)  # .xls, encrypted, or so large that openpyxl would take minutes: a Chinese reason
    if not PILImage:
        with zipfile.ZipFile(src) as zf:
            if any(n.startswith("xl/media/") for n in zf.namelist()):
                warnings.warn("未安装 Pillow，标注副本将丢失原表中的图片（如签章扫描件）。", stacklevel=3)
    with open(src, "rb") as fh:  # a file, not a path: openpyxl refuses an .xlsx named .xls by its extension
        data = io.BytesIO(fh.read())
    try:
        return load_workbook(data, keep_vba=macro, rich_text=True)
    except Exception as exc:  # calamine read it, openpyxl (stricter XML) may not: the check still stands
        raise ValueError(f"原文件有部分内容无法被完整读取（{type(exc).__name__}: {exc}），不能生成标注副本；"
                         "核查结果不受影响。请用 Excel/WPS 打开后另存，再生成标注副本。") from exc


def has_macros(path: Path) -> bool:
    """True when the workbook package holds VBA (xl/vbaProject.bin), whatever its extension."""
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.lower() == "xl/vbaproject.bin" for n in zf.namelist())
    except (OSError, zipfile.BadZipFile):
        return Path(path).suffix.lower() == ".xlsm"


def copy_path(src: Path) -> Path:
    """Where the annotated copy of ``src`` goes by default: ``报表.核查.xlsx``, or ``.xlsm`` when it holds VBA."""
    out = default_output(src)
    return out.with_suffix(".xlsm") if has_macros(src) else out


def _strip(wb) -> str | None:
    """Undo the marks recorded by an earlier run; return the active sheet if it survives."""
    active = wb.active.title if wb.active is not None else None
    if STATE_SHEET not in wb.sheetnames:
        _strip_by_content(wb)
        return active if active in wb.sheetnames else None
    saved, result_title = _read_state(wb[STATE_SHEET])
    for s in saved:
        if s.sheet in wb.sheetnames:
            _restore(wb[s.sheet][s.cell], s)
    for title in (result_title, STATE_SHEET):
        if title in wb.sheetnames:
            wb.remove(wb[title])
    return active if active in wb.sheetnames else None


_OURS = re.compile(r"^\[XT\d{3} (?:错误|警告|提示)\]", re.M)


def _strip_by_content(wb) -> None:
    """Remove marks a lost state sheet no longer lists, recognised by what they say.

    A program that drops the hidden state sheet (or a user who deletes it) leaves our
    comments, fills and results sheet behind. Our comments are recognised by their
    ``[XT305 错误]`` lines (our part follows the separator when the user had a comment),
    our fills by their exact colours, our results sheet by its title line. Original
    fills cannot be known any more, so a marked cell goes back to no fill.
    """
    for ws in wb.worksheets:
        title = ws.cell(1, 1).value
        if ws.title.startswith(RESULT_SHEET) and str(title or "") == _TITLE:
            wb.remove(ws)
            continue
        for cell in list(ws._cells.values()):  # only the cells that exist
            text = comment_text(cell)
            if text is None or not _OURS.search(text):
                continue
            head, sep, _ = text.partition(f"\n{SEPARATOR}\n")
            if sep:
                width, height = comment_size(head)
                cell.comment = Comment(head, cell.comment.author or "", height=height, width=width)
            else:
                cell.comment = None
            if is_mark_fill(fill_to_data(cell.fill)):
                cell.fill = PatternFill(fill_type=None)


def _restore(cell, saved: Saved) -> None:
    if isinstance(cell, MergedCell):  # merged by the user since: the mark is no longer visible
        return
    if is_mark_fill(fill_to_data(cell.fill)):
        cell.fill = fill_from_data(saved.fill)
    current = comment_text(cell)
    text = restored_comment(saved, current)
    if text is None:
        cell.comment = None
    elif text != current:
        width, height = comment_size(text)
        cell.comment = Comment(text, saved.author, height=height, width=width)


def _locator(wb) -> Locate:
    """Resolve a finding to a markable cell: existing worksheet, valid address, merge top-left."""
    def locate(f: Finding) -> tuple[str, str] | None:
        ws = wb[f.sheet] if f.sheet in wb.sheetnames else None
        if not isinstance(ws, Worksheet) or not f.cell:
            return None
        try:
            col, row, _, _ = range_boundaries(f.cell.replace("$", "").upper())
        except (ValueError, TypeError):
            return None
        if not row or not col or row > _MAX_ROW or col > _MAX_COL:
            return None
        coord = f"{get_column_letter(col)}{row}"
        for rng in ws.merged_cells.ranges:  # plain bounds: `coord in rng` parses coord anew for every range
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                coord = f"{get_column_letter(rng.min_col)}{rng.min_row}"
                break
        # Overlapping merges (a damaged or crafted file) can cover even a range's top-left,
        # and a cell inside a merge cannot carry a comment: list the finding, mark nothing.
        return None if isinstance(ws[coord], MergedCell) else (f.sheet, coord)
    return locate


def comment_text(cell) -> str | None:
    """A cell's comment as plain text (LibreOffice and WPS save comments as rich text), or None."""
    if cell.comment is None or cell.comment.text is None:
        return None
    return safe_comment_text(str(cell.comment.text))


def _mark(ws: Worksheet, sheet: str, coord: str, mark: Mark) -> Saved:
    cell = ws[coord]
    user = comment_text(cell)
    saved = Saved(sheet, coord, fill_to_data(cell.fill), user,
                  (cell.comment.author or "") if cell.comment else "", compose_comment(user, mark.comment))
    cell.fill = PatternFill("solid", fgColor=COLOURS[mark.severity])
    width, height = comment_size(saved.written)
    cell.comment = Comment(saved.written, AUTHOR, height=height, width=width)
    return saved


def _free_title(wb) -> str:
    """核查结果, or 核查结果2… when the submission has a sheet of that name we must not replace."""
    title, n = RESULT_SHEET, 1
    while title in wb.sheetnames:
        n += 1
        title = f"{RESULT_SHEET}{n}"
    return title


def state_rows(saved: Sequence[Saved], result_title: str) -> list[tuple]:
    """The state sheet's rows: a tag line, the headings, then one row per marked cell.

    Plain values, so the Excel add-in writes the same record into a live workbook and
    either side can clear marks the other made.
    """
    rows = [(_STATE_TAG, _STATE_VERSION, result_title), _STATE_HEADERS]
    rows += [(s.sheet, s.cell, json.dumps(s.fill), s.comment is not None, s.comment, s.author, s.written)
             for s in saved]
    return rows


def parse_state(rows: Sequence[Sequence]) -> tuple[list[Saved], str]:
    """Inverse of :func:`state_rows`: the marked cells and the title of our results sheet."""
    rows = [tuple(r) + (None,) * (7 - len(r)) for r in rows]
    if not rows or tuple(rows[0][:2]) != (_STATE_TAG, _STATE_VERSION):
        raise ValueError(f"工作表 {STATE_SHEET} 不是本工具可识别的标注记录，无法安全清除旧标注。")
    saved = [Saved(sheet, cell, json.loads(fill), (comment or "") if _true(had) else None, author or "", written or "")
             for sheet, cell, fill, had, comment, author, written, *_ in rows[2:] if sheet and cell]
    return saved, rows[0][2]


def _true(value) -> bool:
    """A flag as another program saved it: LibreOffice writes booleans as the formulas =TRUE() / =FALSE()."""
    if isinstance(value, str):
        return value.strip().lstrip("=").removesuffix("()").upper() in ("TRUE", "1", "是")
    return bool(value)


def _write_state(wb, saved: list[Saved], result_title: str) -> None:
    ws = wb.create_sheet(STATE_SHEET)
    ws.sheet_state = "veryHidden"
    for r, values in enumerate(state_rows(saved, result_title), 1):
        for c, value in enumerate(values, 1):
            set_text(ws.cell(r, c), value)


def _read_state(ws) -> tuple[list[Saved], str]:
    # a program that re-saved the copy may have stored our texts as rich text: read them as plain strings
    return parse_state([tuple(v if v is None or isinstance(v, (str, int, float, bool)) else str(v) for v in row)
                        for row in ws.iter_rows(values_only=True)])


def _value(v: object) -> object:
    """Finding values are JSON: scalars go in as they are, lists and dicts as JSON text."""
    return v if v is None or isinstance(v, (str, int, float)) else json.dumps(v, ensure_ascii=False)


@dataclass(frozen=True)
class ResultsSheet:
    """The 核查结果 sheet as plain data, drawn alike by the file writer and the add-in.

    ``rows`` are the values from A1 down; ``header_row`` (1-based) holds the column
    headings and each later row one finding of ``findings``. ``fills`` maps 1-based
    (row, col) to an aRGB colour; ``bold`` lists cells in bold; A1 is the title.
    """

    rows: list[tuple]
    header_row: int
    findings: list[Finding]
    fills: dict[tuple[int, int], str]
    bold: set[tuple[int, int]]


RESULT_WIDTHS = dict(zip(_HEADERS, _WIDTHS))
"""Column widths of the 核查结果 sheet, in Excel's character units."""


def results_sheet(findings: Sequence[Finding], summary: dict, source: str) -> ResultsSheet:
    """Title, counts by severity, the caller's summary, then one row per finding, worst first."""
    counts = Counter(f.severity for f in findings)
    block: list[tuple] = [("问题统计", None, "图例：表中单元格的标记")]
    block += [(f"{SYMBOLS[s]} {s.label}", counts[s], f"{_KEY[s]}，批注以“[代码 {s.label}]”开头", COLOURS[s])
              for s in Severity]
    block += [("合计", len(findings))]
    if not findings:
        block.append(("结论", "未发现问题"))
    if summary:
        block += [(None, None), ("评分复核", None)] + list(summary.items())
    rows: list[tuple] = [(_TITLE,), (f"文件：{source}",), ()]
    fills: dict[tuple[int, int], str] = {}
    bold: set[tuple[int, int]] = set()
    for r, (key, value, *more) in enumerate(block, 4):
        note, colour = (more + [None, None])[:2]
        rows.append((key, _value(value)) + ((None, note) if note else ()))
        if value is None:
            bold.add((r, 1))
        if colour:
            fills[(r, 1)] = colour
    rows.append(())
    header = len(rows) + 1
    rows.append(_HEADERS)
    for c in range(1, len(_HEADERS) + 1):
        fills[(header, c)] = _HEADER_FILL.fgColor.rgb
        bold.add((header, c))
    ordered = sorted(findings, key=lambda f: (f.severity.rank, f.sort_key))
    for i, f in enumerate(ordered, 1):
        meta = CATALOGUE.get(f.code)
        rows.append((i, f"{SYMBOLS[f.severity]} {f.severity.label}", f.code, meta.title if meta else f.name, f.sheet, f.cell or "整表",
                     f.indicator, f.message, _value(f.expected), _value(f.found)))
        fills[(header + i, 2)] = COLOURS[f.severity]
    return ResultsSheet(rows, header, ordered, fills, bold)


def _write_results(ws: Worksheet, findings: Sequence[Finding], locate: Locate,
                   summary: dict, source: str) -> Worksheet:
    """Draw :func:`results_sheet` with openpyxl, plus links to the marked cells, a filter and frozen headings."""
    layout = results_sheet(findings, summary, source)
    header = layout.header_row
    for r, values in enumerate(layout.rows, 1):
        for c, value in enumerate(values, 1):
            set_text(ws.cell(r, c), value)
    ws["A1"].font = Font(bold=True, size=14)
    for r, c in layout.bold:
        ws.cell(r, c).font = Font(bold=True)
    for (r, c), colour in layout.fills.items():
        ws.cell(r, c).fill = PatternFill("solid", fgColor=colour)
    for c, width in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, f in enumerate(layout.findings, 1):
        r = header + i
        for c in range(1, len(_HEADERS) + 1):
            ws.cell(r, c).alignment = wrap
        sheet = ws.parent[f.sheet] if f.sheet in ws.parent.sheetnames else None
        target = locate(f) or ((f.sheet, "A1") if isinstance(sheet, Worksheet) else None)
        if target:
            link = ws.cell(r, 6)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(target[0])}!{target[1]}")
            link.font = _LINK_FONT
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(_HEADERS))}{header + len(layout.findings)}"
    ws.freeze_panes = ws.cell(header + 1, 1)
    fit_rows(ws, header + 1, header + len(layout.findings))
    set_up_page(ws, landscape=True, title_rows=f"{header}:{header}")
    return ws


def _activate(wb, title: str | None) -> None:
    """Make one visible sheet active and the only selected tab (openpyxl keeps stale selections)."""
    sheets = [wb[n] for n in wb.sheetnames]
    target = wb[title] if title in wb.sheetnames else None
    if target is None or target.sheet_state != "visible":
        target = next(s for s in sheets if s.sheet_state == "visible")
    wb.active = target
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is target


def _drop_stale_vml(wb) -> None:
    """Forget comment-only VML drawings of sheets that no longer have comments (.xlsm only).

    With ``keep_vba`` openpyxl keeps each sheet's VML path and writes a relationship to
    it even when the sheet has no comments left. But it copies the file itself only if
    the name matches Excel's ``vmlDrawingN.vml``. Its own ``commentsDrawingN.vml`` is
    not copied, so the link dangles and Excel reports the file as damaged. VML that
    still holds form controls is kept.
    """
    if wb.vba_archive is None:
        return
    for ws in wb.worksheets:
        # ws._cells holds only the cells that exist; iter_rows() would create empty ones
        if ws.legacy_drawing is None or any(c.comment for c in ws._cells.values()):
            continue
        try:
            root = fromstring(wb.vba_archive.read(ws.legacy_drawing))
        except KeyError:  # not in the package at all: nothing to link to
            ws.legacy_drawing = None
            continue
        except ParseError:  # cannot tell what it holds, so keep it as openpyxl would
            continue
        shapes = root.iter("{urn:schemas-microsoft-com:vml}shape")
        if all(shape.get("type") == "#_x0000_t202" for shape in shapes):
            ws.legacy_drawing = None
