"""Build the real-world corpus workbooks from tables/*.toml (deterministic).

    python3 tests/realworld/build.py          # writes workbooks/*.xlsx and the `cell` lines of keys/*.toml

Each table's [layout] says how the published table is laid out as a submitted workbook:
  workbook  file name under workbooks/ (tables sharing it become sheets of one workbook, in `order`)
  sheet     sheet name
  offset    top-left cell of the table (e.g. "B3"): the published grid is shifted there
  cover     true: a 填报说明 instruction sheet is placed first in the workbook
  numbers   "text" (every cell as published text) or "number" (cells that are plain numbers become numbers)
  percent   "text" ("95%" stays text), "fraction" (0.95 with a 0%/0.00% format) or
            "unit_number" (95 as a number where the row's unit column holds "%" or the column header says (%))
  unit_col  1-based column of the unit (计量单位) for percent = "unit_number"
  pct_cols  1-based columns whose header carries (%) for percent = "unit_number"
Nothing else is changed: cell texts, merges and row order are the published ones.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

NUM = re.compile(r"^-?\d+(?:\.\d+)?$")
PCT = re.compile(r"^(-?\d+(?:\.\d+)?)%$")

COVER_TEXT = [
    "填报说明",
    "1. 本工作簿按单位报送的格式整理，表格内容与公开文本一致。",
    "2. 请勿修改表样结构；数值以公开文本为准。",
    "3. 各表见后续工作表。",
]


def _number(text: str):
    v = float(text)
    return int(v) if v.is_integer() and "." not in text else v


def convert(text: str, col: int, row: list[str], layout: dict):
    """Cell value and number format for one published cell text under the table's variation."""
    if text == "":
        return None, None
    numbers = layout.get("numbers", "text")
    percent = layout.get("percent", "text")
    m = PCT.match(text)
    if m:
        if percent == "fraction":
            digits = m.group(1).split(".")[1] if "." in m.group(1) else ""
            fmt = "0%" if not digits else "0." + "0" * len(digits) + "%"
            return float(m.group(1)) / 100, fmt
        if percent == "unit_number":
            unit_col = layout.get("unit_col")
            in_unit_row = unit_col and unit_col <= len(row) and row[unit_col - 1].strip() == "%"
            if in_unit_row or col in layout.get("pct_cols", []):
                return _number(m.group(1)), None
        return text, None
    if numbers == "number" and NUM.match(text):
        return _number(text), None
    return text, None


def build_workbook(name: str, tables: list[dict]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    if any(t["layout"].get("cover") for t in tables):
        ws = wb.create_sheet("填报说明")
        for i, line in enumerate(COVER_TEXT, start=1):
            ws.cell(row=i, column=1, value=line)
        ws.column_dimensions["A"].width = 60
    for t in sorted(tables, key=lambda t: (t["layout"].get("order", 0), t["id"])):
        lay = t["layout"]
        ws = wb.create_sheet(lay["sheet"])
        oc, orow = corpus.split_a1(lay.get("offset", "A1"))
        width = 0
        for r, row in enumerate(t["rows"]):
            width = max(width, len(row))
            for c, text in enumerate(row):
                value, fmt = convert(text, c + 1, row, lay)
                if value is None:
                    continue
                cell = ws.cell(row=orow + r, column=oc + c, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if fmt:
                    cell.number_format = fmt
        for rng in t.get("merges", []):
            ws.merge_cells(corpus.shift(rng, lay.get("offset", "A1")))
        for c in range(width):
            ws.column_dimensions[get_column_letter(oc + c)].width = 14
    path = corpus.WORKBOOKS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.creator = "realworld corpus"
    wb.save(path)
    return path


_TCELL = re.compile(r'^(\s*)tcell\s*=\s*"([A-Z]+\d+)"\s*$')
_CELL = re.compile(r'^\s*cell\s*=\s*"[^"]*"\s*(#.*)?$')


def write_key_cells(table: dict) -> None:
    """Write `cell = "<A1 in the built workbook>"` after every `tcell` line of the table's key."""
    path = corpus.KEYS / f"{table['id']}.toml"
    if not path.exists():
        return
    offset = table["layout"].get("offset", "A1")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if _CELL.match(line):
            continue
        out.append(line)
        m = _TCELL.match(line)
        if m:
            out.append(f'{m.group(1)}cell = "{corpus.shift(m.group(2), offset)}"  # built workbook (generated)')
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> int:
    tables = corpus.load_tables()
    groups: dict[str, list[dict]] = {}
    for t in tables.values():
        groups.setdefault(t["layout"]["workbook"], []).append(t)
    for name, ts in sorted(groups.items()):
        sheets = [t["layout"]["sheet"] for t in ts]
        if len(set(sheets)) != len(sheets):
            raise SystemExit(f"{name}: two tables on one sheet {sheets}")
        build_workbook(name, ts)
    for t in tables.values():
        write_key_cells(t)
    print(f"built {len(groups)} workbooks from {len(tables)} tables")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
