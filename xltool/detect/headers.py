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

_TRAILING_UNIT = re.compile(r"\((?:分|万元|元|%|百分比|单位:?万元|分值)\)$")
_LEADING_MARKS = "*★※"


@lru_cache(maxsize=1)
def layout() -> dict:
    """The parsed ``layouts.toml``, its word lists as tuples.

    Tuples, because the word tests below are cached by (text, words): a tuple is its
    own cache key, a list would have to be copied into one on every call.
    """
    with resources.files("xltool.detect").joinpath("layouts.toml").open("rb") as fh:
        return _tuples(tomllib.load(fh))


def _tuples(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _tuples(v) for k, v in node.items()}
    return tuple(node) if isinstance(node, list) else node


@lru_cache(maxsize=1)
def _folding() -> tuple[re.Pattern, dict[int, int]]:
    """Traditional → simplified for the characters of these forms (``[folding]`` of layouts.toml).

    With a pattern that finds those characters: most texts hold none, and one search
    costs a fraction of translating a text character by character."""
    f = layout()["folding"]
    return re.compile(f"[{re.escape(f['traditional'])}]"), str.maketrans(f["traditional"], f["simplified"])


def lower_is_better(name: Any) -> bool:
    """Whether an indicator's name means lower is better (受害率, 投诉率 …: ``[direction]`` of layouts.toml)."""
    return isinstance(name, str) and _lower_is_better(name)


@lru_cache(maxsize=8192)
def _lower_is_better(name: str) -> bool:
    return has_word(name, layout()["direction"]["lower_is_better"])


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
    traditional, simplified = _folding()
    if traditional.search(text):
        text = text.translate(simplified)
    text = "".join(text.split()).replace("：", ":").rstrip(":").lstrip(_LEADING_MARKS)
    return _TRAILING_UNIT.sub("", text) if text.endswith(")") else text


@lru_cache(maxsize=None)
def _normalised(table: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    section = layout()[table]
    return tuple((role, tuple(norm(s) for s in words)) for role, words in section.items())


def match_role(value: Any, table: str) -> str | None:
    """The column role a header cell names in ``table`` of layouts.toml, or None."""
    return match_role_strength(value, table)[0]


def match_role_strength(value: Any, table: str) -> tuple[str | None, int]:
    """The role a header names and how strongly: 3 exact synonym, 2 the header ends with it, 1 contains it."""
    return _match_norm(_norm_text(value), table) if isinstance(value, str) else (None, 0)


# A compound header names what its last word names: '执行率得分' is a score, '得分系数' a
# coefficient, '执行率权重' a weight. A header ending in one of these words is a rate or a
# coefficient and only matches a synonym ending the same way ('得分率' is not '得分').
_MODIFIER_ENDINGS = ("率", "系数", "比例", "比重", "占比")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def _match_norm(h: str, table: str) -> tuple[str | None, int]:
    # Uncached: detection keeps each text's answer for both tables (forms._roles_named), and
    # most cells get theirs from one search: a text without any synonym inside has no exact,
    # stem or contained match either.
    if not h or not _any_synonym(table).search(h):
        return None, 0
    exact = _exact(table)
    if h in exact:
        return exact[h], 3
    # '执行率(B/A)', '得分(20分*执行率)', '调整预算数(A)': a trailing note in brackets says how the
    # column is computed; the words before it name the column.
    stem = _TRAILING_NOTE.sub("", h) or h
    if stem in exact:
        return exact[stem], 3
    if len(stem) > 24 or not _any_synonym(table).search(stem):
        return None, 0
    roles = _normalised(table)
    ending = next((e for e in _MODIFIER_ENDINGS if stem.endswith(e)), None)
    best, best_key = None, (0, 0)
    for role, words in roles:
        for w in words:
            if w not in stem or (ending and not w.endswith(ending)):
                continue
            key = (2 if stem.endswith(w) else 1, len(w))
            if key > best_key:
                best, best_key = role, key
    return best, best_key[0]


@lru_cache(maxsize=None)
def _exact(table: str) -> dict[str, str]:
    return synonym_roles(_normalised(table))


@lru_cache(maxsize=None)
def _any_synonym(table: str) -> re.Pattern:
    """One pattern for 'contains some synonym of the table': most cells a row scan meets (names,
    targets, verdicts) contain none, and one C-level search says so before the word-by-word loop."""
    return any_word(w for _, ws in _normalised(table) for w in ws)


def any_word(words) -> re.Pattern:
    """A pattern whose search finds any of ``words`` (longest first, empty ones left out)."""
    return re.compile("|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True))))


def synonym_roles(roles) -> dict[str, str]:
    """Synonym → role of ``(role, synonyms)`` pairs, for an exact match in one lookup instead of
    a search role by role; a synonym two roles list goes to the first, as that search finds it."""
    found: dict[str, str] = {}
    for role, words in roles:
        for w in words:
            found.setdefault(w, role)
    return found


_WEIGHT_IN_HEADER = re.compile(r"(\d+(?:\.\d+)?)分")


def header_weight(value: Any) -> float | None:
    """Full marks a header states in its text: '得分 (20分*执行率)', '分值(10分)' → 20, 10."""
    h = norm(value)
    m = _TRAILING_NOTE.search(h)
    if not m:
        return None
    w = _WEIGHT_IN_HEADER.search(m.group(0))
    return float(w.group(1)) if w else None


def has_word(value: Any, words: tuple[str, ...]) -> bool:
    """True when the normalised text contains one of ``words``."""
    return isinstance(value, str) and _has_word(value, tuple(words))


def is_word(value: Any, words: tuple[str, ...]) -> bool:
    """True when the normalised text equals one of ``words``."""
    return isinstance(value, str) and _is_word(value, tuple(words))


# Detection asks the same few hundred labels about the same word lists for every row it
# scans: each (text, words) is answered once.
@lru_cache(maxsize=65536)
def _has_word(value: str, words: tuple[str, ...]) -> bool:
    h = _norm_text(value)
    return bool(h) and any(w in h for w in _word_set(words))


@lru_cache(maxsize=65536)
def _is_word(value: str, words: tuple[str, ...]) -> bool:
    h = _norm_text(value)
    return bool(h) and h in _word_set(words)


@lru_cache(maxsize=256)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)
