"""Formula cells saved without a result are computed before checking (xltool.io.formula_values, XT113).

A workbook written by a program that does not calculate (openpyxl, the templates filled
by a script) holds formulas and no values; the reader used to see blanks there. The
oracle is the sample itself (whose cells hold the values) and LibreOffice, which
computes formulas that have no cached result when it converts a file.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import SAMPLES
from tests.template_engines import SOFFICE, libreoffice_recalc
from tests.template_fill import apply, fill
from xltool import templates
from xltool.io import formula_values, limits
from xltool.api import check_workbook
from xltool.io.read import read_workbook

FUKANG = SAMPLES / "fukang2024_xinjiang_project.xlsx"
FORMULAS = {  # 执行率, 执行率得分, the indicator scores by the Xinjiang rule, 总分: what the published form shows
    "L6": "=IFERROR(I6/G6,0)",
    "M6": "=ROUND(K6*MIN(L6,1),2)",
    **{f"I{r}": f"=ROUND(IF(H{r}<60,0,IF(H{r}<=100,(H{r}-60)/40*E{r},(1-(H{r}-100)/100)*E{r})),2)"
       for r in (12, 13, 14, 15)},
    "I26": "=SUM(I12:I25)+M6",
}
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


def with_formulas(src: Path, dst: Path, formulas: dict[str, str], sheet: str = "附件7") -> Path:
    """``src`` with ``formulas`` typed into its cells, saved by openpyxl (which writes no results)."""
    wb = load_workbook(src)
    for ws in wb.worksheets:  # text such as '=30437 人' stays text (openpyxl would store a formula)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"
    for addr, formula in formulas.items():
        wb[sheet][addr] = formula
    wb.save(dst)
    return dst


def key(result):
    return [(f.code, f.sheet, f.cell, f.expected, f.found, f.message) for f in result.findings if f.code != "XT113"]


def test_sample_with_uncalculated_formulas_checks_like_the_sample(tmp_path):
    path = with_formulas(FUKANG, tmp_path / "uncalculated.xlsx", FORMULAS)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>SUM(I12:I25)+M6</f><v></v>" in xml  # really no cached value
    sample, computed = check_workbook(FUKANG), check_workbook(path)
    assert [f.summary() for f in computed.forms][0]["score"] == {"declared": 88.37, "recalculated": 88.37}
    assert [f.summary()["score"] for f in computed.forms] == [f.summary()["score"] for f in sample.forms]
    assert [f.summary()["grade"] for f in computed.forms] == [f.summary()["grade"] for f in sample.forms]
    assert key(computed) == key(sample)
    assert computed.exit_code == sample.exit_code == 0
    [note] = [f for f in computed.findings if f.code == "XT113"]
    assert (note.severity.value, note.sheet, note.cell) == ("info", "附件7", "")
    assert "7 个公式单元格" in note.message and "L6、M6、I12、I13、I14、I15、I26" in note.message
    grid = read_workbook(path)[0]
    assert [grid.raw(5, 11), grid.raw(5, 12), grid.raw(11, 8), grid.raw(25, 8)] == [1, 10, 7.83, 88.37]


def test_wrong_formula_results_are_still_found(tmp_path):
    """Computing is not excusing: a total formula that leaves out a row gives the error Excel would show."""
    path = with_formulas(FUKANG, tmp_path / "short-total.xlsx", {**FORMULAS, "I26": "=SUM(I12:I24)+M6"})
    result = check_workbook(path)
    typed = tmp_path / "short-total-typed.xlsx"  # the same numbers typed in, as Excel would have saved them
    wb = load_workbook(FUKANG)
    wb["附件7"]["I26"] = 78.37
    wb.save(typed)
    assert key(result) == key(check_workbook(typed))
    assert ("XT307", "I26") in [(f.code, f.cell) for f in result.findings if f.severity.value == "error"]
    assert result.forms[0].summary()["score"] == {"declared": 78.37, "recalculated": 88.37}


def test_fukang_typed_into_the_xinjiang_template_by_a_script(tmp_path):
    from tests.test_template_engines import _fukang_values

    lay = templates.layout("project-xinjiang")
    wb, _ = templates.build("project-xinjiang")
    apply(wb[lay.sheet], _fukang_values(lay))
    path = tmp_path / "fukang-template.xlsx"
    wb.save(path)
    result = check_workbook(path)
    assert result.forms[0].summary()["score"] == {"declared": 88.37, "recalculated": 88.37}
    assert result.forms[0].summary()["grade"] == {"declared": "良", "recalculated": "良"}
    codes = [f.code for f in result.findings]
    assert {"XT112", "XT113"} <= set(codes) and not {"XT110", "XT111", "XT307", "XT308", "XT309"} & set(codes)


@needs_soffice
@pytest.mark.parametrize("name", templates.names())
def test_templates_filled_by_a_script_check_like_libreoffice_calculated_copies(name, tmp_path):
    """Random fills (rule edges included) of each template: computed here vs computed by LibreOffice."""
    lay, rng = templates.layout(name), random.Random(f"uncached-{name}")
    paths = []
    for i in range(6):
        wb, _ = templates.build(name)
        apply(wb[lay.sheet], fill(lay, rng, correct=i % 2 == 0))
        paths.append(tmp_path / f"{name}-{i}.xlsx")
        wb.save(paths[-1])
    libreoffice_recalc(paths, tmp_path / "lo", tmp_path / "work", processes=1)
    for path in paths:
        ours, theirs = check_workbook(path), check_workbook(tmp_path / "lo" / path.name)
        assert [f.summary() for f in ours.forms] == [f.summary() for f in theirs.forms], path.name
        # XT112 (a template saved without calculating) and XT113 (cells computed) are what tells the two apart
        assert [k for k in key(ours) if k[0] != "XT112"] == key(theirs), path.name
        assert {"XT112", "XT113"} <= {f.code for f in ours.findings}
        assert not {"XT112", "XT113"} & {f.code for f in theirs.findings}


ROUNDING = {"A1": ("=ROUND(0.285,2)", 0.29), "A2": ("=ROUND(1.005,2)", 1.01), "A3": ("=ROUND(-2.5,0)", -3),
            "A4": ("=ROUND(1234.5,-2)", 1200), "A5": ("=ROUNDUP(0.1+0.2,1)", 0.3), "A6": ("=ROUNDDOWN(-1.29,1)", -1.2),
            "A7": ("=ROUND(7.8275,2)", 7.83), "A8": ("=ROUND(2.675,2)", 2.68), "A9": ("=1/0", "#DIV/0!"),
            "A10": ('=IF(B1="","",1)', None), "A11": ("=B1", 0), "A12": ('="合计"&"分"', "合计分")}


def _rounding_book(path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "计算"
    for addr, (formula, _) in ROUNDING.items():
        wb.active[addr] = formula
    wb.save(path)
    return path


def test_rounding_of_halves_is_excels(tmp_path):
    grid = read_workbook(_rounding_book(tmp_path / "round.xlsx"))[0]
    assert [grid.raw(int(a[1:]) - 1, 0) for a in ROUNDING] == [want for _, want in ROUNDING.values()]


@needs_soffice
def test_rounding_agrees_with_libreoffice(tmp_path):
    src = _rounding_book(tmp_path / "round.xlsx")
    libreoffice_recalc([src], tmp_path / "lo", tmp_path / "work", processes=1)
    ours = read_workbook(src)[0]
    theirs = read_workbook(tmp_path / "lo" / "round.xlsx")[0]
    assert [ours.raw(r, 0) for r in range(len(ROUNDING))] == [theirs.raw(r, 0) for r in range(len(ROUNDING))]


def test_only_formula_cells_without_a_result_are_collected():
    found: list[str] = []
    formula_values.collect_uncached(
        b'<row r="1"><c r="A1"><f>B1</f><v>3</v></c><c r="B1" t="str"><f>IF(1,"","")</f><v></v></c>'
        b'<c r="C1" s="2"><f>SUM(A1:B1)</f><v></v></c><c r="D1"><f>A1*2</f></c>'
        b'<c r="E1"><f t="shared" ref="E1:E2" si="0">A1</f><v>3</v></c><c r="E2"><f t="shared" si="0"/></c>'
        b'<c r="F1"><f>A1</f><v/></c><c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H1"><v>5</v></c></row>',
        found)
    assert found == ["C1", "D1", "E2", "F1"]


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.xlsx")), ids=lambda p: p.stem)
def test_workbooks_with_results_are_left_alone(path):
    uncached: dict = {}
    with zipfile.ZipFile(path) as zf:
        limits.check_package(zf, uncached=uncached)
    assert uncached == {}
    assert not [f for f in check_workbook(path).findings if f.code == "XT113"]


def test_formulas_that_cannot_be_computed_stay_blank_and_are_reported(tmp_path, monkeypatch):
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"], ws["A2"], ws["A3"] = 5, '=SUM(A1,INDIRECT("A1"))', '=CUBEMEMBER("a","b")'
    wb.save(tmp_path / "odd.xlsx")
    grid = read_workbook(tmp_path / "odd.xlsx")[0]
    assert grid.rows == [[5], [10]]  # CUBEMEMBER is unknown to the evaluator: blank, not a made-up #NAME?
    assert (grid.computed.cells, grid.computed.failed) == (("A2",), ("A3",))
    [note] = formula_values.findings([grid])
    assert note.code == "XT113" and "1 个公式单元格没有计算结果且含 xltool 无法计算的函数或引用，按空白核查：A3。" in note.message

    monkeypatch.setattr(formula_values, "_evaluate", lambda source: 1 / 0)
    grid = read_workbook(tmp_path / "odd.xlsx")[0]
    assert grid.rows == [[5]] and grid.computed.failed == ("A2", "A3")
    assert "公式无法计算（ZeroDivisionError）" in formula_values.findings([grid])[0].message
