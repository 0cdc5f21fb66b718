"""Rule texts → rule objects → expected scores, one case per idiom of DOMAIN §7.

Each case is a rule text as evaluators write it, the measured value a row states,
the weight, and the score the rule gives (worked by hand in the comment).
"""

import pytest

from xltool.compute.methods import Proportional
from xltool.compute.methods.rules import Bands, Binary, Elements, Measured, PerIssue, PerPoint, Tiers, Unreadable
from xltool.compute.rule_text import parse_rule
from xltool.compute.textfacts import read_facts

FULL_DEDUCT = "资金到位率达100%得满分，每降低1%扣5%的权重，扣完为止。"


def _m(pct=(), target=None, op=None, process=""):
    ratios = tuple(p / target if target else p / 100 for p in pct)
    return Measured(pct=tuple(pct), ratios=ratios, target_pct=target, target_op=op, facts=read_facts(process),
                    process=process)


@pytest.mark.parametrize("text, kind", [
    ("得分=资金到位率×指标分值", Proportional),
    ("得分=（实际完成数/计划数）×指标分值", Proportional),
    ("每发现一处问题扣0.5分，扣完为止", PerIssue),
    ("好得5分，较好得4分，一般得3分，差得0分", Tiers),
    ("优秀（90分以上）得10分，良好（80-90分）得8分，一般得6分，差得0分", Unreadable),
    ("按比例计算得分", Proportional),
    ("实际完成率=(实际产出数/计划产出数)×100%。", Proportional),
    (FULL_DEDUCT, PerPoint),
    ("达到目标值得满分，每超出1%，扣除5%权重分，扣完为止。", PerPoint),
    ("达到目标值得满分，每偏离1%，扣除5%权重分，扣完为止。", PerPoint),
    ("≦100%，计5分；每超过一个百分点扣0.5分，扣完为止", PerPoint),
    ("满意度=100%得10分；90%（含）-100%，得8分；80%（含）-90%，得6分；70%（含）-80%，得4分；60%以下不得分", Bands),
    ("以上每条要素占权重分的1/3，每有一条不符合，扣除对应权重分，扣完为止。", Elements),
    ("要素①占1/2权重分，②和③要素各占1/4权重分，符合得满分，否则扣除对应权重分。", Elements),
    ("①自评按时完成得（2分）；②自评质量情况好得（0.5分）；④发现问题未及时整改的，每条问题扣（1分）", Elements),
    ("项目按计划及时开工得满分，否则不得分。", Binary),
    ("符合要素达到目标值得满分，否则扣除对应权重分。", Binary),
    ("定性判断，有效得10分，一般的得6分，不显著得2分，无影响不得分。", Tiers),
    ("根据实际情况酌情评分", Unreadable),
    ("项目实施所产生的社会效益、经济效益、生态效益、可持续影响等。", Unreadable),
])
def test_each_idiom_becomes_its_rule(text, kind):
    assert type(parse_rule(text)) is kind


def test_no_rule_text_is_no_rule():
    assert parse_rule("") is None
    assert parse_rule("   ") is None


@pytest.mark.parametrize("text, w, measured, want", [
    # ref 000 参保人数: 6 × 30437/33333 = 5.478… → 5.48
    ("实际完成率=(实际产出数/计划产出数)×100%。", 6, _m((91.3119,)), 5.48),
    # floor: 55% < 60% → 0
    ("按比例计算得分，低于60%不得分", 10, _m((55.0,)), 0.0),
    # ref 000 政策知晓率: 8 × (1 − 0.05 × (80 − 77.87)) = 7.148 → 7.15
    ("每降低1%扣5%的权重。", 8, _m((77.87,), target=80, op=">="), 7.15),
    # ref 000 满意度 as stated: 6 × (1 − 0.05 × 3.69) = 4.893 → 4.89
    ("每降低1%扣5%的权重。", 6, _m((91.31,), target=95, op=">="), 4.89),
    # target written in the rule text, not in a column
    ("满意度达到90%及以上得100%权重分，否则，每低于目标值1%，扣权重分的5%，扣完为止。", 10, _m((86.0,)), 8.0),
    # ≤ target, above it by 3 points: 2 × (1 − 0.15) = 1.7
    ("达到目标值得满分，每超出1%，扣除5%权重分，扣完为止。", 2, _m((13.0,), target=10, op="<="), 1.7),
    # ref 004 B1.2 预算调整率 −74.73% against ≤10%, scored on the deviation: far beyond → 0
    ("达到目标值得满分，每偏离1%，扣除5%权重分，扣完为止。", 2, _m((-74.73,), target=10, op="<="), 0.0),
    # points per point (P6): 5 − 0.5 × 4 = 3
    ("≦100%，计5分；每超过一个百分点扣0.5分，扣完为止", 5, _m((104.0,), target=100, op="<="), 3.0),
    # ref 004 C1.2: 59.17% falls in 40%–60% → 3
    ("有效（80%及以上）得5分，一般（60%-80%）得4分，不显著得3分（40%-60%），无影响（40%以下）不得分。", 5, _m((59.17,)), 3.0),
    ("满意度=100%得10分；90%（含）-100%，得8分；80%（含）-90%，得6分；60%以下不得分", 10, _m((90.0,)), 8.0),
    # binary against a 100% target
    ("项目按计划及时开工得满分，否则不得分。", 5, _m((100.0,), target=100, op=None), 5.0),
    ("项目按计划及时开工得满分，否则不得分。", 5, _m((97.0,), target=100, op=None), 0.0),
])
def test_rules_give_the_hand_worked_score(text, w, measured, want):
    assert want in parse_rule(text).expect(w, measured).scores


def test_element_verdicts_in_the_process_text_fix_the_score():
    # ref 004 B2.1: ① 1/2 and ② 1/4 met, ③ not → 2 × 3/4 = 1.50 (the report wrote 1.25)
    rule = parse_rule("要素①占1/2权重分，②和③要素各占1/4权重分，符合得满分，否则扣除对应权重分。")
    process = ("①内部制定了预算业务管理制度，该要素得1/2权重分；②制度符合会计法，该要素得1/4权重分；"
               "③预算编制未经单位内部领导审批，该要素不得分。依据评分规则，该指标得分1.25分。")
    assert rule.expect(2, _m(process=process)).scores == (1.5,)


def test_elements_without_verdicts_only_allow_their_steps():
    rule = parse_rule("以上每条要素占权重分的1/4，每有一条不符合，扣除对应权重分，扣完为止。")
    exp = rule.expect(5, _m(process="资料归档不完善，扣1.25分。"))
    assert exp.allowed == (0.0, 1.25, 2.5, 3.75, 5.0)


def test_element_points_that_do_not_add_up_cap_the_score():
    # ref 000 自评及整改: ①2 + ②0.5 + ③0.5 = 3 for a weight of 4 (D000-5)
    rule = parse_rule("评价要点：①自评按时完成得（2分）；②自评质量情况好得（0.5分）；③项目开始时间至项目完成时间内"
                      "未发现相关问题（0.5分）；④发现问题未及时整改的，每条问题扣（1分），扣完为止。")
    assert rule.design_problem(4) == ("各要素分值合计3分，与指标分值4分不符", 3.0)
    assert rule.expect(4, _m()).maximum == 3.0


def test_qualitative_tier_is_read_from_the_process_text():
    rule = parse_rule("定性判断，根据具体实施情况，有效得10分，一般的得6分，不显著得2分，无影响不得分。")
    assert rule.expect(10, _m(process="通过开展相关工作，有效保障了参保人员的合法权益。")).scores == (10.0,)
    assert rule.expect(10, _m(process="宣传效果不显著。")).scores == (2.0,)
    assert rule.expect(10, _m(process="工作按计划推进。")).allowed == (0.0, 2.0, 6.0, 10.0)


def test_a_missing_value_or_target_is_a_reason_not_a_guess():
    assert "实际值" in parse_rule(FULL_DEDUCT).expect(3, _m(target=100)).reason
    assert "目标值" in parse_rule("每降低1%扣5%的权重。").expect(3, _m((90.0,))).reason
    assert parse_rule("酌情扣分").expect(3, _m((90.0,))).reason


def test_per_issue_deductions_count_the_problems_the_text_states():
    rule = parse_rule("每发现一处问题扣0.5分，扣完为止")
    assert rule.expect(2, _m(process="抽查发现问题2处，均已整改。")).scores == (1.0,)
    assert rule.expect(2, _m(process="经核查未发现问题。")).scores == (2.0,)
    assert rule.expect(2, _m(process="存在部分问题。")).allowed == (0.0, 0.5, 1.0, 1.5, 2.0)


def test_a_longer_tier_word_does_not_count_as_a_shorter_one():
    rule = parse_rule("好得5分，较好得4分，一般得3分，差得0分")
    assert rule.expect(5, _m(process="资料整理较好。")).scores == (4.0,)


def test_several_points_under_one_marker_are_elements_that_add_up():
    """'①…得1分；…得1分；②…得1分；…得1分': four elements of 1 point, so 4 (not 2) is the most the rule gives."""
    rule = parse_rule("①制度健全得1分；执行到位得1分；②记录完整得1分；归档及时得1分")
    assert isinstance(rule, Elements) and rule.points == (1.0, 1.0, 1.0, 1.0)
    assert rule.design_problem(4) == ("", None)
    assert rule.expect(4, _m()).maximum == 4


def test_points_per_element_allow_every_multiple_up_to_the_weight():
    """'每符合一项要点得2分，否则不得分' with weight 12: 0, 2, …, 12 are all scores the rule gives (10 is valid)."""
    rule = parse_rule("每符合一项要点得2分，否则不得分")
    exp = rule.expect(12, _m())
    assert 10 in exp.allowed and exp.allowed == (0, 2, 4, 6, 8, 10, 12) and exp.maximum == 12
    assert 11 not in exp.allowed
