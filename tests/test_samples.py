"""Golden tests on the bundled samples built from the reference reports.

Two levels: every error listed in ``samples/truth/*.json`` (real errors of the
published reports, and seeded ones in the 'messy'/'errors' samples) must be found
on its cell with its code, and nothing may be flagged as an error on the cells
the truth file says are right; and the whole output must equal the reviewed
golden file ``tests/golden/<sample>.json`` (regenerate with --update-golden and
review the diff).
"""

import json
from pathlib import Path

import pytest

from xltool.api import check_workbook

ROOT = Path(__file__).resolve().parent.parent
TRUTHS = sorted((ROOT / "samples" / "truth").glob("*.json"))
GOLDEN = ROOT / "tests" / "golden"


def _result(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return truth, check_workbook(ROOT / "samples" / truth["sample"])


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_every_real_error_is_found_on_its_cell(truth_path):
    truth, result = _result(truth_path)
    got = {(f.sheet, f.cell, f.code) for f in result.findings}
    missing = [e for e in truth["errors"] if (e["sheet"], e["cell"], e["code"]) not in got]
    assert not missing


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_no_error_on_cells_that_are_right(truth_path):
    truth, result = _result(truth_path)
    wrong = [(f.sheet, f.cell, f.code) for f in result.findings if f.severity.value == "error"
             and any(f.sheet == m["sheet"] and f.cell == m["cell"] for m in truth.get("must_not_flag", []))]
    assert not wrong
    listed = {(e["sheet"], e["cell"], code) for e in truth["errors"]
              for code in [e["code"], *e.get("also_acceptable", [])]}
    unlisted_errors = [(f.sheet, f.cell, f.code) for f in result.findings
                       if f.severity.value == "error" and (f.sheet, f.cell, f.code) not in listed]
    assert not unlisted_errors


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_totals_and_grades_match_the_hand_calculation(truth_path):
    truth, result = _result(truth_path)
    doc = result.to_dict()
    assert doc["score"]["declared"] == truth["declared_total"]
    assert doc["score"]["recalculated"] == truth["recalculated_total"]
    assert doc["grade"]["declared"] == truth["grade_declared"]
    assert doc["grade"]["recalculated"] == truth["grade_recalculated"]


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_output_equals_golden_file(truth_path, update_golden):
    truth, result = _result(truth_path)
    doc = result.to_dict()
    doc["file"] = truth["sample"]  # the golden file must not depend on where the repo is checked out
    golden = GOLDEN / f"{truth_path.stem}.json"
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == json.loads(text)
