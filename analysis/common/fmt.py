"""Number formatting for prose and tables, so every quoted figure is computed."""

from __future__ import annotations

import math
import re


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x, digits: int = 0) -> str:
    """1234.5 -> '1,235' (or with digits)."""
    if _missing(x):
        return "n/a"
    return f"{x:,.{digits}f}"


def about(x, base: int | None = None, one: str | None = None, many: str | None = None) -> str:
    """An approximate count for prose, with its word: 'about 2,250', 'about 3', 'less than one'.

    Rounded to ``base`` when the value is at least ten times it, otherwise to a base that suits its
    size (50 from 1,000, 10 from 100, 5 from 20, else 1), so a small council's '2.2' reads 'about 2'
    and not 'about 0'.  A value that is not zero never reads as zero.  With ``one``/``many`` the noun
    follows in the right number: 'about 1 fewer child', 'about 2 fewer children'."""
    if _missing(x):
        return "n/a"
    r = _about_round(x, base)
    text = "less than one" if r == 0 and x != 0 else f"about {r:,}"
    if one is None:
        return text
    return f"{text} {one if singular(x, base) else (many or one)}"


def _about_round(x, base: int | None) -> int:
    a = abs(x)
    if base is None or a < 10 * base:
        base = 50 if a >= 1000 else 10 if a >= 100 else 5 if a >= 20 else 1
    return int(round(x / base) * base)


def singular(x, base: int | None = None) -> bool:
    """True when :func:`about` reads ``x`` as one thing ('about 1', 'less than one'), so the noun and the
    verb that follow it are singular."""
    if _missing(x):
        return False
    r = _about_round(x, base)
    return (r == 0 and x != 0) or abs(r) == 1


def verb(x, one: str, many: str, base: int | None = None) -> str:
    """The verb that agrees with :func:`about` of ``x``: ``verb(1.2, 'enters', 'enter')`` is 'enters',
    so that '1 fewer child a year enters' and '2 fewer children a year enter'."""
    return one if singular(x, base) else many


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
        d = (1 if a < 1e7 else 0) if digits is None else digits
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


def lower(text) -> str:
    """A label lower-cased for the middle of a sentence, keeping acronyms: 'GP, midwifery or other health'
    stays 'GP, midwifery or other health', 'Domestic abuse' becomes 'domestic abuse'."""
    return re.sub(
        r"[A-Za-z][A-Za-z']*", lambda m: m.group(0) if _acronym(m.group(0)) else m.group(0).lower(), str(text)
    )


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
