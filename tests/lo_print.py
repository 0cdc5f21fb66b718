"""Rendering workbooks through LibreOffice to PDF and reading the pages back (for the print tests).

pypdf cannot map the CJK glyphs LibreOffice embeds back to text, but it gives every
glyph's position and size, which is what printing is about: how many pages, and
whether any two glyphs sit on top of each other (the sign of a row too low for its
wrapped text).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.fuzz.package import read_parts, write_parts

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def only_sheet(src: Path, title: str, dst: Path) -> Path:
    """A copy of ``src`` that holds only the sheet ``title`` (LibreOffice prints hidden sheets too).

    The other sheets are left out of the workbook's sheet list (their parts stay, unused),
    and the print titles, areas and filters of the kept sheet are renumbered to it.
    """
    def unescape(name: str) -> str:
        return name.replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", '"')

    parts = read_parts(src)
    text = parts["xl/workbook.xml"].decode("utf-8")
    sheets = re.findall(r"<sheet [^>]*/>", text)
    index = next(i for i, tag in enumerate(sheets) if unescape(re.search(r'name="([^"]*)"', tag).group(1)) == title)
    for i, tag in enumerate(sheets):
        text = text.replace(tag, re.sub(r'\s+state="\w+"', "", tag) if i == index else "", 1)

    def local(m: re.Match) -> str:
        return m.group(0).replace(f'localSheetId="{index}"', 'localSheetId="0"') \
            if f'localSheetId="{index}"' in m.group(0) else ""

    text = re.sub(r"<definedName [^>]*localSheetId=[^>]*>.*?</definedName>", local, text)
    text = re.sub(r'(activeTab|firstSheet)="\d+"', r'\1="0"', text)
    parts["xl/workbook.xml"] = text.encode("utf-8")
    write_parts(parts, dst)
    return dst


def to_pdf(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert ``files`` with one LibreOffice call; returns the PDFs in the same order."""
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LANG": "C.UTF-8"}
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=600, env=env)
    return [outdir / f"{Path(f).stem}.pdf" for f in files]


def glyphs(page) -> list[tuple[float, float, float]]:
    """(x, y, size) of every glyph drawn on a pypdf page."""
    out: list[tuple[float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and abs(tm[1]) < 1e-6 and abs(tm[2]) < 1e-6:  # rotated text (axis titles) aside
            out.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * abs(cm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return out


def overlapping(points: list[tuple[float, float, float]]) -> list[tuple]:
    """Pairs of glyphs printed over each other: nearly the same place, on different lines."""
    bad = []
    points = sorted(points, key=lambda g: g[1])
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            if b[1] - a[1] > a[2]:
                break
            size = min(a[2], b[2])
            if 0.05 < abs(b[1] - a[1]) < 0.6 * size and abs(b[0] - a[0]) < 0.5 * size:
                bad.append((a, b))
    return bad


def pages(pdf: Path) -> list[list[tuple[float, float, float]]]:
    """The glyphs of each page of ``pdf``."""
    import pypdf

    return [glyphs(p) for p in pypdf.PdfReader(pdf).pages]
