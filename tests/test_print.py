"""What xltool writes prints on A4 as people read it: rendered through LibreOffice to PDF.

Each sheet is printed on its own (a copy holding only that sheet) and the pages are read
back with pypdf: the page count must stay within the bound stated here (a sheet that
split sideways prints at least twice the pages), and no two glyphs may sit on top of
each other (the sign of a row too low for its wrapped text, which LibreOffice prints
over the next row). Skipped when LibreOffice or pypdf is not installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.lo_print import SOFFICE, only_sheet, overlapping, pages, to_pdf

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# (file, sheet): the most pages it may print on A4, measured with LibreOffice 7.4
BOUNDS = {
    ("汇总.xlsx", "汇总"): 2, ("汇总.xlsx", "统计"): 4,
    ("汇总.xlsx", "核查明细"): None,  # grows with the findings: at least 12 findings a page (measured 13–15)
    ("central_errors_project.核查.xlsx", "核查结果"): 1,
    ("weibin2023_evaluation.核查.xlsx", "核查结果"): 2,
    ("fukang2024_xinjiang_project.核查.xlsx", "核查结果"): 1,
    ("central_errors_project.核查.xlsx", "自评表"): 2,
    ("project-central.xlsx", "项目支出绩效自评表"): 2,
    ("project-xinjiang.xlsx", "项目支出绩效自评表"): 2,
    ("unit-overall.xlsx", "单位整体支出绩效自评表"): 2,
    ("scoring-framework.xlsx", "综合评分表"): 3,  # page breaks between the 一级 blocks (issue #13)
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{(file name, sheet): glyphs of each printed page} for the summary, annotated copies and templates."""
    from tests.clirun import invoke

    tmp = tmp_path_factory.mktemp("print")
    inbox = tmp / "收件"
    inbox.mkdir()
    for src in [*SAMPLES.glob("*.xlsx"), *(SAMPLES / "scoring").glob("*.xlsx")]:
        shutil.copy(src, inbox / src.name)
    run = invoke(["batch", str(inbox), "-o", str(tmp / "out" / "汇总.xlsx"), "--annotate-dir",
                  str(tmp / "out" / "标注"), "--jobs", "1", "--no-progress"])
    assert run.exit_code == 1, run.output
    books = [tmp / "out" / "汇总.xlsx"]
    books += [tmp / "out" / "标注" / f"{n}.核查.xlsx"
              for n in ("central_errors_project", "weibin2023_evaluation", "fukang2024_xinjiang_project")]
    for name in ("project-central", "project-xinjiang", "unit-overall", "scoring-framework"):
        assert invoke(["template", name, "-o", str(tmp / "模板" / f"{name}.xlsx")]).exit_code == 0
        books.append(tmp / "模板" / f"{name}.xlsx")
    wanted, bounds = {}, dict(BOUNDS)
    for i, book in enumerate(books):
        wb = load_workbook(book, read_only=True)
        for sheet in wb.sheetnames:
            if (book.name, sheet) in BOUNDS:
                wanted[(book.name, sheet)] = only_sheet(book, sheet, tmp / f"{i}-{len(wanted)}.xlsx")
                if bounds[(book.name, sheet)] is None:
                    bounds[(book.name, sheet)] = -(-(wb[sheet].max_row - 1) // 12)
    assert set(wanted) == set(BOUNDS)
    pdfs = to_pdf(list(wanted.values()), tmp / "pdf", tmp / "lo-profile")
    return {key: (pages(pdf), bounds[key]) for key, pdf in zip(wanted, pdfs)}


@pytest.mark.parametrize("key", sorted(BOUNDS), ids=lambda k: f"{k[0]}:{k[1]}")
def test_each_sheet_prints_within_its_page_bound_without_overprinted_lines(printed, key):
    glyphs, bound = printed[key]
    assert 1 <= len(glyphs) <= bound, f"{key}: {len(glyphs)} pages, at most {bound}"
    assert all(page for page in glyphs), f"{key}: an empty page"
    assert [len(overlapping(page)) for page in glyphs] == [0] * len(glyphs)


def test_every_wide_sheet_is_set_to_one_page_wide_with_repeated_headings(tmp_path):
    from tests.clirun import invoke

    out = tmp_path / "汇总.xlsx"
    assert invoke(["batch", str(SAMPLES), "-o", str(out), "--jobs", "1", "--no-progress"]).exit_code == 1
    wb = load_workbook(out)
    for ws in wb.worksheets:
        assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.paperSize) == ("landscape", 1, 9)
    assert wb["汇总"].print_title_rows == "$1:$1" and wb["核查明细"].print_title_rows == "$1:$1"
    charts = wb["统计"]._charts
    assert len(charts) == 4 and len(wb["统计"].row_breaks.brk) == 3  # one table and its chart per page
    for chart in charts:
        assert chart.x_axis.title is not None and chart.y_axis.title is not None
        assert chart.x_axis.tickLblSkip == 1


def test_no_page_break_cuts_a_merged_block_of_the_scoring_template(tmp_path):
    """Issue #13: a page break cut the merged 产出时效 block. Every row of the 综合评分表 gets an ASCII mark
    in its 评分过程 cell (pypdf reads ASCII back from LibreOffice's PDF); the rows of each merged 一级/二级
    block must all print on one page."""
    import re

    import pypdf as reader

    from xltool import templates

    src = templates.generate("scoring-framework", tmp_path / "scoring.xlsx")
    wb = load_workbook(src)
    ws = wb.active
    marked = {}
    for r in range(1, ws.max_row + 1):
        cell = ws[f"N{r}"]
        if cell.value is None and not any(cell.coordinate in rng for rng in ws.merged_cells.ranges):
            cell.value = marked[r] = f"QR{r}Q"
    wb.save(src)
    pdf = to_pdf([src], tmp_path / "pdf", tmp_path / "lo-profile")[0]
    page_of = {}
    for i, page in enumerate(reader.PdfReader(pdf).pages):
        for r in re.findall(r"QR(\d+)Q", page.extract_text()):
            page_of[int(r)] = i
    assert set(page_of) == set(marked)
    blocks = [rng for rng in ws.merged_cells.ranges if rng.max_row > rng.min_row]
    assert len(blocks) > 20 and len(set(page_of.values())) >= 2
    cut = [str(rng) for rng in blocks if len({page_of[r] for r in range(rng.min_row, rng.max_row + 1)}) > 1]
    assert cut == []
