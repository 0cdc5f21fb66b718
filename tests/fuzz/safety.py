"""What a workbook xltool wrote may contain: no formula, DDE or external link the input did not have.

Submitted text (indicator names, narratives, units) ends up in the annotated copy,
its 核查结果 sheet, cell comments and the batch summary. If any of it became a
formula, opening our report would run it: ``=HYPERLINK(...)`` phones home,
``=cmd|' /C calc'!A0`` asks to start a program. The check compares the written file
with the input, so the submission's own formulas (kept in the copy on purpose)
are not counted, while any formula, external relationship or outward hyperlink
that appears only in our output is. It reads the package XML itself — a formula is
an ``<f>`` element — which is what Excel sees and ten times faster than openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from xltool.io.limits import sheet_parts

_EXTERNAL = re.compile(rb'<Relationship\b[^>]*TargetMode="External"[^>]*>')
_TARGET = re.compile(rb'Target="([^"]*)"')
_CELL = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?c>)', re.S)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def formulas(path: Path) -> set[tuple[str, str]]:
    """(sheet, cell) of every formula cell in a package."""
    found = set()
    with zipfile.ZipFile(path) as zf:
        for part, sheet in sheet_parts(zf).items():
            if part not in zf.namelist():
                continue
            found |= {(sheet, m.group(1).decode()) for m in _CELL.finditer(zf.read(part))
                      if m.group(2) and _FORMULA.search(m.group(2))}
    return found


def external_targets(path: Path) -> set[bytes]:
    """Targets of every external relationship (hyperlinks to files or sites, linked workbooks, DDE)."""
    with zipfile.ZipFile(path) as zf:
        found = set()
        for name in zf.namelist():
            if name.endswith(".rels"):
                for rel in _EXTERNAL.findall(zf.read(name)):
                    m = _TARGET.search(rel)
                    found.add(m.group(1) if m else rel)
            if name.startswith("xl/externalLinks/"):
                found.add(name.encode())
        return found


def unsafe_output(src: Path | None, out: Path, allowed_targets: set[str] = frozenset()) -> list[str]:
    """Problems in ``out``, a workbook xltool wrote from ``src`` (None: it came from no workbook).

    Reported: a formula cell not present at the same place in ``src``; an external
    relationship (hyperlink, linked file, DDE) not in ``src`` whose target is not one
    of ``allowed_targets`` (files the tool itself wrote).
    """
    before_f: set[tuple[str, str]] = set()
    before_x: set[bytes] = set()
    if src is not None and zipfile.is_zipfile(src):
        try:
            before_f, before_x = formulas(src), external_targets(src)
        except (zipfile.BadZipFile, KeyError, OSError):  # unreadable input: every formula in out is ours
            pass
    problems = [f"公式 {sheet}!{cell}" for sheet, cell in sorted(formulas(out) - before_f)]
    allowed = {t.encode() for t in allowed_targets}
    problems += [f"外部链接 {t.decode('utf-8', 'replace')}" for t in sorted(external_targets(out) - before_x - allowed)]
    return problems
