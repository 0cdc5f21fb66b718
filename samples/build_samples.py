"""Build the golden sample workbooks of xltool and their truth files.

Run from anywhere:  python samples/build_samples.py
It (re)writes samples/*.xlsx and samples/truth/*.json.  The output is byte-stable:
document properties carry a fixed date and the zip entries a fixed timestamp.

Every expected number in the truth files is recomputed here with Decimal and
ROUND_HALF_UP to 2 decimals and checked against the figures typed into the forms,
so a typo in this script fails the build instead of producing a wrong truth file.

Sources (see samples/README.md): ref 000 = 阜康市 2024 职工大额医疗补助 (附件7 项目支出
绩效自评表); ref 001 = 博湖县 2023 城乡居民医保县级补助 self-evaluation; ref 004 = 新乡市
卫滨区医疗保障局 2023 部门整体 report.  Codes come from xltool/codes.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

getcontext().prec = 28
HERE = Path(__file__).resolve().parent
TRUTH = HERE / "truth"
FIXED = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------- arithmetic

D = Decimal
C2 = D("0.01")


def q2(x) -> Decimal:
    """Round half-up to 2 decimals."""
    return D(str(x)).quantize(C2, ROUND_HALF_UP)


def pct(a, b) -> Decimal:
    """a/b in percentage points, rounded to 2 dp."""
    return q2(D(str(a)) / D(str(b)) * 100)


def xj_score(a, t, w) -> Decimal:
    """Xinjiang 按照完成比例赋分 (DOMAIN §8): r = A/T; <0.6 → 0; ≤1 → w(r−0.6)/0.4; >1 → w·max(0, 2−r)."""
    r = D(str(a)) / D(str(t))
    w = D(str(w))
    if r < D("0.6"):
        return q2(0)
    if r <= 1:
        return q2(w * (r - D("0.6")) / D("0.4"))
    return q2(w * max(D(0), 2 - r))


def pos_score(a, t, w) -> Decimal:
    """Central 正向 (DOMAIN §4b): A ≥ T → w, else w·A/T."""
    a, t, w = D(str(a)), D(str(t)), D(str(w))
    return q2(w) if a >= t else q2(w * a / t)


def rev_score(a, t, w) -> Decimal:
    """Central 反向 (DOMAIN §4b): A ≤ T → w; T < A < 2T → w(1 − (A−T)/T); A ≥ 2T → 0."""
    a, t, w = D(str(a)), D(str(t)), D(str(w))
    if a <= t:
        return q2(w)
    if a >= 2 * t:
        return q2(0)
    return q2(w * (1 - (a - t) / t))


def exec_score(executed, budget, weight=10) -> Decimal:
    """Execution score (DOMAIN §4a): min(rate, 100%) × 分值."""
    r = D(str(executed)) / D(str(budget))
    return q2(min(r, D(1)) * D(str(weight)))


def grade(total) -> str:
    t = q2(total)
    if t >= 90:
        return "优"
    if t >= 80:
        return "良"
    if t >= 60:
        return "中"
    return "差"


def check(label: str, got, want) -> None:
    if q2(got) != q2(want):
        raise SystemExit(f"build check failed: {label}: computed {q2(got)}, form says {want}")


def f2(x) -> float:
    return float(q2(x))


# --------------------------------------------------------------------------- styling

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class Form:
    """A worksheet being drawn as a printed form."""

    def __init__(self, ws, font: str = "宋体", size: float = 10):
        self.ws = ws
        self.font = font
        self.size = size

    def put(self, ref: str, value=None, to: str | None = None, *, bold=False, size=None,
            h="center", v="center", wrap=True, fmt: str | None = None, font: str | None = None):
        ws = self.ws
        cell = ws[ref]
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            # typed as text in Excel ('=30437 人'): keep it a string, as Excel's leading apostrophe does
            cell.data_type = "s"
            cell.quotePrefix = True
        if fmt:
            cell.number_format = fmt
        rng = f"{ref}:{to}" if to else ref
        if to:
            ws.merge_cells(rng)
        fnt = Font(name=font or self.font, size=size or self.size, bold=bold)
        al = Alignment(horizontal=h, vertical=v, wrap_text=wrap)
        for row in (ws[rng] if to else ((cell,),)):
            for c in row:
                c.font = fnt
                c.alignment = al
        return cell

    def box(self, rng: str) -> None:
        for row in self.ws[rng]:
            for c in row:
                c.border = BOX

    def widths(self, widths: list[float]) -> None:
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def height(self, row: int, h: float) -> None:
        self.ws.row_dimensions[row].height = h

    def page(self, last_col: str, last_row: int, title_rows: str | None = None) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
        ws.print_area = f"A1:{last_col}{last_row}"
        if title_rows:
            ws.print_title_rows = title_rows


def col(letter: str, offset: int) -> str:
    return get_column_letter(column_index_from_string(letter) + offset)


def new_book() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "xltool samples"
    wb.properties.lastModifiedBy = "xltool samples"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    return wb


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")


def save(wb: Workbook, name: str) -> Path:
    """Save with fixed zip timestamps and a fixed dcterms:modified (openpyxl stamps 'now')."""
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(
                    b'<dcterms:modified xsi:type="dcterms:W3CDTF">' + stamp + b"</dcterms:modified>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zout.writestr(zi, data)
    path = HERE / name
    path.write_bytes(out.getvalue())
    return path


def write_truth(stem: str, truth: dict) -> None:
    TRUTH.mkdir(exist_ok=True)
    text = json.dumps(truth, ensure_ascii=False, indent=2) + "\n"
    (TRUTH / f"{stem}.json").write_text(text, encoding="utf-8")


def err(sheet, cell, code, what, source, also=None) -> dict:
    e = {"sheet": sheet, "cell": cell, "code": code, "what": what, "source": source}
    if also:
        e["also_acceptable"] = also
    return e


def ok(sheet, cell, why) -> dict:
    return {"sheet": sheet, "cell": cell, "why": why}


# =========================================================================== (a) 阜康 附件7

FK_TITLE = "项目支出绩效自评表"
FK_YEAR = "（2024年度）"
FK_PROJECT = "2024年职工大额医疗补助"
FK_UNIT = "阜康市医疗保障局"

FK_EXPECTED = (
    "阜康市医疗保障局承办医疗保险业务培训及全市医疗经办服务各项业务的指导工作，2024年计划严格落实州、"
    "市级大额医疗保险相关政策，进一步规范医保基金的管理，强化财政支出绩效观念，提高资金使用效益。"
    "城镇职工大额医疗保险参保人数33333人，每人5元/月，全年60元。单建统筹基金参保人数6130人，"
    "实施统账结合参保人数27203人，住院报销比例达91%以上，大额医疗起付线达12万元。通过项目的实施，"
    "预计达到确保参保群众及时享受相关医疗，有效减轻参保人员就医经济负担，缓解社会矛盾。"
    "城镇职工大额医疗保险参保群众满意度预计达到95%以上。"
)
FK_ACTUAL = (
    "截至2024年12月31日，本项目完成城镇职工大额医疗保险参保人数30750人，每人5元/月的标准，"
    "全年60元。单建统筹基金参保人数5766人，实施统账结合参保人数24984人，住院报销比例达到100%，"
    "12月25日按时完成资金支付工作，大额医疗起付线达12万元。通过项目的实施，有效减轻参保人员就医"
    "经济负担，避免因医疗费用过高引发社会问题，有利于维护社会和谐稳定。"
    "城镇职工大额医疗保险参保群众满意度达到100%。"
)
FK_REASON = "因职工医保转城乡居民医保较多，所以参保人数减少"

# 一级, 二级, 三级, 权重, 目标值, 业绩值, 完成率, 指标得分, 设定依据, 上年完成情况, 赋分规则, 佐证资料, 偏差原因
# as published in ref 000 附件7 (lines 1135-1153); '-' rows are the published placeholder rows.
FK_ROWS = [
    ("产出指标", "数量指标", "城镇职工大额医疗保险参保人数", 10, ">=33333 人", "=30437 人", 91.31, 7.83,
     "历史标准", "30750 人", "按照完成比例赋分", "工作资料", FK_REASON),
    ("产出指标", "数量指标", "单建统筹基金参保人数", 10, ">=6130 人", "=4157 人", 67.81, 1.95,
     "历史标准", "5766 人", "按照完成比例赋分", "工作资料", FK_REASON),
    ("产出指标", "数量指标", "实施统账结合参保人数", 5, ">=27203 人", "=26280 人", 96.61, 4.58,
     "历史标准", "24984 人", "按照完成比例赋分", "工作资料", FK_REASON),
    ("产出指标", "质量指标", "住院报销比例", 10, ">=91%", "=100%", 109.89, 9.01,
     "历史标准", "100%", "按照完成比例赋分", "工作资料", "按支付比例完成住院报销"),
    ("产出指标", "时效指标", "资金支付完成时间", 5, "=12月25日", "=12月25日", 100, 5,
     "计划标准", "100%", "按照完成比例赋分", "工作资料", "-"),
    ("成本指标", "经济成本指标", "职工大额医疗保险财政补助标准", 10, "=5 元/人/月", "=5 元/人/月", 100, 10,
     "预算支出标准", "5 元/人/月", "直接赋分", "原始凭证", "-"),
    ("成本指标", "经济成本指标", "大额医疗起付线", 10, "<=12万元", "=12万元", 100, 10,
     "计划标准", None, "按照完成比例赋分", "工作资料", "-"),
    ("成本指标", "社会成本指标") + ("-",) * 11,
    ("成本指标", "生态环境成本指标") + ("-",) * 11,
    ("效益指标", "经济效益指标") + ("-",) * 11,
    ("效益指标", "社会效益指标", "参保群众及时享受医疗待遇", 10, "及时", "达到预期指标", 100, 10,
     "历史标准", "资金支付", "按评判等级赋分", "工作资料", "-"),
    ("效益指标", "社会效益指标", "减轻参保人员就医经济负担，缓解社会矛盾", 10, "减轻", "达到预期指标", 100, 10,
     "历史标准", "有效减轻", "按评判等级赋分", "工作资料", "-"),
    ("效益指标", "生态效益指标") + ("-",) * 11,
    ("满意度指标", "满意度指标", "城镇职工大额医疗保险参保群众满意度", 10, ">=95%", "=95%", 100, 10,
     "历史标准", "95%", "满意度赋分", "工作资料", "-"),
]
FK_EXEC = dict(initial=200, budget=182.62, executed=182.62, weight=10, score=10)
FK_TOTAL = 88.37


def fk_verify() -> dict:
    """Recompute ref 000 附件7 and return the per-row expected scores."""
    got = {}
    for name, a, t, w, rate, score in [
        ("参保人数", 30437, 33333, 10, 91.31, 7.83),
        ("单建统筹", 4157, 6130, 10, 67.81, 1.95),
        ("统账结合", 26280, 27203, 5, 96.61, 4.58),
        ("住院报销比例", 100, 91, 10, 109.89, 9.01),
    ]:
        check(f"fukang {name} rate", pct(a, t), rate)
        check(f"fukang {name} score", xj_score(a, t, w), score)
        got[name] = (pct(a, t), xj_score(a, t, w))
    check("fukang exec score", exec_score(182.62, 182.62), 10)
    scores = [r[7] for r in FK_ROWS if r[7] != "-"]
    check("fukang weights", sum(D(str(r[3])) for r in FK_ROWS if r[3] != "-") + 10, 100)
    check("fukang total", sum(D(str(s)) for s in scores) + 10, FK_TOTAL)
    assert grade(FK_TOTAL) == "良"
    return got


def build_fukang() -> None:
    got = fk_verify()
    wb = new_book()
    ws = wb.active
    ws.title = "附件7"
    f = Form(ws, font="宋体", size=10)
    f.widths([6, 8, 9, 20, 6, 11, 11, 8, 8, 9, 9, 10, 7, 22])
    f.put("A1", FK_TITLE, "N1", bold=True, size=18, font="黑体")
    f.height(1, 30)
    f.put("A2", FK_YEAR, "N2", size=12)
    f.put("A3", "项目名称", "B3")
    f.put("C3", FK_PROJECT, "N3")
    f.put("A4", "主管部门", "B4")
    f.put("C4", FK_UNIT, "G4")
    f.put("H4", "实施单位", "I4")
    f.put("J4", FK_UNIT, "N4")
    # funds block
    f.put("A5", "项目资金（万元）", "B8")
    f.put("C5", None, "D5")
    f.put("E5", "年初预算数", "F5")
    f.put("G5", "全年预算数", "H5")
    f.put("I5", "全年执行数", "J5")
    f.put("K5", "分值")
    f.put("L5", "执行率")
    f.put("M5", "得分", "N5")
    funds = [
        ("年度资金总额", 200, 182.62, 182.62, 10, 1, 10),
        ("其中：当年财政拨款", 200, 182.62, 182.62, "—", "—", "—"),
        ("其他资金", 0, 0, 0, "—", "—", "—"),
    ]
    for i, (lab, a, b, c, w, r, s) in enumerate(funds):
        row = 6 + i
        f.put(f"C{row}", lab, f"D{row}")
        f.put(f"E{row}", a, f"F{row}")
        f.put(f"G{row}", b, f"H{row}")
        f.put(f"I{row}", c, f"J{row}")
        f.put(f"K{row}", w)
        f.put(f"L{row}", r, fmt="0%" if r == 1 else None)
        f.put(f"M{row}", s, f"N{row}")
    # goals
    f.put("A9", "年度总体目标", "A10")
    f.put("B9", "预期目标", "G9")
    f.put("H9", "实际完成情况", "N9")
    f.put("B10", FK_EXPECTED, "G10", h="left", v="top")
    f.put("H10", FK_ACTUAL, "N10", h="left", v="top")
    f.height(10, 165)
    # grid
    head = ["一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "完成率", "指标得分",
            "指标值设定依据", "上年完成情况", "赋分规则", "佐证资料", "偏差原因分析及改进措施"]
    first, last = 12, 12 + len(FK_ROWS) - 1
    f.put("A11", "年度绩效指标完成情况", f"A{last}", bold=False)
    for j, h in enumerate(head):
        f.put(f"{col('B', j)}11", h, bold=True)
    f.height(11, 30)
    for i, r in enumerate(FK_ROWS):
        row = first + i
        for j, v in enumerate(r[1:], start=1):
            f.put(f"{col('B', j)}{row}", v, h="left" if j in (2, 12) else "center")
        if r[2] != "-":
            f.height(row, 42)
    # 一级 labels merged over their rows
    spans = {}
    for i, r in enumerate(FK_ROWS):
        spans.setdefault(r[0], []).append(first + i)
    for lab, rows in spans.items():
        f.put(f"B{rows[0]}", lab, f"B{rows[-1]}" if len(rows) > 1 else None)
    tot = last + 1
    f.put(f"A{tot}", "总分", f"D{tot}", bold=True)
    f.put(f"E{tot}", 100)
    f.put(f"F{tot}", None, f"H{tot}")
    f.put(f"I{tot}", FK_TOTAL, fmt='0.00"分"')
    f.put(f"J{tot}", None, f"N{tot}")
    g = tot + 1
    f.put(f"A{g}", "自评等级", f"D{g}", bold=True)
    f.put(f"E{g}", "良", f"N{g}")
    f.box(f"A3:N{g}")
    f.page("N", g)
    save(wb, "fukang2024_xinjiang_project.xlsx")

    sh = "附件7"
    rows = {r[2]: first + i for i, r in enumerate(FK_ROWS) if r[2] != "-"}
    r_cb, r_dj, r_tz = rows["城镇职工大额医疗保险参保人数"], rows["单建统筹基金参保人数"], rows["实施统账结合参保人数"]
    r_zy, r_myd = rows["住院报销比例"], rows["城镇职工大额医疗保险参保群众满意度"]
    placeholder_rows = [first + i for i, r in enumerate(FK_ROWS) if r[2] == "-"]
    truth = {
        "sample": "fukang2024_xinjiang_project.xlsx",
        "profile_hint": "xinjiang",
        "layout": "xinjiang_project",
        "notes": (
            "Faithful copy of ref 000 附件7 项目支出绩效自评表 (000_03eb7d8fbf1a1d9c.txt lines 1121-1153); narratives "
            "reconstructed from the OCR and the clean copies at lines 272 (预期目标) and 849-851/476-482 (实际完成情况). "
            "Cover/§一(五): 自评表得分 88.37 分, 等级 良. Scores follow the Xinjiang band rule (DOMAIN §8, idiom 3): "
            "r=A/T; r<0.6→0; 0.6≤r≤1→w(r−0.6)/0.4; r>1→w·max(0,2−r); 满意度赋分/按评判等级赋分/直接赋分 rows score w when met. "
            "Execution row: 182.62/182.62=100% → 10. Weights 90+10=100; quantified targets 8/10=80%. "
            "Both errors are XT206 on the same narrative cell (two separate contradictions). D000-8 (业绩值 =12月25日 vs "
            "上解单据 2024-09-23) and D000-1/2/5/6/7 are outside this form and cannot be found here."
        ),
        "declared_total": FK_TOTAL,
        "recalculated_total": FK_TOTAL,
        "grade_declared": "良",
        "grade_recalculated": "良",
        "key_cells": {"execution_rate": "L6", "execution_score": "M6", "goal_expected": "B10",
                      "goal_actual": "H10", "grid_header_row": 11, "declared_total": f"I{tot}",
                      "grade": f"E{g}"},
        "errors": [
            err(sh, "H10", "XT206",
                f"实际完成情况称参保人数30750人、单建统筹基金参保5766人、统账结合参保24984人，而指标表业绩值为"
                f"=30437人(G{r_cb})、=4157人(G{r_dj})、=26280人(G{r_tz})；叙述数字等于上年完成情况列(K{r_cb}:K{r_tz})",
                "real D000-4"),
            err(sh, "H10", "XT206",
                f"实际完成情况称“参保群众满意度达到100%”，而满意度指标业绩值为=95%(G{r_myd})", "real D000-3"),
        ],
        "must_not_flag": [
            ok(sh, f"I{r_cb}", f"7.83 正确：30437/33333={got['参保人数'][0]}% → 10×(91.31−60)/40=7.83 (新疆比例赋分)"),
            ok(sh, f"I{r_dj}", f"1.95 正确：4157/6130={got['单建统筹'][0]}% → 10×(67.81−60)/40=1.95"),
            ok(sh, f"I{r_tz}", f"4.58 正确：26280/27203={got['统账结合'][0]}% → 5×(96.61−60)/40=4.58"),
            ok(sh, f"I{r_zy}", "9.01 正确：100/91=109.89%，超额按 10×(2−1.0989)=9.01 扣减（不是 10，也不是超额≥120%复核）"),
            ok(sh, f"H{r_cb}", "完成率 91.31 以百分点数字书写（非 0.9131），与 30437/33333 一致"),
            ok(sh, f"I{rows['大额医疗起付线']}", "<=12万元、业绩 =12万元，r=1 → 满分 10"),
            ok(sh, f"I{r_myd}", "满意度赋分：=95% 达到 >=95% → 满分 10"),
            ok(sh, f"F{rows['资金支付完成时间']}", "日期型目标“=12月25日”可解析（时效指标），不是无法解析"),
            ok(sh, f"I{rows['资金支付完成时间']}", "业绩=12月25日，按期完成 → 满分 5"),
            ok(sh, f"I{rows['职工大额医疗保险财政补助标准']}", "直接赋分：=5 元/人/月 达到 → 满分 10"),
            ok(sh, "M6", "执行率 182.62/182.62=100% → 10"),
            ok(sh, f"I{tot}", "总分 88.37 = 10+7.83+1.95+4.58+9.01+5+10+10+10+10+10，与封面一致"),
            ok(sh, f"E{g}", "88.37 → 良（80≤s<90）"),
        ] + [ok(sh, f"D{r}", "整行为“-”的占位行（未设该二级指标），不是无法解析的指标值/占位值") for r in placeholder_rows],
    }
    write_truth("fukang2024_xinjiang_project", truth)


# =========================================================================== central 附件1 builder

def central_form(ws, *, year, project, dept, unit, funds, goal_exp, goal_act, grid, total, grade_text,
                 font="仿宋_GB2312"):
    """Draw a 财预〔2020〕10号 附件1 项目支出绩效自评表 on ws; return a dict of addresses.

    funds: list of (label, 年初, 全年, 执行, 分值, 执行率, 得分); rate given as a fraction.
    grid:  list of (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因).
    """
    f = Form(ws, font=font, size=10.5)
    f.widths([7, 9, 11, 22, 14, 14, 7, 7, 16, 16])
    f.put("A1", "项目支出绩效自评表", "J1", bold=True, size=18, font="方正小标宋简体")
    f.height(1, 32)
    f.put("A2", f"（{year}年度）", "J2", size=12)
    f.put("A3", "项目名称", "B3")
    f.put("C3", project, "J3")
    f.put("A4", "主管部门", "B4")
    f.put("C4", dept, "E4")
    f.put("F4", "实施单位", "G4")
    f.put("H4", unit, "J4")
    n = len(funds)
    f.put("A5", "项目资金（万元）", f"B{5 + n}")
    for c, h in zip("CDEFGH", ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率"]):
        f.put(f"{c}5", h or None)
    f.put("I5", "得分", "J5")
    addr = {"funds": {}}
    for i, (lab, a, b, e, w, r, s) in enumerate(funds):
        row = 6 + i
        f.put(f"C{row}", lab)
        f.put(f"D{row}", a, fmt="0.00")
        f.put(f"E{row}", b, fmt="0.00")
        f.put(f"F{row}", e, fmt="0.00")
        f.put(f"G{row}", w)
        f.put(f"H{row}", r, fmt="0.00%" if isinstance(r, (int, float)) else None)
        f.put(f"I{row}", s, f"J{row}")
        addr["funds"][lab] = row
    g0 = 6 + n
    f.put(f"A{g0}", "年度总体目标", f"A{g0 + 1}")
    f.put(f"B{g0}", "预期目标", f"E{g0}")
    f.put(f"F{g0}", "实际完成情况", f"J{g0}")
    f.put(f"B{g0 + 1}", goal_exp, f"E{g0 + 1}", h="left", v="top")
    f.put(f"F{g0 + 1}", goal_act, f"J{g0 + 1}", h="left", v="top")
    f.height(g0 + 1, 110)
    addr["goal_expected"], addr["goal_actual"] = f"B{g0 + 1}", f"F{g0 + 1}"
    hr = g0 + 2
    first, last = hr + 1, hr + len(grid)
    f.put(f"A{hr}", "绩效指标", f"A{last}")
    for c, h in zip("BCDEFGH", ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]):
        f.put(f"{c}{hr}", h, bold=True)
    f.put(f"I{hr}", "偏差原因分析及改进措施", f"J{hr}", bold=True)
    f.height(hr, 30)
    addr["grid_header_row"] = hr
    addr["rows"] = []
    for i, (l1, l2, l3, t, a, w, s, why) in enumerate(grid):
        row = first + i
        f.put(f"D{row}", l3, h="left")
        f.put(f"E{row}", t)
        f.put(f"F{row}", a)
        f.put(f"G{row}", w)
        f.put(f"H{row}", s, fmt="0.00" if isinstance(s, float) and s != int(s) else None)
        f.put(f"I{row}", why, f"J{row}", h="left")
        f.height(row, 40 if why else 28)
        addr["rows"].append(row)
    for level, letter in ((0, "B"), (1, "C")):
        start = 0
        for i in range(1, len(grid) + 1):
            if i == len(grid) or grid[i][level] != grid[start][level] or (
                    level == 1 and grid[i][0] != grid[start][0]):
                f.put(f"{letter}{first + start}", grid[start][level],
                      f"{letter}{first + i - 1}" if i - 1 > start else None)
                start = i
    tr = last + 1
    f.put(f"A{tr}", "总分", f"F{tr}", bold=True)
    f.put(f"G{tr}", 100)
    f.put(f"H{tr}", total, fmt="0.00")
    f.put(f"I{tr}", None, f"J{tr}")
    f.put(f"A{tr + 1}", "自评等级", f"F{tr + 1}", bold=True)
    f.put(f"G{tr + 1}", grade_text, f"J{tr + 1}")
    f.box(f"A3:J{tr + 1}")
    f.page("J", tr + 1)
    addr["total"], addr["grade"] = f"H{tr}", f"G{tr + 1}"
    return addr


# =========================================================================== (b) 博湖 central

BH_GOAL_EXP = (
    "为缴纳城乡居民基本医疗保险的居民给予财政补助，补助覆盖率达到100%，保障城乡居民基本医疗待遇，"
    "减轻城乡居民患者就医经济负担。"
)
BH_GOAL_ACT = (
    "截至12月底，城乡居民基本医疗保险参保缴费人数35353人，已完成2023年1-12月的医疗保险待遇支付工作，"
    "保障了参保群众享受基本医疗待遇，及时减轻了城乡居民患者就医经济负担。"
)
BH_R1 = ("本年参保人数较往年有所下降，主要原因就是外出务工人员增加，城乡居民基本医疗保险转职工医疗保险人数"
         "较往年也有所增加。改进措施：加强城乡居民基本医疗保险的宣传力度，对县域内居住人口做到应保尽保，应参尽参。")
BH_R4 = "本年医保报销结算及时率达到100%，按照医保报销政策的要求及工作方式的改进，本年度医保报销结算采用一站式结算方式，更快捷更灵活。"
BH_R8 = ("根据满意度调查报告中显示，本年度参保补助对象满意度较往年有所上涨，比年初预期满意度高，"
         "说明在参保缴费、医疗费用报销方面大家的认可度有所提升。")
# ref 001 lines 253-260, targets/actuals as written there
BH_GRID = [
    ("产出指标", "数量指标", "城乡居民参保补助人数", "≧36300人", "35353人", 10, 9.74, BH_R1),
    ("产出指标", "质量指标", "补助资金使用准确率", "=100%", "100%", 10, 10, None),
    ("产出指标", "质量指标", "城乡居民参保补助覆盖率", "=100%", "100%", 10, 10, None),
    ("产出指标", "时效指标", "医保报销结算及时率", "≧90%", "100%", 5, 5, BH_R4),
    ("产出指标", "时效指标", "补助资金到位及时率", "=100%", "100%", 5, 5, None),
    ("产出指标", "成本指标", "平均补助成本", "≤184.13元/人·年", "184.13元/人·年", 10, 10, None),
    ("效益指标", "社会效益指标", "减轻城乡居民患者医疗费用负担", "有效减轻", "达成目标", 30, 30, None),
    ("满意度指标", "服务对象满意度指标", "参保补助对象满意度", "≧95%", "96.47%", 10, 10, BH_R8),
]


def build_bohu() -> None:
    check("bohu 数量", pos_score(35353, 36300, 10), 9.74)
    check("bohu 数量 rate", pct(35353, 36300), 97.39)
    check("bohu 时效", pos_score(100, 90, 5), 5)
    check("bohu 成本", rev_score(184.13, 184.13, 10), 10)
    check("bohu 满意度", pos_score(96.47, 95, 10), 10)
    check("bohu exec", exec_score(668.4, 668.4), 10)
    check("bohu weights", sum(r[5] for r in BH_GRID) + 10, 100)
    total = sum(D(str(r[6])) for r in BH_GRID) + 10
    check("bohu total", total, 99.74)
    wb = new_book()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    funds = [
        ("年度资金总额", 660, 668.4, 668.4, 10, 1.0, 10),
        ("其中：当年财政拨款", 660, 668.4, 668.4, "—", "—", "—"),
        ("上年结转资金", 0, 0, 0, "—", "—", "—"),
        ("其他资金", 0, 0, 0, "—", "—", "—"),
    ]
    a = central_form(ws, year=2023, project="2023年城乡居民基本医疗保险县级财政补助经费",
                     dept="博湖县医疗保障局", unit="博湖县医疗保障局", funds=funds,
                     goal_exp=BH_GOAL_EXP, goal_act=BH_GOAL_ACT, grid=BH_GRID, total=99.74, grade_text="优")
    save(wb, "bohu2023_central_project.xlsx")
    sh, rows, fr = ws.title, a["rows"], a["funds"]["年度资金总额"]
    truth = {
        "sample": "bohu2023_central_project.xlsx",
        "profile_hint": "mof2020",
        "layout": "central_2020",
        "notes": (
            "Project of ref 001 (博湖县 2023 城乡居民基本医疗保险县级财政补助经费) re-drawn in the central 附件1 layout "
            "(财预〔2020〕10号, DOMAIN §2a). Funds from ref 001 §一(一)3/§二(二)2: 年初660, 全年668.4, 执行668.4 万元 → "
            "100% → 10. The 8 indicators and their targets/actuals are copied from ref 001 lines 253-260. Weights are OUR "
            "choice, by the central default 执行率10 + 产出50 + 效益30 + 满意度10: 数量10, 质量10+10, 时效5+5, 成本10 "
            "(成本指标 placed as 二级 under 产出 as in 附件1; ref 001 counts it as a 4th 一级 per the 2021 template), "
            "社会效益30, 满意度10. Scores by the central rules (§4b): 正向 A≥T→w else w·A/T; 反向 A≤T→w; 定性 达成→w. "
            "Only 数量 misses: 10×35353/36300=9.74 (as ref 001's own 9.74). Total 99.74 → 优. Clean sample: nothing to flag. "
            "Known real error NOT detectable from this form: D001-1 — 平均补助成本 184.13 = 668.4万/36300 planned persons; "
            "with the 35353 actual persons it is 668.4万/35353 = 189.06 元/人 > ≤184.13 (reverse score would be 9.73). "
            "The form (like ref 001) states the actual as 184.13, so a single-form checker cannot see it."
        ),
        "declared_total": 99.74,
        "recalculated_total": f2(total),
        "grade_declared": "优",
        "grade_recalculated": grade(total),
        "weights_chosen": {"执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10},
        "key_cells": {"execution_rate": f"H{fr}", "execution_score": f"I{fr}", "goal_actual": a["goal_actual"],
                      "grid_header_row": a["grid_header_row"], "declared_total": a["total"], "grade": a["grade"]},
        "errors": [],
        "known_undetectable": [{"id": "D001-1", "cell": f"F{rows[5]}",
                                "what": "平均补助成本实际应为668.4万元/35353人=189.06元/人，超过≤184.13；表中按计划人数填184.13"}],
        "must_not_flag": [
            ok(sh, f"H{rows[0]}", "9.74 正确：10×35353/36300=9.7391→9.74（完成率97.39%）"),
            ok(sh, f"H{rows[3]}", "100% ≥ 90%：正向达标得满分 5；111.11% 未到 120% 超额复核线"),
            ok(sh, f"H{rows[5]}", "反向 ≤184.13，实际 184.13 = 目标 → 满分 10（D001-1 在表内不可见）"),
            ok(sh, f"H{rows[6]}", "定性：有效减轻/达成目标 → 达成档，30 在 [24,30]"),
            ok(sh, f"H{rows[7]}", "96.47% ≥ 95% → 满分 10"),
            ok(sh, f"I{fr}", "668.4/668.4=100% → 10"),
            ok(sh, a["total"], "99.74 = 10+9.74+10+10+5+5+10+30+10"),
            ok(sh, a["goal_actual"], "叙述 35353人 与实际完成值 35353人 一致"),
        ],
    }
    write_truth("bohu2023_central_project", truth)


# =========================================================================== (c) central errors

CE_GOAL_EXP = (
    "完成全县农村公路日常养护320公里，完成42座桥梁定期检查，优良中等路率达到85%以上，养护任务完成及时率95%以上，"
    "每公里年均养护成本控制在1.35万元以内，桥梁定期检测费用控制在8万元以内，农村公路列养率100%，"
    "群众出行条件有效改善，建立农村公路养护长效机制，沿线群众满意度达到90%以上。"
)
CE_GOAL_ACT = (
    "完成农村公路日常养护305公里，完成42座桥梁定期检查，优良中等路率88%，养护任务完成及时率90%，"
    "每公里年均养护成本1.38万元，农村公路列养率100%，群众出行条件有效改善，沿线群众满意度93.6%。"
)
CE_GRID = [
    ("产出指标", "数量指标", "农村公路日常养护里程", "≥320公里", "305公里", 15, 15,
     "部分路段汛期水毁，改为应急抢修，剩余路段纳入下年度养护计划"),
    ("产出指标", "数量指标", "桥梁定期检查座数", "≥42座", "42座", 5, 5, None),
    ("产出指标", "质量指标", "优良中等路率", "≥85%", "88%", 10, 11, None),
    ("产出指标", "时效指标", "养护任务完成及时率", "≥95%", "90%", 5, 4.74, None),
    ("产出指标", "成本指标", "每公里年均养护成本", "≤1.35万元/公里", "1.38万元/公里", 10, 10,
     "沥青、碎石等养护材料价格上涨，养护成本超出控制标准"),
    ("产出指标", "成本指标", "桥梁定期检测费用", "≤8万元", "76500元", 5, 5, "通过比选确定检测单位，检测费用低于预算"),
    ("效益指标", "社会效益指标", "农村公路列养率", "=100%", "100%", 10, 10, None),
    ("效益指标", "社会效益指标", "群众出行条件", "有效改善", "达成年度指标", 10, 10, None),
    ("效益指标", "可持续影响指标", "农村公路养护长效机制", "详见附件", "已建立", 10, 10, None),
    ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93.6%", 10, 10, None),
]


def build_central_errors() -> None:
    e_exec = exec_score(430, 500)
    check("ce exec rate", pct(430, 500), 86)
    e1 = pos_score(305, 320, 15)
    e4 = pos_score(90, 95, 5)
    e5 = rev_score(1.38, 1.35, 10)
    e6 = rev_score(D("7.65"), 8, 5)
    check("ce r4 declared", e4, 4.74)
    check("ce r6 (元→万元)", e6, 5)
    check("ce weights", sum(r[5] for r in CE_GRID) + 10, 100)
    expected = [e1, D(5), D(10), e4, e5, e6, D(10), D(10), D(10), D(10)]
    declared_sum = sum(D(str(r[6])) for r in CE_GRID) + 9
    recalc = sum(expected) + e_exec
    declared_total = D("98.74")
    assert declared_sum != declared_total
    wb = new_book()
    ws = wb.active
    ws.title = "自评表"
    funds = [
        ("年度资金总额", 480, 500, 430, 10, 0.86, 9),
        ("其中：当年财政拨款", 400, 420, 360, "—", "—", "—"),
        ("上年结转资金", 50, 50, 52, "—", "—", "—"),
        ("其他资金", 20, 30, 18, "—", "—", "—"),
    ]
    # column sums: 年初 400+50+20=470≠480 (seeded); 全年 420+50+30=500 ✓; 执行 360+52+18=430 ✓
    assert 400 + 50 + 20 != 480 and 420 + 50 + 30 == 500 and 360 + 52 + 18 == 430
    a = central_form(ws, year=2024, project="2024年农村公路日常养护专项资金", dept="某县交通运输局",
                     unit="某县农村公路养护中心", funds=funds, goal_exp=CE_GOAL_EXP, goal_act=CE_GOAL_ACT,
                     grid=CE_GRID, total=float(declared_total), grade_text="良")
    save(wb, "central_errors_project.xlsx")
    sh, rows = ws.title, a["rows"]
    fr, fz = a["funds"]["年度资金总额"], a["funds"]["上年结转资金"]
    truth = {
        "sample": "central_errors_project.xlsx",
        "profile_hint": "mof2020",
        "layout": "central_2020",
        "notes": (
            "Invented county 农村公路日常养护 project in the central 附件1 layout, seeded with one classic hand-calculation "
            "error per cell. Central rules (DOMAIN §4): execution score = 10×min(rate,1); 正向 A≥T→w else w·A/T; "
            "反向 A≤T→w, T<A<2T→w(1−(A−T)/T); 定性 达成→[0.8w,w]. Weights 10+50+30+10=100, quantified 8/10. "
            "recalculated_total keeps the declared 10 for 农村公路养护长效机制 (target '详见附件' cannot be scored). "
            f"Σ declared cells = {q2(declared_sum)}; declared 总分 {declared_total}. "
            "Convention for grade codes: XT308 = declared grade ≠ band(declared total); XT309 = band(declared total) ≠ "
            "band(recalculated total). Here band(98.74)=优=band(97.42), so XT309 is not expected; a checker that "
            "compares the declared grade cell with the recalculated band may report XT309 on the same cell instead."
        ),
        "declared_total": float(declared_total),
        "recalculated_total": f2(recalc),
        "grade_declared": "良",
        "grade_recalculated": grade(recalc),
        "key_cells": {"execution_rate": f"H{fr}", "execution_score": f"I{fr}", "goal_actual": a["goal_actual"],
                      "grid_header_row": a["grid_header_row"], "declared_total": a["total"], "grade": a["grade"]},
        "errors": [
            err(sh, f"I{fr}", "XT303",
                f"执行率430/500=86.00%，得分应为10×86%={e_exec}，表中为9", "seeded"),
            err(sh, f"D{fr}", "XT204",
                "年度资金总额·年初预算数480.00 ≠ 当年财政拨款400.00+上年结转资金50.00+其他资金20.00=470.00", "seeded"),
            err(sh, f"F{fz}", "XT203", "上年结转资金 全年执行数52.00 > 全年预算数50.00", "seeded"),
            err(sh, f"H{rows[0]}", "XT305",
                f"正向指标未达标仍得满分：305/320=95.31%，得分应为15×305/320={e1}，表中为15", "seeded"),
            err(sh, f"H{rows[2]}", "XT301", "得分11超过分值10（88%≥85%，应得10）", "seeded", also=["XT305"]),
            err(sh, f"I{rows[3]}", "XT205",
                f"养护任务完成及时率90%<95%，得分{e4}<5，偏差原因分析及改进措施为空", "seeded"),
            err(sh, f"H{rows[4]}", "XT306",
                f"反向指标≤1.35万元/公里，实际1.38万元/公里超出，仍得满分10；应为10×(1−0.03/1.35)={e5}", "seeded",
                also=["XT305"]),
            err(sh, f"E{rows[8]}", "XT201", "年度指标值“详见附件”无法解析，得分不可复核", "seeded",
                also=["XT311"]),
            err(sh, a["total"], "XT307",
                f"总分98.74 ≠ 各项得分之和9+15+5+11+4.74+10+5+10+10+10+10={q2(declared_sum)}（重算总分{q2(recalc)}）",
                "seeded"),
            err(sh, a["grade"], "XT308", "自评等级“良”与总分98.74（≥90为优）不符", "seeded", also=["XT309"]),
        ],
        "must_not_flag": [
            ok(sh, f"H{fr}", "执行率86%=430/500 正确"),
            ok(sh, f"H{rows[5]}", "目标≤8万元、实际76500元=7.65万元 ≤ 8 → 满分5 正确（单位可换算，不是得分错误，也不是反向超标）"),
            ok(sh, f"H{rows[3]}", f"4.74 正确：5×90/95={e4}"),
            ok(sh, f"H{rows[7]}", "定性“有效改善/达成年度指标” → 达成档，10 在 [8,10]"),
            ok(sh, f"H{rows[9]}", "93.6% ≥ 90% → 满分10"),
            ok(sh, a["goal_actual"], "叙述 305公里/42座/88%/90%/1.38万元/100%/93.6% 均与实际完成值一致"),
        ],
        "tolerated": [
            {"sheet": sh, "cell": f"F{rows[5]}", "code": "XT202",
             "why": "指标值万元、完成值元，单位确实不一致但可换算；提示性 XT202 可报可不报，得分类代码不得报"},
        ],
    }
    write_truth("central_errors_project", truth)


# =========================================================================== (d) 阜康 messy copy

def messy_sheet(ws, seeded: bool) -> dict:
    """The 附件7 data as a messy submitted copy; seeded=True adds the four seeded errors."""
    f = Form(ws, font="宋体", size=11)
    f.widths([9, 11, 22, 6, 12, 12, 12, 9, 8, 10, 10, 9, 24])
    ws["A1"] = "附件7"
    ws["A1"].font = Font(name="黑体", size=12)
    # row 2 left blank on purpose
    f.put("A3", "项目支出绩效自评表", "M3", bold=True, size=16)
    f.put("A4", "（2024年度）", "M4")
    f.put("A5", "项目名称", "B5")
    f.put("C5", FK_PROJECT, "M5", h="left")
    f.put("A6", "主管部门", "B6")
    f.put("C6", FK_UNIT, "F6")
    f.put("G6", "实施单位", "H6")
    f.put("I6", FK_UNIT, "M6")
    f.put("A7", "项目资金（元）", "B7")
    for c, h in zip("CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        f.put(f"{c}7", h)
    f.put("I7", None, "M10")
    f.put("A8", "年度资金总额", "B8")
    f.put("C8", "2,000,000.00", h="right")
    f.put("D8", "1,826,200.00", h="right")
    f.put("E8", "1,826,200.00", h="right")
    f.put("F8", 10)
    if seeded:
        f.put("G8", "100.00%")
        f.put("H8", "9分")
    else:
        f.put("G8", 1.0, fmt="0.00%")
        f.put("H8", "10分")
    f.put("A9", "其中：当年财政拨款", "B9")
    f.put("C9", "2,000,000.00", h="right")
    f.put("D9", "1,826,200.00", h="right")
    f.put("E9", "1,826,200.00", h="right")
    f.put("A10", "其他资金", "B10")
    for c in "CDE":
        f.put(f"{c}10", "0.00", h="right")
    f.put("A11", "年度总体目标", "B12")
    f.put("C11", "预期目标", "G11")
    f.put("H11", "实际完成情况", "M11")
    f.put("C12", FK_EXPECTED, "G12", h="left", v="top")
    f.put("H12", FK_ACTUAL, "M12", h="left", v="top")
    f.height(12, 150)
    head = ["一级指标", "二级指标", "三级指标", "分值", "赋分规则", "实际完成值", "目标值", "完成率", "得分",
            "指标值设定依据", "上年完成情况", "佐证资料", "偏差原因分析及改进措施"]
    for j, h in enumerate(head):
        f.put(f"{col('A', j)}13", h, bold=True)
    sc = {"参保": "7.83分", "单建": "1.95分", "统账": "4.58分", "住院": "9.01分"}
    rate_tz = "96.61%"
    if seeded:
        sc["住院"] = "10分"
        rate_tz = "98.61%"
    R = FK_REASON
    rows = [
        # 一级, 二级, 三级, 分值, 赋分规则, 实际完成值, 目标值, 完成率, 得分, 依据, 上年, 佐证, 偏差
        (None, "数量指标", "城镇职工大额医疗保险参保人数", 10, "按照完成比例赋分", "30437人", "≥33333人", "91.31%",
         sc["参保"], "历史标准", "30750人", "工作资料", R),
        (None, "数量指标", "单建统筹基金参保人数", 10, "按照完成比例赋分", "4157人", "≥6130人", "67.81%", sc["单建"],
         "历史标准", "5766人", "工作资料", R),
        (None, "数量指标", "实施统账结合参保人数", "5", "按照完成比例赋分", "26280人", "≥27203人", rate_tz, sc["统账"],
         "历史标准", "24984人", "工作资料", R),
        (None, "质量指标", "住院报销比例", 10, "按照完成比例赋分", "100%", "≥91%", "109.89%", sc["住院"], "历史标准",
         "100%", "工作资料", "按支付比例完成住院报销"),
        (None, "时效指标", "资金支付完成时间", 5, "按照完成比例赋分", "12月25日", "=12月25日", "100%", "5分", "计划标准",
         "100%", "工作资料", "-"),
        ("成本指标", "经济成本指标", "职工大额医疗保险财政补助标准", 10, "直接赋分", "5元/人/月", "=5元/人/月", "100%",
         "10分", "预算支出标准", "5元/人/月", "原始凭证", None),
        (None, "经济成本指标", "大额医疗起付线", 10, "按照完成比例赋分", "12万元", "≤12万元", "100%", "10分", "计划标准",
         None, "工作资料", None),
        (None, "社会成本指标") + ("/",) * 11,
        (None, "生态环境成本指标") + ("/",) * 11,
        ("效益指标", "经济效益指标") + (None,) * 11,
        ("效益指标", "社会效益指标", "参保群众及时享受医疗待遇", 10, "按评判等级赋分", "达到预期指标", "及时", "100%",
         "10分", "历史标准", "资金支付", "工作资料", None),
        ("效益指标", "社会效益指标", "减轻参保人员就医经济负担，缓解社会矛盾", 10, "按评判等级赋分", "达到预期指标", "减轻",
         "100%", "10分", "历史标准", "有效减轻", "工作资料", None),
        ("效益指标", "生态效益指标") + (None,) * 11,
        ("满意度指标", "满意度指标", "城镇职工大额医疗保险参保群众满意度", 10, "满意度赋分", "95%", "≥95%", "100%", "10分",
         "历史标准", "95%", "工作资料", None),
    ]
    first = 14
    for i, r in enumerate(rows):
        row = first + i
        for j, v in enumerate(r):
            if j == 0 and i < 5:
                continue
            f.put(f"{col('A', j)}{row}", v, h="left" if j in (2, 12) else "center")
    f.put(f"A{first}", "产出指标", f"A{first + 4}")  # the one merged 一级 label
    last = first + len(rows) - 1
    tot = last + 1
    f.put(f"A{tot}", "总分", f"C{tot}", bold=True)
    f.put(f"D{tot}", "100")
    f.put(f"I{tot}", "86.36分" if seeded else "88.37分")
    f.put(f"A{tot + 1}", "自评等级：良", f"C{tot + 1}", h="left")
    f.box(f"A5:M{tot}")
    f.page("M", tot + 1)
    return {"first": first, "total": f"I{tot}", "grade": f"A{tot + 1}",
            "placeholder_rows": [first + i for i, r in enumerate(rows) if r[2] in (None, "/")],
            "row": {r[2]: first + i for i, r in enumerate(rows) if r[2] not in (None, "/")}}


def build_messy() -> None:
    got = fk_verify()
    wb = new_book()
    ws1 = wb.active
    ws1.title = "Sheet1"
    a1 = messy_sheet(ws1, seeded=False)
    ws2 = wb.create_sheet("项目支出绩效自评表 (2)")
    a2 = messy_sheet(ws2, seeded=True)
    save(wb, "fukang2024_messy.xlsx")
    s1, s2 = ws1.title, ws2.title
    rw = a1["row"]
    r_cb, r_dj, r_tz = rw["城镇职工大额医疗保险参保人数"], rw["单建统筹基金参保人数"], rw["实施统账结合参保人数"]
    r_zy, r_myd = rw["住院报销比例"], rw["城镇职工大额医疗保险参保群众满意度"]
    declared2 = [9, 7.83, 1.95, 4.58, 10, 5, 10, 10, 10, 10, 10]
    sum2 = sum(D(str(x)) for x in declared2)
    check("messy sheet2 declared sum", sum2, 88.36)
    xj_dj_disp = xj_score(D("98.61"), 100, 5)

    def real(sheet):
        return [
            err(sheet, "H12", "XT206",
                f"实际完成情况称参保人数30750人、单建统筹5766人、统账结合24984人，而实际完成值为30437人(F{r_cb})、"
                f"4157人(F{r_dj})、26280人(F{r_tz})", "real D000-4"),
            err(sheet, "H12", "XT206", f"实际完成情况称“满意度达到100%”，而满意度实际完成值为95%(F{r_myd})",
                "real D000-3"),
        ]

    per_sheet = [
        {"sheet": s1, "declared_total": 88.37, "recalculated_total": 88.37, "grade_declared": "良",
         "grade_recalculated": "良"},
        {"sheet": s2, "declared_total": 86.36, "recalculated_total": 88.37, "grade_declared": "良",
         "grade_recalculated": "良"},
    ]
    truth = {
        "sample": "fukang2024_messy.xlsx",
        "profile_hint": "xinjiang",
        "layout": "xinjiang_project_messy",
        "notes": (
            "The data of fukang2024_xinjiang_project.xlsx as a messy submitted copy. Messiness: a '附件7' row and a blank "
            "row above the title; columns re-ordered (分值, 赋分规则, 实际完成值 before 目标值, 完成率, 得分, …) and no left "
            "section label; synonyms 分值/得分/实际完成值; funds in 元 as text with thousands separators "
            "('1,826,200.00' = 182.62万元); scores as text '7.83分', rates as text '91.31%'; Sheet1 执行率 is numeric 1.0 "
            "formatted '0.00%'; one weight typed as text '5'; '≥'/'≤' instead of '>='/'<='; actuals without '=' prefix; "
            "only 产出指标 merged over its rows, 成本指标 written once with blanks below, 效益指标 repeated per row; "
            "placeholder rows written with '/' or left blank; the grade written in one cell '自评等级：良'. "
            "Sheet1 carries only the two real XT206 contradictions. The second sheet is a re-edited copy with four seeded "
            "errors (plus the same two real ones). Top-level totals are Sheet1's; see per_sheet."
        ),
        "declared_total": 88.37,
        "recalculated_total": 88.37,
        "grade_declared": "良",
        "grade_recalculated": "良",
        "per_sheet": per_sheet,
        "key_cells": {"execution_rate": "G8", "execution_score": "H8", "goal_actual": "H12", "grid_header_row": 13,
                      "declared_total": a1["total"], "grade": a1["grade"]},
        "errors": real(s1) + real(s2) + [
            err(s2, f"H{r_tz}", "XT304",
                f"完成率写为98.61%，实际完成值/目标值=26280/27203={got['统账结合'][0]}%", "seeded"),
            err(s2, f"I{r_zy}", "XT305",
                f"住院报销比例100/91={got['住院报销比例'][0]}%>100%，新疆比例赋分应为10×(2−1.0989)={got['住院报销比例'][1]}，"
                "表中为10分", "seeded"),
            err(s2, "H8", "XT303", "执行率100%（1,826,200.00/1,826,200.00），得分应为10.00，表中为9分", "seeded"),
            err(s2, a2["total"], "XT307",
                f"总分86.36 ≠ 各项得分之和9+7.83+1.95+4.58+10+5+10+10+10+10+10={q2(sum2)}（重算总分88.37）", "seeded"),
        ],
        "must_not_flag": [
            ok(s1, f"I{r_cb}", "文本'7.83分'解析为7.83，正确"),
            ok(s1, f"I{r_dj}", "文本'1.95分'正确"),
            ok(s1, f"I{r_tz}", "文本'4.58分'正确；分值为文本'5'"),
            ok(s1, f"I{r_zy}", "文本'9.01分'正确（超额扣减）"),
            ok(s1, f"H{r_cb}", "文本'91.31%'与30437/33333一致"),
            ok(s1, "G8", "数值1.0、格式0.00%，即100%，正确"),
            ok(s1, "H8", "文本'10分'正确"),
            ok(s1, "C8", "年度资金总额=当年财政拨款+其他资金（2,000,000.00=2,000,000.00+0.00，元）"),
            ok(s1, "E8", "全年执行数1,826,200.00 = 全年预算数，不超预算"),
            ok(s1, a1["total"], "文本'88.37分'=各项之和"),
            ok(s1, a1["grade"], "'自评等级：良'与88.37一致"),
            ok(s2, f"I{r_tz}", f"4.58按真实完成率96.61%计算正确（按错写的98.61%会得{xj_dj_disp}）；只有完成率单元格错"),
            ok(s2, "G8", "文本'100.00%'正确"),
            ok(s2, a2["grade"], "86.36与88.37均为良，等级不变"),
        ] + [ok(sh, f"C{r}", "占位行：社会/生态环境成本指标整行为“/”，经济/生态效益指标整行空白，均不是待核指标")
             for sh in (s1, s2) for r in a1["placeholder_rows"]],
    }
    write_truth("fukang2024_messy", truth)


# =========================================================================== (e) 卫滨 unit overall

WB_GOAL_EXP = (
    "2023年，卫滨区医保局紧紧围绕年度医疗保障工作重点，贯彻落实医保扶贫工作，切实加强医保惠民政策宣传，"
    "有序推进医疗保障各项日常工作：做好全区定点医药机构年度考核和医保定点服务协议管理；做好困难群众参保资助和"
    "城乡医疗救助，保障医疗救助“应享尽享”；做好离休、优诊人员及公务员医疗补助审核支付；做好健康扶贫预警信息"
    "比对和困难群众住院情况排查；不断优化医保便民服务举措，群众满意度达到90%以上。"
)
WB_GOAL_ACT = (
    "完成全区116家定点医药机构年度考核，并全部签订医保定点服务协议；资助困难群众1430人参加城乡居民医保；"
    "审核离休人员、优诊人员及公务员医疗补助手续1858份，审核准确率100%；根据1543名困难群众名单开展住院情况排查；"
    "医疗救助“一单制”结算全面落实。经问卷调查，群众满意度为96.77%。"
)
WB_GRID = [
    ("履职效能", "数量指标", "定点医药机构年度考核家数", "=116家", "计划标准", 15, "116家", 15),
    ("履职效能", "数量指标", "资助困难群众参加城乡居民医保人数", "≥1430人", "计划标准", 10, "1430人", 10),
    ("履职效能", "数量指标", "离休、优诊及公务员医疗补助审核手续份数", "≥1858份", "历史标准", 10, "1858份", 10),
    ("履职效能", "数量指标", "困难群众住院情况排查人数", "≥1543人", "计划标准", 10, "1543人", 10),
    ("履职效能", "质量指标", "定点医药机构服务协议签订率", "=100%", "行业标准", 10, "100%", 10),
    ("履职效能", "质量指标", "医疗补助审核准确率", "=100%", "行业标准", 10, "100%", 10),
    ("履职效能", "质量指标", "医疗救助“一单制”结算落实率", "=100%", "计划标准", 10, "100%", 10),
    ("满意度", "服务对象满意度指标", "参保群众满意度", "≥90%", "行业标准", 15, "96.77%", 15),
]


def build_unit() -> None:
    # sources: 上级 = 中央医疗救助96 + 省级医疗救助2 + 新财预2021.456号7.54 + 提前下达能力提升3 = 108.54 (ref 004 表1-1)
    up0, own0 = D("108.54"), D("1379.83")
    check("unit 年初", up0 + own0, D("1488.37"))
    budget, executed_total, executed_own = D("376.09"), D("375.71"), D("357.71")
    rate = pct(executed_total, budget)
    check("unit rate", rate, D("99.90"))
    score = exec_score(executed_total, budget)
    check("unit score", score, D("9.99"))
    wrong_rate = pct(executed_total, D("1488.37"))
    check("unit wrong rate", wrong_rate, D("25.24"))
    check("unit weights", sum(r[5] for r in WB_GRID), 90)
    total = sum(D(str(r[7])) for r in WB_GRID) + score
    check("unit total", total, D("99.99"))
    wb = new_book()
    ws = wb.active
    ws.title = "单位整体支出绩效自评表"
    f = Form(ws, font="宋体", size=10.5)
    f.widths([8, 11, 13, 24, 13, 12, 11, 13, 9])
    f.put("A1", "单位整体支出绩效自评表", "I1", bold=True, size=18, font="黑体")
    f.height(1, 32)
    f.put("A2", "（2023年度）", "I2", size=12)
    f.put("A3", "单位名称", "B3")
    f.put("C3", "新乡市卫滨区医疗保障局", "F3", h="left")
    f.put("G3", "金额单位：万元", "I3", h="right")
    f.put("A4", "资金来源", "C4")
    for c, h in zip("DEFGHI", ["年初预算数", "全年预算数", "全年执行数", "分值权重", "执行率", "得分"]):
        f.put(f"{c}4", h)
    funds = [
        ("上级资金", float(up0), 0, 0, "—", "—", "—"),
        ("本级资金", float(own0), float(budget), float(executed_own), "—", "—", "—"),
        ("其他资金", 0, 0, 0, "—", "—", "—"),
        ("合计", 1488.37, float(budget), float(executed_total), 10, float(wrong_rate / 100), float(score)),
    ]
    for i, (lab, a, b, e, w, r, s) in enumerate(funds):
        row = 5 + i
        f.put(f"A{row}", lab, f"C{row}", bold=(lab == "合计"))
        f.put(f"D{row}", a, fmt="#,##0.00")
        f.put(f"E{row}", b, fmt="#,##0.00")
        f.put(f"F{row}", e, fmt="#,##0.00")
        f.put(f"G{row}", w)
        f.put(f"H{row}", r, fmt="0.00%" if isinstance(r, float) else None)
        f.put(f"I{row}", s, fmt="0.00" if isinstance(s, float) else None)
    f.put("A9", "年度总体目标", "A10")
    f.put("B9", "预期目标", "E9")
    f.put("F9", "实际完成情况", "I9")
    f.put("B10", WB_GOAL_EXP, "E10", h="left", v="top")
    f.put("F10", WB_GOAL_ACT, "I10", h="left", v="top")
    f.height(10, 130)
    hr, first = 11, 12
    last = first + len(WB_GRID) - 1
    f.put("A11", "年度绩效指标", f"A{last}")
    for c, h in zip("BCDEFGHI", ["一级指标", "二级指标", "三级指标", "预期指标值", "指标值设定依据", "分值权重",
                                 "实际完成指标值", "得分"]):
        f.put(f"{c}{hr}", h, bold=True)
    f.height(hr, 30)
    for i, r in enumerate(WB_GRID):
        row = first + i
        for c, v in zip("DEFGHI", r[2:]):
            f.put(f"{c}{row}", v, h="left" if c == "D" else "center")
        f.height(row, 30)
    f.put(f"B{first}", "履职效能", f"B{first + 6}")
    f.put(f"C{first}", "数量指标", f"C{first + 3}")
    f.put(f"C{first + 4}", "质量指标", f"C{first + 6}")
    f.put(f"B{last}", "满意度")
    f.put(f"C{last}", "服务对象满意度指标")
    tot = last + 1
    f.put(f"A{tot}", "总分", f"F{tot}", bold=True)
    f.put(f"G{tot}", 100)
    f.put(f"H{tot}", None)
    f.put(f"I{tot}", float(total), fmt="0.00")
    f.put(f"A{tot + 1}", "自评等级", f"F{tot + 1}", bold=True)
    f.put(f"G{tot + 1}", "优", f"I{tot + 1}")
    f.box(f"A4:I{tot + 1}")
    f.page("I", tot + 1)
    save(wb, "unit2023_overall.xlsx")
    sh = ws.title
    truth = {
        "sample": "unit2023_overall.xlsx",
        "profile_hint": "xinjiang",
        "layout": "xinjiang_unit",
        "notes": (
            "单位整体支出绩效自评表 in the Xinjiang layout (DOMAIN §2d) for the unit of ref 004 (新乡市卫滨区医疗保障局 2023). "
            "Real figures: 年初预算 1,488.37 (表1-1), 全年预算 376.09 (表1-2). Our split of 年初 by source: 上级资金 108.54 = "
            "提前下达中央财政医疗救助补助96.00 + 省级财政医疗救助补助2.00 + 新财预2021.456号医疗服务与保障能力提升补助7.54 + "
            "提前下达医疗服务与保障能力提升补助3.00; 本级资金 1,379.83; 全年 all 本级 (ref 004: 全年全部为基本支出). "
            "DEVIATION FROM REF 004: ref 004 reports 决算/执行 376.09 (=100%); this sample uses 合计 执行数 375.71 so that the "
            "execution row exercises 375.71/376.09 = 99.90% → 9.99. Grid indicators are built from ref 004 §一(三) work items "
            "(116家 = 27 定点医疗机构 + 89 定点零售药店; 1430 = 3+137+1290 资助参保; 1858 份; 1543 名) and its survey 96.77%; "
            "weights sum to 90 and are ours. Execution checks must use the 合计 row's own cells (375.71 / 376.09). Seeded: "
            "the 本级资金 执行数 was mistyped 357.71, so 合计 disagrees with Σ sources; the 执行率 was typed as 执行数/年初预算数 "
            "while the score 9.99 (copied from the system) is right."
        ),
        "declared_total": f2(total),
        "recalculated_total": f2(total),
        "grade_declared": "优",
        "grade_recalculated": grade(total),
        "key_cells": {"execution_rate": "H8", "execution_score": "I8", "goal_actual": "F10", "grid_header_row": hr,
                      "declared_total": f"I{tot}", "grade": f"G{tot + 1}"},
        "errors": [
            err(sh, "F8", "XT204",
                "合计·全年执行数375.71 ≠ 上级资金0.00+本级资金357.71+其他资金0.00=357.71", "seeded"),
            err(sh, "H8", "XT302",
                f"执行率写为25.24%（=375.71/1,488.37年初预算数），应为全年执行数/全年预算数=375.71/376.09={rate}%",
                "seeded"),
        ],
        "must_not_flag": [
            ok(sh, "I8", f"得分9.99正确：10×375.71/376.09=9.9899→9.99（按真实执行率{rate}%，不按错写的25.24%）"),
            ok(sh, "D8", "年初1,488.37=108.54+1,379.83+0.00"),
            ok(sh, "E8", "全年376.09=0.00+376.09+0.00"),
            ok(sh, f"I{last}", "满意度96.77% ≥ 90%，满意度赋分得满分15（不按超额扣减）"),
            ok(sh, f"I{tot}", "总分99.99=90+9.99"),
            ok(sh, f"G{tot + 1}", "99.99 → 优"),
            ok(sh, "F10", "叙述 116家/1430人/1858份/1543名/100%/96.77% 与实际完成指标值一致"),
        ],
    }
    write_truth("unit2023_overall", truth)


# =========================================================================== (f) Sichuan style

SC_GOAL = ("完成全县48处农村供水工程维修养护，维修养护工程验收合格率100%，工程正常运行率95%以上，"
           "保障3.2万农村人口饮水安全，受益群众满意度90%以上。")
SC_DONE = ("完成45处农村供水工程维修养护，验收合格率100%，工程正常运行率98%，受益农村人口3.35万人，"
           "受益群众满意度94.5%。另有3处工程因水源地调整顺延至2024年实施。")
SC_PROCESS = "项目资金于2023年4月下达，5月完成维修养护工程清单审核，6-11月组织实施，12月完成验收并支付资金。"
SC_NOTE = ("1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）；"
           "2.年中发生预算调整的（追加或调减），应单独说明理由；3.其他资金包括：社会投入资金、银行贷款。"
           "年中追加15.60万元，用于汛后水毁供水管网抢修。")
# 一级, 二级, 三级, 指标性质, 指标值, 度量单位, 完成值, 权重, 得分, 未完成原因分析
SC_GRID = [
    ("产出指标", "数量指标", "维修养护农村供水工程处数", "≥", 48, "处", 45, 20, 13.75,
     "3处工程因水源地调整，经批准顺延至2024年实施"),
    ("产出指标", "质量指标", "维修养护工程验收合格率", "=", 100, "%", 100, 15, 15, None),
    ("产出指标", "时效指标", "维修养护任务完成时间", "≤", 12, "月", 12, 10, 10, None),
    ("产出指标", "成本指标", "单处工程平均维修养护费用", "≤", 3, "万元", 2.93, 10, 10,
     "集中采购管材，单处费用低于控制标准"),
    ("效益指标", "社会效益指标", "受益农村人口", "≥", 3.2, "万人", 3.35, 15, 15, None),
    ("效益指标", "可持续影响指标", "维修工程正常运行率", "≥", 95, "%", 98, 10, 10, None),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", 90, "%", 94.5, 10, 10, None),
]


def build_sichuan() -> None:
    rate = pct(D("131.80"), D("135.60"))
    check("sc rate", rate, D("97.20"))
    es = exec_score(D("131.80"), D("135.60"))
    check("sc exec score", es, D("9.72"))
    e1 = pos_score(45, 48, 20)
    check("sc r1", e1, D("18.75"))
    check("sc weights", sum(r[7] for r in SC_GRID), 90)
    check("sc r4", rev_score(D("2.93"), 3, 10), 10)
    check("sc unit cost", D("131.80") / 45, D("2.93"))
    declared = sum(D(str(r[8])) for r in SC_GRID) + es
    recalc = declared - D("13.75") + e1
    check("sc declared", declared, D("93.47"))
    wb = new_book()
    ws = wb.active
    ws.title = "部门预算项目支出绩效自评表"
    f = Form(ws, font="宋体", size=10)
    f.widths([10, 13, 11, 22, 9, 9, 9, 9, 8, 8, 24])
    f.put("A1", "报表编号：510000_0013zp", "K1", h="right", size=9)
    f.put("A2", "部门预算项目支出绩效自评表（2023年度）", "K2", bold=True, size=16, font="方正小标宋简体")
    f.height(2, 30)
    f.put("A3", "项目名称", "B3")
    f.put("C3", "51132423T000007834156-2023年农村供水工程维修养护补助资金", "K3", h="left")
    f.put("A4", "主管部门", "B4")
    f.put("C4", "某县水利局", "E4")
    f.put("F4", "实施单位（盖章）", "G4")
    f.put("H4", "某县农村供水管理站", "K4")
    f.put("A5", "项目基本情况", "B8")
    f.put("C5", "1.项目年度目标完成情况", "K5", h="left")
    f.put("C6", "项目年度目标", "F6")
    f.put("G6", "年度目标完成情况", "K6")
    f.put("C7", SC_GOAL, "F7", h="left", v="top")
    f.put("G7", SC_DONE, "K7", h="left", v="top")
    f.height(7, 70)
    f.put("C8", "2.项目实施内容及过程概述", "D8")
    f.put("E8", SC_PROCESS, "K8", h="left")
    f.height(8, 36)
    f.put("A9", "预算执行情况（10分）", "A14")
    for c, h in zip("BCDEFGH", ["年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]):
        f.put(f"{c}9", h)
    f.put("I9", "原因", "K9")
    funds = [
        ("总额", 120.00, 135.60, 131.80, float(rate / 100), 10, float(es)),
        ("其中：财政资金", 120.00, 135.60, 131.80, float(rate / 100), "/", "/"),
        ("财政专户管理资金", 0.00, 0.00, 0.00, 0.0, "/", "/"),
        ("单位资金", 0.00, 0.00, 0.00, 0.0, "/", "/"),
        ("其他资金", None, None, None, None, "/", "/"),
    ]
    for i, (lab, a, b, e, r, w, s) in enumerate(funds):
        row = 10 + i
        f.put(f"B{row}", lab)
        f.put(f"C{row}", a, fmt="0.00")
        f.put(f"D{row}", b, fmt="0.00")
        f.put(f"E{row}", e, fmt="0.00")
        f.put(f"F{row}", r, fmt="0.00%")
        f.put(f"G{row}", w)
        f.put(f"H{row}", s, fmt="0.00")
    f.put("I10", SC_NOTE, "K14", h="left", v="top", size=9)
    hr, first = 15, 16
    last = first + len(SC_GRID) - 1
    f.put("A15", "绩效指标（90分）", f"A{last}")
    for c, h in zip("BCDEFGHIJK", ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
                                   "权重", "得分", "未完成原因分析"]):
        f.put(f"{c}{hr}", h, bold=True)
    f.height(hr, 28)
    for i, r in enumerate(SC_GRID):
        row = first + i
        for c, v in zip("DEFGHIJK", r[2:]):
            f.put(f"{c}{row}", v, h="left" if c in "DK" else "center",
                  fmt="0.00" if c == "J" and isinstance(v, float) and v != int(v) else None)
        f.height(row, 30)
    f.put(f"B{first}", "产出指标", f"B{first + 3}")
    for i, r in enumerate(SC_GRID):
        f.put(f"C{first + i}", r[1])
    f.put(f"B{first + 4}", "效益指标", f"B{first + 5}")
    f.put(f"B{last}", "满意度指标")
    tot = last + 1
    f.put(f"A{tot}", "合计", f"H{tot}", bold=True)
    f.put(f"I{tot}", 100)
    f.put(f"J{tot}", float(declared), fmt="0.00")
    f.put(f"K{tot}", None)
    texts = [
        ("评价结论", f"项目自评得分{q2(declared)}分，自评等级为“优”。项目实施保障了农村供水工程正常运行，提升了农村饮水安全保障水平。"),
        ("存在问题", "部分工程受水源地调整影响未能按期实施，维修养护任务未全部完成。"),
        ("改进措施", "加强项目前期论证，提前做好水源地等选址工作，确保维修养护任务按期完成。"),
    ]
    for i, (lab, t) in enumerate(texts):
        row = tot + 1 + i
        f.put(f"A{row}", lab)
        f.put(f"B{row}", t, f"K{row}", h="left")
        f.height(row, 32)
    sig = tot + 4
    f.put(f"A{sig}", "项目负责人：王某", f"E{sig}", h="left")
    f.put(f"F{sig}", "财务负责人：李某", f"K{sig}", h="left")
    f.box(f"A3:K{tot + 3}")
    f.page("K", sig)
    save(wb, "sichuan_style_project.xlsx")
    sh = ws.title
    truth = {
        "sample": "sichuan_style_project.xlsx",
        "profile_hint": "mof2020",
        "layout": "sichuan",
        "notes": (
            "Invented project in the Sichuan 部门预算项目支出绩效自评表 layout (DOMAIN §2c, P4): 报表编号 row, 项目基本情况 "
            "block, 预算执行情况(10分) with 总额/其中：财政资金/财政专户管理资金/单位资金/其他资金 and the standard note in the "
            "原因 cell, 绩效指标(90分) with the operator in 指标性质 and the number in 指标值, 合计 row, 评价结论/存在问题/"
            "改进措施 and signatures. No official Sichuan scoring rule is known: the central rules (mof2020) are used. "
            "Execution 131.80/135.60=97.20% → 9.72 (≥90%, no reason required). The grade is only stated in the 评价结论 "
            "text (B24). One seeded error: 数量 indicator scored with the third-party idiom '每降低1%扣5%权重' "
            "(20×(1−0.05×6.25)=13.75) instead of the proportional rule. The declared 合计 93.47 equals the sum of the "
            "declared cells, so no XT307, but it is built on the wrong J16: with 18.75 there it is 98.47, so the 合计 "
            "is wrong as a consequence (XT314, issue #12); both 93.47 and 98.47 are 优. The 0.00/0.00 → 0.00% source rows are the "
            "Sichuan system's default display and carry no score."
        ),
        "declared_total": f2(declared),
        "recalculated_total": f2(recalc),
        "grade_declared": "优",
        "grade_recalculated": grade(recalc),
        "key_cells": {"execution_rate": "F10", "execution_score": "H10", "goal_actual": "G7", "grid_header_row": hr,
                      "declared_total": f"J{tot}", "grade": f"B{tot + 1}"},
        "errors": [
            err(sh, f"J{first}", "XT305",
                f"维修养护农村供水工程处数≥48处、完成45处，正向按比例应得20×45/48={e1}，表中13.75（误用“每降低1%扣5%权重”）",
                "seeded"),
            err(sh, f"J{tot}", "XT314",
                f"合计93.47等于表中各项得分之和，但所依据的J{first}应为{e1}：按更正后的得分合计应为{f2(recalc)}，合计随之有误",
                "consequence"),
        ],
        "must_not_flag": [
            ok(sh, "H10", f"9.72正确：131.80/135.60={rate}% → 10×0.97198=9.72"),
            ok(sh, "F12", "财政专户管理资金0.00/0.00显示0.00%：四川系统默认，无得分，不是执行率错误"),
            ok(sh, "F13", "单位资金0.00/0.00显示0.00%：同上"),
            ok(sh, f"J{first + 3}", "反向≤3万元，实际2.93万元 → 满分10（已填原因）"),
            ok(sh, f"J{first + 4}", "3.35/3.2=104.69% → 满分15（未到120%）"),
            ok(sh, "G7", "叙述 45处/100%/98%/3.35万人/94.5% 与完成值一致"),
        ],
    }
    write_truth("sichuan_style_project", truth)


def main() -> None:
    build_fukang()
    build_bohu()
    build_central_errors()
    build_messy()
    build_unit()
    build_sichuan()
    print("samples written to", HERE)


if __name__ == "__main__":
    main()
