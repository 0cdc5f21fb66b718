"""The checks every scored form shares, written once: a score's bounds, an unverifiable score, the grade.

A 自评表 row and a 综合评分表 row are both "a score within its weight"; a 自评表 总分
and a 综合评分表 合计 both "state a grade the profile's bands must give". The
self-assessment checks (``indicators``, ``totals``) and the scoring-table checks
(``rowcheck``, ``rollup``) call these functions, so XT301, XT308, XT309, XT311 and
XT313 have one rule and one message whatever the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xltool.codes import finding, fragment
from xltool.compute.profiles import Profile
from xltool.compute.methods import round2
from xltool.display import json_num, num
from xltool.findings import Finding, Severity


def score_out_of_bounds(sheet: str, cell: str, label: str, score: float, weight: float | None, tol: float,
                        *, expected: Any) -> Finding | None:
    """XT313 for a negative score, XT301 for a score above its weight; None when within [0, weight]."""
    if score < -tol:
        return finding("XT313", sheet, cell, "default", label=label, score=num(score),
                       expected=json_num(expected), found=json_num(score), indicator=label)
    if weight is not None and score > weight + tol:
        return finding("XT301", sheet, cell, "default", label=label, score=num(score), weight=num(weight),
                       expected=json_num(expected), found=json_num(score), indicator=label)
    return None


def not_checkable(sheet: str, cell: str, label: str, score: float, reason: str) -> Finding:
    """XT311: the row's score cannot be recomputed by a machine, and why (a 提示, never an error)."""
    return finding("XT311", sheet, cell, "default", label=label, score=num(score), reason=reason,
                   found=json_num(score), indicator=label)


def depends_on_wrong(sheet: str, cell: str, label: str, stated: Any, expected: Any, causes: list[str],
                     *, shown: Callable[[Any], str] = num, indicator: str = "") -> Finding:
    """XT314: a stated number that agrees with its own inputs as stated, but one of those inputs is
    wrong (an error reported at its own cell), so this number is wrong too. ``label`` is a fragment of
    XT314 naming the number."""
    return finding("XT314", sheet, cell, "default", label=label, stated=shown(stated),
                   causes="、".join(dict.fromkeys(causes)), corrected=shown(expected),
                   expected=expected if isinstance(expected, str) else json_num(expected),
                   found=stated if isinstance(stated, str) else json_num(stated), indicator=indicator)


def weight_not_sum(sheet: str, cell: str, label: str, stated: float, parts: list[float], *, in_label: str = "",
                   indicator: str = "") -> Finding:
    """XT402: a weight a cell states (a 分值 cell, or a label such as '产出指标(60分)') is not the sum of
    the weights of its parts, read from their own cells or labels. ``in_label`` is the fragment of
    XT402 saying where a label states it; without one the weight is a 分值 cell's."""
    total = round2(sum(parts))
    return finding("XT402", sheet, cell, "default", label=label, where=in_label or fragment("XT402", "weight_cell"),
                   stated=num(stated), total=num(total), parts="+".join(num(p) for p in parts),
                   expected=total, found=stated, indicator=indicator)


def grade_findings(profile: Profile, sheet: str, *, stated: str | None, grade_cell: str | None,
                   declared_total: float | None, total_cell: str | None,
                   recalculated_total: float | None, certain: bool = True) -> list[Finding]:
    """XT308 (the stated grade is not the one the declared total earns) and XT309 (the grade the
    recalculated total earns is not the stated one).

    ``declared_total`` is the stated 总分, or the sum of the stated scores where the form
    states none. A finding needs a cell to sit on: XT308 the grade cell, XT309 the grade
    cell or else the total cell. When the grade is right for the recalculated total, only the
    total is wrong (reported there), so XT309 stays silent; so it does when the grade the
    declared total earns is already the right one (XT308 says so). ``certain`` is False when the
    recalculated total also counts what the rule gives for blank scores: XT309 is then a 提示.
    """
    if declared_total is None:
        return []
    out = []
    due = profile.grade(declared_total)
    if stated and grade_cell and due and stated != due:
        out.append(finding("XT308", sheet, grade_cell, "default", total=num(declared_total), grade=due,
                           bands=profile.bands_text(), stated=stated, expected=due, found=stated))
    again = profile.grade(recalculated_total)
    shown = stated if stated and grade_cell else due
    cell = grade_cell if stated and grade_cell else total_cell
    if cell and shown and again and again != shown and again != due:
        before = fragment("XT309", "stated", grade=stated) if stated and grade_cell else \
            fragment("XT309", "declared", total=num(declared_total), grade=due)
        out.append(finding("XT309", sheet, cell, "default", total=num(recalculated_total), grade=again,
                           before=before, note="" if certain else fragment("XT309", "uncertain"),
                           expected=again, found=shown, severity=None if certain else Severity.INFO))
    return out
