"""Fuzz campaign: every hostile case of issue 7 plus N mutated samples through the command line.

Each file runs ``xltool check --format json --annotate`` and the text report in a
worker process with the documented limits (60 s per check, 2 GB address space); a
hang is killed and reported, a native crash is reported with its stderr. Then the
whole mutant folder goes through ``xltool batch`` once. Run:

    python benchmarks/fuzz_campaign.py --cases 500

It prints the counts by outcome and exit code, the slowest cases, every failure
with its seed (``tests.fuzz.mutate.mutant(seed)`` rebuilds the file), and exits 1
if any file did not get a clear answer. ``--keep DIR`` leaves the corpus there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import mutate  # noqa: E402  (the repository root is put on the path above)
from tests.fuzz.hostile import build_all  # noqa: E402
from tests.fuzz.runner import MEMORY_MB, TIME_LIMIT, Job, Verdict, run  # noqa: E402
from tests.fuzz.safety import external_targets, unsafe_output  # noqa: E402


def _report(verdicts: list[Verdict]) -> bool:
    statuses = Counter(v.status for v in verdicts)
    print(f"文件 {len(verdicts)} 个；结果：{dict(statuses)}；退出码：{dict(Counter(v.exit_code for v in verdicts))}")
    refused = sum("标注副本" in v.message for v in verdicts)
    print(f"未生成标注副本（.xls、加密或超出上限，附中文原因）：{refused} 个")
    print("最慢的 5 个（一次 check --annotate）：")
    for v in sorted(verdicts, key=lambda v: v.seconds, reverse=True)[:5]:
        print(f"  {v.seconds:6.2f} s  退出码 {v.exit_code}  {v.job.label}  {v.message[:60]}")
    bad = [v for v in verdicts if not v.ok]
    for v in bad:
        print(f"失败 {v.status}: {v.job.label}\n{v.detail}\n", file=sys.stderr)
    return not bad


def _batch(folder: Path, out: Path, workers: int, timeout: float) -> bool:
    """``xltool batch`` over the mutants: it must finish, and its summary must hold no formula."""
    summary, copies = out / "汇总.xlsx", out / "标注"
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "xltool", "batch", str(folder), "-o", str(summary),
                               "--annotate-dir", str(copies), "--jobs", str(workers), "--no-progress"],
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"batch: 超过 {timeout:.0f} s 未结束", file=sys.stderr)
        return False
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1, 2) or not summary.exists():
        print(f"batch: 退出码 {done.returncode}\n{done.stderr[-3000:]}", file=sys.stderr)
        return False
    targets = {t.decode() for t in external_targets(summary)}
    strays = [t for t in targets if not (summary.parent / t).resolve().is_relative_to(copies.resolve())]
    unsafe = unsafe_output(None, summary, allowed_targets=targets) + [f"链接指向 {t}" for t in strays]
    print(f"batch：{seconds:.1f} s，退出码 {done.returncode}，标注副本 {len(list(copies.rglob('*.xls*')))} 个，"
          f"汇总中可执行内容 {len(unsafe)} 处")
    for problem in unsafe:
        print(f"batch 汇总不安全：{problem}", file=sys.stderr)
    return not unsafe


def main() -> None:
    """Build the corpus, run it, print the report; exit 1 on any failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=500, help="mutated samples (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="first mutant seed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds per file")
    parser.add_argument("--memory-mb", type=int, default=MEMORY_MB, help="address space of a worker")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xltool-campaign-") as tmp:
        base = args.keep or Path(tmp)
        started = time.perf_counter()
        hostile = build_all(base / "hostile")
        mutants = mutate.write_mutants(base / "mutants", args.cases, args.seed)
        print(f"语料：恶意/异常样例 {len(hostile)} 个，变异样例 {len(mutants)} 个（{time.perf_counter() - started:.0f} s 生成）")
        jobs = [Job(path, case.args, f"hostile:{name}") for name, (case, path) in hostile.items()]
        jobs += [Job(path, (), path.name) for path in mutants]
        verdicts = run(jobs, workers=args.workers, time_limit=args.time_limit, memory_mb=args.memory_mb)
        ok = _report(verdicts)
        ok &= _batch(base / "mutants", base / "batch", args.workers, timeout=args.time_limit * len(mutants))
        if args.keep:
            (base / "verdicts.json").write_text(json.dumps(
                [{"file": str(v.job.path), "status": v.status, "exit_code": v.exit_code, "seconds": v.seconds,
                  "message": v.message} for v in verdicts], ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"总耗时 {time.perf_counter() - started:.0f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
