"""``xltool batch``: check folders of submitted workbooks into one summary workbook.

A thin adapter: discovery, the pool and the rows live in :mod:`xltool.batch`, the
summary file in :mod:`xltool.reporters.summary`. This module parses options, shows
progress and prints the closing summary in Chinese.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from xltool.cli import count, echo, usage_error


def register(commands) -> None:
    """Add ``batch`` to the command line."""
    p = commands.add("batch", help="批量核查：逐个核查文件夹中的自评表，生成一份汇总（汇总、核查明细、统计图表）。")
    p.add_argument("paths", nargs="+", type=Path, metavar="路径", help="工作簿或文件夹（递归查找 .xlsx/.xlsm/.xls）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="汇总文件",
                   help="汇总文件路径：.xlsx、.csv 或 .json，如 汇总.xlsx（必需）")
    p.add_argument("--annotate-dir", type=Path, metavar="目录",
                   help="为有问题的文件生成标注副本的文件夹（按原目录结构存放，原文件不变）")
    p.add_argument("-j", "--jobs", type=count, metavar="个数", help="并行进程数，默认使用全部 CPU 核")
    p.add_argument("--profile", metavar="规则", help="强制使用的评分规则（mof2020、xinjiang 或 .toml 文件）")
    p.add_argument("--password", metavar="密码", help="加密工作簿的打开密码（对所有加密文件使用同一密码）")
    p.add_argument("-f", "--format", metavar="格式", help="汇总格式：xlsx、csv 或 json（默认按 -o 的扩展名）")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction,
                   help="显示进度条（--no-progress 不显示；默认仅在终端中显示）")
    p.set_defaults(run=lambda a: batch(a.paths, a.output, a.annotate_dir, a.jobs, a.profile, a.password,
                                       a.format, a.progress))


def batch(paths: list[Path], output: Path, annotate_dir: Path | None = None, jobs: int | None = None,
          profile: str | None = None, password: str | None = None, format: str | None = None,
          progress: bool | None = None) -> int:
    """批量核查：逐个核查文件夹中的自评表，生成一份汇总（汇总、核查明细、统计图表）。"""
    try:
        return _batch(paths, output, annotate_dir, jobs, profile, password, format, progress)
    except KeyboardInterrupt:
        echo("\n已中断：批量核查未完成，未写入汇总文件。", err=True)
        return 130


def _batch(paths, output, annotate_dir, jobs, profile, password, format, progress) -> int:
    from xltool import batch as engine
    from xltool.compute import profiles
    from xltool.io.atomic import UnsafeOutput, same_file_as
    from xltool.reporters.summary import FORMATS, is_own_summary, write_summary

    started = time.perf_counter()
    suffix = output.suffix.lower().lstrip(".")
    fmt = (format or suffix or "xlsx").lower()
    if fmt not in FORMATS:
        _usage(f"未知的汇总格式“{format or output.suffix}”，可选：{'、'.join(FORMATS)}"
               + ("" if format else "；请把 -o 的扩展名写成 .xlsx、.csv 或 .json"))
    if suffix and suffix != fmt:
        _usage(f"汇总文件 {output} 的扩展名与格式 {fmt} 不符；请把 -o 的扩展名写成 .{fmt}。")
    if jobs is not None and jobs < 1:
        _usage("--jobs 至少为 1。")
    try:
        profiles.require(profile)
    except profiles.ProfileError as exc:
        _usage(str(exc))
    files, skipped = engine.discover(paths, exclude=[annotate_dir] if annotate_dir else [])
    is_output = same_file_as(output)
    if any(map(is_output, files)):
        if fmt != "xlsx" or not is_own_summary(output):
            _usage(f"输出文件 {output} 是被核查的原表之一；为保护原表已拒绝写入，请另选输出路径。")
        files = [f for f in files if not is_output(f)]  # our own earlier summary, not a submission
    if not files:
        _usage("没有找到要核查的工作簿（.xlsx/.xlsm/.xls）。")
    try:
        tasks = engine.plan(files, profile, annotate_dir, password)
    except UnsafeOutput as exc:
        _usage(str(exc))
    created = [folder for folder in (output.parent, annotate_dir) if folder is not None and not folder.exists()]
    with _progress_bar(len(tasks), sys.stderr.isatty() if progress is None else progress) as advance:
        result = engine.run_batch(tasks, jobs, on_result=advance, on_started=_summary_imports(fmt))
    result.skipped = [str(p) for p in skipped]
    try:
        write_summary(result, output, fmt, inputs=files)
    except (OSError, UnsafeOutput) as exc:
        echo(f"无法写入汇总文件：{exc}", err=True)
        return 2
    _report(result, output, annotate_dir, time.perf_counter() - started, created)
    return result.exit_code


def _summary_imports(fmt: str):
    """Import the summary's libraries while the workers check files, not after them.

    openpyxl takes ~0.2 s of CPU to import. Called once the workers are forked (they do
    not need it), this overlaps the batch instead of adding to its end.
    """
    def warm() -> None:
        if fmt == "xlsx":  # the CSV and JSON summaries do not need it
            with _numpy_hidden():
                import xltool.reporters.summary_sheets  # noqa: F401

    return warm


@contextmanager
def _numpy_hidden():
    """Keep openpyxl from importing numpy, for the summary only.

    openpyxl imports numpy when it can (``openpyxl.compat.numbers``) just to accept numpy
    numbers as cell values: ~50 ms of CPU taken from the workers, for a summary that holds
    none. numpy stays importable afterwards (``formulas`` needs it in a retried worker).
    """
    if "numpy" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # 'import numpy' raises ImportError
    try:
        yield
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]


@contextmanager
def _progress_bar(total: int, enabled: bool):
    """Yield a callback for each finished file; one redrawn line on stderr with counts and ETA when enabled."""
    if not enabled:
        yield None
        return
    started = time.monotonic()
    state = {"unchecked": 0, "errors": 0, "last": 0.0, "shown": False}

    def advance(done: int, outcome) -> None:
        state["unchecked"] += outcome.unchecked
        state["errors"] += outcome.has_error and not outcome.unchecked
        now = time.monotonic()
        if now - state["last"] < 0.1 and done != total:
            return
        state["last"], state["shown"] = now, True
        spent = now - started
        left = spent / done * (total - done) if done else 0
        filled = 20 * done // max(total, 1)
        sys.stderr.write(f"\r核查 [{'#' * filled}{'.' * (20 - filled)}] {done}/{total}"
                         f"（有错误 {state['errors']}，无法核查 {state['unchecked']}）"
                         f" 已用 {_clock(spent)} 剩余 {_clock(left)} ")
        sys.stderr.flush()

    try:
        yield advance
    finally:
        if state["shown"]:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes}:{secs:02d}"


def _report(result, output: Path, annotate_dir: Path | None, seconds: float, created=()) -> None:
    """The closing lines: what was found, what could not be checked, how fast."""
    from xltool import batch as engine

    statuses = Counter(row["status"] for row in result.rows if row["status"] != engine.OK)
    severities = Counter(f["severity"] for f in result.findings)
    not_checked = "，".join(f"{s} {n}" for s, n in statuses.items() if s not in (engine.DUPLICATE, engine.OWN_OUTPUT))
    lines = [
        f"批量核查完成：共 {result.files} 个文件，识别表格 {result.forms} 张。",
        f"  可核查 {result.files - result.unchecked - result.duplicates - result.own_outputs} 个，"
        f"无法核查 {result.unchecked} 个"
        + (f"（{not_checked}）" if not_checked else "") + f"，重复文件 {result.duplicates} 个"
        + (f"，本工具输出（标注副本、汇总）{result.own_outputs} 个已跳过" if result.own_outputs else "")
        + (f"，跳过临时/隐藏文件 {len(result.skipped)} 个" if result.skipped else "") + "。",
        f"  错误 {severities['error']} 条，警告 {severities['warning']} 条，提示 {severities['info']} 条；"
        f"有错误的文件 {result.with_errors} 个。",
        f"  用时 {seconds:.2f} 秒，{result.files / max(seconds, 1e-9):.1f} 个文件/秒。",
        f"汇总已写入：{output}",
    ]
    copies = {row["annotated"] for row in result.rows if row["annotated"]}
    if annotate_dir is not None:
        lines.append(f"标注副本 {len(copies)} 份，位于：{annotate_dir}"
                     + (f"；{result.failed_outputs} 份写入失败，见汇总“标注副本”列" if result.failed_outputs else ""))
    lines += [f"已新建文件夹：{folder}" for folder in created if folder.exists()]
    echo("\n".join(lines))


def _usage(message: str) -> None:
    usage_error(message)
