"""The size scan's quick paths (xltool.io.limits) give the answers of the slow ones they stand in for."""

from __future__ import annotations

import re
import time

from tests.fuzz.hostile import BASE
from tests.fuzz.package import SHEET, append_rows, read_parts, write_parts
from xltool.io import formula_values, limits
from xltool.io.read import read_workbook


def _quick(piece: bytes) -> tuple[bool, int, int]:
    extent = limits._Extent("部件")
    canonical = limits._measure_canonical(piece, extent, exact=False)
    return canonical, extent.rows, extent.cols


def test_the_quick_bound_is_a1_z999_while_no_cell_lies_beyond():
    assert _quick(b'<c r="A1"><v>1</v></c><c r="Z999" s="1"/>') == (True, 999, 26)
    assert _quick(b'<c r="A1"><v>1</v></c><c r="AA7" s="1"/>') == (True, 7, 27)
    assert _quick(b'<c r="A1000"><v>1</v></c><c r="C2"><v>1</v></c>') == (True, 1000, 3)


def test_an_odd_cell_after_a_far_one_still_sends_the_part_the_slow_way():
    # the search for odd cells resumes at the first far one: what lies before it is canonical
    assert not _quick(b'<c r="A1"/><c r="AA1"><v>1</v></c><c r="b2"><v>1</v></c>')[0]
    assert not _quick(b'<c r="A1"/><c r="A1000"><v>1</v></c><c  r="B2"><v>1</v></c>')[0]
    assert not _quick(b'<c r="A1"/><c s="1" r="B2"><v>1</v></c>')[0]
    assert not _quick(b'<c r="A1"/><x:c r="B2"><v>1</v></x:c>')[0]


def test_a_sheet_beyond_z999_is_read_in_full(tmp_path):
    parts = read_parts(BASE)
    parts[SHEET] = append_rows(parts[SHEET], '<row r="1200"><c r="AB1200"><v>7</v></c></row>')
    path = tmp_path / "远处有值.xlsx"
    write_parts(parts, path)
    grid = read_workbook(path)[0]
    assert (grid.height, grid.width, grid.rows[-1][-1]) == (1200, 28, 7)


def test_percent_cells_are_found_from_their_style_alone():
    piece = (b'<row r="2" s="5" customFormat="1"><c r="B2" s="5"><v>0.9</v></c><c r="C2" t="n" s="10"/>'
             b'<c r="D2" s="1"><v>1</v></c><c r="E2" s="50"/><c r="F2" t="n" x="1" s="5"/></row>')
    extent = limits._Extent("部件")
    limits._collect_percent(piece, extent, {5: 0, 10: 2})
    assert extent.percent == {(1, 1): 0, (1, 2): 2}  # not the row's style, s="50", nor s after another attribute
    # the same cells as one pattern that reads every cell's start up to its s attribute
    whole = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: t="[a-zA-Z]{1,9}")? s="(5|10)"')
    assert extent.percent == {(int(r) - 1, limits._col_number(c) - 1): {5: 0, 10: 2}[int(s)]
                              for c, r, s in whole.findall(piece)}


def test_crafted_pieces_cost_time_in_proportion_to_their_length():
    # each hit reads back to its cell's start only as far as that start can be: a hundred thousand hits
    # with no cell before them would take minutes if each read back to the piece's beginning
    n = 100_000
    start = time.process_time()
    limits._collect_percent(b'<c r="A1"/>' + b'<row r="1" s="5"/>' * n, limits._Extent("部件"), {5: 0})
    formula_values.collect_uncached(b'<c r="A1"><f>1</f></c>' + b"</f></c>" * n, found := [])
    extent = limits._Extent("部件")
    limits._collect_errors(b'<c r="A1" t="e">' * n + b"<v>#N/A</v></c>", extent)
    assert time.process_time() - start < 2 and found == ["A1"] and extent.errors == {(0, 0): "#N/A"}
