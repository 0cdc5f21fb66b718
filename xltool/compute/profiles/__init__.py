"""Rule profiles: the scoring rules of a region or a ministry, as data files.

A profile is a TOML file in this folder (or any path given with ``--profile``).
It names the grade bands, the execution-rate rule, and which scoring method each
赋分规则 text or target operator selects, with the methods' parameters. Adding a
province means adding a file, not code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from xltool.compute.methods import Method
from xltool.compute.methods.profile import make_method


class ProfileError(ValueError):
    """A profile that does not exist or is malformed; the message lists what is allowed."""


_UNIT_NOTE = re.compile(r"[（(][^（()）]*[)）]$")

DEFAULT = "mof2020"
"""The profile of forms whose layout implies no other, and of evaluators' scoring tables."""

@dataclass(frozen=True)
class Profile:
    """A resolved rule profile."""

    name: str
    title: str
    full_marks: float
    tolerance: float
    min_quantified_share: float
    grade_bands: tuple[tuple[float, str], ...]
    execution_weight: float
    execution_method: str
    execution_rows: tuple[str, ...]
    rate_for_reverse: tuple[str, ...]
    over_completion_review: float
    default_method: str
    by_operator: dict[str, str]
    rule_text: dict[str, str]
    methods: dict[str, Method]
    detect_columns: tuple[str, ...]

    def grade(self, total: float | None) -> str | None:
        """Grade band of a total (graded on the 2-decimal total; 89.99 is 良)."""
        if total is None:
            return None
        for low, grade in self.grade_bands:
            if round(total, 2) >= low:
                return grade
        return self.grade_bands[-1][1]

    def bands_text(self) -> str:
        """The grade bands as messages state them: '优≥90，良≥80，中≥60，差<60'."""
        bands = list(self.grade_bands)
        parts = [f"{grade}≥{low:g}" for low, grade in bands[:-1]]
        return "，".join(parts + [f"{bands[-1][1]}<{bands[-2][0]:g}"] if len(bands) > 1 else parts)

    @property
    def execution(self) -> Method:
        """The method that scores 预算执行率 (执行数 against 预算数)."""
        return self.methods[self.execution_method]

    def is_execution_row(self, name: str) -> bool:
        """Whether an indicator row is the 预算执行率 scored inside the indicator table."""
        return _row_key(name).endswith(self.execution_rows)

    @cached_property
    def _rule_words(self) -> tuple[str, ...]:
        """The 赋分规则 wordings, longest first (the most specific one wins); sorted once, asked per row."""
        return tuple(sorted(self.rule_text, key=len, reverse=True))

    def method_for(self, rule_text: str, operator_key: str) -> Method:
        """The scoring method a row's 赋分规则 text, else its operator, selects."""
        text = "".join(rule_text.split()) if rule_text else ""
        for words in self._rule_words if text else ():  # most forms have no 赋分规则 column
            if words and words in text:
                return self.methods[self.rule_text[words]]
        name = self.by_operator.get(operator_key, self.default_method)
        if name == "by_operator":
            name = self.by_operator.get("none", "positive")
        return self.methods[name]


@lru_cache(maxsize=8192)
def _row_key(name: str) -> str:
    """An indicator name without spaces or a trailing unit note ('预算执行率（%）'), once per distinct name."""
    return _UNIT_NOTE.sub("", "".join(name.split()))


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """Names of the profiles shipped with xltool (listed once: ``choose`` asks for every form)."""
    folder = resources.files("xltool.compute.profiles")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@lru_cache(maxsize=None)
def load(name_or_path: str) -> Profile:
    """Load a shipped profile by name or a profile file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:  # a user's file: say so, no traceback
            raise ProfileError(f"评分规则配置文件“{name_or_path}”无法读取或不是有效的 TOML：{exc}") from exc
    else:
        resource = resources.files("xltool.compute.profiles").joinpath(f"{name_or_path}.toml")
        if not resource.is_file():
            raise ProfileError(f"未知的评分规则配置“{name_or_path}”；可选：{', '.join(available())}，或给出 .toml 文件路径。")
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return _build(data)


def require(name_or_path: str | None) -> Profile | None:
    """The profile a ``--profile`` option names; None when the option is not given.

    Every front end calls this before reading any file, so a misspelt name stops
    the run once with ProfileError's Chinese message (exit code 2 on the command
    line) instead of failing file by file.
    """
    return load(name_or_path) if name_or_path else None


def _build(data: dict) -> Profile:
    try:
        methods = {name: _method(name, spec) for name, spec in data.get("methods", {}).items()}
        ind = data["indicators"]
        profile = Profile(
            name=data["name"], title=data.get("title", data["name"]),
            full_marks=float(data.get("full_marks", 100)), tolerance=float(data.get("tolerance", 0.01)),
            min_quantified_share=float(data.get("min_quantified_share", 0.0)),
            grade_bands=tuple(sorted(((float(b["min"]), b["grade"]) for b in data["grade"]["bands"]), reverse=True)),
            execution_weight=float(data["execution"]["weight"]),
            execution_method=data["execution"].get("method", "execution"),
            execution_rows=tuple("".join(n.split()) for n in data["execution"].get("row_names", ())),
            rate_for_reverse=tuple(ind.get("rate_for_reverse", ["ratio"])),
            over_completion_review=float(ind.get("over_completion_review", 0)),
            default_method=ind.get("default", "by_operator"),
            by_operator=dict(ind.get("by_operator", {})), rule_text=dict(ind.get("rule_text", {})),
            methods=methods, detect_columns=tuple(data.get("detect_columns", [])))
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError(f"评分规则配置格式错误：{exc}") from exc
    referenced = (set(profile.by_operator.values()) | set(profile.rule_text.values())
                  | {profile.default_method, profile.execution_method})
    unknown = referenced - set(methods) - {"by_operator"}
    if unknown:
        raise ProfileError(f"配置 {profile.name} 引用了未定义的方法：{', '.join(sorted(unknown))}；已定义：{', '.join(methods)}")
    return profile


def _method(name: str, spec: dict) -> Method:
    """A method from its profile table; an optional ``title`` is the rule as the profile's users word it."""
    spec = dict(spec)
    title = spec.pop("title", None)
    method = make_method(name, spec)
    return replace(method, title=title) if title else method


def choose(columns: set[str]) -> Profile:
    """The profile a layout implies: the first shipped profile whose detect_columns are all present."""
    for name in available():
        profile = load(name)
        if profile.detect_columns and set(profile.detect_columns) <= columns:
            return profile
    return load(DEFAULT)
