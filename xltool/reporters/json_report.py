"""JSON reporter: one document, a list with one object per file (schema version 1)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parent of a parallel check only joins texts: it need not import the whole model for that
    from xltool.result import WorkbookResult


def render(results: Iterable[WorkbookResult]) -> str:
    """The JSON document other tools read; keys are stable, Chinese text is kept readable."""
    return join([render_one(r) for r in results])


def render_one(result: WorkbookResult) -> str:
    """One file's object as it sits in the document's list (indented one level).

    Worker processes render their files and the parent only joins the texts: a
    string costs far less to send back than the nested dict, and the encoding is
    spread over the workers.
    """
    out = ["  "]
    _write(result.to_dict(), out, "\n  ")
    return "".join(out)


def join(objects: list[str]) -> str:
    """The document from ``render_one`` texts, in order."""
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"


# ---- encoding ------------------------------------------------------------------------
# What ``json.dumps(value, ensure_ascii=False, indent=2, default=str)`` writes, byte for byte
# (tests/test_cli.py compares the two): with an indent the standard library encodes in pure
# Python through nested generators, about twice the time of this direct walk, on every file.

_CONSTANTS = {True: "true", False: "false", None: "null"}


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


def _key(k) -> str:
    if isinstance(k, str):
        return k
    if k is None or k is True or k is False:
        return _CONSTANTS[k]
    if isinstance(k, float):
        return _float(k)
    if isinstance(k, int):
        return int.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _write(value, out: list[str], newline: str) -> None:
    """Append ``value`` encoded to ``out``; ``newline`` is a line break plus the current indent."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None or value is True or value is False:
        out.append(_CONSTANTS[value])
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner, sep = newline + "  ", "[" + newline + "  "
        for item in value:
            out.append(sep)
            _write(item, out, inner)
            sep = "," + inner
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner, sep = newline + "  ", "{" + newline + "  "
        for k, item in value.items():
            out.append(sep)
            out.append(encode_basestring(_key(k)))
            out.append(": ")
            _write(item, out, inner)
            sep = "," + inner
        out.append(newline + "}")
    else:  # default=str: a Path, a date
        out.append(encode_basestring(str(value)))
