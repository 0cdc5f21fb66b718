"""Excel templates with live formulas, generated from the engine's own rule objects.

``names()`` lists the templates, ``build(name)`` draws one as an openpyxl workbook
plus its ``Layout``, ``generate(name, path)`` saves it. Every 得分 formula is
rendered by the same ``Method`` object that computes the engine's score
(``xltool/scoring.py``), and every header is a word the engine's reader knows, so
a filled template reads back into the engine with the values its formulas show.

A generated workbook carries the custom document property ``xltool-template``
(its template name); ``xltool check`` uses it to look for formulas that were
overwritten by typed numbers (``xltool.checks.tamper``). The output is
byte-stable: fixed document dates and zip timestamps, so regenerating an
unchanged template changes nothing in git.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xltool.templates.layout import Layout

MARKER = "xltool-template"
_FIXED = dt.datetime(2025, 1, 1)
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Template:
    """A shipped template: its name, title, sheet name and drawing function."""

    name: str
    title: str
    sheet: str
    draw: Callable  # (worksheet) -> Layout


def _catalogue() -> dict[str, Template]:
    from xltool.templates import catalogue, scoresheet, selfeval

    out = {}
    for spec, title in ((catalogue.CENTRAL, "项目支出绩效自评表（中央部门，财预〔2020〕10号）"),
                        (catalogue.XINJIANG, "项目支出绩效自评表（新疆样式，含赋分规则）"),
                        (catalogue.UNIT, "单位整体支出绩效自评表")):
        out[spec.name] = Template(spec.name, title, spec.sheet, lambda ws, spec=spec: selfeval.build(ws, spec))
    out[scoresheet.NAME] = Template(scoresheet.NAME, scoresheet.TITLE + "（决策/过程/产出/效益）", "综合评分表",
                                    scoresheet.build)
    return out


def names() -> list[str]:
    """Names of the shipped templates, in catalogue order."""
    return list(_catalogue())


def get(name: str) -> Template:
    """A template by name; the error lists the names that exist."""
    found = _catalogue().get(name)
    if found is None:
        raise KeyError(f"未知的模板“{name}”；可选：{'、'.join(names())}")
    return found


def build(name: str):
    """A fresh openpyxl workbook of the template, and its layout."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    template = get(name)
    wb = Workbook()
    ws = wb.active
    ws.title = template.sheet
    lay = template.draw(ws)
    wb.properties.title = template.title
    wb.properties.creator = "xltool"
    wb.properties.lastModifiedBy = "xltool"
    wb.properties.created = _FIXED
    wb.properties.modified = _FIXED
    wb.custom_doc_props.append(StringProperty(name=MARKER, value=name))
    return wb, lay


@lru_cache(maxsize=None)
def layout(name: str) -> Layout:
    """The layout of a template (built once per process)."""
    return build(name)[1]


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def save_stable(wb, path: Path) -> Path:
    """Save with fixed zip timestamps and document dates, so equal workbooks give equal bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)  # keeps the tag's namespaces
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, data)
    Path(path).write_bytes(out.getvalue())
    return Path(path)


def generate(name: str, path: str | Path) -> Path:
    """Write the template ``name`` to ``path`` atomically."""
    from xltool.io.atomic import write_atomically

    wb, _ = build(name)
    return write_atomically(Path(path), lambda tmp: save_stable(wb, tmp))
