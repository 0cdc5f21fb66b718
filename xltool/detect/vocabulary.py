"""Header words of evaluators' scoring tables (综合评分表, 得分情况表, 指标体系表).

The words are data in ``layouts.toml`` (sections ``[scoring_columns]`` and ``[scoring]``; ``[level1_aliases]``
is read by ``xltool.detect.labels``), beside a 自评表's: one vocabulary file for every kind, and a new
firm's layout usually needs a synonym there, not code. This module gives them the
shapes scoring-table detection works with.
"""

from __future__ import annotations

from xltool.detect.headers import layout

_SCORING = layout()["scoring"]

COLUMNS: dict[str, tuple[str, ...]] = layout()["scoring_columns"]
"""Column role → its header synonyms."""

EVALUATOR_ROLES = frozenset(_SCORING["evaluator_roles"])
"""Columns only an evaluator's table has: with one of them a header is a scoring table, 目标值/完成值 or not."""

SELF_ASSESSMENT_WORDS: tuple[str, ...] = _SCORING["self_assessment_words"]
"""Words that mark a 自评表 header (left to ``xltool.detect.forms``)."""

TOTAL_WORDS: tuple[str, ...] = _SCORING["total"]
SUBTOTAL_WORDS: tuple[str, ...] = _SCORING["subtotal"]
GRADE_WORDS: tuple[str, ...] = _SCORING["grade"]

MAX_GAP: int = _SCORING["max_gap"]
"""Blank rows tolerated inside a scoring table (a 自评表's indicator grid: ``[form] max_gap``)."""

LEVEL1_KEYS = frozenset(layout()["level1_aliases"].values())
"""The 一级 dimensions (决策/过程/产出/效益) that ``labels.level1_key`` folds the frameworks' names into."""
