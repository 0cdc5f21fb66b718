"""MS-OVBA compression (spec section 2.4.1), vendored because ms-ovba-compression 1.0.1 is wrong.

Every module stream and the ``dir`` stream of a ``vbaProject.bin`` is stored with the
MS-OVBA run-length compression. The PyPI package ms-ovba-compression 1.0.1, which
ms-ovba uses, computes the maximum copy length as ``0xFFFF << bit_count + 3``
instead of the spec's ``(0xFFFF >> bit_count) + 3`` (2.4.1.3.19.1 CopyToken Help).
Its copy tokens then overflow into the offset bits as soon as a match is long, so any
module over ~600-1500 bytes decompresses to garbage in Excel, olevba and LibreOffice.
Its matcher also scans every earlier byte for every token (6 s for xlwings' 46 KB
module). This is the same algorithm (2.4.1.3.6-2.4.1.3.19) with the correct limit and
a hash of 3-byte prefixes to find match candidates; any match the spec's decompressor
accepts is valid output, so the streams are correct even where Excel's own compressor
would pick another match.
"""

from __future__ import annotations

_CHUNK = 4096
_MAX_CANDIDATES = 64  # candidates tried per position: enough for VBA source, keeps it ~100 ms


def copy_token_help(difference: int) -> tuple[int, int]:
    """(bit_count, maximum_length) for a position ``difference`` bytes into the chunk (2.4.1.3.19.1)."""
    bit_count = 4
    while (1 << bit_count) < difference:
        bit_count += 1
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk: header plus token sequences, or the raw bytes if that is shorter."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos, end = 0, len(chunk)
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _longest_match(chunk, pos, seen)
            if length >= 3:
                bit_count, _ = copy_token_help(pos)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = length
            else:
                out.append(chunk[pos])
                step = 1
            for p in range(pos, min(pos + step, end - 2)):
                seen.setdefault(chunk[p:p + 3], []).append(p)
            pos += step
        out[flag_index] = flags
    if len(out) > _CHUNK:  # incompressible: store raw, which the spec allows for a full chunk only
        if end < _CHUNK:
            raise ValueError("a short final chunk cannot expand beyond 4096 bytes")
        return (0x3000 | (_CHUNK - 1)).to_bytes(2, "little") + chunk
    return (0xB000 | (len(out) + 2 - 3)).to_bytes(2, "little") + bytes(out)


def _longest_match(chunk: bytes, pos: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """Nearest longest earlier match for ``chunk[pos:]`` within the copy-token limits."""
    candidates = seen.get(chunk[pos:pos + 3])
    if not candidates:
        return 0, 0
    _, max_length = copy_token_help(pos)
    limit = min(max_length, len(chunk) - pos)
    best_offset = best_length = 0
    for start in reversed(candidates[-_MAX_CANDIDATES:]):
        length = 3
        while length < limit and chunk[start + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - start, length
            if length == limit:
                break
    return best_offset, min(best_length, limit)


def compress(data: bytes) -> bytes:
    """A CompressedContainer (2.4.1.1.1): signature byte 0x01 then one chunk per 4096 bytes."""
    return b"\x01" + b"".join(_compress_chunk(data[i:i + _CHUNK]) for i in range(0, len(data), _CHUNK))
