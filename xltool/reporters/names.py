"""Names users read in reports instead of the identifiers the code uses."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def profile_name(code: str | None, short: bool = False) -> str:
    """A profile's Chinese title (``mof2020`` → 中央部门项目支出绩效自评（财预〔2020〕10号）).

    A profile given as a .toml file shows its own title; anything that is not a profile
    (or an empty value) is shown as it is.
    """
    if not code:
        return ""
    from xltool.compute import profiles

    try:
        title = profiles.load(code).title
        return title.split("（")[0] if short and "（" in title[1:] else title
    except Exception:  # not a profile name (a scoring table's label, a deleted file): show it as given
        return code
