"""The 项目支出绩效评价综合评分表 template (决策/过程/产出/效益 frame, DOMAIN.md §5).

The evaluator types 分值 and 得分 per 三级指标; formulas give 得分率 and 扣分 per row,
分值/得分 per 二级 and 一级 (merged beside their rows), a summary by 一级 with
得分率, the 合计 and the 评价等级. ``expected`` computes the same values in Python
(``round2``, ``Profile.grade``) from a filled sheet, for the tests and for the
stale-value check in ``tamper``.

No cell computes a score from a rule: the 评分标准 is free text the evaluator types
per evaluation, which no formula can read, and the score under it is the
evaluator's judgement. The checker reads that text afterwards (``parse_rule``) and
compares 得分 with what the same rule objects give (``checks.rowcheck``); a sheet
with fixed rules could put their ``Method.excel`` formulas beside 得分.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xltool.compute import profiles
from xltool.model.grid import SheetGrid
from xltool.compute.methods import round2, xl_round2
from xltool.templates.layout import Layout
from xltool.templates.style import ALERT_FILL, PERCENT, SCORE, TITLE_FONT, Painter

NAME = "scoring-framework"
TITLE = "项目支出绩效评价综合评分表"
PROFILE = "mof2020"

# 一级 → 二级 → (三级, 指标解释); one spare row is added under every 二级.
FRAME = (
    ("决策", (("项目立项", (("立项依据充分性", "项目立项是否符合法律法规、相关政策、发展规划以及部门职责"),
                         ("立项程序规范性", "项目申请、设立过程是否符合相关要求"))),
              ("绩效目标", (("绩效目标合理性", "项目所设定的绩效目标是否依据充分，是否符合客观实际"),
                         ("绩效指标明确性", "绩效目标是否细化分解为具体的绩效指标，是否清晰、可衡量"))),
              ("资金投入", (("预算编制科学性", "项目预算编制是否经过科学论证，预算内容与项目内容是否匹配"),
                         ("资金分配合理性", "项目预算资金分配是否有测算依据，与实际相适应"))))),
    ("过程", (("资金管理", (("资金到位率", "资金到位率=实际到位资金/预算资金×100%"),
                         ("预算执行率", "预算执行率=实际支出资金/实际到位资金×100%"),
                         ("资金使用合规性", "资金使用是否符合相关财务管理制度规定"))),
              ("组织实施", (("管理制度健全性", "项目实施单位的财务和业务管理制度是否健全"),
                         ("制度执行有效性", "项目实施是否符合相关管理规定"))))),
    ("产出", (("产出数量", (("实际完成率", "实际完成率=实际产出数/计划产出数×100%"),)),
              ("产出质量", (("质量达标率", "质量达标率=质量达标产出数/实际产出数×100%"),)),
              ("产出时效", (("完成及时性", "项目实际完成时间与计划完成时间的比较"),)),
              ("产出成本", (("成本节约率", "成本节约率=(计划成本-实际成本)/计划成本×100%"),)))),
    ("效益", (("项目效益", (("实施效益", "项目实施产生的经济效益、社会效益、生态效益和可持续影响"),
                         ("满意度", "社会公众或服务对象对项目实施效果的满意程度"))),)),
)
COLUMNS = (("一级指标", 8), ("分值", 6), ("得分", 6), ("二级指标", 9), ("分值", 6), ("得分", 6), ("三级指标", 14),
           ("指标解释", 26), ("评分标准", 28), ("分值", 6), ("得分", 6), ("得分率", 8), ("扣分", 6),
           ("评分过程及扣分原因", 26))
_HEADER = 5


def build(ws) -> Layout:
    """Draw the scoring sheet and its summary table; return the layout."""
    profile = profiles.load(PROFILE)
    p = Painter(ws)
    lay = Layout(template=NAME, sheet=ws.title, profile=PROFILE)
    last = get_column_letter(len(COLUMNS))
    p.widths({get_column_letter(i): w for i, (_, w) in enumerate(COLUMNS, start=1)})
    p.put("A1", TITLE, f"{last}1", bold=True, size=18, font=TITLE_FONT, box=False)
    p.height(1, 32)
    p.input("A2", f"{last}2", value="（    年度）")
    for row, pairs in ((3, (("项目名称", "A", "C", "G"), ("评价机构", "H", "I", "N"))),
                       (4, (("主管部门", "A", "C", "G"), ("实施单位", "H", "I", "N")))):
        for label, start, first, end in pairs:
            p.label(f"{start}{row}", label, f"{get_column_letter(column_index_from_string(first) - 1)}{row}"
                    if column_index_from_string(first) - 1 > column_index_from_string(start) else None, header=True)
            p.input(f"{first}{row}", f"{end}{row}")
            lay.cells[label] = f"{first}{row}"
    for i, (text, _) in enumerate(COLUMNS, start=1):
        p.label(f"{get_column_letter(i)}{_HEADER}", text, header=True)
    p.height(_HEADER, 30)
    row = _HEADER + 1
    for level1, seconds in FRAME:
        top1 = row
        for level2, thirds in seconds:
            top2 = row
            for name, explanation in (*thirds, ("", "")):
                row = _indicator_row(p, row, name, explanation, lay)
            _subtotal(p, lay, "level2", level2, top2, row - 1, ("D", "E", "F"))
        _subtotal(p, lay, "level1", level1, top1, row - 1, ("A", "B", "C"))
    _detail_total(p, row, lay)
    _summary(p, profile, row + 2, lay)
    p.fit(1, lay.cells["bottom"])  # 指标解释 of three lines, the closing note
    _checks(ws, lay, profile)
    p.print_setup(last, lay.cells["bottom"], f"{_HEADER}:{_HEADER}")
    level1 = [(g["first"], g["last"]) for g in lay.groups if g["level"] == "level1"]
    summary = (lay.cells["bottom"] - len(level1) - 4, lay.cells["bottom"])  # 汇总表 title … note
    # each 一级 block (its merged 一级 and 二级 cells) on one page; 合计 with the last block
    blocks = [*level1[:-1], (level1[-1][0], level1[-1][1] + 1), summary]
    p.keep_blocks_on_pages(last, blocks, (_HEADER, _HEADER))
    ws.freeze_panes = f"H{_HEADER + 1}"
    p.protect()
    lay.inputs, lay.formulas = p.inputs, p.formulas
    return lay


def _indicator_row(p: Painter, row: int, name: str, explanation: str, lay: Layout) -> int:
    cells = {role: f"{c}{row}" for role, c in (("name", "G"), ("explanation", "H"), ("standard", "I"),
                                                ("weight", "J"), ("score", "K"), ("rate", "L"),
                                                ("deduction", "M"), ("reason", "N"))}
    p.input(cells["name"], value=name or None, h="left")
    p.input(cells["explanation"], value=explanation or None, h="left")
    p.input(cells["standard"], h="left")
    p.input(cells["weight"], fmt="General")
    p.input(cells["score"], fmt=SCORE)
    p.input(cells["reason"], h="left")
    w, s = cells["weight"], cells["score"]
    both = f"AND(ISNUMBER({w}),ISNUMBER({s}))"
    p.formula(cells["rate"], f'IF({both},IF({w}=0,"",{s}/{w}),"")', fmt=PERCENT)
    p.formula(cells["deduction"], f'IF({both},{xl_round2(f"{w}-{s}", signed=True)},"")', fmt=SCORE)
    p.height(row, 30)
    lay.rows.append(cells)
    return row + 1


def _subtotal(p: Painter, lay: Layout, level: str, label: str, top: int, bottom: int, cols) -> None:
    name, wcol, scol = cols
    p.label(f"{name}{top}", label, f"{name}{bottom}", header=True)
    weights, scores = f"J{top}:J{bottom}", f"K{top}:K{bottom}"
    p.formula(f"{wcol}{top}", f'IF(COUNT({weights})=0,"",{xl_round2(f"SUM({weights})")})', f"{wcol}{bottom}",
              fmt="0.##")
    p.formula(f"{scol}{top}", f'IF(COUNT({scores})=0,"",{xl_round2(f"SUM({scores})")})', f"{scol}{bottom}",
              fmt=SCORE)
    lay.groups.append({"level": level, "label": label, "first": top, "last": bottom,
                       "weight": f"{wcol}{top}", "score": f"{scol}{top}"})


def _detail_total(p: Painter, row: int, lay: Layout) -> None:
    """The 合计 row closing the detail table: 分值, 得分, 得分率 and 扣分 of the whole frame."""
    weights, scores = f"J{_HEADER + 1}:J{row - 1}", f"K{_HEADER + 1}:K{row - 1}"
    p.label(f"A{row}", "合计", f"I{row}", bold=True)
    w, s = f"J{row}", f"K{row}"
    p.formula(w, f'IF(COUNT({weights})=0,"",{xl_round2(f"SUM({weights})")})', fmt="0.##", bold=True)
    p.formula(s, f'IF(COUNT({scores})=0,"",{xl_round2(f"SUM({scores})")})', fmt=SCORE, bold=True)
    both = f"AND(ISNUMBER({w}),ISNUMBER({s}))"
    p.formula(f"L{row}", f'IF({both},IF({w}=0,"",{s}/{w}),"")', fmt=PERCENT)
    p.formula(f"M{row}", f'IF({both},{xl_round2(f"{w}-{s}", signed=True)},"")', fmt=SCORE)
    p.put(f"N{row}", None)
    p.height(row, 24)
    lay.cells.update(weight_total=w, total=s, total_rate=f"L{row}", total_deduction=f"M{row}")


def _summary(p: Painter, profile, top: int, lay: Layout) -> None:
    p.label(f"A{top}", "评价得分汇总表", f"N{top}", header=True)
    for c, text, end in (("A", "一级指标", "C"), ("D", "分值", "F"), ("G", "得分", "H"), ("I", "得分率", "N")):
        p.label(f"{c}{top + 1}", text, f"{end}{top + 1}", header=True)
    row = top + 2
    for g in (g for g in lay.groups if g["level"] == "level1"):
        _summary_row(p, row, g["label"], g["weight"], g["score"])
        g.update(summary_weight=f"D{row}", summary_score=f"G{row}", summary_rate=f"I{row}")
        row += 1
    _summary_row(p, row, "合计", lay.cells["weight_total"], lay.cells["total"], bold=True)
    total = f"G{row}"
    grade = f'"{profile.grade_bands[-1][1]}"'
    for low, label in reversed(profile.grade_bands):
        grade = f'IF({total}>={low:g},"{label}",{grade})'
    p.label(f"A{row + 1}", "评价等级", f"C{row + 1}", bold=True)
    p.formula(f"D{row + 1}", f'IF({total}="","",{grade})', f"N{row + 1}", bold=True)
    note = "注：得分率 = 得分/分值；扣分 = 分值 − 得分；等级：90（含）-100 分为优，80（含）-90 分为良，60（含）-80 分为中，60 分以下为差。"
    p.put(f"A{row + 2}", note, f"N{row + 2}", h="left", box=False)
    lay.cells.update(summary_weight=f"D{row}", summary_total=total, summary_rate=f"I{row}", grade=f"D{row + 1}",
                     bottom=row + 2)


def _summary_row(p: Painter, row: int, label: str, weight: str, score: str, bold: bool = False) -> None:
    p.label(f"A{row}", label, f"C{row}", bold=bold)
    w, s = f"D{row}", f"G{row}"
    p.formula(w, f'IF({weight}="","",{weight})', f"F{row}", fmt="0.##", bold=bold)
    p.formula(s, f'IF({score}="","",{score})', f"H{row}", fmt=SCORE, bold=bold)
    p.formula(f"I{row}", f'IF(AND(ISNUMBER({w}),ISNUMBER({s})),IF({w}=0,"",{s}/{w}),"")', f"N{row}",
              fmt=PERCENT)


def _checks(ws, lay: Layout, profile) -> None:
    top, bottom = lay.rows[0], lay.rows[-1]
    w, s, reason = top["weight"], top["score"], top["reason"]
    ws.conditional_formatting.add(f"{s}:{bottom['score']}", FormulaRule(
        formula=[f"AND(ISNUMBER({s}),ISNUMBER({w}),{s}>{w}+0.005)"], fill=ALERT_FILL))
    ws.conditional_formatting.add(f"{reason}:{bottom['reason']}", FormulaRule(
        formula=[f'AND(TRIM({reason}&"")="",ISNUMBER({s}),ISNUMBER({w}),{s}<{w}-0.005)'], fill=ALERT_FILL))
    wt = lay.cells["weight_total"]
    ws.conditional_formatting.add(wt, FormulaRule(
        formula=[f"AND(ISNUMBER({wt}),ABS({wt}-{profile.full_marks:g})>0.005)"], fill=ALERT_FILL))
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="输入提示", error="请输入不小于 0 的数字。")
    numbers.add(f"{w}:{bottom['weight']}")
    numbers.add(f"{s}:{bottom['score']}")
    ws.add_data_validation(numbers)


def expected(lay: Layout, grid: SheetGrid) -> dict[str, object]:
    """What every formula cell must show, computed in Python from the sheet's inputs."""
    from xltool.templates.cells import cell_value, number

    profile = profiles.load(lay.profile)
    out: dict[str, object] = {}
    weights, scores = [], []
    for cells in lay.rows:
        w, s = number(cell_value(grid, cells["weight"])), number(cell_value(grid, cells["score"]))
        both = w is not None and s is not None
        out[cells["rate"]] = (s / w if w else None) if both else None
        out[cells["deduction"]] = round2(w - s) if both else None
        weights.append(w)
        scores.append(s)
    for g in lay.groups:
        inside = [i for i, cells in enumerate(lay.rows) if g["first"] <= _row_of(cells["weight"]) <= g["last"]]
        out[g["weight"]] = _sum([weights[i] for i in inside])
        out[g["score"]] = _sum([scores[i] for i in inside])
        if "summary_weight" in g:
            out[g["summary_weight"]], out[g["summary_score"]] = out[g["weight"]], out[g["score"]]
            out[g["summary_rate"]] = _rate(out[g["weight"]], out[g["score"]])
    wt, total = _sum(weights), _sum(scores)
    c = lay.cells
    out[c["weight_total"]], out[c["total"]] = wt, total
    out[c["total_rate"]] = _rate(wt, total)
    out[c["total_deduction"]] = round2(wt - total) if wt is not None and total is not None else None
    out[c["summary_weight"]], out[c["summary_total"]], out[c["summary_rate"]] = wt, total, _rate(wt, total)
    out[c["grade"]] = profile.grade(total)
    return out


def _row_of(addr: str) -> int:
    return int("".join(ch for ch in addr if ch.isdigit()))


def _rate(weight: float | None, score: float | None) -> float | None:
    return score / weight if weight and score is not None else None


def _sum(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round2(sum(present)) if present else None
