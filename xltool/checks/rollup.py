"""Checks of a table's arithmetic: subtotals, totals, 得分率, 扣分 and the grade.

Parents are recomputed from the scores the table declares for their children
(二级 = Σ三级, 一级 = Σ二级, 合计 = Σ一级), for weights and for scores, so one
wrong cell is reported once, where it sits — a wrong 二级 subtotal does not
also make the 合计 look wrong (ref 004 表4-3: C1 says 24.00 over rows that sum
to 22.00, while 小计 28.00 is right). 得分率 is checked against the
recomputed score of its row. The grade is checked against the declared total
and against the total recalculated with the rule-checked scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xltool.checks.scores import depends_on_wrong, grade_findings, weight_not_sum
from xltool.codes import finding, fragment
from xltool.model.values import read_grade
from xltool.findings import Finding
from xltool.model.form import Cell
from xltool.compute.profiles import Profile
from xltool.compute.recalc import rate_agrees
from xltool.display import num
from xltool.model.scoretable import Node, ScoreTable
from xltool.compute.methods import round2
from xltool.model.values import parse_number


@dataclass
class Sums:
    """Recomputed weight and score of every node of a table (None where a part is missing)."""

    weight: dict[Node, float | None] = field(default_factory=dict)
    score: dict[Node, float | None] = field(default_factory=dict)

    def of(self, node: Node) -> tuple[float | None, float | None]:
        """(weight, score) of a node: recomputed for parents, declared for leaves."""
        return self.weight.get(node), self.score.get(node)


def compute_sums(table: ScoreTable, corrected: dict[Node, float] | None = None) -> Sums:
    """Bottom-up sums from the declared leaf values, or with ``corrected`` leaves replaced (their certain errors)."""
    sums = Sums()
    corrected = corrected or {}

    def visit(node: Node) -> None:
        for child in node.children:
            visit(child)
        if not node.children:
            sums.weight[node], sums.score[node] = node.weight, corrected.get(node, node.score)
            return
        ws = [sums.weight[c] for c in node.children]
        ss = [sums.score[c] for c in node.children]
        sums.weight[node] = round2(sum(ws)) if all(x is not None for x in ws) else None
        sums.score[node] = round2(sum(ss)) if all(x is not None for x in ss) else None

    for root in table.roots:
        visit(root)
    return sums


def check_table(table: ScoreTable, sums: Sums, profile: Profile, fixed: Sums | None = None) -> list[Finding]:
    """Subtotals, total, 得分率 and 扣分 of parents and the total row; weights against the profile's full marks.

    ``fixed`` are the sums once the table's certain errors are corrected: a cell that disagrees
    with the scores as stated but agrees with the corrected ones (a 扣分 already written for the
    right score) is right, and is not reported.
    """
    found = _arithmetic(table, sums, profile)
    if fixed is None:
        return found
    still = {(f.code, f.cell) for f in _arithmetic(table, fixed, profile)}
    return [f for f in found if (f.code, f.cell) in still]


def _arithmetic(table: ScoreTable, sums: Sums, profile: Profile) -> list[Finding]:
    tol = profile.tolerance
    out: list[Finding] = []
    for node in table.nodes:
        if node.children:
            out += _parent(table, node, sums, tol)
            out += _deduction(table, node, node.weight, sums.score[node], tol)
        out += _rate(table, node, sums.weight[node] if node.weight is None else node.weight, sums.score[node], tol)
    if table.total is not None:
        out += _total(table, sums, tol)
    out += _full_marks(table, sums, profile.full_marks, tol)
    return out


def _parent(table: ScoreTable, node: Node, sums: Sums, tol: float) -> list[Finding]:
    out = []
    w, s = sums.of(node)
    kids = "+".join(num(sums.score[c]) for c in node.children)
    if s is not None and node.score is not None and abs(node.score - s) > tol:
        out.append(finding("XT401", table.sheet, node.score_cell.addr, "children", label=node.path,
                           stated=num(node.score), total=num(s), parts=kids,
                           expected=s, found=node.score, indicator=node.path))
    parts = [sums.weight[c] for c in node.children]
    if w is not None and node.weight is not None and abs(node.weight - w) > tol:
        cell = node.weight_source
        out.append(weight_not_sum(table.sheet, cell.addr, node.path, node.weight, parts,
                                  in_label=fragment("XT402", "in_label") if cell is node.name_cell else "",
                                  indicator=node.path))
    label = node.weight_in_label
    if w is not None and label is not None and node.weight_source is not node.name_cell and abs(label - w) > tol:
        # the label's '（30分）' beside a 分值 column that agrees (or not) with the children: a claim of its own
        out.append(weight_not_sum(table.sheet, node.name_cell.addr, node.path, label, parts,
                                  in_label=fragment("XT402", "in_label"), indicator=node.path))
    return out


def _total(table: ScoreTable, sums: Sums, tol: float) -> list[Finding]:
    out, total = [], table.total
    roots = table.roots
    ws = [sums.weight[r] if r.weight is None else r.weight for r in roots]
    # a root whose own weight contradicts its children (reported there, XT402) counts with its children's sum
    ws_fixed = [sums.weight[r] if r.children and sums.weight[r] is not None else w for r, w in zip(roots, ws)]
    ss = [sums.score[r] for r in roots]
    if total.score is not None and all(x is not None for x in ss):
        want = round2(sum(ss))
        if abs(total.score - want) > tol:
            out.append(finding("XT401", table.sheet, total.score_cell.addr, "total", label=total.name,
                               stated=num(total.score), total=num(want),
                               expected=want, found=total.score, indicator=total.name))
    if total.weight is not None and all(x is not None for x in ws):
        if abs(total.weight - round2(sum(ws))) > tol and not (
                all(x is not None for x in ws_fixed) and abs(total.weight - round2(sum(ws_fixed))) <= tol):
            out.append(weight_not_sum(table.sheet, total.weight_source.addr, total.name, total.weight, ws,
                                      indicator=total.name))
    if all(x is not None for x in ss):
        w = total.weight if total.weight is not None else (round2(sum(ws)) if all(x is not None for x in ws) else None)
        out += _rate(table, total, w, round2(sum(ss)), tol)
        out += _deduction(table, total, w, round2(sum(ss)), tol)
    return out


def _full_marks(table: ScoreTable, sums: Sums, full_marks: float, tol: float) -> list[Finding]:
    """A table that covers the whole framework (several 一级) must total the full marks."""
    roots = table.roots
    if len(roots) < 2 or any(r.level != 1 for r in roots) or table.kind == "summary" and table.total is None:
        return []
    ws = [sums.weight[r] if r.weight is None else r.weight for r in roots]
    if any(w is None for w in ws):
        return []
    total = round2(sum(ws))
    if abs(total - full_marks) <= tol:
        return []
    cell = table.total.weight_source if table.total is not None and table.total.weight_source else table.header
    return [finding("XT403", table.sheet, cell.addr, "default", total=num(total), full=num(full_marks),
                    expected=full_marks, found=total)]


def _rate(table: ScoreTable, node: Node, w: float | None, s: float | None, tol: float) -> list[Finding]:
    cell = node.rate_cell
    if cell is None or cell.blank or w is None or s is None or parse_number(cell.value) is None:
        return []
    if w == 0:
        return [finding("XT324", table.sheet, cell.addr, "rate", label=node.path or node.name, indicator=node.path)]
    expected = s / w
    if rate_agrees(cell, [expected]):
        return []
    shown = _shown(cell, table)
    declared = node.score
    because = ""
    if declared is not None and abs(declared - s) > tol and rate_agrees(cell, [declared / w]):
        because = fragment("XT322", "wrong_score", score=num(declared), rate=shown)
    return [finding("XT322", table.sheet, cell.addr, "default", stated=shown, score=num(s), weight=num(w),
                    rate=f"{expected * 100:.2f}", because=because,
                    expected=round2(expected * 100), found=_found(cell, table),
                    indicator=node.path or node.name)]


def _deduction(table: ScoreTable, node: Node, w: float | None, s: float | None, tol: float) -> list[Finding]:
    if node.deduction_cell is None or w is None or s is None:
        return []
    d = parse_number(node.deduction_cell.value)
    if d is None or abs(d - (w - s)) <= tol:
        return []
    return [finding("XT321", table.sheet, node.deduction_cell.addr, "default", stated=num(d), weight=num(w),
                    score=num(s), due=num(round2(w - s)),
                    expected=round2(w - s), found=d, indicator=node.path or node.name)]


def check_grade(table: ScoreTable, profile: Profile, declared_total: float | None,
                recalculated_total: float | None) -> list[Finding]:
    """The stated grade against the declared total, and whether recalculation changes it."""
    cell = table.grade_cell
    return grade_findings(profile, table.sheet, stated=cell and read_grade(cell.value), grade_cell=cell and cell.addr,
                          declared_total=declared_total, total_cell=table.total and table.total.score_cell and
                          table.total.score_cell.addr, recalculated_total=recalculated_total)


def _shown(cell: Cell, table: ScoreTable) -> str:
    v = parse_number(cell.value)
    if isinstance(cell.value, str):
        return cell.value.strip()
    return f"{v * 100:.2f}%" if table.rate_as_fraction else f"{num(v)}%"


def _found(cell: Cell, table: ScoreTable):
    v = parse_number(cell.value)
    return round2(v * 100) if table.rate_as_fraction and not isinstance(cell.value, str) else v


def consequences(table: ScoreTable, sums: Sums, fixed: Sums, causes: dict[Node, list[str]],
                 tol: float) -> list[Finding]:
    """XT314 on every 扣分, 得分率 and subtotal/total score of ``table`` that agrees with the scores as
    stated (``sums``) but not with the scores once the certain errors are corrected (``fixed``).

    ``causes`` names, for each node, the corrected score cells below it. A cell that does not
    even agree with the stated scores is reported by its own arithmetic check (XT401/XT321/XT322).
    """
    out: list[Finding] = []
    nodes = list(table.nodes) + ([table.total] if table.total is not None else [])
    for node in nodes:
        is_total = node is table.total
        kids = table.roots if is_total else node.children
        s = _sum([sums.score.get(k) for k in kids]) if is_total else sums.score.get(node)
        f = _sum([fixed.score.get(k) for k in kids]) if is_total else fixed.score.get(node)
        why = sorted({c for k in (kids if is_total else [node]) for c in causes.get(k, [])})
        if s is None or f is None or abs(s - f) <= tol or not why:
            continue
        w = node.weight if node.weight is not None else (
            _sum([sums.weight.get(k) for k in kids]) if is_total else sums.weight.get(node))
        label = node.path or node.name
        if (kids or is_total) and node.score_cell is not None and node.score is not None \
                and abs(node.score - s) <= tol:
            out.append(depends_on_wrong(table.sheet, node.score_cell.addr, fragment("XT314", "score", label=label),
                                        node.score, f, why, indicator=label))
        d_cell = node.deduction_cell
        d = parse_number(d_cell.value) if d_cell is not None else None
        if w is not None and d is not None and abs(d - (w - s)) <= tol:
            out.append(depends_on_wrong(table.sheet, d_cell.addr, fragment("XT314", "deduction", label=label), d,
                                        round2(w - f), why, indicator=label))
        r_cell = node.rate_cell
        if w and r_cell is not None and not r_cell.blank and parse_number(r_cell.value) is not None \
                and rate_agrees(r_cell, [s / w]) and not rate_agrees(r_cell, [f / w]):
            out.append(depends_on_wrong(table.sheet, r_cell.addr, fragment("XT314", "rate", label=label),
                                        _shown(r_cell, table), f"{f / w * 100:.2f}%", why, shown=str, indicator=label))
    return out


def _sum(values: list[float | None]) -> float | None:
    return round2(sum(values)) if values and all(v is not None for v in values) else None
