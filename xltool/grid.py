"""Reading a workbook into plain grids of cell values, with merged ranges.

Everything after this module works on ``SheetGrid`` objects, never on a
spreadsheet library, so the same detection and checks run on a file read by
python-calamine (fast: ~0.3 ms per form) or on a live workbook handed over by
the Excel add-in. Reading problems become ``ReadError`` with a Chinese message
that tells the user what to do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_CELLS_PER_SHEET = 5_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """A workbook that cannot be read at all; the message is for the user."""


@dataclass
class SheetGrid:
    """One sheet as a rectangular list of rows (0-based) plus its merged ranges.

    Empty cells are ``None``. ``merged`` holds (row0, col0, row1, col1),
    inclusive and 0-based, so a label merged over several rows can be read
    from each of them through ``value``.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    _anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r0, c0, r1, c1 in self.merged:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 20_000:
                continue  # a merge covering a whole sheet carries no label worth spreading
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    self._anchor[(r, c)] = (r0, c0)

    @property
    def height(self) -> int:
        """Number of rows."""
        return len(self.rows)

    @property
    def width(self) -> int:
        """Number of columns of the widest row."""
        return max((len(r) for r in self.rows), default=0)

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        """Top-left cell of the merged range holding (r, c), or (r, c) itself."""
        return self._anchor.get((r, c), (r, c))

    def raw(self, r: int, c: int) -> Any:
        """The value stored in (r, c) itself, ``None`` outside the grid."""
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def value(self, r: int, c: int) -> Any:
        """The value shown at (r, c): merged ranges show their top-left value everywhere."""
        ar, ac = self.anchor(r, c)
        return self.raw(ar, ac)

    def is_merged_continuation(self, r: int, c: int) -> bool:
        """True for a cell inside a merged range other than its top-left one."""
        return self.anchor(r, c) != (r, c)


def _clean(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _open_bytes(path: Path, password: str | None) -> bytes | None:
    """Return decrypted bytes for an encrypted workbook, None when it is a plain file."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head != _OLE_MAGIC:
        return None
    import msoffcrypto  # only for OLE files: encrypted .xlsx or legacy .xls

    with open(path, "rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        try:
            encrypted = office.is_encrypted()
        except Exception:
            return None
        if not encrypted:
            return None
        if not password:
            raise ReadError("文件已加密（设置了打开密码），需要密码才能读取：请用 --password 提供密码，或另存为未加密的副本后再核查。")
        out = io.BytesIO()
        try:
            office.load_key(password=password)
            office.decrypt(out)
        except Exception as exc:
            raise ReadError(f"文件已加密，所给密码无法解密（{exc}）。") from exc
        return out.getvalue()


def _check_zip(path: Path) -> None:
    """Refuse archives whose XML would expand beyond the memory budget (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return  # not a zip: calamine will say what it is (xls, csv...) or fail clearly
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"文件解压后约 {total // (1024 * 1024)} MB，超过上限 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB，"
            "可能是异常文件（压缩炸弹）；如确为正常报表，请删除无关工作表后再核查。")


def read_workbook(path: str | Path, password: str | None = None) -> list[SheetGrid]:
    """Read every worksheet of an .xlsx/.xlsm/.xls/.ods file into grids."""
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
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件大小 {size // (1024 * 1024)} MB 超过上限 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
    try:
        decrypted = _open_bytes(path, password)
        if decrypted is None:
            _check_zip(path)
            book = pc.CalamineWorkbook.from_path(str(path))
        else:
            book = pc.CalamineWorkbook.from_filelike(io.BytesIO(decrypted))
        return [_sheet_grid(book, name) for name in book.sheet_names]
    except ReadError:
        raise
    except PermissionError as exc:
        raise ReadError(f"文件被占用或无读取权限：{exc}") from exc
    except pc.PasswordError as exc:
        raise ReadError("文件受密码保护，需要密码才能读取：请用 --password 提供密码。") from exc
    except pc.ZipError as exc:
        raise ReadError(f"文件损坏或不完整（压缩包结构错误：{exc}），请重新导出或重新上传。") from exc
    except pc.CalamineError as exc:
        raise ReadError(f"无法识别的文件格式（{exc}）：请确认是 Excel 工作簿（.xlsx/.xlsm/.xls）。") from exc
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise ReadError(f"读取失败：{type(exc).__name__}: {exc}") from exc


def _sheet_grid(book: Any, name: str) -> SheetGrid:
    sheet = book.get_sheet_by_name(name)
    height, width = sheet.height, sheet.width
    if height * max(width, 1) > MAX_CELLS_PER_SHEET:
        raise ReadError(
            f"工作表“{name}”有 {height} 行 × {width} 列，超过 {MAX_CELLS_PER_SHEET} 个单元格的上限；"
            "请删除多余的空行空列或无关数据后再核查。")
    rows = [[_clean(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    return SheetGrid(name=name, rows=rows, merged=merged)


def a1(row: int, col: int) -> str:
    """A1 address of a 0-based (row, col)."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
