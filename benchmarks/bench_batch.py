"""Benchmark ``xltool batch``: files/s end to end and peak memory, with and without annotated copies.

    python benchmarks/bench_batch.py [--sizes 250 500 1000] [--jobs 2] [--repeat 3] [--keep DIR]

It generates a corpus with ``gen_corpus.py`` (the largest size; smaller runs use the
first N files of it, so the sizes differ only in count), plus a 300-file folder with
10 broken files (the acceptance case), then runs the real command line in a
subprocess, start-up included: the fastest of ``--repeat`` runs counts. Peak memory is
sampled from /proc every 20 ms in one more run (the sampler would slow a timed run on two
cores): the parent's peak RSS and the sum over the whole process tree (parent + workers). Flat
memory means those peaks stay level as the count grows. CPU time per file (the command
and its workers) is printed too: it does not depend on other load on the machine, wall
time does. Goal: ≥ 400 files/s without annotation on 2 cores (issue #14); acceptance: ≥ 100 files/s
on the 300-file folder, whose summary is then checked against the manifest and against
single-file ``check_workbook`` (every file has its rows, each broken one its reason,
every recalculated total and grade the same).

xltool's modules are byte-compiled first, as ``pip install`` does; a source checkout
under ``PYTHONDONTWRITEBYTECODE`` (as in this sandbox) would otherwise compile them on
every start, ~0.15 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return kids + [g for k in kids for g in _children(k)]


def run(args: list[str], memory: bool = True) -> dict:
    """Run a command; return wall time, CPU time, exit code and (``memory``) parent and tree peak RSS in MB.

    The memory sampler reads /proc every 20 ms from this process: on two cores that takes CPU
    from the command, so runs that time the command leave it off (``memory=False``).
    """
    peak = {"parent": 0, "tree": 0, "workers": 0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            parent = _rss_kb(proc.pid)
            kids = [_rss_kb(k) for k in _children(proc.pid)]
            peak["parent"] = max(peak["parent"], parent)
            peak["workers"] = max(peak["workers"], max(kids, default=0))
            peak["tree"] = max(peak["tree"], parent + sum(kids))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its (waited-for) workers
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "cpu_seconds": cpu, "code": proc.returncode, "stdout": out.decode(),
            "stderr": err.decode(),
            **{f"{k}_mb": v / 1024 for k, v in peak.items()}}


def batch_cmd(folder: Path, out: Path, jobs: int, annotate: Path | None = None, fmt: str = "xlsx") -> list[str]:
    """The command line under test, exactly as a user would type it."""
    cmd = [sys.executable, "-m", "xltool", "batch", str(folder), "-o", str(out), "--jobs", str(jobs),
           "--format", fmt, "--no-progress"]
    return cmd + (["--annotate-dir", str(annotate)] if annotate else [])


def subset(src: Path, dst: Path, manifest: list[dict], n: int) -> None:
    """Hard-link the first n files of a corpus into another folder."""
    for entry in manifest[:n]:
        target = dst / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(src / entry["file"], target)


def _corpus(folder: Path, count: int, broken: int, seed: int, jobs: int) -> list[dict]:
    """Generate a corpus, or reuse the one a ``--keep`` folder already holds with as many files."""
    manifest = folder / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        if len(entries) == count:
            return entries
        shutil.rmtree(folder)
    return generate(folder, count, broken, seed, jobs=jobs)


def verify_acceptance(folder: Path, manifest: list[dict], summary: Path) -> str:
    """Check the acceptance run's summary; return one line saying what holds (raises if not)."""
    from openpyxl import load_workbook

    from xltool.api import check_workbook

    sheet = list(load_workbook(summary, read_only=True)["汇总"].iter_rows(values_only=True))
    rows = [dict(zip(sheet[0], values)) for values in sheet[1:]]
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        by_file.setdefault(row["文件"], []).append(row)
    assert set(by_file) == {e["file"] for e in manifest}, "some file has no row"
    broken = [e for e in manifest if e["broken"]]
    for entry in broken:
        (row,) = by_file[entry["file"]]
        assert row["状态"] == entry["expect"] and row["首个错误说明"], (entry, row)
    same = 0
    for entry in manifest:
        if entry["broken"]:
            continue
        forms = check_workbook(folder / entry["file"]).forms
        mine = [(r["重算总分"], r["重算等级"], r["错误数"]) for r in by_file[entry["file"]]]
        single = [(f.summary()["score"]["recalculated"], f.summary()["grade"]["recalculated"],
                   sum(1 for x in f.findings if x.severity.value == "error")) for f in forms]
        assert mine == single, (entry["file"], mine, single)
        same += len(forms)
    two = sum(1 for e in manifest if e["forms"] == 2)
    return (f"验收：{len(manifest)} 个文件 → 汇总 {len(rows)} 行（每个文件每张表一行，{two} 个文件各含两张表）；"
            f"{len(broken)} 个损坏文件各一行并有原因；{same} 张表的重算总分、等级、错误数与单文件核查一致")


def main() -> None:
    """Generate, run, print a table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the corpora and outputs here (and reuse them next time)")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per case, the fastest counts (plus one run that samples memory)")
    args = parser.parse_args()
    root = Path(args.keep or tempfile.mkdtemp(prefix="xltool-bench-"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "xltool")], check=True)
    results = []
    try:
        big, accept = root / "corpus", root / "accept300"
        t0 = time.perf_counter()
        manifest = _corpus(big, max(args.sizes), 0, args.seed, args.jobs)
        accept_manifest = _corpus(accept, 300, 10, args.seed + 1, args.jobs)
        print(f"语料 {max(args.sizes)} + 300 个文件就绪：{time.perf_counter() - t0:.1f} 秒", flush=True)
        cases = [("300（含10个损坏）", accept, 300, False)]
        for n in sorted(args.sizes):
            folder = big if n == max(args.sizes) else root / f"corpus{n}"
            if folder != big and not folder.exists():
                subset(big, folder, manifest, n)
            cases += [(f"{n}", folder, n, False), (f"{n} 标注", folder, n, True)]
        for label, folder, n, annotate in cases:
            out = root / "out" / f"{label.split()[0]}{'_a' if annotate else ''}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = batch_cmd(folder, out / "summary.xlsx", args.jobs, out / "annot" if annotate else None)
            m = run(cmd)  # memory, and the summary verified below
            timed = [run(cmd, memory=False) for _ in range(args.repeat)]
            m.update(seconds=min(t["seconds"] for t in timed), cpu_seconds=min(t["cpu_seconds"] for t in timed))
            m.update(label=label, files=n, files_per_s=n / m["seconds"])
            results.append(m)
            print(f"{label:>16}: {m['seconds']:6.2f} 秒  {m['files_per_s']:7.1f} 个/秒  "
                  f"CPU {m['cpu_seconds'] / n * 1000:5.1f} ms/个  退出码 {m['code']}  "
                  f"主进程峰值 {m['parent_mb']:6.1f} MB  单个子进程峰值 {m['workers_mb']:6.1f} MB  "
                  f"进程树峰值 {m['tree_mb']:6.1f} MB", flush=True)
            if m["code"] != (2 if folder == accept else 1) or m["stderr"].strip():
                print(m["stderr"][-3000:], file=sys.stderr)
            if folder == accept:
                print(verify_acceptance(accept, accept_manifest, out / "summary.xlsx"), flush=True)
        print(f"（{os.cpu_count()} 核，--jobs {args.jobs}；时间与 CPU 取 {args.repeat} 次中最快的一次，"
              f"内存另测一次；1 分钟负载 {os.getloadavg()[0]:.2f}）")
        if args.json:
            args.json.write_text(json.dumps([{k: v for k, v in r.items() if k not in ("stdout", "stderr")}
                                             for r in results], ensure_ascii=False, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
