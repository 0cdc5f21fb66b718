"""Scoring tables through the front ends: JSON, the text report, and the annotated copy."""

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from tests.clirun import CliRunner

from xltool.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "scoring"
runner = CliRunner()


def test_json_lists_every_scoring_table_with_its_totals():
    result = runner.invoke(app, ["check", str(SAMPLES / "weibin2023_evaluation.xlsx"), "--format", "json"])
    assert result.exit_code == 1
    (doc,) = json.loads(result.stdout)
    assert doc["kind"] == "scoring" and doc["error"] is None
    assert [(f["sheet"], f["table_kind"]) for f in doc["forms"]] == [
        ("附件1 评价指标体系", "detail"), ("表2-1 指标体系", "system"), ("表3-1 得分情况", "summary"),
        ("表4 指标得分", "summary"), ("表4 指标得分", "summary"), ("表4 指标得分", "summary"), ("表4 指标得分", "summary")]
    assert doc["score"] == {"declared": 88.35, "recalculated": 88.6}
    c1 = next(f for f in doc["findings"] if f["code"] == "XT401")
    assert (c1["sheet"], c1["cell"], c1["expected"], c1["found"]) == ("表4 指标得分", "C39", 22.0, 24.0)


def test_a_workbook_of_scoring_tables_only_is_checked_not_rejected():
    result = runner.invoke(app, ["check", str(SAMPLES / "bohu2023_evaluation.xlsx")])
    assert result.exit_code == 0  # only 不可机器复核 notes
    assert "综合评分表" not in result.stdout and "评价得分汇总表" in result.stdout
    assert "未识别" not in result.stdout and "XT311" in result.stdout


def test_text_report_names_the_table_kind():
    result = runner.invoke(app, ["check", str(SAMPLES / "fukang2024_evaluation.xlsx")])
    assert result.exit_code == 1
    assert "综合评分表" in result.stdout and "项目支出绩效自评表" in result.stdout
    assert "申报总分 93.5（优） → 重算 92.5（优）" in result.stdout


def test_annotated_copy_marks_the_cells_and_opens_in_libreoffice(tmp_path):
    src = tmp_path / "评分表.xlsx"
    shutil.copy(SAMPLES / "fukang2024_evaluation.xlsx", src)
    out = tmp_path / "评分表_核查.xlsx"
    result = runner.invoke(app, ["check", str(src), "--annotate", "-o", str(out)])
    assert result.exit_code == 1 and out.exists()
    wb = openpyxl.load_workbook(out)
    assert wb["附件1 综合评分表"]["K15"].comment.text.startswith("[XT320 错误] 按评分规则最高可得3分，表中为4分")
    assert "XT407" in wb["概要"]["B7"].comment.text
    assert "核查结果" in wb.sheetnames
    assert wb["附件1 综合评分表"].merged_cells.ranges == openpyxl.load_workbook(src)["附件1 综合评分表"].merged_cells.ranges
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    conv = tmp_path / "converted"
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
                          "--outdir", str(conv), str(out)], capture_output=True, timeout=120,
                         env={"LANG": "C.UTF-8", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    converted = conv / out.name
    assert converted.exists() and "附件1 综合评分表" in openpyxl.load_workbook(converted).sheetnames
