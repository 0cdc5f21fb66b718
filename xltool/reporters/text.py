"""Text reporter: Chinese, grouped by file; severities coloured when writing to a terminal."""

from __future__ import annotations

import os
from collections import Counter

from xltool.result import WorkbookResult
from xltool.findings import Severity
from xltool.display import num

_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\033[{style}m{text}\033[0m" if colour else text


def colour_for(stream) -> bool:
    """Whether text for ``stream`` is coloured: only on a terminal, and never under NO_COLOR."""
    return stream.isatty() and "NO_COLOR" not in os.environ


def form_line(summary: dict, kind_label: str) -> str:
    """One form's heading: sheet, kind, title, profile and the declared → recalculated total."""
    from xltool.reporters.names import profile_name

    title = summary["name"] or summary["title"] or kind_label
    line = f"  工作表“{summary['sheet']}”· {kind_label} · {title} · 规则 {profile_name(summary['profile'])}"
    declared, recalculated = summary["score"]["declared"], summary["score"]["recalculated"]
    grades = summary["grade"]
    if declared is None and recalculated is None and not grades["declared"] and not grades["recalculated"]:
        return line + " · 未填写总分，无法重算"
    shown = num(declared) if declared is not None else "未填"
    recalc = num(recalculated) if recalculated is not None else "无法重算"
    grade = f"（{grades['declared']}）" if grades["declared"] else ""
    regrade = f"（{grades['recalculated']}）" if grades["recalculated"] else ""
    return line + f" · 申报总分 {shown}{grade} → 重算 {recalc}{regrade}"


def render_result(result: WorkbookResult, colour: bool = False) -> str:
    """One file's forms, totals and findings as printed (a worker process renders, the parent prints)."""
    lines = [_paint(str(result.path), "1", colour)]
    if result.error:
        lines.append("  " + _paint("无法核查：", "1;31", colour) + result.error)
    else:
        for form in result.forms:
            s = form.summary()
            lines.append(form_line(s, s.get("kind_label") or form.form.kind_label))
        findings = result.findings
        if not findings:
            lines.append("  " + _paint("未发现问题。", "32", colour))
        else:
            for f in findings:
                where = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
                lines.append(f"  {_paint(f'{f.severity.label} {f.code}', _STYLE[f.severity], colour)} {where}  {f.message}")
            counts = Counter(f.severity for f in findings)
            lines.append("  合计：" + "，".join(f"{s.label} {counts[s]} 条" for s in Severity if counts[s]))
    return "\n".join(lines) + "\n"
