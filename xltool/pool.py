"""Work on many files in forked worker processes, results in input order.

Checking is pure Python and single-threaded, so a folder of workbooks uses every core
only through processes. Forked workers inherit the parent's imported modules (nothing
is imported again, ~20 ms to start one), so a pool pays off from a few dozen files;
where fork is not available (Windows, macOS) a worker would import everything again
(~0.5 s each) and only a large batch gains from one.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["can_fork", "chunks", "cores", "in_order"]


def cores() -> int:
    """All cores this process may use (a container's CPU set, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked: Linux and other POSIX systems, not macOS (its system
    libraries are not fork-safe, so Python spawns there) and not Windows."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def in_order(work: Callable[[T], R], items: Sequence[T], jobs: int,
             on_started: Callable[[], None] | None = None) -> Iterator[R]:
    """``work(item)`` for each item, in order, from ``min(jobs, len(items))`` worker processes.

    Items go out in chunks so that a task costs one small pickle; ``on_started`` runs once
    the workers exist (the parent is idle from then on). A worker killed from outside
    Python (out of memory, a crash in native code) raises ``BrokenProcessPool`` here,
    after the results that were already done.
    """
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if can_fork() else None
    workers = min(jobs, len(items))
    # gc.freeze in each worker: the modules it inherits are never garbage, and the collector
    # no longer walks them every few hundred allocations (~10 % of a worker's time, measured)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.freeze) as pool:
        done = pool.map(_each, [(work, chunk) for chunk in chunks(items, workers)])
        if on_started:
            on_started()
        for results in done:
            yield from results


def chunks(items: Sequence[T], workers: int, largest: int = 16) -> list[Sequence[T]]:
    """``items`` cut into consecutive tasks that shrink towards the end.

    Large tasks cost fewer round trips to the workers; small ones at the end keep one worker
    from still working through a large task while the others have nothing left (on two
    cores a 16-file task is ~50 ms, half of which one core used to spend idle at the end).
    Each task is a quarter of what is left per worker, between 1 and ``largest`` items.
    """
    out, start = [], 0
    while start < len(items):
        size = max(1, min(largest, (len(items) - start) // (workers * 4)))
        out.append(items[start:start + size])
        start += size
    return out


def _each(task: tuple[Callable[[T], R], Sequence[T]]) -> list[R]:
    work, chunk = task
    return [work(item) for item in chunk]
