"""Acceptance run: the templates' formulas equal the engine on hundreds of random copies, per real engine.

The CI tests (tests/test_template_engines.py) run 200 copies per template through
LibreOffice but only a few through the ``formulas`` package, whose evaluation
costs ~0.25 ms per formula node (~5 s for a 24-row 自评表). This script runs the
full count through either engine and prints the copies, mismatches and time:

    python benchmarks/template_engines.py --engine formulas --copies 200 [--workers 2]
    python benchmarks/template_engines.py --engine libreoffice --copies 200

Every copy is drawn by tests/template_fill.py (rule edges made likely) from a
seed, so a reported mismatch can be replayed with the same arguments.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.template_engines import (FormulasTemplate, libreoffice_recalc, mismatches,  # noqa: E402
                                    read_sheet, write_copies)
from tests.template_fill import fill  # noqa: E402
from xltool import templates  # noqa: E402


def _formulas_share(name: str, copies: range, seed: str) -> tuple[int, list, float]:
    """One worker: compile the template once, evaluate its share of the copies."""
    lay = templates.layout(name)
    start = time.perf_counter()
    model = FormulasTemplate(ROOT / "templates" / f"{name}.xlsx", lay)
    compiled = time.perf_counter() - start
    wrong = []
    for i in copies:
        values = fill(lay, random.Random(f"{seed}-{name}-{i}"), correct=i % 4 == 0)
        bad = mismatches(lay, model.grid(values))
        if bad:
            wrong.append((i, bad[:3]))
    return len(copies), wrong, compiled


def run_formulas(names: list[str], count: int, workers: int, seed: str) -> None:
    """Evaluate ``count`` copies of each template in ``formulas``; print the totals per template."""
    for name in names:
        start = time.perf_counter()
        shares = [range(k, count, workers) for k in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_formulas_share, [name] * workers, shares, [seed] * workers))
        done = sum(n for n, _, _ in results)
        wrong = [w for _, ws, _ in results for w in ws]
        print(f"formulas    {name:18s} copies={done} mismatches={len(wrong)} "
              f"compile={max(c for _, _, c in results):.1f}s total={time.perf_counter() - start:.1f}s", flush=True)
        for item in wrong[:5]:
            print("   ", item)


def run_libreoffice(names: list[str], count: int, seed: str) -> None:
    """Write, recalculate in LibreOffice and compare ``count`` copies of each template."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in names:
            lay = templates.layout(name)
            start = time.perf_counter()
            fills = [fill(lay, random.Random(f"{seed}-{name}-{i}"), correct=i % 4 == 0) for i in range(count)]
            paths = write_copies(ROOT / "templates" / f"{name}.xlsx", fills, work / "in" / name)
            written = time.perf_counter() - start
            libreoffice_recalc(paths, work / "out" / name, work)
            converted = time.perf_counter() - start
            wrong = [(p.name, bad[:3]) for p in paths
                     if (bad := mismatches(lay, read_sheet(work / "out" / name / p.name, lay.sheet)))]
            print(f"libreoffice {name:18s} copies={len(paths)} mismatches={len(wrong)} write={written:.1f}s "
                  f"write+recalc={converted:.1f}s total={time.perf_counter() - start:.1f}s", flush=True)
            for item in wrong[:5]:
                print("   ", item)


def main() -> None:
    """Parse the arguments and run the chosen engine(s)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("formulas", "libreoffice", "both"), default="both")
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes for the formulas engine")
    parser.add_argument("--seed", default="acceptance")
    parser.add_argument("--templates", nargs="*", default=templates.names())
    args = parser.parse_args()
    if args.engine in ("libreoffice", "both"):
        run_libreoffice(args.templates, args.copies, args.seed)
    if args.engine in ("formulas", "both"):
        run_formulas(args.templates, args.copies, args.workers, args.seed)


if __name__ == "__main__":
    main()
