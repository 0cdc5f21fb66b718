"""Batch checking: a folder of submitted workbooks → one row per file and form, nothing lost.

A finance bureau receives hundreds of 自评表 at once and must account for every one of
them, so every file found gets at least one row: a corrupt zip, an encrypted file, a
sheet that is not a form, a duplicate submission or a crash inside the checker all
become rows with a Chinese reason, and the batch goes on.

The work is what ``xltool.api.check_workbook`` does, per file in a process pool, with one
step between reading and checking: a file xltool wrote itself (a summary or annotated
copy left in the folder) is skipped, told by the names the reader listed. A task is a small
record (paths and options); a worker sends back plain rows and finding dicts, never
grids, so the parent's memory grows only with the summary itself. Duplicates are found
by content hash before dispatch and never checked twice. Annotated copies are written
by the worker that holds the findings, into a separate folder that mirrors the input
tree, never next to or over a submission.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from xltool import pool
from xltool.api import check_read, unreadable
from xltool.io.read import ReadError, read_workbook
from xltool.io.atomic import UnsafeOutput, default_output
from xltool.findings import Severity
from xltool.result import CRASHED, DUPLICATE, NO_FORM, OK, OWN_OUTPUT, UNREADABLE, BatchResult, WorkbookResult
from xltool.compute.methods import round2

SUFFIXES = (".xlsx", ".xlsm", ".xls")

_OWN_KINDS = {"annotated-copy": "本工具生成的标注副本", "batch-summary": "本工具生成的批量核查汇总"}
_UNIT_LABELS = ("项目主管部门", "主管部门", "预算部门", "项目单位", "项目实施单位", "实施单位", "被评价单位", "单位名称")


@dataclass(frozen=True)
class Task:
    """What a worker needs for one file: kept small because it is pickled per file."""

    path: str
    rel: str
    profile: str | None = None
    annotate_to: str | None = None
    password: str | None = None


@dataclass
class Outcome:
    """What a worker sends back for one file: plain data only."""

    rows: list[dict]
    findings: list[dict]
    unchecked: bool = False  # unreadable, no form, or crashed: drives exit code 2
    has_error: bool = False
    output_failed: bool = False  # the annotated copy could not be written
    own_output: bool = False  # a file xltool wrote (annotated copy, summary): listed, not checked


# ---- discovery ---------------------------------------------------------------------

def _skippable(name: str) -> bool:
    """Office owner/lock files (~$报表.xlsx), our own temp files (.~…) and hidden/AppleDouble files."""
    return name.startswith(("~$", "."))


def discover(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[Path]]:
    """Workbooks under ``paths`` (folders searched recursively) and the files skipped.

    A file named explicitly is always taken, whatever its name: the user asked for it.
    Folders under ``exclude`` (the annotated-copy folder) are not searched, so a re-run
    does not check our own copies.
    """
    excluded = [Path(p).resolve() for p in exclude]
    found: dict[Path, None] = {}
    skipped: list[Path] = []
    for root in paths:
        root = Path(root)
        if not root.is_dir():
            found.setdefault(root, None)
            continue
        for folder, dirs, names in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and (here / d).resolve() not in excluded)
            for name in sorted(names):
                if not name.lower().endswith(SUFFIXES):
                    continue
                if _skippable(name):
                    skipped.append(here / name)
                else:
                    found.setdefault(here / name, None)
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve() if p.exists() else p.absolute(), p)
    return sorted(unique.values(), key=lambda p: str(p)), skipped


def relative_names(files: Sequence[Path]) -> list[str]:
    """Each file's path below the deepest folder common to all: what rows show and copies mirror."""
    full = [Path(os.path.abspath(f)) for f in files]  # abspath folds '..' without following links
    try:
        base = Path(os.path.commonpath([str(f.parent) for f in full])) if full else Path()
    except ValueError:  # files on different Windows drives share no folder
        return [Path(*f.parts[1:]).as_posix() for f in full]
    return [f.relative_to(base).as_posix() for f in full]


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # the worker will say why it cannot be read


# ---- one file ----------------------------------------------------------------------

def _row(task: Task, status: str, reason: str = "", summary: dict | None = None,
         errors: int = 0, warnings: int = 0) -> dict:
    s = summary or {}
    score, grade = s.get("score", {}), s.get("grade", {})
    declared, recalculated = score.get("declared"), score.get("recalculated")
    diff = round2(recalculated - declared) if declared is not None and recalculated is not None else None
    return {"unit": s.get("unit") or "", "project": s.get("name") or s.get("title") or "", "file": task.rel,
            "sheet": s.get("sheet") or "", "status": status, "kind": s.get("kind") or "",
            "profile": s.get("profile") or "", "declared_total": declared, "recalculated_total": recalculated,
            "difference": diff, "declared_grade": grade.get("declared"),
            "recalculated_grade": grade.get("recalculated"), "errors": errors, "warnings": warnings,
            "first_error": reason, "annotated": None, "annotated_note": "", "whole": status == OK}


def _outcome(task: Task, result: WorkbookResult) -> Outcome:
    data = result.to_dict()
    findings = [{"file": task.rel, **f} for f in data["findings"]]
    if result.error:
        status = UNREADABLE if any(f["code"] == "XT001" for f in data["findings"]) else NO_FORM
        return Outcome([_row(task, status, result.error, errors=1)], findings, unchecked=True, has_error=True)
    rows = []
    # findings about the file rather than one form (a sheet no form covers, a cross-table sum) go with the
    # first form, so the counts of the rows always add up to the findings listed in 核查明细
    in_forms = {id(f) for form in result.forms for f in form.findings}
    loose = [f for f in result.findings if id(f) not in in_forms]
    unit = ""
    for i, (form, summary) in enumerate(zip(result.forms, data["forms"])):
        own = list(form.findings) + (loose if i == 0 else [])
        errors = [f for f in sorted(own, key=lambda f: f.sort_key) if f.severity is Severity.ERROR]
        warnings = sum(1 for f in own if f.severity is Severity.WARNING)
        row = _row(task, OK, errors[0].message if errors else "", summary, len(errors), warnings)
        row["kind"] = summary.get("kind_label") or form.form.kind_label  # 评分表 results carry their own label
        if summary.get("kind") == "scoring":
            # the tables of one evaluation report are one result: statistics count the workbook once
            row["whole"] = i == 0
            unit = unit or _report_unit(task.path)
            row["unit"] = row["unit"] or unit
        rows.append(row)
    return Outcome(rows, findings, has_error=result.exit_code == 1)


def _report_unit(path: str) -> str:
    """The unit an evaluation report names (项目主管部门, 实施单位 …): the value right of its label."""
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(path)
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python()[:40]:
                cells = [str(v).strip() if v is not None else "" for v in row]
                for c, text in enumerate(cells):
                    label = text.replace(" ", "").rstrip(":：")
                    if label in _UNIT_LABELS:
                        value = next((v for v in cells[c + 1:c + 4] if v), "")
                        if value and value.replace(" ", "").rstrip(":：") not in _UNIT_LABELS:
                            return value
    except Exception:  # the unit is a convenience; the check itself has already read the file
        return ""
    return ""


def _annotate(task: Task, result: WorkbookResult, outcome: Outcome) -> None:
    """Write the annotated copy for a file with findings; failures become a note, not a crash.

    Whether a file can be copied is decided by its content, as ``xltool check --annotate``
    decides (``limits.check_annotatable``, inside ``annotate``): an .xlsx named .xls gets
    its copy; an old binary .xls, an encrypted file or one too large to copy is refused
    with the reason as the row's note — a property of the submission, not a failed write.
    """
    from xltool.io.limits import LimitExceeded
    from xltool.reporters.excel import annotate, has_macros

    target = default_output(Path(task.annotate_to))
    if has_macros(Path(task.path)):  # by content: an .xlsm renamed .xls keeps its VBA in an .xlsm copy
        target = target.with_suffix(".xlsm")
    try:
        written, note = str(annotate(Path(task.path), result.findings, target)), ""
    except LimitExceeded as exc:
        written, note = None, str(exc)
    except Exception as exc:  # openpyxl may refuse a file calamine read; the check itself stands
        written, note = None, f"标注副本写入失败：{type(exc).__name__}: {exc}"
        outcome.output_failed = True
    for row in outcome.rows:
        row["annotated"], row["annotated_note"] = written, note


def check_one(task: Task) -> Outcome:
    """Check one file and turn whatever happens into rows; never raises (a worker must not die)."""
    try:
        from xltool.reporters.marker import output_kind

        path, parts = Path(task.path), set()
        try:  # read first: the part and sheet names then tell output_kind whether to look inside the file
            grids = read_workbook(path, password=task.password, parts=parts)
        except ReadError as exc:
            grids, result = None, unreadable(path, exc)
        kind = output_kind(path) if grids is None else output_kind(path, parts, [g.name for g in grids])
        if kind is not None:
            reason = f"{_OWN_KINDS[kind]}（按文件内容识别），不是提交的自评表，未核查也不计入统计。"
            return Outcome([_row(task, OWN_OUTPUT, reason)], [], own_output=True)
        if grids is not None:
            result = check_read(path, grids, task.profile, parts=parts)
        outcome = _outcome(task, result)
        if task.annotate_to and not result.error and result.findings:
            _annotate(task, result, outcome)
        return outcome
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # Rust panics from the reader derive from BaseException
        return crashed(task, f"{type(exc).__name__}: {exc}")


def crashed(task: Task, detail: str) -> Outcome:
    """The row of a file whose check itself failed (a bug or a crash, not a bad input)."""
    reason = f"核查该文件时程序出错，未能完成核查（{detail}）；请将此文件反馈给开发者。"
    return Outcome([_row(task, CRASHED, reason, errors=1)], [], unchecked=True, has_error=True)


def duplicate(task: Task, original: str) -> Outcome:
    """The row of a file whose content is byte-identical to one already in the batch."""
    reason = f"与“{original}”内容完全相同（重复提交），已按该文件核查，本行不重复计入。"
    return Outcome([_row(task, DUPLICATE, reason)], [])


# ---- the batch ---------------------------------------------------------------------

def plan(files: Sequence[Path], profile: str | None = None, annotate_dir: Path | None = None,
         password: str | None = None) -> list[Task]:
    """One task per file; refuses an annotated-copy folder that would put copies next to inputs."""
    tasks = []
    for path, rel in zip(files, relative_names(files)):
        target = None
        if annotate_dir is not None:
            target = Path(annotate_dir) / rel
            if target.parent.resolve() == path.absolute().parent.resolve():
                raise UnsafeOutput(f"标注副本目录 {annotate_dir} 会把副本写在原文件旁边（{path.parent}）；"
                                   "请另选一个不含原表的文件夹。")
        tasks.append(Task(str(path), rel, profile, str(target) if target else None, password))
    return tasks


def split_duplicates(tasks: Sequence[Task]) -> tuple[list[int], dict[int, Outcome]]:
    """Indices still to check, and the outcomes of files byte-identical to an earlier one.

    Hashing here, before dispatch, means a duplicate is never checked twice and its
    row names the file it repeats, whatever order the workers finish in.
    """
    first_seen: dict[str, str] = {}
    todo: list[int] = []
    outcomes: dict[int, Outcome] = {}
    for i, task in enumerate(tasks):
        digest = _digest(task.path)
        if digest is not None and digest in first_seen:
            outcomes[i] = duplicate(task, first_seen[digest])
            continue
        todo.append(i)
        if digest is not None:
            first_seen[digest] = task.rel
    return todo, outcomes


def collect(outcomes: dict[int, Outcome], count: int) -> BatchResult:
    """One BatchResult from every task's outcome, rows in task order (from any executor)."""
    result = BatchResult(files=count)
    for i in range(count):
        o = outcomes[i]
        result.rows += o.rows
        result.findings += o.findings
        result.unchecked += o.unchecked
        result.with_errors += o.has_error
        result.failed_outputs += o.output_failed
        result.duplicates += o.rows[0]["status"] == DUPLICATE
        result.own_outputs += o.own_output
    return result


def run_batch(tasks: Sequence[Task], jobs: int | None = None,
              on_result: Callable[[int, Outcome], None] | None = None,
              on_started: Callable[[], None] | None = None) -> BatchResult:
    """Check every task (in a process pool unless ``jobs`` is 1) and gather rows in task order.

    ``on_started`` runs once the workers exist: the parent is idle from then on, so it
    is where the caller prepares what it needs afterwards (imports for the summary).
    """
    start = time.perf_counter()
    todo, outcomes = split_duplicates(tasks)
    done = 0
    for i in sorted(outcomes):
        done += 1
        if on_result:
            on_result(done, outcomes[i])
    for i, outcome in _outcomes({i: tasks[i] for i in todo}, jobs or pool.cores(), on_started or _nothing):
        outcomes[i] = outcome
        done += 1
        if on_result:
            on_result(done, outcome)
    result = collect(outcomes, len(tasks))
    result.seconds = time.perf_counter() - start
    return result


def _nothing() -> None:
    pass


def _outcomes(pending: dict[int, Task], jobs: int, on_started: Callable[[], None]) -> Iterator[tuple[int, Outcome]]:
    """(index, outcome) for every task, in order (``xltool.pool``).

    ``check_one`` catches every Python error, but a worker can still be killed (out of
    memory, a crash in native code). The pool is then broken for everyone, so the
    remaining files are retried one at a time, which tells which file killed it.
    """
    if jobs <= 1 or len(pending) <= 1:
        on_started()
        for i, task in pending.items():
            yield i, check_one(task)
        return
    from concurrent.futures.process import BrokenProcessPool

    left = dict(pending)
    try:
        for i, outcome in zip(list(left), pool.in_order(check_one, list(left.values()), jobs, on_started)):
            del left[i]
            yield i, outcome
    except BrokenProcessPool:
        yield from _one_at_a_time(left)


def _one_at_a_time(pending: dict[int, Task]) -> Iterator[tuple[int, Outcome]]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = None
    try:
        for i, task in pending.items():
            pool = pool or ProcessPoolExecutor(max_workers=1)
            try:
                outcome = pool.submit(check_one, task).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                outcome = crashed(task, "处理进程异常退出，可能是文件结构异常导致读取组件崩溃或内存不足")
            yield i, outcome
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
