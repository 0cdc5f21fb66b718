"""Random filling of the templates for the proof tests, with the rule edges made likely.

A filled copy is a dict address → value (what a user types), applied to a fresh
template with openpyxl. Rows are drawn from the kinds of input the template
promises to read: numbers in number cells with an operator from the dropdown;
typed text such as '≥95%' or '=30437人'; a percentage target against a fraction
actual; qualitative verdicts; dates on 时效 rows; half-filled and placeholder rows;
and actuals at exactly 60 %, exactly 100 %, over-completion, 2× a ceiling, zero
and negative; budgets of zero. ``correct=True`` draws a copy an accountant could
submit: weights adding up to 100, no half-filled rows.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache

from xltool.templates import scoresheet
from xltool.templates.catalogue import XJ_RULES
from xltool.templates.layout import Layout
from xltool.templates.rowcalc import LEVEL_WORDS, OPERATORS

UNITS = ("人", "%", "万元", "个", "元/人/月", "", "户", "天", "次")
FACTORS = (0, 0.3, 0.59, 0.6, 0.6, 0.75, 0.9, 0.9131, 0.99, 1, 1, 1, 1.01, 1.2, 1.5, 1.99, 2, 2, 2.5)
QUAL_TARGETS = ("达成年度指标", "有效提升", "显著提高", "及时", "好", "减轻", "达到预期", "按计划推进")
VERDICTS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "达到预期指标", "基本完成",
            "未完成", "较好", "好", "差", "按计划推进") + tuple(w for _, words in LEVEL_WORDS for w in words[:3])
PLACEHOLDERS = ("—", "-", "/", "无")
WEIGHTS = (2, 3, 4, 5, 6, 8, 10, 2.5, 7.5, 3.33, 1.5)


def _number(rng: random.Random) -> float:
    return rng.choice((rng.randint(1, 60000), round(rng.uniform(0.5, 500), 2), rng.choice((80, 90, 95, 100, 98.5)),
                       rng.randint(1, 40) * 5, 0.5, 1))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def _numeric_row(rng: random.Random) -> dict:
    op = rng.choice(("≥", "≥", ">", "=", "≤", "≤", "<", None))
    target = _number(rng)
    factor = rng.choice(FACTORS) if rng.random() < 0.8 else rng.uniform(-0.2, 3)
    if op == "=" and rng.random() < 0.2:
        target = 0
    actual = round(target * factor, 2) if target else rng.choice((0, 0, 3, -1))
    if rng.random() < 0.05:
        actual = -abs(actual) - 1
    unit = rng.choice(UNITS)
    row = {"operator": op, "target": target, "actual": actual, "unit": unit or None}
    style = rng.random()
    if style < 0.25:  # typed text, operator inside the target
        spelling = rng.choice([sp for o, group in OPERATORS for sp in group if op is None or o == _engine_op(op)]
                              or [""])
        text_unit = unit if rng.random() < 0.7 else ""
        row.update(operator=None if rng.random() < 0.7 else op, target=f"{spelling}{_fmt(target)}{text_unit}",
                   unit=None if text_unit and rng.random() < 0.5 else (unit or None))
        if rng.random() < 0.6:
            row["actual"] = rng.choice(("=", "", " ")) + _fmt(actual) + (text_unit if actual >= 0 else "")
            if actual < 0:
                row["actual"] = actual
    elif style < 0.32 and target > 1.5:  # '≥95%' against 0.96 typed as a number (the cell's % format)
        row.update(operator=None, unit=None, target=f"≥{_fmt(target)}%", actual=round(actual / 100, 4))
    elif style < 0.36:  # units that do not convert
        row.update(target=f"≥{_fmt(target)}人", actual=f"{_fmt(abs(actual))}个", unit=None, operator=None)
    return row


def _engine_op(choice: str) -> str:
    return {"≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<"}[choice]


def _qualitative_row(rng: random.Random) -> dict:
    return {"operator": rng.choice(("定性", None)), "target": rng.choice(QUAL_TARGETS),
            "actual": rng.choice(VERDICTS), "unit": None}


def _date_text(d: dt.datetime, rng: random.Random) -> str:
    """A date typed as text, as people do: '12月25日', '2024年12月25日前', '12月' / '12月底' (the month's end)."""
    if rng.random() < 0.15:
        return rng.choice((f"{d.month}月", f"{d.month}月底", f"{d.year}年{d.month}月末"))
    day = rng.choice((f"{d.day}日", f"{d.day}号", f"{d.day}日前", f" {d.day} 日"))
    return rng.choice(("", f"{d.year}年", f"{d.year} 年 ")) + f"{d.month}月" + day


def _date_row(rng: random.Random) -> dict:
    target = dt.datetime(2024, rng.randint(1, 12), rng.randint(1, 28))
    actual = target + dt.timedelta(days=rng.choice((-30, -1, 0, 0, 1, 15)))
    row = {"operator": "时效", "target": target, "actual": actual, "unit": None}
    if rng.random() < 0.4:  # typed as text (issue #13: '12月25日' left the score blank)
        row["actual"] = _date_text(actual, rng)
        if rng.random() < 0.3:
            row["target"] = _date_text(target, rng)
            if rng.random() < 0.5:  # both text: no 时效 needed
                row["operator"] = None
    elif rng.random() < 0.05:  # an impossible date
        row["actual"] = "2月30日"
    return row


def _odd_row(rng: random.Random) -> dict:
    row = _numeric_row(rng)
    what = rng.random()
    if what < 0.3:
        row["target"] = rng.choice(PLACEHOLDERS + (None,))
    elif what < 0.6:
        row["actual"] = rng.choice(PLACEHOLDERS + (None,))
    elif what < 0.8:
        row["weight"] = None
    else:
        row.update(target="详见附件", operator=None)
    return row


def fill_self_eval(lay: Layout, rng: random.Random, *, correct: bool = False, full: bool = False) -> dict[str, object]:
    """Inputs for a 自评表 template: address → value (``full``: every indicator row used)."""
    values: dict[str, object] = {}
    n = rng.randint(3, len(lay.rows)) if rng.random() < 0.8 and not full else len(lay.rows)
    rows = sorted(rng.sample(range(len(lay.rows)), n))
    weights = _weights(rng, len(rows)) if correct else [rng.choice(WEIGHTS) for _ in rows]
    for k, i in enumerate(rows):
        cells = lay.rows[i]
        kind = rng.random()
        if kind < 0.62:
            row = _numeric_row(rng)
        elif kind < 0.8:
            row = _qualitative_row(rng)
        elif kind < 0.9:
            row = _date_row(rng)
        else:
            row = _numeric_row(rng) if correct else _odd_row(rng)
        row.setdefault("weight", weights[k])
        row["name"] = f"指标{i + 1}"
        if rng.random() < 0.3:
            row["judged"] = rng.choice((0, 1, 2.5, 4, 5.5, 8, 9.5, 12))
        if "rule" in cells:
            row["rule"] = rng.choice(XJ_RULES[:1] * 3 + XJ_RULES[1:] + (None,))
        if rng.random() < 0.5:
            row["reason"] = "因客观原因未完成，已制定整改措施"
        for role, value in row.items():
            if value is not None and role in cells:
                values[cells[role]] = value
    sources = [cells for label, cells in lay.funds.items() if label != "total"]
    zero = rng.random() < 0.08
    for cells in sources:
        budget = 0 if zero else rng.choice((0, round(rng.uniform(0, 900), 2), rng.randint(1, 500) * 10))
        spent = round(budget * rng.choice((0, 0.6, 0.8613, 0.95, 0.999, 1, 1, 1.05) if not correct else (0.86, 1)), 2)
        values.update({cells["initial"]: budget, cells["budget"]: budget, cells["executed"]: spent})
    return values


def _weights(rng: random.Random, n: int) -> list[float]:
    """n positive weights adding up to 90 (plus 10 for 预算执行率 makes 100)."""
    cuts = sorted(rng.sample(range(1, 90), n - 1)) if n > 1 else []
    bounds = [0, *cuts, 90]
    return [bounds[i + 1] - bounds[i] for i in range(n)]


def fill_scoresheet(lay: Layout, rng: random.Random, *, correct: bool = False) -> dict[str, object]:
    """Inputs for the 综合评分表: weights and scores per 三级 (edges: full, zero, over the weight)."""
    values: dict[str, object] = {}
    rows = [cells for cells in lay.rows if rng.random() < 0.85]
    weights = _weights(rng, len(rows)) if correct else [rng.choice(WEIGHTS + (0,)) for _ in rows]
    if correct:
        weights[-1] += 10
    for k, (cells, w) in enumerate(zip(rows, weights)):
        score = rng.choice((w, w, 0, round(w * rng.uniform(0, 1), 2), round(w * 0.6, 2), w * 0.855))
        if not correct and rng.random() < 0.05:
            score = w + 1
        values[cells["weight"]] = w
        if lay_name_blank(lay, cells):
            values[cells["name"]] = f"其他指标{k + 1}"  # a spare row in use gets its name
        if correct or rng.random() < 0.95:
            values[cells["score"]] = round(score, 2 if correct else 3)  # evaluators type 2 decimals
        if rng.random() < 0.4:
            values[cells["reason"]] = "评分过程说明"
    if not rows and lay.template == scoresheet.NAME:
        values[lay.rows[0]["weight"]] = 5
    return values


def lay_name_blank(lay: Layout, cells: dict) -> bool:
    """Whether a scoring-sheet row is one of the spare rows (no 三级 name in the template)."""
    return cells["name"] in _spare_rows(lay.template)


@lru_cache(maxsize=None)
def _spare_rows(name: str) -> frozenset:
    from xltool import templates

    wb, lay = templates.build(name)
    return frozenset(cells["name"] for cells in lay.rows if wb.active[cells["name"]].value is None)


def fill(lay: Layout, rng: random.Random, *, correct: bool = False, full: bool = False) -> dict[str, object]:
    """Random inputs for any template."""
    if lay.template == scoresheet.NAME:
        return fill_scoresheet(lay, rng, correct=correct)
    return fill_self_eval(lay, rng, correct=correct, full=full)


def apply(ws, values: dict[str, object]) -> None:
    """Type the values into a template sheet; text stays text even when it starts with '='."""
    for addr, value in values.items():
        cell = ws[addr]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd"
