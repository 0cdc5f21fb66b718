"""Mutants of the real sample workbooks: the corpus the fuzz tests and the campaign run.

Each mutant starts from one of ``samples/*.xlsx`` and applies one to three
mutations at the XML level — changed cell types, injected strings, shuffled or
renamed header words, added, overlapping or inverted merged ranges, removed
parts, lying dimensions — and sometimes damages the bytes of the finished zip
(truncation, flipped bytes). One mutant in ten is a legacy .xls
(the sample saved by LibreOffice) with one record edited. Mutants are deterministic:
``mutant(seed)`` gives the same bytes again, so a failing seed from CI can be
replayed exactly (the .xls ones on a machine with the same LibreOffice).
"""

from __future__ import annotations

import random
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.package import SHEET, add_merges, read_parts, to_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

INJECTIONS = (
    '=HYPERLINK("http://example.com","x")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=1+1\n",
    "#DIV/0!",
    "#REF!",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "\u202e指标名称\u202d",
    "达成 ✅ 😀",
    "控制符\x01\x08\x1f",
    "三级指标" * 2000,
    "",
    " ",
)
"""Text a submission may carry into our outputs; the first must stay text everywhere."""

_WORDS = ("三级指标", "二级指标", "一级指标", "分值", "权重", "得分", "年度指标值", "实际完成值", "完成值",
          "指标值", "合计", "总分", "自评等级", "预算执行率", "全年预算数", "全年执行数", "偏差原因")
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"([^>]*?)(/>|>(.*?)</c>)', re.S)
_INLINE = re.compile(rb"<t>([^<]*)</t>")


@dataclass(frozen=True)
class Mutant:
    """One generated workbook: where it came from and what was done to it."""

    seed: int
    source: str
    steps: tuple[str, ...]
    data: bytes
    suffix: str = ".xlsx"

    @property
    def name(self) -> str:
        """A file name that says how to regenerate it."""
        return f"mutant_{self.seed:05d}_{Path(self.source).stem}{self.suffix}"


def _xml_text(text: str) -> bytes:
    """Escaped for an XML text node; CR as a reference, or parsers turn it into LF."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;").encode()


def _cells(xml: bytes) -> list[re.Match]:
    """Cells holding a value (changing a blank formatted cell to blank would change nothing)."""
    return [m for m in _CELL.finditer(xml) if m.group(4) != b"/>"]


def _replace_cell(xml: bytes, m: re.Match, body: bytes) -> bytes:
    return xml[:m.start()] + body + xml[m.end():]


def cell_type(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Give a random cell another type: error, date serial, bool, full-width or separated number, blank."""
    xml = parts[SHEET]
    cells = _cells(xml)
    if not cells:
        return "cell: none left"
    m = rng.choice(cells)
    ref = m.group(1) + m.group(2)
    choices = {
        "error": b'<c r="%s" t="e"><v>%s</v></c>' % (ref, rng.choice([b"#DIV/0!", b"#REF!", b"#N/A", b"#VALUE!"])),
        "serial": b'<c r="%s" s="0"><v>%d</v></c>' % (ref, rng.randint(1, 2958465)),
        "bool": b'<c r="%s" t="b"><v>%d</v></c>' % (ref, rng.randint(0, 1)),
        "fullwidth": b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (
            ref, rng.choice(["１２，３４５．６７", "９８．７４分", "＞＝９５％", "1,234,567.00", "12 345,6"]).encode()),
        "huge": b'<c r="%s"><v>%s</v></c>' % (ref, rng.choice([b"1E+308", b"-1E+308", b"4.9E-324", b"123456789012345678"])),
        "blank": b'<c r="%s"/>' % ref,
        "text_number": b'<c r="%s" t="str"><v>%s</v></c>' % (ref, rng.choice([b"NaN", b"inf", b"1e309", b"--5", b"5%%"])),
    }
    kind = rng.choice(sorted(choices))
    parts[SHEET] = _replace_cell(xml, m, choices[kind])
    return f"cell {ref.decode()} -> {kind}"


def inject(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Replace a random text cell with one of ``INJECTIONS`` (formula-like, huge, bidi, empty)."""
    xml = parts[SHEET]
    texts = list(_INLINE.finditer(xml))
    if not texts:
        return "inject: no text"
    m = rng.choice(texts)
    payload = rng.choice(INJECTIONS)
    parts[SHEET] = xml[:m.start(1)] + _xml_text(payload) + xml[m.end(1):]
    return f"inject {payload[:20]!r}"


def header_words(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Rename, space out, swap or duplicate the header words layout detection looks for."""
    xml = parts[SHEET]
    word = rng.choice(_WORDS)
    other = rng.choice(_WORDS)
    how = rng.choice(["swap", "space", "delete", "everywhere"])
    if how == "swap":
        xml = xml.replace(word.encode(), b"\0").replace(other.encode(), word.encode()).replace(b"\0", other.encode())
    elif how == "space":
        xml = xml.replace(word.encode(), " ".join(word).encode())
    elif how == "delete":
        xml = xml.replace(word.encode(), b"")
    else:
        xml = _INLINE.sub(b"<t>" + word.encode() + b"</t>", xml, count=rng.randint(1, 40))
    parts[SHEET] = xml
    return f"header {how} {word}/{other}"


def merges(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Add merged ranges: overlapping, inverted, whole-sheet, beyond the data, or many."""
    def ref() -> str:
        return f"{rng.choice('ABCDEFGHIJ')}{rng.randint(1, 30)}"
    how = rng.choice(["overlap", "inverted", "whole", "far", "many"])
    refs = {"overlap": [f"A1:{ref()}" for _ in range(5)] + [f"{ref()}:J30" for _ in range(5)],
            "inverted": ["J30:A1", f"{ref()}:{ref()}"],
            "whole": ["A1:XFD1048576"],
            "far": ["XFA1048570:XFD1048576", "A1048576:B1048576"],
            "many": [f"{ref()}:{ref()}" for _ in range(rng.randint(50, 500))]}[how]
    parts[SHEET] = add_merges(parts[SHEET], refs)
    return f"merges {how}"


def drop_merges(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Remove all merged ranges (labels then sit in one cell of a block only)."""
    parts[SHEET] = re.sub(rb"<mergeCells.*?</mergeCells>", b"", parts[SHEET], flags=re.S)
    return "drop merges"


def structure(rng: random.Random, parts: dict[str, bytes]) -> str:
    """Damage the package's structure: remove a part, lie about dimensions, rename the sheet oddly."""
    how = rng.choice(["remove", "dimension", "sheet_name", "no_refs", "shuffle_rows"])
    if how == "remove":
        victim = rng.choice(sorted(n for n in parts if n != SHEET))
        del parts[victim]
        return f"remove {victim}"
    if how == "dimension":
        parts[SHEET] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', parts[SHEET])
    elif how == "sheet_name":
        name = rng.choice(["'引号'表", "[1]", "核查结果", "_xltool_state", "a" * 31, "自评表 (2)", "&lt;x&gt;"])
        parts["xl/workbook.xml"] = re.sub(rb'<sheet name="[^"]*"', b'<sheet name="' + name.encode() + b'"',
                                          parts["xl/workbook.xml"], count=1)
        return f"sheet name {name}"
    elif how == "no_refs":
        parts[SHEET] = re.sub(rb' r="[A-Z]+[0-9]+"', b"", parts[SHEET])
    else:
        rows = re.findall(rb"<row .*?</row>", parts[SHEET], flags=re.S)
        shuffled = rows[:]
        rng.shuffle(shuffled)
        it = iter(shuffled)
        parts[SHEET] = re.sub(rb"<row .*?</row>", lambda m: next(it), parts[SHEET], flags=re.S)
    return f"structure {how}"


def damage_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Truncate the zip or flip some of its bytes (an interrupted upload, a bad disk)."""
    if rng.random() < 0.5:
        cut = rng.randint(0, len(data) - 1)
        return data[:cut], f"truncate at {cut}/{len(data)}"
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), "flip bytes"


MUTATORS: tuple[Callable[[random.Random, dict[str, bytes]], str], ...] = (
    cell_type, cell_type, inject, inject, header_words, merges, drop_merges, structure)


def sources() -> list[Path]:
    """The sample workbooks mutants are made from (one sheet each is mutated: the first)."""
    return sorted(SAMPLES.glob("*.xlsx"))


def legacy_records(rng: random.Random, xls: bytes) -> tuple[bytes, str]:
    """Edit one record of an .xls in place: a cell moved to IV65536, a sheet offset or a record size changed.

    Sizes never change, so the compound file stays valid and the edit reaches the reader.
    """
    import io

    import olefile

    with olefile.OleFileIO(xls) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
    records, pos = [], 0
    while pos + 4 <= len(stream):
        rec, size = struct.unpack_from("<HH", stream, pos)
        records.append((pos, rec, size))
        pos += 4 + size
    cells = [p for p, rec, size in records if rec in (0x00FD, 0x0203, 0x027E) and size >= 4]
    how = rng.choice(["far_cell", "offset", "size", "flip"] if cells else ["offset", "size", "flip"])
    if how == "far_cell":
        struct.pack_into("<HH", stream, rng.choice(cells) + 4, 65535, 255)
    elif how == "offset":
        pos = rng.choice([p for p, rec, _ in records if rec == 0x0085])
        struct.pack_into("<I", stream, pos + 4, rng.randrange(len(stream) + 100))
    elif how == "size":
        pos = rng.choice(records)[0]
        struct.pack_into("<H", stream, pos + 2, rng.randrange(0x10000))
    else:
        for _ in range(rng.randint(1, 20)):
            stream[rng.randrange(len(stream))] ^= 1 << rng.randrange(8)
    buf = io.BytesIO(xls)
    with olefile.OleFileIO(buf, write_mode=True) as ole:
        ole.write_stream("Workbook", bytes(stream))
    return buf.getvalue(), f"xls {how}"


def mutant(seed: int) -> Mutant:
    """The mutant for ``seed``: same seed, same bytes (one in ten is an .xls, given LibreOffice)."""
    rng = random.Random(seed)
    source = rng.choice(sources())
    if rng.random() < 0.1:
        from tests.fuzz.hostile import Unavailable, legacy_bytes

        try:
            data, step = legacy_records(rng, legacy_bytes(source))
            return Mutant(seed, source.name, (step,), data, ".xls")
        except Unavailable:
            pass
    parts = read_parts(source)
    steps = [m(rng, parts) for m in rng.sample(MUTATORS, rng.randint(1, 3))]
    data = to_bytes(parts)
    if rng.random() < 0.15:
        data, step = damage_bytes(rng, data)
        steps.append(step)
    return Mutant(seed, source.name, tuple(steps), data)


def write_mutants(folder: Path, count: int, first_seed: int = 0) -> list[Path]:
    """Write ``count`` mutants into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(first_seed, first_seed + count):
        m = mutant(seed)
        path = folder / m.name
        path.write_bytes(m.data)
        paths.append(path)
    return paths
