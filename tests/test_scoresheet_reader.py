"""The reader on the layouts scoring tables come in: columns in any order, weights in labels,
several 分值 columns, codes, sideways summaries, stacked tables — and a 自评表 left alone."""

from hypothesis import given, settings
from hypothesis import strategies as st

from xltool.detect.forms import detect_forms
from xltool.model.grid import SheetGrid
from xltool.checks.scoring import check_scoresheets
from xltool.detect.scoring import find_scoresheets
from xltool.compute import profiles

MOF = profiles.load(profiles.DEFAULT)


def _check_scoresheets(grids):
    """The scoring tables' results as api.check_grids computes them (自评表 detected once, default profile)."""
    return check_scoresheets(grids, find_scoresheets(grids), [f for g in grids for f in detect_forms(g)], MOF)

HEAD = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "评分过程", "扣分", "得分", "得分率"]
ROWS = [
    ["决策（6分）", "项目立项", "立项依据充分性", 3, "以上每条要素占权重分的1/3，每有一条不符合，扣除对应权重分。",
     "①符合，该要素得1/3权重分；②符合，该要素得1/3权重分；③不符合，该要素不得分。", 1, 2, "66.67%"],
    ["决策（6分）", "项目立项", "预算执行率", 3, "预算执行率达100%得满分，每降低1%扣5%的权重，扣完为止。",
     "预算执行率=(90/100)×100%=90%，扣1.5分。", 1.5, 1.5, "50%"],
    ["合计", None, None, 6, None, None, 2.5, 3.5, "58.33%"],
]


def _grid(rows, merged=(), name="评分表"):
    return SheetGrid(name, [list(r) for r in rows], list(merged))


def _codes(grids):
    """(code, cell) of the errors and warnings, in sheet order."""
    found = [f for r in _check_scoresheets(grids) for f in r.findings if f.severity.value != "info"]
    return [(f.code, f.cell) for f in sorted(found, key=lambda f: f.sort_key)]


def test_a_clean_detail_table_has_no_findings():
    grid = _grid([HEAD] + ROWS, merged=[(1, 0, 2, 0), (1, 1, 2, 1), (3, 0, 3, 2)])
    [table] = find_scoresheets([grid])
    assert (table.kind, len(table.leaves), table.roots[0].weight, table.total.score) == ("detail", 2, 6.0, 3.5)
    assert _codes([grid]) == []


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(HEAD))))
def test_columns_in_any_order_read_the_same(order):
    rows = [[r[i] for i in order] for r in [HEAD] + ROWS]
    rows[3] = [None] * len(order)
    rows[3][order.index(0)] = "合计"
    for j, i in enumerate(order):
        if i in (3, 6, 7, 8):
            rows[3][j] = ROWS[2][i]
    grid = _grid(rows)
    [table] = find_scoresheets([grid])
    assert [(n.name, n.weight, n.score) for n in table.leaves] == [("立项依据充分性", 3, 2), ("预算执行率", 3, 1.5)]
    assert _codes([grid]) == []


def test_wrong_cells_are_reported_where_they_sit():
    rows = [list(r) for r in [HEAD] + ROWS]
    rows[2][7], rows[2][8] = 2.0, "66.67%"  # 1.5 by the rule; rate of 2/3 → 66.67%; 扣分 1.5 = 3 − 1.5 is right
    rows[3][7] = 4.0  # 合计 2 + 2 = 4 adds up, but its 扣分 2.5 and 得分率 58.33% now do not
    # H3 is wrong (XT320, and the 评分过程 says 1.5: XT327); I3 and H4 agree with the wrong H3 and are its
    # consequences (XT314); G3 was written for the right score and stays quiet; G4 and I4 fit neither
    # the stated 合计 4 nor the corrected 3.5... G4 2.5 = 6 − 3.5 fits the corrected one, I4 58.33% = 3.5/6 too.
    assert _codes([_grid(rows)]) == [("XT327", "F3"), ("XT320", "H3"), ("XT314", "I3"), ("XT314", "H4")]


def test_several_weight_columns_belong_to_their_levels_and_codes_give_levels():
    rows = [
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
        ["项目决策", 10, "项目立项", 3, "立项依据充分性", 1.5, 1.5],
        ["项目决策", 10, "项目立项", 3, "立项程序规范性", 1.5, 1.5],
        ["项目决策", 10, "资金投入", 7, "预算编制科学性", 7, 6],
        ["合计", None, None, None, None, 10, 9],
    ]
    merged = [(1, 0, 3, 0), (1, 1, 3, 1), (1, 2, 2, 2), (1, 3, 2, 3)]
    [table] = find_scoresheets([_grid(rows, merged)])
    level2 = [n for n in table.nodes if n.level == 2]
    assert [(n.name, n.weight) for n in level2] == [("项目立项", 3), ("资金投入", 7)]
    assert table.roots[0].weight == 10


def test_summary_by_code_reports_a_wrong_subtotal_once():
    rows = [["指标", "权重", "得分", "得分率"],
            ["C1 重点工作", 10, 10, "100%"], ["C1.1 甲", 5, 5, "100%"], ["C1.2 乙", 5, 3, "60%"],
            ["C2 履职", 5, 5, "100%"], ["C2.1 丙", 5, 5, "100%"], ["小计", 15, 13, "86.67%"]]
    assert _codes([_grid(rows)]) == [("XT401", "C2"), ("XT322", "D2")]


def test_sideways_summary_where_fen_zhi_is_the_score():
    rows = [["指标", "项目决策", "项目过程", "合计"], ["权重", 40, 60, 100], ["分值", 40, 50, 95], ["得分率", "100%", "80%", "95%"]]
    [table] = find_scoresheets([_grid(rows)])
    assert [(n.name, n.weight, n.score) for n in table.nodes] == [("项目决策", 40, 40), ("项目过程", 60, 50)]
    assert _codes([_grid(rows)]) == [("XT401", "D3"), ("XT322", "C4"), ("XT322", "D4")]


def test_a_self_assessment_form_is_not_a_scoring_table():
    rows = [["一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "完成率", "指标得分", "赋分规则"],
            ["产出指标", "数量指标", "参保人数", 10, ">=100人", "=90人", 90, 7.5, "按照完成比例赋分"]]
    grid = _grid(rows)
    assert find_scoresheets([grid]) == []
    assert detect_forms(grid)


def test_an_evaluators_table_with_target_column_is_claimed_from_the_form_detector():
    rows = [["一级指标", "二级指标", "三级指标", "分值", "目标值", "评分规则", "评分过程", "得分"],
            ["产出", "产出数量", "参保人数", 6, ">=33333人", "实际完成率=(实际产出数/计划产出数)×100%。",
             "完成率=(30437/33333)*100%=91.31%", 5.48]]
    grid = _grid(rows)
    [result] = _check_scoresheets([grid])
    assert all(result.claims(form) for form in detect_forms(grid))
    assert result.findings == ()


def test_stacked_tables_on_one_sheet_are_read_separately():
    block = [["指标", "权重", "得分"], ["A1 目标", 3, 3], ["A1.1 甲", 3, 3], ["小计", 3, 3]]
    rows = [["表4-1 投入"]] + block + [[None], [None], ["表4-2 过程"]] + block
    assert [t.title for t in find_scoresheets([_grid(rows)])] == ["表4-1 投入", "表4-2 过程"]


def test_two_row_header_with_weight_and_score_merged_down():
    rows = [["评价指标", None, None, "分值", "得分"],
            ["一级指标", "二级指标", "三级指标", None, None],
            ["决策", "立项", "依据充分性", 3, 3],
            ["决策", "立项", "程序规范性", 2, 1],
            ["合计", None, None, 5, 5]]
    grid = _grid(rows, merged=[(0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (2, 0, 3, 0), (2, 1, 3, 1)])
    [table] = find_scoresheets([grid])
    assert [(n.path, n.weight, n.score) for n in table.leaves] == [("决策/立项/依据充分性", 3, 3),
                                                                    ("决策/立项/程序规范性", 2, 1)]
    assert _codes([grid]) == [("XT401", "E5")]


def test_with_self_and_evaluated_scores_the_rightmost_is_checked():
    rows = [["一级指标", "二级指标", "三级指标", "分值", "自评得分", "评价得分"],
            ["决策", "立项", "依据充分性", 3, 3, 2], ["合计", None, None, 3, 3, 2]]
    [table] = find_scoresheets([_grid(rows)])
    assert (table.leaves[0].score, table.total.score) == (2, 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(HEAD + ["合计", "小计", "A1.1 甲", "B过程（25分）", 3, 0, -1, 1e9, "100%", None,
                                                 "每降低1%扣5%的权重", "①符合；②该要素不得分", "x=(1/0)×100%=0%"]),
                         min_size=1, max_size=9), min_size=1, max_size=12))
def test_never_raises_on_odd_grids(rows):
    _check_scoresheets([_grid([HEAD] + rows)])


def test_subtotal_rows_close_their_group_and_the_total_closes_the_table():
    rows = [["一级指标", "二级指标", "三级指标", "分值", "得分"],
            ["决策", "立项", "依据充分性", 3, 3], ["决策", "立项", "程序规范性", 3, 2], ["决策", "小计", None, 6, 4],
            ["产出", "数量", "完成率", 4, 4], ["产出", "小计", None, 4, 4], ["合计", None, None, 10, 8]]
    grid = _grid(rows, merged=[(1, 0, 3, 0), (4, 0, 5, 0), (1, 1, 2, 1)])
    [table] = find_scoresheets([grid])
    assert [(n.name, n.weight, n.score) for n in table.roots] == [("决策", 6, 4), ("产出", 4, 4)]
    assert table.total.score == 8
    assert _codes([grid]) == [("XT401", "E4"), ("XT403", "D7"), ("XT401", "E7")]  # 合计 8 repeats the wrong 小计


def test_measured_counts_come_from_the_actual_column_or_the_one_amount_the_text_states():
    head = ["一级指标", "二级指标", "三级指标", "分值", "目标值", "实际值", "评分标准", "评分过程", "得分"]
    rows = [head,
            ["产出", "数量", "培训人次", 10, "≥1000人次", None, "得分=实际完成值/目标值×分值",
             "计划培训1000人次，实际培训900人次。", 9],
            ["产出", "数量", "覆盖户数", 10, "≥200户", "180户", "按比例计算得分，低于60%不得分", None, 10],
            ["产出", "成本", "人员控制", 10, "≤13人", None, "达到目标值得满分，每超出1%，扣除5%权重分，扣完为止。",
             "在职人员14人。", 5]]
    assert _codes([_grid(rows)]) == [("XT320", "I3"), ("XT320", "I4")]  # 180/200 → 9; 14/13 → 6.15
