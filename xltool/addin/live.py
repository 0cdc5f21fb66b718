"""The Python side of the 绩效核查 ribbon: one entry point per button, on the active workbook.

Every button runs ``on_button(<button id>)`` through xlwings' RunPython (see
xltool/addin/macros/XltoolRibbon.bas); ``BUTTONS`` maps the ids of xltool/addin/macros/customUI.xml to the
functions below. Each function reads the live book into grids, lets the engine
(``xltool.api.check_grids``) decide, and maps its answer back onto the book. Results
are shown in a message box; nothing is saved, so closing the workbook without saving
undoes everything a button did (Excel has no Undo for changes made by a macro).
"""

from __future__ import annotations

import importlib.util
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xltool.addin import marks, scores
from xltool.addin.book import alert, as_text, grid_value, read_formulas, read_grids, sheet_extent, status
from xltool.addin.protection import Journal, ProtectedSheet, unprotected
from xltool.api import check_read
from xltool.result import WorkbookResult
from xltool.findings import Severity
from xltool.display import num

_MAX_LINES = 15  # a message box taller than the screen hides its OK button


@dataclass
class RecalcReport:
    """What 重算得分 did: cells written, and cells left alone with the reason."""

    written: list[scores.Write] = field(default_factory=list)
    kept: list[tuple[scores.Write, str]] = field(default_factory=list)


def check_book(book) -> WorkbookResult:
    """The engine's verdict on the live book: ``xltool check``'s own entry (``check_read``) on its cells.

    The template checks (XT110–XT112) take the formulas from the open workbook where the
    engine can read them, else from the file on disk; the template marker is read from
    that file (a book never saved has none, as a workbook not made from a template).
    """
    grids = read_grids(book, skip=_our_sheets(book))
    return check_read(Path(book.fullname), grids, formulas=_live_formulas(book))


def _our_sheets(book) -> tuple[str, ...]:
    """核查结果 (and 核查结果2 …) and the hidden state sheet, which a new check must not read."""
    names = [s.name for s in book.sheets]
    return tuple(n for n in names if n == marks.STATE_SHEET or n.startswith(marks.RESULT_SHEET)) \
        if marks.STATE_SHEET in names else ()


def _live_formulas(book):
    """``formulas(sheet, addr)`` over the open workbook, or None when the engine cannot read formulas."""
    cache: dict[str, list[list[str]] | None] = {}

    def grid(name: str):
        if name not in cache:
            sheet = book.sheets[name]
            cache[name] = read_formulas(sheet, *sheet_extent(sheet))
        return cache[name]

    first = next(iter(book.sheets), None)
    if first is None or grid(first.name) is None:  # the engine cannot read formulas (remote book)
        return None

    def formulas(name: str, addr: str):
        from openpyxl.utils.cell import coordinate_to_tuple

        r, c = coordinate_to_tuple(addr)
        rows = grid(name) or []
        text = rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else ""
        return text or grid_value(book.sheets[name].range(addr).value)

    return formulas


def recalc_scores(book) -> RecalcReport:
    """重算得分: write recalculated rates, scores, 总分 and grade into the form's own cells."""
    result = check_book(book)
    report = RecalcReport()
    if result.error:
        alert(book, result.error)
        return report
    planned = []
    for form_result in result.self_assessments:
        sheet = book.sheets[form_result.form.sheet]
        writes = scores.plan(form_result)
        formulas = _formula_map(sheet, writes)
        for w in writes:
            if formulas.get((w.cell.row, w.cell.col)):
                report.kept.append((w, "公式单元格，未改写；请检查公式或其引用的数据"))
            elif formulas and scores.typed_over(w, formulas, scores.role_cells(form_result, w.role)):
                report.kept.append((w, "同列其他单元格为公式而此格为手填数值（公式可能被覆盖），未改写"))
            else:
                planned.append((sheet, w))
    try:
        with unprotected(book, sorted({w.cell.sheet for _, w in planned})), Journal().all_or_nothing() as journal:
            for sheet, w in planned:
                rng = sheet.range((w.cell.row + 1, w.cell.col + 1))
                journal.add(lambda rng=rng, old=w.cell.value: setattr(rng, "value", as_text(old)))
                rng.value = as_text(w.value)
                report.written.append(w)
    except ProtectedSheet as exc:
        alert(book, str(exc))
        return RecalcReport()
    alert(book, _recalc_message(report))
    return report


def check_and_mark(book) -> WorkbookResult:
    """核查并标注: the annotated-copy marks, notes and 核查结果 sheet, applied to the open workbook.

    Earlier marks come off first, so they are neither checked nor doubled. The new marks
    are all or nothing: a failure part-way takes back every mark already made. Sheets
    protected without a password (xltool's templates) are unprotected meanwhile and
    protected again as they were.
    """
    result = check_book(book)
    if result.error:
        alert(book, result.error)
        return result
    active = book.sheets.active
    status(book, "xltool：正在标注……")
    ours = _our_sheets(book)
    try:
        with unprotected(book, [s.name for s in book.sheets if s.name not in ours]):
            marks.clear(book)
            with Journal().all_or_nothing() as journal:
                title = marks.mark(book, result.findings, result.review_summary(), Path(book.fullname).name, journal)
    except ProtectedSheet as exc:
        alert(book, str(exc))
        return result
    finally:
        status(book, False)
    active.activate()
    alert(book, _check_message(result, title))
    return result


def clear_marks(book) -> marks.Cleared | None:
    """清除标注: remove what 核查并标注 (or ``xltool check --annotate``) added, restoring original fills and notes."""
    try:
        with unprotected(book, [s.name for s in book.sheets if s.name != marks.STATE_SHEET]):
            cleared = marks.clear(book)
    except ProtectedSheet as exc:
        alert(book, str(exc))
        return None
    if cleared is None:
        alert(book, "当前工作簿中没有本工具添加的标注。")
        return None
    message = f"已清除 {cleared.cells} 个单元格的标注，并删除工作表：{'、'.join(cleared.sheets)}。"
    if cleared.inexact_fills:
        message += f"\n其中 {cleared.inexact_fills} 个单元格原为主题色或渐变填充，已改为无填充，请按需重新设置。"
    alert(book, message)
    return cleared


def new_from_template(book, name: str | None = None) -> Path | None:
    """新建模板 (one menu item per template): open a new form from xltool's template ``name``."""
    if not templates_available():
        alert(book, "此版本的 xltool 尚未包含自评表模板。\n可先打开已有的自评表，使用“重算得分”和“核查并标注”。")
        return None
    import subprocess
    import sys
    import tempfile

    quiet = {"creationflags": subprocess.CREATE_NO_WINDOW} if sys.platform == "win32" else {}
    listed = subprocess.run([sys.executable, "-m", "xltool", "template", "--list"],
                            capture_output=True, text=True, encoding="utf-8", check=True, **quiet)
    names = [n.strip() for n in listed.stdout.splitlines() if n.strip()]
    if name not in names:
        alert(book, f"没有名为“{name}”的模板；可用的模板：{'、'.join(names)}。请重新生成加载项（xltool addin build）。")
        return None
    out = Path(tempfile.mkdtemp(prefix="xltool-")) / f"{name}.xlsx"
    subprocess.run([sys.executable, "-m", "xltool", "template", name, "-o", str(out)],
                   capture_output=True, check=True, **quiet)
    book.app.books.open(str(out))
    alert(book, f"已打开新模板“{name}”，请用“另存为”保存到您的文件夹。")
    return out


def templates_available() -> bool:
    """Whether this xltool has templates and the ``xltool template`` command this button drives.

    The button uses the command's documented interface (``--list``, ``NAME -o FILE``)
    rather than the templates' Python internals, which are another module's business.
    """
    return all(importlib.util.find_spec(m) is not None for m in ("xltool.templates", "xltool.commands.template"))


def batch_folder(book, folder: str | Path, jobs: int = 1) -> Path | None:
    """批量核查…: check every workbook under ``folder`` as ``xltool batch`` does, then open the summary.

    Progress goes to Excel's status bar. One process by default: the Python that Excel
    starts through RunPython is not a place to fork worker pools from (~100 files/s anyway). The summary is written next to the folder
    (``<folder>_核查汇总.xlsx``, or a numbered name if that exists), never inside it, so
    a later batch of the same folder does not pick it up as a submission.
    """
    from xltool import batch
    from xltool.reporters.summary import write_summary

    folder = Path(folder)
    if not folder.is_dir():
        alert(book, f"文件夹不存在：{folder}")
        return None
    files, _ = batch.discover([folder])
    if not files:
        alert(book, f"文件夹“{folder.name}”中没有 .xlsx/.xlsm/.xls 文件。")
        return None
    out = _summary_path(folder)
    total = len(files)
    status(book, f"xltool：批量核查 0/{total} 个文件……")

    def progress(done: int, _outcome) -> None:
        status(book, f"xltool：批量核查 {done}/{total} 个文件……")

    try:
        result = batch.run_batch(batch.plan(files), jobs=jobs, on_result=progress)
        status(book, "xltool：正在写入汇总……")
        write_summary(result, out, "xlsx", inputs=files)
    finally:
        status(book, False)
    book.app.books.open(str(out))
    lines = [f"批量核查完成：{result.files} 个文件，{result.forms} 张自评表；有错误的文件 {result.with_errors} 个，"
             f"未能核查 {result.unchecked} 个，重复 {result.duplicates} 个（{result.seconds:.1f} 秒）。",
             f"汇总已保存为：{out}"]
    alert(book, "\n".join(lines))
    return out


def _summary_path(folder: Path) -> Path:
    base = folder.resolve()
    out = base.parent / f"{base.name}_核查汇总.xlsx"
    n = 1
    while out.exists():
        n += 1
        out = base.parent / f"{base.name}_核查汇总{n}.xlsx"
    return out


def folder_from_code_points(hex_codes: str) -> str:
    """The folder path VBA sends as space-separated hex code points (any character survives RunPython)."""
    units = b"".join(int(code, 16).to_bytes(2, "little") for code in hex_codes.split())  # VBA strings are UTF-16
    return units.decode("utf-16-le")


BUTTONS: dict[str, Callable] = {
    "xltool_recalc": recalc_scores,
    "xltool_check": check_and_mark,
    "xltool_clear": clear_marks,
}
"""Ribbon button id (xltool/addin/macros/customUI.xml) → what it does; see also the two families below."""
TEMPLATE_PREFIX = "xltool_new."
"""新建模板 menu items: ``xltool_new.<template name>``."""
BATCH = "xltool_batch"
"""批量核查…: its VBA callback picks the folder and passes it as ``folder``."""


def on_button(control_id: str, book=None, folder: str | None = None):
    """The one entry point the ribbon calls; ``book`` defaults to the workbook Excel called from.

    ``folder`` (批量核查… only) is the chosen folder as hex code points, see ``folder_from_code_points``.
    """
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    if not _xlwings_recent_enough(book):
        return None
    if control_id.startswith(TEMPLATE_PREFIX):
        action = lambda b: new_from_template(b, control_id[len(TEMPLATE_PREFIX):])  # noqa: E731
    elif control_id == BATCH:
        if not folder:
            return None  # the folder dialog was cancelled
        action = lambda b: batch_folder(b, folder_from_code_points(folder))  # noqa: E731
    else:
        action = BUTTONS.get(control_id)
    if action is None:
        alert(book, f"未知的按钮“{control_id}”：加载项与已安装的 xltool 版本不一致，请重新生成加载项（xltool addin build）。")
        return None
    try:
        return action(book)
    except Exception as exc:  # shown to the user instead of xlwings' raw traceback window
        where = "".join(traceback.format_exception(exc)[-3:])
        alert(book, f"xltool 运行出错：{exc}\n\n{where}\n工作簿未保存，可不保存关闭以撤销本次改动。")
        return None


XLWINGS_FLOOR = (0, 37, 5)
"""The oldest xlwings with everything the buttons use (``Range.add_note`` arrived in 0.37.5)."""


def _xlwings_recent_enough(book) -> bool:
    import xlwings

    found = tuple(int(p) for p in re.findall(r"\d+", xlwings.__version__)[:3])
    if found >= XLWINGS_FLOOR:
        return True
    alert(book, f"所装 xlwings 版本为 {xlwings.__version__}，xltool 加载项需要 "
                f"{'.'.join(map(str, XLWINGS_FLOOR))} 或更高版本：请运行 pip install -U \"xlwings>=0.37.5\"，"
                "然后重新生成并安装加载项（xltool addin build）。")
    return False


def _formula_map(sheet, writes: list[scores.Write]) -> dict[tuple[int, int], str]:
    """Formulas of the form's cells by 0-based (row, col); empty when the engine cannot read formulas."""
    if not writes:
        return {}
    nrows, ncols = sheet_extent(sheet)
    grid = read_formulas(sheet, nrows, ncols)
    if grid is None:
        return {}
    return {(r, c): f for r, row in enumerate(grid) for c, f in enumerate(row) if f}


def _recalc_message(report: RecalcReport) -> str:
    if not report.written and not report.kept:
        return "重算完成：表中的完成率、得分、总分和等级与规则重算一致，未作改动。"
    lines = [f"重算完成：改写 {len(report.written)} 处" + (f"，另有 {len(report.kept)} 处未改写，请人工核对" if report.kept else "") + "。"]
    lines += [f"{w.cell.sheet}!{w.cell.addr} {w.what}：{w.old} → {w.shown}" for w in report.written]
    lines += [f"{w.cell.sheet}!{w.cell.addr} {w.what}：表中 {w.old}，重算 {w.shown}。{why}" for w, why in report.kept]
    return _clip(lines) + "\n\n如需撤销，请不保存关闭工作簿。"


def _check_message(result: WorkbookResult, title: str) -> str:
    counts = {s: sum(f.severity is s for f in result.findings) for s in Severity}
    if not result.findings:
        head = "核查完成：未发现问题。"
    else:
        head = "核查完成：" + "，".join(f"{s.label} {n} 条" for s, n in counts.items() if n) + \
               "。有问题的单元格已着色并加批注。"
    forms = [f"{s['sheet']}：申报总分 {num(s['score']['declared'])}，重算总分 {num(s['score']['recalculated'])}"
             for s in (r.summary() for r in result.forms)]
    return _clip([head, *forms, f"问题清单见“{title}”工作表；“清除标注”可恢复原样。"])


def _clip(lines: list[str]) -> str:
    if len(lines) <= _MAX_LINES:
        return "\n".join(lines)
    return "\n".join(lines[:_MAX_LINES - 1] + [f"……等共 {len(lines) - 1} 项"])
