"""Header words of evaluators' scoring tables (综合评分表, 得分情况表, 指标体系表).

Kept as data in one place: a new firm's layout usually needs a synonym here, not
code. The words differ from a 自评表's (``xltool/layouts.toml``): an evaluator's
table has 评分规则, 评分过程, 扣分 and 得分率 columns and names its levels
一级/二级/三级 with a 分值 column after each, so it gets its own vocabulary.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级", "一级指标名称"),
    "level2": ("二级指标", "二级", "二级指标名称"),
    "level3": ("三级指标", "三级", "三级指标名称"),
    "name": ("指标", "指标名称", "评价指标", "考核指标", "绩效指标"),
    "weight": ("分值", "权重", "权重分", "标准分值", "指标分值", "分值权重", "指标权重", "权重分值", "满分",
               "标准分", "分数", "权重(分)", "分值(分)"),
    "score": ("得分", "指标得分", "评价得分", "实际得分", "评分", "最终得分", "复核得分", "核定得分", "评价分值"),
    "rate": ("得分率", "得分比例", "得分比率"),
    "deduction": ("扣分", "扣分值", "扣减分值"),
    "explanation": ("指标解释", "指标说明", "指标内涵", "指标定义", "指标含义"),
    "points": ("评价要点", "指标说明及评价要点", "评价内容", "考核要点", "考核内容", "评价要点及说明"),
    "target": ("目标值", "指标值", "标准值", "年度指标值", "目标", "预期目标值", "计划值"),
    "actual": ("实际值", "完成值", "实际完成值", "实际完成", "实际完成情况", "完成情况"),
    "rule": ("评分标准", "评分规则", "评分细则", "评分方法", "计分方法", "评价标准", "评分办法", "扣分标准", "计分规则"),
    "source": ("数据来源", "资料来源", "依据来源", "数据来源及佐证"),
    "process": ("评分过程", "扣分原因", "评分依据", "得分说明", "评分说明", "评价情况", "打分说明", "得分理由",
                "扣分说明", "评分情况", "扣分理由", "评价意见", "得分情况说明"),
}

# Columns only an evaluator's table has; a header with one of them is a scoring table
# even when it also carries 目标值/完成值 columns, as a 自评表 does.
EVALUATOR_ROLES = frozenset({"rule", "process", "deduction", "rate", "explanation", "points", "source"})

# Words that mark a self-assessment form (checked by xltool.detect.forms, not here).
SELF_ASSESSMENT_WORDS = ("业绩值", "完成率", "偏差原因", "赋分规则", "指标值设定依据", "未完成原因")

# Labels of total and subtotal rows.
TOTAL_WORDS = ("合计", "总计", "总分", "得分合计", "总得分", "分值合计", "合计得分", "综合得分")
SUBTOTAL_WORDS = ("小计",)

# Label of the grade cell near a table.
GRADE_WORDS = ("评价等级", "绩效等级", "等级", "评价结果", "绩效评价等级", "评定等级")

# 一级 names that mean the same dimension in different frameworks (§5, §6a of DOMAIN):
# 附件2 calls the second one 过程, many reports 项目管理; the fourth is 效益 or 效果.
LEVEL1_ALIASES: dict[str, str] = {
    "管理": "过程", "过程": "过程", "实施": "过程", "决策": "决策", "投入": "投入",
    "产出": "产出", "效益": "效益", "效果": "效益", "绩效": "效益",
}
