"""Real spreadsheet engines for the template proofs: LibreOffice headless and the ``formulas`` package.

``write_copies`` types random inputs into a template with openpyxl (which leaves
no cached formula values), ``libreoffice_recalc`` lets LibreOffice compute and
save them (50 files per soffice call, two soffice processes with their own user
profiles), and ``FormulasTemplate`` compiles a template once in ``formulas`` and
evaluates input sets into grids the engine can read. ``mismatches`` compares a
recalculated grid with the engine's expectations cell by cell.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl

from xltool.detect.forms import detect_forms
from xltool.model.grid import SheetGrid
from xltool.io.read import read_workbook
from xltool.templates.cells import agrees, cell_value, position
from xltool.templates.expect import expected_values
from xltool.templates.layout import Layout

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BATCH = 50
_EPOCH = dt.datetime(1899, 12, 30)


def write_copies(template: Path, fills: list[dict], folder: Path, stem: str = "copy") -> list[Path]:
    """Save one filled copy per input set as ``stem-NNNN.xlsx``; the template is loaded once and reset."""
    folder.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    from tests.template_fill import apply

    paths = []
    for i, values in enumerate(fills):
        before = {addr: (ws[addr].value, ws[addr].number_format) for addr in values}
        apply(ws, values)
        path = folder / f"{stem}-{i:04d}.xlsx"
        wb.save(path)
        for addr, (value, fmt) in before.items():
            ws[addr].value, ws[addr].number_format = value, fmt
        paths.append(path)
    return paths


def libreoffice_recalc(paths: list[Path], out: Path, work: Path, processes: int = 2) -> None:
    """Open, recalculate and save every file as xlsx into ``out`` with LibreOffice headless.

    The files have no cached values (openpyxl wrote them), so a plain conversion computes every
    formula; 50 files per soffice call, ``processes`` soffice instances each with its own profile
    under ``work`` (a LibreOffice profile cannot be shared by two running instances).
    """
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]

    def lane(k: int) -> None:
        profile = (work / f"lo-profile-{k}").resolve()
        env = {**os.environ, "LANG": "C.UTF-8", "HOME": str(work.resolve())}
        for batch in batches[k::processes]:
            subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", "xlsx", "--outdir", str(out), *map(str, batch)],
                           env=env, check=True, capture_output=True, timeout=900)

    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(lane, range(processes)))
    missing = [p.name for p in paths if not (out / p.name).exists()]
    assert not missing, f"LibreOffice did not convert {missing[:5]}"


def mismatches(lay: Layout, grid: SheetGrid, form=None) -> list[tuple]:
    """(address, expected, found) for every formula cell whose value differs from the engine's.

    The engine reads the grid with ``detect_forms`` (or uses ``form`` when already detected).
    """
    if form is None and lay.template != "scoring-framework":
        forms = detect_forms(grid)
        assert len(forms) == 1, f"expected one form in {lay.template}, found {len(forms)}"
        form = forms[0]
    expected = expected_values(lay, grid, form)
    return [(a, e, cell_value(grid, a)) for a, e in expected.items() if not agrees(e, cell_value(grid, a))]


def read_sheet(path: Path, sheet: str) -> SheetGrid:
    """The named sheet of a workbook, read by the engine's own reader."""
    return next(g for g in read_workbook(path) if g.name == sheet)


class FormulasTemplate:
    """A template compiled once in the ``formulas`` package; ``grid(values)`` evaluates one input set."""

    def __init__(self, path: Path, lay: Layout):
        import formulas

        self.lay = lay
        model = formulas.ExcelModel().loads(str(path)).finish()
        ref = lambda addr: f"'[{path.name}]{lay.sheet.upper()}'!{addr}"  # noqa: E731
        known = set(model.dsp.data_nodes)
        self.inputs = [a for a in lay.inputs if ref(a) in known]
        self.outputs = [a for a in lay.formulas if ref(a) in known]
        assert len(self.outputs) == len(lay.formulas), "every template formula must be a node of the model"
        self.func = model.compile(inputs=[ref(a) for a in self.inputs], outputs=[ref(a) for a in self.outputs])
        self.blank = read_workbook(path)[0]

    def grid(self, values: dict) -> SheetGrid:
        """The sheet as the engine reads it: template text, the inputs, and formulas' computed values."""
        import numpy as np
        import schedula

        def cell(v):
            if v is None:
                v = schedula.EMPTY
            elif isinstance(v, dt.datetime):
                v = (v - _EPOCH).days
            return np.array([[v]], object)

        results = self.func(*[cell(values.get(a)) for a in self.inputs])
        rows = [list(r) for r in self.blank.rows]
        for addr, value in [*values.items(), *zip(self.outputs, map(_scalar, results))]:
            r, c = position(addr)
            rows.extend([] for _ in range(r + 1 - len(rows)))
            rows[r].extend([None] * (c + 1 - len(rows[r])))
            rows[r][c] = value
        return SheetGrid(self.blank.name, rows, list(self.blank.merged))


def _scalar(x):
    """A formulas result as calamine would give it: a number, text, bool or None; errors as their text."""
    import numpy as np
    import schedula

    x = getattr(x, "value", x)
    while isinstance(x, np.ndarray):
        x = x.ravel()[0]
    if isinstance(x, np.generic):
        x = x.item()
    if x is schedula.EMPTY or x == "":
        return None
    if isinstance(x, (bool, int, float, str)):
        return int(x) if isinstance(x, float) and x.is_integer() and not isinstance(x, bool) else x
    return str(x)


def unexplained(lay: Layout, grid: SheetGrid) -> list[tuple]:
    """Rows of a 自评表 whose blank 得分 has no 评分提示 (or whose score has one), and a 总分 row
    whose count of rows without a score disagrees with the rows (issue #13: a blank score was silent)."""
    if lay.template == "scoring-framework":
        return []
    bad, blank = [], 0
    for cells in lay.rows:
        score, status = cell_value(grid, cells["score"]), cell_value(grid, cells["status"])
        used = any(cell_value(grid, cells[r]) not in (None, "") for r in ("name", "weight"))
        if isinstance(score, (int, float)) and status not in (None, ""):
            bad.append((cells["status"], score, status))
        if score is None and used and status in (None, ""):
            bad.append((cells["status"], "no reason", cell_value(grid, cells["target"]), cell_value(grid, cells["actual"])))
        blank += status not in (None, "")
    note = cell_value(grid, lay.cells["unscored"])
    if (note or "") != (f"得分为空的指标：{blank} 项（未计入总分）" if blank else ""):
        bad.append((lay.cells["unscored"], blank, note))
    return bad
