"""The catalogue of finding codes: permanent codes, readable names, default severities.

The hundreds digit is the family: 0 reading, 1 form structure, 2 cell values,
3 score recalculation, 4 cross-table and narrative. Codes are never reused; a
retired code stays here marked ``retired``.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltool.findings import Finding, Severity


@dataclass(frozen=True)
class Code:
    """Metadata of one finding code."""

    code: str
    name: str
    severity: Severity
    title: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        Code("XT001", "file-unreadable", _E, "文件无法读取"),
        Code("XT002", "no-form-found", _E, "未识别到绩效自评表或评分表"),
        Code("XT003", "cell-error-value", _W, "单元格为错误值"),
        Code("XT101", "weights-not-100", _E, "权重合计不等于满分"),
        Code("XT102", "quantified-share-low", _W, "量化指标占比不足"),
        Code("XT103", "missing-column", _W, "缺少必要的列"),
        Code("XT201", "value-unparseable", _W, "指标值无法解析"),
        Code("XT202", "unit-mismatch", _W, "指标值与完成值计量单位不一致"),
        Code("XT203", "executed-over-budget", _W, "执行数大于预算数"),
        Code("XT204", "funds-not-adding-up", _E, "资金合计与分项之和不符"),
        Code("XT205", "deviation-reason-missing", _W, "未完成指标缺少偏差原因分析"),
        Code("XT206", "narrative-contradicts-table", _W, "总体目标完成情况与指标表数值不符"),
        Code("XT207", "placeholder-value", _W, "指标值或完成值为空或占位符"),
        Code("XT301", "score-exceeds-weight", _E, "得分超过分值"),
        Code("XT302", "execution-rate-wrong", _E, "执行率计算错误"),
        Code("XT303", "execution-score-wrong", _E, "执行率得分错误"),
        Code("XT304", "completion-rate-wrong", _E, "完成率计算错误"),
        Code("XT305", "indicator-score-wrong", _E, "指标得分与评分规则不符"),
        Code("XT306", "ceiling-exceeded-full-marks", _E, "反向指标超出目标值仍得满分"),
        Code("XT307", "total-not-sum", _E, "总分与各项得分之和不符"),
        Code("XT308", "grade-wrong", _E, "评价等级与总分不符"),
        Code("XT309", "grade-changes-on-recalc", _E, "重算后评价等级改变"),
        Code("XT310", "qualitative-score-out-of-tier", _E, "定性指标得分不在所属档次区间"),
        Code("XT311", "not-machine-checkable", _I, "不可机器复核"),
        Code("XT312", "over-completion-review", _I, "超额完成较多，需说明原因"),
        Code("XT313", "score-negative", _E, "得分为负数"),
    ]
}


def finding(code: str, sheet: str, cell: str, message: str, *, expected=None, found=None,
            indicator: str = "", severity: Severity | None = None) -> Finding:
    """Build a Finding whose name and default severity come from the catalogue."""
    meta = CATALOGUE[code]
    return Finding(code=code, name=meta.name, severity=severity or meta.severity, sheet=sheet,
                   cell=cell, message=message, expected=expected, found=found, indicator=indicator)
