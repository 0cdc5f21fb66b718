"""Header words: normalising header text and matching it to column roles.

The synonyms live in ``layouts.toml`` (data, so a new regional layout is a data
change). Matching is exact first, then by containment with the longest synonym
winning, so '年初预算数' stays 'initial' although it contains '预算数'.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

_SPACES = re.compile(r"\s+")
_TRAILING_UNIT = re.compile(r"\((?:分|万元|元|%|百分比|单位:?万元|分值)\)$")
_LEADING_MARK = re.compile(r"^[*★※]+")


@lru_cache(maxsize=1)
def layout() -> dict:
    """The parsed ``layouts.toml``."""
    with resources.files("xltool.detect").joinpath("layouts.toml").open("rb") as fh:
        return tomllib.load(fh)


def norm(value: Any) -> str:
    """Header text without spaces, full-width forms, leading marks or a trailing unit."""
    if not isinstance(value, str):
        return ""
    return _norm_text(value)


@lru_cache(maxsize=65536)
def _norm_text(value: str) -> str:
    # forms repeat the same few hundred header and label strings: cached, detection
    # normalises each distinct string once instead of thousands of times per file
    text = unicodedata.normalize("NFKC", value)
    text = _SPACES.sub("", text).replace("：", ":").rstrip(":")
    text = _LEADING_MARK.sub("", text)
    return _TRAILING_UNIT.sub("", text)


@lru_cache(maxsize=None)
def _normalised(table: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    section = layout()[table]
    return tuple((role, tuple(norm(s) for s in words)) for role, words in section.items())


def match_role(value: Any, table: str) -> str | None:
    """The column role a header cell names in ``table`` of layouts.toml, or None."""
    return _match_norm(norm(value), table)


@lru_cache(maxsize=65536)
def _match_norm(h: str, table: str) -> str | None:
    if not h or len(h) > 24:
        return None
    roles = _normalised(table)
    for role, words in roles:
        if h in words:
            return role
    best, best_len = None, 0
    for role, words in roles:
        for w in words:
            # '得分率' is not '得分': a rate header only matches a rate synonym.
            if w in h and len(w) > best_len and not (h.endswith("率") and not w.endswith("率")):
                best, best_len = role, len(w)
    return best


def has_word(value: Any, words: list[str]) -> bool:
    """True when the normalised text contains one of ``words``."""
    h = norm(value)
    return bool(h) and any(w in h for w in _word_set(tuple(words)))


def is_word(value: Any, words: list[str]) -> bool:
    """True when the normalised text equals one of ``words``."""
    h = norm(value)
    return bool(h) and h in _word_set(tuple(words))


@lru_cache(maxsize=256)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)
