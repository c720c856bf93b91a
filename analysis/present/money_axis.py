"""Money axes whose tick labels never repeat.

Vega picks "nice" tick values itself, and a label format fixed in advance (``'£' + format(v / 1e6,
',.0f') + 'm'``) then prints £4m, £4m, £5m, £5m ... on a small range such as £4.0m to £5.0m.  Here the
tick values are chosen in Python (the same 1-2-5 steps Vega uses), the scale domain is set to cover
them, and the number of decimals follows the step, so every label is different: £4.0m, £4.2m, ...
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt

#: About this many ticks on a money axis.
TICK_COUNT = 6
_UNITS = [(1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, "")]


def nice_step(span: float, count: int = TICK_COUNT) -> float:
    """The 1, 2 or 5 x 10^k step that gives about ``count`` ticks over ``span`` (as d3 and Vega do)."""
    if not (span > 0) or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    err = raw / power
    factor = 10 if err >= 7.07 else 5 if err >= 3.16 else 2 if err >= 1.41 else 1
    return factor * power


@dataclass(frozen=True)
class MoneyTicks:
    values: list[float]
    divisor: float
    suffix: str
    decimals: int

    @property
    def domain(self) -> list[float]:
        return [self.values[0], self.values[-1]]

    def label(self, v: float) -> str:
        """The label Vega will print for ``v`` (the same rule as :meth:`label_expr`)."""
        sign = "-" if v < 0 else ""
        return f"{sign}£{abs(v) / self.divisor:,.{self.decimals}f}{self.suffix}"

    @property
    def labels(self) -> list[str]:
        return [self.label(v) for v in self.values]

    def label_expr(self) -> str:
        return (
            "(datum.value < 0 ? '-£' : '£') + "
            f"format(abs(datum.value) / {self.divisor:g}, ',.{self.decimals}f') + '{self.suffix}'"
        )


def money_ticks(lo: float, hi: float, *, zero: bool = False, count: int = TICK_COUNT) -> MoneyTicks:
    """Tick values covering ``lo`` to ``hi`` (and 0 when ``zero``), with a unit and a number of decimals
    chosen so that no two labels are the same."""
    lo, hi = (float(lo), float(hi)) if lo <= hi else (float(hi), float(lo))
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        pad = abs(hi) * 0.05 or 1.0
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo, count)
    start, stop = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    values = [round(i * step, 6) for i in range(start, stop + 1)]
    top = max(abs(values[0]), abs(values[-1]))
    divisor, suffix = next(((d, s) for d, s in _UNITS if top >= d), (1.0, ""))
    decimals = max(0, -math.floor(math.log10(step / divisor) + 1e-9))
    ticks = MoneyTicks(values, divisor, suffix, decimals)
    while len(set(ticks.labels)) < len(values) and decimals < 6:  # belt and braces
        decimals += 1
        ticks = MoneyTicks(values, divisor, suffix, decimals)
    return ticks


def money_encoding(
    lo: float, hi: float, title: str, *, zero: bool = False, count: int = TICK_COUNT
) -> tuple[alt.Axis, alt.Scale]:
    """The axis (explicit ticks, unique labels) and the scale (domain covering them) of a money axis; a
    horizontal axis wants fewer ticks (``count``) so that its labels do not run together."""
    t = money_ticks(lo, hi, zero=zero, count=count)
    axis = alt.Axis(title=title, values=t.values, labelExpr=t.label_expr())
    return axis, alt.Scale(domain=t.domain, nice=False, zero=False)
