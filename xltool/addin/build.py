"""``xltool addin build``: the xltool.xlam ribbon add-in, made from readable sources.

The add-in starts from the custom ribbon add-in that xlwings ships
(``xlwings quickstart NAME --addin --ribbon`` copies the same file): its workbook
parts, its configuration sheet and its VBA. Two parts are replaced:

* ``customUI/customUI.xml`` by ``xltool/addin/macros/customUI.xml`` (the 绩效核查 tab);
* ``xl/vbaProject.bin`` by a project built from source: the xlwings module and
  Dictionary class of the *installed* xlwings package (so the add-in's RunPython
  matches the xlwings version Python will run, which xlwings requires) with its
  project name set to ``xltool``, plus every ``xltool/addin/macros/*.bas`` file.

The output depends only on those inputs: zip entries carry a fixed date and the VBA
project is byte-stable, so the same sources and xlwings version give the same bytes.
That is why the .xlam is not committed: it is rebuilt by one command on the machine
that runs it, against the xlwings installed there.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from xltool.addin.vba import WORKBOOK_GUID, WORKSHEET_GUID, Module, build_project
from xltool.io.atomic import write_atomically

MACROS = Path(__file__).resolve().parent / "macros"  # package data: installed with the wheel
PROJECT_NAME = "xltool"
CUSTOM_UI = "customUI/customUI.xml"
VBA_PART = "xl/vbaProject.bin"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CONF_KEYS = {"win32": "Interpreter_Win", "darwin": "Interpreter_Mac"}


class BuildError(RuntimeError):
    """The add-in cannot be built; the message says why in Chinese."""


def xlwings_dir() -> Path:
    """Folder of the installed xlwings package, which holds the add-in template and VBA."""
    import xlwings

    return Path(xlwings.__file__).resolve().parent


def vba_modules(macros: Path = MACROS) -> list[Module]:
    """Every module of the add-in's VBA project, in project order."""
    xl = xlwings_dir()
    xlwings_bas = (xl / "xlwings_custom_addin.bas").read_text(encoding="ascii")
    marker = 'Public Const PROJECT_NAME As String = "myaddin"'
    if marker not in xlwings_bas:
        raise BuildError(f"所装 xlwings 的 VBA 模块与预期不同（找不到 {marker}），请安装 xlwings 0.30 以上的正式版本。")
    ours = sorted(macros.glob("*.bas"))
    if not ours:
        raise BuildError(f"在 {macros} 中没有找到 VBA 源文件（*.bas）。")
    return [Module("ThisWorkbook", "document", guid=WORKBOOK_GUID),
            Module(_config_sheet_codename(), "document", guid=WORKSHEET_GUID),
            Module("xlwings", "std", xlwings_bas.replace(marker, marker.replace("myaddin", PROJECT_NAME))),
            Module("Dictionary", "class", (xl / "addin" / "Dictionary.cls").read_text(encoding="ascii")),
            *(Module(p.stem, "std", p.read_text(encoding="ascii")) for p in ours)]


def build(out: Path, *, macros: Path = MACROS, interpreter: str | None = None) -> Path:
    """Write the add-in to ``out`` (atomically) and return its path.

    ``interpreter`` is written into the add-in's ``xltool.conf`` sheet as this
    platform's Python (Interpreter_Win or Interpreter_Mac), so RunPython starts the
    Python that has xltool installed without any further setting.
    """
    out = Path(out)
    if out.suffix.lower() != ".xlam":
        raise BuildError(f"加载项文件名须以 .xlam 结尾：{out.name}")
    custom_ui = (macros / "customUI.xml").read_bytes()
    vba = build_project(vba_modules(macros))
    with zipfile.ZipFile(_template()) as template:
        parts = {info.filename: template.read(info) for info in template.infolist()}
    if CUSTOM_UI not in parts or VBA_PART not in parts:
        raise BuildError("xlwings 附带的加载项模板结构与预期不同，无法注入功能区。")
    parts[CUSTOM_UI] = custom_ui
    parts["_rels/.rels"] = _ribbon_relationship(parts["_rels/.rels"].decode("utf-8"), custom_ui)
    parts[VBA_PART] = vba
    parts["xl/workbook.xml"], parts["xl/worksheets/sheet1.xml"] = _config_sheet(
        parts["xl/workbook.xml"].decode("utf-8"), parts["xl/worksheets/sheet1.xml"].decode("utf-8"), interpreter)
    parts["docProps/core.xml"] = _describe(parts["docProps/core.xml"].decode("utf-8"))

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                info = zipfile.ZipInfo(name, _ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)

    return write_atomically(out, write)


UI_RELATIONSHIPS = {  # customUI namespace → the package relationship type Office looks for
    "http://schemas.microsoft.com/office/2006/01/customui":
        "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2009/07/customui":
        "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}


def _ribbon_relationship(rels: str, custom_ui: bytes) -> bytes:
    """The package relationships with the ribbon's type matching the customUI namespace.

    xlwings' template pairs a 2006/01 customUI with the Office 2010 relationship type
    (.../2007/relationships/ui/extensibility), which belongs to the 2009/07 namespace.
    """
    found = re.search(rb'<customUI[^>]*\sxmlns="([^"]+)"', custom_ui)
    wanted = UI_RELATIONSHIPS.get(found.group(1).decode() if found else "")
    if wanted is None:
        raise BuildError("customUI.xml 的命名空间不是 Office 功能区的 2006/01 或 2009/07 customui。")
    pattern = re.compile(r'Type="[^"]*/relationships/ui/extensibility"(\s+Target="customUI/customUI\.xml")')
    rels, count = pattern.subn(lambda m: f'Type="{wanted}"{m.group(1)}', rels)
    if count != 1:
        raise BuildError("xlwings 加载项模板中没有功能区（customUI）的关系项。")
    return rels.encode("utf-8")


def _template() -> Path:
    path = xlwings_dir() / "quickstart_addin_ribbon.xlam"
    if not path.exists():
        raise BuildError(f"找不到 xlwings 的功能区加载项模板：{path}")
    return path


def _config_sheet_codename() -> str:
    with zipfile.ZipFile(_template()) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    found = re.search(r'<sheetPr[^>]*codeName="([^"]+)"', sheet)
    return found.group(1) if found else "Sheet1"


def _config_sheet(workbook: str, sheet: str, interpreter: str | None) -> tuple[bytes, bytes]:
    """Rename the template's ``_myaddin.conf`` sheet and optionally fill in the interpreter.

    xlwings reads a sheet named ``<project>.conf``; the leading underscore keeps it
    switched off, as in the template, unless we have a setting to put in it.
    """
    name = f"{PROJECT_NAME}.conf" if interpreter else f"_{PROJECT_NAME}.conf"
    if 'name="_myaddin.conf"' not in workbook:
        raise BuildError("xlwings 加载项模板中没有 _myaddin.conf 配置表。")
    workbook = workbook.replace('name="_myaddin.conf"', f'name="{name}"')
    if interpreter:
        key = _CONF_KEYS.get(sys.platform)
        if key is None:
            raise BuildError("只能在 Windows 或 macOS 上写入本机的 Python 路径（--this-python）。")
        row = 1 if key == "Interpreter_Win" else 2  # the template lists Interpreter_Win in A1, _Mac in A2
        pattern = re.compile(rf'<row r="{row}" spans="1:1"([^>]*)>(.*?)</row>')
        cell = f'<c r="B{row}" t="inlineStr"><is><t>{escape(interpreter)}</t></is></c>'
        sheet, count = pattern.subn(lambda m: f'<row r="{row}" spans="1:2"{m.group(1)}>{m.group(2)}{cell}</row>', sheet)
        if count != 1:
            raise BuildError("xlwings 加载项模板的配置表格式与预期不同，无法写入 Python 路径。")
    return workbook.encode("utf-8"), sheet.encode("utf-8")


def _describe(core: str) -> bytes:
    """Title and versions in the document properties, so a support call can read them off."""
    from importlib.metadata import version

    text = f"xltool {version('xltool')} · xlwings {version('xlwings')}"
    core = core.replace("<dc:title />", "<dc:title>xltool 绩效核查</dc:title>")
    return core.replace("<dc:description />", f"<dc:description>{escape(text)}</dc:description>").encode("utf-8")
