"""Overwritten formulas and stale values in a filled copy of an xltool template.

The classic way a self-assessment gets 'adjusted' is to type a number over the
得分 formula. A file made from one of our templates says so in its custom
document property ``xltool-template``; for such a file this module compares the
workbook with the template it came from:

* XT110 — a cell that holds a formula in the template holds a typed value (or
  nothing) in the file;
* XT111 — a formula cell's cached value differs from what its formula gives for
  the file's inputs (the file was saved without recalculating, or edited by a tool);
* XT112 — the file carries no cached formula values at all (saved by a script
  such as openpyxl): readers that trust the cells see blanks.

Only marked files are opened with openpyxl (~0.1 s); every other workbook stays
on the fast calamine path: the marker is read from the zip directly.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.model.grid import SheetGrid

# the value element may declare its namespace itself (openpyxl through lxml, other writers)
_PROPERTY = re.compile(r'name="xltool-template"[^>]*>\s*<(?:[\w.-]+:)?lpwstr\b[^>]*>([^<]+)<')


def template_name(path: str | Path, parts: set[str] | None = None) -> str | None:
    """The template a workbook was generated from, from its custom properties; None if not ours.

    ``parts`` are the file's part names when the reader has listed them
    (``read_workbook``): most workbooks have no custom properties, and then the file
    is not opened again.
    """
    if parts is not None and "docProps/custom.xml" not in parts:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("docProps/custom.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, zlib.error, EOFError, NotImplementedError):
        return None  # no readable property part: the sheets, already read, are checked as any workbook's
    found = _PROPERTY.search(xml)
    return found.group(1).strip() if found else None


def with_template_findings(path: Path, grids: list[SheetGrid], result, formulas=None, parts: set[str] | None = None):
    """``result`` plus the XT11x findings when ``path`` is a filled xltool template.

    ``formulas(sheet, addr)`` gives a cell's formula (or value) where the caller holds the
    workbook open (the add-in); by default the file is opened with openpyxl. ``parts``: see
    ``template_name``.
    """
    name = template_name(path, parts)
    if name is None:
        return result
    found = check(path, name, grids, formulas)
    return replace(result, file_findings=tuple(result.file_findings) + tuple(found)) if found else result


def check(path: Path, name: str, grids: list[SheetGrid], formulas=None) -> list[Finding]:
    """Overwritten formulas (XT110), stale cached values (XT111) or none at all (XT112)."""
    from openpyxl import load_workbook

    from xltool import templates
    from xltool.templates.cells import agrees, cell_value
    from xltool.templates.expect import expected_values

    try:
        lay = templates.layout(name)
    except KeyError:
        return []
    grid = next((g for g in grids if g.name == lay.sheet), None)
    if grid is None:
        return []
    if formulas is None:
        try:
            wb = load_workbook(path, read_only=False, data_only=False, keep_links=False)
        except Exception:  # noqa: BLE001 - calamine read it; a file openpyxl refuses is not ours to judge
            return []
        if lay.sheet not in wb.sheetnames:
            return []
        formulas = lambda sheet, addr: wb[sheet][addr].value  # noqa: E731
    found: list[Finding] = []
    overwritten = set()
    for addr in lay.formulas:
        value = formulas(lay.sheet, addr)
        if _is_formula(value):
            continue
        overwritten.add(addr)
        what = fragment("XT110", "cleared") if value is None else fragment("XT110", "typed", value=value)
        found.append(finding("XT110", lay.sheet, addr, "default", addr=addr, role=_role(lay, addr), what=what,
                             expected=lay.formulas[addr], found=value))
    expected = expected_values(lay, grid)
    live = [a for a in expected if a not in overwritten]
    record = getattr(grid, "computed", None)  # cells the reader computed: the file holds no result for them
    computed = set(record.cells) if record else set()
    if live and all(cell_value(grid, a) is None or a in computed for a in live) \
            and any(expected[a] is not None for a in live):
        found.append(finding("XT112", lay.sheet, "", "default"))
        return found
    for addr in live:
        cached = None if addr in computed else cell_value(grid, addr)  # computed: the file holds no result
        if not agrees(expected[addr], cached):
            found.append(finding("XT111", lay.sheet, addr, "default", addr=addr, role=_role(lay, addr), shown=cached,
                                 due=expected[addr], expected=expected[addr], found=cached))
    return found


def _is_formula(value) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


_ROLES = {"score": "得分", "rate": "完成率", "deduction": "扣分", "total": "总分", "grade": "等级",
          "weight_total": "分值合计", "total_rate": "得分率", "status": "评分提示", "unscored": "得分为空的指标数"}


def _role(lay, addr: str) -> str:
    for cells in lay.rows:
        for role, a in cells.items():
            if a == addr:
                return _ROLES.get(role, "计算辅助列")
    for role, a in lay.cells.items():
        if a == addr:
            return _ROLES.get(role, role)
    for label, cells in lay.funds.items():
        if addr in cells.values():
            return "执行率" if cells.get("rate") == addr else "执行率得分" if cells.get("score") == addr else "资金合计"
    if any(addr in g.values() for g in lay.groups):
        return "小计"
    return "公式"
