"""Which columns a 自评表 lacks: without 分值/权重 or 得分 its scores cannot be recomputed (XT103)."""

from __future__ import annotations

from collections.abc import Iterator

from xltool.codes import finding
from xltool.compute.recalc import FormCalc
from xltool.findings import Finding

_NEEDED = (("weight", "分值/权重"), ("score", "得分"))


def check(calc: FormCalc) -> Iterator[Finding]:
    """XT103 at the 指标名称 header when the 分值/权重 or 得分 column is missing."""
    form = calc.form
    missing = [label for role, label in _NEEDED if role not in form.columns]
    if missing and form.scored:  # a 转移支付 target form or a funds block alone has no scores to miss
        yield finding("XT103", form.sheet, form.columns["name"].addr, "default", columns="”“".join(missing))
