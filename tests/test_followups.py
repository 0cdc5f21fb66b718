"""Follow-ups: error values in score/weight/rate/funds cells (XT003), one --profile check, batch .xls by content."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.clirun import CliRunner

from tests.fuzz.package import SHEET, read_parts, write_parts
from xltool.api import check_workbook
from xltool.compute.profiles import ProfileError, available, load, require
from xltool.compute.recalc import recalc_form
from xltool.checks.form import run_checks

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CLEAN = SAMPLES / "fukang2024_xinjiang_project.xlsx"  # only narrative findings (XT206 on H10)

# cell: (formula, cached error) — what Excel saves for a broken formula: <c t="e"><f>…</f><v>#DIV/0!</v></c>
BROKEN = {
    "I12": ("E12*G12/F12", "#DIV/0!"),  # 指标得分
    "H13": ("G13/F13*100", "#VALUE!"),  # 完成率
    "E14": ("#REF!*1", "#REF!"),  # 权重
    "L6": ("I6/G6", "#DIV/0!"),  # 执行率
    "M6": ("VLOOKUP(L6,Z1:Z2,2,0)", "#N/A"),  # 执行率得分
    "G7": ("预算合计", "#NAME?"),  # 财政拨款 全年预算数
    "E8": ("SQRT(-1)", "#NUM!"),  # 其他资金 年初预算数
}


def _with_errors(src: Path, out: Path, cells: dict[str, tuple[str, str]]) -> Path:
    parts = read_parts(src)
    xml = parts[SHEET].decode()
    for addr, (formula, error) in cells.items():
        xml, n = re.subn(rf'<c r="{addr}"( s="\d+")?[^>]*?(/>|>.*?</c>)',
                         rf'<c r="{addr}"\1 t="e"><f>{formula}</f><v>{error}</v></c>', xml)
        assert n == 1, addr
    parts[SHEET] = xml.encode()
    return write_parts(parts, out)


def _keys(result) -> set:
    return {(f.code, f.cell, f.severity.value) for f in result.findings}


def test_error_values_in_score_weight_rate_and_funds_cells_are_reported_once(tmp_path):
    baseline = _keys(check_workbook(CLEAN))
    assert baseline == {("XT206", "H10", "warning")}
    result = check_workbook(_with_errors(CLEAN, tmp_path / "错误值.xlsx", BROKEN))
    # one XT003 per broken cell and nothing else new: no XT101 (weights), XT204 (funds sources),
    # XT302/XT303 (execution), XT304 (rate) or XT307/XT309 (total) computed around the missing values
    assert _keys(result) == baseline | {("XT003", cell, "warning") for cell in BROKEN}
    # the summary (JSON, batch rows) says unknown too, rather than a total that counts the weight #REF! as 0
    assert result.forms[0].summary()["score"]["recalculated"] is None
    by_cell = {f.cell: f for f in result.findings if f.code == "XT003"}
    assert by_cell["I12"].message == ("“产出指标/数量指标/城镇职工大额医疗保险参保人数”的“指标得分”单元格为错误值 "
                                      "#DIV/0!（常见原因：除数为 0 或为空），无法复核，请检查公式或填入数值。")
    assert by_cell["I12"].indicator == "产出指标/数量指标/城镇职工大额医疗保险参保人数"
    assert by_cell["H13"].message.startswith("“产出指标/数量指标/单建统筹基金参保人数”的“完成率”单元格为错误值 #VALUE!")
    assert by_cell["E14"].message.startswith("“产出指标/数量指标/实施统账结合参保人数”的“权重”单元格为错误值 #REF!")
    assert by_cell["L6"].message.startswith("资金“年度资金总额”的“执行率”单元格为错误值 #DIV/0!")
    assert by_cell["M6"].message.startswith("资金“年度资金总额”的“得分”单元格为错误值 #N/A（常见原因：查找的值不存在）")
    assert by_cell["G7"].message.startswith("资金“其中：当年财政拨款”的“全年预算数”单元格为错误值 #NAME?")
    assert by_cell["E8"].message.startswith("资金“其他资金”的“年初预算数”单元格为错误值 #NUM!")
    assert {f.found for f in by_cell.values()} == {e for _, e in BROKEN.values()}


def test_an_error_value_in_the_total_cell_is_reported_and_not_compared():
    """The check on 总分 itself, on the detected form (detection needs a number there, see the next test)."""
    (form,) = [r.form for r in check_workbook(CLEAN).forms]
    form = replace(form, total=replace(form.total, value="#DIV/0!"))
    found = {(f.code, f.cell, f.message) for f in run_checks(recalc_form(form, load("xinjiang")))}
    assert ("XT003", "I26", "“总分”单元格为错误值 #DIV/0!（常见原因：除数为 0 或为空），无法复核，请检查公式或填入数值。") in found
    assert {code for code, _, _ in found} == {"XT003", "XT206"}


def test_an_error_value_in_the_total_cell_of_a_workbook(tmp_path):
    result = check_workbook(_with_errors(CLEAN, tmp_path / "总分错误.xlsx", {"I26": ("SUM(I12:I25)/0", "#DIV/0!")}))
    assert _keys(result) == {("XT206", "H10", "warning"), ("XT003", "I26", "warning")}


def test_error_values_in_targets_and_actuals_keep_their_xt003(tmp_path):
    src = SAMPLES / "central_errors_project.xlsx"
    path = _with_errors(src, tmp_path / "目标值错误.xlsx", {"E14": ("A1/0", "#DIV/0!"), "F16": ("#REF!", "#REF!")})
    by_cell = {f.cell: f for f in check_workbook(path).findings if f.code == "XT003"}
    assert sorted(by_cell) == ["E14", "F16"]
    assert by_cell["E14"].message.startswith("“产出指标/数量指标/桥梁定期检查座数”的“年度指标值”单元格为错误值 #DIV/0!")
    assert not any(f.code == "XT201" and f.cell in by_cell for f in check_workbook(path).findings)


# ---- 2. --profile is validated by one helper, with the same answer from check and batch ----------


def _front_ends():
    from xltool.cli import app

    return app


def test_an_unknown_profile_stops_check_and_batch_with_the_same_message(tmp_path):
    src = shutil.copy(SAMPLES / "central_errors_project.xlsx", tmp_path / "自评表.xlsx")
    expected = f"未知的评分规则配置“火星”；可选：{', '.join(available())}，或给出 .toml 文件路径。\n"
    runs = [CliRunner().invoke(_front_ends(), args) for args in (
        ["check", str(src), "--profile", "火星"],
        ["batch", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx"), "--profile", "火星", "--no-progress"])]
    assert [(r.exit_code, r.stderr, r.stdout) for r in runs] == [(2, expected, "")] * 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["自评表.xlsx"]  # nothing written
    with pytest.raises(ProfileError, match="火星"):
        require("火星")
    assert require(None) is None and require("xinjiang") is load("xinjiang")


# ---- 3. batch decides by content whether a file can get an annotated copy ------------------------


def test_batch_annotates_an_xlsx_named_xls_and_explains_a_real_xls(tmp_path):
    from tests.fuzz.hostile import Unavailable, legacy_xls
    src = SAMPLES / "central_errors_project.xlsx"
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(src, folder / "改名为xls.xls")  # an .xlsx package whose name says .xls
    (folder / "旧版").mkdir()
    try:
        legacy_xls(folder / "旧版", src)  # central_errors_project.xls, BIFF8 by LibreOffice
    except Unavailable:
        pytest.skip("needs LibreOffice (soffice) to make the .xls")
    out = tmp_path / "标注"
    run = CliRunner().invoke(_front_ends(), ["batch", str(folder), "-o", str(tmp_path / "汇总.json"),
                                             "--annotate-dir", str(out), "--jobs", "1", "--no-progress"])
    assert run.exit_code == 1, run.output  # both checked, both with errors; no copy counted as failed
    rows = {Path(r["file"]).name: r for r in json.loads((tmp_path / "汇总.json").read_text("utf-8"))["rows"]}
    assert rows["改名为xls.xls"]["annotated"] == "标注/改名为xls.核查.xlsx"  # relative to the summary
    assert rows["改名为xls.xls"]["annotated_note"] == ""
    assert "核查结果" in load_workbook(out / "改名为xls.核查.xlsx").sheetnames
    legacy = rows["central_errors_project.xls"]
    assert legacy["annotated"] is None and legacy["status"] == rows["改名为xls.xls"]["status"]
    assert legacy["annotated_note"].startswith("原文件不是 .xlsx/.xlsm 格式（旧版 .xls 或加密文件），不能生成标注副本")
    assert legacy["annotated_note"].endswith("请另存为未加密的 .xlsx 后再核查。")
    assert sorted(p.name for p in out.iterdir()) == ["改名为xls.核查.xlsx"]  # no empty 旧版 folder either


def test_a_profile_file_that_is_not_toml_is_a_usage_error_not_a_traceback(tmp_path):
    bad = tmp_path / "本省.toml"
    bad.write_text('name = "本省"\n[[[grade', encoding="utf-8")
    src = shutil.copy(SAMPLES / "central_errors_project.xlsx", tmp_path / "自评表.xlsx")
    run = CliRunner().invoke(_front_ends(), ["check", str(src), "--profile", str(bad)])
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr.startswith(f"评分规则配置文件“{bad}”无法读取或不是有效的 TOML：")
