"""Proof in real spreadsheet engines: the templates' formulas compute what the engine recalculates.

LibreOffice headless opens 200 randomly filled copies of every template (filled
with openpyxl, so no cached values exist), recalculates and saves them; each
formula cell's value, read back by the engine's own reader, must equal what
``xltool.compute.recalc`` (or, for the 综合评分表, ``round2``/``Profile.grade``) computes from
the same inputs — 完成率 and the ratios to 12 significant digits (LibreOffice stores
15), every rounded score, total, grade and weight total exactly. The copies are
prepared and converted in a child process while the ``formulas`` checks run here.
The ``formulas`` package evaluates full copies (every indicator row used) of each
template compiled once; it costs ~0.25 ms per formula node, so the CI run keeps
few copies and benchmarks/template_formulas.py runs the 200-copy acceptance.
"""

import datetime as dt
import multiprocessing
import os
import random
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.template_engines import (SOFFICE, FormulasTemplate, libreoffice_recalc, mismatches, read_sheet, unexplained,
                                    write_copies)
from tests.fuzz.package import read_parts, write_parts
from tests.template_fill import fill
from xltool import templates
from xltool.compute import profiles
from xltool.api import check_workbook
from xltool.detect.forms import detect_forms
from xltool.compute.recalc import recalc_form
from xltool.templates.cells import cell_value

ROOT = Path(__file__).resolve().parent.parent
NAMES = templates.names()
COPIES = 200
FORMULAS_COPIES = {"scoring-framework": 20}  # full copies per template in CI; the others get 1 (~5 s each)

# ref 000 附件7 (阜康市 2024 职工大额医疗补助) typed into the Xinjiang template: (三级, 权重, 指标性质, 目标值,
# 业绩值, 赋分规则) and the published scores the template must reproduce (DOMAIN.md §8).
FUKANG = (("城镇职工大额医疗保险参保人数", 10, None, "≥33333 人", "=30437 人", "按照完成比例赋分", 7.83),
          ("单建统筹基金参保人数", 10, None, "≥6130 人", "=4157 人", "按照完成比例赋分", 1.95),
          ("实施统账结合参保人数", 5, None, "≥27203 人", "=26280 人", "按照完成比例赋分", 4.58),
          ("住院报销比例", 10, None, "≥91%", "=100%", "按照完成比例赋分", 9.01),
          ("资金支付完成时间", 5, "时效", dt.datetime(2024, 12, 25), dt.datetime(2024, 12, 25), "按照完成比例赋分", 5),
          ("职工大额医疗保险财政补助标准", 10, None, "=5 元/人/月", "=5 元/人/月", "直接赋分", 10),
          ("大额医疗起付线", 10, None, "≤12万元", "=12万元", "按照完成比例赋分", 10),
          ("参保群众及时享受医疗待遇", 10, None, "及时", "达到预期指标", "按评判等级赋分", 10),
          ("减轻参保人员就医经济负担，缓解社会矛盾", 10, None, "减轻", "达到预期指标", "按评判等级赋分", 10),
          ("城镇职工大额医疗保险参保群众满意度", 10, None, "≥95%", "=95%", "满意度赋分", 10))


def _fukang_values(lay) -> dict:
    values = {}
    for cells, (name, w, op, target, actual, rule, _) in zip(lay.rows, FUKANG):
        values.update({cells["name"]: name, cells["weight"]: w, cells["target"]: target, cells["actual"]: actual,
                       cells["rule"]: rule})
        if op:
            values[cells["operator"]] = op
    source = lay.funds["其中：当年财政拨款"]
    values.update({source["initial"]: 200, source["budget"]: 182.62, source["executed"]: 182.62})
    return values


def _fills(name: str) -> list[dict]:
    lay = templates.layout(name)
    rng = random.Random(f"libreoffice-{name}")
    return [fill(lay, rng, correct=i % 4 == 0) for i in range(COPIES)]


def _prepare_and_convert(work: Path, conn) -> None:
    """Child process: write the copies of each template with openpyxl and hand them to LibreOffice at once.

    Two soffice processes (each with its own user profile) recalculate one template's copies while the
    next template's copies are being written.
    """
    os.setsid()  # its own process group, so the fixture can stop it and its soffice children
    start = time.perf_counter()
    lay = templates.layout("project-xinjiang")
    typed = _fukang_values(lay)
    typed[lay.rows[4]["actual"]] = "12月25日"  # issue #13: the date typed as text
    jobs = [(name, _fills(name)) for name in NAMES] + [("fukang", [_fukang_values(lay), typed])]
    with ThreadPoolExecutor(2) as soffice:
        running = []
        for k, (name, fills) in enumerate(jobs):
            source = ROOT / "templates" / f"{'project-xinjiang' if name == 'fukang' else name}.xlsx"
            paths = write_copies(source, fills, work / "in" / name, stem=name)
            running.append(soffice.submit(libreoffice_recalc, paths, work / "out", work / f"lane{k}", 1))
        written = time.perf_counter() - start
        for job in running:
            job.result()
    conn.send({"files": sum(len(f) for _, f in jobs), "write_s": written, "total_s": time.perf_counter() - start})


@pytest.fixture(scope="module", autouse=True)
def _libreoffice_job(tmp_path_factory):
    """Starts writing and recalculating the copies in a child process as the module starts,
    so LibreOffice works while the formulas tests run; ``_done`` waits for it."""
    if SOFFICE is None:
        yield None
        return
    work = tmp_path_factory.mktemp("libreoffice")
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_prepare_and_convert, args=(work, send))
    child.start()
    state = {"work": work, "receive": receive, "stats": None}
    yield state
    if child.is_alive():
        os.killpg(child.pid, signal.SIGTERM)
    child.join()


@pytest.fixture(scope="module")
def libreoffice(_libreoffice_job):
    """The running LibreOffice job; tests that need it skip where LibreOffice is missing."""
    if _libreoffice_job is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return _libreoffice_job


def _done(state) -> Path:
    if state["stats"] is None:
        assert state["receive"].poll(1500), "LibreOffice did not finish in 25 minutes"
        state["stats"] = stats = state["receive"].recv()
        print(f"\nLibreOffice: {stats['files']} copies written in {stats['write_s']:.1f}s, all written and "
              f"recalculated after {stats['total_s']:.1f}s")
    return state["work"] / "out"


@pytest.fixture(scope="module")
def recalculated(libreoffice):
    """Every LibreOffice copy read once: name → list of (grid, engine calculation or None)."""
    out = _done(libreoffice)
    read = {}
    for name in NAMES:
        lay = templates.layout(name)
        read[name] = []
        for i in range(COPIES):
            grid = read_sheet(out / f"{name}-{i:04d}.xlsx", lay.sheet)
            calc = None
            if name != "scoring-framework":
                forms = detect_forms(grid)
                assert len(forms) == 1, (name, i)
                calc = recalc_form(forms[0], profiles.load(lay.profile))
            read[name].append((grid, calc))
    return read


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize("name", NAMES)
def test_formulas_package_equals_engine(name):
    lay = templates.layout(name)
    model = FormulasTemplate(ROOT / "templates" / f"{name}.xlsx", lay)
    rng = random.Random(f"formulas-{name}")
    for i in range(FORMULAS_COPIES.get(name, 1)):
        values = fill(lay, rng, correct=i % 2 == 0, full=True)
        grid = model.grid(values)
        assert mismatches(lay, grid) == [], f"copy {i}: {values}"
        assert unexplained(lay, grid) == [], f"copy {i}: {values}"


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_equals_engine_on_200_random_copies(name, recalculated):
    lay = templates.layout(name)
    wrong = []
    for i, (grid, calc) in enumerate(recalculated[name]):
        bad = mismatches(lay, grid, form=calc.form if calc else None) + unexplained(lay, grid)
        if bad:
            wrong.append((i, bad[:3]))
        if calc is not None:
            assert (calc.form.total.addr, calc.form.grade.addr) == (lay.cells["total"], lay.cells["grade"])
            assert cell_value(grid, lay.cells["total"]) == calc.recalculated_total
            assert cell_value(grid, lay.cells["grade"]) == calc.profile.grade(calc.recalculated_total)
    assert not wrong
    assert len(recalculated[name]) >= 200


@pytest.mark.parametrize("name", NAMES)
def test_correctly_filled_copies_have_no_error_findings(name, libreoffice):
    out = _done(libreoffice)
    for i in range(0, COPIES, 4):
        result = check_workbook(out / f"{name}-{i:04d}.xlsx")
        errors = [(f.code, f.cell, f.message) for f in result.findings if f.severity.value == "error"]
        assert result.error is None and not errors, (i, errors)


def test_random_copies_reach_the_rule_edges(recalculated):
    seen = set()
    for name, copies in recalculated.items():
        for _, calc in copies:
            if calc is None:
                continue
            if calc.funds.rate is None:
                seen.add("zero budget")
            for c in calc.indicators:
                r, reverse = c.measure.ratio, c.operator in ("<=", "<")
                if r is None or c.weight is None:
                    continue
                seen.add({0.6: "exactly 60%", 1.0: "exactly 100%"}.get(r, ""))
                seen.add(("ceiling exceeded" if reverse else "over-completion") if r > 1 else "")
                seen.add("ceiling doubled" if reverse and r >= 2 else "")
    assert {"zero budget", "exactly 60%", "exactly 100%", "over-completion", "ceiling exceeded",
            "ceiling doubled"} <= seen


def test_fukang_report_reproduced_by_the_xinjiang_template(libreoffice):
    grid = read_sheet(_done(libreoffice) / "fukang-0000.xlsx", "项目支出绩效自评表")
    lay = templates.layout("project-xinjiang")
    assert [cell_value(grid, c["score"]) for c in lay.rows[:len(FUKANG)]] == [row[-1] for row in FUKANG]
    assert cell_value(grid, lay.cells["total"]) == 88.37 and cell_value(grid, lay.cells["grade"]) == "良"
    assert cell_value(grid, lay.rows[0]["rate"]) == pytest.approx(30437 / 33333, rel=1e-12)
    assert mismatches(lay, grid) == []
    assert cell_value(grid, lay.cells["unscored"]) is None


def test_a_date_typed_as_text_scores_like_a_date_and_a_blank_score_says_why(libreoffice):
    """Issue #13: '12月25日' typed into 业绩值 of the 时效 row gave a blank score, no message, a grade lower."""
    grid = read_sheet(_done(libreoffice) / "fukang-0001.xlsx", "项目支出绩效自评表")
    lay = templates.layout("project-xinjiang")
    assert cell_value(grid, lay.rows[4]["score"]) == 5 and cell_value(grid, lay.cells["total"]) == 88.37
    assert mismatches(lay, grid) == [] and unexplained(lay, grid) == []
    unused = lay.rows[len(FUKANG)]
    assert cell_value(grid, unused["status"]) is None


def test_libreoffice_keeps_formulas_and_marker_and_flags_overwrites_and_stale_values(libreoffice, tmp_path):
    out = _done(libreoffice)
    name = "project-central"
    lay = templates.layout(name)
    copy = out / f"{name}-0000.xlsx"  # a correctly filled copy, saved by LibreOffice
    assert not [f for f in check_workbook(copy).findings if f.code.startswith("XT11")]
    grid = read_sheet(copy, lay.sheet)
    row = next(c for c in lay.rows if isinstance(cell_value(grid, c["weight"]), (int, float))
               and isinstance(cell_value(grid, c["score"]), (int, float)))
    typed = _patch_cell(copy, tmp_path / "typed.xlsx", row["score"], "<v>9.5</v>", drop_formula=True)
    found = check_workbook(typed).findings
    assert ("XT110", row["score"], "error") in {(f.code, f.cell, f.severity.value) for f in found}
    stale = _patch_cell(copy, tmp_path / "stale.xlsx", row["weight"], "<v>0.5</v>")
    codes = {(f.code, f.cell) for f in check_workbook(stale).findings}
    assert ("XT111", row["score"]) in codes and ("XT111", lay.cells["weight_total"]) in codes


def _patch_cell(src: Path, dst: Path, addr: str, value_xml: str, drop_formula: bool = False) -> Path:
    """Copy ``src`` with one cell's stored value replaced in the sheet XML, as a tool that does not recalculate would."""
    parts = read_parts(src)
    text = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    cell = re.search(rf'<c r="{addr}"[^>]*?(?:/>|>.*?</c>)', text)
    attrs = re.match(r'<c [^>]*?(?=/?>)', cell.group(0)).group(0)
    attrs = re.sub(r' t="[^"]*"', "", attrs)
    inner = re.search(r"<f[^>]*>.*?</f>|<f[^>]*/>", cell.group(0))
    keep = "" if drop_formula or inner is None else inner.group(0)
    text = text[:cell.start()] + f"{attrs}>{keep}{value_xml}</c>" + text[cell.end():]
    parts["xl/worksheets/sheet1.xml"] = text.encode("utf-8")
    write_parts(parts, dst)
    return dst
