"""XT003: an Excel error value (#DIV/0!, #REF! …) in a cell the recalculation reads.

A broken formula shows an error instead of a number. The recalculation reads
such a cell as missing, so without this check the accountant would hear nothing
about a 得分 showing #DIV/0! — or, worse, only about its side effects: a 总分
that no longer equals the sum, weights that no longer add up to 100. This check
names the cell itself; sums over such a cell are unknown (the recalculation leaves
weight total, declared sum and recalculated total empty, and ``recalc.source_sums``
skips a funds column whose sources show one), so nothing else is reported for the same cause.

The reader delivers error values as their text ('#DIV/0!'; see
``xltool.io.read``), which ``parse_value`` classifies as kind ``'error'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.model.form import Cell, Form
from xltool.compute.recalc import FormCalc, shows_error
from xltool.model.values import parse_value

# indicator columns read as values, with the label used when the form's header is missing
_INDICATOR_COLUMNS = (("target", "年度指标值"), ("actual", "实际完成值"), ("weight", "分值"),
                      ("rate", "完成率"), ("score", "得分"))
_FUNDS_COLUMNS = (("initial", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"),
                  ("weight", "分值"), ("rate", "执行率"), ("score", "得分"))
# what usually produces each error, so the message says where to look
_CAUSES = {
    "#DIV/0!": "除数为 0 或为空",
    "#VALUE!": "公式中有文字或格式不符的数据参与计算",
    "#REF!": "公式引用的单元格已被删除",
    "#N/A": "查找的值不存在",
    "#NAME?": "函数名或名称拼写有误",
    "#NUM!": "数值无效或超出范围",
    "#NULL!": "引用的区域不相交",
}


def any_error(cells: Iterable[Cell | None]) -> bool:
    """Whether any of the cells holds an Excel error value (a sum over them is unknown)."""
    return any(shows_error(c) for c in cells)


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT003 on each indicator, funds and 总分 cell that holds an error value."""
    form = calc.form
    for ind in form.indicators:
        for role, default in _INDICATOR_COLUMNS:
            cell = getattr(ind, role)
            if shows_error(cell):
                label = _header(form, role, default)
                yield _finding(form, cell, fragment("XT003", "indicator", path=ind.path, column=label), ind.path)
    for row in form.funds:
        for role, label in _FUNDS_COLUMNS:
            cell = getattr(row, role)
            if shows_error(cell):
                where = fragment("XT003", "funds", label=row.label, column=label) if row.label else \
                    fragment("XT003", "funds_unlabelled", column=label)
                yield _finding(form, cell, where, "")
    if shows_error(form.total):
        yield _finding(form, form.total, fragment("XT003", "total"), "")


def _finding(form: Form, cell: Cell, where: str, indicator: str) -> Finding:
    text = parse_value(cell.value).text
    cause = _CAUSES.get(text.upper())
    because = fragment("XT003", "cause", cause=cause) if cause else ""
    return finding("XT003", form.sheet, cell.addr, "default", where=where, text=text, because=because,
                   found=text, indicator=indicator)


def _header(form: Form, role: str, default: str) -> str:
    """The column's header as the form writes it ('实际完成值（B）'), without line breaks."""
    header = form.columns.get(role)
    text = "" if header is None else re.sub(r"\s+", "", str(header.value or ""))
    return text or default
