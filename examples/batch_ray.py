"""Batch checking on a Ray cluster: the recipe README quotes, runnable as it stands.

    python examples/batch_ray.py 收件/ 汇总.xlsx [auto]

Without an address ``ray.init()`` starts Ray on this machine; ``auto`` joins the cluster
this machine belongs to. Every node must reach the files under the same paths (shared
storage) and have xltool installed. xltool itself does not depend on Ray.
"""

import sys
import time
from pathlib import Path

from xltool.batch import check_one, collect, discover, plan, split_duplicates
from xltool.reporters.summary import write_summary


def main(inbox: Path, out: Path, address: str | None = None) -> None:
    import ray

    files, _ = discover([inbox])
    tasks = plan(files)
    todo, outcomes = split_duplicates(tasks)
    ray.init(address=address)
    start = time.perf_counter()
    remote = ray.remote(check_one)
    outcomes.update(zip(todo, ray.get([remote.remote(tasks[i]) for i in todo])))
    seconds = time.perf_counter() - start
    ray.shutdown()
    write_summary(collect(outcomes, len(tasks)), out, "xlsx", inputs=files)
    print(f"{len(files)} 个文件，{seconds:.1f} 秒（{len(files) / seconds:.0f} 个/秒）→ {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
