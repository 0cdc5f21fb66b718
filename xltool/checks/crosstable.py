"""Checks between the tables of one report: same indicator, same weight, same score.

A report states its scores several times: the 综合评分表 (detail), the 得分情况表
by 一级 (表3-1), the tables by 二级 with their 三级 rows (表4-x) and the
indicator-system table (表2-1, weights only). Indicators are matched by name —
tolerating spacing, codes, quotes and full-width forms, then the same code with
a similar name ('C1 重点工作任务完成' ~ 'C1 重点工作任务完成情况'), and the
frameworks' 一级 synonyms (项目管理 ~ 过程). For each indicator the weight most
tables agree on is taken as right (the detail table breaks ties) and every other
cell is reported (ref 004 D004-8: 表2-1 swaps two weights). Scores of summary
tables are compared with the detail table's. A cell already reported by its own
table's checks is not reported again.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.display import num
from xltool.detect.labels import level1_key, name_key
from xltool.model.scoretable import Node, ScoreTable
from xltool.checks.rollup import Sums, compute_sums, consequences
from xltool.checks.scores import depends_on_wrong
from xltool.compute.methods import round2


def reference(tables: list[ScoreTable]) -> ScoreTable | None:
    """The table other tables are compared with: the detail table with most rows, else the largest."""
    if not tables:
        return None
    return max(tables, key=lambda t: (t.kind == "detail", t.kind != "system", len(t.leaves), -tables.index(t)))


def match(node: Node, ref: ScoreTable) -> Node | None:
    """The node of ``ref`` that names the same indicator, or None."""
    if node.level == 1:
        key = level1_key(node.name)
        found = [n for n in ref.nodes if n.level == 1 and level1_key(n.name) == key]
        if found:
            return found[0]
    key = name_key(node.name)
    same_level = [n for n in ref.nodes if n.level == node.level or not node.code or not n.code]
    exact = [n for n in same_level if name_key(n.name) == key]
    if len(exact) == 1:
        return exact[0]
    if node.code:
        coded = [n for n in ref.nodes if n.code == node.code and _similar(n.name, node.name) >= 0.6]
        if len(coded) == 1:
            return coded[0]
    close = [n for n in same_level if _similar(n.name, node.name) >= 0.85]
    return close[0] if len(close) == 1 else None


def find_leaf(name: str, ref: ScoreTable) -> Node | None:
    """The leaf indicator of ``ref`` with this name (exact key, else one clearly similar name)."""
    key = name_key(name)
    if not key:
        return None
    leaves = ref.leaves
    exact = [n for n in leaves if name_key(n.name) == key]
    if len(exact) == 1:
        return exact[0]
    close = [n for n in leaves if _similar(n.name, name) >= 0.85]
    return close[0] if len(close) == 1 else None


def reports(tables: list[ScoreTable]) -> list[tuple[ScoreTable, list[ScoreTable]]]:
    """The tables grouped by report: (reference table, its tables), largest report first.

    A workbook may hold several reports' detail tables (a bureau's batch); those are never
    compared with each other, and each summary table joins the detail table most of whose
    indicators it names (or none, if it matches none of them well).
    """
    details = [t for t in tables if t.kind == "detail"]
    if len(details) <= 1:
        return [(reference(tables), tables)]
    groups: dict[ScoreTable, list[ScoreTable]] = {d: [d] for d in details}
    for table in tables:
        if table.kind == "detail":
            continue
        best = max(details, key=lambda d: _overlap(table, d))
        if _overlap(table, best) >= 0.5:
            groups[best].append(table)
    return sorted(groups.items(), key=lambda kv: -len(kv[0].leaves))


def _overlap(table: ScoreTable, ref: ScoreTable) -> float:
    nodes = [n for n in table.nodes if n.level >= 1]
    return sum(1 for n in nodes if match(n, ref) is not None) / len(nodes) if nodes else 0.0


def check_tables(tables: list[ScoreTable], ref: ScoreTable, sums: dict[ScoreTable, Sums],
                 flagged: set[tuple[str, str]], tol: float, *, fixed: Sums | None = None,
                 causes: dict[Node, list[str]] | None = None) -> list[Finding]:
    """Weights and scores of every table of one report against its reference table.

    ``fixed`` holds the reference table's sums once its certain errors are corrected and
    ``causes`` the corrected cells beneath each of its nodes: a copied score that agrees with
    the reference as stated but not as corrected is a consequence (XT314), and so are the
    copy's own 得分率, 扣分 and total built on it.
    """
    if len(tables) < 2:
        return []
    out: list[Finding] = []
    groups: dict[Node, list[tuple[ScoreTable, Node]]] = {n: [(ref, n)] for n in ref.nodes}
    for table in tables:
        if table is ref:
            continue
        corrected: dict[Node, float] = {}
        because: dict[Node, list[str]] = {}
        for node in table.nodes:
            m = match(node, ref)
            if m is None:
                if ref.kind == "detail" and node.level >= 2:
                    out.append(finding("XT406", table.sheet, node.name_cell.addr, "default", label=node.path,
                                       table=ref.label, indicator=node.path))
                continue
            groups[m].append((table, node))
            differs = _score(table, node, ref, m, sums, flagged, tol)
            out += differs
            if fixed is not None and causes and causes.get(m) and not node.children and not differs:
                corrected[node] = fixed.score[m]
                because[node] = [c if table.sheet == ref.sheet else f"{ref.sheet}!{c}" for c in causes[m]]
        out += _copied(table, sums[table], corrected, because, tol)
    for m, members in groups.items():
        out += _weights(m, members, ref, sums, flagged, tol)
    return out


def _score(table: ScoreTable, node: Node, ref: ScoreTable, m: Node, sums: dict[ScoreTable, Sums],
           flagged: set[tuple[str, str]], tol: float) -> list[Finding]:
    s = node.score
    want = sums[ref].score.get(m)
    if s is None or want is None or node.score_cell is None or abs(s - want) <= tol:
        return []
    if (table.sheet, node.score_cell.addr) in flagged:
        return []
    return [finding("XT404", table.sheet, node.score_cell.addr, "default", label=node.path, stated=num(s),
                    table=ref.label, score=num(want), expected=want, found=s, indicator=node.path)]


def _copied(table: ScoreTable, sums: Sums, corrected: dict[Node, float], because: dict[Node, list[str]],
            tol: float) -> list[Finding]:
    """XT314 on the scores a table copies from the reference (as stated there: no XT404) that are wrong
    once the reference is corrected, then on everything the copy builds on them (its 得分率, 扣分,
    subtotals and total)."""
    out = []
    for node, right in corrected.items():
        s = node.score
        if s is not None and node.score_cell is not None and abs(s - right) > tol:
            out.append(depends_on_wrong(table.sheet, node.score_cell.addr,
                                        fragment("XT314", "score", label=node.path or node.name), s, right,
                                        because[node], indicator=node.path))
    if corrected:
        out += consequences(table, sums, compute_sums(table, corrected), because, tol)
    return out


def _weights(m: Node, members: list[tuple[ScoreTable, Node]], ref: ScoreTable, sums: dict[ScoreTable, Sums],
             flagged: set[tuple[str, str]], tol: float) -> list[Finding]:
    values = []
    for table, node in members:
        w = node.weight if node.weight is not None else (sums[table].weight.get(node) if table is ref else None)
        if w is not None:
            values.append((table, node, round2(w)))
    if len({v for _, _, v in values}) < 2:
        return []
    counts = Counter(v for _, _, v in values)
    top = counts.most_common()
    ref_value = next((v for t, _, v in values if t is ref), None)
    want = top[0][0] if len(top) == 1 or top[0][1] > top[1][1] else ref_value
    if want is None:
        return []
    out = []
    for table, node, v in values:
        cell = node.weight_source
        if abs(v - want) <= tol or cell is None or (table.sheet, cell.addr) in flagged:
            continue
        others = "；".join(fragment("XT405", "other", table=t.label, weight=num(x))
                          for t, _, x in values if t is not table)
        out.append(finding("XT405", table.sheet, cell.addr, "default", label=node.path, weight=num(v), others=others,
                           expected=want, found=v, indicator=node.path))
    return out


@lru_cache(maxsize=8192)
def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, name_key(a), name_key(b)).ratio()
