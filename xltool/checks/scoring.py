"""Evaluators' scoring tables (综合评分表, 得分情况表, 指标体系表): read, recalculate, cross-check.

``check_scoresheets(grids, forms, profile)`` finds every scoring table in a workbook's
grids, recalculates each scored row under the rule its own 评分规则 text states,
adds up every level, and compares the tables of the report with one another,
with a 自评表 in the same workbook and with the figures stated in text cells.
It returns one :class:`ScoreSheetResult` per table, shaped like
``xltool.result.FormResult`` (``findings``, ``summary()``), so the CLI, JSON output
and the annotated copy treat them like self-assessment forms.
"""

from __future__ import annotations


from xltool.compute.profiles import Profile
from xltool.findings import Finding, Severity
from xltool.model.grid import SheetGrid
from xltool.model.form import Cell, Form
from xltool.checks import crosstable, selfcheck
from xltool.checks import scoring_narrative as narrative
from xltool.model.scoretable import Node, ScoreTable
from xltool.checks.rollup import check_grade, check_table, compute_sums, consequences
from xltool.checks.plausibility import implausible_amounts, reused_values
from xltool.checks.rowcheck import check_leaf
from xltool.compute.methods import round2
from xltool.result import ScoreSheetResult

__all__ = ["check_scoresheets"]


def check_scoresheets(grids: list[SheetGrid], tables: list[ScoreTable], forms: list[Form],
                      profile: Profile) -> list[ScoreSheetResult]:
    """Recalculate and cross-check the scoring tables of a workbook (``detect.scoring.find_scoresheets``).

    ``forms`` are the 自评表 the caller detected in the same grids (compared with the
    scoring tables, never detected again); ``profile`` gives the full marks, grade bands and tolerance; the scoring rules come
    from the tables themselves. No tables, no results.
    """
    if not tables:
        return []
    prof = profile
    groups = crosstable.reports(tables)
    refs = [ref for ref, _ in groups]
    sums = {t: compute_sums(t) for t in tables}
    found, recalculated, measured, fixes = _within_tables(tables, refs, sums, prof)
    fixed = {t: compute_sums(t, fixes[t]) for t in tables}
    causes = {t: _causes(t, fixes[t]) for t in tables}
    for t in tables:
        found[t] += consequences(t, sums[t], fixed[t], causes[t], prof.tolerance)
    flagged = {(f.sheet, f.cell) for fs in found.values() for f in fs if f.severity is Severity.ERROR}
    extra = [f for ref, members in groups
             for f in crosstable.check_tables(members, ref, sums, flagged, prof.tolerance,
                                              fixed=fixed[ref], causes=causes[ref])]
    extra += selfcheck.check(forms, tables, refs, sums, measured)
    if len(groups) == 1:  # prose cannot be tied to one of several reports
        extra += narrative.check(grids, tables, refs[0], sums[refs[0]], prof.tolerance)
    for f in extra:
        found[_owner(f, tables, refs[0])].append(f)
    results = []
    for t in tables:
        declared = t.total.score if t.total is not None else None
        complete = _complete(t, sums[t], prof.full_marks)
        grade = check_grade(t, prof, declared, recalculated[t]) if complete else []
        results.append(ScoreSheetResult(t, tuple(sorted(found[t] + grade, key=lambda f: f.sort_key)), prof,
                                         declared, recalculated[t], complete,
                                         t.grade_cell or _stated_grade(t, declared, tables) if complete else None))
    results.sort(key=lambda r: r.table is not refs[0])
    return results


def _within_tables(tables: list[ScoreTable], refs: list[ScoreTable], sums: dict, profile: Profile):
    """Row and roll-up checks of each table: findings per table, recalculated totals, measured values,
    and the certain corrections (leaf → the score its rule gives, where an error sits on its score cell)."""
    found: dict[ScoreTable, list[Finding]] = {t: [] for t in tables}
    recalculated: dict[ScoreTable, float | None] = {}
    measured = {}
    fixes: dict[ScoreTable, dict[Node, float]] = {t: {} for t in tables}
    for t in tables:
        leaf_scores = []
        for leaf in t.leaves:
            row = check_leaf(t, leaf, profile.tolerance, explain_missing_rule=t in refs)
            found[t] += row.findings
            leaf_scores.append(row.recalculated)
            if row.measured is not None:
                measured[leaf] = row.measured
            if _certainly_wrong(leaf, row, profile.tolerance):
                fixes[t][leaf] = row.recalculated
        found[t] += check_table(t, sums[t], profile, compute_sums(t, fixes[t]) if fixes[t] else None)
        recalculated[t] = _recalculated_total(t, sums[t], leaf_scores)
    for ref in refs:
        found[ref] += reused_values(ref, measured) + implausible_amounts(ref)
    return found, recalculated, measured, fixes


def _certainly_wrong(leaf: Node, row, tol: float) -> bool:
    """An error-level finding sits on the leaf's score cell and its rule gives another score."""
    cell = leaf.score_cell
    return cell is not None and leaf.score is not None and row.recalculated is not None \
        and abs(row.recalculated - leaf.score) > tol \
        and any(f.severity is Severity.ERROR and f.cell == cell.addr and f.sheet == cell.sheet for f in row.findings)


def _causes(t: ScoreTable, fixes: dict[Node, float]) -> dict[Node, list[str]]:
    """For every node, the corrected score cells beneath it (itself, for a leaf)."""
    out: dict[Node, list[str]] = {}

    def visit(node: Node) -> list[str]:
        cells = [node.score_cell.addr] if node in fixes else []
        for child in node.children:
            cells += visit(child)
        out[node] = cells
        return cells

    for root in t.roots:
        visit(root)
    return out


def _recalculated_total(t: ScoreTable, sums, leaf_scores: list[float | None]) -> float | None:
    """Σ rule-checked leaf scores for a detail table; Σ recomputed 一级 scores for the others."""
    if t.kind == "detail" and leaf_scores and all(s is not None for s in leaf_scores):
        return round2(sum(leaf_scores))
    roots = [sums.score.get(r) for r in t.roots]
    return round2(sum(roots)) if roots and all(s is not None for s in roots) else None


def _complete(t: ScoreTable, sums, full_marks: float) -> bool:
    """Whether the table covers the whole framework (its weights total the full marks), so that a grade applies."""
    weights = [r.weight if r.weight is not None else sums.weight.get(r) for r in t.roots]
    if t.total is not None and t.total.weight is not None:
        return abs(t.total.weight - full_marks) < 0.5
    return bool(weights) and all(w is not None for w in weights) and abs(sum(weights) - full_marks) < 0.5


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
