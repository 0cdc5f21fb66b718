"""Recognising files xltool wrote, by their content rather than their name.

Every workbook xltool writes (annotated copy, batch summary) carries the custom
document property ``xltool-output`` naming what it is. Spreadsheet programs keep
custom properties when they re-save a file (Excel, WPS, LibreOffice), so a copy that
was opened, edited and saved under another name is still recognised. An annotated
copy also holds the state sheet ``_xltool_state`` (LibreOffice turns it from very
hidden into hidden, but keeps it), and summaries before this property carried a
keyword in their core properties; both are recognised as well.

Only :mod:`zipfile` is used, so the batch can ask this of every file cheaply; given
the part and sheet names the reader already listed, it opens the file only when one of
these marks can be there (almost never in a folder of submissions).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["ANNOTATED", "PROPERTY", "SUMMARY", "output_kind", "stamp"]

PROPERTY = "xltool-output"
ANNOTATED, SUMMARY = "annotated-copy", "batch-summary"
_LEGACY_SUMMARY = b"xltool-batch-summary"
_STATE_SHEET = "_xltool_state"
_STATE = f'name="{_STATE_SHEET}"'.encode()
_FINDINGS_SHEET = "核查明细"  # every batch summary has had this sheet (xltool.reporters.summary)


def stamp(wb, kind: str) -> None:
    """Set the ``xltool-output`` property of an openpyxl workbook to ``kind`` (replacing an earlier one)."""
    from openpyxl.packaging.custom import CustomPropertyList, StringProperty

    props = [p for p in wb.custom_doc_props.props if p.name != PROPERTY]
    wb.custom_doc_props = CustomPropertyList()
    for p in props:
        wb.custom_doc_props.append(p)
    wb.custom_doc_props.append(StringProperty(name=PROPERTY, value=kind))


def output_kind(path: Path, parts: set[str] | None = None, sheets: list[str] | None = None) -> str | None:
    """``annotated-copy`` or ``batch-summary`` when xltool wrote ``path``, else None (also for unreadable files).

    ``parts`` and ``sheets``, the file's part and sheet names when it has been read already,
    answer None without opening it again when it has none of the marks: the property part,
    the state sheet, or the findings sheet of an older summary.
    """
    if parts is not None and sheets is not None and "docProps/custom.xml" not in parts and not (
            {_STATE_SHEET, _FINDINGS_SHEET} & set(sheets)):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "docProps/custom.xml" in names:
                for block in re.findall(rb"<(?:\w+:)?property\b.*?</(?:\w+:)?property>",
                                        zf.read("docProps/custom.xml"), re.S):
                    if b'name="' + PROPERTY.encode() + b'"' in block:
                        value = re.sub(rb"<[^>]*>", b"", block).decode("utf-8", "replace").strip()
                        if value in (ANNOTATED, SUMMARY):
                            return value
            if "xl/workbook.xml" in names and _STATE in zf.read("xl/workbook.xml"):
                return ANNOTATED
            if "docProps/core.xml" in names and _LEGACY_SUMMARY in zf.read("docProps/core.xml"):
                return SUMMARY
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    return None
