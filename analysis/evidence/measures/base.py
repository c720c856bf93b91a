"""What every evidence measure shares: result types, the measure spec, the measure context, helpers.

* :class:`NotComputable` (raised by a measure), :class:`Unavailable` (what is reported
  instead), :class:`Published` (a value the report publishes) and :class:`MeasureSpec`
  (one row of :data:`analysis.evidence.measures.registry.MEASURES`), made by :func:`spec`
  in each chapter module's ``SPECS``;
* :class:`MeasureContext` and :func:`measure_context`: the derivations several measures
  share (base date, periods of care, entrant cohorts, placement spend, plans), cached per
  :class:`~analysis.inputs.childdata.load.ChildData` object and params;
* :func:`shares`, :func:`codes_frame`, :func:`is_yes`: small table helpers, and
  :func:`row_value` for the headline readers.

Definitions shared by several measures
--------------------------------------
* *base date*: 31 March of ``MeasureParams.base_year`` (default: the latest 31 March
  the episodes reach, counting a 31 March reached if the latest record is within 45 days
  of it).
* *period of care*: consecutive episodes of one child (each starting the day the
  previous one ended, with reason X1); an *entry* is a period whose first episode has
  RNE = S.
* *entrant cohort*: each child's first entry in the ``cohort_years`` up to the base
  date.
* *follow-up cohort*: the same window moved back one year, so that everyone's first
  year in care is observed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.sdc import SdcOptions
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData

DAY = pd.Timedelta(days=1)
T = TypeVar("T")

#: A measure's function: the data and params to a tidy table
MeasureFunc = Callable[[ChildData, MeasureParams], pd.DataFrame]
#: A measure's headline values, by the keys of its :class:`Published` values
Headline = dict[str, float | str | None]


class NotComputable(Exception):
    """Raised by a measure when its data do not allow it (reason shown to the reader)."""


@dataclass(frozen=True)
class Unavailable:
    """A measure that could not be computed, and why."""

    reason: str

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Published:
    """A value the report publishes, for comparison.

    ``kind``: ``approx`` (close to value), ``min`` (published as 'over value'), ``max``
    ('under value'), ``text`` (a ranking or statement; value is the expected text).
    """

    key: str
    value: float | str | None
    text: str
    kind: str = "approx"


@dataclass(frozen=True)
class MeasureSpec:
    """One measure: ``requires`` lists the tables it needs (a tuple of names: any one of them),
    ``headline`` reads the values to compare with ``published`` from its result, and ``sdc``
    says how to disclosure-control it."""

    id: str
    title: str
    section: str
    func: MeasureFunc
    requires: tuple[str | tuple[str, ...], ...] = ()
    optional: tuple[str, ...] = ()
    published: tuple[Published, ...] = ()
    headline: Callable[[pd.DataFrame], Headline] | None = None
    sdc: SdcOptions = field(default_factory=SdcOptions)
    definition: str = ""

    def missing(self, data: ChildData) -> list[str]:
        out: list[str] = []
        for r in self.requires:
            if isinstance(r, tuple):
                if not any(data.available(t) for t in r):
                    out.append(" or ".join(f"{t}.csv" for t in r))
            elif not data.available(r):
                out.append(f"{r}.csv")
        return out


#: Disclosure control of categories that add up to the base (the default)
SDC_CATEGORIES: SdcOptions = {"group_by": None, "additive": True}
#: Disclosure control of shares that do not add up (several codes per child, or separate bases)
SDC_NOT_ADDITIVE: SdcOptions = {"additive": False}


def spec(
    id: str,
    title: str,
    section: str,
    func: MeasureFunc,
    requires: Sequence[str | tuple[str, ...]],
    published: Sequence[Published] = (),
    headline: Callable[[pd.DataFrame], Headline] | None = None,
    sdc: SdcOptions | None = None,
    definition: str = "",
    optional: Sequence[str] = (),
) -> MeasureSpec:
    """A :class:`MeasureSpec`, disclosure-controlled as :data:`SDC_CATEGORIES` unless ``sdc`` is given."""
    return MeasureSpec(
        id=id,
        title=title,
        section=section,
        func=func,
        requires=tuple(requires),
        optional=tuple(optional),
        published=tuple(published),
        headline=headline,
        sdc=(sdc if sdc is not None else SDC_CATEGORIES).copy(),
        definition=definition,
    )


def row_value(df: pd.DataFrame, col: str, val: object, out: str = "share") -> float:
    """``out`` of the first row whose ``col`` is ``val`` (NaN if there is none): for headline readers."""
    r = df[df[col] == val]
    return float(r[out].iloc[0]) if len(r) else np.nan


# --------------------------------------------------------------------------------------
# Shared derivations (cached per ChildData object and params)
# --------------------------------------------------------------------------------------


class MeasureContext:
    """The derivations several measures share, each computed once: use :func:`measure_context`."""

    def __init__(self, data: ChildData, mp: MeasureParams):
        self.d = data
        self.mp = mp
        self._c: dict[Hashable, Any] = {}

    def cached(self, key: Hashable, fn: Callable[[], T]) -> T:
        """``fn()``, computed once per ``key`` for this data and params."""
        if key not in self._c:
            self._c[key] = fn()
        return self._c[key]

    # ---- dates
    @property
    def base(self) -> pd.Timestamp:
        return self.cached("base", self._base)

    def _base(self) -> pd.Timestamp:
        if self.mp.base_year is not None:
            return pd.Timestamp(self.mp.base_year, 3, 31)
        dates = []
        if self.d.available("episodes"):
            ep = self.d.get("episodes")
            dates += [ep["DECOM"].max(), ep["DEC"].max()]
        else:
            for t, c in (
                ("contacts", "CONTACT_DATE"),
                ("referrals", "REFERRAL_DATE"),
                ("cp_plans", "START"),
                ("case_review", "REVIEW_DATE"),
            ):
                if self.d.available(t) and c in getattr(self.d, t):
                    dates.append(getattr(self.d, t)[c].max())
        dates = [x for x in dates if pd.notna(x)]
        if not dates:
            raise NotComputable("no dates to fix the base year; set measures.base_year")
        m = max(dates)
        nxt = pd.Timestamp(m.year if (m.month, m.day) <= (3, 31) else m.year + 1, 3, 31)
        # an extract whose latest record falls in the last weeks of a year covers that year
        return nxt if (nxt - m).days <= 45 else pd.Timestamp(nxt.year - 1, 3, 31)

    @property
    def base_year(self) -> int:
        return self.base.year

    # ---- children
    @property
    def dob(self) -> pd.Series:
        return self.cached(
            "dob",
            lambda: (
                self.d.get("header").drop_duplicates("CHILD").set_index("CHILD")["DOB"]
                if self.d.available("header")
                else pd.Series(dtype="datetime64[ns]")
            ),
        )

    # ---- periods of care
    @property
    def periods(self) -> pd.DataFrame:
        return self.cached("periods", self._periods)

    def _periods(self) -> pd.DataFrame:
        ep = self.d.get("episodes").sort_values(["CHILD", "DECOM"], kind="mergesort").reset_index(drop=True)
        child = ep["CHILD"].to_numpy(dtype=object)
        prev_child = np.r_[[None], child[:-1]]
        prev_dec = np.r_[np.array([np.datetime64("NaT")], dtype="datetime64[ns]"), ep["DEC"].to_numpy()[:-1]]
        prev_rec = np.r_[[None], ep["REC"].to_numpy(dtype=object)[:-1]] if "REC" in ep else None
        decom = ep["DECOM"].to_numpy()
        new = (child != prev_child) | (decom != prev_dec)
        if prev_rec is not None:
            new |= np.array(
                [r is not None and not (isinstance(r, float) and np.isnan(r)) and r != "X1" for r in prev_rec]
            ) & (child == prev_child)
        ep["period"] = np.cumsum(new) - 1
        ep["_new"] = new
        first = ep.drop_duplicates("period", keep="first").set_index("period")
        last = ep.drop_duplicates("period", keep="last").set_index("period")
        per = pd.DataFrame(
            {
                "CHILD": first["CHILD"],
                "start": first["DECOM"],
                "end": last["DEC"],
                "rec": last["REC"] if "REC" in ep else None,
                "rne0": first["RNE"],
                "place0": first["PLACE"],
                "provider0": first["PLACE_PROVIDER"],
                "cin": first["CIN"],
                "n_episodes": ep.groupby("period").size(),
            }
        )
        open_ = per["end"].isna()
        per.loc[~open_ & per["rec"].isna(), "rec"] = None
        dob = per["CHILD"].map(self.dob) if len(self.dob) else pd.Series(pd.NaT, index=per.index)
        per["dob"] = dob.astype("datetime64[ns]")
        per["age"] = _age_years(per["dob"], per["start"])
        per["entry"] = per["rne0"].eq("S")
        per["open"] = open_
        censor = per["end"].fillna(self.base + DAY)
        per["days"] = (censor.clip(upper=self.base + DAY) - per["start"]).dt.days
        self._episodes = ep
        return per.reset_index(drop=True)

    @property
    def episodes(self) -> pd.DataFrame:
        self.periods  # noqa: B018 - builds self._episodes
        return self._episodes

    def entrants(self, shift_years: int = 0) -> pd.DataFrame:
        """Each child's first entry in the cohort window (moved back by shift_years)."""

        def f():
            per = self.periods
            hi = self.base - pd.DateOffset(years=shift_years)
            lo = hi - pd.DateOffset(years=self.mp.cohort_years)
            e = per[per["entry"] & (per["start"] > lo) & (per["start"] <= hi)]
            return e.sort_values(["CHILD", "start"]).drop_duplicates("CHILD").reset_index(drop=True)

        return self.cached(("entrants", shift_years), f)

    # ---- spend
    def spend_in_year(self, year: int) -> pd.Series:
        """Placement spend (GBP) per child in the year ending 31 March ``year``."""

        def f():
            ep = self.episodes
            y0 = pd.Timestamp(year - 1, 4, 1)
            y1 = pd.Timestamp(year, 3, 31)
            end = ep["DEC"].fillna(self.base).clip(upper=min(y1, self.base))
            start = ep["DECOM"].clip(lower=y0)
            days = ((end - start).dt.days + np.where(ep["DEC"].isna() | (ep["DEC"] > y1), 1, 0)).clip(lower=0)
            days = np.where(ep["DECOM"] > y1, 0, days)
            weekly = self.weekly_cost()
            start_year = _fin_year(ep["DECOM"])
            uplift = (1 + self.mp.unit_cost_growth) ** np.maximum(year - start_year, 0)
            spend = days / 7 * weekly * uplift
            return pd.Series(spend, index=ep.index).groupby(ep["CHILD"]).sum()

        return self.cached(("spend", year), f)

    def weekly_cost(self) -> np.ndarray:
        def f():
            ep = self.episodes
            grp = K.placement_group(ep["PLACE"], ep["PLACE_PROVIDER"])
            unit = grp.map(self.mp.unit_costs).fillna(self.mp.unit_costs.get("Other", 0.0)).to_numpy(dtype=float)
            # unit costs are base-year prices: bring them to each episode's start-year prices
            start_year = _fin_year(ep["DECOM"])
            unit = unit * (1 + self.mp.unit_cost_growth) ** (start_year - self.base_year)
            if "WEEKLY_COST" in ep.columns:
                wc = ep["WEEKLY_COST"].to_numpy(dtype=float, na_value=np.nan)
                unit = np.where(np.isnan(wc), unit, wc)
            return unit

        return self.cached("weekly", f)

    # ---- CIN-side
    def plans(self, table: str) -> pd.DataFrame:
        if not self.d.available(table):
            return pd.DataFrame(
                {
                    "CHILD": pd.Series(dtype="str"),
                    "START": pd.Series(dtype="datetime64[ns]"),
                    "END": pd.Series(dtype="datetime64[ns]"),
                }
            )
        return getattr(self.d, table)

    def plan_window(self, ent: pd.DataFrame, months: int) -> pd.DataFrame:
        """Flags per entrant: which plan types were open in the months before entry."""
        out = pd.DataFrame({"CHILD": ent["CHILD"], "start": ent["start"]})
        for t, flag in (("early_help", "eh"), ("cin_plans", "cin"), ("cp_plans", "cp")):
            pl = self.plans(t)
            m = pl.merge(out, on="CHILD")
            lo = m["start"] - pd.DateOffset(months=months)
            hit = (m["START"] < m["start"]) & (m["END"].isna() | (m["END"] >= lo))
            out[flag] = out["CHILD"].isin(set(m.loc[hit, "CHILD"]))
        return out


def measure_context(data: ChildData, mp: MeasureParams) -> MeasureContext:
    """The shared derivations for these data and params, cached on the ChildData object (one params set at a time)."""
    cache = data.__dict__.setdefault("_measure_cache", {})
    key = mp.model_dump_json()
    if key not in cache:
        cache.clear()
        cache[key] = MeasureContext(data, mp)
    return cache[key]


def _age_years(dob: pd.Series, at: pd.Series) -> pd.Series:
    """Whole years of age at a date."""
    dob = pd.to_datetime(dob)
    at = pd.to_datetime(at)
    years = at.dt.year - dob.dt.year
    before = (at.dt.month < dob.dt.month) | ((at.dt.month == dob.dt.month) & (at.dt.day < dob.dt.day))
    return (years - before.astype("Int64")).astype("Float64").astype(float)


def _fin_year(d: pd.Series) -> np.ndarray:
    d = pd.to_datetime(d)
    return np.where(d.dt.month >= 4, d.dt.year + 1, d.dt.year)


def shares(df: pd.DataFrame, count: str = "count", base: str = "base") -> pd.DataFrame:
    """A copy of ``df`` with ``share`` = count / base (NaN where the base is 0)."""
    df = df.copy()
    b = df[base].astype(float)
    df["share"] = np.where(b > 0, df[count].astype(float) / b.where(b > 0, 1), np.nan)
    return df


def codes_frame(
    series: pd.Series, labels: dict[str, str], base: int, *, top: int | None = None, name: str = "category"
) -> pd.DataFrame:
    """Counts of each code in a ';'-separated multi-code column."""
    ex = series.dropna().astype(str).str.split(";").explode()
    ex = ex[ex != ""]
    counts = ex.value_counts()
    rows = [
        {"code": c, name: labels.get(c, c), "count": int(counts.get(c, 0)), "base": base}
        for c in labels
        if c in counts.index or top is None
    ]
    df = pd.DataFrame(rows, columns=["code", name, "count", "base"])
    df = df.sort_values(["count", "code"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    df["rank"] = np.arange(1, len(df) + 1)
    return shares(df)


def is_yes(s: pd.Series) -> pd.Series:
    """A yes/no column as bool, missing counted as no."""
    return s.astype("boolean").fillna(False).astype(bool)
