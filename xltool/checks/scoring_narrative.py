"""Figures stated in text cells against the scoring tables.

Reports repeat their scores in prose — the 概要 page, the conclusion, the
paragraph above each 表4-x: '项目产出类指标权重为35分，得分为32.1分，得分率为
95.43%' (ref 000 D000-1), '包括6个二级指标' (ref 004 D004-10), 'B4.2 政府采购合规性：
…该指标得分1.00分' (D004-11), 'D3.1 群众满意度' (D004-17). Every text cell outside
the tables is read for these statements and compared with the reference table:
weights, scores and 得分率 of a 一级, counts of 二级/三级 indicators, an
indicator's score, and the code it is given.
"""

from __future__ import annotations

import re

from xltool.codes import finding, fragment
from xltool.findings import Finding
from xltool.model.grid import SheetGrid
from xltool.model.form import Cell
from xltool.display import num
from xltool.checks.crosstable import find_leaf
from xltool.checks.rowcheck import node_finding
from xltool.detect.labels import fold, level1_key
from xltool.model.scoretable import Node, ScoreTable
from xltool.checks.rollup import Sums

_N = r"\d+(?:\.\d+)?"
_FIGURES = re.compile(
    rf"(?:权重|分值)(?:分)?(?:为)?(?P<w>{_N})分[,，;；]?(?:实际)?得分(?:为)?(?P<s>{_N})分[,，;；]?得分率?(?:为)?(?P<r>{_N})%")
_NAMED = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6}?)(?:类指标|类|指标)")
_COUNTS = re.compile(r"包括(?P<n2>\d+)个二级指标[,，、]?(?P<n3>\d+)个三级指标")
_TOTALS = re.compile(r"一级指标(?P<n1>\d+)个[,，、]?二级指标(?P<n2>\d+)个[,，、]?三级指标(?P<n3>\d+)个")
_INDICATOR = re.compile(r"(?P<code>[A-Za-z]\d{1,2}\.\d{1,2})(?P<name>[^:：。，,]{2,30}?)[:：](?P<body>.*)")
_ITS_SCORE = re.compile(rf"(?:该指标|本项指标|该项指标)得(?:分)?(?P<s>{_N})分")


def check(grids: list[SheetGrid], tables: list[ScoreTable], ref: ScoreTable | None, sums: Sums,
          tol: float) -> list[Finding]:
    """Findings on text cells whose figures contradict the reference table."""
    if ref is None:
        return []
    out: list[Finding] = []
    for g in grids:
        for r, row in enumerate(g.rows):
            if any(t.covers(g.name, r) for t in tables):
                continue
            for c, v in enumerate(row):
                if isinstance(v, str) and len(v) >= 12 and g.anchor(r, c) == (r, c):
                    cell = Cell(g.name, r, c, v)
                    text = re.sub(r"\s+", "", fold(v))
                    out += _figures(cell, text, ref, sums, tol)
                    out += _counts(cell, text, ref)
                    out += _indicator(cell, text, ref, tol)
    return out


def _level1(ref: ScoreTable, name: str) -> Node | None:
    key = level1_key(name)
    return next((n for n in ref.roots if n.level == 1 and level1_key(n.name) == key), None)


def _subject(text: str, end: int, ref: ScoreTable) -> Node | None:
    """The 一级 a statement is about: the last '…类指标' before it that names one."""
    for m in reversed(list(_NAMED.finditer(text, 0, end))):
        node = _level1(ref, m["name"][-2:])
        if node is not None:
            return node
    return None


def _figures(cell: Cell, text: str, ref: ScoreTable, sums: Sums, tol: float) -> list[Finding]:
    out = []
    for m in _FIGURES.finditer(text):
        node = _subject(text, m.start(), ref)
        if node is None:
            continue
        w, s, r = float(m["w"]), float(m["s"]), float(m["r"])
        tw = node.weight if node.weight is not None else sums.weight.get(node)
        ts = sums.score.get(node)
        if tw is not None and abs(w - tw) > tol:
            out.append(node_finding("XT407", cell, node, "weight", name=node.name, stated=num(w), weight=num(tw),
                                    expected=tw, found=w))
        if ts is not None and abs(s - ts) > tol:
            out.append(node_finding("XT407", cell, node, "score", name=node.name, stated=num(s), table=ref.label,
                                    score=num(ts), expected=ts, found=s))
        own = s / w * 100 if w else None
        table_rate = ts / tw * 100 if ts is not None and tw else None
        if own is not None and abs(r - own) > 0.005 + 1e-9 and not (table_rate and abs(r - table_rate) <= 0.005 + 1e-9):
            in_table = fragment("XT407", "table_rate", rate=f"{table_rate:.2f}") if table_rate is not None else ""
            out.append(node_finding("XT407", cell, node, "rate", name=node.name, stated=num(r), score=num(s),
                                    weight=num(w), rate=f"{own:.2f}", in_table=in_table,
                                    expected=round(table_rate if table_rate is not None else own, 2), found=r))
    return out


def _counts(cell: Cell, text: str, ref: ScoreTable) -> list[Finding]:
    out = []
    for m in _COUNTS.finditer(text):
        node = _subject(text, m.start(), ref)
        if node is None:
            continue
        n2 = sum(1 for c in node.children if c.children)
        n3 = sum(1 for n in ref.leaves if _under(n, node))
        for stated, real, what in ((int(m["n2"]), n2, "二级"), (int(m["n3"]), n3, "三级")):
            if stated != real:
                out.append(finding("XT412", cell.sheet, cell.addr, "children", name=node.name, stated=stated,
                                   level=what, table=ref.label, count=real,
                                   expected=real, found=stated, indicator=node.path))
    for m in _TOTALS.finditer(text):
        real = {"一级": sum(1 for n in ref.nodes if n.level == 1),
                "二级": sum(1 for n in ref.nodes if n.level == 2 and n.children),
                "三级": len(ref.leaves)}
        for key, stated in (("一级", m["n1"]), ("二级", m["n2"]), ("三级", m["n3"])):
            if int(stated) != real[key]:
                out.append(finding("XT412", cell.sheet, cell.addr, "levels", level=key, stated=stated, table=ref.label,
                                   count=real[key], expected=real[key], found=int(stated)))
    return out


def _indicator(cell: Cell, text: str, ref: ScoreTable, tol: float) -> list[Finding]:
    m = _INDICATOR.match(text)
    if not m:
        return []
    node = find_leaf(m["name"], ref)
    if node is None:
        return []
    out = []
    if node.code and m["code"].upper() != node.code:
        out.append(finding("XT413", cell.sheet, cell.addr, "default", name=node.name, stated=m["code"],
                           table=ref.label, numbered=node.code,
                           expected=node.code, found=m["code"], indicator=node.path))
    said = _ITS_SCORE.findall(m["body"])
    if said and node.score is not None and abs(float(said[-1]) - node.score) > tol:
        out.append(node_finding("XT407", cell, node, "indicator_score", name=node.name, stated=said[-1],
                                table=ref.label, score=num(node.score), expected=node.score, found=float(said[-1])))
    return out


def _under(node: Node, root: Node) -> bool:
    while node is not None:
        if node is root:
            return True
        node = node.parent
    return False

