"""A worker process: runs ``xltool check --format json --annotate`` on one file per request.

Started by :mod:`tests.fuzz.runner`, which sends one JSON request per line
(``{"path": ..., "args": [...], "out": folder}``) and waits for one JSON line back,
killing the worker when a file takes longer than the time limit. The worker caps its
own address space first, so a file that makes the reader allocate without bound ends
in a crash the runner sees, not in a machine that swaps. Running many files in one
process pays Python's start-up once; a crash or hang costs only a restart.

The answer says what happened: the exit code, the message, a traceback if the
command raised, whether the input's bytes changed, and what in the annotated copy
could execute (see :mod:`tests.fuzz.safety`).
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
import traceback
from pathlib import Path


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def check(path: Path, args: list[str], out_dir: Path) -> dict:
    """Run the command on ``path`` and describe the outcome as plain data."""
    from tests.clirun import CliRunner

    from xltool.io.atomic import default_output
    from tests.fuzz.safety import unsafe_output
    from xltool.cli import app
    from xltool.io.read import read_workbook

    out = out_dir / default_output(path).name
    before = _digest(path)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--annotate", "-o", str(out), *args])
    seconds = time.perf_counter() - started
    text = CliRunner().invoke(app, ["check", str(path), *args])  # the Chinese report, as a user sees it
    answer = {"exit_code": result.exit_code, "text_exit_code": text.exit_code, "seconds": seconds,
              "text_seconds": time.perf_counter() - started - seconds, "stdout": result.stdout[-4000:],
              "stderr": result.stderr[-2000:], "traceback": None, "message": "",
              "input_changed": _digest(path) != before, "unsafe": []}
    for run in (text, result):
        if run.exception is not None and not isinstance(run.exception, SystemExit):
            answer["traceback"] = "".join(traceback.format_exception(*run.exc_info))[-6000:]
            return answer
    try:
        (doc,) = json.loads(result.stdout)
        answer["message"] = doc["error"] or f"{len(doc['findings'])} 条核查结果"
    except (ValueError, KeyError, TypeError) as exc:
        answer["message"] = ""
        answer["stdout_error"] = f"stdout is not one JSON document: {exc}"
    if result.stderr.strip():
        answer["message"] = (answer["message"] + " / " + result.stderr.strip()).strip(" /")
    if out.exists():
        try:
            answer["unsafe"] = unsafe_output(path, out)
            read_workbook(out)  # our own copy must open again
        except Exception as exc:
            answer["unsafe"].append(f"标注副本无法读取：{type(exc).__name__}: {exc}")
        out.unlink()
    return answer


def main() -> None:
    """Serve requests from stdin until it closes."""
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for line in sys.stdin:
        request = json.loads(line)
        answer = check(Path(request["path"]), request.get("args", []), Path(request["out"]))
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
