"""Batch checking on a Dask cluster: the recipe README quotes, runnable as it stands.

    python examples/batch_dask.py 收件/ 汇总.xlsx [调度器地址]

Without an address it starts a ``dask.distributed.LocalCluster`` on this machine; with
one (``tcp://10.0.0.5:8786``) it uses that cluster. Every worker must reach the files
and the annotated-copy folder under the same paths (shared storage) and have xltool
installed. xltool itself does not depend on Dask.
"""

import sys
import time
from pathlib import Path

from xltool.batch import check_one, collect, discover, plan, split_duplicates
from xltool.reporters.summary import write_summary


def main(inbox: Path, out: Path, address: str | None = None) -> None:
    from dask.distributed import Client, LocalCluster

    files, _ = discover([inbox])
    tasks = plan(files)  # plan(files, annotate_dir=Path("/共享盘/标注副本")) for annotated copies
    todo, outcomes = split_duplicates(tasks)  # duplicates are found before anything is sent out
    start = time.perf_counter()
    with (Client(address) if address else Client(LocalCluster(processes=True))) as client:
        futures = client.map(check_one, [tasks[i] for i in todo], batch_size=50)
        outcomes.update(zip(todo, client.gather(futures)))
    seconds = time.perf_counter() - start
    write_summary(collect(outcomes, len(tasks)), out, "xlsx", inputs=files)
    print(f"{len(files)} 个文件，{seconds:.1f} 秒（{len(files) / seconds:.0f} 个/秒）→ {out}")


if __name__ == "__main__":  # required: Dask's worker processes import this script again
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
