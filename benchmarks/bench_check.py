"""Benchmark: ``xltool check --format json`` over many workbooks vs a bare openpyxl load.

The acceptance target of the core engine is that checking a few hundred
self-assessment workbooks (start-up included) takes at most half the time of
merely opening them with ``openpyxl.load_workbook``. Run:

    python benchmarks/bench_check.py [--copies 300]

It copies the bundled samples into a temporary folder until there are
``--copies`` files, then times both and prints the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    """Run the benchmark and print files/s for both paths and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=300)
    args = parser.parse_args()
    sources = sorted(SAMPLES.glob("*.xlsx"))
    if not sources:
        sys.exit("samples/ 中没有 .xlsx 样例")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(args.copies):
            src = sources[i % len(sources)]
            dst = Path(tmp) / f"{i:04d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)

        import openpyxl

        t0 = time.perf_counter()
        for f in files:
            openpyxl.load_workbook(f).close()
        t_openpyxl = time.perf_counter() - t0

        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "xltool", "check", "--format", "json", *map(str, files)],
                              capture_output=True)
        t_check = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            sys.exit(proc.stderr.decode())
    n = len(files)
    print(f"文件数 {n}")
    print(f"openpyxl.load_workbook: {t_openpyxl:.2f} s ({n / t_openpyxl:.0f} 个/秒)")
    print(f"xltool check --format json（含启动）: {t_check:.2f} s ({n / t_check:.0f} 个/秒)")
    print(f"耗时比 check/openpyxl = {t_check / t_openpyxl:.2f}（目标 ≤ 0.5）")


if __name__ == "__main__":
    main()
