"""Real-world corpus: published tables laid out as submitted workbooks (tests/realworld/).

One test per table: (a) its forms are recognised, (b) every certain error of its key is an
error-level finding on its cell, (c) no error-level finding on any other cell of its sheet(s)
(debatable cells excepted).  Tables that today's xltool fails are listed with their exact
reasons in tests/realworld/known_failures.toml and marked xfail(strict=True): fixing the reader
turns them into XPASS failures, and the entry must then be removed.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "realworld"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402
import realworld as bench  # noqa: E402

TABLES = corpus.load_tables()
KNOWN = corpus.load_known_failures()


@lru_cache(maxsize=None)
def _results() -> dict:
    workbooks = sorted({t["layout"]["workbook"] for t in TABLES.values()})
    return bench.run_xltool([corpus.WORKBOOKS / w for w in workbooks])


def problems(table_id: str) -> list[str]:
    """Every way xltool's result for this table differs from its key (empty list = passes)."""
    t = TABLES[table_id]
    key = corpus.load_key(table_id)
    wb = t["layout"]["workbook"]
    res = _results().get(wb, {"forms": [], "findings": [], "error": "not run"})
    out = []
    for f in key.get("forms", []):
        if not bench.form_recognised(res, f["sheet"], f["kind"]):
            out.append(f"form not recognised: {f['kind']} on {f['sheet']}")
    errors = [f for f in (res.get("findings") or []) if f.get("severity") == "error"]
    certain = corpus.key_cells(key, t, "certain")
    marked = {(e["sheet"], e["cell"]) for e in certain + corpus.key_cells(key, t, "debatable")}
    for e in certain:
        if not any(f.get("sheet") == e["sheet"] and f.get("cell") == e["cell"] for f in errors):
            out.append(f"missed {e['class']} at {e['sheet']}!{e['cell']} (expected {e['expected']}, found {e['found']})")
    # findings on sheets that hold no table of this workbook are charged to its first table
    siblings = sorted((x for x in TABLES.values() if x["layout"]["workbook"] == wb),
                      key=lambda x: (x["layout"].get("order", 0), x["id"]))
    table_sheets = {x["layout"]["sheet"] for x in siblings}
    own = {t["layout"]["sheet"]} | {f["sheet"] for f in key.get("forms", [])}
    for f in errors:
        sheet = f.get("sheet") or ""
        mine = sheet in own or (sheet not in table_sheets and siblings[0]["id"] == table_id)
        if mine and (sheet, f.get("cell")) not in marked:
            out.append(f"false error {f.get('code')} at {sheet}!{f.get('cell')}")
    return sorted(out)


def _param(tid: str):
    if tid in KNOWN:
        return pytest.param(tid, id=tid, marks=pytest.mark.xfail(strict=True, reason="; ".join(KNOWN[tid])))
    return pytest.param(tid, id=tid)


@pytest.mark.parametrize("table_id", [_param(t) for t in sorted(TABLES)])
def test_realworld_table(table_id):
    assert problems(table_id) == []


def test_known_failures_are_current():
    """known_failures.toml lists exactly today's reasons, so a changed behaviour is noticed."""
    for tid, reasons in KNOWN.items():
        assert tid in TABLES, f"{tid} in known_failures.toml but not a table"
        assert sorted(reasons) == problems(tid), f"{tid}: reasons in known_failures.toml are out of date"


def test_workbooks_are_built_from_tables():
    """Every table's workbook exists and each key refers to a sheet of it."""
    from openpyxl import load_workbook
    for tid, t in TABLES.items():
        path = corpus.workbook_path(t)
        assert path.exists(), f"{path.name} missing: run python3 tests/realworld/build.py"
        sheets = load_workbook(path, read_only=True).sheetnames
        for f in corpus.load_key(tid).get("forms", []):
            assert f["sheet"] in sheets, f"{tid}: sheet {f['sheet']} not in {path.name}"
