"""The catalogue of finding codes: permanent codes, readable names, default severities, scopes.

The hundreds digit is the family: 0 reading, 1 form structure, 2 cell values,
3 score recalculation, 4 cross-table and narrative. Codes are never reused; a
retired code stays here marked ``retired``.

Every message text lives in ``messages.toml`` beside this module, so that one
person can review the wording of all codes in one file: a check names the code,
a variant (which of the code's wordings) and the values to fill in, already
formatted (``xltool.display``); ``finding`` fills the template. Wording a check
adds only sometimes (a cause, a note) is a fragment of the same file (``fragment``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from xltool.findings import Finding, Severity

# What a finding is about, which says how far a reader must look to judge it:
CELL = "cell"  # one cell by itself: its content, or its shown value against its own formula
ROW = "row"  # one indicator or funds row: its cells against each other or against the row's own rule
FORM = "form"  # one form or table as a whole: sums over its rows, its total, grade, columns and own text
WORKBOOK = "workbook"  # the file itself: unreadable, no form in it, formulas saved without results
CROSS_SHEET = "cross-sheet"  # two parts of a workbook: tables of one report, 自评表 vs 评分表, prose vs a table
SCOPES = (CELL, ROW, FORM, WORKBOOK, CROSS_SHEET)


@dataclass(frozen=True)
class Code:
    """Metadata of one finding code."""

    code: str
    name: str
    severity: Severity
    scope: str
    title: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_CELL, _ROW, _FORM, _BOOK, _CROSS = SCOPES

CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        Code("XT001", "file-unreadable", _E, _BOOK, "文件无法读取"),
        Code("XT002", "no-form-found", _E, _BOOK, "未识别到绩效自评表或评分表"),
        Code("XT003", "cell-error-value", _W, _CELL, "单元格为错误值"),
        Code("XT101", "weights-not-100", _E, _FORM, "权重合计不等于满分"),
        Code("XT102", "quantified-share-low", _W, _FORM, "量化指标占比不足"),
        Code("XT103", "missing-column", _W, _FORM, "缺少必要的列"),
        # 由 xltool 模板生成的表（xltool.checks.tamper）
        Code("XT110", "formula-overwritten", _E, _CELL, "模板公式被改为手填数值"),
        Code("XT111", "cached-value-stale", _E, _CELL, "公式单元格显示值与重算结果不符"),
        Code("XT112", "formulas-not-calculated", _W, _BOOK, "模板公式未经计算保存"),
        Code("XT113", "formulas-computed", _I, _BOOK, "公式没有计算结果，已按公式算出"),
        Code("XT201", "value-unparseable", _W, _CELL, "指标值无法解析"),
        Code("XT202", "unit-mismatch", _W, _ROW, "指标值与完成值计量单位不一致"),
        Code("XT203", "executed-over-budget", _W, _ROW, "执行数大于预算数"),
        Code("XT204", "funds-not-adding-up", _E, _FORM, "资金合计与分项之和不符"),
        Code("XT205", "deviation-reason-missing", _W, _ROW, "未完成指标缺少偏差原因分析"),
        Code("XT206", "narrative-contradicts-table", _W, _FORM, "总体目标完成情况与指标表数值不符"),
        Code("XT207", "placeholder-value", _W, _CELL, "指标值或完成值为空或占位符"),
        Code("XT301", "score-exceeds-weight", _E, _ROW, "得分超过分值"),
        Code("XT302", "execution-rate-wrong", _E, _ROW, "执行率计算错误"),
        Code("XT303", "execution-score-wrong", _E, _ROW, "执行率得分错误"),
        Code("XT304", "completion-rate-wrong", _E, _ROW, "完成率计算错误"),
        Code("XT305", "indicator-score-wrong", _E, _ROW, "指标得分与评分规则不符"),
        Code("XT306", "ceiling-exceeded-full-marks", _E, _ROW, "反向指标超出目标值仍得满分"),
        Code("XT307", "total-not-sum", _E, _FORM, "总分与各项得分之和不符"),
        Code("XT308", "grade-wrong", _E, _FORM, "评价等级与总分不符"),
        Code("XT309", "grade-changes-on-recalc", _E, _FORM, "重算后评价等级改变"),
        Code("XT310", "qualitative-score-out-of-tier", _E, _ROW, "定性指标得分不在所属档次区间"),
        Code("XT311", "not-machine-checkable", _I, _ROW, "不可机器复核"),
        Code("XT312", "over-completion-review", _I, _ROW, "超额完成较多，需说明原因"),
        Code("XT313", "score-negative", _E, _ROW, "得分为负数"),
        Code("XT314", "depends-on-wrong-value", _E, _FORM, "所依据的数值有误，本单元格随之有误"),
        # 综合评分表（评价机构的评分表）：按表中评分规则重算（XT320–XT349），多表交叉核对（XT401–XT449）
        Code("XT320", "rule-score-wrong", _E, _ROW, "得分与评分表所列评分规则不符"),
        Code("XT321", "deduction-wrong", _E, _ROW, "扣分与分值减得分不符"),
        Code("XT322", "score-rate-wrong", _E, _ROW, "得分率与得分/分值不符"),
        Code("XT323", "stated-ratio-wrong", _E, _CELL, "文字所列比率与其数字不符"),
        Code("XT324", "ratio-undefined", _E, _ROW, "分母为零，比率不可计算"),
        Code("XT325", "element-points-not-weight", _W, _ROW, "评分规则各要素分值之和不等于指标分值"),
        Code("XT326", "score-not-a-rule-step", _E, _ROW, "得分不是评分规则可能给出的分值"),
        Code("XT327", "process-text-contradicts-table", _E, _ROW, "评分过程所述分值与表中不符"),
        Code("XT328", "amount-magnitude-suspect", _W, _FORM, "金额数量级异常"),
        Code("XT329", "full-marks-despite-shortcoming", _W, _ROW, "评分过程述及不足却给满分"),
        Code("XT401", "subtotal-score-not-sum", _E, _FORM, "上级指标得分与下级得分之和不符"),
        Code("XT402", "subtotal-weight-not-sum", _E, _FORM, "上级指标分值与下级分值之和不符"),
        Code("XT403", "weights-not-full-marks", _E, _FORM, "评分表分值合计不等于满分"),
        Code("XT404", "summary-score-differs", _E, _CROSS, "汇总表得分与评分明细不符"),
        Code("XT405", "weight-differs-between-tables", _E, _CROSS, "同一指标在不同表中的分值不一致"),
        Code("XT406", "indicator-not-in-detail", _I, _CROSS, "指标在评分明细表中找不到"),
        Code("XT407", "narrative-figure-wrong", _E, _CROSS, "文字所述权重、得分或得分率与评分表不符"),
        Code("XT408", "value-reused-from-other-indicator", _W, _FORM, "实际值与另一指标的计算结果相同，疑似误用"),
        Code("XT409", "self-vs-evaluation-gap", _I, _CROSS, "自评得分率与评价得分率差异较大"),
        Code("XT410", "target-differs-from-self-assessment", _W, _CROSS, "评分表目标值与自评表不一致"),
        Code("XT411", "actual-differs-from-self-assessment", _W, _CROSS, "评分表实际值与自评表不一致"),
        Code("XT412", "narrative-count-wrong", _W, _CROSS, "文字所述指标个数与评分表不符"),
        Code("XT413", "indicator-code-mismatch", _W, _CROSS, "文字中的指标编号与评分表不一致"),
    ]
}


def finding(code: str, sheet: str, cell: str, variant: str, *, expected=None, found=None, indicator: str = "",
            severity: Severity | None = None, **fields: object) -> Finding:
    """Build a Finding: name and default severity from the catalogue, message from the code's
    ``variant`` template filled with ``fields``."""
    meta = CATALOGUE[code]
    return Finding(code=code, name=meta.name, severity=severity or meta.severity, sheet=sheet, cell=cell,
                   message=templates()[code][variant].format_map(fields), expected=expected, found=found,
                   indicator=indicator)


def fragment(code: str, name: str, **fields: object) -> str:
    """A piece of wording a message of ``code`` includes only sometimes, filled with ``fields``."""
    return templates()[code]["fragments"][name].format_map(fields)


@cache
def templates() -> dict[str, dict]:
    """The message templates by code, read once: {code: {variant: text, "fragments": {name: text}}}.

    Read at the first finding, not at import: a run that finds nothing, or only prints help, never parses it.
    """
    import tomllib

    with Path(__file__).with_name("messages.toml").open("rb") as fh:
        return tomllib.load(fh)
