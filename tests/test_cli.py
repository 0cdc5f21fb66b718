"""The command line as a user runs it: exit codes, JSON shape, annotate, inputs untouched."""

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from tests.clirun import CliRunner

from xltool.cli import app
from tests.test_detect import _central

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _form(tmp_path, name="自评表.xlsx", score_86=9):
    wb = openpyxl.Workbook()
    _central(wb.active, score_86=score_86)
    path = tmp_path / name
    wb.save(path)
    return path


def test_json_document_shape_and_exit_code(tmp_path):
    path = _form(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    (doc,) = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "project" and doc["profile"] == "mof2020"
    assert doc["score"] == {"declared": 98.1, "recalculated": 98.1}
    assert doc["grade"] == {"declared": "优", "recalculated": "优"}
    first = doc["findings"][0]
    assert set(first) >= {"code", "severity", "sheet", "cell", "message", "expected", "found"}
    assert (first["code"], first["cell"], first["expected"], first["found"]) == ("XT303", "H6", 8.6, 9)


def test_json_text_is_what_the_standard_encoder_writes():
    """The reporter's own encoder (faster than json's pure-Python indented path) writes the same bytes."""
    from pathlib import PurePosixPath

    from xltool.api import check_workbook
    from xltool.reporters.json_report import _write

    def standard(value):
        return "  " + json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")

    def ours(value):
        out = ["  "]
        _write(value, out, "\n  ")
        return "".join(out)

    odd = {"空": {}, "列表": [], "元组": (1, (2.5, None)), "真": True, "假": False, "无": None, 1: "int key",
           2.5: "float key", None: "none key", "nan": float("nan"), "inf": float("inf"),
           "-inf": float("-inf"), "大数": 10 ** 30, "小数": 1e-7, "负零": -0.0, "路径": PurePosixPath("/a/表.xlsx"),
           "转义": 'a"b\\c\n\t\u0001　全角', "嵌套": [{"a": [{}]}, [[]]]}
    booleans = {True: "bool key", False: [True, False]}  # a separate dict: True and 1 are one key
    assert ours(odd) == standard(odd) and ours(booleans) == standard(booleans)
    for sample in sorted((ROOT / "samples").glob("*.xlsx")):
        value = check_workbook(sample).to_dict()
        assert ours(value) == standard(value), sample.name


def test_unreadable_file_exit_2_others_still_checked(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    good = _form(tmp_path, score_86=8.6)
    result = runner.invoke(app, ["check", str(bad), str(good), "--format", "json"])
    assert result.exit_code == 2
    docs = json.loads(result.stdout)
    assert docs[0]["error"] and "损坏" in docs[0]["error"]
    assert docs[1]["error"] is None and docs[1]["score"]["recalculated"] == 98.1


def test_many_files_in_workers_give_the_same_output_in_the_same_order(tmp_path):
    """16 files and more go to forked workers (Linux): stdout, exit code and annotated copies as with -j 1."""
    samples = sorted((ROOT / "samples").glob("*.xlsx"))
    files = []
    for i in range(18):
        target = tmp_path / "in" / f"{i:02d}_{samples[i % len(samples)].name}"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(samples[i % len(samples)], target)
        files.append(str(target))
    broken = tmp_path / "in" / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    files.insert(5, str(broken))
    for args in (["--format", "json"], [], ["--annotate"]):
        alone = runner.invoke(app, ["check", *files, *args, "-j", "1"])
        copies = sorted(p.name for p in (tmp_path / "in").glob("*.核查.xlsx"))
        for copy in (tmp_path / "in").glob("*.核查.xlsx"):
            copy.unlink()
        spread = runner.invoke(app, ["check", *files, *args, "-j", "2"])
        assert (spread.stdout, spread.exit_code) == (alone.stdout, alone.exit_code) and alone.exit_code == 2
        assert sorted(p.name for p in (tmp_path / "in").glob("*.核查.xlsx")) == copies
    assert [d["file"] for d in json.loads(runner.invoke(app, ["check", *files, "--format", "json"]).stdout)] == files
    assert "须为整数" in runner.invoke(app, ["check", *files, "-j", "x"]).stderr


def test_text_report_is_chinese(tmp_path):
    result = runner.invoke(app, ["check", str(_form(tmp_path))])
    assert result.exit_code == 1
    assert "执行率得分应为" in result.stdout and "错误 XT303" in result.stdout


def test_check_and_annotate_leave_the_original_bytes_unchanged(tmp_path):
    path = _form(tmp_path)
    before = _digest(path)
    runner.invoke(app, ["check", str(path)])
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["check", str(path), "--annotate", "-o", str(out)])
    assert result.exit_code == 1, result.stdout
    assert _digest(path) == before
    wb = openpyxl.load_workbook(out)
    assert wb["Sheet"]["H6"].comment is not None and "XT303" in wb["Sheet"]["H6"].comment.text
    assert "核查结果" in wb.sheetnames


def test_annotate_default_output_next_to_input(tmp_path):
    path = _form(tmp_path)
    runner.invoke(app, ["check", str(path), "--annotate"])
    assert (tmp_path / "自评表.核查.xlsx").exists()


def test_output_equal_to_input_is_refused(tmp_path):
    path = _form(tmp_path)
    before = _digest(path)
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(path, copy)
    result = runner.invoke(app, ["check", str(path), "--annotate", "-o", str(path)])
    assert result.exit_code == 2 and _digest(path) == before


def test_unknown_profile_and_format_are_usage_errors(tmp_path):
    path = _form(tmp_path)
    assert runner.invoke(app, ["check", str(path), "--profile", "火星"]).exit_code == 2
    assert runner.invoke(app, ["check", str(path), "--format", "xml"]).exit_code == 2


def test_every_code_is_documented_in_the_readme_and_listed_by_the_cli():
    from xltool.codes import CATALOGUE
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = runner.invoke(app, ["codes"]).stdout
    for code in CATALOGUE:
        assert f"| {code} |" in readme and code in listed


# ---- the whole command line speaks Chinese and fits 80 columns ------------------------------

_TRIGGERS = [
    [], ["-h"], ["--help"], ["nope"], ["--nope"], ["check"], ["check", "-h"], ["check", "x.xlsx", "--nope"],
    ["check", "x.xlsx", "-o"], ["check", "x.xlsx", "--format"], ["check", "x.xlsx", "--profile"],
    ["check", "x.xlsx", "--annotate=yes"], ["check", "x.xlsx", "--in"], ["codes", "extra"], ["codes", "-h"],
    ["profiles", "-h"], ["batch"], ["batch", "-h"], ["batch", "x"], ["batch", "x", "-o"], ["batch", "x", "-o", "a.xlsx", "-j", "z"],
    ["batch", "x", "-o", "a.xlsx", "--progress=1"], ["template", "-h"], ["template", "a", "b"], ["template", "--list", "-o"],
    ["addin"], ["addin", "-h"], ["addin", "nope"], ["addin", "build", "-h"], ["addin", "build", "--nope"],
]
_ENGLISH = ("usage", "error:", "argument", "required", "positional", "options", "optional", "show this", "help message",
            "invalid", "expected", "unrecognized", "choose from", "Missing", "No such", "Show this", "Try ", "[OPTIONS]",
            "<list", "COMMAND", "ARGS")


@pytest.mark.parametrize("args", _TRIGGERS, ids=lambda a: " ".join(a) or "(none)")
def test_help_and_usage_errors_are_chinese_and_fit_80_columns(args):
    from xltool.cli import width

    result = runner.invoke(app, args)
    assert result.exit_code in (0, 2)
    text = result.output
    assert text.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert not [w for w in _ENGLISH if w.lower() in text.lower()], text
    assert max(width(line) for line in text.splitlines()) <= 80, text
    if result.exit_code == 2 and args and "-h" not in args and args != ["addin"]:
        assert "错误：" in result.stderr and "用法：" in result.stderr


def test_usage_errors_say_what_is_wrong():
    assert "缺少必需的参数：文件" in runner.invoke(app, ["check"]).stderr
    assert "缺少必需的参数：-o/--output" in runner.invoke(app, ["batch", "x"]).stderr
    assert "没有“nope”这个命令" in runner.invoke(app, ["nope"]).stderr
    assert "-j/--jobs：须为整数，而不是“z”" in runner.invoke(app, ["batch", "x", "-o", "a.xlsx", "-j", "z"]).stderr


def test_start_up_imports_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys; from xltool.cli import app; app.parser; "
            "print(sorted(m for m in ('typer', 'rich', 'pydantic', 'pandas', 'openpyxl', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_empty_form_gets_a_clean_line():
    from xltool.reporters.text import form_line

    summary = {"sheet": "表", "name": "", "title": "", "profile": "mof2020",
               "score": {"declared": None, "recalculated": None}, "grade": {"declared": None, "recalculated": None}}
    line = form_line(summary, "项目支出绩效自评表")
    assert line == ("  工作表“表”· 项目支出绩效自评表 · 项目支出绩效自评表 · 规则 中央部门项目支出绩效自评（财预〔2020〕10号）"
                    " · 未填写总分，无法重算")
