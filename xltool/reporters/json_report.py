"""JSON reporter: one document, a list with one object per file (schema version 1)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from xltool.result import WorkbookResult


def render(results: Iterable[WorkbookResult]) -> str:
    """The JSON document other tools read; keys are stable, Chinese text is kept readable."""
    return render_dicts([r.to_dict() for r in results])


def render_dicts(files: list[dict]) -> str:
    """``render`` of results already turned into dicts (``WorkbookResult.to_dict``) by worker processes."""
    return json.dumps(files, ensure_ascii=False, indent=2, default=str)
