"""Generate a folder of varied, realistic 自评表 workbooks (and broken files), deterministic by seed.

    python benchmarks/gen_corpus.py OUT --count 300 --broken 10 --seed 1 [--jobs 2] [--verify]

What a finance bureau receives, in miniature: the central 附件1 form, the Xinjiang
extended form (权重/目标值/业绩值/完成率/赋分规则 …) and the 单位整体 form; 5–30
indicator rows; extra title rows; synonym headers and swapped columns; numbers typed
as text; sometimes a second form or a notes sheet; files in 部门/单位 sub-folders with
Chinese names. About half the files carry seeded errors of the kinds xltool checks
(wrong score, score over weight, total ≠ sum, wrong grade, execution rate or score,
funds not adding up, missing 偏差原因, wrong 完成率). Scores of the other cells follow
the profile rules, computed here with Decimal independently of xltool.

``--broken N`` makes N of the ``--count`` files broken (truncated zip, text renamed
.xlsx, CSV renamed .xlsx, 0 bytes, empty workbook, a workbook with no form, an
encrypted file, a duplicate, an HTML "xls", a Word file renamed .xlsx). ``manifest.json``
records for every file its layout, form count, seeded codes or broken kind.
``--verify`` checks the good files with ``xltool.api.check_workbook`` and reports forms
not detected, seeded errors not found and errors raised on clean files.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_forms import make_form, render_workbook  # noqa: E402

ZIP_TIME = (2025, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
DEPARTMENTS = ("市教育局", "市卫生健康委员会", "市医疗保障局", "市交通运输局", "市水利局", "市农业农村局",
               "市民政局", "市人力资源和社会保障局", "市文化和旅游局", "市住房和城乡建设局", "市林业和草原局")
BROKEN_KINDS = ("truncated", "not_zip", "csv_renamed", "zero_bytes", "empty_workbook", "no_form",
                "encrypted", "duplicate", "html_as_xls", "docx_renamed")
PASSWORD = "2024"


def stable_bytes(wb) -> bytes:
    """Save with fixed zip and document timestamps, so the same seed gives the same bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>2025-01-01T00:00:00Z\g<2>", data)
            zout.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def good_file(seed: int, index: int) -> tuple[str, bytes, dict]:
    """(relative path, bytes, manifest entry) of the index-th well-formed workbook."""
    rng = random.Random(seed * 1_000_003 + index)
    forms = [make_form(rng)]
    if rng.random() < 0.08:  # some units put two projects in one workbook
        forms.append(make_form(rng, layout=forms[0]["layout"], unit=forms[0]["unit"]))
    wb = render_workbook(rng, forms)
    dept = forms[0]["dept"]
    name = f"{index:04d}_{forms[0]['unit']}_{forms[0]['project']}绩效自评表.xlsx"
    entry = {"layout": forms[0]["layout"], "forms": len(forms), "indicators": [len(f["rows"]) for f in forms],
             "seeded": sorted({c for f in forms for c in f["seeded"]}), "broken": None,
             "totals": [f["expected_total"] for f in forms]}
    return f"{dept}/{forms[0]['unit']}/{name}", stable_bytes(wb), entry


def broken_file(kind: str, index: int, seed: int, sample: bytes, sample_rel: str) -> tuple[str, bytes, dict]:
    """(relative path, bytes, manifest entry) of a broken submission of the given kind."""
    from openpyxl import Workbook

    ext, data, expect = ".xlsx", b"", "无法读取"
    if kind == "truncated":
        data = sample[: len(sample) * 3 // 5]
    elif kind == "not_zip":
        data = "这不是一个 Excel 文件。请重新导出。\n".encode("gbk")
    elif kind == "csv_renamed":
        data = "一级指标,二级指标,三级指标,分值,得分\n产出指标,数量指标,培训人次,10,10\n".encode("utf-8-sig")
    elif kind in ("empty_workbook", "no_form"):
        wb = Workbook()
        if kind == "no_form":
            ws = wb.active
            ws.title = "通讯录"
            ws.append(["姓名", "科室", "联系电话"])
            for i in range(8):
                ws.append([f"联系人{i + 1}", "财务科", f"0991-{seed % 10}{index:03d}{i:03d}"])
        data, expect = stable_bytes(wb), "未识别到自评表"
    elif kind == "encrypted":
        data = _encrypt(sample)
    elif kind == "duplicate":
        data, expect = sample, "重复文件"
    elif kind == "html_as_xls":
        ext = ".xls"
        data = ("<html><head><meta charset='utf-8'></head><body><table><tr><td>三级指标</td><td>分值</td>"
                "<td>得分</td></tr><tr><td>培训人次</td><td>10</td><td>10</td></tr></table></body></html>").encode()
    elif kind == "docx_renamed":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(zipfile.ZipInfo("[Content_Types].xml", ZIP_TIME), "<Types/>")
            zf.writestr(zipfile.ZipInfo("word/document.xml", ZIP_TIME), "<w:document>绩效自评报告</w:document>")
        data = buf.getvalue()
    entry = {"layout": None, "forms": 0, "indicators": [], "seeded": [], "broken": kind, "expect": expect,
             "original": sample_rel if kind == "duplicate" else None}
    return f"待核实/{index:04d}_{kind}{ext}", data, entry


def _encrypt(plain: bytes) -> bytes:
    """An Agile-encrypted copy (what Excel writes for 用密码进行加密)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(PASSWORD, out)
    return out.getvalue()


def _good_job(args: tuple[int, int]) -> tuple[str, bytes, dict]:
    return good_file(*args)


def generate(out: Path, count: int, broken: int = 0, seed: int = 0, jobs: int = 1) -> list[dict]:
    """Write ``count`` files (``broken`` of them broken) under ``out``; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n_good = count - broken
    if n_good < 1:
        raise ValueError("至少需要一个正常文件")
    args = [(seed, i) for i in range(n_good)]
    if jobs > 1 and n_good > 20:
        with ProcessPoolExecutor(jobs) as pool:
            made = list(pool.map(_good_job, args, chunksize=16))
    else:
        made = [good_file(*a) for a in args]
    manifest = []
    for rel, data, entry in made:
        _write(out, rel, data, entry, manifest)
    first_rel, first_bytes = made[0][0], made[0][1]
    for j in range(broken):
        rel, data, entry = broken_file(BROKEN_KINDS[j % len(BROKEN_KINDS)], n_good + j, seed, first_bytes, first_rel)
        _write(out, rel, data, entry, manifest)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _write(out: Path, rel: str, data: bytes, entry: dict, manifest: list) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    manifest.append({"file": rel, **entry})


def verify(out: Path, manifest: list[dict]) -> dict:
    """Check every good file: forms detected, seeded codes found, no errors on clean files."""
    from xltool.api import check_workbook

    report = {"files": 0, "forms_missed": [], "seeded_missed": [], "clean_with_errors": [], "totals_off": []}
    for entry in manifest:
        if entry["broken"]:
            continue
        report["files"] += 1
        result = check_workbook(out / entry["file"])
        codes = {f.code for f in result.findings}
        errors = {f.code for f in result.findings if f.severity.value == "error"}
        if len(result.forms) != entry["forms"]:
            report["forms_missed"].append((entry["file"], len(result.forms), entry["forms"], result.error))
            continue
        missed = set(entry["seeded"]) - codes
        if missed:
            report["seeded_missed"].append((entry["file"], sorted(missed)))
        if not entry["seeded"] and errors:
            report["clean_with_errors"].append((entry["file"], sorted(errors)))
        got = [f.calc.recalculated_total for f in result.forms]
        if got != entry["totals"]:
            report["totals_off"].append((entry["file"], got, entry["totals"]))
    return report


def main() -> None:
    """Command line: generate, optionally verify, print a short report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--broken", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    manifest = generate(args.out, args.count, args.broken, args.seed, args.jobs)
    layouts = {}
    for e in manifest:
        layouts[e["layout"] or e["broken"]] = layouts.get(e["layout"] or e["broken"], 0) + 1
    print(f"已生成 {len(manifest)} 个文件于 {args.out}：{layouts}")
    if args.verify:
        report = verify(args.out, manifest)
        print(f"核对 {report['files']} 个正常文件：")
        for key in ("forms_missed", "seeded_missed", "clean_with_errors", "totals_off"):
            print(f"  {key}: {len(report[key])}")
            for item in report[key][:8]:
                print(f"    {item}")


if __name__ == "__main__":
    main()
