"""Build the scoring-table samples (综合评分表 and the report's summary tables) and their truth files.

Run from anywhere:  python samples/scoring/build_scoring.py
It (re)writes samples/scoring/*.xlsx and samples/scoring/truth/*.json, byte-stable
(the drawing and saving helpers of samples/build_samples.py are reused).

Each workbook is laid out as an evaluator keeps the report's tables in Excel: one
sheet per table (or tables 4-1…4-4 stacked on one sheet), merged 一级/二级 cells,
long wrapped texts. Texts and figures are transcribed from the reference reports
(../shared/reference/000_…, 001_…, 004_…) with their real errors left in; OCR gaps
are filled with the standard 财预〔2020〕10号 附件2 wording and say so in the notes.
Every truth figure is recomputed here with Decimal (ROUND_HALF_UP), so a typo
fails the build instead of producing a wrong truth file.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal as D
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from build_samples import Form, new_book, q2, save  # noqa: E402  (shared sample helpers)

from scoring_data import BOHU, FUKANG, WEIBIN  # noqa: E402

TRUTH = HERE / "truth"


def check(label: str, got, want) -> None:
    if q2(got) != q2(want):
        raise SystemExit(f"build check failed: {label}: computed {q2(got)}, table says {want}")


def spans(values: list) -> list[tuple[int, int, object]]:
    """Runs of equal consecutive values: (first index, last index, value)."""
    out, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            out.append((start, i - 1, values[start]))
            start = i
    return out


def put_merged_column(f: Form, col: str, first_row: int, values: list, **kw) -> None:
    for a, b, v in spans(values):
        f.put(f"{col}{first_row + a}", v, f"{col}{first_row + b}" if b > a else None, **kw)


def write_truth(stem: str, truth: dict) -> None:
    TRUTH.mkdir(exist_ok=True)
    (TRUTH / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def err(sheet, cell, code, domain, what, severity="error") -> dict:
    return {"sheet": sheet, "cell": cell, "code": code, "domain": domain, "severity": severity, "what": what}


# =========================================================================== ref 000 阜康

def build_fukang() -> None:
    data = FUKANG
    # The workbook starts from the core samples' faithful copy of 附件7 (the unit's 自评表).
    wb = load_workbook(HERE.parent / "fukang2024_xinjiang_project.xlsx")
    self_sheet = wb["附件7"]
    self_sheet.title = "附件7 项目单位自评表"

    # --- 概要 (the report's summary page, a table too)
    ws = wb.create_sheet("概要", 0)
    f = Form(ws)
    f.widths([16, 22, 14, 16, 14, 16])
    f.put("A1", "2024年职工大额医疗补助项目绩效评价报告 概要", "F1", bold=True, size=14)
    summary_rows = [
        ("项目名称", "2024年职工大额医疗补助项目", "评价年度", "2024年", None, None),
        ("项目主管部门", "阜康市医疗保障局", "联系人及联系方式", "李霞 13399708887", None, None),
        ("自评方式", "项目支出绩效自评表", "分值", 88.37, "自评等级", "良"),
        ("各级资金投入总数", 182.62, "抽查资金总数", 182.62, "资金抽查占比", "100%"),
        ("发放调查问卷", 122, "有效调查问卷", 122, "满意度情况", "城镇职工大额医疗保险参保人员满意度91.31%"),
    ]
    for i, row in enumerate(summary_rows, start=2):
        for j, v in enumerate(row):
            if v is not None:
                f.put(f"{'ABCDEF'[j]}{i}", v)
    f.put("A7", "绩效目标实现情况")
    f.put("B7", data["summary_goal"], "F7", h="left")
    f.height(7, 48)
    f.put("A8", "评价问题简要情况")
    f.put("B8", "项目管理方面。1.财务资料有待完善。2.政策知晓率较低。", "F8", h="left")
    f.put("A9", "评价时间")
    f.put("B9", "2025年6月28日-7月25日", "F9", h="left")
    f.box("A2:F9")

    # --- 表3-1, written sideways as in the report
    ws = wb.create_sheet("表3-1", 1)
    f = Form(ws)
    f.widths([10, 12, 12, 12, 12, 10])
    f.put("A1", "表3-1 2024年职工大额医疗补助项目绩效得分情况表", "F1", bold=True, size=12)
    for j, v in enumerate(["指标", "项目决策", "项目过程", "项目产出", "项目效益", "合计"]):
        f.put(f"{'ABCDEF'[j]}2", v, bold=True)
    for i, (label, values) in enumerate(data["table31"], start=3):
        f.put(f"A{i}", label, bold=True)
        for j, v in enumerate(values):
            f.put(f"{'BCDEF'[j]}{i}", v)
    f.box("A2:F5")
    for j, (w, s, r) in enumerate(zip(*[v for _, v in data["table31"]])):
        check(f"表3-1 col {j} 得分率", D(str(s)) / D(str(w)) * 100, D(r.rstrip("%")))

    # --- 表4-1…4-4 stacked on one sheet
    ws = wb.create_sheet("表4 指标得分", 2)
    f = Form(ws)
    f.widths([10, 7, 14, 7, 26, 7, 7])
    row = 1
    cells4 = {}
    for caption, level1, w1, groups in data["tables4"]:
        f.put(f"A{row}", caption, "G" + str(row), bold=True, size=11)
        row += 1
        for j, h in enumerate(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"]):
            f.put(f"{'ABCDEFG'[j]}{row}", h, bold=True)
        top = row
        row += 1
        first = row
        l2s, w2s = [], []
        for name2, w2, leaves in groups:
            for name3, w3, s3 in leaves:
                l2s.append(name2)
                w2s.append((name2, w2))
                f.put(f"E{row}", name3, h="left")
                f.put(f"F{row}", w3)
                f.put(f"G{row}", s3)
                cells4[name3] = row
                row += 1
        put_merged_column(f, "A", first, [level1] * len(l2s))
        put_merged_column(f, "B", first, [w1] * len(l2s))
        put_merged_column(f, "C", first, l2s)
        for a, b, (_, w2) in spans(w2s):
            f.put(f"D{first + a}", w2, f"D{first + b}" if b > a else None)
        total_w = sum(D(str(w3)) for _, _, leaves in groups for _, w3, _ in leaves)
        total_s = sum(D(str(s3)) for _, _, leaves in groups for _, _, s3 in leaves)
        check(f"{caption} 分值", total_w, w1)
        f.put(f"A{row}", "合计", f"E{row}", bold=True)
        f.put(f"F{row}", float(total_w) if total_w % 1 else int(total_w))
        f.put(f"G{row}", float(q2(total_s)))
        f.box(f"A{top}:G{row}")
        row += 3

    # --- 附件1 综合评分表
    ws = wb.create_sheet("附件1 综合评分表", 3)
    f = Form(ws, size=9)
    f.widths([9, 9, 12, 6, 22, 9, 34, 10, 48, 6, 7, 9])
    f.put("A1", "附件1：综合评分表", "L1", bold=True, size=12, h="left")
    head = ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "目标值", "评分规则", "数据来源", "评分过程",
            "扣分", "得分", "得分率"]
    for j, h in enumerate(head):
        f.put(f"{'ABCDEFGHIJKL'[j]}2", h, bold=True)
    first = 3
    rows1 = data["annex1"]
    addr = {}
    for i, r in enumerate(rows1):
        n = first + i
        name3, w, expl, target, rule, source, process, deduct, score, rate = r[2:]
        check(f"附件1 {name3} 扣分", D(str(w)) - D(str(score)), deduct)
        check(f"附件1 {name3} 得分率", D(str(score)) / D(str(w)) * 100, D(str(rate)) * 100)
        for col, v, kw in (("C", name3, {}), ("D", w, {}), ("E", expl, {"h": "left"}), ("F", target, {}),
                           ("G", rule, {"h": "left"}), ("H", source, {}), ("I", process, {"h": "left"}),
                           ("J", deduct, {}), ("K", score, {}), ("L", rate, {"fmt": "0.00%"})):
            f.put(f"{col}{n}", v, **kw)
        f.height(n, 150)
        addr[name3] = n
    put_merged_column(f, "A", first, [r[0] for r in rows1])
    put_merged_column(f, "B", first, [r[1] for r in rows1])
    tot = first + len(rows1)
    total_w = sum(D(str(r[3])) for r in rows1)
    total_s = sum(D(str(r[10])) for r in rows1)
    check("附件1 合计分值", total_w, 100)
    check("附件1 合计得分", total_s, data["total"])
    f.put(f"A{tot}", "合计", f"C{tot}", bold=True)
    f.put(f"D{tot}", 100)
    f.put(f"E{tot}", "/", f"I{tot}")
    f.put(f"J{tot}", float(100 - total_s))
    f.put(f"K{tot}", float(total_s))
    f.put(f"L{tot}", float(total_s / 100), fmt="0.00%")
    f.put(f"A{tot + 1}", "评价等级", f"C{tot + 1}", bold=True)
    f.put(f"D{tot + 1}", "优", f"L{tot + 1}")
    f.box(f"A2:L{tot + 1}")
    f.page("L", tot + 1, "2:2")
    save(wb, "scoring/fukang2024_evaluation.xlsx")

    a1 = "附件1 综合评分表"
    sat, selfeval = addr["城镇职工大额医疗保险参保人员满意度"], addr["自评及整改"]
    truth = {
        "sample": "fukang2024_evaluation.xlsx",
        "source": "ref 000_03eb7d8fbf1a1d9c.txt: 概要 (lines 9-40), 表3-1 (line 461), 表4-1…4-4 (lines 525-706), "
                  "附件1 综合评分表 (lines 746-876), 附件7 自评表 (sheet copied from samples/fukang2024_xinjiang_project.xlsx)",
        "notes": data["notes"],
        "declared_total": data["total"],
        "recalculated_total": float(D(str(data["total"])) - 1),
        "grade_declared": "优",
        "errors": [
            err("概要", "B7", "XT407", "D000-1", "概要称产出得分32.1分，表3-1/表4-3/附件1为32.7分"),
            err("概要", "B7", "XT407", "D000-1", "概要称产出得分率95.43%，32.1/35=91.71%，表中为93.43%"),
            err(a1, f"I{sat}", "XT408", "D000-2", "满意度91.31%恰为参保人数完成率30437/33333，非问卷结果（问卷A+B+C=96.72%）",
                "warning"),
            err(a1, f"I{sat}", "XT411", "D000-3", "同一满意度：附件1为91.31%，自评表业绩值为=95%", "warning"),
            err(a1, f"G{selfeval}", "XT325", "D000-5", "自评及整改规则要素分值2+0.5+0.5=3，不等于分值4", "warning"),
            err(a1, f"K{selfeval}", "XT320", "D000-5", "按规则最高得3分，给了4分"),
            # consequences of that score (issue #12: every stated number built on it is wrong at its own cell)
            err(a1, f"J{selfeval}", "XT314", "D000-5", "扣分 = 4 − 3 = 1，表中0（按错误的得分4算出）"),
            err(a1, f"L{selfeval}", "XT314", "D000-5", "得分率 = 3/4 = 75%，表中100%"),
            err(a1, f"J{tot}", "XT314", "D000-5", "合计扣分 = 6.5 + 1 = 7.5，表中6.5"),
            err(a1, f"K{tot}", "XT314", "D000-5", "合计得分 = 93.5 − 1 = 92.5，表中93.5（等级仍为优）"),
            err(a1, f"L{tot}", "XT314", "D000-5", "合计得分率 = 92.5/100 = 92.50%，表中93.50%"),
            err("表3-1", "C4", "XT314", "D000-5", "项目过程得分 = 23.75 − 1 = 22.75，表中23.75"),
            err("表3-1", "C5", "XT314", "D000-5", "项目过程得分率 = 22.75/25 = 91%，表中95%"),
            err("表3-1", "F4", "XT314", "D000-5", "合计得分 = 93.5 − 1 = 92.5，表中93.5"),
            err("表3-1", "F5", "XT314", "D000-5", "合计得分率 = 92.5/100 = 92.5%，表中93.5%"),
            err("表4 指标得分", f"G{cells4['自评及整改']}", "XT314", "D000-5", "表4-2 照抄附件1的自评及整改得分4，应为3"),
        ],
        "infos": [
            {"sheet": a1, "cell": f"K{addr['减轻职工医疗经济负担']}", "code": "XT311",
             "what": "规则只写“可根据项目实际情况有选择地设置和细化”，无计分办法"},
            {"sheet": a1, "cell": f"K{addr['优化社会医疗保障体系']}", "code": "XT311", "what": "同上"},
        ],
        "cells": {"annex1_rows": addr, "table4_rows": cells4, "annex1_total_row": tot},
    }
    write_truth("fukang2024_evaluation", truth)


# =========================================================================== ref 001 博湖

def build_bohu() -> None:
    data = BOHU
    wb = new_book()
    ws = wb.active
    ws.title = "评价指标体系"
    f = Form(ws)
    f.widths([8, 12, 14, 48, 7, 7])
    f.put("A1", data["title"], "F1", bold=True, size=12)
    for j, h in enumerate(["一级指标", "二级指标", "三级指标", "指标解释", "分值", "得分"]):
        f.put(f"{'ABCDEF'[j]}2", h, bold=True)
    first = 3
    rows = data["rows"]
    addr = {}
    for i, (l1, l2, name, expl, w, s) in enumerate(rows):
        n = first + i
        f.put(f"C{n}", name)
        f.put(f"D{n}", expl, h="left")
        f.put(f"E{n}", w)
        f.put(f"F{n}", s)
        f.height(n, 42)
        addr[name] = n
    put_merged_column(f, "A", first, [r[0] for r in rows])
    # 二级 cells as the report prints them: 资金管理 twice (a page break splits the merge)
    for a, b, (label, _) in spans([r[1] for r in rows]):
        f.put(f"B{first + a}", label, f"B{first + b}" if b > a else None)
    tot = first + len(rows)
    check("指标体系 分值", sum(D(str(r[4])) for r in rows), 100)
    check("指标体系 得分", sum(D(str(r[5])) for r in rows), data["total"])
    f.put(f"A{tot}", "总分", f"D{tot}", bold=True)
    f.put(f"E{tot}", 100)
    f.put(f"F{tot}", data["total"])
    f.box(f"A2:F{tot}")

    ws = wb.create_sheet("得分情况")
    f = Form(ws)
    f.widths([14, 10, 10])
    f.put("A1", "2023年城乡居民基本医疗保险县级财政补助经费项目评价得分情况", "C1", bold=True)
    for j, h in enumerate(["一级指标", "权重分", "得分"]):
        f.put(f"{'ABC'[j]}2", h, bold=True)
    for i, (name, w, s) in enumerate(data["summary"], start=3):
        f.put(f"A{i}", name)
        f.put(f"B{i}", w)
        f.put(f"C{i}", s)
    last = 3 + len(data["summary"]) - 1
    f.box(f"A2:C{last}")
    f.put(f"A{last + 1}", "评价等级")
    f.put(f"B{last + 1}", "优", f"C{last + 1}")
    save(wb, "scoring/bohu2023_evaluation.xlsx")
    sheet = "评价指标体系"
    truth = {
        "sample": "bohu2023_evaluation.xlsx",
        "source": "ref 001_94b9a4429f90a416.txt: 评价指标体系 (lines 31-205) and 项目评价得分情况 (lines 229-258)",
        "notes": data["notes"],
        "declared_total": data["total"],
        "recalculated_total": data["total"],
        "grade_declared": "优",
        "errors": [],
        "infos": [
            {"sheet": sheet, "cell": f"F{addr['绩效指标明确性']}", "code": "XT311", "domain": "D001-2",
             "what": "5分只给4分，表中无评分规则也无扣分原因（正文称各要素均符合）"},
            {"sheet": sheet, "cell": f"F{addr['实际完成率']}", "code": "XT311",
             "what": "9.74 = 10×35353/36300 正确，但表中无规则和实际值，不可机器复核"},
        ],
        "cells": {"rows": addr, "total_row": tot},
    }
    write_truth("bohu2023_evaluation", truth)


# =========================================================================== ref 004 卫滨

def build_weibin() -> None:
    data = WEIBIN
    wb = new_book()
    ws = wb.active
    ws.title = "表2-1 指标体系"
    f = Form(ws)
    f.widths([10, 18, 8, 36, 8])
    f.put("A1", "表2-1 评价指标体系简表", "E1", bold=True, size=12)
    for j, h in enumerate(["一级指标", "二级指标", "权重", "三级指标", "权重"]):
        f.put(f"{'ABCDE'[j]}2", h, bold=True)
    first, n = 3, 3
    sys_rows = {}
    l1s, l2s = [], []
    for l1, l1w, l2, l2w, leaves in data["system"]:
        for name, w in leaves:
            f.put(f"D{n}", name, h="left")
            f.put(f"E{n}", w, fmt="0.00")
            sys_rows[name] = n
            l1s.append(f"{l1}\n({l1w}分)")
            l2s.append((l2, l2w))
            n += 1
    put_merged_column(f, "A", first, l1s)
    for a, b, (l2, l2w) in spans(l2s):
        f.put(f"B{first + a}", l2, f"B{first + b}" if b > a else None)
        f.put(f"C{first + a}", l2w, f"C{first + b}" if b > a else None, fmt="0.00")
    f.put(f"A{n}", "合计", f"B{n}", bold=True)
    f.put(f"C{n}", 100, fmt="0.00")
    f.put(f"D{n}", "*")
    f.put(f"E{n}", 100, fmt="0.00")
    f.box(f"A2:E{n}")

    ws = wb.create_sheet("表3-1 得分情况")
    f = Form(ws)
    f.widths([12, 10, 10, 10])
    f.put("A1", "表3-1 绩效评价得分情况", "D1", bold=True, size=12)
    for j, h in enumerate(["指标", "权重分", "指标得分", "得分率"]):
        f.put(f"{'ABCD'[j]}2", h, bold=True)
    for i, (name, w, s, r) in enumerate(data["table31"], start=3):
        f.put(f"A{i}", name)
        f.put(f"B{i}", w, fmt="0.00")
        f.put(f"C{i}", s, fmt="0.00")
        f.put(f"D{i}", r)
        check(f"表3-1 {name}", D(str(s)) / D(str(w)) * 100, D(r.rstrip("%")))
    last = 2 + len(data["table31"])
    f.box(f"A2:D{last}")
    f.put(f"A{last + 1}", "绩效等级")
    f.put(f"B{last + 1}", "良", f"D{last + 1}")

    ws = wb.create_sheet("表4 指标得分")
    f = Form(ws)
    f.widths([40, 9, 9, 10])
    row = 1
    rows4 = {}
    for caption, body in data["tables4"]:
        f.put(f"A{row}", caption, "D" + str(row), bold=True, size=11)
        row += 1
        for j, h in enumerate(["指标", "权重", "得分", "得分率"]):
            f.put(f"{'ABCD'[j]}{row}", h, bold=True)
        top = row
        row += 1
        for name, w, s, r in body:
            f.put(f"A{row}", name, h="left", bold=name == "小计")
            f.put(f"B{row}", w, fmt="0.00")
            f.put(f"C{row}", s, fmt="0.00")
            f.put(f"D{row}", r)
            rows4[name] = row
            row += 1
        f.box(f"A{top}:D{row - 1}")
        row += 2

    ws = wb.create_sheet("附件1 评价指标体系")
    f = Form(ws, size=9)
    f.widths([9, 11, 12, 7, 22, 8, 26, 22, 48, 7])
    f.put("A1", "附件1：评价指标体系", "J1", bold=True, size=12, h="left")
    head = ["一级指标", "二级指标", "三级指标", "权重", "指标解释", "目标值", "指标说明及评价要点", "评分规则",
            "评分过程", "得分"]
    for j, h in enumerate(head):
        f.put(f"{'ABCDEFGHIJ'[j]}2", h, bold=True)
    first = 3
    annex = data["annex1"]
    addr = {}
    for i, (l1, l2, name, w, expl, target, points, rule, process, score) in enumerate(annex):
        n = first + i
        for col, v, kw in (("C", name, {}), ("D", w, {"fmt": "0.00"}), ("E", expl, {"h": "left"}), ("F", target, {}),
                           ("G", points, {"h": "left"}), ("H", rule, {"h": "left"}), ("I", process, {"h": "left"}),
                           ("J", score, {"fmt": "0.00"})):
            f.put(f"{col}{n}", v, **kw)
        f.height(n, 120)
        addr[name.split(" ")[0]] = n
    put_merged_column(f, "A", first, [r[0] for r in annex])
    put_merged_column(f, "B", first, [r[1] for r in annex])
    tot = first + len(annex)
    check("附件1 合计分值", sum(D(str(r[3])) for r in annex), 100)
    check("附件1 合计得分", sum(D(str(r[9])) for r in annex), data["total"])
    f.put(f"A{tot}", "合计", f"C{tot}", bold=True)
    f.put(f"D{tot}", 100, fmt="0.00")
    f.put(f"E{tot}", None, f"I{tot}")
    f.put(f"J{tot}", data["total"], fmt="0.00")
    f.box(f"A2:J{tot}")
    f.page("J", tot, "2:2")
    ws = wb.create_sheet("正文摘录")
    f = Form(ws)
    f.widths([14, 100])
    f.put("A1", "报告正文中引用评分结果的段落（摘录）", "B1", bold=True, size=12)
    f.put("A2", "章节", bold=True)
    f.put("B2", "内容", bold=True)
    para = {}
    for i, (where, text) in enumerate(data["narrative"], start=3):
        f.put(f"A{i}", where)
        f.put(f"B{i}", text, h="left")
        f.height(i, 48)
        para[where] = f"B{i}"
    f.box(f"A2:B{2 + len(data['narrative'])}")
    save(wb, "scoring/weibin2023_evaluation.xlsx")

    s21, s4, a1 = "表2-1 指标体系", "表4 指标得分", "附件1 评价指标体系"
    c1_label = f"B{addr['C1.1']}"
    truth = {
        "sample": "weibin2023_evaluation.xlsx",
        "source": "ref 004_42d30fc685f5cf01.txt: 表2-1 (lines 457-503), 表3-1 (lines 520-531), 表4-1…4-4 "
                  "(lines 542-668), 附件1 评价指标体系 (lines 741-1018); 正文摘录 = paragraphs of §二(四) and §四 (lines 453-668)",
        "notes": data["notes"],
        "declared_total": data["total"],
        "recalculated_total": data["total"] + 0.25,
        "grade_declared": "良",
        "errors": [
            err(s4, f"D{rows4['A2 预算配置']}", "XT322", "D004-5", "A2 得分率100.00%，5.00/8.00=62.50%"),
            err(s4, f"C{rows4['C1 重点工作任务完成情况']}", "XT401", "D004-6", "C1 得分24.00，下级之和22.00"),
            err(s4, f"D{rows4['C1 重点工作任务完成情况']}", "XT322", "D004-6", "C1 得分率100.00%，应为22/24=91.67%"),
            err(s21, f"E{sys_rows['B2.3 预决算信息公开性']}", "XT405", "D004-8", "表2-1 预决算信息公开性2.00，表4-2/附件1为1.00"),
            err(s21, f"E{sys_rows['B2.4 基础信息完善性']}", "XT405", "D004-8", "表2-1 基础信息完善性1.00，表4-2/附件1为2.00"),
            err(a1, f"I{addr['B1.2']}", "XT323", "D004-12",
                "(预算调整数-年初预算数)/年初预算数=(−1112.28−1488.37)/1488.37=−174.73%，不是−74.73%"),
            err(a1, f"J{addr['B2.4']}", "XT329", "D004-14", "评分过程称2023年部门决算未公开，仍给满分1.00", "warning"),
            err(a1, c1_label, "XT402", "D004-15", "C1 标签写（30分），下级分值之和24"),
            err(a1, f"I{addr['A2.3']}", "XT324", "D004-18", "重点支出安排率 0.00/0.00，分母为0，不是0.00%"),
            err("正文摘录", para["四（三）"], "XT407", "D004-7", "正文称产出实际得分30.00分，表中28.00（得分率93.33%=28/30）"),
            err("正文摘录", para["二（四）"], "XT412", "D004-9", "正文称二级指标12个，表中11个", "warning"),
            err("正文摘录", para["二（四）2"], "XT412", "D004-10", "正文称过程包括6个二级指标，表中5个", "warning"),
            err("正文摘录", para["四（二）B4.2"], "XT407", "D004-11", "正文称B4.2得分1.00分，表中2.00分"),
            err("正文摘录", para["四（四）D2.1"], "XT413", "D004-17", "正文编号D3.1，表中群众满意度为D2.1", "warning"),
            err(a1, f"I{addr['B4.1']}", "XT328", "D004-13", "实际政府采购支出67,164.00万元远超全部预算（1,488.37万元），应为元",
                "warning"),
            err(a1, f"J{addr['B2.1']}", "XT320", "new",
                "B2.1 规则：要素①占1/2、②③各占1/4；评分过程①②符合、③不得分 → 2×(1/2+1/4)=1.50，表中1.25"
                "（DOMAIN 未列，本表实有的错误）"),
            # consequences of B2.1 1.25 → 1.50 (+0.25), issue #12
            err(a1, f"J{tot}", "XT314", "new", "合计得分 = 88.35 + 0.25 = 88.60，表中88.35（等级仍为良）"),
            err("表3-1 得分情况", "C4", "XT314", "new", "B 过程得分 = 19.35 + 0.25 = 19.60，表中19.35"),
            err("表3-1 得分情况", "D4", "XT314", "new", "B 过程得分率 = 19.60/25 = 78.40%，表中77.40%"),
            err("表3-1 得分情况", "C7", "XT314", "new", "合计得分 = 88.35 + 0.25 = 88.60，表中88.35"),
            err("表3-1 得分情况", "D7", "XT314", "new", "合计得分率 = 88.60/100 = 88.60%，表中88.35%"),
            err(s4, f"C{rows4['B2.1 预算管理制度健全性']}", "XT314", "new", "表4-2 照抄附件1的B2.1得分1.25，应为1.50"),
            err(s4, f"D{rows4['B2.1 预算管理制度健全性']}", "XT314", "new", "B2.1 得分率 = 1.50/2 = 75.00%，表中62.50%"),
        ],
        "infos": [
            {"sheet": a1, "cell": f"J{addr['B1.3']}", "code": "XT311", "what": "评分过程只写“年末无结转结余”，无结转结余率数值"},
            {"sheet": a1, "cell": f"J{addr['B4.1']}", "code": "XT311", "what": "评分过程未给出政府采购执行率"},
        ],
        "cells": {"annex1_rows": addr, "table4_rows": rows4, "system_rows": sys_rows, "annex1_total_row": tot},
    }
    write_truth("weibin2023_evaluation", truth)


def main() -> None:
    build_fukang()
    build_bohu()
    build_weibin()
    print("scoring samples written to", HERE)


if __name__ == "__main__":
    main()
