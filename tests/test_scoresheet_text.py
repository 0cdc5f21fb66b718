"""What a row's text states: labels, formulas and their results, percentages, scores, element verdicts."""

import pytest

from xltool.detect.labels import level1_key, name_key, parse_label
from xltool.compute.textfacts import read_facts


@pytest.mark.parametrize("text, code, name, weight, level", [
    ("A1.1 绩效目标合理性", "A1.1", "绩效目标合理性", None, 3),
    ("B1.预算执行", "B1", "预算执行", None, 2),
    ("A投入\n(15\n分)", "A", "投入", 15.0, 1),
    ("C1 重点工作任务完成情况（30分）", "C1", "重点工作任务完成情况", 30.0, 2),
    ("A2.2“三公经费”变动率", "A2.2", "“三公经费”变动率", None, 3),
    ("项目决策（10分）", "", "项目决策", 10.0, None),
    ("一、决策", "", "决策", None, None),
    ("城镇职工大额医疗保险参\n保人数", "", "城镇职工大额医疗保险参保人数", None, None),
])
def test_labels_give_code_name_and_weight(text, code, name, weight, level):
    label = parse_label(text)
    assert (label.code, label.name, label.weight, label.code_level) == (code, name, weight, level)


def test_names_match_across_spacing_quotes_and_full_width():
    assert parse_label('A2.2 "三公经费" 变动率').key == name_key("“三公经费”变动率") == "三公经费变动率"
    assert name_key("城镇职工大额医疗保险参 保人数") == name_key("城镇职工大额医疗保险参保人数")
    assert level1_key("项目管理") == level1_key("过程") == level1_key("项目过程")
    assert level1_key("效果") == level1_key("项目效益类指标")


def test_a_numeric_formula_is_evaluated_and_kept_with_its_terms():
    f = read_facts("完成率=（30437/33333）*100%=91.31%，故扣除0.52分。").formulas[0]
    assert (f.stated, round(f.computed, 4), f.terms, f.undefined) == (91.31, 91.3119, (30437.0, 33333.0), False)


def test_named_terms_resolve_against_the_amounts_the_text_states():
    text = ("年初预算数为1,488.37万元，预算调整数为-1,112.28万元，预算调整率=（预算调整数-年初预算数）/年初预算数"
            "×100.00%=-74.73%")
    f = read_facts(text).formulas[0]
    assert f.stated == -74.73 and round(f.computed, 2) == -174.73  # ref 004 D004-12


def test_a_zero_denominator_is_undefined_not_zero():
    text = "项目总支出为0.00万元，重点项目支出数为0.00万元，重点支出安排率=（重点项目支出/项目总支出）×100.00%=0.00%。"
    f = read_facts(text).formulas[0]
    assert f.undefined and f.computed is None  # ref 004 D004-18


def test_an_unresolvable_name_leaves_the_formula_unchecked():
    text = "全年预算安排为16.33万元，实际支出公用经费16.33万元，公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%=100%"
    f = read_facts(text).formulas[0]
    assert f.computed is None and not f.undefined and f.stated == 100


def test_statements_of_percentages_scores_and_deductions():
    facts = read_facts("满意的问卷比例为91.31%，扣1.11分。综上所述，该指标满分6分，扣1.11分，得分4.89分。")
    assert facts.stated == (("满意的问卷比例", 91.31),)
    assert (facts.full, facts.deduction, facts.score) == (6.0, 1.11, 4.89)
    # only the row's own conclusion is its score: not a share of the weight, not an element's points
    assert read_facts("①按时完成得（2分）；②质量好得0.5分。综上，该指标得分2.5分。").score == 2.5
    assert read_facts("该要素得 1/4 权重分。").score is None
    # several deductions: the total is the one in the conclusion
    assert read_facts("①缺少名单扣0.5分；②未归档扣0.5分。综上所述，该指标满分5分，扣1分，得分4分。").deduction == 1
    assert read_facts("①缺少名单扣0.5分；②未归档扣0.5分。").deduction is None


def test_element_verdicts_ignore_the_closing_summary():
    facts = read_facts("①符合，要素①得满分；②不符合，该要素不得分；③基本符合。综上，该指标得分3.00分。")
    assert facts.verdicts == {1: True, 2: False} and facts.segments == 3
