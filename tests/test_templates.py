"""The Excel templates: generated from the engine's rule objects, committed as generated, read back by the engine.

The proofs that their formulas compute what the engine computes, in LibreOffice
and in the ``formulas`` package, are in ``test_template_engines.py``; here are the
fast checks: the command line, the committed files, the form's structure as the
engine's reader sees it, and the overwritten-formula check.
"""

import io
import random
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from tests.clirun import CliRunner
from tests.fuzz.package import read_parts, write_parts

from tests.template_fill import apply, fill
from xltool import templates
from xltool.api import check_workbook
from xltool.cli import app
from xltool.detect.forms import detect_forms
from xltool.io.read import read_workbook
from xltool.templates import catalogue
from xltool.templates.cells import position
from xltool.templates.expect import form_from_layout
from xltool.checks.tamper import template_name

ROOT = Path(__file__).resolve().parent.parent
NAMES = templates.names()
SELF_EVAL = {spec.name: spec for spec in (catalogue.CENTRAL, catalogue.XINJIANG, catalogue.UNIT)}


def _fingerprint(wb) -> dict:
    """Everything a user sees or the engine reads: values, formulas, styles, merges, validations, formats."""
    ws = wb.active
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            b = c.border
            cells[c.coordinate] = (
                c.value, c.data_type, c.font.name, c.font.sz, c.font.b, c.fill.fill_type, c.fill.fgColor.rgb,
                b.left.style, b.right.style, b.top.style, b.bottom.style, c.alignment.horizontal,
                c.alignment.vertical, c.alignment.wrap_text, c.number_format, c.protection.locked)
    dv = sorted((v.type, v.formula1, v.operator, str(v.sqref), v.errorStyle, v.allow_blank, v.error, v.prompt)
                for v in ws.data_validations.dataValidation)
    cf = sorted((str(rng.sqref), tuple(r.formula), r.dxf.fill.fgColor.rgb) for rng in ws.conditional_formatting
                for r in rng.rules)
    ps = ws.page_setup
    return {
        "title": ws.title, "cells": cells, "merged": sorted(str(r) for r in ws.merged_cells.ranges), "dv": dv,
        "cf": cf, "cols": sorted((d.min, d.max, d.width, d.hidden, d.outlineLevel)
                                 for d in ws.column_dimensions.values()),
        "rows": sorted((k, d.height) for k, d in ws.row_dimensions.items() if d.height),
        "freeze": ws.freeze_panes, "print": (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight, ps.blackAndWhite,
                                             ws.print_area, ws.print_title_rows, ws.sheet_properties.pageSetUpPr.fitToPage,
                                             [b.id for b in ws.row_breaks.brk]),
        "protection": (ws.protection.sheet, ws.protection.formatColumns, ws.protection.formatRows,
                       ws.protection.password),
        "custom": sorted((p.name, p.value) for p in wb.custom_doc_props),
    }


def _generated(name: str):
    wb, _ = templates.build(name)
    buf = io.BytesIO()
    wb.save(buf)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()))


@pytest.mark.parametrize("name", NAMES)
def test_committed_template_is_exactly_what_the_generator_makes(name):
    committed = openpyxl.load_workbook(ROOT / "templates" / f"{name}.xlsx")
    assert _fingerprint(committed) == _fingerprint(_generated(name)), (
        f"templates/{name}.xlsx is stale: run  xltool template {name} -o templates/{name}.xlsx --force")


@pytest.mark.parametrize("name", NAMES)
def test_template_xml_is_well_formed_and_marked(name):
    path = ROOT / "templates" / f"{name}.xlsx"
    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if part.endswith((".xml", ".rels")):
                ElementTree.fromstring(zf.read(part))  # raises on malformed XML
    assert template_name(path) == name


def test_generation_is_byte_stable(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    templates.generate("project-xinjiang", a)
    templates.generate("project-xinjiang", b)
    assert a.read_bytes() == b.read_bytes()


def test_list_prints_one_name_per_line():
    result = CliRunner().invoke(app, ["template", "--list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == NAMES


def test_generate_command_writes_the_template_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "自评表.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["template", "unit-overall", "-o", str(out)]).exit_code == 0
    assert _fingerprint(openpyxl.load_workbook(out)) == _fingerprint(_generated("unit-overall"))
    again = runner.invoke(app, ["template", "unit-overall", "-o", str(out)])
    assert again.exit_code == 2 and "已存在" in again.output
    assert runner.invoke(app, ["template", "unit-overall", "-o", str(out), "--force"]).exit_code == 0
    unknown = runner.invoke(app, ["template", "no-such-form"])
    assert unknown.exit_code == 2 and "project-central" in unknown.output


@pytest.mark.parametrize("name", SELF_EVAL)
def test_inputs_unlocked_formulas_locked_sheet_protected_without_password(name):
    wb, lay = templates.build(name)
    ws = wb.active
    assert ws.protection.sheet and not ws.protection.password
    assert all(not ws[a].protection.locked for a in lay.inputs)
    assert all(ws[a].protection.locked for a in lay.formulas)
    assert not set(lay.inputs) & set(lay.formulas)
    assert ws.page_setup.orientation == "landscape" and ws.freeze_panes
    assert 20 <= len(lay.rows) <= 30
    lists = {v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert any("产出指标" in f for f in lists) and any("≥" in f for f in lists)
    if name == "project-xinjiang":
        assert any("按照完成比例赋分" in f for f in lists) and any("历史标准" in f for f in lists)


@pytest.mark.parametrize("name", SELF_EVAL)
def test_engine_reader_finds_the_form_its_funds_and_every_indicator(name, tmp_path):
    lay = templates.layout(name)
    values = fill(lay, random.Random(4), correct=True)
    path = tmp_path / "filled.xlsx"
    wb, _ = templates.build(name)
    apply(wb.active, values)
    wb.save(path)
    grid = read_workbook(path)[0]
    forms = detect_forms(grid)
    assert len(forms) == 1
    form, spec = forms[0], SELF_EVAL[name]
    assert form.kind == ("unit" if name == "unit-overall" else "project")
    assert [r.label for r in form.funds if not r.is_total] == list(spec.funds_sources)
    assert form.funds_total.label == spec.funds_total
    expected_rows = sorted(position(c["name"])[0] for c in lay.rows if c["name"] in values)
    assert [i.row for i in form.indicators] == expected_rows
    truth = {i.row: i for i in form_from_layout(lay, grid).indicators}
    roles = ("name", "weight", "target", "actual", "rate", "score", "rule", "reason", "operator", "unit")
    for ind in form.indicators:
        for role in roles:
            got, want = getattr(ind, role), getattr(truth[ind.row], role)
            assert (got.addr if got else None) == (want.addr if want else None), (ind.row, role)
    # 总分 and 等级 are found once they have values: see test_template_engines (LibreOffice-calculated copies)


def test_overwritten_score_is_an_error_on_its_cell(tmp_path):
    lay = templates.layout("project-central")
    values = fill(lay, random.Random(9), correct=True)
    filled = [c for c in lay.rows if c["weight"] in values]
    wb, _ = templates.build("project-central")
    apply(wb.active, values)
    wb.active[filled[0]["score"]] = 9.5  # the classic adjustment: a number typed over the formula
    path = tmp_path / "adjusted.xlsx"
    wb.save(path)
    result = check_workbook(path)
    errors = [(f.code, f.cell) for f in result.findings if f.severity.value == "error"]
    assert ("XT110", filled[0]["score"]) in errors
    assert [f.code for f in result.findings if f.code.startswith("XT11")].count("XT110") == 1
    # saved by a script: no cached values anywhere (XT112); the reader computes them (XT113)
    assert {"XT112", "XT113"} <= {f.code for f in result.findings} and "XT111" not in {f.code for f in result.findings}


def test_ordinary_workbooks_are_not_treated_as_templates():
    sample = next((ROOT / "samples").glob("*.xlsx"))
    assert template_name(sample) is None
    assert not [f for f in check_workbook(sample).findings if f.code.startswith("XT11")]


def test_a_damaged_property_part_is_no_template_and_the_sheets_are_still_checked(tmp_path):
    """docProps/custom.xml whose compressed bytes are broken (the reader never opens that part)."""
    sample = next((ROOT / "samples").glob("*.xlsx"))
    damaged = tmp_path / "damaged.xlsx"
    write_parts({**read_parts(sample), "docProps/custom.xml": b"<Properties>" + b"x" * 4000 + b"</Properties>"},
                damaged)
    data = bytearray(damaged.read_bytes())
    with zipfile.ZipFile(damaged) as zf:
        info = zf.getinfo("docProps/custom.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # the deflate stream itself, not the headers
    damaged.write_bytes(bytes(data))
    assert template_name(damaged) is None
    assert check_workbook(damaged).to_dict()["findings"] == check_workbook(sample).to_dict()["findings"]


def _label_cells(ws):
    """(address, text, width in units, font size, height in points) of every fixed text cell in the print area."""
    from openpyxl.utils import get_column_letter, range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ws.print_area.split("!")[-1].replace("$", ""))
    merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}

    def width(c):
        dim = ws.column_dimensions.get(get_column_letter(c))
        return dim.width if dim is not None and dim.width else 8.43

    def height(r):
        dim = ws.row_dimensions.get(r)
        return dim.height if dim is not None and dim.height else 15.0

    for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
        for c in row:
            if not isinstance(c.value, str) or c.data_type == "f":
                continue
            rng = merged.get((c.row, c.column))
            cols = range(c.column, (rng.max_col if rng else c.column) + 1)
            rows = range(c.row, (rng.max_row if rng else c.row) + 1)
            yield (c.coordinate, c.value, sum(width(k) for k in cols), c.font.sz or 11,
                   sum(height(r) for r in rows))


@pytest.mark.parametrize("name", NAMES)
def test_every_label_and_note_shows_in_full_for_its_width_and_row_height(name):
    """Issue #13: 年初预算数 cut in a narrow column, 填表说明 item 4 clipped. Every fixed text of the
    printed form needs lines × line height ≤ its row height, lines counted from its width (CJK counts 2)."""
    from xltool.io.printing import LINE_HEIGHT, line_count

    ws = _generated(name).active
    cut = []
    for addr, text, width, size, height in _label_cells(ws):
        need = line_count(text, width, size) * LINE_HEIGHT * size / 11
        if need > height:
            cut.append((addr, text[:12], round(width, 1), line_count(text, width, size), height))
    assert cut == []
    assert sum(1 for _ in _label_cells(ws)) > 20
