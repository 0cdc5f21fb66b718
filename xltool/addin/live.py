"""The Python side of the 绩效核查 ribbon: one entry point per button, on the active workbook.

Every button runs ``on_button(<button id>)`` through xlwings' RunPython (see
macros/XltoolRibbon.bas); ``BUTTONS`` maps the ids of macros/customUI.xml to the
functions below. Each function reads the live book into grids, lets the engine
(``xltool.api.check_grids``) decide, and maps its answer back onto the book. Results
are shown in a message box; nothing is saved, so closing the workbook without saving
undoes everything a button did (Excel has no Undo for changes made by a macro).
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xltool.addin import marks, scores
from xltool.addin.book import alert, as_text, read_formulas, read_grids, sheet_extent, status
from xltool.api import check_grids
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
    """The engine's verdict on the live book, exactly as ``xltool check`` gives it for the saved file."""
    return check_grids(Path(book.fullname), read_grids(book))


def recalc_scores(book) -> RecalcReport:
    """重算得分: write recalculated rates, scores, 总分 and grade into the form's own cells."""
    result = check_book(book)
    report = RecalcReport()
    if result.error:
        alert(book, result.error)
        return report
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
                sheet.range((w.cell.row + 1, w.cell.col + 1)).value = as_text(w.value)
                report.written.append(w)
    alert(book, _recalc_message(report))
    return report


def check_and_mark(book) -> WorkbookResult:
    """核查并标注: the annotated-copy marks, notes and 核查结果 sheet, applied to the open workbook."""
    marks.clear(book)  # earlier marks come off first, so they are neither checked nor doubled
    result = check_book(book)
    if result.error:
        alert(book, result.error)
        return result
    active = book.sheets.active
    status(book, "xltool：正在标注……")
    title = marks.mark(book, result.findings, result.review_summary(), Path(book.fullname).name)
    active.activate()
    status(book, False)
    alert(book, _check_message(result, title))
    return result


def clear_marks(book) -> marks.Cleared | None:
    """清除标注: remove what 核查并标注 (or ``xltool check --annotate``) added, restoring original fills and notes."""
    cleared = marks.clear(book)
    if cleared is None:
        alert(book, "当前工作簿中没有本工具添加的标注。")
        return None
    message = f"已清除 {cleared.cells} 个单元格的标注，并删除工作表：{'、'.join(cleared.sheets)}。"
    if cleared.inexact_fills:
        message += f"\n其中 {cleared.inexact_fills} 个单元格原为主题色或渐变填充，已改为无填充，请按需重新设置。"
    alert(book, message)
    return cleared


def new_from_template(book) -> Path | None:
    """新建模板: open a new form from xltool's templates, where this installation has them."""
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
    if not names:
        alert(book, "没有可用的模板。")
        return None
    out = Path(tempfile.mkdtemp(prefix="xltool-")) / f"{names[0]}.xlsx"
    subprocess.run([sys.executable, "-m", "xltool", "template", names[0], "-o", str(out)],
                   capture_output=True, check=True, **quiet)
    book.app.books.open(str(out))
    others = f"\n其他模板（{'、'.join(names[1:])}）可用命令 xltool template 名称 -o 文件 生成。" if names[1:] else ""
    alert(book, f"已打开新模板“{names[0]}”，请用“另存为”保存到您的文件夹。{others}")
    return out


def templates_available() -> bool:
    """Whether this xltool has templates and the ``xltool template`` command this button drives.

    The button uses the command's documented interface (``--list``, ``NAME -o FILE``)
    rather than the templates' Python internals, which are another module's business.
    """
    return all(importlib.util.find_spec(m) is not None for m in ("xltool.templates", "xltool.commands.template"))


BUTTONS: dict[str, Callable] = {
    "xltool_recalc": recalc_scores,
    "xltool_check": check_and_mark,
    "xltool_clear": clear_marks,
    "xltool_template": new_from_template,
}
"""Ribbon button id (macros/customUI.xml) → what it does."""


def on_button(control_id: str, book=None):
    """The one entry point the ribbon calls; ``book`` defaults to the workbook Excel called from."""
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
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
