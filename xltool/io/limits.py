"""What one workbook may cost, checked before any library allocates memory for it.

python-calamine builds each sheet as a dense rectangle from A1 to the last cell that
holds a value, and aborts the whole process (no exception) when that allocation
fails. So a 1.6 KB file with one value in A1 and one in XFD1048576 asks for 17
billion cells and kills a batch of five hundred files; an old .xls with values in A1
and IV65536 costs a gigabyte. A finance bureau opens files sent in by outside units,
so the size of every sheet is measured here from the file's own structure — the
cells of the sheet XML in an .xlsx, the cell records of an .xls — by streaming, with
a cap on the bytes read, before the sheet is loaded.

The limits are far above any real 自评表 (a form is ~60 rows × 15 columns; even a
workbook with a list of 100,000 beneficiaries stays under them) and low enough that
reading, checking and annotating a file at the limit takes well under a minute and
about a gigabyte. A refusal says which limit was hit and what to do about it.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from xltool.io import formula_values

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Size of the file on disk. Real forms are under 5 MB even with scanned seals."""

MAX_XML_BYTES = 300 * 1024 * 1024
"""Decompressed size a package may declare; a 1,000,000-row sheet is 40–55 MB, a zip bomb gigabytes.

The declared sizes are what counts: zipfile and calamine both stop at a part's declared
size (measured: "Bad CRC-32" and "larger than its declared uncompressed size"), so a
part that lies about its size is damaged, not big. Bytes actually read are capped too."""

MAX_ZIP_ENTRIES = 10_000
"""Parts in one package; a workbook with 255 sheets has about 600."""

MAX_SHEET_CELLS = 10_000_000
"""Rows × columns from A1 to a sheet's last value: what calamine allocates (~32 bytes a
cell, so at most ~320 MB), whether the cells between are blank or not."""

MAX_WORKBOOK_CELLS = 20_000_000
"""The same, summed over the sheets of a workbook (they are loaded one at a time)."""

MAX_USED_CELLS = 1_500_000
"""Rows × columns of the grids after trailing blank rows and columns are cut, summed
over the workbook: what layout detection scans, several passes of ~3 µs a cell. A
form beside a sheet of 1,000,000 rows, or of 16,000 columns × 90 rows, still passes;
crafted content at the limit (header words or 总分 labels in every cell) checks in ~5 s
of CPU, the million-row sheet in ~8 s."""

MAX_MERGED_RANGES = 20_000
"""Merged ranges in one sheet; a form has a few dozen, layout detection looks at each."""

MAX_ANNOTATE_CELLS = 300_000
"""Cells, rows and merged-range cells openpyxl must build to write an annotated copy.

openpyxl needs ~60 µs for each to load and save (a 1,000,000-row sheet: 61 s,
770 MB), and it creates an object for every cell a merged range covers. A form has
a few thousand; this bound keeps an annotated copy under ~20 s. The check itself
runs on larger files; only the copy is refused."""

MAX_ANNOTATE_MERGES = 2_000
"""Merged ranges in a workbook to annotate: openpyxl re-formats the border cells of every
merge on load, about 3 ms each when the cells are styled (19,000 merges: a minute)."""

_CHUNK = 1024 * 1024
_MAX_TAG = 16 * 1024 * 1024  # one tag (or comment) this long is no workbook Excel wrote
_CACHED_PART = 256 * 1024  # workbook.xml, its rels and styles.xml are parsed once per content up to this size
# A start tag of a row, cell or merged range, with or without a namespace prefix.
# Attribute values may hold '>' (XML allows it), so quoted values are matched whole.
_TAG = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c|mergeCell)\b((?:[^<>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_ATTR = re.compile(rb"""([^\s="']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
# The quick path: cells written <c r="B7" ...> as Excel, WPS and openpyxl write them.
# calamine takes a cell's first r attribute, so with r first nothing else can move it.
# Parts no reader parses as a sheet (unless the workbook's relationships say so). Skipping
# them is safe because calamine and zipfile both stop at a part's declared size (measured).
_NOT_SHEETS = re.compile(r"(?:docProps|xl/theme|xl/media|xl/printerSettings|customXml)/.*|\[Content_Types\]\.xml"
                         r"|.*\.rels|xl/styles\.xml|xl/workbook\.xml|xl/sharedStrings\.xml|xl/vbaProject\.bin",
                         re.IGNORECASE)
_SOME_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
# A cell start <c followed by anything but r="B7" (no r, r not first, a $ or lower case in it, <c\tr=...).
# Searching for one is a single pass where counting <c and <c r="B7" took two.
_ODD_C = re.compile(rb'<c(?:[\t\n\r\f\v/>]| (?!r="[A-Z]{1,3}[0-9]{1,7}"))')
_PREFIXED_C = re.compile(rb":c[\s/>]")
# A cell start tag not closed by "/>": attribute text, or quoted values that may hold > and /.
# Unrolled and possessive (nothing to backtrack into: each character has one reading), ~1.6x faster.
_VALUED_C = re.compile(rb"""<c r="([A-Z]{1,3})([0-9]{1,7})"[^<>"'/]*+(?:(?:"[^"]*+"|'[^']*+')[^<>"'/]*+)*+>""")
# Every cell start, with or without a value: in a canonical part (no _ODD_C) each <c is one of these, so their
# extent bounds the valued cells' from above, found ~2x faster than _VALUED_C follows each tag to its end.
_ANY_C = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# The first cell start that is odd (as _ODD_C) or lies beyond Z999. A form has none, and then one search, as fast
# as _ODD_C's alone, both finds the part canonical and bounds its cells by A1:Z999, with no pass over them.
_FAR_C = re.compile(rb'<c(?:[\t\n\r\f\v/>]| (?!r="[A-Z][0-9]{1,3}"))')
_NEAR = (999, 26)  # rows and columns of A1:Z999
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell[\s/>]")  # a merged range's start tag (not </mergeCell>)
_E_QUOTED = re.compile(rb"e[\"']")  # in every t="e" (and t='e')
_ERROR_C = re.compile(rb"""<c r="([A-Z]{1,3})([0-9]{1,7})"[^<>]*?\st\s*=\s*["']e["'][^<>]*>""")


class LimitExceeded(ValueError):
    """The workbook is larger than the limits above; the message says how to proceed."""


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _Extent:
    """Used area of one sheet, tracked the way calamine places cells (with or without r="A1")."""

    def __init__(self, part: str) -> None:
        self.part, self.row, self.col = part, 0, 0
        self.rows = self.cols = self.merges = 0
        self.errors: dict[tuple[int, int], str] = {}  # 0-based cell → '#DIV/0!'
        self.percent: dict[tuple[int, int], int] = {}  # 0-based cell → decimals its % format shows
        self.uncached: list[str] = []  # formula cells saved without a result (xltool.io.formula_values)

    def add(self, row: int, col: int) -> None:
        """A cell holding a value at 1-based (row, col)."""
        self.rows, self.cols = max(self.rows, row), max(self.cols, col)

    def tag(self, name: bytes, attrs: bytes, empty: bool) -> None:
        """Follow one <row>, <c> or <mergeCell> start tag."""
        if name == b"mergeCell":
            self.merges += 1
            return
        refs = [m.group(2) if m.group(2) is not None else m.group(3)
                for m in _ATTR.finditer(attrs) if m.group(1) == b"r"]
        if name == b"row":
            if any(not r.strip().isdigit() for r in refs):
                raise _odd_reference(self.part, refs[0])
            self.row, self.col = max((int(r) for r in refs), default=self.row + 1), 0
            return
        cells = [_CELL_REF.fullmatch(r.strip()) for r in refs]
        if None in cells:
            raise _odd_reference(self.part, refs[cells.index(None)])
        if cells:  # a repeated r attribute counts at its largest
            self.row = max(int(c.group(2)) for c in cells)
            self.col = max(_col_number(c.group(1)) for c in cells)
        else:
            self.col += 1
        if not empty:  # <c r="Z9" s="1"/> holds no value: calamine leaves it out of the range
            self.add(max(self.row, 1), self.col)

    @property
    def cells(self) -> int:
        """Rows × columns from A1 to the last value."""
        return self.rows * self.cols


def check_package(zf: zipfile.ZipFile, percent: dict[str, dict[tuple[int, int], int]] | None = None,
                  uncached: dict[str, list[str]] | None = None
                  ) -> dict[str, dict[tuple[int, int], str]]:
    """Refuse an .xlsx/.xlsm package over the limits; reads each XML part once, streaming
    (twice in a workbook whose quick upper bound of the used area passes a limit).

    Returns the error values (#DIV/0!, #REF!) of each sheet by sheet name, found in
    the same pass: calamine hands error cells over as empty, and an empty score is
    a different finding from a broken formula.

    When ``percent`` is given, it receives, per sheet name, the cells whose number
    format shows a percentage (0%, 0.00%) → the decimals shown: calamine gives their
    values as plain numbers (0.95 for 95%).
    ``uncached``, when given, receives the formula cells saved without a result, by sheet
    name (see ``xltool.io.formula_values``).
    """
    try:  # first measured by the quick upper bound; exactly only when the bound would refuse the file
        found = _check_package(zf, percent is not None, exact=False)
    except _BoundExceeded:
        found = _check_package(zf, percent is not None, exact=True)
    errors, percents, uncached_cells = found
    if percent is not None:
        percent.update(percents)
    if uncached is not None:
        uncached.update(uncached_cells)
    return errors


class _BoundExceeded(Exception):
    """The upper bound of a sheet's used area passes a limit; whether the area itself does is measured next."""


def _check_package(zf: zipfile.ZipFile, want_percent: bool, exact: bool) -> tuple[dict, dict, dict]:
    """``check_package`` in one pass: (errors, percent cells, uncached formulas) by sheet name.

    With ``exact`` false a canonical sheet's used area is the extent of all its cells, empty
    ones included (an upper bound); a bound over a limit raises ``_BoundExceeded``, never a
    refusal, so the answer is always the exact measurement's.
    """
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise LimitExceeded(f"压缩包内有 {len(infos):,} 个部件，超过上限 {MAX_ZIP_ENTRIES:,}，不像正常的工作簿。")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_XML_BYTES:
        raise _too_big(declared)
    names = sheet_parts(zf)
    styles = percent_styles(zf) if want_percent else {}
    budget, total, errors, percent, uncached = MAX_XML_BYTES, 0, {}, {}, {}
    for info in infos:
        if info.is_dir() or (info.filename not in names and _NOT_SHEETS.fullmatch(info.filename)):
            continue  # no reader takes these for a sheet, and their size is bounded by the declared total
        label = f"工作表“{names[info.filename]}”" if info.filename in names else f"部件 {info.filename}"
        extent, read = _scan_part(zf, info, label, budget, styles if info.filename in names else None, exact)
        budget -= read
        total += extent.cells
        if not exact and (extent.cells > MAX_SHEET_CELLS or total > MAX_WORKBOOK_CELLS):
            raise _BoundExceeded  # the quick measure may have counted empty cells: measure exactly
        _check_extent(extent, total)
        if info.filename in names:
            sheet = names[info.filename]
            if extent.errors:
                errors[sheet] = extent.errors
            if extent.percent and want_percent:
                percent[sheet] = extent.percent
            if extent.uncached:
                uncached[sheet] = extent.uncached
    return errors, percent, uncached


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, so a refusal names the sheet the user sees (best effort)."""
    try:
        book = _small_part(zf, "xl/workbook.xml")
        rels = _small_part(zf, "xl/_rels/workbook.xml.rels")
    except (KeyError, LimitExceeded):
        return {}
    small = len(book) + len(rels) <= _CACHED_PART
    return dict(_sheet_names(book, rels) if small else _sheet_names.__wrapped__(book, rels))


@functools.lru_cache(maxsize=64)
def _sheet_names(book: bytes, rels: bytes) -> dict[str, str]:
    # cached by content: a folder of submissions repeats a few templates' workbook.xml (7 distinct in
    # a 480-file corpus), and parsing both parts is most of this function's time
    targets = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?Relationship\b([^<>]*)>", rels):
        attrs = _attrs(m.group(1))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        targets[attrs.get(b"Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    names = {}
    for m in re.finditer(rb"<(?:[\w.-]+:)?sheet\b([^<>]*)>", book):
        attrs = _attrs(m.group(1))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        if rid in targets:
            names[targets[rid]] = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
    return names


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(_MAX_TAG + 1)
    if len(data) > _MAX_TAG:
        raise LimitExceeded(name)
    return data


def _attrs(text: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(text)}


def _check_extent(extent: _Extent, workbook_cells: int) -> None:
    if extent.cells > MAX_SHEET_CELLS:
        raise _too_many_cells(extent)
    if extent.merges > MAX_MERGED_RANGES:
        raise LimitExceeded(f"{extent.part}中有 {extent.merges:,} 个合并单元格区域，超过上限 "
                            f"{MAX_MERGED_RANGES:,}；请取消无用的合并后另存再核查。")
    if workbook_cells > MAX_WORKBOOK_CELLS:
        raise LimitExceeded(f"各工作表已用区域合计超过 {MAX_WORKBOOK_CELLS:,} 个单元格的上限；"
                            "请删除与自评表无关的工作表或多余行列后另存再核查。")


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, budget: int,
               styles: dict[int, int] | None = None, exact: bool = True) -> tuple[_Extent, int]:
    """Measure one part: the quick way when every cell is written as Excel writes it, else tag by tag.

    ``styles`` (the percent styles, see :func:`percent_styles`) is None for a part the workbook
    does not list as a sheet: it is measured all the same, but its error values, percent cells
    and uncached formulas would be thrown away, so they are not looked for. ``exact`` false
    measures the quick way by all cells, an upper bound (see ``_measure_canonical``).
    """
    sheet = styles is not None
    with zf.open(info) as fh:
        extent = _Extent(label)
        for piece in _pieces(fh, label, budget):
            if not _measure_canonical(piece, extent, exact):
                break
            if sheet:
                _collect_errors(piece, extent)
                if styles:
                    _collect_percent(piece, extent, styles)
                formula_values.collect_uncached(piece, extent.uncached)
            if extent.cells > MAX_SHEET_CELLS:
                return extent, fh.tell()  # the answer is known: do not read the rest of a huge sheet
        else:
            return extent, fh.tell()
    with zf.open(info) as fh:
        extent = _Extent(label)
        for piece in _pieces(fh, label, budget):
            for m in _TAG.finditer(piece):
                extent.tag(m.group(1), m.group(2), m.group(3) == b"/")
            if sheet:
                _collect_errors(piece, extent)
                formula_values.collect_uncached(piece, extent.uncached)
            if extent.cells > MAX_SHEET_CELLS:
                break
        return extent, fh.tell()


def _pieces(fh: IO[bytes], label: str, budget: int) -> Iterator[bytes]:
    """The part's text in pieces that never split a tag, and end after a cell where they can.

    Nothing for binary parts (images, vbaProject.bin): calamine parses no cells from them.
    """
    tail, read = b"", 0
    while chunk := fh.read(_CHUNK):
        read += len(chunk)
        if read > budget:
            raise _too_big()
        if not read - len(chunk) and not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return
        data = tail + chunk
        cut = data.rfind(b"</c>", len(tail))
        if cut >= 0:
            cut += 4  # a whole cell, value included, stays in one piece
        else:
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 or data.find(b">", cut) >= 0 else cut
        if len(data) - cut > _MAX_TAG:
            raise LimitExceeded(f"{label}中有一段超过 16 MB 的 XML 标记，文件可能被篡改或损坏；"
                                "请用 Excel/WPS 打开后另存为 .xlsx 再核查。")
        tail = data[cut:]
        yield data[:cut]
    if tail:
        yield tail


def _measure_canonical(piece: bytes, extent: _Extent, exact: bool = True) -> bool:
    """Add the cells and merged ranges of ``piece`` if each cell is written ``<c r="B7" ...>``; False if not
    (the part is then measured again, tag by tag).

    Then positions need no state, and the used area is found by a few C-level regex
    passes, several times faster than following the tags one by one. ``exact`` false counts
    the empty cells (``<c r="Z9" s="1"/>``) too, which calamine leaves out: an upper bound,
    enough whenever it is within the limits. That bound is A1:Z999 when no cell lies beyond
    it (every form), else the extent of all cell starts.
    """
    extent.merges += len(_MERGE.findall(piece))  # <mergeCells> follows the last cell: usually a piece of its own
    if not _SOME_CELL.search(piece):
        return True  # styles, theme, properties: no cells to measure
    far = _FAR_C.search(piece)  # the cells before it are canonical: look for odd ones from there on
    if far and _ODD_C.search(piece, far.start()) or _PREFIXED_C.search(piece):
        return False
    if far is None and not exact:
        extent.add(*_NEAR)
        return True
    valued = (_VALUED_C if exact else _ANY_C).findall(piece)
    if valued:
        letters, digits = zip(*valued)
        extent.add(max(map(int, set(digits))), max(map(_col_number, set(letters))))
    return True


def _collect_errors(piece: bytes, extent: _Extent) -> None:
    """Remember the cells typed t="e" (error values) and their text, e.g. #DIV/0!.

    A cell's value is its first <v> before its </c>. The next </c> and <v> are looked for only
    when the search has passed them, and each value is read once: a crafted piece of error cells
    with no </c> or <v> after them costs time in proportion to its length, not to its square.
    """
    if not _E_QUOTED.search(piece) or b'"e"' not in piece and b"'e'" not in piece:
        return  # the regex, a single-character scan, is the quick no for almost every piece
    end = start = 0  # the next </c> and <v> (-1: none left)
    read_at, text = -1, ""  # the last value read
    for m in _ERROR_C.finditer(piece):
        if 0 <= end < m.end():
            end = piece.find(b"</c>", m.end())
        if 0 <= start < m.end():
            start = piece.find(b"<v>", m.end())
        if start < 0 or start + 3 > (end if end >= 0 else len(piece)):
            continue
        if start != read_at:
            read_at, text = start, piece[start + 3:piece.find(b"<", start + 3)].decode("utf-8", "replace")
            text = html.unescape(text.strip())[:16]
        extent.errors[(int(m.group(2)) - 1, _col_number(m.group(1)) - 1)] = text


# ---- number formats: which cells show a percentage -----------------------------------

_NUMFMT = re.compile(rb"""<(?:[\w.-]+:)?numFmt\b([^<>]*)>""")
# The cellXfs list: its start tag, then the first end tag after it. Two searches, because a lazy
# (.*?) inside a group tries the end tag at every byte of the list (~2x slower on a 6 KB styles.xml).
_CELLXFS_START = re.compile(rb"<(?:[\w.-]+:)?cellXfs\b[^<>]*>")
_CELLXFS_END = re.compile(rb"</(?:[\w.-]+:)?cellXfs>")
_XF_NUMFMT = re.compile(rb"""<(?:[\w.-]+:)?xf\b(?:[^<>]*?\bnumFmtId\s*=\s*["']([0-9]{1,9})["'])?[^<>]*>""")
_BUILTIN_PERCENT = {9: 0, 10: 2}  # 0%, 0.00%
# The start of a cell whose s attribute comes next: right after r (Excel, WPS, openpyxl) or after t. A writer
# putting s elsewhere leaves its cells' values read as they are. It is at most 31 bytes long.
_PERCENT_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: t="[a-zA-Z]{1,9}")?')
_PERCENT_CELL_MAX = 31


def percent_decimals(code: str) -> int | None:
    """Decimals a number format shows as a percentage ('0.0%' → 1), None when it is no percent format."""
    first = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])  # quoted text, escapes, [colour]
    if "%" not in first:
        return None
    before = first[:first.index("%")]
    return len(before.split(".")[1]) if "." in before else 0


def percent_styles(zf: zipfile.ZipFile) -> dict[int, int]:
    """cellXfs index (a cell's s attribute) → decimals, for the styles that show a percentage."""
    try:
        with zf.open("xl/styles.xml") as fh:
            data = fh.read(_MAX_TAG + 1)
    except KeyError:
        return {}
    if len(data) > _MAX_TAG:
        return {}  # no workbook Excel wrote has styles this large: read the values as they are
    return dict(_percent_styles(data) if len(data) <= _CACHED_PART else _percent_styles.__wrapped__(data))


@functools.lru_cache(maxsize=64)
def _percent_styles(data: bytes) -> dict[int, int]:
    # cached by content, as _sheet_names: styles.xml repeats across a folder (10 distinct in 480 files)
    formats = dict(_BUILTIN_PERCENT)
    for m in _NUMFMT.finditer(data):
        attrs = _attrs(m.group(1))
        try:
            num_id = int(attrs.get(b"numFmtId", b""))
        except ValueError:
            continue
        d = percent_decimals(html.unescape(attrs.get(b"formatCode", b"").decode("utf-8", "replace")))
        if d is None:
            formats.pop(num_id, None)
        else:
            formats[num_id] = d
    start = _CELLXFS_START.search(data)
    end = _CELLXFS_END.search(data, start.end()) if start else None
    if end is None:
        return {}
    # each <xf> of cellXfs in order; one C-level pass, the attribute read only where present
    ids = _XF_NUMFMT.findall(data[start.end():end.start()])
    return {i: formats[int(n)] for i, n in enumerate(ids) if n and int(n) in formats}


def _collect_percent(piece: bytes, extent: _Extent, styles: dict[int, int]) -> None:
    """Remember the cells of ``piece`` styled with a percent format (written ``<c r="B7" s="5"``).

    The s attribute of a percent style is rare (about one cell a form), so it is searched for
    alone, a literal-led pattern that skips the other cells ~3x faster than one that reads each
    cell's start; the start is then read back from each hit, within the longest it can be (a
    crafted part with the attribute on a hundred thousand rows and no cells costs no more).
    """
    for m in _percent_pattern(tuple(sorted(styles))).finditer(piece):
        start = piece.rfind(b"<c ", max(0, m.start() - _PERCENT_CELL_MAX), m.start())
        cell = _PERCENT_CELL.match(piece, start) if start >= 0 else None
        if cell and cell.end() == m.start():
            extent.percent[(int(cell.group(2)) - 1, _col_number(cell.group(1)) - 1)] = styles[int(m.group(1))]


@functools.lru_cache(maxsize=64)
def _percent_pattern(ids: tuple[int, ...]) -> re.Pattern:
    return re.compile(rb' s="(' + b"|".join(str(i).encode() for i in ids) + rb')"')


def _odd_reference(part: str, ref: bytes) -> LimitExceeded:
    return LimitExceeded(f"{part}中的单元格地址“{ref[:40].decode('utf-8', 'replace')}”不合规范，"
                         "文件可能被篡改或损坏；请用 Excel/WPS 打开后另存为 .xlsx 再核查。")


def _too_big(declared: int | None = None) -> LimitExceeded:
    size = f"（声明约 {declared // (1024 * 1024):,} MB）" if declared else ""
    return LimitExceeded(
        f"文件解压后超过 {MAX_XML_BYTES // (1024 * 1024)} MB{size}，可能是异常文件（压缩炸弹）；"
        "如确为正常报表，请删除无关工作表或多余行列后另存，再核查。")


def _too_many_cells(extent: _Extent) -> LimitExceeded:
    from xltool.model.grid import a1

    return LimitExceeded(
        f"{extent.part}的已用区域达 {extent.rows:,} 行 × {extent.cols:,} 列（A1:{a1(extent.rows - 1, extent.cols - 1)}），"
        f"超过每表 {MAX_SHEET_CELLS:,} 个单元格的上限。请在 Excel/WPS 中删除表格下方和右侧多余的行列"
        "（或删除无关的明细表）后另存，再核查。")


# ---- the annotated copy ------------------------------------------------------------

_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(?:c|row)[\s/>]")
_MERGE_REF = re.compile(rb"""mergeCell\b[^>]*?\bref\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"""
                        rb"""(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?""")


def check_annotatable(path) -> None:
    """Refuse, with a Chinese reason, a file openpyxl cannot copy or would take minutes over.

    Only .xlsx/.xlsm packages can be annotated: a legacy .xls cannot be written back,
    and an encrypted file would come out decrypted. Every part is read, so damage the
    check did not need to see (in styles, say) is reported here too.
    """
    with open(path, "rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise LimitExceeded("原文件不是 .xlsx/.xlsm 格式（旧版 .xls 或加密文件），不能生成标注副本（加密文件不写出"
                                "解密后的副本）；核查结果不受影响。如需标注副本，请另存为未加密的 .xlsx 后再核查。")
    try:
        cost, merges = _annotation_cost(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise LimitExceeded(f"原文件有部分内容损坏（{exc}），不能生成标注副本；核查结果不受影响。"
                            "请用 Excel/WPS 打开后另存，再生成标注副本。") from exc
    if cost > MAX_ANNOTATE_CELLS or merges > MAX_ANNOTATE_MERGES:
        what = (f"合并区域超过 {MAX_ANNOTATE_MERGES:,} 个" if merges > MAX_ANNOTATE_MERGES
                else f"单元格、行和合并区域覆盖的单元格超过 {MAX_ANNOTATE_CELLS:,} 个")
        raise LimitExceeded(f"工作簿的{what}，生成标注副本需要数分钟，已跳过（核查结果不受影响）；"
                            "请删除多余的行列、合并区域或无关工作表后另存，再生成标注副本。")


def _annotation_cost(path) -> tuple[int, int]:
    """(cells, rows and merged cells, merged ranges) of a package, stopping once over the limits."""
    cost = merges = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as fh:
                for piece in _pieces(fh, info.filename, MAX_XML_BYTES):
                    cost += len(_ROW_OR_CELL.findall(piece))
                    for m in _MERGE_REF.finditer(piece):
                        r0, c0 = int(m.group(2)), _col_number(m.group(1))
                        r1, c1 = (int(m.group(4)), _col_number(m.group(3))) if m.group(3) else (r0, c0)
                        cost += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
                        merges += 1
                    if cost > MAX_ANNOTATE_CELLS or merges > MAX_ANNOTATE_MERGES:
                        return cost, merges
    return cost, merges


# ---- legacy .xls (BIFF5/BIFF8) -------------------------------------------------------

# Records that carry a value at (row, col) in their first four bytes: FORMULA, RSTRING,
# LABELSST, NUMBER, LABEL, BOOLERR, RK. MULRK holds several RKs of one row; BLANK and
# MULBLANK carry no value and calamine leaves them out of the range, as it ignores the
# DIMENSIONS record (both measured).
_CELL_RECORDS = {0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}
_MULRK, _MERGEDCELLS, _BOUNDSHEET, _EOF = 0x00BD, 0x00E5, 0x0085, 0x000A


def _records(stream: bytes, pos: int):
    """(type, data) of the records from ``pos`` up to the next EOF record."""
    while pos + 4 <= len(stream):
        rec, size = struct.unpack_from("<HH", stream, pos)
        yield rec, stream[pos + 4:pos + 4 + size]
        if rec == _EOF:
            return
        pos += 4 + size


def check_biff(stream: bytes) -> list[dict[tuple[int, int], str]]:
    """Refuse an .xls whose sheets exceed the limits, walking each sheet as calamine does.

    The workbook globals list each sheet's offset (BOUNDSHEET); a sheet's cells are
    the records from there to its EOF. Returns each sheet's error values, in sheet
    order, as :func:`check_package` does.
    """
    offsets = [struct.unpack_from("<I", data)[0] for rec, data in _records(stream, 0)
               if rec == _BOUNDSHEET and len(data) >= 4]
    total, errors = 0, []
    steps = len(stream) // 2  # sheets of a valid file never overlap: twice the records the stream holds
    for n, offset in enumerate(offsets, 1):
        sheet = _Extent(f"第 {n} 张工作表")
        for rec, data in _records(stream, offset):
            steps -= 1
            if steps < 0:
                raise LimitExceeded("文件结构异常（工作表的记录相互重叠），可能被篡改或损坏；"
                                    "请用 Excel/WPS 打开后另存为 .xlsx，再核查。")
            if rec in _CELL_RECORDS and len(data) >= 4:
                row, col = struct.unpack_from("<HH", data)
                sheet.add(row + 1, col + 1)
                code = _biff_error(rec, data)
                if code:
                    sheet.errors[(row, col)] = code
            elif rec == _MULRK and len(data) >= 6:
                row, last = struct.unpack_from("<H", data)[0], struct.unpack_from("<H", data, len(data) - 2)[0]
                sheet.add(row + 1, last + 1)
            elif rec == _MERGEDCELLS and len(data) >= 2:
                sheet.merges += struct.unpack_from("<H", data)[0]
            if sheet.cells > MAX_SHEET_CELLS or sheet.merges > MAX_MERGED_RANGES:
                break
        total += sheet.cells
        _check_extent(sheet, total)
        errors.append(sheet.errors)
    return errors


_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
                0x2A: "#N/A"}


def _biff_error(rec: int, data: bytes) -> str | None:
    """The error a BOOLERR cell holds, or a FORMULA cell's cached error result."""
    if rec == 0x0205 and len(data) >= 8 and data[7] == 1:
        return _BIFF_ERRORS.get(data[6], "#N/A")
    if rec == 0x0006 and len(data) >= 14 and data[6] == 0x02 and data[12:14] == b"\xff\xff":
        return _BIFF_ERRORS.get(data[8], "#N/A")
    return None
