"""The 统计 tables of the batch summary, against the output pandas gave before they moved to the stdlib.

The expected tables below were produced by the pandas implementation (pandas 3.1) on the
same rows: crosstab labels sorted, value_counts ties by first appearance, units sorted
and then stably by error count, negative/infinite/NaN totals in no bin.
"""

import math

from xltool.reporters.summary import COLUMNS, statistics

OK = "已核查"
_BINS = ("<50", "50–59.99", "60–69.99", "70–79.99", "80–89.99", "≥90")


def _row(status=OK, total=None, declared=None, recalculated=None, unit="", errors=0, whole=True):
    row = {key: None for key, _, _ in COLUMNS}
    row.update(status=status, recalculated_total=total, declared_grade=declared, recalculated_grade=recalculated,
               unit=unit, errors=errors)
    if whole is not ...:  # ...: a row without the key, as an older caller may pass
        row["whole"] = whole
    return row


def _tables(rows, findings):
    return {title: (table.columns, table.rows, tuple(range(table.labels + 1, len(table.columns) + 1)))
            for title, table in statistics(rows, findings).items()}


def test_ties_bin_edges_and_odd_grades():
    rows = [
        _row(total=-5, declared="优", recalculated="优", unit="乙局", errors=2),
        _row(total=0, declared="良", recalculated="中", unit="甲局", errors=1),
        _row(total=49.99, declared=None, recalculated="良", unit="甲局", errors=1),
        _row(total=50, declared="", recalculated=None, unit="丙局", errors=3),
        _row(total=59.995, declared="差", recalculated=None, unit="", errors=5),
        _row(total=60, declared="A级", recalculated="优", unit="丁局", errors=0),
        _row(total=89.99, declared="中", recalculated="Z", unit="戊局", errors=2),
        _row(total=90, declared="优", recalculated="优", whole=False, unit="戊局", errors=1),
        _row(total=100, declared="优", recalculated="良", whole=..., unit="己局", errors=1),
        _row(total=math.inf, declared="良", recalculated="良"),
        _row(total=float("nan"), declared="", recalculated=""),
        _row(status="无法读取", total=70, declared="优", recalculated="优", unit="乙局", errors=9),
        _row(total=75.5, declared="B", recalculated="无法重算", whole=None, unit="己局", errors=1),
        _row(total=None, declared="未填", recalculated="差", unit="庚局", errors=0),
    ]
    codes = ["XT301", "XT101", "XT301", "XT999", "XT101", "XT205", "XT205", "XT205", "XT003"]
    assert _tables(rows, [{"code": c} for c in codes]) == {
        "重算总分分布": (("重算总分", "份数"), list(zip(_BINS, (2, 2, 1, 1, 1, 1))), (2,)),
        "等级变化（申报→重算），另有 2 份未填等级且无法重算": (
            ("申报等级＼重算等级", "优", "良", "中", "差", "无法重算", "Z"),
            [("优", 1, 1, 0, 0, 0, 0), ("良", 0, 1, 1, 0, 0, 0), ("中", 0, 0, 0, 0, 0, 1), ("差", 0, 0, 0, 0, 1, 0),
             ("未填", 0, 1, 0, 1, 0, 0), ("A级", 1, 0, 0, 0, 0, 0), ("B", 0, 0, 0, 0, 1, 0)],
            (2, 3, 4, 5, 6, 7)),
        "最常见的问题代码": (("代码", "问题", "条数"),
                     [("XT205", "未完成指标缺少偏差原因分析", 3), ("XT301", "得分超过分值", 2),
                      ("XT101", "权重合计不等于满分", 2), ("XT999", "XT999", 1), ("XT003", "单元格为错误值", 1)], (3,)),
        "错误最多的单位": (("单位", "错误数"), [("丙局", 3), ("戊局", 3), ("乙局", 2), ("己局", 2), ("甲局", 2)], (2,)),
    }


def test_top_fifteen_cut_inside_ties():
    rows = [_row(total=55 + i * 2, declared="优良中差"[i % 4], recalculated="优良中差"[(i // 2) % 4],
                 unit=f"单位{19 - i:02d}", errors=i % 3 + 1) for i in range(20)]
    findings = [{"code": f"XT{319 - i}"} for i in range(20) for _ in range(1 + i % 2)]
    tables = _tables(rows, findings)
    assert tables["重算总分分布"][1] == list(zip(_BINS, (0, 3, 5, 5, 5, 2)))
    assert tables["等级变化（申报→重算）"] == (
        ("申报等级＼重算等级", "优", "良", "中", "差"),
        [("优", 3, 0, 2, 0), ("良", 3, 0, 2, 0), ("中", 0, 3, 0, 2), ("差", 0, 3, 0, 2)], (2, 3, 4, 5))
    assert [code for code, _, _ in tables["最常见的问题代码"][1]] == [
        "XT318", "XT316", "XT314", "XT312", "XT310", "XT308", "XT306", "XT304", "XT302", "XT300",
        "XT319", "XT317", "XT315", "XT313", "XT311"]
    assert tables["最常见的问题代码"][1][2] == ("XT314", "所依据的数值有误，本单元格随之有误", 2)
    assert tables["错误最多的单位"][1] == [
        ("单位02", 3), ("单位05", 3), ("单位08", 3), ("单位11", 3), ("单位14", 3), ("单位17", 3), ("单位00", 2),
        ("单位03", 2), ("单位06", 2), ("单位09", 2), ("单位12", 2), ("单位15", 2), ("单位18", 2), ("单位01", 1),
        ("单位04", 1)]


def test_nothing_to_count():
    empty = {"重算总分分布": (("重算总分", "份数"), [(b, 0) for b in _BINS], (2,)),
             "等级变化（申报→重算）": (("申报等级＼重算等级", "份数"), [("（无）", 0)], (2,)),
             "最常见的问题代码": (("代码", "问题", "条数"), [("（无）", "未发现问题", 0)], (3,)),
             "错误最多的单位": (("单位", "错误数"), [("（无）", 0)], (2,))}
    assert _tables([], []) == empty
    ungraded = _tables([_row(total=80, unit="甲局"), _row(status="重复文件", total=10, unit="乙局")], [])
    assert ungraded["等级变化（申报→重算），另有 1 份未填等级且无法重算"] == empty["等级变化（申报→重算）"]
    assert ungraded["重算总分分布"][1] == list(zip(_BINS, (0, 0, 0, 0, 1, 0)))
