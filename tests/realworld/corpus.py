"""Shared loader for the real-world corpus (tables, keys, built workbooks).

Tables (tables/<id>.toml) hold the published cells; keys (keys/<id>.toml) hold the
hand-computed answer key.  Key cells are authored table-relative (`tcell`, the cell as
if the published table started at A1) and translated to the built workbook (`cell`)
with the table's layout offset; build.py writes the translated `cell` into each key.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = HERE / "tables"
KEYS = HERE / "keys"
WORKBOOKS = HERE / "workbooks"
KNOWN_FAILURES = HERE / "known_failures.toml"

_A1 = re.compile(r"^([A-Z]+)(\d+)$")


def col_to_num(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + (ord(ch) - 64)
    return n


def num_to_col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_a1(ref: str) -> tuple[int, int]:
    m = _A1.match(ref.strip().upper())
    if not m:
        raise ValueError(f"not an A1 cell: {ref!r}")
    return col_to_num(m.group(1)), int(m.group(2))


def shift(ref: str, offset: str) -> str:
    """Translate a table-relative A1 cell (or range) by the table's offset (its top-left cell)."""
    if ":" in ref:
        a, b = ref.split(":")
        return f"{shift(a, offset)}:{shift(b, offset)}"
    oc, orow = split_a1(offset)
    c, r = split_a1(ref)
    return f"{num_to_col(c + oc - 1)}{r + orow - 1}"


def load_tables() -> dict[str, dict]:
    out = {}
    for p in sorted(TABLES.glob("*.toml")):
        with p.open("rb") as fh:
            t = tomllib.load(fh)
        if t.get("id") != p.stem:
            raise ValueError(f"{p.name}: id {t.get('id')!r} differs from file name")
        out[p.stem] = t
    return out


def load_key(table_id: str) -> dict:
    with (KEYS / f"{table_id}.toml").open("rb") as fh:
        return tomllib.load(fh)


def load_keys() -> dict[str, dict]:
    return {p.stem: load_key(p.stem) for p in sorted(KEYS.glob("*.toml"))}


def load_known_failures() -> dict[str, list[str]]:
    if not KNOWN_FAILURES.exists():
        return {}
    with KNOWN_FAILURES.open("rb") as fh:
        data = tomllib.load(fh)
    return {k: list(v.get("reasons", [])) for k, v in data.items()}


def workbook_path(table: dict) -> Path:
    return WORKBOOKS / table["layout"]["workbook"]


def key_cells(key: dict, table: dict, section: str) -> list[dict]:
    """Entries of `certain`/`debatable` with `cell` (built workbook) and `sheet` resolved."""
    out = []
    offset = table["layout"].get("offset", "A1")
    for e in key.get(section, []):
        e = dict(e)
        e.setdefault("sheet", table["layout"]["sheet"])
        e["cell"] = shift(e["tcell"], offset)
        out.append(e)
    return out
