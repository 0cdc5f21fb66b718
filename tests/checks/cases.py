"""Loading the check cases (``tests/checks/XTnnn.toml``) and building their workbooks.

Only the stable public API of xltool is used: ``xltool.api.check_workbook``,
``xltool.codes.CATALOGUE`` and the ``xltool template`` command.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from tests.fuzz.package import read_parts, write_parts

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_SHEET = "Sheet1"


@dataclass(frozen=True)
class Case:
    """One case of one code's file."""

    code: str
    file: Path
    index: int
    spec: dict = field(repr=False)

    @property
    def id(self) -> str:
        return f"{self.code}-{self.index + 1}-{self.spec.get('name', '')}"

    @property
    def sheet(self) -> str:
        if "sheets" in self.spec:
            return self.spec["sheets"][0]["name"]
        return self.spec.get("sheet", DEFAULT_SHEET)

    def expected(self, entries_key: str) -> set[tuple[str, str, str, str]]:
        """(code, severity, sheet, cell) of ``expect`` or ``also``, defaults filled in."""
        from xltool.codes import CATALOGUE

        out = set()
        for e in self.spec.get(entries_key, []):
            code = e.get("code", self.code)
            severity = e.get("severity", CATALOGUE[code].severity.value)
            out.add((code, severity, e.get("sheet", self.sheet), e.get("cell", "")))
        return out


def case_files() -> list[Path]:
    return sorted(HERE.glob("XT*.toml"))


def load(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def all_cases() -> list[Case]:
    cases = []
    for path in case_files():
        data = load(path)
        for i, spec in enumerate(data.get("case", [])):
            cases.append(Case(data["code"], path, i, spec))
    return cases


# --------------------------------------------------------------------------- building

def _put(ws, row: int, col: int, value) -> None:
    if value == "" or value is None:
        return
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # typed text such as '=30437人', as Excel keeps it after a leading apostrophe


def _fill(ws, rows: list, merges: list) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            _put(ws, r, c, value)
    for rng in merges:
        ws.merge_cells(rng)


def _cells_workbook(spec: dict) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    sheets = spec.get("sheets") or [{"name": spec.get("sheet", DEFAULT_SHEET), "rows": spec.get("rows", []),
                                     "merges": spec.get("merges", [])}]
    first = True
    for s in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = s["name"]
        _fill(ws, s.get("rows", []), s.get("merges", []))
    return wb


def _build_cells(spec: dict, path: Path) -> Path:
    _cells_workbook(spec).save(path)
    return path


def _build_bytes(spec: dict, path: Path) -> Path:
    path = path.with_suffix("." + spec.get("ext", "xlsx"))
    path.write_bytes(spec["bytes"].encode("utf-8"))
    return path


def _build_truncated(spec: dict, path: Path) -> Path:
    whole = path.with_name("whole.xlsx")
    _build_cells(spec, whole)
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _build_template(spec: dict, path: Path) -> Path:
    blank = path.with_name("blank.xlsx")
    subprocess.run([sys.executable, "-m", "xltool", "template", spec["template"], "-o", str(blank), "--force"],
                   check=True, cwd=ROOT, capture_output=True)
    wb = openpyxl.load_workbook(blank)
    ws = wb.active
    for addr, value in spec.get("cells", {}).items():
        ws[addr] = value
    typed = path.with_name("typed.xlsx")
    wb.save(typed)
    _with_cached_values(typed, path, ws.title, spec.get("cached", {}))
    return path


def _with_cached_values(src: Path, dst: Path, sheet_title: str, cached: dict) -> None:
    """Copy ``src`` storing ``cached[addr]`` as the last result of formula cells, as Excel saves them."""
    parts = read_parts(src)
    target = _sheet_part(parts, sheet_title)
    if cached:
        xml = parts[target].decode("utf-8")
        for addr, value in cached.items():
            xml, n = re.subn(rf'(<c r="{addr}"[^>]*>)(<f>.*?</f>)(?:<v\s*/>|<v>[^<]*</v>)?',
                             lambda m: m.group(1) + m.group(2) + f"<v>{value}</v>", xml, count=1)
            if not n:
                raise AssertionError(f"{addr} is not a formula cell of {sheet_title}")
        parts[target] = xml.encode("utf-8")
    write_parts(parts, dst)


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    wb_xml = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', wb_xml).group(1)
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    part = target.group(1).lstrip("/")
    return part if part.startswith("xl/") else "xl/" + part


BUILDERS = {"cells": _build_cells, "bytes": _build_bytes, "truncated": _build_truncated, "template": _build_template}


def build(case: Case, tmp_path: Path) -> Path:
    """Write the case's workbook into ``tmp_path`` and return its path."""
    builder = BUILDERS[case.spec.get("build", "cells")]
    return builder(case.spec, tmp_path / "case.xlsx")
