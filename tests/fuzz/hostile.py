"""The hostile and broken inputs of issue 7, each built on the fly and paired with the answer it must get.

A finance bureau opens files sent in by hundreds of outside units: some were cut
off in transit, some are other formats renamed to .xlsx, some are encrypted or
legacy .xls, a few are crafted. Every case here is made from a real sample (or
from nothing) in a temporary folder, so no binary test data is committed and the
largest file written is a few megabytes however many gigabytes it claims to hold.

``expect`` is what ``xltool check`` must answer: ``"unreadable"`` (exit 2, XT001,
a message containing ``words``), ``"no_form"`` (exit 2, XT002, ``words`` likewise) or
``"checked"`` (exit 0 or 1; ``words`` are ``CODE@CELL`` findings that must be among
the results, and ``same_as`` names a sample whose findings must come out unchanged).
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.package import SHEET, add_merges, add_sheet, append_rows, read_parts, sheet_xml, write_parts

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE = SAMPLES / "central_errors_project.xlsx"
PASSWORD = "xltool-7"


class Unavailable(Exception):
    """The case needs a tool this machine lacks (LibreOffice for .xls)."""


@dataclass(frozen=True)
class Case:
    """A hostile input: how to build it and what answer it must get."""

    name: str
    build: Callable[[Path], Path]
    expect: str
    words: tuple[str, ...] = ()
    same_as: Path | None = None
    args: tuple[str, ...] = ()
    heavy: bool = False  # seconds to build or check: run once, not in every loop


def _copy_bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return build


def _edit(name: str, edit: Callable[[dict[str, bytes]], dict | None],
          source: Path = BASE) -> Callable[[Path], Path]:
    """A builder: ``source`` with its parts edited (``edit`` may return big parts to stream in)."""
    def build(folder: Path) -> Path:
        parts = read_parts(source)
        big = edit(parts)
        return write_parts(parts, folder / name, big)
    return build


def _truncated(keep: float) -> bytes:
    data = BASE.read_bytes()
    return data[:int(len(data) * keep)]


def _corrupt_entry() -> bytes:
    """The base sample with bytes flipped inside the compressed sheet: a bad CRC or a bad deflate stream."""
    data = bytearray(BASE.read_bytes())
    with zipfile.ZipFile(BASE) as zf:
        info = zf.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 200, start + 200 + 40, 4):
        data[i] ^= 0x5A
    return bytes(data)


def _zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, blob in files.items():
            zf.writestr(name, blob)
    return buf.getvalue()


def _encrypted(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    path = folder / "加密.xlsx"
    with open(BASE, "rb") as src, open(path, "wb") as out:
        OOXMLFile(src).encrypt(PASSWORD, out)
    return path


def legacy_xls(folder: Path, source: Path = BASE) -> Path:
    """``source`` saved as Excel 97-2003 .xls by LibreOffice (values and merges kept)."""
    path = folder / f"{source.stem}.xls"
    path.write_bytes(legacy_bytes(source))
    return path


@functools.lru_cache(maxsize=16)
def legacy_bytes(source: Path) -> bytes:
    """The bytes of ``source`` saved as .xls by LibreOffice (one conversion per sample and run)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise Unavailable("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "xls",
                        "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=120,
                       env={**os.environ, "LANG": "C.UTF-8"})
        return (Path(tmp) / f"{source.stem}.xls").read_bytes()


def _renamed_xls(folder: Path) -> Path:
    path = folder / "旧格式改名.xlsx"
    path.write_bytes(legacy_bytes(BASE))
    return path


def _other_ole(folder: Path) -> Path:
    """An OLE compound file that is no workbook: the .xls with its Workbook stream renamed."""
    name = "Workbook".encode("utf-16-le")
    path = folder / "其他文档.xls"
    path.write_bytes(legacy_bytes(BASE).replace(name, "Wxrkbook".encode("utf-16-le"), 1))
    return path


def _workbook(name: str, fill: Callable) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        import openpyxl

        wb = openpyxl.Workbook()
        fill(wb)
        wb.save(folder / name)
        return folder / name
    return build


def _chart_only(wb) -> None:
    from openpyxl.chart import BarChart

    wb.create_chartsheet("图表").add_chart(BarChart())
    wb.remove(wb["Sheet"])


def _image_only(wb) -> None:
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (40, 20), "red").save(buf, "PNG")
    wb.active.add_image(Image(buf), "B2")


def _million_rows(parts: dict[str, bytes]) -> dict:
    part = add_sheet(parts, "明细")
    return {part: sheet_xml(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001))}


def _blank_tail(parts: dict[str, bytes]) -> None:
    """Formulas returning "" filled down to row 1,000,000 under the form (a common template habit)."""
    rows = "".join(f'<row r="{r}"><c r="J{r}" t="str"><f>""</f><v></v></c></row>' for r in range(30, 1_000_001))
    parts[SHEET] = append_rows(parts[SHEET], rows)


def _wide(parts: dict[str, bytes]) -> dict:
    from openpyxl.utils import get_column_letter

    part = add_sheet(parts, "宽表")
    row = "".join(f'<c r="{get_column_letter(c)}{{r}}"><v>{c}</v></c>' for c in range(1, 16_001))
    return {part: sheet_xml(f'<row r="{r}">{row.format(r=r)}</row>' for r in (1, 2, 3))}


def _far_cell(parts: dict[str, bytes]) -> None:
    parts[SHEET] = append_rows(parts[SHEET], '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _zip_bomb(parts: dict[str, bytes]) -> dict:
    """A sheet of 320 MB of whitespace: ~320 KB compressed, refused before it is inflated."""
    part = add_sheet(parts, "炸弹")
    return {part: [b"<worksheet><sheetData>"] + [b" " * (1 << 20)] * 320 + [b"</sheetData></worksheet>"]}


def _lying_size(folder: Path) -> Path:
    """A 5 MB sheet whose zip headers claim 1,000 bytes: readers must stop at the declared size.

    Both zipfile and calamine do (measured), which is why only the declared sizes need
    checking against the zip-bomb limit.
    """
    parts = read_parts(BASE)
    part = add_sheet(parts, "谎报大小")
    rows = (f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{"x" * 100}</t></is></c></row>' for r in range(1, 40_001))
    path = write_parts(parts, folder / "谎报大小.xlsx", {part: sheet_xml(rows)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))  # the part was written last
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    return path


def _zip_encrypted_entry() -> bytes:
    """The base sample with the sheet's zip entry flagged as password-encrypted (old PKWARE zip encryption)."""
    data = bytearray(BASE.read_bytes())
    with zipfile.ZipFile(BASE) as zf:
        info = zf.getinfo(SHEET)
    data[info.header_offset + 6] |= 1  # local header: general purpose flags, bit 0 = encrypted
    central = data.find(b"PK\x01\x02" + bytes(data[info.header_offset + 4:info.header_offset + 6]))
    while data[central + 46:central + 46 + len(SHEET)] != SHEET.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 8] |= 1  # central directory entry: the same flag
    return bytes(data)


def _entity_bomb(parts: dict[str, bytes]) -> None:
    """"Billion laughs": nested XML entities that would expand one cell to 10^10 characters."""
    dtd = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    xml = parts[SHEET].decode().replace("<worksheet", dtd + "<worksheet", 1)
    parts[SHEET] = xml.replace("<t>养护任务完成及时率</t>", "<t>&j;</t>").encode()


def _overlapping_merges(parts: dict[str, bytes]) -> None:
    rng = random.Random(7)
    refs = [f"A{r}:J{r + rng.randint(0, 20)}" for r in range(1, 200)] + ["B5:A1", "J30:C3"]
    parts[SHEET] = add_merges(parts[SHEET], refs)


def _label_row(word: str, columns: int = 10_000) -> Callable[[dict[str, bytes]], None]:
    """Below every sheet's data, a row of ``columns`` cells all saying ``word`` (总分, 评价等级).

    Detection looks right of such labels for their value; scanning once per label made
    a crafted row like this quadratic (minutes for 10,000 columns).
    """
    from openpyxl.utils import get_column_letter

    def edit(parts: dict[str, bytes]) -> None:
        for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
            last = max(map(int, re.findall(rb'<row r="(\d+)"', parts[name])), default=0) + 1
            cells = "".join(f'<c r="{get_column_letter(c)}{last}" t="inlineStr"><is><t>{word}</t></is></c>'
                            for c in range(1, columns + 1))
            parts[name] = append_rows(parts[name], f'<row r="{last}">{cells}</row>')
    return edit


def _repeated_headers(parts: dict[str, bytes]) -> None:
    """The indicator header row copied 19,000 times, each copy with a merged range (both near the limits)."""
    xml = parts[SHEET]
    header = re.search(rb'<row r="12".*?</row>', xml, re.S).group(0).decode()
    rows = "".join(re.sub(r'r="([A-Z]*)12"', lambda m, n=n: f'r="{m.group(1)}{n}"', header) for n in range(30, 19_030))
    parts[SHEET] = add_merges(append_rows(xml, rows), [f"A{n}:B{n}" for n in range(30, 19_030)])


def _values(folder: Path) -> Path:
    """Error values, a date, and numbers stored as full-width or separated text in the form's cells."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.load_workbook(BASE)
    ws = wb.active
    ws["H14"], ws["F16"] = "#DIV/0!", "#REF!"  # openpyxl stores these as error cells
    ws["F14"] = dt.datetime(2024, 12, 31)
    ws["E6"], ws["F6"], ws["E7"] = "５００", "430.00", "４２０"
    path = folder / "错误值日期文本数字.xlsx"
    wb.save(path)
    return path


CASES: tuple[Case, ...] = (
    Case("truncated_half", _copy_bytes("截断.xlsx", _truncated(0.5)), "unreadable", ("损坏或不完整",)),
    Case("truncated_tail", _copy_bytes("截断尾部.xlsx", _truncated(0.995)), "unreadable", ("损坏或不完整",)),
    Case("corrupt_entry", _copy_bytes("损坏.xlsx", _corrupt_entry()), "unreadable", ("损坏",)),
    Case("random_bytes", _copy_bytes("乱码.xlsx", random.Random(1).randbytes(5000)), "unreadable",
         ("文件格式无法识别",)),
    Case("empty_file", _copy_bytes("空文件.xlsx", b""), "unreadable", ("0 字节",)),
    Case("csv_renamed", _copy_bytes("表格.xlsx", "项目名称,分值,得分\n农村公路,10,9\n".encode("gb18030")),
         "unreadable", ("文本文件", "另存为")),
    Case("html_renamed", _copy_bytes("网页.xls", "<html><body><table><tr><td>三级指标</td></tr></table></body></html>"
                                     .encode()), "unreadable", ("HTML", "另存为")),
    Case("xml2003_renamed", _copy_bytes("xml表.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
                                         b'office:spreadsheet"></Workbook>'), "unreadable", ("Excel 2003 XML",)),
    Case("pdf_renamed", _copy_bytes("扫描件.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "unreadable", ("PDF",)),
    Case("docx_renamed", _copy_bytes("文档.xlsx", _zip_of({"word/document.xml": b"<w:document/>"})), "unreadable",
         ("Word",)),
    Case("zip_of_workbook", _copy_bytes("打包.xlsx", _zip_of({"自评表.xlsx": BASE.read_bytes()})), "unreadable",
         ("压缩包",)),
    Case("ods_renamed", _copy_bytes("ods表.xlsx", _zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                          "content.xml": b"<office:document-content/>"})),
         "unreadable", ("OpenDocument",)),
    Case("ole_not_a_workbook", _other_ole, "unreadable", ("其他 Office 文档",)),
    Case("encrypted", _encrypted, "unreadable", ("已加密", "--password")),
    Case("encrypted_wrong_password", _encrypted, "unreadable", ("无法解密",), args=("--password", "wrong")),
    Case("encrypted_with_password", _encrypted, "checked", same_as=BASE, args=("--password", PASSWORD)),
    Case("legacy_xls", legacy_xls, "checked", same_as=BASE, heavy=True),
    Case("xls_renamed_xlsx", _renamed_xls, "checked", same_as=BASE, heavy=True),
    Case("xlsx_renamed_xls", _copy_bytes("新格式改名.xls", BASE.read_bytes()), "checked", same_as=BASE),
    Case("empty_workbook", _workbook("空工作簿.xlsx", lambda wb: None), "no_form", ("未识别到绩效自评表",)),
    Case("chart_only", _workbook("只有图表.xlsx", _chart_only), "no_form", ("未识别到绩效自评表",)),
    Case("image_only", _workbook("只有图片.xlsx", _image_only), "no_form", ("未识别到绩效自评表",)),
    Case("million_rows", _edit("百万行.xlsx", _million_rows), "checked", same_as=BASE, heavy=True),
    Case("blank_tail_million", _edit("空行到底.xlsx", _blank_tail), "checked", same_as=BASE, heavy=True),
    Case("columns_16000", _edit("一万六千列.xlsx", _wide), "checked", same_as=BASE),
    Case("far_cell", _edit("远端单元格.xlsx", _far_cell), "unreadable", ("XFD1048576", "删除")),
    Case("merge_whole_sheet", _edit("整表合并.xlsx", lambda p: p.update(
        {SHEET: add_merges(p[SHEET], ["A1:XFD1048576"])})), "checked"),
    Case("merges_overlapping", _edit("重叠合并.xlsx", _overlapping_merges), "checked"),
    Case("merges_too_many", _edit("合并过多.xlsx", lambda p: p.update(
        {SHEET: add_merges(p[SHEET], [f"K{r}:L{r}" for r in range(1, 25_001)])})), "unreadable",
         ("合并单元格区域",)),
    Case("zip_bomb", _edit("压缩炸弹.xlsx", _zip_bomb), "unreadable", ("压缩炸弹",), heavy=True),
    Case("zip_many_parts", _edit("部件过多.xlsx", lambda p: p.update(
        {f"xl/extra/{n}.xml": b"<x/>" for n in range(10_001)})), "unreadable", ("部件",)),
    Case("xml_entity_bomb", _edit("实体炸弹.xlsx", _entity_bomb), "unreadable", ("损坏",)),
    Case("zip_lying_sizes", _lying_size, "unreadable", ("损坏或不完整",)),
    Case("zip_encrypted_entry", _copy_bytes("压缩包加密.xlsx", _zip_encrypted_entry()), "unreadable", ("损坏",)),
    Case("total_row_of_labels", _edit("总分一万列.xlsx", _label_row("总分")), "checked"),
    Case("grade_row_of_labels", _edit("评价等级一万列.xlsx", _label_row("评价等级"),
                                      SAMPLES / "scoring" / "fukang2024_evaluation.xlsx"), "checked", heavy=True),
    Case("repeated_headers", _edit("表头重复.xlsx", _repeated_headers), "checked", heavy=True),
    Case("error_dates_text_numbers", _values, "checked", ("XT003@F16", "XT303@I6")),
)
"""Every case of issue 7's list; ``heavy`` ones take seconds (a million rows, a 400 MB bomb, LibreOffice)."""


def build_all(folder: Path, include_heavy: bool = True) -> dict[str, tuple[Case, Path]]:
    """Build every case into its own subfolder of ``folder``; cases needing a missing tool are left out."""
    built = {}
    for case in CASES:
        if case.heavy and not include_heavy:
            continue
        sub = folder / case.name
        sub.mkdir(parents=True, exist_ok=True)
        try:
            built[case.name] = (case, case.build(sub))
        except Unavailable:
            continue
    return built
