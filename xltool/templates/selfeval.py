"""The 自评表 templates: title, funds block, 年度总体目标, indicator grid, 总分 and 等级, notes.

One builder serves the central, the Xinjiang and the unit-overall form; a
``SelfEvalSpec`` says which columns the grid has, in which order, which funds rows
exist and which rule profile scores it. The header words are the ones
``xltool/layouts.toml`` knows, so the engine's own reader finds every part of a
filled template, and every formula comes from ``rowcalc`` and the profile's
``Method`` objects, so the sheet computes what the engine recalculates.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xltool.compute import profiles
from xltool.compute.methods import XlMeasure, xl_round2
from xltool.templates.layout import Layout
from xltool.templates.rowcalc import HELPERS, OPERATOR_CHOICES, RowInputs, row_formulas, status_formula
from xltool.templates.style import (ALERT_FILL, AMOUNT, PERCENT, SCORE, TITLE_FONT, WARN_FILL, Painter)

UNITS = ("%", "人", "人次", "户", "个", "项", "次", "家", "万元", "元", "元/人", "天", "公里", "平方米", "套", "台")
_INPUT_ROLES = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "judged", "reason",
                "rule", "basis", "last_year", "evidence")


@dataclass(frozen=True)
class SelfEvalSpec:
    """What distinguishes one 自评表 template from another."""

    name: str
    title: str
    sheet: str
    profile: str
    columns: tuple[tuple[str, str, float], ...]  # (role, header, width), left to right
    info: tuple[tuple[str, ...], ...]  # header labels per info row, e.g. ('项目名称',)
    funds_block: str  # label merged down the funds block ('' when the header names the label column)
    funds_label_header: str
    funds_weight_header: str
    funds_sources: tuple[str, ...]
    funds_total: str
    total_first: bool
    skeleton: tuple[tuple[str, str, int], ...]  # (一级, 二级, rows)
    level1_choices: tuple[str, ...]
    level2_choices: tuple[str, ...]
    basis_choices: tuple[str, ...] = ()
    rule_choices: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _col(spec: SelfEvalSpec, role: str) -> str:
    return next(get_column_letter(i) for i, (r, _, _) in enumerate(spec.columns, start=1) if r == role)


def build(ws, spec: SelfEvalSpec) -> Layout:
    """Draw the form on an empty worksheet and return where everything is."""
    profile = profiles.load(spec.profile)
    p = Painter(ws)
    last = get_column_letter(len(spec.columns))
    lay = Layout(template=spec.name, sheet=ws.title, profile=spec.profile)
    p.widths({get_column_letter(i): w for i, (_, _, w) in enumerate(spec.columns, start=1)})
    p.put("A1", spec.title, f"{last}1", bold=True, size=18, font=TITLE_FONT, box=False)
    p.height(1, 32)
    p.input("A2", f"{last}2", value="（    年度）")
    row = 3
    for labels in spec.info:
        _info_row(p, row, labels, len(spec.columns), lay)
        row += 1
    row = _funds(p, spec, profile, row, lay)
    row = _goals(p, spec, row, lay)
    header = row
    for i, (_, text, _) in enumerate(spec.columns, start=1):
        p.label(f"{get_column_letter(i)}{header}", text, header=True)
    p.height(header, 36)
    p.fit(1, header)  # every label above the grid shows in full (年初预算数 in a narrow column wraps)
    row = _grid(p, spec, profile, header + 1, lay)
    row = _totals(p, spec, profile, row, lay)
    p.fit(header + 1, row - 1)  # prefilled 二级 names such as 服务对象满意度指标 take two lines
    _notes(p, spec, profile, row + 1, last)
    _validations(ws, spec, lay)
    _highlights(ws, spec, profile, lay)
    p.print_setup(last, row + 1 + len(spec.notes) + 1, f"{header}:{header}")
    ws.freeze_panes = f"D{header + 1}"
    p.protect()
    lay.inputs, lay.formulas = p.inputs, p.formulas
    return lay


def _info_row(p: Painter, row: int, labels: tuple[str, ...], width: int, lay: Layout) -> None:
    span = width // len(labels)
    for k, label in enumerate(labels):
        first = k * span + 1
        end = width if k == len(labels) - 1 else first + span - 1
        a, b = get_column_letter(first), get_column_letter(first + 1)
        p.label(f"{a}{row}", label, f"{b}{row}", header=True)
        p.input(f"{get_column_letter(first + 2)}{row}", f"{get_column_letter(end)}{row}")
        lay.cells[label] = f"{get_column_letter(first + 2)}{row}"


_FUNDS_COLS = ("E", "F", "G", "H", "I", "J")  # 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分


def _funds(p: Painter, spec: SelfEvalSpec, profile, top: int, lay: Layout) -> int:
    last = get_column_letter(len(spec.columns))
    n = len(spec.funds_sources) + 1
    label_from = "C" if spec.funds_block else "A"
    if spec.funds_block:
        p.label(f"A{top}", spec.funds_block, f"B{top + n}", header=True)
    p.label(f"{label_from}{top}", spec.funds_label_header or None, f"D{top}", header=True)
    for c, text in zip(_FUNDS_COLS, ("年初预算数", "全年预算数", "全年执行数", spec.funds_weight_header, "执行率", "得分")):
        p.label(f"{c}{top}", text, header=True)
    p.put(f"K{top}", None, f"{last}{top}")
    labels = list(spec.funds_sources)
    total_row = top + 1 if spec.total_first else top + n
    source_rows = [r for r in range(top + 1, top + n + 1) if r != total_row]
    for r, label in zip(source_rows, labels):
        p.label(f"{label_from}{r}", label, f"D{r}", h="left")
        cells = {}
        for c, role in zip(_FUNDS_COLS[:3], ("initial", "budget", "executed")):
            p.input(f"{c}{r}", fmt=AMOUNT)
            cells[role] = f"{c}{r}"
        for c in _FUNDS_COLS[3:]:
            p.put(f"{c}{r}", None)
        p.put(f"K{r}", None, f"{last}{r}")
        lay.funds[label] = cells
    r = total_row
    p.label(f"{label_from}{r}", spec.funds_total, f"D{r}", bold=True)
    total = {}
    for c, role in zip(_FUNDS_COLS[:3], ("initial", "budget", "executed")):
        refs = ",".join(f"{c}{s}" for s in source_rows)
        p.formula(f"{c}{r}", f"SUM({refs})", fmt=AMOUNT)
        total[role] = f"{c}{r}"
    w, budget, executed = f"H{r}", total["budget"], total["executed"]
    p.put(w, _plain(profile.execution_weight), fmt="General")
    p.formula(f"I{r}", f'IF({budget}=0,"",{executed}/{budget})', fmt=PERCENT)
    spent = f"MAX({executed},0)"
    m = XlMeasure(actual=spent, target=budget, ratio=f"{spent}/{budget}", met=f"{spent}>={budget}", level='""')
    p.formula(f"J{r}", f'IF(I{r}="","",{profile.execution.excel(w, m)})', fmt=SCORE)
    p.put(f"K{r}", None, f"{last}{r}")
    total.update(weight=w, rate=f"I{r}", score=f"J{r}")
    lay.funds["total"] = total
    return top + n + 1


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _goals(p: Painter, spec: SelfEvalSpec, top: int, lay: Layout) -> int:
    last_i = len(spec.columns)
    mid = get_column_letter(2 + (last_i - 2) // 2)
    after = get_column_letter(3 + (last_i - 2) // 2)
    last = get_column_letter(last_i)
    p.label(f"A{top}", "年度总体目标", f"B{top + 1}", header=True)
    p.label(f"C{top}", "预期目标", f"{mid}{top}", header=True)
    p.label(f"{after}{top}", "实际完成情况", f"{last}{top}", header=True)
    p.input(f"C{top + 1}", f"{mid}{top + 1}", h="left")
    p.input(f"{after}{top + 1}", f"{last}{top + 1}", h="left")
    p.height(top + 1, 48)  # the header rows above the grid stay frozen on screen: keep them low
    lay.cells.update(goal_expected=f"C{top + 1}", goal_actual=f"{after}{top + 1}")
    return top + 2


STATUS_HEADER = "评分提示"


def _grid(p: Painter, spec: SelfEvalSpec, profile, first: int, lay: Layout) -> int:
    status_col = get_column_letter(len(spec.columns) + 1)  # right of the form: on screen, not printed
    helper_start = len(spec.columns) + 2
    helper_cols = {name: get_column_letter(helper_start + i) for i, name in enumerate(HELPERS)}
    for name, c in helper_cols.items():
        p.ws[f"{c}{first - 1}"].value = name  # ASCII names: no header word the reader knows
    p.hide_columns(helper_start, helper_start + len(HELPERS) - 1)
    p.label(f"{status_col}{first - 1}", STATUS_HEADER, header=True)
    p.widths({status_col: 40})
    col = {role: _col(spec, role) for role, _, _ in spec.columns}
    row = first
    for level1, level2, count in spec.skeleton:
        for _ in range(count):
            cells = {role: f"{c}{row}" for role, c in col.items()}
            helpers = {name: f"{c}{row}" for name, c in helper_cols.items()}
            for role in col:
                if role in _INPUT_ROLES:
                    value = {"level1": level1, "level2": level2}.get(role)
                    fmt = "General" if role in ("weight", "judged") else None
                    p.input(cells[role], value=value, fmt=fmt, h="left" if role in ("name", "reason") else "center")
            inputs = RowInputs(operator=cells["operator"], target=cells["target"], unit=cells["unit"],
                               actual=cells["actual"], weight=cells["weight"], judged=cells["judged"],
                               rule=cells.get("rule"))
            formulas = row_formulas(inputs, helpers, profile)
            for name in HELPERS:
                p.helper(helpers[name], formulas[name])
            p.formula(cells["rate"], formulas["rate"], fmt=PERCENT)
            p.formula(cells["score"], formulas["score"], fmt=SCORE)
            status = f"{status_col}{row}"
            p.formula(status, status_formula(inputs, helpers, cells["name"], cells["score"]), h="left", wrap=False)
            p.height(row, 24)
            lay.rows.append({**cells, **helpers, "status": status})
            row += 1
    return row


def _totals(p: Painter, spec: SelfEvalSpec, profile, row: int, lay: Layout) -> int:
    width = len(spec.columns)
    wcol, scol = column_index_from_string(_col(spec, "weight")), column_index_from_string(_col(spec, "score"))
    first, last_row = lay.rows[0], lay.rows[-1]
    weights = f"{first['weight']}:{last_row['weight']}"
    scores = f"{first['score']}:{last_row['score']}"
    names = f"{first['name']}:{last_row['name']}"
    funds = lay.funds["total"]
    funds_weight, funds_score = funds["weight"], funds["score"]
    p.label(f"A{row}", "总分", f"{get_column_letter(wcol - 1)}{row}", bold=True)
    weight_total = f"{get_column_letter(wcol)}{row}"
    p.formula(weight_total, f'IF(COUNT({weights})=0,"",{xl_round2(f"SUM({weights})+{funds_weight}")})',
              fmt="0.##", bold=True)
    _blank(p, row, wcol + 1, scol - 1)
    total = f"{get_column_letter(scol)}{row}"
    p.formula(total, f'IF(AND(COUNTA({names})=0,COUNT({weights})=0),"",'
                     f'{xl_round2(f"SUM({scores},{funds_score})")})', fmt=SCORE, bold=True)
    unscored = f"{get_column_letter(scol + 1)}{row}"
    count = "(" + "+".join(f'({c["status"]}<>"")' for c in lay.rows) + ")"  # plain sum: every engine evaluates it
    # the text starts with more than six characters, so no reader takes the count for the 总分
    p.formula(unscored, f'IF({count}=0,"","得分为空的指标："&{count}&" 项（未计入总分）")',
              f"{get_column_letter(width)}{row}" if width > scol + 1 else None, h="left")
    grade = f'"{profile.grade_bands[-1][1]}"'  # Profile.grade: the first band whose minimum is reached
    for low, label in reversed(profile.grade_bands):
        grade = f'IF({total}>={low:g},"{label}",{grade})'
    p.label(f"A{row + 1}", "自评等级", f"{get_column_letter(wcol - 1)}{row + 1}", bold=True)
    grade_cell = f"{get_column_letter(wcol)}{row + 1}"
    p.formula(grade_cell, f'IF({total}="","",{grade})', f"{get_column_letter(width)}{row + 1}", bold=True)
    p.height(row, 24)
    p.height(row + 1, 24)
    lay.cells.update(total=total, grade=grade_cell, weight_total=weight_total, unscored=unscored)
    return row + 2


def _blank(p: Painter, row: int, first: int, last: int) -> None:
    for c in range(first, last + 1):
        p.put(f"{get_column_letter(c)}{row}", None)


def _notes(p: Painter, spec: SelfEvalSpec, profile, row: int, last: str) -> None:
    rules = "；".join(dict.fromkeys(m.title for m in profile.methods.values()))
    lines = ("填表说明：", *spec.notes, f"评分规则（{profile.title}）：{rules}。")
    for i, text in enumerate(lines):
        p.put(f"A{row + i}", text, f"{last}{row + i}", h="left", box=False, bold=(i == 0))
    p.fit(row, row + len(lines) - 1)  # from the text's width against the merged row's (CJK counts 2)


def _validations(ws, spec: SelfEvalSpec, lay: Layout) -> None:
    def column(role: str) -> str:
        return f"{lay.rows[0][role]}:{lay.rows[-1][role]}"

    def choose(role: str, choices, prompt: str, strict: bool = True) -> None:
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            errorStyle="stop" if strict else "warning", showErrorMessage=True,
                            error=f"请从下拉列表中选择{prompt}。", errorTitle="输入提示", promptTitle=prompt,
                            prompt=f"请从下拉列表中选择{prompt}", showInputMessage=True)
        dv.add(column(role))
        ws.add_data_validation(dv)

    choose("level1", spec.level1_choices, "一级指标", strict=False)
    choose("level2", spec.level2_choices, "二级指标", strict=False)
    choose("operator", OPERATOR_CHOICES, "指标性质（≥正向、≤反向、=等于、定性、时效）")
    choose("unit", UNITS, "计量单位（也可直接输入）", strict=False)
    if spec.rule_choices:
        choose("rule", spec.rule_choices, "赋分规则")
    if spec.basis_choices:
        choose("basis", spec.basis_choices, "指标值设定依据")
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="输入提示", error="请输入不小于 0 的数字。")
    numbers.add(column("weight"))
    numbers.add(column("judged"))
    for label, cells in lay.funds.items():
        if label != "total":
            for ref in cells.values():
                numbers.add(ref)
    ws.add_data_validation(numbers)
    # a 时效 row wants dates: a warning (not a refusal) when something else is typed, and a hint on every value cell
    op = lay.rows[0]["operator"]
    for role, what in (("target", "指标值"), ("actual", "实际完成值")):
        cell = lay.rows[0][role]
        dv = DataValidation(type="custom", formula1=f'OR(${op}<>"时效",ISNUMBER({cell}),ISNUMBER(FIND("月",{cell})))',
                            allow_blank=True, errorStyle="warning", showErrorMessage=True, errorTitle="时效指标",
                            error=f"时效指标的{what}应为日期，如 2024-12-25 或 12月25日。",
                            showInputMessage=True, promptTitle=what,
                            prompt="填数字（单位选在计量单位列）、“≥95%”等，时效指标填日期，定性指标填文字。")
        dv.add(column(role))
        ws.add_data_validation(dv)


def _highlights(ws, spec: SelfEvalSpec, profile, lay: Layout) -> None:
    """Conditional formats: score above weight, weights not adding up, missed target without 偏差原因."""
    top, bottom = lay.rows[0], lay.rows[-1]
    w, s, j, reason = top["weight"], top["score"], top["judged"], top["reason"]
    ws.conditional_formatting.add(
        f"{s}:{bottom['score']}",
        FormulaRule(formula=[f"AND(ISNUMBER({s}),ISNUMBER({w}),{s}>{w}+0.005)"], fill=ALERT_FILL, stopIfTrue=True))
    ws.conditional_formatting.add(
        f"{s}:{bottom['score']}",
        FormulaRule(formula=[f'AND(ISNUMBER({w}),{s}="",OR({top["target"]}<>"",{top["actual"]}<>""))'],
                    fill=WARN_FILL))
    status, unscored, total = top["status"], lay.cells["unscored"], lay.cells["total"]
    ws.conditional_formatting.add(f"{status}:{bottom['status']}", FormulaRule(formula=[f'{status}<>""'], fill=WARN_FILL))
    ws.conditional_formatting.add(total, FormulaRule(formula=[f'{unscored}<>""'], fill=WARN_FILL))
    ws.conditional_formatting.add(
        f"{j}:{bottom['judged']}",
        FormulaRule(formula=[f"AND(ISNUMBER({j}),ISNUMBER({w}),{j}>{w}+0.005)"], fill=ALERT_FILL))
    wt = lay.cells["weight_total"]
    ws.conditional_formatting.add(
        wt, FormulaRule(formula=[f"AND(ISNUMBER({wt}),ABS({wt}-{profile.full_marks:g})>0.005)"], fill=ALERT_FILL))
    review = profile.over_completion_review
    reverse = f'OR({top["op"]}="<=",{top["op"]}="<")'
    causes = [f"AND(ISNUMBER({s}),ISNUMBER({w}),{s}<{w}-{profile.tolerance:g})",
              f'AND(ISNUMBER({s}),{reverse},{top["met"]}=FALSE)']
    if review:
        causes.append(f'AND(ISNUMBER({s}),NOT({reverse}),ISNUMBER({top["ratio"]}),{top["ratio"]}>={review:g})')
    ws.conditional_formatting.add(
        f"{reason}:{bottom['reason']}",
        FormulaRule(formula=[f'AND(TRIM({reason}&"")="",OR({",".join(causes)}))'], fill=ALERT_FILL))
