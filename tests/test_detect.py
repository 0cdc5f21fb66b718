"""Layout detection on forms laid out the ways people really submit them.

Each workbook is built here cell by cell, so each test shows the layout it
covers: title rows, two-row headers, merged labels, reordered columns with
synonyms, numbers as text, several forms in one sheet, Sichuan-style operator
and unit columns, the unit-overall funds block.
"""

import openpyxl
import pytest

from xltool.api import check_workbook
from xltool.detect.forms import detect_forms
from xltool.io.read import read_workbook


def _put(ws, row, col, value):
    cell = ws.cell(row, col, value)
    if isinstance(value, str):
        cell.data_type = "s"  # keep '=30437 人' as text, as Excel does for typed targets
    return cell


def _rows(ws, top, left, rows):
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                _put(ws, top + i, left + j, value)


def _central(ws, top=1, score_86=9):
    """A central 附件1 form whose execution row carries the P3 error (86% scored 9)."""
    _rows(ws, top, 1, [
        ["项目支出绩效自评表"], ["（2023年度）"],
        ["项目名称", "农村公路养护"], ["主管部门", "交通运输局", None, "实施单位", "公路段"],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 100, 100, 86, 10, "86%", score_86],
        [None, "其中：当年财政拨款", 100, 100, 86, None, "—", None],
        [None, "上年结转资金", 0, 0, 0],
        [None, "其他资金", 0, 0, 0],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "养护公路120公里", None, None, "全年养护公路 118 公里"],
        ["绩效指标"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "养护里程", "≥120公里", "118公里", 30, 29.5, "雨季影响"],
        [None, "质量指标", "优良路率", "≥85%", "90%", 10, 10, None],
        [None, "时效指标", "完成时间", "2023年12月31日前", "2023年11月30日", 10, 10, None],
        ["效益指标", "社会效益指标", "群众出行条件", "有效改善", "达成", 30, 30, None],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10, None],
        ["总分", None, None, None, None, 100, 98.1],
        ["自评等级", "优"],
    ])
    ws.merge_cells(start_row=top + 4, start_column=1, end_row=top + 8, end_column=1)
    ws.merge_cells(start_row=top + 13, start_column=1, end_row=top + 15, end_column=1)
    return top + 20


def _book(tmp_path, build, name="form.xlsx"):
    wb = openpyxl.Workbook()
    build(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def test_central_form_with_title_rows_and_merged_labels(tmp_path):
    path = _book(tmp_path, lambda wb: _central(wb.active, top=3))
    (form,) = detect_forms(read_workbook(path)[0])
    assert form.kind == "project" and form.name == "农村公路养护"
    assert [i.level1 for i in form.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert form.funds_total.label == "年度资金总额" and len(form.funds) == 4
    assert (form.total.addr, form.grade.value) == ("G21", "优")
    assert form.goal_actual.value == "全年养护公路 118 公里"


def test_central_form_findings(tmp_path):
    path = _book(tmp_path, lambda wb: _central(wb.active))
    result = check_workbook(path)
    got = {(f.code, f.cell) for f in result.findings}
    # 86/100 scored 9 instead of 8.6; the declared 总分 98.1 is not the sum of the cells (98.5)
    # but happens to be the right total; 118/120 → 29.5 is right; the narrative agrees
    assert got == {("XT303", "H6"), ("XT307", "G19")}
    assert result.forms[0].calc.recalculated_total == 98.1
    assert result.forms[0].calc.profile.name == "mof2020"


def test_two_forms_in_one_sheet_and_a_second_sheet(tmp_path):
    def build(wb):
        end = _central(wb.active)
        _central(wb.active, top=end + 2, score_86=8.6)
        _central(wb.create_sheet("第二张"), top=2)

    result = check_workbook(_book(tmp_path, build))
    assert [(r.form.sheet, r.form.funds_total.score.addr) for r in result.forms] == [
        ("Sheet", "H6"), ("Sheet", "H28"), ("第二张", "H7")]
    flagged = {(f.sheet, f.cell) for f in result.findings if f.code == "XT303"}
    assert flagged == {("Sheet", "H6"), ("第二张", "H7")}


def test_reordered_columns_synonyms_and_numbers_as_text(tmp_path):
    def build(wb):
        ws = wb.active
        _rows(ws, 1, 1, [
            ["三级指标", "一级指标", "二级指标", "实际完成值", "赋分规则", "分值", "目标值", "完成率", "得分"],
            ["参保人数", "产出指标", "数量指标", "=30437 人", "按照完成比例赋分", "10分", ">=33333 人", "91.31%", "7.83分"],
            ["报销比例", None, "质量指标", "=100%", "按照完成比例赋分", "10", ">=91%", "109.89%", "10"],
        ])

    (form,) = detect_forms(read_workbook(_book(tmp_path, build))[0])
    assert [i.level1 for i in form.indicators] == ["产出指标", "产出指标"]
    result = check_workbook(tmp_path / "form.xlsx")
    assert result.forms[0].calc.profile.name == "xinjiang"
    wrong = [(f.code, f.cell, f.expected) for f in result.findings if f.code.startswith("XT3")]
    assert wrong == [("XT305", "I3", 9.01)]


def test_sichuan_operator_and_unit_columns(tmp_path):
    def build(wb):
        _rows(wb.active, 1, 1, [
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
            ["产出指标", "数量指标", "培训人次", "≥", 500, "人次", 450, 20, 18, "疫情"],
            ["产出指标", "成本指标", "人均成本", "≤", 200, "元", 250, 20, 20, None],
        ])

    result = check_workbook(_book(tmp_path, build))
    found = {(f.code, f.cell) for f in result.findings}
    assert ("XT306", "I3") in found  # 250 元 against ≤200 元 yet full marks
    assert result.forms[0].calc.indicators[1].outcome.score == 15.0


def test_unit_overall_funds_by_source(tmp_path):
    def build(wb):
        _rows(wb.active, 1, 1, [
            ["单位整体支出绩效自评表"],
            ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值权重", "执行率", "得分"],
            ["上级资金", 100, 120, 119.88, None, None, None],
            ["本级资金", 50, 60, 60, None, None, None],
            ["合计", 150, 180, 180.88, 10, "100.49%", 10],
            ["一级指标", "二级指标", "三级指标", "预期指标值", "指标值设定依据", "分值权重", "实际完成指标值", "得分"],
            ["履职效能", "数量指标", "办结件数", "≥100件", "计划标准", 90, "100件", 90],
        ])

    result = check_workbook(_book(tmp_path, build))
    form = result.forms[0].form
    assert form.kind == "unit" and form.funds_total.label == "合计"
    found = {(f.code, f.cell) for f in result.findings}
    assert ("XT204", "D5") in found  # 119.88 + 60 ≠ 180.88
    assert ("XT203", "D5") in found  # executed above budget


@pytest.mark.parametrize("text", ["", "随便写点什么", "三级指标"])
def test_sheet_without_form_is_reported_not_crashed(tmp_path, text):
    result = check_workbook(_book(tmp_path, lambda wb: _put(wb.active, 1, 1, text or None)))
    assert result.exit_code == 2 and result.error and "未识别到绩效自评表" in result.error


def test_execution_rate_scored_inside_the_grid_is_not_counted_twice(tmp_path):
    def build(wb):
        _rows(wb.active, 1, 1, [
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["年度资金总额", 100, 100, 98, "98%"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["预算执行率", None, "预算执行率", "100%", "98%", 10, 9.8],
            ["产出指标", "数量指标", "培训人次", "≥500人次", "500人次", 90, 90],
            ["总分", None, None, None, None, 100, 99.8],
        ])

    result = check_workbook(_book(tmp_path, build))
    assert [f.code for f in result.findings] == []
    assert result.forms[0].calc.recalculated_total == 99.8


def test_narrative_plan_figures_are_not_compared_with_results(tmp_path):
    def build(wb):
        _rows(wb.active, 1, 1, [
            ["年度总体目标", "预期目标", "实际完成情况"],
            [None, "参保 33333 人", "参保人数计划 33333 人，实际 30437 人；培训人次 480 人次"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            ["产出指标", "数量指标", "参保人数", "≥33333人", "30437人", 50, 45.66, "转出较多"],
            ["产出指标", "数量指标", "培训人次", "≥500人次", "500人次", 50, 50, None],
        ])

    result = check_workbook(_book(tmp_path, build))
    narrative = [(f.code, f.found) for f in result.findings if f.code == "XT206"]
    assert narrative == [("XT206", "480人次")]
