"""Batch checking: every file gets its row, nothing is altered, the summary opens in LibreOffice.

The corpus is generated (benchmarks/gen_corpus.py): 30 varied forms, the ten kinds of
broken file a bureau receives, an .xls converted by LibreOffice, an Office lock file,
and a form whose unit, project and indicator names are formula injections.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.clirun import CliRunner

from xltool import batch
from xltool.api import check_read, check_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EVIL = '=HYPERLINK("http://example.com","x")'
EVIL_UNIT = "=1+2"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec.loader.exec_module(module)
    return module


gen = _load("gen_corpus")
forms = _load("corpus_forms")


def _sha(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The real command line in a subprocess, start-up and process pool included."""
    return subprocess.run([sys.executable, "-m", "xltool", "batch", *args, "--no-progress"],
                          capture_output=True, text=True, timeout=300)


def _app():
    from xltool.cli import app

    return app


def _run(*args: str):
    """The same command in-process (faster: no interpreter start-up per call)."""
    return CliRunner().invoke(_app(), ["batch", *args, "--no-progress"])


def _soffice(tmp: Path, target: str, src: Path, outdir: Path) -> subprocess.CompletedProcess:
    """LibreOffice headless conversion in a private profile (no clash with a running instance)."""
    return subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless",
                           "--convert-to", target, "--outdir", str(outdir), str(src)],
                          capture_output=True, text=True, timeout=240, env={**os.environ, "LANG": "C.UTF-8"})


def _evil_workbook(path: Path) -> None:
    """A Xinjiang form whose names are formulas, with a wrong score on the evil indicator."""
    rng = random.Random(99)
    form = forms.make_form(rng, layout="xinjiang")
    form["unit"] = form["dept"] = EVIL_UNIT
    form["project"] = EVIL
    row = next(r for r in form["rows"] if r["kind"] != "qual" and r["score"] >= 1)
    row["name"], row["declared"] = EVIL, forms.q2(row["score"] * forms.D("0.5"))
    form["total"] = forms.q2(form["declared_exec_score"] + sum(r["declared"] for r in form["rows"]))
    form["grade"] = forms.grade(form["total"])
    path.write_bytes(gen.stable_bytes(forms.render_workbook(rng, [form])))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The corpus, its manifest, the input hashes, and one batch run with annotated copies.

    The corpus holds an .xls converted by LibreOffice, so every test of it needs soffice.
    """
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    tmp = tmp_path_factory.mktemp("batch")
    folder = tmp / "收件"
    manifest = gen.generate(folder, 40, broken=10, seed=5)
    good = next(e for e in manifest if not e["broken"])
    xls_src = tmp / "旧格式自评表.xlsx"
    shutil.copyfile(folder / good["file"], xls_src)
    assert _soffice(tmp, "xls", xls_src, folder / "旧格式").returncode == 0
    (folder / "旧格式" / "~$旧格式自评表.xls").write_bytes(b"\x05owner" + bytes(160))  # Office lock file
    _evil_workbook(folder / f"{EVIL_UNIT}.xlsx")
    before = _sha(folder)
    out = tmp / "结果"
    run = _cli(str(folder), "-o", str(out / "汇总.xlsx"), "--annotate-dir", str(out / "标注"), "--jobs", "2")
    return {"tmp": tmp, "folder": folder, "manifest": manifest, "before": before, "out": out, "run": run,
            "summary": out / "汇总.xlsx"}


def _rows(summary: Path) -> list[dict]:
    ws = load_workbook(summary)["汇总"]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], v)) for v in values[1:]]


def test_one_row_per_file_and_form_with_reasons(corpus):
    assert corpus["run"].returncode == 2, corpus["run"].stderr  # broken files could not be checked
    rows = _rows(corpus["summary"])
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        by_file.setdefault(row["文件"], []).append(row)
    expected = {e["file"]: e for e in corpus["manifest"]}
    assert set(by_file) == set(expected) | {"旧格式/旧格式自评表.xls", f"{EVIL_UNIT}.xlsx"}
    for name, entry in expected.items():
        got = by_file[name]
        if entry["broken"]:
            assert len(got) == 1 and got[0]["状态"] == entry["expect"], (name, got)
            assert got[0]["首个错误说明"], name
        else:
            assert [r["状态"] for r in got] == ["已核查"] * entry["forms"], name
    reasons = {e["broken"]: by_file[e["file"]][0]["首个错误说明"] for e in corpus["manifest"] if e["broken"]}
    assert "密码" in reasons["encrypted"] and "0 字节" in reasons["zero_bytes"]
    original = next(e for e in corpus["manifest"] if e["broken"] == "duplicate")["original"]
    assert original in reasons["duplicate"]
    assert by_file["旧格式/旧格式自评表.xls"][0]["状态"] == "已核查"
    for words in ("共 42 个文件", "无法核查 9 个", "重复文件 1 个", "跳过临时/隐藏文件 1 个"):
        assert words in corpus["run"].stdout


def test_totals_equal_single_file_check(corpus):
    rows = _rows(corpus["summary"])
    checked = [r for r in rows if r["状态"] == "已核查"]
    for name in {r["文件"] for r in checked}:
        single = check_workbook(corpus["folder"] / name)
        mine = [r for r in checked if r["文件"] == name]
        assert [(r["工作表"], r["申报总分"], r["重算总分"], r["申报等级"], r["重算等级"]) for r in mine] == [
            (f.form.sheet, f.summary()["score"]["declared"], f.summary()["score"]["recalculated"],
             f.summary()["grade"]["declared"], f.summary()["grade"]["recalculated"]) for f in single.forms], name
        errors = [sum(1 for x in f.findings if x.severity.value == "error") for f in single.forms]
        assert [r["错误数"] for r in mine] == errors, name


def test_inputs_unchanged_and_copies_mirror_inputs(corpus):
    assert _sha(corpus["folder"]) == corpus["before"]
    ws = load_workbook(corpus["summary"])["汇总"]
    header = [c.value for c in ws[1]]
    link_col = header.index("标注副本") + 1
    linked = [ws.cell(r, link_col) for r in range(2, ws.max_row + 1) if ws.cell(r, link_col).hyperlink]
    targets = set()
    for cell in linked:
        target = (corpus["summary"].parent / cell.hyperlink.target).resolve()
        file = ws.cell(cell.row, header.index("文件") + 1).value
        assert target.parent == (corpus["out"] / "标注" / file).parent.resolve()  # mirrors the input tree
        targets.add(target)
    copies = {p.resolve() for p in (corpus["out"] / "标注").rglob("*.xlsx")}
    assert targets == copies and copies
    details = load_workbook(corpus["summary"])["核查明细"]
    with_findings = {row[0] for row in details.iter_rows(min_row=2, values_only=True)}
    checked = {r["文件"] for r in _rows(corpus["summary"]) if r["状态"] == "已核查" and not r["文件"].endswith(".xls")}
    assert {ws.cell(c.row, header.index("文件") + 1).value for c in linked} == with_findings & checked


def test_summary_opens_in_libreoffice_and_has_charts(corpus):
    tmp = corpus["tmp"]
    converted = tmp / "lo"
    result = _soffice(tmp, "xlsx", corpus["summary"], converted)
    assert result.returncode == 0, result.stderr
    back = load_workbook(converted / "汇总.xlsx")
    assert back.sheetnames == ["汇总", "核查明细", "统计"]
    assert back["汇总"].max_row == len(_rows(corpus["summary"])) + 1
    with zipfile.ZipFile(corpus["summary"]) as zf:
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 4
    assert len(load_workbook(corpus["summary"])["统计"]._charts) == 4


def test_injected_text_stays_text(corpus):
    wb = load_workbook(corpus["summary"])
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    summary_values = {c.value for row in wb["汇总"].iter_rows() for c in row}
    assert {EVIL_UNIT, EVIL} <= summary_values
    assert any(EVIL in (c.value or "") for row in wb["核查明细"].iter_rows() for c in row
               if isinstance(c.value, str))


def test_csv_and_json_carry_the_same_rows(corpus):
    out = corpus["tmp"] / "formats"
    csv_run = _run(str(corpus["folder"]), "-o", str(out / "汇总.csv"), "--jobs", "2")
    json_run = _run(str(corpus["folder"]), "-o", str(out / "汇总.json"), "--format", "json", "--jobs", "1")
    assert (csv_run.exit_code, json_run.exit_code) == (2, 2)
    xlsx_rows = _rows(corpus["summary"])
    with open(out / "汇总.csv", encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    document = json.loads((out / "汇总.json").read_text(encoding="utf-8"))
    assert len(csv_rows) == len(document["rows"]) == len(xlsx_rows)
    assert [r["文件"].removeprefix("'") for r in csv_rows] == [r["文件"] for r in xlsx_rows]
    assert [r["recalculated_total"] for r in document["rows"]] == [r["重算总分"] for r in xlsx_rows]
    evil = next(r for r in csv_rows if r["文件"] == f"'{EVIL_UNIT}.xlsx")
    assert (evil["单位"], evil["项目"], evil["文件"]) == ("'" + EVIL_UNIT, "'" + EVIL, f"'{EVIL_UNIT}.xlsx")
    assert len(document["findings"]) == len(load_workbook(corpus["summary"])["核查明细"]["A"]) - 1


def test_exit_codes_and_refusals(corpus, tmp_path):
    manifest, folder = corpus["manifest"], corpus["folder"]
    clean = [e for e in manifest if not e["broken"] and not e["seeded"]][:2]
    seeded = next(e for e in manifest if not e["broken"] and "XT307" in e["seeded"])
    for name, entries in (("clean", clean), ("errors", [seeded])):
        (tmp_path / name).mkdir()
        for e in entries:
            shutil.copyfile(folder / e["file"], tmp_path / name / Path(e["file"]).name)
    assert _run(str(tmp_path / "clean"), "-o", str(tmp_path / "a.xlsx")).exit_code == 0
    assert _run(str(tmp_path / "errors"), "-o", str(tmp_path / "b.xlsx")).exit_code == 1
    victim = next((tmp_path / "clean").iterdir())
    before = victim.read_bytes()
    refused = _run(str(tmp_path / "clean"), "-o", str(victim))
    assert refused.exit_code == 2 and "原表" in refused.stderr and victim.read_bytes() == before
    beside = _run(str(tmp_path / "clean"), "-o", str(tmp_path / "c.xlsx"), "--annotate-dir", str(tmp_path / "clean"))
    assert beside.exit_code == 2 and "旁边" in beside.stderr
    rerun = _run(str(tmp_path / "clean"), "-o", str(tmp_path / "clean" / "汇总.xlsx"))
    again = _run(str(tmp_path / "clean"), "-o", str(tmp_path / "clean" / "汇总.xlsx"))  # own summary is replaced
    assert (rerun.exit_code, again.exit_code) == (0, 0) and len(_rows(tmp_path / "clean" / "汇总.xlsx")) == 2


def test_a_failing_file_becomes_a_row(corpus, monkeypatch):
    files, _ = batch.discover([corpus["folder"]])
    tasks = batch.plan(files[:4])

    def explode(path, grids, profile, **kwargs):
        if str(path) == tasks[1].path:
            raise RuntimeError("boom")
        return check_read(path, grids, profile, **kwargs)

    monkeypatch.setattr(batch, "check_read", explode)
    result = batch.run_batch(tasks, jobs=1)
    assert [r["status"] for r in result.rows if r["file"] == tasks[1].rel] == [batch.CRASHED]
    assert "boom" in next(r for r in result.rows if r["file"] == tasks[1].rel)["first_error"]
    assert result.exit_code == 2 and len({r["file"] for r in result.rows}) == 4


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched worker reaches children by fork")
def test_a_dying_worker_does_not_stop_the_batch(corpus, monkeypatch):
    files, _ = batch.discover([corpus["folder"]])
    tasks = batch.plan(files[:6])

    def die(path, grids, profile, **kwargs):
        if str(path) == tasks[2].path:
            os._exit(3)  # as an out-of-memory kill or a crash in native code would
        return check_read(path, grids, profile, **kwargs)

    monkeypatch.setattr(batch, "check_read", die)
    result = batch.run_batch(tasks, jobs=2)
    status = {r["file"]: r["status"] for r in result.rows}
    assert status[tasks[2].rel] == batch.CRASHED and len(status) == 6
    assert all(s != batch.CRASHED for f, s in status.items() if f != tasks[2].rel)


def test_earlier_outputs_in_the_folder_are_skipped_by_content_and_totals_do_not_change(tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    for name in ("central_errors_project.xlsx", "fukang2024_messy.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    clean = _run(str(folder), "-o", str(tmp_path / "clean.json"), "--jobs", "1")
    first = json.loads((tmp_path / "clean.json").read_text(encoding="utf-8"))
    # earlier outputs left in the folder, one of them renamed so that only its content tells
    assert _run(str(folder), "-o", str(folder / "汇总.xlsx"), "--annotate-dir", str(tmp_path / "标注"),
                "--jobs", "1").exit_code == 1
    shutil.copy(tmp_path / "标注" / "central_errors_project.核查.xlsx", folder / "核查副本.xlsx")
    assert _run(str(folder / "central_errors_project.xlsx"), "-o", str(folder / "上次汇总.xlsx")).exit_code == 1
    again = _run(str(folder), "-o", str(tmp_path / "again.json"), "--jobs", "1")
    second = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert clean.exit_code == again.exit_code == 1
    assert len(second["findings"]) == len(first["findings"])
    assert sum(r["errors"] for r in second["rows"]) == sum(r["errors"] for r in first["rows"])
    skipped = {r["file"]: r["first_error"] for r in second["rows"] if r["status"] == "已跳过：本工具输出"}
    assert set(skipped) == {"核查副本.xlsx", "上次汇总.xlsx", "汇总.xlsx"}
    assert "标注副本" in skipped["核查副本.xlsx"] and "汇总" in skipped["上次汇总.xlsx"]
    assert "本工具输出（标注副本、汇总）3 个已跳过" in again.stdout


def test_row_counts_equal_the_findings_listed(tmp_path):
    _run(str(SAMPLES), "-o", str(tmp_path / "s.json"), "--jobs", "1")
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    for file in {r["file"] for r in doc["rows"]}:
        listed = [f["severity"] for f in doc["findings"] if f["file"] == file]
        rows = [r for r in doc["rows"] if r["file"] == file]
        assert sum(r["errors"] for r in rows) == listed.count("error"), file
        assert sum(r["warnings"] for r in rows) == listed.count("warning"), file


def test_a_batch_with_its_statistics_does_not_import_pandas(tmp_path):
    """pandas is no dependency: its import alone cost a batch more CPU than its four tables."""
    code = ("import sys; from pathlib import Path; from xltool.commands.batch import batch; "
            f"batch([Path({str(SAMPLES)!r})], Path({str(tmp_path / 's.xlsx')!r}), jobs=1, progress=False); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.splitlines()[-1] == "False" and (tmp_path / "s.xlsx").exists()


def test_unknown_summary_extension_is_refused_and_ctrl_c_says_no_summary(tmp_path, monkeypatch):
    refused = _run(str(SAMPLES), "-o", str(tmp_path / "汇总.txt"))
    assert refused.exit_code == 2 and "未知的汇总格式“.txt”" in refused.stderr
    assert not (tmp_path / "汇总.txt").exists()
    mismatch = _run(str(SAMPLES), "-o", str(tmp_path / "汇总.csv"), "--format", "json")
    assert mismatch.exit_code == 2 and "扩展名与格式 json 不符" in mismatch.stderr

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("xltool.batch.run_batch", interrupted)
    stopped = _run(str(SAMPLES), "-o", str(tmp_path / "汇总.xlsx"))
    assert stopped.exit_code == 130 and "已中断" in stopped.stderr and "未写入汇总文件" in stopped.stderr
    assert not (tmp_path / "汇总.xlsx").exists()
