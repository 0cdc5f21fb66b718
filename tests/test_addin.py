"""The Excel add-in: its Python entry points on real samples through xlwings, and the built .xlam.

The buttons run on xlwings' remote-interpreter book (``xw.Book(json=payload)``), which
takes the values Excel would send and returns the changes as actions. The tests apply
those actions to an openpyxl copy of the sample (``apply_actions``) wherever a result
is best judged by checking the changed workbook again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xlwings as xw
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from tests.clirun import CliRunner

from tests.conftest import SAMPLES
from xltool.addin import build as addin_build
from xltool.addin import live, marks, ovba_compress
from xltool.addin.payload import payload_from_file
from xltool.addin.scores import _REWRITE
from tests.template_engines import SOFFICE, libreoffice_recalc
from xltool import templates
from xltool.checks.tamper import template_name
from xltool.addin import protection
from xltool.api import check_workbook
from xltool.reporters.excel import COLOURS, RESULT_SHEET, STATE_SHEET, annotate, clear_annotations

SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx"))
WITH_FINDINGS = SAMPLES / "central_errors_project.xlsx"
CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"


@pytest.fixture(autouse=True)
def remote_engine(monkeypatch):
    """xlwings' remote interpreter, under its free noncommercial key (fine for tests, not for shipping).

    xlwings registers the engine when it is first imported and the key is set; in a
    test session it was imported earlier, so the engine is added here for this test.
    """
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    if "remote" not in xw.engines.engines_by_name:
        from xlwings.pro import _xlremote

        monkeypatch.setattr(xw.engines, "engines", [*xw.engines.engines, xw.Engine(impl=_xlremote.engine)])
        monkeypatch.setattr(xw.engines, "engines_by_name", {e.name: e for e in xw.engines.engines})


def press(button: str, path: Path):
    """Open ``path`` as the remote book, press ``button``; return (book, what the entry point returned)."""
    book = xw.Book(json=payload_from_file(path))
    return book, live.on_button(button, book)


def actions(book, func: str | None = None) -> list[dict]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def untext(v):
    """A written value as Excel stores it: the text prefix ' is not part of the value."""
    return v[1:] if isinstance(v, str) and v.startswith("'") else v


def apply_actions(src: Path, book, out: Path) -> Path:
    """Replay the book's actions on an openpyxl copy of ``src``, as Excel would apply them."""
    wb = load_workbook(src)
    order = list(wb.sheetnames)
    for a in actions(book):
        ws = wb[order[a["sheet_position"]]] if a["sheet_position"] is not None else None
        at = (a["start_row"] or 0) + 1, (a["start_column"] or 0) + 1
        if a["func"] == "setValues":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(at[0] + i, at[1] + j).value = untext(v)
        elif a["func"] == "setRangeColor":
            colour = a["args"][0]
            ws.cell(*at).fill = PatternFill("solid", fgColor="FF" + colour[1:].upper()) if colour else PatternFill()
        elif a["func"] in ("addNote", "setNoteText"):
            ws.cell(*at).comment = Comment(a["args"][1], "xltool")
        elif a["func"] == "deleteNote":
            ws.cell(*at).comment = None
        elif a["func"] == "addSheet":
            wb.create_sheet(a["args"][1], a["args"][0])
            order.insert(a["args"][0], a["args"][1])
        elif a["func"] == "sheetDelete":
            wb.remove(ws)
            order.remove(ws.title)
        elif a["func"] == "setSheetVisibility":
            ws.sheet_state = "hidden"
    wb.save(out)
    return out


def marks_in(path: Path, sheets: list[str]) -> tuple[dict, dict]:
    """Mark colours and xltool notes on ``sheets`` of a saved workbook: {(sheet, cell): '#RRGGBB'}, {…: text}."""
    wb = load_workbook(path)
    colours, notes = {}, {}
    for name in sheets:
        for row in wb[name].iter_rows():
            for c in row:
                if c.fill.fill_type == "solid" and c.fill.fgColor.rgb in COLOURS.values():
                    colours[(name, c.coordinate)] = "#" + c.fill.fgColor.rgb[-6:]
                if c.comment is not None:
                    notes[(name, c.coordinate)] = c.comment.text
    return colours, notes


def sheet_values(path: Path, name: str) -> list[list]:
    rows = [[v for v in row] for row in load_workbook(path)[name].iter_rows(values_only=True)]
    return [r[:max((i + 1 for i, v in enumerate(r) if v not in (None, "")), default=0)] for r in rows]


# ---- the buttons on the samples ------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_check_button_flags_what_check_workbook_flags_and_marks_like_the_annotated_copy(path, tmp_path):
    book, result = press("xltool_check", path)
    file_result = check_workbook(path)
    assert [(f.code, f.sheet, f.cell, f.expected, f.found) for f in result.findings] == \
           [(f.code, f.sheet, f.cell, f.expected, f.found) for f in file_result.findings]
    assert [r.calc.recalculated_total for r in result.forms] == [r.calc.recalculated_total for r in file_result.forms]

    copy = annotate(path, file_result.findings, tmp_path / "annotated.xlsx", summary=file_result.review_summary())
    live_copy = apply_actions(path, book, tmp_path / "live.xlsx")
    originals = load_workbook(path).sheetnames
    assert marks_in(live_copy, originals) == marks_in(copy, originals)
    assert {(f.sheet, f.cell) for f in file_result.findings if f.cell} <= set(marks_in(live_copy, originals)[0])
    assert sheet_values(live_copy, RESULT_SHEET) == sheet_values(copy, RESULT_SHEET)
    assert [a["args"][1] for a in actions(book, "addSheet")] == [RESULT_SHEET, STATE_SHEET]
    assert actions(book, "alert") and "核查完成" in actions(book, "alert")[-1]["args"][0]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_recalc_button_writes_the_engine_scores_and_nothing_the_check_accepts(path, tmp_path):
    book, report = press("xltool_recalc", path)
    before = check_workbook(path)
    after = check_workbook(apply_actions(path, book, tmp_path / "recalculated.xlsx"))
    assert not [f for f in after.findings if f.code in _REWRITE | {"XT307", "XT308"}]
    assert [r.calc.recalculated_total for r in after.forms] == [r.calc.recalculated_total for r in before.forms]
    for form in after.forms:
        if form.form.total is not None:
            assert form.calc.declared_total == form.calc.recalculated_total
    expected = {i.indicator.score.addr: i.outcome.score for r in before.forms for i in r.calc.indicators
                if i.indicator.score is not None}
    assert len(actions(book, "setValues")) == len(report.written) and not report.kept
    for w in report.written:
        if w.role == "score":
            assert w.value == expected[w.cell.addr]
    flagged = {(f.sheet, f.cell) for f in before.findings if f.code in _REWRITE}
    rewritten = {(w.cell.sheet, w.cell.addr) for w in report.written if not w.cell.blank}
    assert flagged <= rewritten
    assert "重算完成" in actions(book, "alert")[-1]["args"][0]


def test_recalc_reports_formula_and_typed_over_cells_instead_of_writing(monkeypatch):
    form = check_workbook(WITH_FINDINGS).forms[0].form
    scores = {i.score.addr for i in form.indicators}
    typed_over = "H13"  # the score 15 that should be 14.3
    assert typed_over in scores

    def formulas(sheet, nrows, ncols):  # a template: every indicator score is a formula but one
        grid = [[""] * ncols for _ in range(nrows)]
        for i in form.indicators:
            if i.score.addr != typed_over:
                grid[i.score.row][i.score.col] = f"=ROUND(G{i.score.row + 1},2)"
        return grid

    monkeypatch.setattr(live, "read_formulas", formulas)
    book, report = press("xltool_recalc", WITH_FINDINGS)
    kept = {w.cell.addr: why for w, why in report.kept}
    assert "公式可能被覆盖" in kept[typed_over]
    assert "公式单元格" in kept["H15"] and "公式单元格" in kept["H17"]
    assert {w.cell.addr for w in report.written} == {"I6", "H23", "G24"}
    assert {(a["start_row"], a["start_column"]) for a in actions(book, "setValues")} == {(5, 8), (22, 7), (23, 6)}


def test_clear_button_undoes_the_file_annotator_and_restores_fills(tmp_path):
    src = tmp_path / "form.xlsx"
    wb = load_workbook(WITH_FINDINGS)
    ws = wb["自评表"]
    ws["H13"].fill = PatternFill("solid", fgColor="FFFFFF00")  # a yellow input cell the check will mark
    ws["H15"].comment = Comment("请复核", "审核人")
    wb.save(src)
    result = check_workbook(src)
    annotated = annotate(src, result.findings, tmp_path / "annotated.xlsx", summary=result.review_summary())

    book, cleared = press("xltool_clear", annotated)
    assert cleared.cells == len({(f.sheet, f.cell) for f in result.findings if f.cell})
    assert cleared.sheets == (RESULT_SHEET, STATE_SHEET) and cleared.inexact_fills == 0
    restored = apply_actions(annotated, book, tmp_path / "restored.xlsx")
    assert load_workbook(restored).sheetnames == ["自评表"]
    assert marks_in(restored, ["自评表"])[0] == {}
    cells = load_workbook(restored)["自评表"]
    assert cells["H13"].fill.fgColor.rgb == "FFFFFF00"
    assert cells["H15"].comment.text == "请复核"
    assert ("setRangeColor", ["#FFFF00"]) in [(a["func"], a["args"]) for a in actions(book)]


def test_marks_made_by_the_button_are_cleared_by_the_file_annotator(monkeypatch, tmp_path):
    green = {"fill_type": "solid", "fg": {"rgb": "FFC6EFCE", "tint": 0.0}, "bg": {"rgb": "FFC6EFCE", "tint": 0.0}}
    monkeypatch.setattr(marks, "read_fill", lambda rng: green)  # as desktop Excel reports a filled cell
    book, result = press("xltool_check", WITH_FINDINGS)
    marked = apply_actions(WITH_FINDINGS, book, tmp_path / "marked.xlsx")
    out = clear_annotations(marked, tmp_path / "cleared.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["自评表"]
    for f in result.findings:
        assert wb["自评表"][f.cell].fill.fgColor.rgb == "FFC6EFCE"
        assert wb["自评表"][f.cell].comment is None


def test_a_second_check_replaces_the_first_marks(tmp_path):
    first, _ = press("xltool_check", WITH_FINDINGS)
    marked = apply_actions(WITH_FINDINGS, first, tmp_path / "marked.xlsx")
    book, result = press("xltool_check", marked)
    again = apply_actions(marked, book, tmp_path / "again.xlsx")
    assert load_workbook(again).sheetnames == ["自评表", RESULT_SHEET, STATE_SHEET]
    assert [f.cell for f in result.findings] == [f.cell for f in check_workbook(WITH_FINDINGS).findings]


def test_clear_without_marks_and_a_book_without_a_form_say_so(tmp_path):
    book, cleared = press("xltool_clear", WITH_FINDINGS)
    assert cleared is None and "没有本工具添加的标注" in actions(book, "alert")[0]["args"][0]
    blank = tmp_path / "blank.xlsx"
    wb = load_workbook(WITH_FINDINGS)
    wb.create_sheet("说明")
    wb.remove(wb["自评表"])
    wb.save(blank)
    book, result = press("xltool_check", blank)
    assert result.error and [a["func"] for a in actions(book)] == ["alert"]
    assert "未识别到绩效自评表" in actions(book, "alert")[0]["args"][0]


def test_template_and_unknown_buttons(monkeypatch):
    monkeypatch.setattr(live, "templates_available", lambda: False)
    book, opened = press("xltool_new.project-central", WITH_FINDINGS)
    assert opened is None and "尚未包含自评表模板" in actions(book, "alert")[0]["args"][0]
    book, outcome = press("no_such_button", WITH_FINDINGS)
    assert outcome is None and "xltool addin build" in actions(book, "alert")[0]["args"][0]


def test_text_from_the_submission_is_written_as_text(tmp_path):
    src = tmp_path / "hostile.xlsx"
    wb = load_workbook(WITH_FINDINGS)
    wb["自评表"]["C13"].value = '=HYPERLINK("http://example.com","点我")'  # an indicator name quoted in findings
    wb["自评表"]["C13"].data_type = "s"
    wb.save(src)
    book, result = press("xltool_check", src)
    texts = [v for a in actions(book, "setValues") for row in a["values"] for v in row if isinstance(v, str) and v]
    assert any("HYPERLINK" in t for t in texts)
    assert [t for t in texts if not t.startswith("'")] == []


# ---- the built add-in ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    return addin_build.build(tmp_path_factory.mktemp("addin") / "xltool.xlam")


def test_xlam_parts_content_types_and_ribbon_relationship(xlam):
    with zipfile.ZipFile(xlam) as zf:
        names = set(zf.namelist())
        types = ET.fromstring(zf.read("[Content_Types].xml"))
        rels = ET.fromstring(zf.read("_rels/.rels"))
        ui = zf.read(addin_build.CUSTOM_UI)
        workbook = zf.read("xl/workbook.xml").decode()
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/vbaProject.bin",
            "xl/_rels/workbook.xml.rels", addin_build.CUSTOM_UI} <= names
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    ui_rel = [r for r in rels if r.get("Type").endswith("/ui/extensibility")]
    assert [r.get("Target") for r in ui_rel] == [addin_build.CUSTOM_UI]
    assert ui == (addin_build.MACROS / "customUI.xml").read_bytes()
    assert 'name="_xltool.conf"' in workbook


def test_custom_ui_follows_the_ribbon_schema_rules_and_matches_the_python_buttons(xlam):
    with zipfile.ZipFile(xlam) as zf:  # the built add-in, read with the standard library's parsers
        root = ET.fromstring(zf.read(addin_build.CUSTOM_UI))
    assert root.tag == f"{CUSTOM_UI_NS}customUI"
    tabs = root.findall(f"{CUSTOM_UI_NS}ribbon/{CUSTOM_UI_NS}tabs/{CUSTOM_UI_NS}tab")
    assert [t.get("label") for t in tabs] == ["绩效核查"]
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", i) for i in ids)
    buttons = {b.get("id"): b for b in root.iter(f"{CUSTOM_UI_NS}button")}
    assert len(buttons) >= 5 and [buttons[i].get("label") for i in (*live.BUTTONS, live.BATCH)] == \
        ["重算得分", "核查并标注", "清除标注", "批量核查…"]
    menu = root.find(f".//{CUSTOM_UI_NS}menu[@id='xltool_template']")
    assert menu.get("label") == "新建模板"
    assert [b.get("id") for b in menu] == [live.TEMPLATE_PREFIX + n for n in templates.names()]  # all 4 offered
    assert set(buttons) == set(live.BUTTONS) | {live.BATCH} | {b.get("id") for b in menu}
    assert all(len(b.get("label")) <= 1024 and len(b.get("supertip", "")) <= 1024 for b in buttons.values())
    assert all(e.get("onAction") for e in buttons.values())

    from oletools.olevba import VBA_Parser

    code = {name: text for _, _, name, text in VBA_Parser(str(xlam)).extract_macros()}
    callbacks = {e.get("onAction") for e in root.iter() if e.get("onAction")}
    assert callbacks == {"XltoolRibbon.OnAction", "XltoolRibbon.OnBatch"}
    for callback in callbacks:
        module, proc = callback.split(".")
        assert re.search(rf"^Public Sub {proc}\(control As IRibbonControl\)\r?$", code[f"{module}.bas"], re.M)

    with zipfile.ZipFile(xlam) as zf:  # the relationship type Office looks for with this namespace
        rels = ET.fromstring(zf.read("_rels/.rels"))
    [ui_rel] = [r for r in rels if r.get("Target") == addin_build.CUSTOM_UI]
    assert root.tag.startswith("{http://schemas.microsoft.com/office/2006/01/customui}")
    assert ui_rel.get("Type") == "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"


def test_vba_modules_read_back_by_olevba(xlam):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    assert parser.detect_vba_macros()
    code = {name: text for _, stream, name, text in parser.extract_macros()}
    assert set(code) == {"ThisWorkbook.cls", "Sheet2.cls", "xlwings.bas", "Dictionary.cls", "XltoolRibbon.bas"}
    ours = (addin_build.MACROS / "XltoolRibbon.bas").read_text(encoding="ascii")
    assert code["XltoolRibbon.bas"].replace("\r\n", "\n").strip() == ours.strip()
    assert 'PROJECT_NAME As String = "xltool"' in code["xlwings.bas"]
    assert f'XLWINGS_VERSION As String = "{xw.__version__}"' in code["xlwings.bas"]
    assert "Attribute VB_Base" in code["ThisWorkbook.cls"]
    dictionary = code["Dictionary.cls"].replace("\r\n", "\n").split("\n")
    assert dictionary[:8] == ['Attribute VB_Name = "Dictionary"',  # as Excel writes a class module
                              'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
                              "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                              "Attribute VB_PredeclaredId = False", "Attribute VB_Exposed = True",
                              "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    shipped = (addin_build.xlwings_dir() / "addin" / "Dictionary.cls").read_text(encoding="ascii")
    body = shipped.replace("\r\n", "\n").split("Attribute VB_Exposed = True\n", 1)[1]
    assert "\n".join(dictionary[8:]).strip() == body.strip()
    assert all(p.read_bytes().isascii() for p in addin_build.MACROS.glob("*.bas"))


def test_build_is_byte_stable_and_the_command_works(xlam, tmp_path, monkeypatch):
    from xltool.cli import app
    runner = CliRunner()
    out = tmp_path / "again.xlam"
    done = runner.invoke(app, ["addin", "build", "-o", str(out)])
    assert done.exit_code == 0 and out.read_bytes() == xlam.read_bytes()
    wrong = runner.invoke(app, ["addin", "build", "-o", str(tmp_path / "x.xlsx")])
    assert wrong.exit_code == 2 and ".xlam" in wrong.output

    monkeypatch.setattr(addin_build.sys, "platform", "win32")
    configured = addin_build.build(tmp_path / "win.xlam", interpreter=r"C:\Python311\python.exe")
    with zipfile.ZipFile(configured) as zf:
        assert 'name="xltool.conf"' in zf.read("xl/workbook.xml").decode()
        assert r'<c r="B1" t="inlineStr"><is><t>C:\Python311\python.exe</t></is></c>' in \
            zf.read("xl/worksheets/sheet1.xml").decode()


def test_compression_follows_ms_ovba_and_round_trips():
    from oletools.olevba import decompress_stream

    assert ovba_compress.copy_token_help(1) == (4, 4098)
    assert ovba_compress.copy_token_help(17) == (5, 2050)
    assert ovba_compress.copy_token_help(4096) == (12, 18)
    source = (addin_build.xlwings_dir() / "xlwings_custom_addin.bas").read_bytes()
    for data in (source, b"a" * 10_000, bytes(range(256)) * 40, b"x"):
        packed = ovba_compress.compress(data)
        assert bytes(decompress_stream(bytearray(packed))) == data
    assert len(ovba_compress.compress(source)) < len(source) / 2
    assert ovba_compress.compress(b"") == b"\x01"


@pytest.mark.parametrize("path", sorted((SAMPLES / "scoring").glob("*.xlsx")), ids=lambda p: p.stem)
def test_buttons_on_evaluators_scoring_sheets(path, tmp_path):
    """Scoring sheets have no 自评表 cells to rewrite: 重算得分 leaves them, 核查并标注 flags as the file check does."""
    book, result = press("xltool_check", path)
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == \
           [(f.code, f.sheet, f.cell) for f in check_workbook(path).findings]
    book, report = press("xltool_recalc", path)
    scoring_sheets = {s["sheet"] for s in (r.summary() for r in check_workbook(path).forms) if s["kind"] == "scoring"}
    assert not {w.cell.sheet for w in report.written} & scoring_sheets


# ---- template-derived (protected) files, all-or-nothing marking, the batch button ------------

class FakeProtection:
    """A sheet's COM object as far as protection goes: what Excel's Worksheet answers and records."""

    def __init__(self, log: list, name: str, password: bool = False):
        self.log, self.name, self.password = log, name, password
        self.ProtectContents, self.ProtectDrawingObjects, self.ProtectScenarios = True, True, True
        self.EnableSelection = 1
        self.Protection = type("P", (), {n: n == "AllowFormattingColumns" for n in protection._ALLOW})()

    def Unprotect(self):
        if self.password:
            raise RuntimeError("The password you supplied is not correct.")
        self.ProtectContents = False
        self.log.append(("unprotect", self.name))

    def Protect(self, **options):
        self.ProtectContents = True
        self.log.append(("protect", self.name, tuple(sorted(options.items()))))


def filled_template(tmp_path: Path, name: str = "project-xinjiang") -> tuple[Path, str]:
    """A template filled by a script (protected sheet, no cached values) with one score typed over."""
    from tests.template_fill import apply, fill

    lay = templates.layout(name)
    wb, _ = templates.build(name)
    apply(wb[lay.sheet], fill(lay, __import__("random").Random(5), correct=True))
    typed = next(c["score"] for c in lay.rows if wb[lay.sheet][c["weight"]].value is not None)
    wb[lay.sheet][typed] = 9.5
    path = tmp_path / f"{name}-filled.xlsx"
    wb.save(path)
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    libreoffice_recalc([path], tmp_path / "calculated", tmp_path / "lo")  # as Excel shows and saves it
    path = tmp_path / "calculated" / path.name
    assert load_workbook(path)[lay.sheet].protection.sheet and template_name(path) == name
    return path, typed


@pytest.mark.parametrize("name", ["project-central", "project-xinjiang", "unit-overall"])
def test_check_button_on_a_protected_template_copy_equals_xltool_check(name, tmp_path, monkeypatch):
    path, typed = filled_template(tmp_path, name)
    monkeypatch.chdir(path.parent)  # the remote book's fullname is its file name, as Excel's is the path
    log: list = []
    monkeypatch.setattr(protection, "com", lambda sheet: fakes.setdefault(sheet.name, FakeProtection(log, sheet.name)))
    fakes: dict = {}
    book, result = press("xltool_check", path)
    expected = check_workbook(path)
    assert [(f.code, f.sheet, f.cell, f.message) for f in result.findings] == \
           [(f.code, f.sheet, f.cell, f.message) for f in expected.findings]
    assert ("XT110", typed) in {(f.code, f.cell) for f in result.findings}
    sheet = templates.layout(name).sheet
    allowed = tuple(sorted({"DrawingObjects": True, "Contents": True, "Scenarios": True,
                            **{n: n == "AllowFormattingColumns" for n in protection._ALLOW}}.items()))
    assert log == [("unprotect", sheet), ("protect", sheet, allowed)]  # lifted, then put back as it was
    assert fakes[sheet].ProtectContents and actions(book, "setRangeColor")


def test_password_protected_sheet_is_left_untouched(tmp_path, monkeypatch):
    path, _ = filled_template(tmp_path)
    monkeypatch.chdir(path.parent)
    log: list = []
    monkeypatch.setattr(protection, "com", lambda sheet: FakeProtection(log, sheet.name, password=True))
    book, _ = press("xltool_check", path)
    assert [a["func"] for a in actions(book)] == ["alert"] and "保护密码" in actions(book, "alert")[0]["args"][0]
    book, report = press("xltool_recalc", WITH_FINDINGS)
    assert report.written == [] and [a["func"] for a in actions(book)] == ["alert"]


@pytest.mark.parametrize("fail_at", [1, 3, 6])
def test_a_failure_half_way_leaves_the_workbook_as_it_was(fail_at, tmp_path, monkeypatch):
    calls = {"n": 0}
    real = marks.hex_colour

    def flaky(argb):  # Excel refusing the n-th fill, as it does on a protected sheet
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise RuntimeError("Unable to set the Color property of the Interior class")
        return real(argb)

    monkeypatch.setattr(marks, "hex_colour", flaky)
    book, _ = press("xltool_check", WITH_FINDINGS)
    assert "xltool 运行出错" in actions(book, "alert")[-1]["args"][0]
    assert actions(book, "setRangeColor")  # something was marked before the failure…
    after = apply_actions(WITH_FINDINGS, book, tmp_path / "after.xlsx")
    wb, original = load_workbook(after), load_workbook(WITH_FINDINGS)
    assert wb.sheetnames == original.sheetnames  # …and all of it was taken back
    assert marks_in(after, wb.sheetnames) == marks_in(WITH_FINDINGS, original.sheetnames) == ({}, {})
    book, cleared = press("xltool_clear", after)
    assert cleared is None  # nothing left behind for 清除标注 to find


def test_batch_button_checks_the_folder_like_xltool_batch_and_opens_the_summary(tmp_path, monkeypatch):
    from xltool import batch
    from xltool.reporters.summary import write_summary

    inbox = tmp_path / "收件 ‘2024’"
    inbox.mkdir()
    for p in SAMPLE_FILES[:3]:
        (inbox / p.name).write_bytes(p.read_bytes())
    (inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated")
    shown, opened = [], []
    monkeypatch.setattr(live, "status", lambda book, text: shown.append(text))
    book = xw.Book(json=payload_from_file(WITH_FINDINGS))
    monkeypatch.setattr(type(book.app.books), "open", lambda self, path: opened.append(path))
    code = " ".join(f"{b[1]:02X}{b[0]:02X}" for b in zip(*[iter(str(inbox).encode("utf-16-le"))] * 2))
    out = live.on_button(live.BATCH, book, folder=code)
    assert out == tmp_path / "收件 ‘2024’_核查汇总.xlsx" and opened == [str(out)]
    assert shown[0] == "xltool：批量核查 0/4 个文件……" and "xltool：批量核查 4/4 个文件……" in shown
    assert shown[-1] is False
    files, _ = batch.discover([inbox])
    reference = write_summary(batch.run_batch(batch.plan(files), jobs=1), tmp_path / "cli.xlsx", "xlsx", inputs=files)
    ours, cli = load_workbook(out), load_workbook(reference)
    assert ours.sheetnames == cli.sheetnames
    assert sheet_values(out, ours.sheetnames[0]) == sheet_values(reference, cli.sheetnames[0])
    assert "批量核查完成：4 个文件" in actions(book, "alert")[-1]["args"][0]
    assert live.on_button(live.BATCH, book, folder="") is None  # the dialog was cancelled


def test_folder_names_survive_the_trip_from_vba():
    name = "C:\\财政局\\收件 'a' \"b\" 𠀋"
    units = [int.from_bytes(name.encode("utf-16-le")[i:i + 2], "little") for i in range(0, len(name) * 4, 2)]
    code = " ".join(f"{u:X}" for u in units if u)  # VBA: Hex(AscW(ch) And &HFFFF&) per UTF-16 unit
    assert live.folder_from_code_points(code) == name


def test_old_xlwings_is_named_before_anything_runs(monkeypatch):
    monkeypatch.setattr(xw, "__version__", "0.37.4")
    book, outcome = press("xltool_check", WITH_FINDINGS)
    assert outcome is None and [a["func"] for a in actions(book)] == ["alert"]
    assert "0.37.5" in actions(book, "alert")[0]["args"][0]
