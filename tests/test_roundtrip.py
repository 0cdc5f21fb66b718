"""An annotated copy taken round a spreadsheet program and back can be checked and annotated again.

LibreOffice stands in for the programs users save with (WPS, Excel): it writes comments
as rich text and turns the very hidden state sheet into a merely hidden one. Skipped
when LibreOffice is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.clirun import invoke
from tests.lo_print import SOFFICE
from xltool.reporters.excel import RESULT_SHEET, SEPARATOR, STATE_SHEET, annotate
from xltool.reporters.marker import ANNOTATED, output_kind

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _resave(src: Path, outdir: Path, profile: Path) -> Path:
    """``src`` opened and saved again as .xlsx by LibreOffice."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=300, env={**os.environ, "LANG": "C.UTF-8"})
    return outdir / src.name


def _found(path: Path) -> list[tuple]:
    run = invoke(["check", str(path), "--format", "json"])
    assert run.exit_code in (0, 1), run.output
    return sorted((f["code"], f["sheet"], f["cell"], f["message"]) for f in json.loads(run.stdout)[0]["findings"])


def _marks(path: Path) -> dict:
    wb = load_workbook(path, rich_text=True)
    ours = {}
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.comment is not None and "[XT" in str(cell.comment.text):
                ours[(ws.title, cell.coordinate)] = str(cell.comment.text)
    return {"marks": ours, "sheets": wb.sheetnames}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_annotate_save_in_libreoffice_and_annotate_again(tmp_path):
    src = shutil.copy(SAMPLES / "central_errors_project.xlsx", tmp_path / "自评表.xlsx")
    first = tmp_path / "自评表.核查.xlsx"
    assert invoke(["check", str(src), "--annotate"]).exit_code == 1
    resaved = _resave(first, tmp_path / "lo", tmp_path / "profile")
    wb = load_workbook(resaved)
    assert wb[STATE_SHEET].sheet_state in ("hidden", "veryHidden")  # LibreOffice: hidden
    assert output_kind(resaved) == ANNOTATED

    again = tmp_path / "再次.xlsx"
    run = invoke(["check", str(resaved), "--annotate", "-o", str(again)])
    assert run.exit_code == 1 and "Traceback" not in run.output and "Error" not in run.output, run.output
    assert _found(resaved) == _found(src)  # the same findings as on the original
    before, after = _marks(first), _marks(again)
    assert after["marks"].keys() == before["marks"].keys()  # one set of marks: replaced, not stacked
    assert all(SEPARATOR not in text and text.count("[XT") == before["marks"][k].count("[XT")
               for k, text in after["marks"].items())
    assert after["sheets"].count(STATE_SHEET) == 1 and [s for s in after["sheets"] if s.startswith(RESULT_SHEET)] == [
        RESULT_SHEET]
    assert load_workbook(again)[STATE_SHEET].sheet_state == "veryHidden"


def test_marks_are_removed_by_content_when_the_state_sheet_is_lost(tmp_path):
    src = shutil.copy(SAMPLES / "central_errors_project.xlsx", tmp_path / "自评表.xlsx")
    findings = __import__("xltool.api", fromlist=["check_workbook"]).check_workbook(src).findings
    first = annotate(src, findings, tmp_path / "一.xlsx")
    wb = load_workbook(first, rich_text=True)
    del wb[STATE_SHEET]  # as a program or a user that drops the hidden sheet
    wb.save(tmp_path / "无记录.xlsx")
    again = annotate(tmp_path / "无记录.xlsx", findings, tmp_path / "二.xlsx")
    assert _marks(again)["marks"] == _marks(first)["marks"]
    assert [s for s in load_workbook(again).sheetnames if s.startswith(RESULT_SHEET)] == [RESULT_SHEET]
