"""Reading a workbook into plain grids of cell values, with merged ranges.

Everything after this module works on ``SheetGrid`` objects, never on a
spreadsheet library, so the same detection and checks run on a file read by
python-calamine (fast: ~1 ms per form, size check included) or on a live workbook handed over by
the Excel add-in. Reading problems become ``ReadError`` with a Chinese message
that tells the user what to do.

Submissions come from outside units, so nothing about a file is trusted: its
format is recognised from its first bytes, not its extension (a CSV, a web page
or an old .xls renamed to .xlsx each get named), and its size is measured by
``xltool.io.limits`` before calamine may allocate anything. Grids are trimmed to
the area that holds values, so trailing blank rows cost nothing downstream.
"""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from xltool.io import formula_values, limits
from xltool.model.grid import SheetGrid

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """A workbook that cannot be read at all; the message is for the user."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rstrip(row: list[Any]) -> list[Any]:
    """``row`` without its trailing blank cells (empty or whitespace only); modifies it."""
    if row.count(None) == len(row):
        return []
    while row and _blank(row[-1]):
        row.pop()
    return row


def used_area(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows cut after their last value, trailing blank rows dropped: the area that holds values.

    A sheet formatted down to row 1,048,576, or filled with "" by formulas, then costs
    an empty list per row and nothing in layout detection, which scans rows × width.
    """
    out = [_rstrip(list(row)) for row in rows]
    while out and not out[-1]:
        out.pop()
    return out


def _clean(row: list[Any]) -> list[Any]:
    """A row as the grid keeps it: trailing blank cells dropped, "" → None, whole floats → int.

    calamine gives "" for an empty cell and 5.0 for 5. The blanks at the end are dropped
    first, so they are never converted; a cell is tested for float first because that
    is the only type that changes (other than "").
    """
    end = len(row)
    while end and (row[end - 1] == "" or _blank(row[end - 1])):
        end -= 1
    return [(None if v == "" else v) if type(v) is not float else int(v) if v.is_integer() and -1e15 < v < 1e15
            else v for v in (row if end == len(row) else row[:end])]


def _rows(sheet: Any) -> list[list[Any]]:
    """The sheet's rows from A1, trailing blank rows and columns dropped, one row at a time.

    ``iter_rows`` keeps calamine's dense range in Rust (~32 bytes a cell, bounded by
    the limits) instead of building it again as Python lists. Whether it pads the rows
    above and columns left of the first value differs by version, so the offsets are
    measured from what it yields.
    """
    if not sheet.height or not sheet.width:
        return []
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    rows, yielded_width = [], 0
    for row in sheet.iter_rows():
        yielded_width = yielded_width or len(row)
        rows.append(_clean(row))
    if c0 and yielded_width == c1 - c0 + 1:
        rows = [[None] * c0 + row if row else row for row in rows]
    if r0 and len(rows) == r1 - r0 + 1:
        rows = [[] for _ in range(r0)] + rows
    while rows and not rows[-1]:
        rows.pop()
    return rows


# ---- recognising the file ----------------------------------------------------------

def _not_a_workbook(what: str) -> ReadError:
    return ReadError(f"{what}，不是 Excel 工作簿（扩展名可能被改过）：请用 Excel/WPS 打开后“另存为” .xlsx，再核查。")


def _text_kind(head: bytes) -> str:
    """What a non-Office file is, from its first bytes, for the message."""
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件"
    for encoding in ("utf-8-sig", "gb18030"):
        try:  # incremental: the first 4 KB may end inside a character
            text = codecs.getincrementaldecoder(encoding)().decode(head).lstrip().lower()
            break
        except UnicodeDecodeError:
            continue
    else:
        return "文件格式无法识别"
    if not text or any(ch < " " and ch not in "\t\r\n" for ch in text):
        return "文件格式无法识别"
    if "urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "这是 Excel 2003 XML 表格"
    if text.startswith("<") and any(tag in text for tag in ("<html", "<table", "<!doctype html", "<meta")):
        return "这是网页（HTML）格式的表格"
    return "这是文本文件（如 CSV）"


def _zip_kind(zf: zipfile.ZipFile) -> None:
    """Accept an .xlsx/.xlsm package; name anything else a zip can be."""
    names = set(zf.namelist())
    if any(info.flag_bits & 1 for info in zf.infolist()):
        raise ReadError("文件损坏：压缩包内的部件带有 zip 密码（Excel 的打开密码不是这样加密的），无法读取；"
                        "请重新导出或重新上传。")
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise ReadError("这是 Excel 二进制工作簿（.xlsb），暂不支持：请在 Excel 中“另存为” .xlsx，再核查。")
    if "content.xml" in names:
        raise _not_a_workbook("这是 OpenDocument 表格（.ods）")
    if "word/document.xml" in names:
        raise _not_a_workbook("这是 Word 文档")
    raise _not_a_workbook("这是一个普通压缩包，其中没有工作簿")


def _load(path: Path, password: str | None, percent: dict | None = None, parts: set[str] | None = None
          ) -> tuple[Any, dict, tuple[Path | bytes, dict]]:
    """Recognise the file, check it against the limits, open it with calamine.

    Returns the workbook, the error values calamine drops (see
    ``limits.check_package``), keyed by sheet name (.xlsx) or position (.xls), and the
    source with its formula cells that have no saved result (``xltool.io.formula_values``).
    ``parts`` receives the part names of a package stored as a zip on disk (see ``read_workbook``).
    """
    import python_calamine as pc

    source: Path | bytes = path
    uncached: dict[str, list[str]] = {}
    # Read once (at most MAX_FILE_BYTES): zipfile and calamine take the same bytes, where opening the file
    # for each cost ~20 µs a form. calamine copies a file-like into memory whole anyway, so this adds
    # only the file's size, and only until calamine has its copy.
    data = path.read_bytes()
    if data.startswith(_OLE_MAGIC):
        decrypted = _decrypt(path, password)
        if decrypted is not None:  # an encrypted .xlsx, or an .xls with a password
            source = data = decrypted
    if data.startswith(_OLE_MAGIC):
        errors = dict(enumerate(_check_xls(source)))
    elif data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _zip_kind(zf)
            errors = limits.check_package(zf, percent, uncached)
            if parts is not None and source is path:
                parts.update(zf.namelist())
    else:
        raise _not_a_workbook(_text_kind(data[:4096]))
    # by content, not extension: an .xlsx named .xls still opens
    return pc.CalamineWorkbook.from_filelike(io.BytesIO(data)), errors, (source, uncached)


def _decrypt(path: Path, password: str | None) -> bytes | None:
    """The decrypted bytes of an encrypted workbook; None when it is not encrypted."""
    import msoffcrypto

    with open(path, "rb") as fh:
        try:
            office = msoffcrypto.OfficeFile(fh)
            if not office.is_encrypted():
                return None
        except Exception:  # not an Office document msoffcrypto knows (or a damaged one): not encrypted
            return None
        if not password:
            raise ReadError("文件已加密（设置了打开密码），需要密码才能读取：请用 --password 提供密码，"
                            "或另存为未加密的副本后再核查。")
        out = io.BytesIO()
        try:
            office.load_key(password=password)
            office.decrypt(out)
        except Exception as exc:  # msoffcrypto raises bare Exception subclasses of many kinds
            raise ReadError(f"文件已加密，所给密码无法解密（{exc}）：请核对密码。") from exc
        return out.getvalue()


def _check_xls(source: Path | bytes) -> list[dict]:
    """Size check and error values of a legacy .xls, from its Workbook stream."""
    import olefile

    with olefile.OleFileIO(source if isinstance(source, bytes) else str(source)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            raise _not_a_workbook("这是其他 Office 文档（如 Word 的 .doc）")
        return limits.check_biff(ole.openstream(stream).read())


def read_workbook(path: str | Path, password: str | None = None, parts: set[str] | None = None) -> list[SheetGrid]:
    """Read every worksheet of an .xlsx/.xlsm/.xls file into grids (chart sheets as empty grids).

    ``parts``, when given, receives the part names of the file when it is a zip package
    (nothing for an .xls or an encrypted workbook): a later look for one part
    (``docProps/custom.xml``) then need not open the file again when it is not there.
    """
    import python_calamine as pc

    path = Path(path)
    if not path.exists():
        raise ReadError(f"文件不存在：{path}")
    if path.is_dir():
        raise ReadError(f"这是一个文件夹而不是工作簿：{path}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法访问文件：{exc}") from exc
    if size == 0:
        raise ReadError("文件为空（0 字节），可能上传或复制不完整。")
    if size > limits.MAX_FILE_BYTES:
        raise ReadError(f"文件大小 {size // (1024 * 1024)} MB 超过上限 {limits.MAX_FILE_BYTES // (1024 * 1024)} MB；"
                        "请删除无关工作表和图片后另存，再核查。")
    try:
        percent: dict[str, dict[tuple[int, int], int]] = {}
        book, errors, (source, uncached) = _load(path, password, percent, parts)
        grids, used = [], 0
        for i, meta in enumerate(book.sheets_metadata):
            grids.append(_sheet_grid(book, meta, errors.get(meta.name) or errors.get(i) or {}))
            grids[-1].percent_cells = percent.get(meta.name, {})
            used += grids[-1].height * grids[-1].width
            if used > limits.MAX_USED_CELLS:
                raise ReadError(
                    f"工作表的已用区域（去掉末尾空行空列后）合计超过 {limits.MAX_USED_CELLS:,} 个单元格的上限"
                    f"（到“{meta.name}”为止）；请删除与自评表无关的工作表或数据后另存，再核查。")
        return formula_values.fill(source, grids, uncached) if uncached else grids
    except ReadError:
        raise
    except limits.LimitExceeded as exc:
        raise ReadError(str(exc)) from exc
    except PermissionError as exc:
        raise ReadError(f"文件被占用或无读取权限：{exc}") from exc
    except pc.PasswordError as exc:
        raise ReadError("文件受密码保护，需要密码才能读取：请用 --password 提供密码。") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, pc.ZipError) as exc:
        raise ReadError(f"文件损坏或不完整（压缩包结构错误：{exc}），可能下载或上传中断：请重新导出或重新上传。") from exc
    except pc.CalamineError as exc:
        raise ReadError(f"文件内容损坏，无法读取（{exc}）：请用 Excel/WPS 打开后另存为 .xlsx，再核查。") from exc
    except (OSError, ValueError, KeyError, IndexError, NotImplementedError) as exc:
        raise ReadError(f"读取失败（{type(exc).__name__}: {exc}）：请用 Excel/WPS 打开后另存为 .xlsx，再核查。") from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # a Rust panic inside calamine on a malformed part
            raise
        raise ReadError(f"文件结构异常，读取器无法解析（{exc}）：请用 Excel/WPS 打开后另存为 .xlsx，再核查。") from exc


def _sheet_grid(book: Any, meta: Any, errors: dict[tuple[int, int], str]) -> SheetGrid:
    import python_calamine as pc

    if meta.typ != pc.SheetTypeEnum.WorkSheet:
        return SheetGrid(name=meta.name, rows=[])  # a chart or macro sheet holds no cells
    sheet = book.get_sheet_by_name(meta.name)
    if sheet.height * sheet.width > limits.MAX_SHEET_CELLS:  # measured before loading; guards what slipped past
        raise ReadError(
            f"工作表“{meta.name}”有 {sheet.height:,} 行 × {sheet.width:,} 列，超过每表 {limits.MAX_SHEET_CELLS:,} "
            "个单元格的上限；请删除多余的空行空列或无关数据后另存，再核查。")
    merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    if len(merged) > limits.MAX_MERGED_RANGES:
        raise ReadError(f"工作表“{meta.name}”有 {len(merged):,} 个合并单元格区域，超过上限 "
                        f"{limits.MAX_MERGED_RANGES:,}；请取消无用的合并后另存，再核查。")
    return SheetGrid(name=meta.name, rows=_with_errors(_rows(sheet), errors), merged=merged)


def _with_errors(rows: list[list[Any]], errors: dict[tuple[int, int], str]) -> list[list[Any]]:
    """Put back the error values (#DIV/0!, #REF!) that calamine reads as empty cells."""
    for (r, c), text in errors.items():
        rows.extend([] for _ in range(r + 1 - len(rows)))
        row = rows[r]
        row.extend([None] * (c + 1 - len(row)))
        if row[c] is None:
            row[c] = text
    return rows
