"""Number formatting for prose and tables, so every quoted figure is computed."""
from __future__ import annotations

import math


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x, digits: int = 0) -> str:
    """1234.5 -> '1,235' (or with digits)."""
    if _missing(x):
        return "n/a"
    return f"{x:,.{digits}f}"


def rounded(x, base: int = 50) -> str:
    """Round to a base for prose ('about 2,250')."""
    if _missing(x):
        return "n/a"
    return f"{int(round(x / base) * base):,}"


def money(x, digits: int | None = None) -> str:
    """Pounds to '£3.27bn', '£60m', '£950k', '£12,345'."""
    if _missing(x):
        return "n/a"
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e9:
        d = 2 if digits is None else digits
        return f"{sign}£{a / 1e9:,.{d}f}bn"
    if a >= 1e6:
        d = 0 if digits is None else digits
        return f"{sign}£{a / 1e6:,.{d}f}m"
    if a >= 1e4:
        d = 0 if digits is None else digits
        return f"{sign}£{a / 1e3:,.{d}f}k"
    return f"{sign}£{a:,.0f}"


def pct(x, digits: int = 0) -> str:
    """0.145 -> '14.5%' with digits=1."""
    if _missing(x):
        return "n/a"
    return f"{x * 100:.{digits}f}%"


def change_word(delta: float, up: str = "more", down: str = "fewer", same: str = "no change in") -> str:
    """Pick the word for the direction of a change."""
    if _missing(delta) or delta == 0:
        return same
    return up if delta > 0 else down


def year_label(year: int) -> str:
    """2025 -> '2024/25' (years end 31 March)."""
    return f"{year - 1}/{str(year)[-2:]}"
