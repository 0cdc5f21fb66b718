"""Text reporter: Chinese, grouped by file, coloured by severity (rich)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape

from xltool.result import WorkbookResult
from xltool.findings import Severity
from xltool.display import num

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def print_result(console: Console, result: WorkbookResult) -> None:
    """Print one file's forms, totals and findings."""
    console.print(f"[bold]{escape(str(result.path))}[/bold]")
    if result.error:
        console.print(f"  [bold red]无法核查：[/bold red]{escape(result.error)}")
        return
    for form in result.forms:
        s = form.summary()
        kind_label = s.get("kind_label") or form.form.kind_label
        title = s["name"] or s["title"] or kind_label
        console.print(
            f"  工作表“{escape(s['sheet'])}”· {escape(kind_label)} · {escape(title)} · 规则 {s['profile']}"
            f" · 申报总分 {num(s['score']['declared'])}（{s['grade']['declared'] or '未填'}）"
            f" → 重算 {num(s['score']['recalculated'])}（{s['grade']['recalculated'] or '—'}）")
    findings = result.findings
    if not findings:
        console.print("  [green]未发现问题。[/green]")
        return
    for f in findings:
        where = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
        console.print(f"  [{_STYLE[f.severity]}]{f.severity.label} {f.code}[/] {escape(where)}  {escape(f.message)}")
    counts = Counter(f.severity for f in findings)
    console.print("  合计：" + "，".join(f"{s.label} {counts[s]} 条" for s in Severity if counts[s]))
