"""JSON reporter: one document, a list with one object per file (schema version 1)."""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    spread over the workers. JSON strings hold no raw line breaks, so indenting
    line by line gives exactly what encoding the whole list at once gives.
    """
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str)
    return "  " + text.replace("\n", "\n  ")


def join(objects: list[str]) -> str:
    """The document from ``render_one`` texts, in order."""
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"
