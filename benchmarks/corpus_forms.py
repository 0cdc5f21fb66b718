"""The forms of the generated corpus: what a 自评表 says (``make_form``) and how it looks (``render_workbook``).

Scores follow DOMAIN.md and the shipped profiles, recomputed here with Decimal and
ROUND_HALF_UP so the corpus does not merely echo xltool: central (mof2020) 正向 A≥T → w,
else w·A/T; 反向 A≤T → w, T<A<2T → w(1−(A−T)/T); 定性 in its tier; Xinjiang
按照完成比例赋分 r=A/T: <0.6 → 0, ≤1 → w(r−0.6)/0.4, >1 → w·max(0, 2−r); execution
score = 10·min(执行率, 1). Seeded errors then change declared cells, and the declared
total follows the declared cells as an Excel SUM would (unless the error is the total).
"""

from __future__ import annotations

import math
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

D = Decimal
# (name, unit, kind, low, high): kind pos/rev/pct/sat quantitative, qual qualitative
POOL = {
    ("产出指标", "数量指标"): [("培训人次", "人次", "pos", 200, 5000), ("补助发放户数", "户", "pos", 100, 3000),
                        ("新建改造道路里程", "公里", "pos", 5, 120), ("参保补助人数", "人", "pos", 1000, 40000),
                        ("采购设备数量", "台", "pos", 5, 200), ("开展宣传活动次数", "次", "pos", 4, 60),
                        ("维修养护工程处数", "处", "pos", 10, 200), ("慰问困难群众人数", "人", "pos", 50, 2000)],
    ("产出指标", "质量指标"): [("验收合格率", "%", "pct", 90, 100), ("补助资金发放准确率", "%", "pct", 95, 100),
                        ("培训合格率", "%", "pct", 85, 100), ("设备完好率", "%", "pct", 90, 100)],
    ("产出指标", "时效指标"): [("资金拨付及时率", "%", "pct", 90, 100), ("项目完成及时率", "%", "pct", 90, 100)],
    ("成本指标", "经济成本指标"): [("人均补助标准", "元/人", "rev", 100, 2000), ("单位养护成本", "万元/公里", "rev", 1, 10),
                           ("项目总成本", "万元", "rev", 50, 900)],
    ("效益指标", "社会效益指标"): [("群众就医负担", "", "qual", "有效减轻", 0), ("政策知晓率", "%", "pct", 80, 95),
                          ("受益群众人数", "人", "pos", 500, 20000)],
    ("效益指标", "经济效益指标"): [("带动农户增收", "万元", "pos", 20, 500)],
    ("效益指标", "生态效益指标"): [("生态环境改善情况", "", "qual", "明显改善", 0)],
    ("效益指标", "可持续影响指标"): [("长效管护机制建立情况", "", "qual", "有效建立", 0)],
    ("满意度指标", "服务对象满意度指标"): [("服务对象满意度", "%", "sat", 85, 95), ("受益群众满意度", "%", "sat", 85, 95)],
}
LEVEL1_WEIGHTS = {"central": {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
                  "xinjiang": {"产出指标": 40, "成本指标": 20, "效益指标": 20, "满意度指标": 10},
                  "unit": {"履职效能": 70, "满意度": 20}}
UNIT_GROUPS = {"履职效能": ["数量指标", "质量指标", "时效指标"], "满意度": ["服务对象满意度指标"]}
HEADERS = {  # role → header synonyms seen on real forms (all in xltool/layouts.toml)
    "level1": ["一级指标"], "level2": ["二级指标"], "name": ["三级指标", "指标名称"],
    "weight": ["分值", "权重", "指标分值"], "target": ["年度指标值", "目标值", "指标值"],
    "actual": ["实际完成值", "完成值", "全年实际值"], "score": ["得分", "自评得分"],
    "reason": ["偏差原因分析及改进措施", "偏差原因分析", "未完成原因分析"],
}
GRID = {"central": ["level1", "level2", "name", "target", "actual", "weight", "score", "reason"],
        "xinjiang": ["level1", "level2", "name", "weight", "target", "actual", "rate", "score", "basis",
                     "last_year", "rule", "evidence", "reason"],
        "unit": ["level1", "level2", "name", "target", "basis", "weight", "actual", "score"]}
FIXED_HEADERS = {"central": {}, "xinjiang": {"weight": "权重", "target": "目标值", "actual": "业绩值", "rate": "完成率",
                                             "score": "指标得分", "basis": "指标值设定依据", "last_year": "上年完成情况",
                                             "rule": "赋分规则", "evidence": "佐证资料",
                                             "reason": "偏差原因分析及改进措施"},
                 "unit": {"target": "预期指标值", "basis": "指标值设定依据", "weight": "分值权重",
                          "actual": "实际完成指标值", "score": "得分"}}
THEMES = ("农村公路日常养护", "城乡居民医保补助", "义务教育营养改善", "高标准农田建设", "困难群众救助", "公共文化服务",
          "职业技能培训", "老旧小区改造", "森林防火", "基层医疗设备购置", "河道治理", "就业创业补贴")
SUFFIXES = ("机关", "事务服务中心", "管理所", "综合执法大队", "发展中心")
BASES = ("计划标准", "历史标准", "行业标准", "预算支出标准")
GRADES = ((90, "优"), (80, "良"), (60, "中"), (0, "差"))
THIN = Side(style="thin", color="FF000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def q2(x) -> Decimal:
    """Round half-up to 2 decimals, exactly: ratios are Fractions, so 9×(2−100/96) is 8.625 → 8.63."""
    f = x if isinstance(x, Fraction) else Fraction(str(x))
    cents = math.floor(abs(f) * 100 + Fraction(1, 2))
    return (D(cents if f >= 0 else -cents) / 100).quantize(D("0.01"))


def grade(total: Decimal) -> str:
    """Central grade bands (both shipped profiles use them)."""
    return next(g for low, g in GRADES if q2(total) >= low)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def _score(layout: str, kind: str, target, actual, weight: int) -> Decimal:
    a, t, w = Fraction(str(actual)), Fraction(str(target)), Fraction(weight)
    if layout == "xinjiang":
        if kind == "sat":
            return q2(w) if a >= t else q2(w * a / t)
        r = a / t
        low, span = Fraction(3, 5), Fraction(2, 5)
        return q2(0) if r < low else q2(w * (r - low) / span) if r <= 1 else q2(w * max(Fraction(0), 2 - r))
    if kind == "rev":
        return q2(w) if a <= t else q2(0) if a >= 2 * t else q2(w * (1 - (a - t) / t))
    return q2(w) if a >= t else q2(w * a / t)


def _indicator(rng: random.Random, layout: str, l1: str, l2: str, spec: tuple, weight: int) -> dict:
    name, unit, kind, low, high = spec
    op = {"rev": rng.choice(["≤", "<="])}.get(kind, rng.choice(["≥", ">=", "≧"]))
    row = {"level1": l1, "level2": l2, "name": name, "weight": weight, "kind": kind,
           "basis": rng.choice(BASES), "evidence": rng.choice(["工作资料", "原始凭证", "验收报告"])}
    if kind == "qual":
        met = rng.random() < 0.8
        row.update(target=low, actual="达成年度指标" if met else "部分达成年度指标并具有一定效果", rate=100,
                   score=q2(weight if (met or layout == "xinjiang") else Fraction(weight) * Fraction(7, 10)),
                   rule="按评判等级赋分")
        row["met"] = met or layout == "xinjiang"
        row["actual"] = "达到预期指标" if layout == "xinjiang" else row["actual"]
        return row
    if kind in ("pct", "sat"):
        target = rng.randint(low, high)
        below = -600 if kind == "pct" or layout != "xinjiang" else 0  # Xinjiang 满意度赋分 below target: rule unknown
        actual = min(D(100), q2(D(target) + D(rng.randint(below, 800)) / 100))
    else:
        target = rng.randint(low, high)
        factor = rng.choice([1, 1, 1, rng.uniform(0.7, 1), rng.uniform(1, 1.15)])
        if kind == "rev":
            factor = rng.uniform(0.85, 1.05)
        actual = q2(D(target) * D(str(round(factor, 4))))
        actual = actual.to_integral_value(ROUND_HALF_UP) if unit in ("人次", "户", "人", "台", "次", "处") else actual
    row.update(target_num=target, actual_num=actual, op=op, unit=unit,
               target=f"{op}{target}{' ' if layout == 'xinjiang' else ''}{unit}",
               actual=f"{'=' if layout == 'xinjiang' and rng.random() < 0.5 else ''}{actual}{unit}",
               rate=q2(Fraction(str(actual)) / target * 100), score=_score(layout, kind, target, actual, weight),
               rule="满意度赋分" if kind == "sat" else "按照完成比例赋分")
    return row


def make_form(rng: random.Random, layout: str | None = None, unit: str | None = None) -> dict:
    """The content of one form: funds, goals, indicators with correct scores, then seeded errors."""
    layout = layout or rng.choice(["central", "central", "xinjiang", "unit"])
    dept = rng.choice(("市教育局", "市卫生健康委员会", "市医疗保障局", "市交通运输局", "市水利局", "市农业农村局",
                       "市民政局", "市人力资源和社会保障局", "市文化和旅游局", "市住房和城乡建设局"))
    unit = unit or dept.removeprefix("市").removesuffix("局") + rng.choice(SUFFIXES)
    n = rng.randint(5, 30)
    weights = LEVEL1_WEIGHTS[layout]
    groups = list(weights)
    counts = _split(rng, n - len(groups), len(groups)) if n - len(groups) >= len(groups) else [1] * len(groups)
    counts = [c + 1 for c in counts]
    rows = []
    for l1, k in zip(groups, counts):
        k = min(k, weights[l1])
        subs = UNIT_GROUPS[l1] if layout == "unit" else [b for a, b in POOL if a == l1 or (
            layout == "central" and l1 == "产出指标" and a == "成本指标")]
        for w in _split(rng, weights[l1], k):
            l2 = rng.choice(subs)
            key = next(((a, b) for a, b in POOL if b == l2), None) if layout != "unit" else (
                ("满意度指标", "服务对象满意度指标") if l1 == "满意度" else ("产出指标", l2))
            spec = rng.choice(POOL[key])
            rows.append(_indicator(rng, layout, l1, "成本指标" if layout == "central" and key[0] == "成本指标" else l2,
                                   spec, w))
    budget = q2(rng.uniform(20, 3000))
    executed = q2(budget * D(str(rng.choice([1, 1, rng.uniform(0.8, 1)]))))
    exec_rate = Fraction(str(executed)) / Fraction(str(budget))
    form = {"layout": layout, "dept": dept, "unit": unit, "project": f"2024年{rng.choice(THEMES)}",
            "rows": rows, "budget": budget, "executed": executed, "initial": q2(budget * D("0.9")),
            "rate": exec_rate, "exec_score": q2(min(exec_rate, 1) * 10), "seeded": []}
    form["expected_total"] = float(q2(form["exec_score"] + sum(r["score"] for r in rows)))
    for r in rows:
        r["declared"] = r["score"]
        r["reason"] = "" if r["score"] >= r["weight"] else "受客观因素影响未全部完成，下一年度将加强管理、提前谋划。"
    form["declared_rate"], form["declared_exec_score"] = exec_rate, form["exec_score"]
    form["funds_skew"] = D(0)
    if rng.random() < 0.5:
        for code in rng.sample(_SEEDS[layout], rng.randint(1, 2)):
            if SEED_FUNCS[code](rng, form):
                form["seeded"].append(code)
    declared = form["declared_exec_score"] + sum(r["declared"] for r in rows)
    form["total"] = q2(declared + form.pop("total_skew", 0))
    right = grade(form["total"])
    form["grade"] = next(g for g in ("良", "优", "中", "差") if g != right) if form.get("grade_wrong") else right
    return form


# ---- seeded errors: each changes declared cells and returns True when it applied --------

def _quant(form: dict) -> list[dict]:
    """Quantitative rows no other seeded error has touched yet."""
    return [r for r in form["rows"] if r["kind"] != "qual" and not r.get("touched")]


def _wrong_score(rng, form):
    rows = [r for r in _quant(form) if r["score"] >= 1]
    if not rows:
        return False
    r = rng.choice(rows)
    r["touched"] = True
    r["declared"] = q2(r["score"] * D("0.6"))  # stays below the weight: XT305, not XT301/XT306
    return True


def _over_weight(rng, form):
    rows = _quant(form)  # a qualitative score over its weight has no single recalculated value
    if not rows:
        return False
    r = rng.choice(rows)
    r["touched"] = True
    r["declared"] = q2(r["weight"] + rng.choice([1, 2]))
    return True


def _total_skew(rng, form):
    form["total_skew"] = D(rng.choice([-3, -2, -1.5, 1, 2]))
    return True


def _grade_wrong(rng, form):
    form["grade_wrong"] = True  # applied once the declared total is known
    return True


def _exec_rate(rng, form):
    rate = form["rate"]
    form["declared_rate"] = rate + Fraction(1, 20) if rate < Fraction(19, 20) else rate - Fraction(2, 25)
    return True


def _exec_score(rng, form):
    if form["rate"] >= 1:
        return False
    form["declared_exec_score"] = D(10)
    return True


def _funds(rng, form):
    form["funds_skew"] = D(rng.choice([5, 10, 20]))
    return True


def _reason(rng, form):
    short = [r for r in _quant(form) if r["score"] < r["weight"] - D("0.05")]  # beyond the 0.01 tolerance
    if not short:
        return False
    r = rng.choice(short)
    r["touched"], r["reason"] = True, ""
    return True


def _rate(rng, form):
    rows = _quant(form)
    if not rows:
        return False
    r = rng.choice(rows)
    r["touched"] = True
    r["rate"] += 5
    return True


SEED_FUNCS = {"XT305": _wrong_score, "XT301": _over_weight, "XT307": _total_skew, "XT308": _grade_wrong,
              "XT302": _exec_rate, "XT303": _exec_score, "XT204": _funds, "XT205": _reason, "XT304": _rate}
_COMMON = ["XT305", "XT301", "XT307", "XT308", "XT302", "XT303", "XT204", "XT205"]
_SEEDS = {"central": _COMMON, "xinjiang": [*_COMMON, "XT304"],
          "unit": [c for c in _COMMON if c != "XT205"]}  # the 单位整体 grid has no 偏差原因 column


# ---- rendering ----------------------------------------------------------------------------

def _put(ws, r: int, c: int, value, *, merge_to: tuple[int, int] | None = None, bold=False, fmt=None):
    """Write a cell (0-based); strings are always text (an '=30437人' actual is not a formula)."""
    cell = ws.cell(r + 1, c + 1, value)
    if isinstance(value, str) and value:
        cell.data_type = "s"
    if fmt:
        cell.number_format = fmt
    cell.font = Font(name="宋体", size=10, bold=bold)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = BOX
    if merge_to and merge_to != (r, c):
        ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=merge_to[0] + 1, end_column=merge_to[1] + 1)
    return cell


def _num(rng: random.Random, value, as_text: bool, suffix: str = ""):
    """A number as Excel holds it, or typed as text as many submissions do ('9.50', '1,234.56')."""
    if value is None:
        return None
    if as_text:
        return f"{D(value):,.2f}{suffix}" if abs(D(value)) >= 1000 else f"{D(value):.2f}{suffix}"
    return float(value)


def render_workbook(rng: random.Random, forms: list[dict]) -> Workbook:
    """A workbook with one sheet per form (and sometimes a notes sheet)."""
    wb = Workbook()
    for i, form in enumerate(forms):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = ("附件7" if form["layout"] == "xinjiang" else "自评表") + (f"{i + 1}" if i else "")
        _render(rng, ws, form)
    if rng.random() < 0.15:
        notes = wb.create_sheet("填报说明")
        notes["A1"] = "1. 本表金额单位为万元。2. 得分保留两位小数。3. 偏差原因须逐项说明。"
    return wb


def _render(rng: random.Random, ws, form: dict) -> None:
    layout = form["layout"]
    cols = list(GRID[layout])
    movable = list(range(3, len(cols)))
    if rng.random() < 0.35:  # real submissions swap neighbouring columns
        i = rng.choice(movable[:-1])
        cols[i], cols[i + 1] = cols[i + 1], cols[i]
    width = len(cols) + 1
    as_text = rng.random() < 0.25
    r = 0
    for extra in rng.sample(["附件1", f"填报单位（盖章）：{form['unit']}", "金额单位：万元", ""], rng.randint(0, 2)):
        _put(ws, r, 0, extra or None)
        r += 1
    title = "单位整体支出绩效自评表" if layout == "unit" else "项目支出绩效自评表"
    _put(ws, r, 0, title, merge_to=(r, width - 1), bold=True)
    _put(ws, r + 1, 0, "（2024年度）", merge_to=(r + 1, width - 1))
    r += 2
    if layout == "unit":
        _put(ws, r, 0, "单位名称", merge_to=(r, 1))
        _put(ws, r, 2, form["unit"], merge_to=(r, width - 1))
        r += 1
    else:
        _put(ws, r, 0, "项目名称", merge_to=(r, 1))
        _put(ws, r, 2, form["project"], merge_to=(r, width - 1))
        _put(ws, r + 1, 0, "主管部门", merge_to=(r + 1, 1))
        _put(ws, r + 1, 2, form["dept"], merge_to=(r + 1, 4))
        _put(ws, r + 1, 5, "实施单位")
        _put(ws, r + 1, 6, form["unit"], merge_to=(r + 1, width - 1))
        r += 2
    r = _render_funds(rng, ws, form, r, as_text)
    _put(ws, r, 0, "年度总体目标", merge_to=(r + 1, 0))
    half = width // 2
    _put(ws, r, 1, "预期目标", merge_to=(r, half - 1))
    _put(ws, r, half, "实际完成情况", merge_to=(r, width - 1))
    _put(ws, r + 1, 1, f"通过实施{form['project']}项目，按计划完成年度各项任务，提升服务对象满意度。",
         merge_to=(r + 1, half - 1))
    _put(ws, r + 1, half, "已按计划完成年度主要任务，资金使用规范，服务对象满意度较高。", merge_to=(r + 1, width - 1))
    r += 2
    r = _render_grid(rng, ws, form, cols, r, as_text)
    ws.column_dimensions["A"].width = 12
    for c in range(2, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14


def _render_funds(rng, ws, form: dict, r: int, as_text: bool) -> int:
    layout = form["layout"]
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值权重" if layout == "unit" else "分值", "执行率", "得分"]
    if layout == "unit":
        _put(ws, r, 0, "资金来源", merge_to=(r, 2))
        labels = ["上级资金", "本级资金", "其他资金", "合计"]
    else:
        labels = ["年度资金总额", "其中：当年财政拨款"] + (["上年结转资金"] if layout == "central" else []) + ["其他资金"]
        _put(ws, r, 0, "项目资金（万元）", merge_to=(r + len(labels), 1))
    for i, h in enumerate(heads):
        _put(ws, r, 3 + i, h)
    budget, executed, initial = form["budget"], form["executed"], form["initial"]
    split = q2(budget * D("0.8"))
    upper = q2(executed * D("0.8"))
    amounts = {"本级资金": (initial, budget - split, executed - upper),
               "上级资金": (D(0), split, upper), "其他资金": (D(0), form["funds_skew"], D(0)),
               "其中：当年财政拨款": (initial, budget, executed), "上年结转资金": (D(0), D(0), D(0))}
    rate_shown = form["declared_rate"]
    for i, label in enumerate(labels):
        row = r + 1 + i
        is_total = label in ("合计", "年度资金总额")
        if layout != "unit":
            _put(ws, row, 2, label)
        else:
            _put(ws, row, 0, label, merge_to=(row, 2))
        values = (initial, budget, executed) if is_total else amounts[label]
        for j, v in enumerate(values):
            _put(ws, row, 3 + j, _num(rng, q2(v), as_text), fmt="#,##0.00")
        if is_total:
            _put(ws, row, 6, 10)
            if as_text:
                _put(ws, row, 7, f"{q2(rate_shown * 100)}%")
            else:
                _put(ws, row, 7, float(q2(rate_shown * 100) / 100), fmt="0.00%")
            _put(ws, row, 8, _num(rng, form["declared_exec_score"], as_text))
        else:
            for j in (6, 7, 8):
                _put(ws, row, j, "—")
    return r + 1 + len(labels)


def _render_grid(rng, ws, form: dict, cols: list[str], r: int, as_text: bool) -> int:
    layout = form["layout"]
    fixed = FIXED_HEADERS[layout]
    _put(ws, r, 0, "年度绩效指标" if layout != "central" else "绩效指标", merge_to=(r + len(form["rows"]), 0))
    for c, role in enumerate(cols, 1):
        _put(ws, r, c, fixed.get(role) or rng.choice(HEADERS[role]), bold=True)
    start = r + 1
    merge_level1 = rng.random() < 0.7
    for i, row in enumerate(form["rows"]):
        rr = start + i
        first = i == 0 or form["rows"][i - 1]["level1"] != row["level1"]
        values = {"level1": row["level1"] if (first or not merge_level1) else None, "level2": row["level2"],
                  "name": row["name"], "weight": _num(rng, row["weight"], as_text),
                  "target": row["target"], "actual": row["actual"],
                  "rate": _num(rng, row["rate"], as_text) if row["kind"] != "qual" else 100,
                  "score": _num(rng, row["declared"], as_text), "basis": row["basis"],
                  "last_year": row["target"], "rule": row["rule"], "evidence": row["evidence"],
                  "reason": row["reason"] or None}
        for c, role in enumerate(cols, 1):
            _put(ws, rr, c, values[role], fmt="0.00" if role == "score" else None)
        if merge_level1 and first:
            end = next((j for j in range(i + 1, len(form["rows"])) if form["rows"][j]["level1"] != row["level1"]),
                       len(form["rows"])) - 1
            if end > i:
                ws.merge_cells(start_row=rr + 1, start_column=cols.index("level1") + 2,
                               end_row=start + end + 1, end_column=cols.index("level1") + 2)
    r = start + len(form["rows"])
    score_col, weight_col = cols.index("score") + 1, cols.index("weight") + 1
    _put(ws, r, 0, "总分", merge_to=(r, min(score_col, weight_col) - 1))
    _put(ws, r, weight_col, 100)
    _put(ws, r, score_col, _num(rng, form["total"], as_text), fmt="0.00")
    _put(ws, r + 1, 0, "自评等级", merge_to=(r + 1, min(score_col, weight_col) - 1))
    _put(ws, r + 1, weight_col, form["grade"])
    return r + 2
