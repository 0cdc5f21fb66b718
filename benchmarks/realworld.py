"""Real-world corpus benchmark: run `xltool check --format json` on every workbook built from
tests/realworld/tables and compare with the hand-computed keys in tests/realworld/keys.

    python3 benchmarks/realworld.py [--json]

Figures:
  1. forms recognised: for each (table, sheet, kind) of the keys.  project/unit/scoring: a form of
     that kind is reported on that sheet.  transfer/funds (kinds xltool does not have): any form
     on that sheet and no XT002 finding.  summary: a `scoring` form on that sheet, or any finding
     on that sheet (the summary was read and compared).
  2. certain errors found: an error-level finding on the key's sheet and cell.
  3. error-level findings elsewhere (not on a certain or debatable cell of any key of that
     workbook), reported per 20 workbooks.
Then one line per failure: missed error class X at table/cell; false error code at workbook/cell.
Always exits 0.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "realworld"))
import corpus  # noqa: E402

NATIVE = {"project", "unit", "scoring"}


def run_xltool(paths: list[Path]) -> dict[str, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "xltool", "check", "--format", "json", *map(str, paths)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {p.name: {"error": f"no JSON (rc {proc.returncode}): {proc.stderr[-300:]}", "forms": [], "findings": []} for p in paths}
    return {Path(r["file"]).name: r for r in data}


def form_recognised(result: dict, sheet: str, kind: str) -> bool:
    forms = result.get("forms") or []
    findings = result.get("findings") or []
    if kind in NATIVE:
        return any(f.get("sheet") == sheet and f.get("kind") == kind for f in forms)
    if kind in ("transfer", "funds"):
        return any(f.get("sheet") == sheet for f in forms) and not any(x.get("code") == "XT002" for x in findings)
    if kind == "summary":
        return any(f.get("sheet") == sheet and f.get("kind") == "scoring" for f in forms) or any(x.get("sheet") == sheet for x in findings)
    return False


def evaluate(results: dict[str, dict] | None = None) -> dict:
    tables = corpus.load_tables()
    keys = corpus.load_keys()
    workbooks = sorted({t["layout"]["workbook"] for t in tables.values()})
    if results is None:
        results = run_xltool([corpus.WORKBOOKS / w for w in workbooks])
    per_table = {}
    marked: dict[str, set[tuple[str, str]]] = {w: set() for w in workbooks}
    for tid, t in tables.items():
        key = keys[tid]
        for sec in ("certain", "debatable"):
            for e in corpus.key_cells(key, t, sec):
                marked[t["layout"]["workbook"]].add((e["sheet"], e["cell"]))
    forms_ok = forms_total = certain_ok = certain_total = 0
    failures = []
    for tid, t in sorted(tables.items()):
        key = keys[tid]
        res = results.get(t["layout"]["workbook"], {"forms": [], "findings": [], "error": "not run"})
        errs = [f for f in (res.get("findings") or []) if f.get("severity") == "error"]
        tf = {"forms": [], "missed": [], "found": []}
        for f in key.get("forms", []):
            ok = form_recognised(res, f["sheet"], f["kind"])
            forms_total += 1
            forms_ok += ok
            tf["forms"].append({"sheet": f["sheet"], "kind": f["kind"], "recognised": ok})
            if not ok:
                failures.append(f"form not recognised: {f['kind']} at {tid}/{f['sheet']}")
        for e in corpus.key_cells(key, t, "certain"):
            certain_total += 1
            hit = [f["code"] for f in errs if f.get("sheet") == e["sheet"] and f.get("cell") == e["cell"]]
            if hit:
                certain_ok += 1
                tf["found"].append({"cell": e["cell"], "class": e["class"], "codes": hit})
            else:
                tf["missed"].append({"sheet": e["sheet"], "cell": e["cell"], "class": e["class"]})
                failures.append(f"missed error class {e['class']} at {tid}/{e['sheet']}!{e['cell']}")
        per_table[tid] = tf
    elsewhere = []
    for w in workbooks:
        res = results.get(w, {})
        for f in res.get("findings") or []:
            if f.get("severity") == "error" and (f.get("sheet"), f.get("cell")) not in marked[w]:
                elsewhere.append({"workbook": w, "sheet": f.get("sheet"), "cell": f.get("cell"), "code": f.get("code"),
                                  "message": f.get("message", "")[:160]})
                failures.append(f"false error {f.get('code')} at {w}/{f.get('sheet')}!{f.get('cell')}")
        if res.get("error"):
            failures.append(f"workbook error at {w}: {res['error']}")
    n_wb = len(workbooks)
    return {
        "tables": len(tables), "workbooks": n_wb,
        "forms_recognised": [forms_ok, forms_total],
        "certain_found": [certain_ok, certain_total],
        "errors_elsewhere": len(elsewhere),
        "errors_elsewhere_per_20_workbooks": round(len(elsewhere) * 20 / n_wb, 1) if n_wb else 0.0,
        "per_table": per_table, "elsewhere": elsewhere, "failures": failures,
    }


def main(argv: list[str]) -> int:
    r = evaluate()
    if "--json" in argv:
        print(json.dumps(r, ensure_ascii=False, indent=2))
        return 0
    fo, ft = r["forms_recognised"]
    co, ct = r["certain_found"]
    print(f"real-world corpus: {r['tables']} tables in {r['workbooks']} workbooks")
    print(f"forms recognised:        {fo}/{ft} ({100 * fo / ft:.0f} %)" if ft else "forms recognised: -")
    print(f"certain errors found:    {co}/{ct} ({100 * co / ct:.0f} %)" if ct else "certain errors found: -")
    print(f"error findings elsewhere: {r['errors_elsewhere']} ({r['errors_elsewhere_per_20_workbooks']} per 20 workbooks)")
    for line in r["failures"]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
