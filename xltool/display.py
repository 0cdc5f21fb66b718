"""Number formatting shared by the checks' Chinese messages."""

from __future__ import annotations


def num(x: float | None) -> str:
    """A number as the forms show it: up to 2 decimals, no trailing zeros."""
    if x is None:
        return "（空）"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "")


def pct(fraction: float | None) -> str:
    """A fraction as a percentage with 2 decimals."""
    return "（不可计算）" if fraction is None else f"{fraction * 100:.2f}%"


def rate_text(value) -> str:
    """A rate cell's value as Excel shows it: a fraction such as 0.2524 in a %-formatted cell reads 25.24%."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return pct(value) if abs(value) <= 1.5 else num(value)
    return str(value)


def json_num(x: float | None) -> float | None:
    """A number rounded for the JSON output."""
    return None if x is None else round(x, 4)


def shown(q) -> str:
    """A parsed target or actual as a reader would write it: '30437人', '95%', or its text without a leading '='."""
    if q.number is not None and q.kind in ("number", "percent"):
        return f"{num(q.number)}{q.unit}"
    return q.text.lstrip("=＝ ")
