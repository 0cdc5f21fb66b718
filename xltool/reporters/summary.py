"""The batch summary: one workbook (or CSV/JSON) a finance bureau reviews instead of 300 files.

Sheet 汇总 has one row per file and form, red where the recalculation found errors,
with a link to each annotated copy; 核查明细 lists every finding for filtering; 统计
shows four small tables (score distribution, grade changes, frequent codes,
units with most errors) with a chart next to each, because reviewers look at charts
before they read tables. Those tables are counted with the standard library, not pandas:
importing pandas cost the batch ~0.15–0.2 s of CPU (measured, on top of openpyxl), taken
from the workers on a 2-core machine, for four tables of a few rows.

Everything quoted from a submission (unit and indicator names, messages, file names)
goes through :func:`xltool.reporters.safe.set_text`, so an indicator named
``=HYPERLINK(...)`` stays text; the only hyperlinks are to annotated copies this tool
wrote. The file is written atomically and never over an input.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from xltool.io.atomic import write_atomically
from xltool.reporters.safe import csv_safe
from xltool.result import OK, BatchResult
from xltool.codes import CATALOGUE

__all__ = ["COLUMNS", "FINDING_COLUMNS", "FORMATS", "MARK", "Table", "is_own_summary", "statistics", "write_summary"]

FORMATS = ("xlsx", "csv", "json")
MARK = "xltool-batch-summary"
"""Keyword stamped into the summary workbook, so a re-run may replace it although it is an .xlsx."""

COLUMNS = (("unit", "单位", 16), ("project", "项目", 22), ("file", "文件", 20), ("sheet", "工作表", 12),
           ("status", "状态", 9), ("kind", "表类型", 12), ("profile", "评分规则", 12),
           ("declared_total", "申报总分", 8), ("recalculated_total", "重算总分", 8), ("difference", "差额", 7),
           ("declared_grade", "申报等级", 6), ("recalculated_grade", "重算等级", 6), ("errors", "错误数", 6),
           ("warnings", "警告数", 6), ("first_error", "首个错误说明", 36), ("annotated", "标注副本", 16))
FINDING_COLUMNS = (("file", "文件", 22), ("sheet", "工作表", 12), ("cell", "单元格", 7), ("code", "代码", 7),
                   ("severity", "级别", 7), ("indicator", "指标", 22), ("message", "问题说明", 50),
                   ("expected", "应为", 12), ("found", "实为", 12))
_SEVERITY = {"error": "● 错误", "warning": "▲ 警告", "info": "○ 提示"}
_SCORE_BINS = (0, 50, 60, 70, 80, 90, float("inf"))
_SCORE_LABELS = ("<50", "50–59.99", "60–69.99", "70–79.99", "80–89.99", "≥90")
_GRADES = ("优", "良", "中", "差")
_TOP = 15


def write_summary(result: BatchResult, out: Path, fmt: str, inputs: Sequence[Path]) -> Path:
    """Write the summary in ``fmt`` to ``out`` atomically; refuses to replace an input file."""
    out = Path(out)
    writer = {"xlsx": _write_xlsx, "csv": _write_csv, "json": _write_json}[fmt]
    rows = [_with_link(row, out.parent) for row in result.rows]
    return write_atomically(out, lambda tmp: writer(result, rows, tmp), inputs=inputs)


def is_own_summary(path: Path) -> bool:
    """True when ``path`` is a summary workbook an earlier batch run wrote (safe to replace)."""
    from xltool.reporters.marker import SUMMARY, output_kind

    return output_kind(path) == SUMMARY


def _with_link(row: dict, base: Path) -> dict:
    """The row with the annotated copy as a path relative to the summary, which moves with it."""
    copy = dict(row)
    if row["annotated"]:
        copy["annotated"] = Path(os.path.relpath(row["annotated"], base.absolute())).as_posix()
    return copy


# ---- statistics --------------------------------------------------------------------
# The order is the one pandas gave (tests/test_summary_stats.py): crosstab labels sorted,
# value_counts ties by first appearance, units sorted and then stably by count.

class Table(NamedTuple):
    """One table of 统计: ``labels`` leading text columns, then the counts the chart shows."""

    columns: tuple[str, ...]
    rows: list[tuple]
    labels: int = 1


def statistics(rows: list[dict], findings: list[dict]) -> dict[str, Table]:
    """The four tables of 统计: first column is the category, the rest counts."""
    # whole forms only: the tables of one evaluation report are counted once, under their workbook
    checked = [r for r in rows if r["status"] == OK and (_missing(r.get("whole")) or bool(r["whole"]))]
    bins = Counter(_score_bin(r["recalculated_total"]) for r in checked)
    distribution = Table(("重算总分", "份数"), [(label, bins[label]) for label in _SCORE_LABELS])

    pairs = Counter((_or(r["declared_grade"], "未填"), _or(r["recalculated_grade"], "无法重算")) for r in checked
                    if not (_missing(r["declared_grade"]) and _missing(r["recalculated_grade"])))
    changes = Table(("申报等级＼重算等级", "份数"), [("（无）", 0)])
    if pairs:
        declared = _grade_order(sorted({d for d, _ in pairs}), "未填")
        recalculated = _grade_order(sorted({g for _, g in pairs}), "无法重算")
        changes = Table(("申报等级＼重算等级", *recalculated), [(d, *(pairs[d, g] for g in recalculated)) for d in declared])

    codes = Counter(f["code"] for f in findings).most_common(_TOP)
    frequent = Table(("代码", "问题", "条数"),
                     [(c, CATALOGUE[c].title if c in CATALOGUE else c, n) for c, n in codes] or [("（无）", "未发现问题", 0)],
                     labels=2)

    # errors of every row of a form's workbook (a report's tables too), by the unit it names; forms that
    # name no unit cannot be ranked as a unit
    per_unit: Counter = Counter()
    for r in rows:
        if r["status"] == OK and not _missing(r["unit"]):
            per_unit[r["unit"]] += r["errors"]
    ranked = sorted(((u, n) for u, n in sorted(per_unit.items()) if n > 0), key=lambda un: -un[1])[:_TOP]
    worst = Table(("单位", "错误数"), ranked or [("（无）", 0)])
    graded = sum(pairs.values())
    changes_title = "等级变化（申报→重算）" + (f"，另有 {len(checked) - graded} 份未填等级且无法重算"
                                          if len(checked) > graded else "")
    return {"重算总分分布": distribution, changes_title: changes,
            "最常见的问题代码": frequent, "错误最多的单位": worst}


def _missing(value: object) -> bool:
    """A blank cell of the summary: None, empty text or NaN."""
    return value is None or value == "" or value != value


def _or(value: object, blank: str) -> object:
    return blank if _missing(value) else value


def _score_bin(value: object) -> str | None:
    """The distribution label of a recalculated total; None when it is no finite score ≥ 0."""
    if not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        return None
    return _SCORE_LABELS[bisect.bisect_right(_SCORE_BINS, value) - 1]


def _grade_order(labels: list, missing: str) -> list:
    """优 良 中 差 first, then the 'missing' label, then anything a profile named otherwise."""
    first = [*_GRADES, missing]
    return [g for g in first if g in labels] + [g for g in labels if g not in first]


# ---- xlsx --------------------------------------------------------------------------

def _write_xlsx(result: BatchResult, rows: list[dict], path: Path) -> None:
    from openpyxl import Workbook

    from xltool.reporters.summary_sheets import findings_sheet, stats_sheet, summary_sheet

    from xltool.reporters.marker import SUMMARY, stamp

    wb = Workbook()
    stamp(wb, SUMMARY)
    wb.properties.creator = "xltool"
    wb.properties.keywords = MARK
    wb.properties.title = "绩效自评表批量核查汇总"
    summary_sheet(wb.active, rows, COLUMNS)
    findings_sheet(wb.create_sheet("核查明细"), result.findings, FINDING_COLUMNS, _SEVERITY)
    stats_sheet(wb.create_sheet("统计"), statistics(rows, result.findings))
    wb.save(path)


# ---- csv / json --------------------------------------------------------------------

def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return csv_safe(value) if isinstance(value, str) else value


def _write_csv(result: BatchResult, rows: list[dict], path: Path) -> None:
    from xltool.reporters.names import profile_name

    # utf-8-sig: Excel on Chinese Windows opens a BOM-less UTF-8 CSV as GBK mojibake
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([label for _, label, _ in COLUMNS])
        for row in rows:
            cells = {**row, "annotated": row["annotated"] or row["annotated_note"] or None,
                     "profile": profile_name(row["profile"], short=True)}
            out.writerow([_csv_cell(cells[key]) for key, _, _ in COLUMNS])


def _write_json(result: BatchResult, rows: list[dict], path: Path) -> None:
    document = {
        "schema_version": 1,
        "summary": {"files": result.files, "forms": result.forms, "unchecked": result.unchecked,
                    "duplicates": result.duplicates, "files_with_errors": result.with_errors,
                    "exit_code": result.exit_code},
        "columns": {key: label for key, label, _ in COLUMNS},
        "rows": rows,
        "findings": result.findings,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(document, fh, ensure_ascii=False, indent=1, default=str)
