"""Evaluators' scoring tables (综合评分表, 得分情况表, 指标体系表): read, recalculate, cross-check.

``check_scoresheets(path, grids)`` finds every scoring table in a workbook's
grids, recalculates each scored row under the rule its own 评分规则 text states,
adds up every level, and compares the tables of the report with one another,
with a 自评表 in the same workbook and with the figures stated in text cells.
It returns one :class:`ScoreSheetResult` per table, shaped like
``xltool.api.FormResult`` (``findings``, ``summary()``), so the CLI, JSON output
and the annotated copy treat them like self-assessment forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xltool import profiles
from xltool.detect import read_grade
from xltool.findings import Finding, Severity
from xltool.grid import SheetGrid
from xltool.model import Cell, Form
from xltool.profiles import Profile
from xltool.scoresheet import crosstable, narrative, selfcheck
from xltool.scoresheet.model import ScoreTable
from xltool.scoresheet.reader import find_tables
from xltool.scoresheet.rollup import check_grade, check_table, compute_sums
from xltool.scoresheet.plausibility import implausible_amounts, reused_values
from xltool.scoresheet.rowcheck import check_leaf
from xltool.scoresheet.sideways import find_sideways
from xltool.scoring import round2

__all__ = ["ScoreSheetResult", "check_scoresheets", "find_scoresheets"]

_KIND_LABELS = {"detail": "综合评分表", "summary": "评价得分汇总表", "system": "评价指标体系表"}


@dataclass(frozen=True)
class ScoreSheetResult:
    """One scoring table, its findings and its declared and recalculated totals."""

    table: ScoreTable
    findings: tuple[Finding, ...]
    profile: Profile
    declared_total: float | None
    recalculated_total: float | None
    complete: bool  # the table covers the whole framework (its weights total the full marks)
    grade_cell: Cell | None = None  # the report's stated grade (this table's, or one stated beside the same total)

    def summary(self) -> dict:
        """Same keys as ``FormResult.summary()``, plus the table kind and where it starts."""
        t = self.table
        declared_grade = read_grade(self.grade_cell.value) if self.grade_cell is not None else None
        recalculated = self.recalculated_total if t.kind != "system" else None
        return {
            "sheet": t.sheet, "kind": "scoring", "title": t.title, "name": "", "unit": "",
            "profile": self.profile.name,
            "score": {"declared": self.declared_total, "recalculated": recalculated},
            "grade": {"declared": declared_grade,
                      "recalculated": self.profile.grade(recalculated) if self.complete else None},
            "kind_label": _KIND_LABELS[t.kind], "table_kind": t.kind, "cell": t.header.addr,
            "indicators": len(t.leaves),
        }

    def claims(self, form: Form) -> bool:
        """Whether a form found by ``xltool.detect`` is really this table (an evaluator's sheet)."""
        cell = form.columns.get("name") or next(iter(form.columns.values()), None)
        return cell is not None and self.table.covers(cell.sheet, cell.row)


def find_scoresheets(grids: list[SheetGrid]) -> list[ScoreTable]:
    """Every scoring table of a workbook, sheet by sheet, top to bottom."""
    tables: list[ScoreTable] = []
    for g in grids:
        found = find_tables(g)
        taken = {r for t in found for r in range(t.first_row, t.last_row + 1)}
        found += find_sideways(g, taken)
        tables += sorted(found, key=lambda t: t.first_row)
    return tables


def check_scoresheets(path: str | Path, grids: list[SheetGrid], profile: str | None = None) -> list[ScoreSheetResult]:
    """Read, recalculate and cross-check the scoring tables of a workbook (empty list when it has none).

    ``path`` is accepted for symmetry with ``check_grids``; everything is read from ``grids``.
    ``profile`` names the grade bands and tolerance (default mof2020); the scoring rules come
    from the tables themselves.
    """
    tables = find_scoresheets(grids)
    if not tables:
        return []
    prof = profiles.load(profile) if profile else profiles.load("mof2020")
    groups = crosstable.reports(tables)
    refs = [ref for ref, _ in groups]
    sums = {t: compute_sums(t) for t in tables}
    found, recalculated, measured = _within_tables(tables, refs, sums, prof.tolerance)
    flagged = {(f.sheet, f.cell) for fs in found.values() for f in fs if f.severity is Severity.ERROR}
    extra = [f for ref, members in groups
             for f in crosstable.check_tables(members, ref, sums, flagged, prof.tolerance)]
    extra += selfcheck.check(grids, tables, refs, sums, measured)
    if len(groups) == 1:  # prose cannot be tied to one of several reports
        extra += narrative.check(grids, tables, refs[0], sums[refs[0]], prof.tolerance)
    for f in extra:
        found[_owner(f, tables, refs[0])].append(f)
    results = []
    for t in tables:
        declared = t.total.score if t.total is not None else None
        complete = _complete(t, sums[t])
        grade = check_grade(t, prof, declared, recalculated[t]) if complete else []
        results.append(ScoreSheetResult(t, tuple(sorted(found[t] + grade, key=lambda f: f.sort_key)), prof,
                                         declared, recalculated[t], complete,
                                         t.grade_cell or _stated_grade(t, declared, tables) if complete else None))
    results.sort(key=lambda r: r.table is not refs[0])
    return results


def _within_tables(tables: list[ScoreTable], refs: list[ScoreTable], sums: dict, tol: float):
    """Row and roll-up checks of each table: findings per table, recalculated totals, measured values."""
    found: dict[ScoreTable, list[Finding]] = {t: [] for t in tables}
    recalculated: dict[ScoreTable, float | None] = {}
    measured = {}
    for t in tables:
        leaf_scores = []
        for leaf in t.leaves:
            row = check_leaf(t, leaf, tol, explain_missing_rule=t in refs)
            found[t] += row.findings
            leaf_scores.append(row.recalculated)
            if row.measured is not None:
                measured[leaf] = row.measured
        found[t] += check_table(t, sums[t], tol)
        recalculated[t] = _recalculated_total(t, sums[t], leaf_scores)
    for ref in refs:
        found[ref] += reused_values(ref, measured) + implausible_amounts(ref)
    return found, recalculated, measured


def _recalculated_total(t: ScoreTable, sums, leaf_scores: list[float | None]) -> float | None:
    """Σ rule-checked leaf scores for a detail table; Σ recomputed 一级 scores for the others."""
    if t.kind == "detail" and leaf_scores and all(s is not None for s in leaf_scores):
        return round2(sum(leaf_scores))
    roots = [sums.score.get(r) for r in t.roots]
    return round2(sum(roots)) if roots and all(s is not None for s in roots) else None


def _complete(t: ScoreTable, sums) -> bool:
    """Whether the table covers the whole framework (full marks 100), so that a grade applies to it."""
    weights = [r.weight if r.weight is not None else sums.weight.get(r) for r in t.roots]
    if t.total is not None and t.total.weight is not None:
        return abs(t.total.weight - 100) < 0.5
    return bool(weights) and all(w is not None for w in weights) and abs(sum(weights) - 100) < 0.5


def _stated_grade(t: ScoreTable, declared: float | None, tables: list[ScoreTable]) -> Cell | None:
    """The grade another table of the report states beside the same total (表3-1 '绩效等级：良')."""
    for other in tables:
        if other.grade_cell is not None and other.total is not None and declared is not None \
                and other.total.score is not None and abs(other.total.score - declared) < 0.005:
            return other.grade_cell
    return None


def _owner(f: Finding, tables: list[ScoreTable], ref: ScoreTable) -> ScoreTable:
    """The table whose rows hold a finding's cell; prose findings go to the report's main table."""
    row = f.sort_key[1] - 1
    return next((t for t in tables if t.covers(f.sheet, row)), ref)
