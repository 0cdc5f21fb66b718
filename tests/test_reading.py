"""Reading real submissions (issue #12): column roles from evidence, stated totals, percent
formats, forms without scores, traditional characters, merged group scores, direction words.

Each grid is shaped like a table of the real-world corpus (tests/realworld) or a layout
listed in /work/shared/READING.md §4; the comment says which.
"""

from __future__ import annotations

import openpyxl

from xltool.api import check_grids, check_workbook
from xltool.compute.profiles import load
from xltool.compute.recalc import rate_agrees, recalc_form, recalc_indicator
from xltool.detect.forms import detect_forms
from xltool.detect.headers import header_weight, lower_is_better, match_role_strength, norm
from xltool.io.read import read_workbook
from xltool.model.grid import SheetGrid


def _grid(rows, merged=(), name="自评表"):
    return SheetGrid(name=name, rows=[list(r) for r in rows], merged=list(merged))


def _errors(result):
    return [f for f in result.findings if f.severity.name == "ERROR"]


# ---- 1. column roles ---------------------------------------------------------------

def test_compound_headers_name_what_their_last_word_names():
    assert match_role_strength("得分系数(%)", "indicator_columns") == ("coefficient", 3)
    assert match_role_strength("指标得分(分)", "indicator_columns") == ("score", 3)
    assert match_role_strength("执行率得分(分)", "funds_columns")[0] == "score"
    assert match_role_strength("执行率权重", "funds_columns")[0] == "weight"
    assert match_role_strength("执行率(B/A)", "funds_columns")[0] == "rate"
    assert match_role_strength("调整预算数(A)", "funds_columns")[0] == "budget"
    assert match_role_strength("得分率", "indicator_columns")[0] is None
    assert match_role_strength("得分 (20分*执行率)", "funds_columns") == ("score", 3)
    assert header_weight("得分 (20分*执行率)") == 20 and header_weight("分值(10分)") == 10
    assert header_weight("得分") is None


def _cq_rows():
    """cq2021_kexuecheng_unit: 得分系数(%) (all 100) before 指标权重(分) and 指标得分(分)."""
    return [
        ["部门整体绩效自评表"],
        ["主管部门", None, None, "财政处室", None, None, None, "自评总分(分)", 97.6],
        ["部门预算执行情况(万元)", None, None, "年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重",
         "执行率得分(分)"],
        [None, None, None, None, None, None, 76, 10, 7.6],
        ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)", "指标权重(分)",
         "指标得分(分)", "是否核心指标"],
        ["基础信息完善", "%", None, 100, None, 100, 100, 1, 1, "否"],
        ["预算完成率", "%", None, 70, None, 76, 100, 2, 2, "是"],
        ["政府采购执行率", "%", None, 100, None, 72.74, 100, 2, 2, "是"],
        ["党性教育培训次数", "次", None, "26次", None, "12次", 100, 5, 5, "是"],
        ["组织宣传活动次数", "次", None, "40次", None, "43次", 50, 10, 5, "是"],
    ]


def test_score_coefficient_is_not_the_score():
    form, = detect_forms(_grid(_cq_rows(), [(2, 0, 3, 2)]))
    assert form.columns["score"].value == "指标得分(分)"
    assert form.columns["coefficient"].value == "得分系数(%)"
    assert [i.score.value for i in form.indicators] == [1, 2, 2, 5, 5]
    # the funds row states only its rate, weight and score: still the funds row
    assert (form.funds_total.rate.value, form.funds_total.weight.value, form.funds_total.score.value) == (76, 10, 7.6)
    # the form's own rule 得分 = 权重 × 系数 decides the row score: 10 × 50% = 5 agrees
    calc = recalc_form(form, load("mof2020"))
    assert [c.outcome.score for c in calc.indicators] == [1, 2, 2, 5, 5]
    assert not [f for f in _errors(check_grids("cq.xlsx", [_grid(_cq_rows(), [(2, 0, 3, 2)])]))
                if f.code in ("XT301", "XT305")]


def test_score_column_whose_values_exceed_the_weights_gives_way():
    """Two columns called score: the one holding maximum points (all > weight) is not the awarded score."""
    rows = [["一级指标", "二级指标", "三级指标", "分值", "指标值", "完成值", "得分", "实际得分"],
            ["产出", "数量", "a", 10, "≥10个", "10个", 100, 10],
            ["产出", "质量", "b", 20, "≥90%", "95%", 100, 20],
            ["效益", "社会", "c", 30, "≥1次", "1次", 100, 30],
            ["效益", "满意度", "d", 40, "≥90%", "95%", 100, 40]]
    form, = detect_forms(_grid(rows))
    assert form.columns["score"].value == "实际得分"


# ---- 2. the declared total ---------------------------------------------------------

def _small_form(tail, head=()):
    return [*head,
            ["一级指标", "二级指标", "三级指标", "分值", "指标值", "完成值", "得分"],
            ["产出", "数量", "a", 50, "≥10个", "10个", 50],
            ["效益", "社会", "b", 50, "≥1次", "1次", 46.25],
            *tail]


def test_total_row_with_full_marks_beside_the_label():
    """xj2024_project_fukang: 总分 | 100 | … | 96.25分 — 100 is the weight total, the score is text further right."""
    form, = detect_forms(_grid(_small_form([["总分", None, None, 100, None, None, "96.25分"]])))
    assert (form.total.addr, form.total.value) == ("G4", "96.25分")
    assert (form.weight_total_cell.addr, form.weight_total_cell.value) == ("D4", 100)


def test_total_label_below_the_grid_passes_over_the_weight_total():
    form, = detect_forms(_grid(_small_form([[None], ["总分", None, None, 100, None, None, None, "96.25"]])))
    assert form.total.addr == "H5"


def test_total_row_with_only_the_full_marks_states_no_total():
    form, = detect_forms(_grid(_small_form([["总分", None, None, 100]])))
    assert form.total is None and form.weight_total_cell.value == 100


def test_total_stated_in_the_header_block():
    """nx2021_yinchuan: 自评得分 | 98 above the funds block; a single cell '自评总分：98分'."""
    head = [["项目名称", "初中公用经费", None, "自评得分", 98, "财政审核评分"]]
    form, = detect_forms(_grid(_small_form([], head)))
    assert (form.total.addr, form.total.value) == ("E1", 98)
    form, = detect_forms(_grid(_small_form([], [["自评总分：98分"]])))
    assert form.total.addr == "A1"
    form, = detect_forms(_grid(_small_form([], [["项目名称", "x"]])))
    assert form.total is None  # never the sum


# ---- 3. percentages stored as numbers ----------------------------------------------

def test_percent_formatted_numbers_read_as_percentages(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in _small_form([]):
        ws.append(row)
    ws.append(["效益", "满意度", "满意度", 10, 0.9, 0.95, 10, 0.862])
    ws["E4"].number_format = "0%"
    ws["F4"].number_format = "0.00%"
    ws["H4"].number_format = "0%"
    path = tmp_path / "pct.xlsx"
    wb.save(path)
    g = read_workbook(path)[0]
    assert g.percent_cells == {(3, 4): 0, (3, 5): 2, (3, 7): 0}
    form, = detect_forms(g)
    ind = form.indicators[-1]
    assert (ind.target.percent, ind.actual.percent) == (0, 2)
    calc = recalc_indicator(ind, load("mof2020"))
    assert (calc.target.number, calc.target.unit, calc.actual.text) == (90.0, "%", "95.00%")
    assert calc.measure.met
    from xltool.model.form import Cell
    shown86 = Cell("s", 3, 7, 0.862, 0)  # shows 86%: agrees with 86.2 % at the precision shown
    assert rate_agrees(shown86, [0.862]) and rate_agrees(shown86, [0.8649]) and not rate_agrees(shown86, [0.87])
    assert not rate_agrees(Cell("s", 3, 7, 0.862), [0.8649])  # format unknown: full precision


def test_percent_styles_from_custom_formats():
    from xltool.io.limits import percent_decimals
    assert percent_decimals("0%") == 0 and percent_decimals("0.00%") == 2 and percent_decimals("#,##0.0%") == 1
    assert percent_decimals('0.00"%"') is None and percent_decimals("0.00") is None
    assert percent_decimals("[Red]0.0%;-0.0%") == 1


# ---- 4. forms not recognised before ------------------------------------------------

def test_traditional_characters_are_folded():
    assert norm("三級指標") == "三级指标" and norm("實際完成值") == "实际完成值"
    rows = [["一級指標", "二級指標", "三級指標", "權重", "指標值", "實際完成值", "得分"],
            ["產出", "數量", "a", 50, "≥10個", "10個", 50],
            ["效益", "社會", "b", 50, "≥1次", "1次", 50]]
    form, = detect_forms(_grid(rows))
    assert len(form.indicators) == 2 and form.kind == "project"


def _hengshan_rows():
    """hn2020_hengshan: 专项资金绩效目标自评表 with 年度指标值 / 全年完成值 and no 分值/得分."""
    return [["2020年度县级专项资金绩效目标自评表"],
            ["专项资金名称", "县级储备粮"],
            ["项目资金(万元)", None, "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"],
            [None, "年度资金总额", 194.9, 194.9, 1],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"],
            ["产出指标", "数量指标", "储备到位率", 1, 1],
            [None, "质量指标", "县级储备粮库存粮食明显变质比例", 0, 0]]


def test_form_without_scores_is_a_transfer_form():
    g = _grid(_hengshan_rows(), [(2, 0, 3, 0)])
    form, = detect_forms(g)
    assert form.kind == "transfer" and not form.scored and len(form.indicators) == 2
    assert form.funds_total.budget.value == 194.9
    result = check_grids("hn.xlsx", [g])
    assert not [f for f in result.findings if f.code == "XT002"]
    assert result.forms[0].summary()["score"]["recalculated"] is None
    assert "转移支付" in form.kind_label


def test_funds_block_alone():
    rows = [["项目资金（万元）", None, "年初预算数(A)", "全年执行数(B)", "执行率(B/A)", "得分 (20分*执行率)"],
            [None, "年度资金总额", 100, 90, "90%", 18]]
    form, = detect_forms(_grid(rows))
    assert form.kind == "funds" and form.indicators == ()
    row = form.funds_total
    assert row.budget.value == 100 and row.initial is None  # 年初预算数 is the budget when nothing better exists
    assert (row.weight.addr, row.weight.value) == ("F1", 20)  # the weight stated in the header


# ---- 5. group scores merged over rows ----------------------------------------------

def test_group_score_merged_over_rows_counts_once():
    rows = [["一级指标", "二级指标", "三级指标", "分值", "指标值", "完成值", "得分"],
            ["产出", "数量", "a", 30, "≥10个", "10个", 60],
            ["产出", "数量", "b", 30, "≥10个", "10个", None],
            ["效益", "社会", "c", 40, "≥1次", "1次", 40],
            ["总分", None, None, 100, None, None, 100]]
    form, = detect_forms(_grid(rows, [(1, 6, 2, 6)]))
    assert form.indicators[0].score is form.indicators[1].score or form.indicators[0].score == form.indicators[1].score
    assert list(form.score_groups) == [(1, 6)]
    calc = recalc_form(form, load("mof2020"))
    assert calc.declared_sum == 100 and calc.recalculated_total == 100


# ---- 6. lower is better without an operator ----------------------------------------

def test_lower_is_better_names_give_an_upper_bound():
    assert lower_is_better("病虫害受害率") and lower_is_better("群众投诉率") and not lower_is_better("覆盖率")
    rows = [["一级指标", "二级指标", "三级指标", "分值", "指标值", "完成值", "得分", "指标性质"],
            ["效益", "社会", "农作物成灾率", 10, "5%", "3%", 10, None],
            ["效益", "社会", "覆盖率", 10, "95%", "96%", 10, None]]
    form, = detect_forms(_grid(rows))
    ops = [recalc_indicator(i, load("mof2020")).operator for i in form.indicators]
    assert ops == ["<=", None]
    assert recalc_indicator(form.indicators[0], load("mof2020")).measure.met


def test_realworld_workbooks_read_as_published():
    """The corpus workbooks: roles and totals as the answer keys read them."""
    from pathlib import Path
    base = Path(__file__).parent / "realworld" / "workbooks"
    cq = detect_forms(read_workbook(base / "cq2021_kexuecheng_unit.xlsx")[0])[0]
    assert cq.columns["score"].addr == "J9" and cq.total.addr == "J3"
    nx = detect_forms(read_workbook(base / "nx2021_yinchuan_project.xlsx")[0])[0]
    assert (nx.total.addr, nx.total.value) == ("E3", 98)
    hn = [f for g in read_workbook(base / "hn2020_hengshan_transfer.xlsx") for f in detect_forms(g)]
    assert [f.kind for f in hn] == ["transfer"]
    assert not [f for f in check_workbook(base / "hn2020_hengshan_transfer.xlsx").findings if f.code == "XT002"]
