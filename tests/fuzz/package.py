"""Editing an .xlsx package as parts, for building broken and hostile workbooks.

The hostile cases need things no spreadsheet library will write — a cell at
XFD1048576 next to A1, merged ranges that overlap, a sheet XML of hundreds of
megabytes that compresses to kilobytes — so they are made by editing the zip
parts of a real sample directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def read_parts(path: Path) -> dict[str, bytes]:
    """Every part of a package, in stored order."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def to_bytes(parts: dict[str, bytes]) -> bytes:
    """A package as bytes, with fixed timestamps so the same parts give the same bytes."""
    buf = io.BytesIO()
    write_parts(parts, buf)
    return buf.getvalue()


def write_parts(parts: dict[str, bytes], path, big: dict[str, Iterable[bytes]] | None = None):
    """Write a package to a path or file; ``big`` parts are streamed (a 400 MB sheet never sits in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        for name, chunks in (big or {}).items():
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
    return path


def sheet_xml(rows: Iterable[str], tail: str = "") -> Iterable[bytes]:
    """A worksheet part from ``<row>`` strings, as UTF-8 chunks."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + f"</sheetData>{tail}</worksheet>").encode()


def add_sheet(parts: dict[str, bytes], title: str) -> str:
    """Register a new worksheet called ``title``; returns the part name to write it to."""
    n = 1 + max(int(m) for m in re.findall(r"sheetId=\"(\d+)\"", parts["xl/workbook.xml"].decode()))
    part, rid = f"xl/worksheets/sheet{n}.xml", f"rIdHostile{n}"
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", f'<sheet name="{title}" sheetId="{n}" r:id="{rid}"/></sheets>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="/{part}"/></Relationships>'.encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                     f'spreadsheetml.worksheet+xml"/></Types>'.encode())
    return part


def add_merges(xml: bytes, refs: Iterable[str]) -> bytes:
    """``xml`` (a worksheet) with more merged ranges, added to its <mergeCells> or a new one."""
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs).encode()
    if b"</mergeCells>" in xml:
        return xml.replace(b"</mergeCells>", cells + b"</mergeCells>")
    return xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + cells + b"</mergeCells>")


def append_rows(xml: bytes, rows: str) -> bytes:
    """``xml`` (a worksheet) with ``<row>`` elements added at the end of its sheetData."""
    return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
