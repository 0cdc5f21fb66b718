"""Issue 7 on the hostile cases: every file gets its answer, nothing written back can execute, inputs stay.

The cases are built by :mod:`tests.fuzz.hostile` from the real samples. Each is
checked in-process here with exact expectations (which message, which findings);
:mod:`tests.fuzz.test_mutate` runs them again, with mutants, through the command
line in worker processes with time and memory limits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.clirun import CliRunner

from tests.fuzz.hostile import BASE, CASES, build_all
from tests.fuzz.package import SHEET, add_merges, append_rows, read_parts, write_parts
from tests.fuzz.safety import external_targets, unsafe_output
from xltool.io import limits
from xltool.api import check_workbook
from xltool.cli import app
from xltool.io.read import ReadError, read_workbook, used_area
from xltool.model.values import parse_number, parse_value

runner = CliRunner()
EVIL = '=HYPERLINK("http://example.com","x")'


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Every hostile case, heavy ones included (about ten seconds to build)."""
    return build_all(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def base_keys() -> set:
    return _keys(check_workbook(BASE))


def _keys(result) -> set:
    return {(f.code, f.sheet, f.cell) for f in result.findings}


def _password(case) -> str | None:
    return case.args[1] if case.args[:1] == ("--password",) else None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gets_its_answer(case, built, base_keys):
    if case.name not in built:
        pytest.skip("needs LibreOffice (soffice) to make the .xls")
    path = built[case.name][1]
    before = _digest(path) if path.stat().st_size else None
    result = check_workbook(path, password=_password(case))
    codes = [f.code for f in result.findings]
    if case.expect == "unreadable":
        assert (result.exit_code, codes) == (2, ["XT001"]), result.error
        assert all(word in result.error for word in case.words), result.error
    elif case.expect == "no_form":
        assert result.exit_code == 2 and "XT002" in codes
        assert all(word in result.error for word in case.words), result.error
    else:
        assert result.error is None and result.exit_code in (0, 1), result.error
        found = {(code, cell) for code, _, cell in _keys(result)}
        assert all(tuple(w.split("@")) in found for w in case.words), sorted(found)
        if case.same_as is not None:
            assert _keys(result) == base_keys
    if before:
        assert _digest(path) == before


def test_a_cell_at_xfd1048576_is_refused_before_anything_is_allocated(built):
    # calamine would build 17 billion cells and abort the process; the size comes from the XML
    case, path = built["far_cell"]
    with pytest.raises(ReadError) as info:
        read_workbook(path)
    assert "A1:XFD1048576" in str(info.value) and f"{limits.MAX_SHEET_CELLS:,}" in str(info.value)


def test_empty_cells_far_out_are_measured_exactly_and_not_refused(tmp_path):
    # The quick measure counts every cell, empty ones too, and is over the limits here; the exact
    # one leaves out the empty <c .../> as calamine does, so the file is read as if they were absent.
    parts = read_parts(BASE)
    parts[SHEET] = append_rows(parts[SHEET], '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    path = tmp_path / "远端空单元格.xlsx"
    write_parts(parts, path)
    assert [(g.name, g.rows, g.merged) for g in read_workbook(path)] == [
        (g.name, g.rows, g.merged) for g in read_workbook(BASE)]
    assert _keys(check_workbook(path)) == _keys(check_workbook(BASE))


def test_too_many_merged_ranges_are_refused_before_calamine_reads_the_sheet(tmp_path, monkeypatch):
    # calamine hands merged ranges over as one Python list: millions of them would cost gigabytes before
    # the reader could count them, so the size scan counts the <mergeCell> tags. They follow the last
    # cell, here one with a value (no empty <c .../> after it), so they come in a piece with no cell.
    import python_calamine

    parts = read_parts(BASE)
    parts[SHEET] = add_merges(append_rows(parts[SHEET], '<row r="60"><c r="A60"><v>1</v></c></row>'),
                              [f"K{r}:L{r}" for r in range(100, 25_100)])
    path = tmp_path / "合并过多.xlsx"
    write_parts(parts, path)

    def not_reached(*args, **kwargs):
        raise AssertionError("calamine opened a workbook the size scan should have refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", not_reached)
    with pytest.raises(ReadError, match=f"工作表“自评表”中有 25,0[0-9]{{2}} 个合并单元格区域，超过上限 {limits.MAX_MERGED_RANGES:,}"):
        read_workbook(path)


def test_the_used_cells_limit_names_the_sheet_and_the_way_out(monkeypatch):
    monkeypatch.setattr(limits, "MAX_USED_CELLS", 100)
    with pytest.raises(ReadError, match="到“自评表”为止.*请删除"):
        read_workbook(BASE)


def test_trailing_blank_rows_are_trimmed(tmp_path):
    """Formulas returning "" below the form (as in the million-row case, here 100,000 rows)."""
    parts = read_parts(BASE)
    rows = "".join(f'<row r="{r}"><c r="J{r}" t="str"><f>""</f><v></v></c></row>' for r in range(30, 100_001))
    parts[SHEET] = append_rows(parts[SHEET], rows)
    (grid,), (base,) = read_workbook(write_parts(parts, tmp_path / "空行.xlsx")), read_workbook(BASE)
    assert grid.rows == base.rows


def test_used_area_drops_trailing_blanks_only():
    rows = [[None, " ", None], [1, None, ""], [None, "x", "\t"], [None, None], []]
    assert used_area(rows) == [[], [1], [None, "x"]]
    assert used_area([]) == [] and used_area([[None] * 5] * 3) == []


def test_legacy_xls_is_read_with_its_merges(built):
    if "legacy_xls" not in built:
        pytest.skip("needs LibreOffice")
    (xls_grid,), (xlsx_grid,) = read_workbook(built["legacy_xls"][1]), read_workbook(BASE)
    assert xls_grid.rows == xlsx_grid.rows and sorted(xls_grid.merged) == sorted(xlsx_grid.merged)


# ---- the command line: inputs never modified, outputs written safely -----------------

def _form(tmp_path: Path, name: str = "自评表.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(BASE.read_bytes())
    return path


def test_output_that_is_the_input_under_another_name_is_refused(tmp_path):
    path = _form(tmp_path)
    before = _digest(path)
    (tmp_path / "链接.xlsx").symlink_to(path)
    os.link(path, tmp_path / "硬链接.xlsx")
    for other in ("链接.xlsx", "硬链接.xlsx"):
        result = runner.invoke(app, ["check", str(path), "--annotate", "-o", str(tmp_path / other)])
        assert result.exit_code == 2 and "原文件" in result.stderr
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["硬链接.xlsx", "自评表.xlsx", "链接.xlsx"]


def test_in_place_overwrites_only_when_asked(tmp_path):
    path = _form(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--annotate", "-o", str(path), "--in-place"])
    assert result.exit_code == 1
    assert "核查结果" in openpyxl.load_workbook(path).sheetnames
    assert [p.name for p in tmp_path.iterdir()] == ["自评表.xlsx"]  # no temporary file left behind


@pytest.mark.parametrize("case", ["encrypted_with_password", "legacy_xls"])
def test_annotate_refuses_what_it_cannot_copy_but_still_reports(case, built):
    if case not in built:
        pytest.skip("needs LibreOffice")
    spec, path = built[case]
    before, siblings = _digest(path), set(path.parent.iterdir())
    result = runner.invoke(app, ["check", str(path), "--annotate", *spec.args])
    assert result.exit_code == 2 and "不能生成标注副本" in result.stderr
    assert "XT303" in result.stdout  # the check itself stands
    assert _digest(path) == before and set(path.parent.iterdir()) == siblings


def test_annotate_refuses_a_workbook_too_large_to_copy(built):
    path = built["million_rows"][1]
    with pytest.raises(limits.LimitExceeded, match="标注副本"):
        limits.check_annotatable(path)


# ---- nothing written back can execute ---------------------------------------------

LEADS = {"D13": EVIL, "C3": "+cmd|' /C calc'!A0", "C4": "-2+3", "H4": "@SUM(1,2)", "I13": "\t=1+1",
         "F13": "\r=1+1 305公里"}


def _evil(folder: Path) -> Path:
    """The base form with submitted texts that a spreadsheet would run if they became formulas."""
    wb = openpyxl.load_workbook(BASE)
    for ref, text in LEADS.items():
        wb.active[ref] = text
        wb.active[ref].data_type = "s"
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / "注入.xlsx")
    return folder / "注入.xlsx"


def _hyperlinks(path: Path) -> list:
    wb = openpyxl.load_workbook(path)
    return [link for ws in wb.worksheets for link in ws._hyperlinks]


def test_injected_text_stays_text_in_the_annotated_copy(tmp_path):
    src = _evil(tmp_path / "收件")
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["check", str(src), "--annotate", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert unsafe_output(src, out) == []
    with zipfile.ZipFile(out) as zf:  # no formula element anywhere: the input had none either
        assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
    wb = openpyxl.load_workbook(out)
    form, results = wb["自评表"], wb["核查结果"]
    assert all(form[ref].value == text.replace("\r", "\n") or form[ref].value == text for ref, text in LEADS.items())
    listed = [c for row in results.iter_rows() for c in row if EVIL in str(c.value)]
    assert listed and all(c.data_type == "s" for c in listed)
    assert any(EVIL in c.comment.text for row in form.iter_rows() for c in row if c.comment)
    assert all(link.target is None and link.location for link in _hyperlinks(out))  # only inside the workbook


def test_injected_text_stays_text_in_the_batch_summary_and_copies(tmp_path):

    _evil(tmp_path / "收件")
    from xltool.cli import app as batch
    out, copies = tmp_path / "结果" / "汇总.xlsx", tmp_path / "结果" / "标注"
    result = CliRunner().invoke(batch, ["batch", str(tmp_path / "收件"), "-o", str(out), "--annotate-dir", str(copies),
                                        "--jobs", "1", "--no-progress"])
    assert result.exit_code == 1, result.output
    (copy,) = copies.rglob("*.xlsx")
    assert unsafe_output(tmp_path / "收件" / "注入.xlsx", copy) == []
    targets = {t.decode() for t in external_targets(out)}
    assert targets and all((out.parent / t).resolve() == copy.resolve() for t in targets)  # links: our own copy
    assert unsafe_output(None, out, allowed_targets=targets) == []
    summary = openpyxl.load_workbook(out)
    listed = [c for ws in summary for row in ws.iter_rows() for c in row if EVIL in str(c.value)]
    assert listed and all(c.data_type == "s" for c in listed)


# ---- numbers and dates as submissions store them ------------------------------------

_FULL_WIDTH = {i: i + 0xFEE0 for i in range(0x21, 0x7F)} | {0x20: 0x3000}


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False),
       st.sampled_from(["", "%", "万元", "元", "人", "分"]), st.sampled_from(["", ">=", "<=", "="]))
def test_full_width_text_parses_as_its_ascii_form(x, unit, op):
    ascii_text = f"{op}{x:,}{unit}"
    wide, plain = parse_value(ascii_text.translate(_FULL_WIDTH)), parse_value(ascii_text)
    assert (wide.kind, wide.op, wide.number, wide.unit) == (plain.kind, plain.op, plain.number, plain.unit)
    assert plain.number == float(x) and parse_number(f"{x:,}".translate(_FULL_WIDTH)) == float(x)


@given(st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)))
def test_date_cells_parse_as_their_day(when):
    for value in (when, when.date()):
        q = parse_value(value)
        assert (q.kind, q.date) == ("date", (when.year, when.month, when.day))
