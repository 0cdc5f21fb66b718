"""Benchmark: ``xltool check --format json`` over many workbooks vs bare reads of the same files.

Two baselines, each a whole process (start-up included) over the same files:
- a bare python-calamine read (every sheet's values and merged ranges): the floor any checker
  pays; issue #14's target is check ≤ 4× this;
- ``openpyxl.load_workbook`` of each file: what a checker built on openpyxl would pay
  (the first target, check ≤ 0.5× this).
Run:

    python benchmarks/bench_check.py [--copies 300] [--corpus DIR] [--repeat N] [--no-openpyxl]

Without ``--corpus`` it copies the bundled samples until there are ``--copies`` files; with it,
it takes every workbook under DIR (e.g. a folder made by ``benchmarks/gen_corpus.py``).
The script byte-compiles xltool first, as ``pip install`` does.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

_CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    try:
        wb = CalamineWorkbook.from_path(path)
    except Exception:
        continue
    for name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(name)
            sheet.to_python()
            getattr(sheet, "merged_cell_ranges", None)
        except Exception:
            pass
"""

_OPENPYXL = """
import sys, openpyxl
for path in sys.argv[1:]:
    try:
        openpyxl.load_workbook(path).close()
    except Exception:
        pass
"""


def _timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1, 2):
        sys.exit(proc.stderr.decode())
    return elapsed


def _files(args, tmp: str) -> list[Path]:
    if args.corpus:
        return sorted(p for p in Path(args.corpus).rglob("*") if p.suffix in (".xlsx", ".xlsm", ".xls"))
    sources = sorted(SAMPLES.glob("*.xlsx"))
    if not sources:
        sys.exit("samples/ 中没有 .xlsx 样例")
    files = []
    for i in range(args.copies):
        src = sources[i % len(sources)]
        dst = Path(tmp) / f"{i:04d}_{src.name}"
        shutil.copyfile(src, dst)
        files.append(dst)
    return files


def main() -> None:
    """Run the benchmark and print files/s for each path and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--corpus", help="folder of workbooks to use instead of sample copies")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; the fastest counts")
    parser.add_argument("--no-openpyxl", action="store_true", help="leave out the (slow) openpyxl baseline")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "xltool"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(f) for f in _files(args, tmp)]
        runs = {
            "python-calamine 读取": [sys.executable, "-c", _CALAMINE, *files],
            "openpyxl.load_workbook": [sys.executable, "-c", _OPENPYXL, *files],
            "xltool check --format json": [sys.executable, "-m", "xltool", "check", "--format", "json", *files],
        }
        if args.no_openpyxl:
            del runs["openpyxl.load_workbook"]
        # round by round, each path once per round: the machine's speed drifts, and runs far apart
        # in time would compare the drift as much as the paths
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, cmd in runs.items():
                times[name].append(_timed(cmd))
        best = {name: min(found) for name, found in times.items()}
    n = len(files)
    print(f"文件数 {n}（每项取 {args.repeat} 次中最快的一次，均含进程启动）")
    for name, seconds in best.items():
        print(f"{name}: {seconds:.2f} s（{n / seconds:.0f} 个/秒）")
    check = best["xltool check --format json"]
    print(f"耗时比 check/calamine = {check / best['python-calamine 读取']:.2f}（目标 ≤ 4）")
    if "openpyxl.load_workbook" in best:
        print(f"耗时比 check/openpyxl = {check / best['openpyxl.load_workbook']:.2f}（目标 ≤ 0.5）")


if __name__ == "__main__":
    main()
