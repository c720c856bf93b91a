"""The measures councils are compared on, and the words for where a council stands.

A :class:`Measure` names a column of :func:`analysis.inputs.public.comparators` (one row per
council for one year) and says how to write its values in prose, on an axis and in a tooltip;
:func:`rank_councils` ranks the councils on it and :func:`pooled_value` gives a group's value as
one area.  The colours mark the council (or group), the rest of its region and everyone else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.common import fmt

HIGHLIGHT = "#D55E00"  # Okabe-Ito vermillion: the council / group members
REGION = "#0072B2"  # Okabe-Ito blue: the rest of its region
OTHER = "#B8B8B8"  # everyone else (context only, not information-bearing)

SOURCE_CLA = (
    "DfE, Children looked after in England including adoptions (LAIT series), year ending "
    "31 March; ONS mid-year population estimates, children aged 0 to 17"
)
SOURCE_SPEND = (
    "DfE, LA and school expenditure (S251 outturn, total children looked after); DfE children looked after at 31 March"
)


@dataclass(frozen=True)
class Measure:
    column: str
    slug: str
    title: str  # chart title
    axis: str  # axis title
    noun: str  # for prose: "the children-in-care rate"
    unit: str  # after the number in prose: "per 10,000 children"
    kind: str  # "rate" | "money" | "share"
    source: str
    numerator: str  # for pooled group values
    denominator: str
    scale: float = 1.0
    statement: str = "{name}: {value}"  # a clause for captions

    def fmt(self, x) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "n/a"
        if self.kind == "money":
            return fmt.money(x)
        if self.kind == "share":
            return fmt.pct(x)
        return fmt.num(x, 1)

    def say(self, x) -> str:
        """The value with its unit, for prose."""
        v = self.fmt(x)
        return v if self.kind == "share" or v == "n/a" else f"{v} {self.unit}".strip()

    def axis_format(self) -> dict:
        if self.kind == "money":
            return {"labelExpr": "'£' + format(datum.value / 1000, ',.0f') + 'k'"}
        if self.kind == "share":
            return {"format": ".0%"}
        return {"format": ",.0f"}

    def text_format(self) -> str:
        return {"money": ",.0f", "share": ".1%"}.get(self.kind, ",.1f")


MEASURES: dict[str, Measure] = {
    m.column: m
    for m in (
        Measure(
            "cla_rate_per_10k",
            "cla-rate",
            "Children in care per 10,000 children",
            "Children in care per 10,000 aged 0-17",
            "the rate of children in care",
            "per 10,000 children",
            "rate",
            SOURCE_CLA,
            "cla",
            "population_0_17",
            10_000,
            "{name} had {value} children in care per 10,000 children aged 0 to 17",
        ),
        Measure(
            "entry_rate_per_10k",
            "entry-rate",
            "Children entering care per 10,000 children",
            "Entries to care per 10,000 aged 0-17",
            "the rate of children entering care",
            "per 10,000 children",
            "rate",
            SOURCE_CLA,
            "starts",
            "population_0_17",
            10_000,
            "{value} in every 10,000 children aged 0 to 17 in {name} entered care",
        ),
        Measure(
            "spend_per_child",
            "spend-per-child",
            "Spend per child in care",
            "Spend per child in care (£ a year)",
            "spend per child in care",
            "a year",
            "money",
            SOURCE_SPEND,
            "spend",
            "cla",
            1.0,
            "{name} spent {value} a year for each child in care",
        ),
        Measure(
            "share_returned_home",
            "returned-home",
            "Children leaving care who returned home",
            "Share of children leaving care who returned home",
            "the share of children leaving care who returned home",
            "",
            "share",
            SOURCE_CLA,
            "returned_home",
            "ceases",
            1.0,
            "{value} of the children who left care in {name} returned home",
        ),
        Measure(
            "share_returned_home_planned",
            "returned-home-planned",
            "Children leaving care who returned home as planned",
            "Share of leavers returning home as planned",
            "the share of children leaving care who returned home as part of a plan",
            "",
            "share",
            SOURCE_CLA,
            "returned_home_planned",
            "ceases",
            1.0,
            "{value} of the children who left care in {name} returned home as planned",
        ),
    )
}
STANDARD = ("cla_rate_per_10k", "entry_rate_per_10k", "spend_per_child", "share_returned_home")


def measure(name: str) -> Measure:
    if name in MEASURES:
        return MEASURES[name]
    for m in MEASURES.values():
        if name == m.slug:
            return m
    raise KeyError(f"unknown measure {name!r}; one of {', '.join(MEASURES)}")


def ordinal(n: int) -> str:
    n = int(n)
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def region_phrase(region: str) -> str:
    """'South East' -> 'the South East'; 'London' -> 'London'."""
    r = str(region)
    return r if r == "London" or r.lower().startswith("the ") else f"the {r}"


def position_phrase(rank_high: int, rank_low: int, n: int) -> str:
    """'the 2nd highest' or, nearer the bottom, 'the 5th lowest'."""
    if rank_high <= rank_low:
        return "the highest" if rank_high == 1 else f"the {ordinal(rank_high)} highest"
    return "the lowest" if rank_low == 1 else f"the {ordinal(rank_low)} lowest"


def data_year(df: pd.DataFrame) -> str:
    if "year" in df and df["year"].notna().any():
        return str(int(df["year"].iloc[0]))
    return ""


def rank_councils(df: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """Councils with a value, highest first, with national and regional ranks (1 = highest)."""
    d = df[["dfe_code", "name", "region", "ccn_member", m.column]].copy()
    d = d[d[m.column].notna()].rename(columns={m.column: "value"})
    d["value"] = d["value"].astype(float)
    d = d.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)
    d["position"] = range(1, len(d) + 1)  # unique x position for the ranked bars
    d["rank"] = d["value"].rank(ascending=False, method="min").astype(int)
    d["rank_low"] = d["value"].rank(ascending=True, method="min").astype(int)
    d["rank_in_region"] = d.groupby("region")["value"].rank(ascending=False, method="min").astype(int)
    return d


def pooled_value(df: pd.DataFrame, m: Measure) -> float:
    """A group's value as one area: sum of numerators / sum of denominators (both published)."""
    d = df[[m.numerator, m.denominator]].dropna()
    d = d[d[m.denominator] > 0]
    if d.empty:
        return float("nan")
    return float(d[m.numerator].sum() / d[m.denominator].sum() * m.scale)
