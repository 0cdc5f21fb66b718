"""The annotated copy must mark the right cells, never harm the submission, and re-run cleanly."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import GradientFill, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from xltool.io.atomic import UnsafeOutput, default_output, write_atomically
from xltool.codes import CATALOGUE
from xltool.findings import Finding, Severity
from xltool.reporters.excel import (COLOURS, RESULT_SHEET, SEPARATOR, STATE_SHEET, Mark, Saved,
                                    annotate, clear_annotations, fill_to_data, plan_marks,
                                    restored_comment)
from xltool.reporters.safe import csv_safe, safe_comment_text, set_text

FORM = "绩效自评表"
EVIL = '=HYPERLINK("http://example.com","x")'
CUSTOM_FILL = PatternFill("solid", fgColor="FF92D050")
USER_NOTE = "张三:\n请核对预算数"


def finding(code: str, sheet: str, cell: str, message: str, **kw) -> Finding:
    """A finding of the catalogue's code with a message of the test's own: the copy must carry any text."""
    meta = CATALOGUE[code]
    return Finding(code=code, name=meta.name, severity=meta.severity, sheet=sheet, cell=cell, message=message, **kw)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def form(tmp_path: Path) -> Path:
    """A small 自评表: merged title, dropdown, a user note, a custom fill, formulas, print area."""
    wb = Workbook()
    ws = wb.active
    ws.title = FORM
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:F1")
    ws.merge_cells("E5:F6")
    ws["A3"], ws["B3"], ws["C3"] = "全年预算数", 100, 80
    ws["D3"] = "=C3/B3"
    ws["D4"] = "=SUM(B3:C3)"
    ws["B4"].fill = CUSTOM_FILL
    ws["C3"].comment = Comment(USER_NOTE, "张三")
    ws["C4"].fill = GradientFill(stop=("FFFF0000", "FF0000FF"))
    dv = DataValidation(type="list", formula1='"优,良,中,差"', allow_blank=True)
    dv.add("F3")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("B3:C3", CellIsRule(operator="lessThan", formula=["0"], fill=CUSTOM_FILL))
    ws.column_dimensions["A"].width = 31
    ws.print_area = "A1:F20"
    ws.page_setup.orientation = "landscape"
    wb.defined_names["预算数"] = DefinedName("预算数", attr_text=f"'{FORM}'!$B$3")
    other = wb.create_sheet("It's 评分表")
    other["A1"] = "评分"
    path = tmp_path / "报表.xlsx"
    wb.save(path)
    return path


def _findings():
    return [
        finding("XT302", FORM, "D3", "执行率计算错误", expected=0.8, found=0.75),
        finding("XT305", FORM, "D3", f"指标“{EVIL}”得分不符", expected=10, found=12),
        finding("XT203", FORM, "C3", "执行数大于预算数", expected=100, found=80),
        finding("XT311", FORM, "B4", "不可机器复核"),
        finding("XT207", FORM, "F6", "合并单元格内部", indicator=EVIL),
        finding("XT001", "不存在的表", "B2", "找不到工作表"),
        finding("XT102", FORM, "", "量化指标占比不足"),
        finding("XT201", "It's 评分表", "A1", "无法解析", found=EVIL),
    ]


def _rgb(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def _table(ws):
    """Rows of the findings table as dicts keyed by header, with the 单元格 cell object."""
    rows = list(ws.iter_rows())
    header = next(i for i, r in enumerate(rows) if r[0].value == "序号")
    names = [c.value for c in rows[header]]
    return [dict(zip(names, (c.value for c in r)), link=r[5]) for r in rows[header + 1:]]


def test_source_unchanged_and_marks_on_the_right_cells(form, tmp_path):
    before = _sha(form)
    out = annotate(form, _findings(), default_output(form), summary={"申报总分": 88.37, "申报等级": "良"})
    assert out == tmp_path / "报表.核查.xlsx"
    assert _sha(form) == before
    wb = load_workbook(out)
    ws = wb[FORM]
    assert _rgb(ws["D3"]) == COLOURS[Severity.ERROR]  # error wins over the other error/warning
    assert _rgb(ws["C3"]) == COLOURS[Severity.WARNING]
    assert _rgb(ws["B4"]) == COLOURS[Severity.INFO]
    assert _rgb(ws["E5"]) == COLOURS[Severity.WARNING]  # F6 redirected to its merge's top-left
    assert ws["D3"].value == "=C3/B3"  # formulas survive
    d3 = ws["D3"].comment
    assert d3.author == "xltool"
    assert d3.text.startswith("[XT302 错误] 执行率计算错误\n应为: 0.8  实为: 0.75\n[XT305 错误]")
    assert ws["C3"].comment.text == f"{USER_NOTE}\n{SEPARATOR}\n[XT203 警告] 执行数大于预算数\n应为: 100  实为: 80"
    with zipfile.ZipFile(out) as zf:  # openpyxl does not read comment sizes back, so look at the VML
        vml = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".vml"))
    assert "width:144px" not in vml and "width:200px" in vml
    assert wb.sheetnames[-1] == RESULT_SHEET and wb[STATE_SHEET].sheet_state == "veryHidden"


def test_results_sheet_rows_links_and_summary(form, tmp_path):
    ws = load_workbook(annotate(form, _findings(), tmp_path / "o.xlsx", summary={"申报总分": 88.37}))[RESULT_SHEET]
    values = {c.value for row in ws.iter_rows() for c in row}
    assert {"申报总分", 88.37, "● 错误", "▲ 警告", "○ 提示"} <= values  # a symbol as well as the fill
    assert "浅红色填充，批注以“[代码 错误]”开头" in values  # the key to the marks
    rows = _table(ws)
    assert [r["序号"] for r in rows] == list(range(1, 9))
    assert [r["级别"] for r in rows] == ["● 错误"] * 3 + ["▲ 警告"] * 4 + ["○ 提示"]
    by_code = {r["代码"]: r for r in rows}
    assert by_code["XT305"]["规则名称"] == "指标得分与评分规则不符"
    assert by_code["XT302"]["link"].hyperlink.location == f"'{FORM}'!D3"
    assert by_code["XT207"]["link"].hyperlink.location == f"'{FORM}'!E5"
    assert by_code["XT102"]["link"].hyperlink.location == f"'{FORM}'!A1"
    assert by_code["XT201"]["link"].hyperlink.location == "'It''s 评分表'!A1"
    assert by_code["XT001"]["link"].hyperlink is None
    assert all(r["link"].hyperlink is None or r["link"].hyperlink.target is None for r in rows)
    assert ws.freeze_panes and ws.auto_filter.ref.startswith("A")
    header = rows[0]["link"].row - 1
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == f"${header}:${header}"
    long = by_code["XT305"]["link"].row  # a message with a formula-like indicator: two lines at width 48
    assert ws.row_dimensions[long].height >= 2 * 15


def test_injection_stays_text(form, tmp_path):
    out = annotate(form, _findings(), tmp_path / "o.xlsx")
    wb = load_workbook(out)
    written = [c for name in (RESULT_SHEET, STATE_SHEET) for row in wb[name].iter_rows() for c in row]
    assert EVIL in {c.value for c in written}
    assert all(c.data_type != "f" for c in written)
    with zipfile.ZipFile(out) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("HYPERLINK" in part.split("</f>")[0].rsplit("<f>", 1)[-1]
                   for xml in sheets for part in xml.split("<f>")[1:])


def test_rerun_replaces_marks_and_restores_originals(form, tmp_path):
    first = annotate(form, _findings() + [finding("XT204", FORM, "C4", "渐变填充")], tmp_path / "first.xlsx")
    assert load_workbook(first)[FORM]["C4"].fill.fill_type == "solid"
    second = annotate(first, [finding("XT305", FORM, "D3", "仍然错误", expected=10, found=12)],
                      tmp_path / "second.xlsx")
    ws = load_workbook(second)[FORM]
    assert ws["B4"].fill.fgColor.rgb == CUSTOM_FILL.fgColor.rgb
    assert [s.color.rgb for s in ws["C4"].fill.stop] == ["FFFF0000", "FF0000FF"]
    assert ws["C3"].fill.fill_type is None
    assert ws["C3"].comment.text == USER_NOTE and ws["C3"].comment.author == "张三"
    assert ws["E5"].comment is None and ws["E5"].fill.fill_type is None
    assert ws["D3"].comment.text == "[XT305 错误] 仍然错误\n应为: 10  实为: 12"
    third = annotate(second, [finding("XT203", FORM, "C3", "再次标注")], tmp_path / "third.xlsx")
    note = load_workbook(third)[FORM]["C3"].comment.text
    assert note.count(SEPARATOR) == 1 and note.startswith(USER_NOTE + "\n")
    wb = load_workbook(third)
    assert wb.sheetnames.count(RESULT_SHEET) == 1 and wb.sheetnames.count(STATE_SHEET) == 1


def test_empty_findings_leave_no_marks(form, tmp_path):
    first = annotate(form, _findings(), tmp_path / "first.xlsx")
    wb = load_workbook(annotate(first, [], tmp_path / "clean.xlsx"))
    assert _rgb(wb[FORM]["D3"]) is None and wb[FORM]["D3"].comment is None
    assert "未发现问题" in {c.value for row in wb[RESULT_SHEET].iter_rows() for c in row}


def test_clear_annotations_restores_the_original(form, tmp_path):
    marked = annotate(form, _findings(), tmp_path / "m.xlsx")
    cleared = load_workbook(clear_annotations(marked, tmp_path / "c.xlsx"))
    original = load_workbook(form)
    assert cleared.sheetnames == original.sheetnames
    for row in original[FORM].iter_rows():
        for cell in row:
            again = cleared[FORM][cell.coordinate]
            assert fill_to_data(again.fill) == fill_to_data(cell.fill), cell.coordinate
            assert (again.comment and again.comment.text) == (cell.comment and cell.comment.text)


def test_workbook_features_survive(form, tmp_path):
    ws = load_workbook(annotate(form, _findings(), tmp_path / "o.xlsx"))[FORM]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:F1", "E5:F6"}
    assert [str(r.sqref) for r in ws.data_validations.dataValidation] == ["F3"]
    assert ws.column_dimensions["A"].width == 31
    assert len(ws.conditional_formatting) == 1
    assert ws.print_area == f"'{FORM}'!$A$1:$F$20" and ws.page_setup.orientation == "landscape"
    assert "预算数" in ws.parent.defined_names


def test_refuses_to_overwrite_the_source(form):
    before = _sha(form)
    with pytest.raises(UnsafeOutput, match="原文件"):
        annotate(form, _findings(), form)
    with pytest.raises(ValueError):
        annotate(form, _findings(), form.with_suffix(".xlsm"))
    assert _sha(form) == before
    annotate(form, _findings(), form, in_place=True)
    assert load_workbook(form).sheetnames[-1] == RESULT_SHEET


def test_failed_write_leaves_no_file(tmp_path):
    def boom(path):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "o.xlsx", boom)
    assert list(tmp_path.iterdir()) == []


def test_xlsm_keeps_vba_and_survives_rerun(form, tmp_path):
    wb = load_workbook(form, keep_vba=True)
    wb.vba_archive.writestr("xl/vbaProject.bin", b"not really VBA but kept byte for byte")
    src = tmp_path / "宏.xlsm"
    wb.save(src)
    assert default_output(src).name == "宏.核查.xlsm"
    first = annotate(src, _findings(), default_output(src))
    # the second run leaves "It's 评分表" without comments: its VML link must go too
    second = annotate(first, [finding("XT305", FORM, "B3", "x")], tmp_path / "second.xlsm")
    for path in (first, second):
        with zipfile.ZipFile(path) as zf:
            assert zf.read("xl/vbaProject.bin") == b"not really VBA but kept byte for byte"
            assert "macroEnabled" in zf.read("[Content_Types].xml").decode()
            rels = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels")]
            targets = [t.split('"')[0] for xml in rels for t in xml.split('Target="')[1:]]
            assert all(t.lstrip("/") in zf.namelist() for t in targets if "vml" in t)
    wb = load_workbook(second)
    assert wb[FORM]["D3"].comment is None and wb["It's 评分表"]["A1"].comment is None


def test_plan_is_plain_data():
    plan = plan_marks(_findings())
    assert plan[(FORM, "D3")] == Mark(Severity.ERROR, plan[(FORM, "D3")].comment)
    assert (FORM, "") not in plan and len(plan) == 6  # unlocated: F6 unresolved without a workbook
    saved = Saved(FORM, "C3", {}, "mine", "我", f"mine\n{SEPARATOR}\nours")
    assert restored_comment(saved, saved.written) == "mine"
    assert restored_comment(saved, saved.written.replace("\n", "\r\n") + " ") == "mine"
    assert restored_comment(saved, f"mine, edited\n{SEPARATOR}\nours") == "mine, edited"
    assert restored_comment(saved, None) is None
    assert restored_comment(Saved(FORM, "A1", {}, None, "", "ours"), "ours") is None


def test_safe_helpers():
    wb = Workbook()
    cell = wb.active["A1"]
    for text in (EVIL, "#N/A", "+1", "a\x01b"):
        set_text(cell, text)
        assert cell.data_type == "s"
    assert cell.value == "ab"
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("-3") == "'-3" and csv_safe("正常") == "正常"
    assert safe_comment_text("a\r\nb\x00") == "a\nb"
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from xltool.reporters import safe  # its own copy, so that a CSV summary need not import openpyxl

    assert safe._ILLEGAL.pattern == ILLEGAL_CHARACTERS_RE.pattern and safe._ILLEGAL.flags == ILLEGAL_CHARACTERS_RE.flags


@settings(max_examples=40, deadline=None)
@given(lead=st.sampled_from(["=", "+", "-", "@", "#", ""]), body=st.text(max_size=30))
def test_any_submitted_text_round_trips_as_text(lead, body):
    text = lead + body
    wb = Workbook()
    set_text(wb.active["A1"], text)
    buf = io.BytesIO()
    wb.save(buf)
    cell = load_workbook(buf).active["A1"]
    expected = safe_comment_text(text)
    assert cell.value == (expected or None) and cell.data_type in ("s", "n")  # "n": empty cell


def test_a_user_sheet_named_like_ours_is_kept(form, tmp_path):
    wb = load_workbook(form)
    wb.create_sheet(RESULT_SHEET)["A1"] = "用户自己的表"
    wb.active = wb["It's 评分表"]
    wb.save(form)
    second = annotate(annotate(form, _findings(), tmp_path / "1.xlsx"), [], tmp_path / "2.xlsx")
    wb = load_workbook(second)
    assert wb[RESULT_SHEET]["A1"].value == "用户自己的表"
    assert wb.sheetnames[-1] == f"{RESULT_SHEET}2" and len(wb.sheetnames) == 5
    assert wb.active.title == "It's 评分表"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["It's 评分表"]


def test_a_narrative_contradiction_marks_the_narrative_and_the_indicator_cell(tmp_path):
    from xltool.api import check_workbook

    src = Path(__file__).resolve().parent.parent / "samples" / "fukang2024_messy.xlsx"
    result = check_workbook(src)
    xt206 = [f for f in result.findings if f.code == "XT206"]
    assert {(f.cell, f.extra["related"][0]) for f in xt206} == {("H12", "F14"), ("H12", "F15"), ("H12", "F16"),
                                                                ("H12", "F27")}
    ws = load_workbook(annotate(src, result.findings, tmp_path / "o.xlsx"))[xt206[0].sheet]
    for f in xt206:
        for cell in (f.cell, f.extra["related"][0]):
            assert f.message in ws[cell].comment.text and ws[cell].fill.fgColor.rgb == COLOURS[Severity.WARNING]
