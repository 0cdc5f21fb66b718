"""Benchmark ``xltool.io.read.read_workbook`` of two source trees against each other, CPU per file.

    python benchmarks/bench_read.py TREE_A TREE_B [--rounds 6] [--corpus DIR]

Each round reads every workbook under ``--corpus`` (default: the bundled samples) twice in a fresh
interpreter per tree — cold (empty caches, as a batch worker starts) then warm — and the trees
take turns, A B, B A, …: the machine's speed drifts by a few per cent over minutes, so only runs
interleaved this way compare. CPU time (``time.process_time``) does not count other load on the
machine. Prints each round and the medians; the cold one is what a batch of submissions pays.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_READ = """
import gc, os, sys, time
from pathlib import Path
sys.path.insert(0, ".")
from xltool.io import read
assert read.__file__.startswith(os.getcwd()), read.__file__  # this tree's xltool, not an installed one
import python_calamine  # noqa: F401 - imported by the first read otherwise, inside the cold pass
files = [p for p in sorted(Path(sys.argv[1]).rglob("*")) if p.suffix in (".xlsx", ".xlsm", ".xls")]
gc.freeze()
for _ in range(2):
    start = time.process_time()
    for path in files:
        try:
            read.read_workbook(path, parts=set())
        except read.ReadError:
            pass
    print(round((time.process_time() - start) / len(files) * 1e6))
"""


def _run(tree: str, corpus: str) -> tuple[int, int]:
    proc = subprocess.run([sys.executable, "-c", _READ, corpus], cwd=tree, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr)
    cold, warm = map(int, proc.stdout.split())
    return cold, warm


def main() -> None:
    """Run the rounds and print µs per file, cold and warm, for each tree."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs=2, help="two source trees (each holding an xltool/ package)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--corpus", default=str(ROOT / "samples"), help="folder of workbooks, read recursively")
    args = parser.parse_args()
    times: dict[str, list[tuple[int, int]]] = {tree: [] for tree in args.trees}
    for i in range(args.rounds):
        for tree in args.trees if i % 2 == 0 else reversed(args.trees):
            times[tree].append(_run(tree, args.corpus))
    for tree, runs in times.items():
        cold, warm = [run[0] for run in runs], [run[1] for run in runs]
        print(f"{tree}: 冷 {cold} 中位数 {statistics.median(cold)} µs/文件 | 热 {warm} 中位数 {statistics.median(warm)}")
    a, b = (statistics.median(run[0] for run in times[tree]) for tree in args.trees)
    print(f"冷读取 B 相对 A：{100 * (b - a) / a:+.1f}%")


if __name__ == "__main__":
    main()
