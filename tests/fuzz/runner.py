"""Run xltool over a corpus in worker processes, with a time and memory limit per file.

A hang or a native crash inside one file must be seen and reported, not stop the
run, so every file is handled by a worker subprocess (:mod:`tests.fuzz.worker`) that
is killed when it exceeds ``time_limit`` and restarted when it dies. Each file gets
a :class:`Verdict`; ``Verdict.ok`` is the acceptance of issue 7: an exit code of 0, 1
or 2, a message, no traceback, no hang, no crash, the input unchanged and nothing
executable in the annotated copy.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT = 60.0
"""Seconds one ``xltool check --annotate`` may take on one file (the documented bound).

The worker also runs the text report, a second check, so it is killed as hung only
after twice this; a file that answered but took longer than this is "slow"."""
MEMORY_MB = 2048
"""Address space of a worker: Python and the libraries take ~300 MB, a file at the limits ~800 MB more."""


@dataclass(frozen=True)
class Job:
    """One file to check, with extra command-line arguments (e.g. ``--password``)."""

    path: Path
    args: tuple[str, ...] = ()
    label: str = ""


@dataclass
class Verdict:
    """What happened to one file."""

    job: Job
    status: str  # ok, traceback, timeout, crashed, slow, bad-exit, no-message, input-changed, unsafe-output
    exit_code: int | None = None
    seconds: float = 0.0
    message: str = ""
    detail: str = ""
    answer: dict = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when the file got a clear answer and nothing went wrong."""
        return self.status == "ok"


def judge(job: Job, answer: dict, time_limit: float = TIME_LIMIT) -> Verdict:
    """Turn a worker's answer into a verdict."""
    code, seconds, message = answer["exit_code"], answer["seconds"], answer["message"]
    def verdict(status: str, detail: str = "") -> Verdict:
        return Verdict(job, status, code, seconds, message, detail, answer)
    if answer["traceback"]:
        return verdict("traceback", answer["traceback"])
    if code not in (0, 1, 2) or answer["text_exit_code"] not in (0, 1, 2):
        return verdict("bad-exit", f"json {code}, text {answer['text_exit_code']}")
    if not message or answer.get("stdout_error"):
        return verdict("no-message", answer.get("stdout_error", "") + answer["stdout"][-500:])
    if answer["input_changed"]:
        return verdict("input-changed")
    if seconds > time_limit:
        return verdict("slow", f"{seconds:.1f} s > {time_limit:.0f} s")
    if answer["unsafe"]:
        return verdict("unsafe-output", "; ".join(answer["unsafe"]))
    return verdict("ok")


class _Worker:
    def __init__(self, memory_mb: int, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker", str(memory_mb)], cwd=ROOT, text=True, encoding="utf-8",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
        self.job: Job | None = None
        self.index = -1
        self.deadline = 0.0
        self.started = 0.0

    def send(self, index: int, job: Job, time_limit: float) -> None:
        self.index, self.job, self.started = index, job, time.monotonic()
        self.deadline = self.started + 2 * time_limit  # two checks: JSON with the copy, then the text report
        request = {"path": str(job.path), "args": list(job.args), "out": str(self.out_dir)}
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()

    def stop(self) -> str:
        """Kill the worker; returns the end of its stderr (a native crash prints there)."""
        self.proc.kill()
        try:
            _, err = self.proc.communicate(timeout=10)
        except (subprocess.TimeoutExpired, ValueError):
            err = ""
        return (err or "")[-3000:]


def run(jobs: Sequence[Job], *, workers: int = 2, time_limit: float = TIME_LIMIT,
        memory_mb: int = MEMORY_MB) -> list[Verdict]:
    """Check every job; returns verdicts in the order of ``jobs``."""
    pending = deque(enumerate(jobs))
    results: dict[int, Verdict] = {}
    with tempfile.TemporaryDirectory(prefix="xltool-fuzz-") as tmp:
        pool = [_Worker(memory_mb, Path(tmp) / str(n)) for n in range(max(1, min(workers, len(jobs))))]
        for w in pool:
            w.out_dir.mkdir()
        selector = selectors.DefaultSelector()
        try:
            while pending or any(w.job for w in pool):
                for w in pool:
                    if w.job is None and pending:
                        w.send(*pending.popleft(), time_limit)
                        selector.register(w.proc.stdout, selectors.EVENT_READ, w)
                busy = [w for w in pool if w.job]
                wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                for key, _ in selector.select(timeout=wait):
                    w = key.data
                    line = w.proc.stdout.readline()
                    selector.unregister(w.proc.stdout)
                    if line:
                        results[w.index] = judge(w.job, json.loads(line), time_limit)
                    else:
                        detail = w.stop()
                        results[w.index] = Verdict(w.job, "crashed", w.proc.returncode,
                                                        time.monotonic() - w.started, "", detail)
                        pool[pool.index(w)] = w = _replacement(w, memory_mb)
                    w.job = None
                now = time.monotonic()
                for n, w in enumerate(pool):
                    if w.job is not None and now >= w.deadline:
                        selector.unregister(w.proc.stdout)
                        w.stop()
                        results[w.index] = Verdict(w.job, "timeout", None, now - w.started, "",
                                                        f"killed after {2 * time_limit:.0f} s")
                        pool[n] = _replacement(w, memory_mb)
        finally:
            for w in pool:
                w.stop()
    return [results[i] for i in range(len(jobs))]


def _replacement(dead: _Worker, memory_mb: int) -> _Worker:
    return _Worker(memory_mb, dead.out_dir)
