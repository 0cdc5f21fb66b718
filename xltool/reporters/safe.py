"""Writing text that came from a submitted workbook without letting it become code.

Findings quote the submission (indicator names, stated values), and a submission is
untrusted input. openpyxl silently turns any string starting with ``=`` into a formula
and any string equal to an error code such as ``#N/A`` into an error value, so an
indicator named ``=HYPERLINK("http://…")`` would become a live link in our report.
It also raises on control characters that XML cannot carry. These helpers store such
text as plain strings, strip what XML forbids, and prepare CSV cells against
DDE/formula injection.
"""

from __future__ import annotations

import re

__all__ = ["MAX_TEXT", "clean_text", "csv_safe", "safe_comment_text", "set_text"]

MAX_TEXT = 32767
"""Excel's limit for the characters in one cell and in one comment."""

_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""openpyxl's ``ILLEGAL_CHARACTERS_RE`` (tests/test_annotate.py checks they agree), copied so that a
CSV batch summary does not import openpyxl for it alone: ~0.15 s of CPU (measured)."""


def clean_text(text: object) -> str:
    """``text`` as a string Excel can store: XML-illegal characters removed, length capped."""
    return _ILLEGAL.sub("", str(text))[:MAX_TEXT]


def set_text(cell, value: object) -> None:
    """Store ``value`` in an openpyxl cell; strings always as text, never formula or error.

    Non-strings (numbers, booleans, None) are stored as they are, because numeric
    expected/found values should stay numbers the user can sort and sum. Strings keep
    their visible form exactly, including a leading ``=``, ``+``, ``-`` or ``@``: in
    an xlsx file a cell typed as a string is never evaluated, so no apostrophe is
    needed (that is only for CSV, see :func:`csv_safe`). Line ends are stored as LF:
    openpyxl escapes a CR when it writes through lxml and lets XML parsing turn it into
    LF otherwise, and our output must not depend on what else is installed.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    text = clean_text(_lf(value))
    cell.value = text or None  # an empty inline string reads back with the bogus type "inlineStr"
    if text:
        cell.data_type = "s"


def csv_safe(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would evaluate when it opens a CSV export."""
    text = clean_text(text)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def safe_comment_text(text: str) -> str:
    """Comment text without XML-illegal characters, with LF line ends, within Excel's limit.

    openpyxl does not check comment text: an illegal character there saves without
    complaint and yields a file nobody can open. Line ends are normalised because XML
    parsing turns CR into LF anyway, and a re-run compares the comment it
    reads back with the one it recorded.
    """
    return clean_text(_lf(str(text)))


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
