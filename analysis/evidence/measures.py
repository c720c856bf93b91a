"""The report's evidence measures, computed from child-level data.

One function per figure or statistic of ``FIGURES.md`` (figures 1-23 and the
textual figures of the context and shift sections; figures 24-28 belong to the
model).  Each takes a :class:`~analysis.inputs.childdata.load.ChildData` and
:class:`~analysis.config.childdata.MeasureParams` and returns a tidy DataFrame of
counts with their bases and shares (columns such as ``category``, ``count``,
``base``, ``share``), ready to chart.

:data:`MEASURES` registers every measure with its id, title, the tables it needs,
how to disclosure-control it and the report's published values;
:func:`compute_all` runs them all, returning :class:`Unavailable` for a measure
whose tables were not supplied, and applies disclosure control
(:func:`analysis.evidence.sdc.apply_sdc`) to every result.

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

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData
from analysis.inputs.childdata.lsoa_sample import lsoa_sample
from analysis.config.childdata import DisclosureParams, MeasureParams
from analysis.evidence.sdc import apply_sdc

DAY = pd.Timedelta(days=1)


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
    id: str
    title: str
    section: str
    func: Callable[[ChildData, MeasureParams], pd.DataFrame]
    requires: tuple = ()
    optional: tuple[str, ...] = ()
    published: tuple[Published, ...] = ()
    headline: Callable[[pd.DataFrame], dict] | None = None
    sdc: dict = field(default_factory=dict)
    definition: str = ""

    def missing(self, data: ChildData) -> list[str]:
        out = []
        for r in self.requires:
            if isinstance(r, tuple):
                if not any(data.available(t) for t in r):
                    out.append(" or ".join(f"{t}.csv" for t in r))
            elif not data.available(r):
                out.append(f"{r}.csv")
        return out


# --------------------------------------------------------------------------------------
# Shared derivations (cached per ChildData object and params)
# --------------------------------------------------------------------------------------

class _Ctx:
    def __init__(self, data: ChildData, mp: MeasureParams):
        self.d = data
        self.mp = mp
        self._c: dict = {}

    def _cache(self, key, fn):
        if key not in self._c:
            self._c[key] = fn()
        return self._c[key]

    # ---- dates
    @property
    def base(self) -> pd.Timestamp:
        return self._cache("base", self._base)

    def _base(self) -> pd.Timestamp:
        if self.mp.base_year is not None:
            return pd.Timestamp(self.mp.base_year, 3, 31)
        dates = []
        if self.d.available("episodes"):
            ep = self.d.episodes
            dates += [ep["DECOM"].max(), ep["DEC"].max()]
        else:
            for t, c in (("contacts", "CONTACT_DATE"), ("referrals", "REFERRAL_DATE"), ("cp_plans", "START"),
                         ("case_review", "REVIEW_DATE")):
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
        return self._cache("dob", lambda: self.d.header.drop_duplicates("CHILD").set_index("CHILD")["DOB"]
                           if self.d.available("header") else pd.Series(dtype="datetime64[ns]"))

    # ---- periods of care
    @property
    def periods(self) -> pd.DataFrame:
        return self._cache("periods", self._periods)

    def _periods(self) -> pd.DataFrame:
        ep = self.d.episodes.sort_values(["CHILD", "DECOM"], kind="mergesort").reset_index(drop=True)
        child = ep["CHILD"].to_numpy(dtype=object)
        prev_child = np.r_[[None], child[:-1]]
        prev_dec = np.r_[np.array([np.datetime64("NaT")], dtype="datetime64[ns]"), ep["DEC"].to_numpy()[:-1]]
        prev_rec = np.r_[[None], ep["REC"].to_numpy(dtype=object)[:-1]] if "REC" in ep else None
        decom = ep["DECOM"].to_numpy()
        new = (child != prev_child) | (decom != prev_dec)
        if prev_rec is not None:
            new |= np.array([r is not None and not (isinstance(r, float) and np.isnan(r)) and r != "X1"
                             for r in prev_rec]) & (child == prev_child)
        ep["period"] = np.cumsum(new) - 1
        ep["_new"] = new
        first = ep.drop_duplicates("period", keep="first").set_index("period")
        last = ep.drop_duplicates("period", keep="last").set_index("period")
        per = pd.DataFrame({
            "CHILD": first["CHILD"], "start": first["DECOM"], "end": last["DEC"],
            "rec": last["REC"] if "REC" in ep else None, "rne0": first["RNE"],
            "place0": first["PLACE"], "provider0": first["PLACE_PROVIDER"],
            "cin": first["CIN"], "n_episodes": ep.groupby("period").size(),
        })
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
        return self._cache(("entrants", shift_years), f)

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
        return self._cache(("spend", year), f)

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
        return self._cache("weekly", f)

    # ---- CIN-side
    def plans(self, table: str) -> pd.DataFrame:
        if not self.d.available(table):
            return pd.DataFrame({"CHILD": pd.Series(dtype="str"), "START": pd.Series(dtype="datetime64[ns]"),
                                 "END": pd.Series(dtype="datetime64[ns]")})
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


def _ctx(data: ChildData, mp: MeasureParams) -> _Ctx:
    cache = data.__dict__.setdefault("_measure_cache", {})
    key = mp.model_dump_json()
    if key not in cache:
        cache.clear()
        cache[key] = _Ctx(data, mp)
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


def _shares(df: pd.DataFrame, count: str = "count", base: str = "base") -> pd.DataFrame:
    df = df.copy()
    b = df[base].astype(float)
    df["share"] = np.where(b > 0, df[count].astype(float) / b.where(b > 0, 1), np.nan)
    return df


def _codes_frame(series: pd.Series, labels: dict[str, str], base: int, *, top: int | None = None,
                 name: str = "category") -> pd.DataFrame:
    """Counts of each code in a ';'-separated multi-code column."""
    ex = series.dropna().astype(str).str.split(";").explode()
    ex = ex[ex != ""]
    counts = ex.value_counts()
    rows = [{"code": c, name: labels.get(c, c), "count": int(counts.get(c, 0)), "base": base} for c in labels
            if c in counts.index or top is None]
    df = pd.DataFrame(rows, columns=["code", name, "count", "base"])
    df = df.sort_values(["count", "code"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    if top is not None:
        df = df.head(top)
    df["rank"] = np.arange(1, len(df) + 1)
    return _shares(df)


def _yes(s: pd.Series) -> pd.Series:
    return s.astype("boolean").fillna(False).astype(bool)


# --------------------------------------------------------------------------------------
# Context (report sections 1-2)
# --------------------------------------------------------------------------------------

def cla_at(data: ChildData, mp: MeasureParams, date: pd.Timestamp) -> pd.Series:
    """Children looked after on a date (excluding short-break-only episodes V3/V4)."""
    ep = data.episodes
    on = (ep["DECOM"] <= date) & (ep["DEC"].isna() | (ep["DEC"] > date)) & ~ep["LS"].isin(["V3", "V4"])
    return pd.Series(sorted(set(ep.loc[on, "CHILD"])), dtype="str")


def ctx_share_in_care(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    pop = int(data.population_imd["POPULATION_0_17"].sum())
    if pop <= 0:
        raise NotComputable("the child population is zero")
    cla = set(cla_at(data, mp, c.base))
    rows = [{"category": "Looked after", "count": len(cla), "base": pop}]
    if data.available("cin_plans") and data.available("cp_plans"):
        on_plan = set(cla)
        for t in ("cin_plans", "cp_plans"):
            p = getattr(data, t)
            openp = (p["START"] <= c.base) & (p["END"].isna() | (p["END"] > c.base))
            on_plan |= set(p.loc[openp, "CHILD"])
        rows.append({"category": "On a statutory plan (CIN, CP or looked after)", "count": len(on_plan),
                     "base": pop})
    rows.append({"category": "Living with family (not looked after)", "count": pop - len(cla), "base": pop})
    out = _shares(pd.DataFrame(rows))
    out.insert(0, "date", c.base.date().isoformat())
    return out


def ctx_cla_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    first_data = data.episodes["DECOM"].min()
    years = [y for y in range(c.base_year - 9, c.base_year + 1) if pd.Timestamp(y, 3, 31) >= first_data]
    if not years:
        raise NotComputable("the episodes start after the base year")
    rows = [{"year": y, "count": len(cla_at(data, mp, pd.Timestamp(y, 3, 31)))} for y in years]
    df = pd.DataFrame(rows)
    df["base"] = int(df["count"].iloc[0])
    df["change_since_first"] = df["count"] / df["base"] - 1
    return df


def ctx_spend_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    first_data = data.episodes["DECOM"].min()
    years = [y for y in range(c.base_year - 9, c.base_year + 1) if pd.Timestamp(y - 1, 4, 1) >= first_data]
    if not years:
        raise NotComputable("no complete year of episodes up to the base year")
    rows = []
    for y in years:
        s = c.spend_in_year(y)
        rows.append({"year": y, "count": int((s > 0).sum()), "spend": float(s.sum())})
    df = pd.DataFrame(rows)
    df["change_since_first"] = df["spend"] / df["spend"].iloc[0] - 1
    return df


def ctx_statutory_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    y = c.base_year - 1  # the latest year with 12 months' follow-up
    y0, y1 = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
    starts = []
    for t in ("cin_plans", "cp_plans"):
        p = getattr(data, t)
        starts.append(p.loc[(p["START"] >= y0) & (p["START"] <= y1), ["CHILD", "START"]])
    s = pd.concat(starts).sort_values("START").drop_duplicates("CHILD")
    per = c.periods
    ent = per[per["entry"]][["CHILD", "start"]]
    m = s.merge(ent, on="CHILD", how="left")
    within = (m["start"] >= m["START"]) & (m["start"] <= m["START"] + pd.DateOffset(months=12))
    entered = set(m.loc[within, "CHILD"])
    n = len(s)
    rows = [{"category": "Started a CIN or CP plan", "count": n, "base": n},
            {"category": "Stayed with family (not looked after within 12 months)", "count": n - len(entered),
             "base": n},
            {"category": "Became looked after within 12 months", "count": len(entered), "base": n}]
    df = _shares(pd.DataFrame(rows))
    df.insert(0, "year", y)
    return df


def ctx_uasc(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    if "UASC" not in data.header.columns or data.header["UASC"].isna().all():
        raise NotComputable("header.csv has no UASC column")
    uasc = set(data.header.loc[_yes(data.header["UASC"]), "CHILD"])
    rows = []
    for y in range(min(2021, c.base_year), c.base_year + 1):
        cla = cla_at(data, mp, pd.Timestamp(y, 3, 31))
        rows.append({"year": y, "count": int(cla.isin(uasc).sum())})
    df = pd.DataFrame(rows)
    df["change_since_first"] = df["count"] - df["count"].iloc[0]
    return df


def ctx_spend_concentration(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    s = c.spend_in_year(c.base_year)
    s = s[s > 0].sort_values(ascending=False)
    n = len(s)
    if n == 0:
        raise NotComputable("no placement spend in the base year")
    k = max(1, int(round(n * mp.spend_top_share)))
    total = float(s.sum())
    rows = [{"category": f"Top {mp.spend_top_share:.0%} of children by cost", "count": k, "base": n,
             "spend": float(s.iloc[:k].sum())},
            {"category": "Other children", "count": n - k, "base": n, "spend": float(s.iloc[k:].sum())}]
    df = _shares(pd.DataFrame(rows))
    df["spend_share"] = df["spend"] / total
    df.insert(0, "year", c.base_year)
    return df


# --------------------------------------------------------------------------------------
# Case-review headline
# --------------------------------------------------------------------------------------

def cr_headline(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    conf = set(mp.confident_levels)
    ib = cr["IMPROVABLE_BEFORE"].dropna().astype(bool)
    ia = cr["IMPROVABLE_AFTER"].dropna().astype(bool)
    imp_b = cr[_yes(cr["IMPROVABLE_BEFORE"])]
    imp_a = cr[_yes(cr["IMPROVABLE_AFTER"])]
    rows = [
        {"category": "Could have been supported better before entry", "count": int(ib.sum()), "base": len(ib)},
        {"category": "... of whom: a degree of confidence care could have been avoided",
         "count": int(imp_b["CONFIDENCE_AVOID"].isin(conf).sum()),
         "base": int(imp_b["CONFIDENCE_AVOID"].notna().sum())},
        {"category": "Could have been supported better after entry", "count": int(ia.sum()), "base": len(ia)},
    ]
    if "CONFIDENCE_EXIT" in cr.columns:
        rows.append({"category": "... of whom: a degree of confidence of a positive exit",
                     "count": int(imp_a["CONFIDENCE_EXIT"].isin(conf).sum()),
                     "base": int(imp_a["CONFIDENCE_EXIT"].notna().sum())})
    return _shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# System shift 1: parental needs
# --------------------------------------------------------------------------------------

def _entry_assessments(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)

    def f():
        ent = c.entrants()[["CHILD", "start"]]
        a = data.assessments.merge(ent, on="CHILD")
        lo = a["start"] - pd.DateOffset(months=mp.assessment_lookback_months)
        a = a[(a["ASSESSMENT_DATE"] <= a["start"]) & (a["ASSESSMENT_DATE"] >= lo)]
        return a.sort_values(["CHILD", "ASSESSMENT_DATE"]).drop_duplicates("CHILD", keep="last")
    return c._cache("entry_assessments", f)


def fig01_assessment_factors(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    a = _entry_assessments(data, mp)
    if not len(a):
        raise NotComputable("no entrant had an assessment in the months before entry")
    df = _codes_frame(a["FACTORS"], {k: v for k, v in K.ASSESSMENT_FACTORS.items() if k != "21"}, len(a), top=10,
                      name="factor")
    return df


def s1_parental_need(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    rows = []
    if data.available("assessments") and data.available("episodes"):
        a = _entry_assessments(data, mp)
        par = a["FACTORS"].fillna("").str.split(";").map(lambda L: any(x in K.PARENTAL_FACTORS for x in L))
        rows.append({"source": "Assessment before entry (CIN factors)", "count": int(par.sum()), "base": len(a)})
    if data.available("case_review"):
        cr = data.case_review
        cols = ["PARENT_MENTAL_HEALTH", "PARENT_SUBSTANCE", "PARENT_DOMESTIC_ABUSE"]
        answered = cr[cols].notna().any(axis=1)
        anyp = pd.concat([_yes(cr[x]) for x in cols], axis=1).any(axis=1)
        rows.append({"source": "Case review (adult mental health, substance misuse or domestic abuse)",
                     "count": int(anyp[answered].sum()), "base": int(answered.sum())})
    if not rows:
        raise NotComputable("needs assessments.csv with episodes.csv, or case_review.csv")
    return _shares(pd.DataFrame(rows))


def fig02_primary_need_parental(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review.dropna(subset=["PRIMARY_NEED"])
    mh, sm = _yes(cr["PARENT_MENTAL_HEALTH"]), _yes(cr["PARENT_SUBSTANCE"])
    cat = np.select([mh & sm, mh & ~sm, ~mh & sm], ["Both", "Adult mental health only", "Substance misuse only"],
                    "Neither")
    df = pd.DataFrame({"need": cr["PRIMARY_NEED"].map(K.CIN_CODE), "code": cr["PRIMARY_NEED"], "parental": cat})
    order = ["Adult mental health only", "Substance misuse only", "Both", "Neither"]
    counts = df.groupby(["code", "need", "parental"]).size().rename("count").reset_index()
    full = pd.MultiIndex.from_product([sorted(df["code"].unique()), order], names=["code", "parental"])
    counts = counts.set_index(["code", "parental"]).reindex(full).reset_index()
    counts["need"] = counts["code"].map(K.CIN_CODE)
    counts["count"] = counts["count"].fillna(0).astype(int)
    counts["base"] = counts.groupby("code")["count"].transform("sum")
    counts["parental"] = pd.Categorical(counts["parental"], order, ordered=True)
    counts = counts.sort_values(["base", "code", "parental"], ascending=[False, True, True]).reset_index(drop=True)
    counts["parental"] = counts["parental"].astype(str)
    return _shares(counts[["code", "need", "parental", "count", "base"]])


def fig03_parent_services(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    svc = cr["PARENT_SERVICES"].fillna("").str.split(";")
    rows = []
    pooled_n = pooled_b = 0
    for need, code, label in (("PARENT_MENTAL_HEALTH", "ADULT_MH", "Adult mental health service"),
                              ("PARENT_SUBSTANCE", "SUBSTANCE", "Drug and alcohol service"),
                              ("PARENT_DOMESTIC_ABUSE", "DOMESTIC_ABUSE", "Domestic abuse service")):
        has = _yes(cr[need])
        used = svc.map(lambda L, c=code: c in L) & has
        rows.append({"service": label, "need": K.TABLES["case_review"].column(need).description,
                     "count": int(used.sum()), "base": int(has.sum())})
        pooled_n += int(used.sum())
        pooled_b += int(has.sum())
    anyneed = pd.concat([_yes(cr[c]) for c in ("PARENT_MENTAL_HEALTH", "PARENT_SUBSTANCE", "PARENT_DOMESTIC_ABUSE")],
                        axis=1).any(axis=1)
    rows.append({"service": "GP", "need": "Any of the three needs",
                 "count": int((svc.map(lambda L: "GP" in L) & anyneed).sum()), "base": int(anyneed.sum())})
    rows.append({"service": "Relevant specialist service (all three needs together)",
                 "need": "Each need matched to its service", "count": pooled_n, "base": pooled_b})
    return _shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# System shift 2: trust and consent
# --------------------------------------------------------------------------------------

def fig04_enablers(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    e = data.case_review["ENABLERS"]
    return _codes_frame(e, K.ENABLER, int(e.notna().sum()), name="enabler")


def fig05_consent_changes(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    if "CONSENT_CHANGE" not in cr.columns:
        raise NotComputable("case_review.csv has no CONSENT_CHANGE column")
    lacking = cr["ENABLERS"].fillna("").str.split(";").map(lambda L: "CONSENT" in L)
    sub = cr.loc[lacking, "CONSENT_CHANGE"]
    return _codes_frame(sub, K.CONSENT_CHANGE, int(sub.notna().sum()), name="change")


def imd_lookup(data: ChildData) -> pd.Series:
    """LSOA21CD -> IMD 2025 decile: the supplied lsoa_imd table, else the packaged sample."""
    pairs = dict(lsoa_sample())
    if data.available("lsoa_imd"):
        pairs.update(dict(zip(data.lsoa_imd["LSOA21CD"], data.lsoa_imd["IMD_DECILE"].astype(int))))
    return pd.Series(pairs, name="IMD_DECILE")


def fig06_deprivation(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()
    lk = imd_lookup(data)
    home = data.home_lsoa.drop_duplicates("CHILD").set_index("CHILD")["LSOA21CD"]
    dec = ent["CHILD"].map(home).map(lk)
    pop = data.population_imd.groupby("IMD_DECILE")["POPULATION_0_17"].sum()
    years = mp.cohort_years
    counts = dec.dropna().astype(int).value_counts()
    rows = []
    for d in range(1, 11):
        rows.append({"group": f"Decile {d}", "decile": d, "count": int(counts.get(d, 0)),
                     "population": int(pop.get(d, 0))})

    def grp(label, ds):
        return {"group": label, "decile": None, "count": int(sum(counts.get(d, 0) for d in ds)),
                "population": int(sum(pop.get(d, 0) for d in ds))}
    md, ld = mp.deprived_deciles, mp.least_deprived_deciles
    rows.append(grp(f"Most deprived (deciles {md[0]}-{md[-1]})", md))
    rows.append(grp(f"Least deprived (deciles {ld[0]}-{ld[-1]})", ld))
    rows.append({"group": "Home LSOA not matched to a decile", "decile": None, "count": int(dec.isna().sum()),
                 "population": None})
    df = pd.DataFrame(rows)
    pop_f = df["population"].astype(float)
    df["rate_per_10k"] = np.where(pop_f > 0, df["count"] / years / pop_f.where(pop_f > 0, 1) * 10_000, np.nan)
    least = df.loc[df["group"].str.startswith("Least"), "rate_per_10k"].iloc[0]
    df["ratio_to_least"] = df["rate_per_10k"] / least if least and least > 0 else np.nan
    df["years"] = years
    return df


def s2_ethnicity(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants(shift_years=1)
    eth = ent["CHILD"].map(data.header.drop_duplicates("CHILD").set_index("CHILD")["ETHNIC"])
    known = eth.notna() & ~eth.isin(K.UNKNOWN_ETHNIC)
    minority = ~eth.isin(K.WHITE_ETHNIC)
    not_wbri = eth.ne("WBRI")
    short = ent["days"] <= 365
    u12 = ent["age"] < 12
    rows = []
    for label, sel, flag, what in (
            ("Entered under 12, in care a year or less", u12 & short, minority, "ethnic minority (not White)"),
            ("Entered under 12, in care more than a year", u12 & ~short, minority, "ethnic minority (not White)"),
            ("Entered aged 12 or over", ~u12 & ent["age"].notna(), not_wbri, "not White British")):
        s = sel & known
        rows.append({"group": label, "measure": what, "count": int((flag & s).sum()), "base": int(s.sum())})
    df = _shares(pd.DataFrame(rows))
    pop = pd.DataFrame([{"group": "Child population (params)", "measure": "ethnic minority (not White)",
                         "count": None, "base": None, "share": mp.population_minority_share}])
    return pd.concat([df, pop], ignore_index=True)


def _voice(cr: pd.DataFrame) -> pd.DataFrame:
    return cr[cr["VOICE"].notna() & cr["VOICE"].ne("NOT_APPLICABLE")]


def fig07_voice(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.case_review)
    counts = cr["VOICE"].value_counts()
    rows = [{"code": k, "voice": v, "count": int(counts.get(k, 0)), "base": len(cr)} for k, v in K.VOICE.items()
            if k != "NOT_APPLICABLE"]
    return _shares(pd.DataFrame(rows))


def fig08_voice_confidence(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.case_review).dropna(subset=["CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.VOICE.items():
        if k == "NOT_APPLICABLE":
            continue
        sel = cr["VOICE"].eq(k)
        rows.append({"code": k, "voice": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return _shares(pd.DataFrame(rows))


def fig09_voice_by_phase(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.case_review).dropna(subset=["SCHOOL_PHASE"])
    heard = cr["VOICE"].isin(["CONSISTENT", "PARTIAL"])
    rows = []
    for k, v in K.REVIEW_PHASE.items():
        sel = cr["SCHOOL_PHASE"].eq(k)
        rows.append({"code": k, "phase": v, "count": int((heard & sel).sum()), "base": int(sel.sum())})
    return _shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# System shift 3: schools
# --------------------------------------------------------------------------------------

_AGE_BANDS = (("Under 1", 0, 1), ("1-4", 1, 5), ("5-10 (primary)", 5, 11), ("11-15 (secondary)", 11, 16),
              ("16-17", 16, 18))


def _age_band(age: pd.Series) -> pd.Series:
    out = pd.Series(None, index=age.index, dtype="object")
    for label, lo, hi in _AGE_BANDS:
        out[(age >= lo) & (age < hi)] = label
    return out


def fig10_age_spend(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()
    eb = _age_band(ent["age"]).value_counts()
    # spend in the base year, by age at the start of each child's current (latest) period
    s = c.spend_in_year(c.base_year)
    s = s[s > 0]
    per = c.periods[c.periods["start"] <= c.base]
    last = per.sort_values("start").drop_duplicates("CHILD", keep="last").set_index("CHILD")
    band = _age_band(last["age"]).reindex(s.index)
    sp = s.groupby(band).sum()
    kids = s.groupby(band).size()
    total_e = int(eb.sum())
    total_s = float(s.sum())
    rows = []
    for label, _, _ in _AGE_BANDS:
        rows.append({"age_band": label, "count": int(eb.get(label, 0)), "base": total_e,
                     "children": int(kids.get(label, 0)), "spend": float(sp.get(label, 0.0))})
    df = _shares(pd.DataFrame(rows))
    df["spend_share"] = df["spend"] / total_s if total_s > 0 else np.nan
    df["school_age"] = df["age_band"].str.contains("primary|secondary")
    return df


def _school_at_entry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()[["CHILD", "start", "age"]]
    ent = ent[(ent["age"] >= 5) & (ent["age"] < 16)]
    sc = data.school.merge(ent, on="CHILD")
    if "DATE" in sc.columns and sc["DATE"].notna().any():
        sc = sc[sc["DATE"].isna() | (sc["DATE"] <= sc["start"])]
        sc = sc.sort_values(["CHILD", "DATE"], na_position="first")
    sc = sc.drop_duplicates("CHILD", keep="last")
    sc["phase"] = np.where(sc["age"] < 11, "Primary (5-10)", "Secondary (11-15)")
    return sc


def fig11_attendance(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    sc = _school_at_entry(data, mp).dropna(subset=["ATTENDANCE"])
    ok = sc["ATTENDANCE"] >= mp.attendance_threshold
    rows = []
    for ph in ("Primary (5-10)", "Secondary (11-15)"):
        sel = sc["phase"].eq(ph)
        rows.append({"phase": ph, "count": int((ok & sel).sum()), "base": int(sel.sum())})
    rows.append({"phase": "All school age (5-15)", "count": int(ok.sum()), "base": len(sc)})
    df = _shares(pd.DataFrame(rows))
    df["threshold"] = mp.attendance_threshold
    return df


def fig12_sen(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    sc = _school_at_entry(data, mp).dropna(subset=["SEN"])
    counts = sc["SEN"].value_counts()
    rows = [{"code": k, "sen": v, "count": int(counts.get(k, 0)), "base": len(sc)} for k, v in
            (("K", K.SEN["K"]), ("E", K.SEN["E"]), ("N", K.SEN["N"]))]
    return _shares(pd.DataFrame(rows))


def fig13_last_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    if data.available("referrals"):
        ev = data.referrals.rename(columns={"REFERRAL_DATE": "date", "REFERRAL_SOURCE": "src"})
    else:
        ev = data.contacts.rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"})
    m = ev.merge(ent, on="CHILD")
    m = m[(m["date"] <= m["start"]) & m["src"].notna()]
    last = m.sort_values(["CHILD", "date"]).drop_duplicates("CHILD", keep="last")
    grp = last["src"].map(K.REFERRAL_SOURCE_GROUP).value_counts()
    allc = (data.contacts.rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"})
            if data.available("contacts") else ev)
    lo = c.base - pd.DateOffset(years=mp.cohort_years)
    allc = allc[(allc["date"] > lo) & (allc["date"] <= c.base) & allc["src"].notna()]
    ag = allc["src"].map(K.REFERRAL_SOURCE_GROUP).value_counts()
    groups = list(dict.fromkeys(K.REFERRAL_SOURCE_GROUP.values()))
    rows = [{"source": g, "count": int(grp.get(g, 0)), "base": len(last),
             "all_contacts": int(ag.get(g, 0)), "all_contacts_base": len(allc)} for g in groups]
    df = _shares(pd.DataFrame(rows))
    df["all_contacts_share"] = df["all_contacts"] / max(len(allc), 1)
    df = df.sort_values("count", ascending=False, kind="mergesort").reset_index(drop=True)
    return df


# --------------------------------------------------------------------------------------
# System shift 4: targeted support and joined-up data
# --------------------------------------------------------------------------------------

_PLAN_CATS = ("No plan", "Child protection plan only", "Early help only", "Child in need only",
              "Early help and child protection", "Child in need and child protection",
              "Early help and child in need (with or without CP)")


def _plan_category(w: pd.DataFrame) -> pd.Series:
    eh, cin, cp = w["eh"], w["cin"], w["cp"]
    return pd.Series(np.select(
        [~eh & ~cin & ~cp, cp & ~eh & ~cin, eh & ~cin & ~cp, cin & ~eh & ~cp, eh & cp & ~cin, cin & cp & ~eh],
        _PLAN_CATS[:6], _PLAN_CATS[6]), index=w.index)


def fig14_plans_before_entry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()
    w = c.plan_window(ent, mp.lookback_months)
    cat = _plan_category(w).value_counts()
    n = len(w)
    rows = [{"category": k, "count": int(cat.get(k, 0)), "base": n} for k in _PLAN_CATS]
    df = _shares(pd.DataFrame(rows))
    df["family_help_reach"] = df["category"].str.contains("Early help|Child in need only|Child in need and")
    return df


def _no_plan_entrants(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()
    w = c.plan_window(ent, mp.lookback_months)
    return ent[(~w["eh"] & ~w["cin"] & ~w["cp"]).to_numpy()]


def s4_cp_short(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    cp = data.cp_plans.merge(ent, on="CHILD")
    lo = cp["start"] - pd.DateOffset(months=mp.lookback_months)
    cp = cp[(cp["START"] < cp["start"]) & (cp["END"].isna() | (cp["END"] >= lo))]
    cp = cp.sort_values(["CHILD", "START"]).drop_duplicates("CHILD", keep="last")
    days = (cp["start"] - cp["START"]).dt.days
    short = days < 183
    n = len(cp)
    return _shares(pd.DataFrame([
        {"category": "Open less than 6 months at entry", "count": int(short.sum()), "base": n},
        {"category": "Open 6 months or more at entry", "count": int((~short).sum()), "base": n}]))


def _contacts_before(data: ChildData, mp: MeasureParams, ent: pd.DataFrame) -> pd.DataFrame:
    con = data.contacts[["CHILD", "CONTACT_DATE"]].merge(ent[["CHILD", "start"]], on="CHILD")
    lo = con["start"] - pd.DateOffset(years=mp.contact_lookback_years)
    return con[(con["CONTACT_DATE"] <= con["start"]) & (con["CONTACT_DATE"] >= lo)]


def s4_single_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _no_plan_entrants(data, mp)
    con = _contacts_before(data, mp, ent)
    n = con.groupby("CHILD").size().reindex(ent["CHILD"]).fillna(0)
    rows = [{"category": "One contact", "count": int((n == 1).sum())},
            {"category": "Two or more contacts", "count": int((n >= 2).sum())},
            {"category": "No contact recorded", "count": int((n == 0).sum())}]
    df = pd.DataFrame(rows)
    df["base"] = len(ent)
    df = _shares(df)
    with_any = int((n >= 1).sum())
    df["share_of_those_with_contacts"] = np.where(df["category"].ne("No contact recorded") & (with_any > 0),
                                                  df["count"] / max(with_any, 1), np.nan)
    return df


_GAP_BANDS = (("Less than 1 month", 0, 30), ("1-3 months", 30, 91), ("3-6 months", 91, 183),
              ("6-12 months", 183, 365), ("1-2 years", 365, 730), ("2 years or more", 730, 10**6))


def fig15_penultimate_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _no_plan_entrants(data, mp)
    con = _contacts_before(data, mp, ent).sort_values(["CHILD", "CONTACT_DATE"])
    con["k"] = con.groupby("CHILD").cumcount(ascending=False)
    pen = con[con["k"] == 1]
    gap = (pen["start"] - pen["CONTACT_DATE"]).dt.days
    n = len(pen)
    rows = [{"category": label, "count": int(((gap >= lo) & (gap < hi)).sum()), "base": n,
             "six_months_or_more": lo >= 183} for label, lo, hi in _GAP_BANDS]
    return _shares(pd.DataFrame(rows))


_LEN_BANDS = (("Less than 3 months", 0, 91), ("3-6 months", 91, 183), ("6-12 months", 183, 365),
              ("1-2 years", 365, 730), ("2 years or more", 730, 10**6))
_COMMUNITY_EXCLUDE = {"5A", "5B", "5C", "5D"}


def fig16_known_previously(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    pl = []
    for t in ("early_help", "cin_plans", "cp_plans"):
        p = c.plans(t).merge(ent, on="CHILD")
        p = p[p["START"] < p["start"]]
        end = p["END"].fillna(p["start"]).clip(upper=p["start"])
        pl.append(pd.DataFrame({"CHILD": p["CHILD"], "days": (end - p["START"]).dt.days}))
    pl = pd.concat(pl)
    longest = pl.groupby("CHILD")["days"].max().reindex(ent["CHILD"])
    n = len(ent)
    rows = [{"panel": "Longest plan before entry", "category": "No plan before entry",
             "count": int(longest.isna().sum()), "base": n}]
    for label, lo, hi in _LEN_BANDS:
        rows.append({"panel": "Longest plan before entry", "category": label,
                     "count": int(((longest >= lo) & (longest < hi)).sum()), "base": n})
    if data.available("referrals"):
        r = data.referrals.merge(ent, on="CHILD")
        lo_d = r["start"] - pd.DateOffset(years=mp.contact_lookback_years)
        r = r[(r["REFERRAL_DATE"] <= r["start"]) & (r["REFERRAL_DATE"] >= lo_d)
              & ~r["REFERRAL_SOURCE"].isin(_COMMUNITY_EXCLUDE)]
        k = r.groupby("CHILD").size().reindex(ent["CHILD"]).fillna(0)
        for label, lo, hi in (("0", 0, 1), ("1", 1, 2), ("2", 2, 3), ("3-4", 3, 5), ("5 or more", 5, 10**6)):
            rows.append({"panel": "Referrals from outside the council before entry", "category": label,
                         "count": int(((k >= lo) & (k < hi)).sum()), "base": n})
    return _shares(pd.DataFrame(rows))


def s4_contacts_vs_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    y = c.base_year
    y0, y1 = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
    con = data.contacts
    n_con = int(((con["CONTACT_DATE"] >= y0) & (con["CONTACT_DATE"] <= y1)).sum())
    starters = set()
    for t in ("early_help", "cin_plans", "cp_plans"):
        p = c.plans(t)
        starters |= set(p.loc[(p["START"] >= y0) & (p["START"] <= y1), "CHILD"])
    if data.available("episodes"):
        per = c.periods
        starters |= set(per.loc[per["entry"] & (per["start"] >= y0) & (per["start"] <= y1), "CHILD"])
    df = pd.DataFrame([{"category": "Contacts in the year", "count": n_con},
                       {"category": "Children starting an EH, CIN, CP or care plan", "count": len(starters)}])
    df["contacts_per_child_with_plan"] = n_con / len(starters) if starters else np.nan
    df.insert(0, "year", y)
    return df


def fig17_services_before(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    s = data.case_review["SERVICES_BEFORE"]
    return _codes_frame(s, {k: v for k, v in K.SERVICE_BEFORE.items() if k != "NONE"}, int(s.notna().sum()),
                        name="service")


# --------------------------------------------------------------------------------------
# System shift 5: reconnection
# --------------------------------------------------------------------------------------

def s5_stay_over_year(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _ctx(data, mp).entrants(shift_years=1)
    longer = ent["days"] > 365
    n = len(ent)
    return _shares(pd.DataFrame([{"category": "In care more than a year", "count": int(longer.sum()), "base": n},
                                 {"category": "In care a year or less", "count": int((~longer).sum()), "base": n}]))


_STAY_BANDS = ("Less than 1 year", "1-2 years", "2-5 years", "5 years or more, left before 18", "Until 18")


def fig18_time_in_care(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    per = c.periods
    e = per[per["entry"] & (per["age"] >= mp.older_entry_min_age)].sort_values("start").drop_duplicates("CHILD")
    b18 = e["dob"] + pd.DateOffset(years=18)
    e = e[b18 <= c.base]
    b18 = b18[e.index]
    end = e["end"].fillna(c.base + DAY)
    until18 = end >= b18 - pd.Timedelta(days=mp.until18_tolerance_days)
    yrs = (end - e["start"]).dt.days / 365.25
    cat = np.select([until18, yrs < 1, yrs < 2, yrs < 5], [_STAY_BANDS[4], _STAY_BANDS[0], _STAY_BANDS[1],
                                                           _STAY_BANDS[2]], _STAY_BANDS[3])
    vc = pd.Series(cat).value_counts()
    n = len(e)
    if n == 0:
        raise NotComputable("no entrant aged 5 or over has reached 18 within the data")
    return _shares(pd.DataFrame([{"category": k, "count": int(vc.get(k, 0)), "base": n} for k in _STAY_BANDS]))


def _reviews_staying(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    if data.available("episodes"):
        per = _ctx(data, mp).periods
        longest = per.groupby("CHILD")["days"].max()
        stay = cr["CHILD"].map(longest)
        return cr[(stay > 365).to_numpy()]
    return cr


def fig19_permanence_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _reviews_staying(data, mp)
    if "INITIAL_PLAN" not in cr.columns or "CURRENT_PLAN" not in cr.columns:
        raise NotComputable("case_review.csv has no INITIAL_PLAN / CURRENT_PLAN columns")
    rows = []
    for which, col in (("Initial plan", "INITIAL_PLAN"), ("Current plan", "CURRENT_PLAN")):
        s = cr[col].dropna()
        vc = s.value_counts()
        for k, v in K.PERMANENCE_PLAN.items():
            rows.append({"plan": which, "code": k, "category": v, "count": int(vc.get(k, 0)), "base": len(s)})
    return _shares(pd.DataFrame(rows))


def fig20_reconnection(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    ia = cr["IMPROVABLE_AFTER"].dropna().astype(bool)
    head = pd.DataFrame([{"panel": "More could have been done towards reconnection", "code": "Y",
                          "category": "Yes", "count": int(ia.sum()), "base": len(ia)}])
    head = _shares(head)
    if "RECONNECTION_BARRIERS" in cr.columns:
        sub = cr.loc[_yes(cr["IMPROVABLE_AFTER"]), "RECONNECTION_BARRIERS"]
        bar = _codes_frame(sub, K.RECONNECTION_BARRIER, int(sub.notna().sum()), name="category")
        bar.insert(0, "panel", "Barriers (where more could have been done)")
        head = pd.concat([head, bar.drop(columns=["rank"])], ignore_index=True)
    return head


def fig21_first_year_placements(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    ent = c.entrants(shift_years=1)
    ep = c.episodes
    per = c.periods
    key = per.reset_index().merge(ent[["CHILD", "start"]], on=["CHILD", "start"])[["index", "start"]]
    e = ep.merge(key.rename(columns={"index": "period_id"}), left_on="period", right_on="period_id")
    in_first = e["DECOM"] < e["start"] + pd.Timedelta(days=365)
    moves = (in_first & e["RNE"].isin(mp.placement_change_rne) & ~e["_new"]).groupby(e["CHILD"]).sum()
    n_pl = 1 + moves.reindex(ent["CHILD"]).fillna(0).astype(int).to_numpy()
    stayer = (ent["days"] > 365).to_numpy()
    rows = []
    for grp, sel in (("Stayed more than a year", stayer), ("Left within a year", ~stayer)):
        k = n_pl[sel]
        for label, lo, hi in (("1", 1, 2), ("2", 2, 3), ("3", 3, 4), ("4 or more", 4, 10**6)):
            rows.append({"group": grp, "placements": label, "count": int(((k >= lo) & (k < hi)).sum()),
                         "base": int(sel.sum())})
    return _shares(pd.DataFrame(rows))


def s5_first_placement(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _ctx(data, mp).entrants(shift_years=1)
    e = ent[(ent["age"] >= 1) & (ent["age"] < 16) & (ent["days"] > 365)]
    grp = K.placement_group(e["place0"].astype(str), e["provider0"].astype(str))
    lab = grp.replace({"Kinship fostering": "Fostering (in-house)"})
    lab = lab.where(lab.isin(["Fostering (in-house)", "Fostering (agency)", "Residential"]), "Other")
    vc = lab.value_counts()
    cats = ("Fostering (in-house)", "Fostering (agency)", "Residential", "Other")
    df = _shares(pd.DataFrame([{"category": k, "count": int(vc.get(k, 0)), "base": len(e)} for k in cats]))
    df["fostering"] = df["category"].str.startswith("Fostering")
    return df


def s5_reentry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    per = c.periods
    home = per[per["rec"].isin(mp.returned_home_rec) & per["end"].notna()]
    nxt = per[per["entry"]][["CHILD", "start"]].rename(columns={"start": "next"})
    m = home[["CHILD", "end", "dob"]].reset_index().merge(nxt, on="CHILD", how="left")
    m.loc[m["next"] < m["end"], "next"] = pd.NaT
    m = m.sort_values(["index", "next"]).drop_duplicates("index")
    gap = (m["next"] - m["end"]).dt.days
    rows = []
    for label, days in (("Within 3 months", 91), ("Within 1 year", 365), ("Within 6 years", int(6 * 365.25))):
        eligible = m["end"] + pd.Timedelta(days=days) <= c.base
        back = (gap <= days) & eligible
        rows.append({"category": label, "count": int(back.sum()), "base": int(eligible.sum())})
    return _shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# Impact section
# --------------------------------------------------------------------------------------

def fig22_confidence_by_setting(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review.dropna(subset=["CARE_SETTING", "CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.CARE_SETTING.items():
        sel = cr["CARE_SETTING"].eq(k)
        if sel.any():
            rows.append({"code": k, "setting": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return _shares(pd.DataFrame(rows, columns=["code", "setting", "count", "base"]))


def fig23_local_entry_rate(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = _ctx(data, mp)
    per = c.periods
    y0 = pd.Timestamp(c.base_year - 1, 4, 1)
    kids = per.loc[per["entry"] & (per["start"] >= y0) & (per["start"] <= c.base), "CHILD"].nunique()
    pop = int(data.population_imd["POPULATION_0_17"].sum())
    return pd.DataFrame([{"year": c.base_year, "count": kids, "population": pop,
                          "rate_per_10k": kids / pop * 10_000 if pop else np.nan}])


# --------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------

def _row(df, col, val, out="share"):
    r = df[df[col] == val]
    return float(r[out].iloc[0]) if len(r) else np.nan


def _h_fig01(df):
    return {"top3": "; ".join(df["factor"].head(3))}


def _h_fig10(df):
    sa = df[df["school_age"]]
    return {"school_age_entries": sa["count"].sum() / df["count"].sum(),
            "school_age_spend": sa["spend"].sum() / df["spend"].sum(),
            "largest_spend_band": df.loc[df["spend"].idxmax(), "age_band"]}


def _h_fig14(df):
    none = _row(df, "category", "No plan")
    cp_only = _row(df, "category", "Child protection plan only")
    return {"any_plan": 1 - none, "no_plan": none, "cp_only": cp_only,
            "family_help_reach": df.loc[df["family_help_reach"], "share"].sum(), "earlier_possible": none + cp_only}


def _h_fig06(df):
    return {"ratio": float(df.loc[df["group"].str.startswith("Most"), "ratio_to_least"].iloc[0])}


def _h_fig12(df):
    k, e = _row(df, "code", "K", "count"), _row(df, "code", "E", "count")
    return {"any_sen": (k + e) / df["base"].iloc[0], "support_to_ehcp": k / e if e else np.nan}


def _h_fig21(df):
    return {"one_placement_stayers": float(df[(df.group == "Stayed more than a year") & (df.placements == "1")]["share"].iloc[0]),
            "one_placement_leavers": float(df[(df.group == "Left within a year") & (df.placements == "1")]["share"].iloc[0])}


def _h_first_placement(df):
    inh = _row(df, "category", "Fostering (in-house)", "count")
    ag = _row(df, "category", "Fostering (agency)", "count")
    return {"fostering": df.loc[df["fostering"], "share"].sum(), "in_house_to_agency": inh / ag if ag else np.nan}


def _h_fig22(df):
    d = df[df["base"] >= 10]
    return {"min_share_settings_10plus": float(d["share"].min()) if len(d) else np.nan}


def _h_fig19(df):
    r = df[df.code == "RETURN_FAMILY"]
    return {"initial_return": float(r[r.plan == "Initial plan"]["share"].iloc[0]),
            "current_return": float(r[r.plan == "Current plan"]["share"].iloc[0])}


def _h_fig05(df):
    return {"top3": "; ".join(df["code"].head(3))}


def _h_fig04(df):
    return {"consent": _row(df, "code", "CONSENT"), "first": df["code"].iloc[0], "second": df["code"].iloc[1]}


_CAT = {"group_by": None, "additive": True}
_MULTI = {"additive": False}


def _spec(id, title, section, func, requires, published=(), headline=None, sdc=None, definition="", optional=()):
    return MeasureSpec(id=id, title=title, section=section, func=func, requires=tuple(requires),
                       optional=tuple(optional), published=tuple(published), headline=headline,
                       sdc=dict(sdc if sdc is not None else _CAT), definition=definition)


MEASURES: dict[str, MeasureSpec] = {s.id: s for s in [
    _spec("ctx01", "Children looked after, on a statutory plan, and living with family", "context",
          ctx_share_in_care, ["episodes", "population_imd"],
          [Published("looked_after", 0.007, "0.7% of children are looked after"),
           Published("statutory_plan", 0.044, "4.4% on a statutory plan at any point in time"),
           Published("with_family", 0.993, "99.3% live with their families")],
          lambda df: {"looked_after": _row(df, "category", "Looked after"),
                      "statutory_plan": _row(df, "category", "On a statutory plan (CIN, CP or looked after)"),
                      "with_family": _row(df, "category", "Living with family (not looked after)")},
          {"additive": False, "share_decimals": 3},
          "Children looked after, or on a CIN or CP plan, at 31 March of the base year, over the 0-17 population",
          optional=("cin_plans", "cp_plans")),
    _spec("ctx02", "Children looked after at 31 March, by year", "context", ctx_cla_change, ["episodes"],
          [Published("change", 0.29, "+29% between 2016 and 2025 (20,761 to 26,732, CCN councils)")],
          lambda df: {"change": float(df["change_since_first"].iloc[-1])},
          {"counts": ("count",), "bases": ("base",), "shares": {}, "derived": {"change_since_first": "count"},
           "decimals": {"change_since_first": 2}},
          "Children with an episode open at 31 March (short-break-only legal statuses V3/V4 excluded)"),
    _spec("ctx03", "Placement spend by year", "context", ctx_spend_change, ["episodes"],
          [Published("change", 1.46, "+146% from the report's figures (GBP 1.3bn to 3.2bn; the text states +240%)")],
          lambda df: {"change": float(df["change_since_first"].iloc[-1])},
          {"counts": ("count",), "bases": (), "shares": {}, "derived": {"spend": "count"},
           "decimals": {"spend": -3, "change_since_first": 2}},
          "Days in placement in each year x weekly cost (WEEKLY_COST, or unit costs from params), uplifted "
          "by unit_cost_growth for each year after the placement started"),
    _spec("ctx04", "Children starting a statutory plan, and the share who stayed with family", "context",
          ctx_statutory_plans, ["episodes", "cin_plans", "cp_plans"],
          [Published("stayed", 0.94, "94% of the 90,000 children starting a statutory plan each year stay with family")],
          lambda df: {"stayed": _row(df, "category", "Stayed with family (not looked after within 12 months)")},
          {"additive": False},
          "Children starting a CIN or CP plan in the year before the base year; 'stayed' = did not start to be "
          "looked after within 12 months of the plan's start"),
    _spec("ctx05", "Unaccompanied asylum-seeking children looked after at 31 March", "context", ctx_uasc,
          ["episodes", "header"],
          [Published("change", 1242, "+1,242 UASC in care since 2021 across CCN councils (not comparable to one council)",
                     kind="text")],
          lambda df: {"change": float(df["change_since_first"].iloc[-1])},
          {"counts": ("count",), "bases": (), "shares": {}, "derived": {"change_since_first": "count"}},
          "Children flagged UASC in header.csv who are looked after at 31 March"),
    _spec("ctx06", "Concentration of placement spend", "context", ctx_spend_concentration, ["episodes"],
          [Published("top5_share", 0.30, "30% of spend on 5% of children (Newton, north-east councils)")],
          lambda df: {"top5_share": float(df["spend_share"].iloc[0])},
          {"additive": True, "derived": {"spend": "count", "spend_share": "count"},
           "decimals": {"spend": -3, "spend_share": 2}},
          "Children with placement spend in the base year ranked by spend; share of spend on the top 5%"),
    _spec("cr01", "Practitioners' judgements with hindsight", "system shifts", cr_headline, ["case_review"],
          [Published("before", 0.70, "70% could have been supported better before entry"),
           Published("confident_before", 0.47, "47% of those with a degree of confidence care could be avoided"),
           Published("after", 0.32, "32% could have been supported better after entry"),
           Published("confident_after", 0.33, "33% of those with confidence of a positive exit")],
          lambda df: {"before": df["share"].iloc[0], "confident_before": df["share"].iloc[1],
                      "after": df["share"].iloc[2],
                      "confident_after": df["share"].iloc[3] if len(df) > 3 else np.nan},
          _MULTI, "Shares of reviewed children; confidence counted at the levels in measures.confident_levels"),
    _spec("fig01", "Top ten assessment factors before entry", "shift 1", fig01_assessment_factors,
          ["episodes", "assessments"],
          [Published("top3", "parental mental health, domestic abuse, drug/alcohol misuse",
                     "Mental health, domestic abuse and substance misuse of parents most common", kind="text")],
          _h_fig01, _MULTI,
          "Factors of each entrant's latest assessment in the 12 months before entry; share of entrants with one"),
    _spec("s1_parental", "Parental need present before entry", "shift 1", s1_parental_need,
          [("assessments", "case_review")],
          [Published("cin", 0.81, "81% had a parental need present")],
          lambda df: {"cin": float(df["share"].iloc[0])}, _MULTI,
          "Entrants whose assessment before entry records a factor about a parent or household member "
          "(codes 1-6 with suffix B or C)", optional=("episodes",)),
    _spec("fig02", "Primary need with underlying parental needs", "shift 1", fig02_primary_need_parental,
          ["case_review"],
          [Published("mh_or_sm", 0.5, "For most children, adult mental health and/or substance misuse present",
                     kind="min")],
          lambda df: {"mh_or_sm": 1 - df.loc[df.parental == "Neither", "count"].sum() / df.drop_duplicates("code")["base"].sum()},
          {"group_by": ["code"], "additive": True}),
    _spec("fig03", "Services parents interacted with before entry", "shift 1", fig03_parent_services,
          ["case_review"],
          [Published("pooled", 0.5, "Parents interacted with relevant specialist support in about half of cases")],
          lambda df: {"pooled": float(df["share"].iloc[-1])}, _MULTI),
    _spec("fig04", "Biggest enablers of effective support", "shift 2", fig04_enablers, ["case_review"],
          [Published("consent", 0.42, "Consent/engagement of parents: 42%, the most common"),
           Published("second", "INFO_SHARING", "Information sharing second", kind="text")],
          _h_fig04, _MULTI),
    _spec("fig05", "What could have differed where consent was lacking", "shift 2", fig05_consent_changes,
          ["case_review"],
          [Published("top3", "TRAUMA_INFORMED; EARLIER; MENTAL_LOAD",
                     "Awareness/trauma-informed approaches, earlier support, less mental load", kind="text")],
          _h_fig05, _MULTI),
    _spec("fig06", "Entries per 10,000 children by deprivation decile", "shift 2", fig06_deprivation,
          ["episodes", "home_lsoa", "population_imd"],
          [Published("ratio", 2.5, "Children in more deprived neighbourhoods enter care at 2.5x the rate")],
          _h_fig06,
          {"counts": ("count",), "bases": (), "shares": {},
           "derived": {"rate_per_10k": "count", "ratio_to_least": "count"},
           "decimals": {"rate_per_10k": 0, "ratio_to_least": 1}},
          "Children entering care in the cohort years by the IMD 2025 decile of their home LSOA; rate per "
          "year per 10,000 children aged 0-17 in that decile", optional=("lsoa_imd",)),
    _spec("s2_ethnicity", "Ethnicity of children entering care", "shift 2", s2_ethnicity, ["episodes", "header"],
          [Published("u12_short", 0.25, "25% ethnic minority among those in care under a year"),
           Published("population", 0.15, "vs 15% of the 0-17 population"),
           Published("12plus", 0.27, "27% of entrants aged 12+ not White British")],
          lambda df: {"u12_short": df["share"].iloc[0], "u12_long": df["share"].iloc[1],
                      "12plus": df["share"].iloc[2], "population": df["share"].iloc[3]},
          _MULTI, "Follow-up cohort; Refused / not obtained excluded"),
    _spec("fig07", "Voice of the child captured", "shift 2", fig07_voice, ["case_review"],
          [Published("consistent", 1 / 3, "Less than a third consistently", kind="max")],
          lambda df: {"consistent": _row(df, "code", "CONSISTENT")}),
    _spec("fig08", "Confidence the child could stay home, by voice captured", "shift 2", fig08_voice_confidence,
          ["case_review"],
          [Published("consistent", 0.5, "Over 50% where the child's wishes were heard", kind="min"),
           Published("not_captured", 0.22, "22% where the voice was not captured")],
          lambda df: {"consistent": _row(df, "code", "CONSISTENT"), "partial": _row(df, "code", "PARTIAL"),
                      "not_captured": _row(df, "code", "NOT_CAPTURED")}, _MULTI),
    _spec("fig09", "Voice heard, by school phase", "shift 2", fig09_voice_by_phase, ["case_review"],
          [Published("secondary", 0.88, "88% of secondary-age"), Published("primary", 0.40, "40% of primary-age")],
          lambda df: {"secondary": _row(df, "code", "SECONDARY"), "primary": _row(df, "code", "PRIMARY")}, _MULTI),
    _spec("fig10", "Age at entry and placement spend", "shift 3", fig10_age_spend, ["episodes", "header"],
          [Published("school_age_entries", 0.56, "56% of entries are school age"),
           Published("school_age_spend", 0.77, "77% of spend"),
           Published("largest_spend_band", "5-10 (primary)", "Primary-age entrants the largest cost", kind="text")],
          _h_fig10,
          {"additive": True, "derived": {"spend": "children", "spend_share": "children"},
           "counts": ("count", "children"), "decimals": {"spend": -3, "spend_share": 2}},
          "Entries: entrant cohort by age at entry. Spend: base-year spend of children in care, by their age "
          "at the start of their current period"),
    _spec("fig11", "School attendance before entry", "shift 3", fig11_attendance,
          ["episodes", "header", "school"],
          [Published("all", 0.80, "80% of school-age entrants attend 3+ days a week"),
           Published("primary", 0.92, "92% of primary-age")],
          lambda df: {"all": _row(df, "phase", "All school age (5-15)"), "primary": _row(df, "phase", "Primary (5-10)")},
          _MULTI),
    _spec("fig12", "Special educational needs at entry", "shift 3", fig12_sen, ["episodes", "header", "school"],
          [Published("any_sen", 1 / 3, "About one in three have SEN"),
           Published("support_to_ehcp", 0.5, "SEN support : EHCP about 1 : 2")],
          _h_fig12),
    _spec("fig13", "Source of the last contact before entry", "shift 3", fig13_last_contact,
          ["episodes", ("referrals", "contacts")],
          [Published("schools_entrants", 0.12, "Schools made the last referral for 12% of entrants"),
           Published("schools_all", 0.16, "vs 16% of all contacts")],
          lambda df: {"schools_entrants": _row(df, "source", "Schools"),
                      "schools_all": _row(df, "source", "Schools", "all_contacts_share")},
          {"additive": True, "counts": ("count", "all_contacts"), "bases": ("base", "all_contacts_base"),
           "shares": {"share": ("count", "base"), "all_contacts_share": ("all_contacts", "all_contacts_base")}}),
    _spec("fig14", "Plans in the 6 months before entry", "shift 4", fig14_plans_before_entry,
          ["episodes", "cin_plans", "cp_plans", "early_help"],
          [Published("any_plan", 0.61, "61% had an EH, CIN or CP plan"), Published("no_plan", 0.39, "39% none"),
           Published("cp_only", 0.35, "35% CP plan only"),
           Published("family_help_reach", 0.25, "Family Help would reach ~25%"),
           Published("earlier_possible", 0.74, "Earlier support possible for up to 74%")],
          _h_fig14),
    _spec("s4_cp_short", "Child protection plans open less than 6 months at entry", "shift 4", s4_cp_short,
          ["episodes", "cp_plans"], [Published("short", 0.59, "59% of CP plans open < 6 months at entry")],
          lambda df: {"short": float(df["share"].iloc[0])}),
    _spec("s4_single_contact", "Entrants without a plan: number of contacts (4 years)", "shift 4",
          s4_single_contact, ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
          [Published("one", 0.48, "Just under half had one contact only")],
          lambda df: {"one": float(df["share_of_those_with_contacts"].iloc[0])},
          {"additive": True, "derived": {"share_of_those_with_contacts": "count"},
           "decimals": {"share_of_those_with_contacts": 2}}),
    _spec("fig15", "Time from penultimate contact to entry (no plan, 2+ contacts)", "shift 4",
          fig15_penultimate_contact, ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
          [Published("six_plus", 0.46, "46% six months or more")],
          lambda df: {"six_plus": df.loc[df["six_months_or_more"], "count"].sum() / df["base"].iloc[0]}),
    _spec("fig16", "Known previously: plan length and referrals from the community", "shift 4",
          fig16_known_previously, ["episodes", "cin_plans", "cp_plans", "early_help"], (), None,
          {"group_by": ["panel"], "additive": True}, optional=("referrals",)),
    _spec("s4_contacts_plans", "Contacts and children starting plans in a year", "shift 4", s4_contacts_vs_plans,
          ["contacts", "cin_plans", "cp_plans"],
          [Published("ratio", 4.6, "230,000 contacts and 50,000 children on plans a year (ratio 4.6)")],
          lambda df: {"ratio": float(df["contacts_per_child_with_plan"].iloc[0])},
          {"counts": ("count",), "bases": (), "shares": {}, "derived": {"contacts_per_child_with_plan": "count"},
           "decimals": {"contacts_per_child_with_plan": 1}},
          optional=("early_help", "episodes")),
    _spec("fig17", "Services in contact before entry (case notes)", "shift 4", fig17_services_before,
          ["case_review"],
          [Published("GP_HEALTH", 0.45, "GP or health 45%"), Published("POLICE", 0.41, "Police 41%")],
          lambda df: {"GP_HEALTH": _row(df, "code", "GP_HEALTH"), "POLICE": _row(df, "code", "POLICE")}, _MULTI),
    _spec("s5_stay", "Entrants staying more than a year", "shift 5", s5_stay_over_year, ["episodes"],
          [Published("over_year", 0.80, "Over 80% stay more than a year", kind="min")],
          lambda df: {"over_year": float(df["share"].iloc[0])}),
    _spec("fig18", "Time in care, entrants aged 5 and over", "shift 5", fig18_time_in_care, ["episodes", "header"],
          [Published("until18", 0.50, "About 50% stay until 18")],
          lambda df: {"until18": _row(df, "category", "Until 18")},
          definition="First entries at age 5+ of children who had turned 18 by the base date"),
    _spec("fig19", "Initial vs current permanence plan (in care over a year)", "shift 5", fig19_permanence_plans,
          ["case_review"],
          [Published("initial_return", 0.28, "Initial plan return to family 28%"),
           Published("current_return", 0.16, "Current plan 16%")],
          _h_fig19, {"group_by": ["plan"], "additive": True}, optional=("episodes",)),
    _spec("fig20", "Why reconnection was not supported", "shift 5", fig20_reconnection, ["case_review"],
          [Published("more_possible", 0.33, "More could have been done in 33%"),
           Published("top", "JOINED_UP", "Joined-up working and information sharing most common", kind="text")],
          lambda df: {"more_possible": float(df["share"].iloc[0]),
                      "top": df[df.panel.str.startswith("Barriers")]["code"].iloc[0]
                      if (df.panel.str.startswith("Barriers")).any() else None}, _MULTI),
    _spec("fig21", "Placements in the first year", "shift 5", fig21_first_year_placements, ["episodes"],
          [Published("one_placement_stayers", 0.65, "One placement: 65% of those staying over a year"),
           Published("one_placement_leavers", 0.92, "92% of those leaving within a year")],
          _h_fig21, {"group_by": ["group"], "additive": True}),
    _spec("s5_first_placement", "First placement of 1-15 year olds staying over a year", "shift 5",
          s5_first_placement, ["episodes", "header"],
          [Published("fostering", 0.80, "80% initially fostered"),
           Published("in_house_to_agency", 2.0, "In-house : agency about 2 : 1")],
          _h_first_placement),
    _spec("s5_reentry", "Re-entry to care after returning home", "shift 5", s5_reentry, ["episodes"],
          [Published("3m", 0.12, "12% within 3 months (national, Home Again report)"),
           Published("1y", 0.20, "20% within a year"), Published("6y", 0.35, "35% within 6 years")],
          lambda df: {"3m": df["share"].iloc[0], "1y": df["share"].iloc[1], "6y": df["share"].iloc[2]}, _MULTI),
    _spec("fig22", "Confidence the child could have avoided care, by care setting", "impact",
          fig22_confidence_by_setting, ["case_review"],
          [Published("min_share_settings_10plus", 0.0, "Opportunity across all settings (every setting above 0)",
                     kind="min")],
          _h_fig22, _MULTI),
    _spec("fig23", "Children entering care per 10,000 (this council's point for figure 23)", "impact",
          fig23_local_entry_rate, ["episodes", "population_imd"], (), None,
          {"counts": ("count",), "bases": (), "shares": {}, "derived": {"rate_per_10k": "count"},
           "decimals": {"rate_per_10k": 0}},
          "The spread across county councils needs the public data folder and is built by the public-data "
          "chapter; this is the council's own rate in the base year"),
]}


def compute(data: ChildData, measure_id: str, params: MeasureParams | None = None):
    """One measure, without disclosure control (for tests and calibration; never publish this)."""
    spec = MEASURES[measure_id]
    mp = params or MeasureParams()
    missing = spec.missing(data)
    if missing:
        return Unavailable("needs " + ", ".join(missing))
    try:
        return spec.func(data, mp)
    except NotComputable as e:
        return Unavailable(str(e))


def compute_all(data: ChildData | None, disclosure: DisclosureParams | None = None,
                params: MeasureParams | None = None, *, ids=None, strict: bool = False) -> dict:
    """Every measure, disclosure-controlled: ``{id: DataFrame | Unavailable}``.

    A measure whose tables are missing, or whose data do not allow it, comes back as
    :class:`Unavailable` with the reason.  With ``strict=False`` (the default, for report
    builds) an unexpected error in one measure is also reported as Unavailable so that
    the other chapters still build; tests use ``strict=True``.
    """
    disclosure = disclosure or DisclosureParams()
    out = {}
    for mid in (ids or MEASURES):
        if data is None:
            out[mid] = Unavailable("no child-level data (child_data.source is 'none')")
            continue
        try:
            res = compute(data, mid, params)
        except Exception as e:  # noqa: BLE001 - one bad measure must not stop the book
            if strict:
                raise
            out[mid] = Unavailable(f"could not be computed from these data ({type(e).__name__}: {e})")
            continue
        if isinstance(res, Unavailable):
            out[mid] = res
            continue
        out[mid] = apply_sdc(res, disclosure, **MEASURES[mid].sdc)
    return out


def compare_published(data: ChildData, params: MeasureParams | None = None, ids=None) -> pd.DataFrame:
    """Computed (unrounded) headline values next to the report's published ones."""
    rows = []
    for mid in (ids or MEASURES):
        spec = MEASURES[mid]
        res = compute(data, mid, params)
        with np.errstate(all="ignore"):
            got = {} if isinstance(res, Unavailable) or spec.headline is None else spec.headline(res)
        for p in spec.published:
            rows.append({"id": mid, "key": p.key, "computed": got.get(p.key, None) if got else None,
                         "published": p.value, "kind": p.kind, "text": p.text,
                         "unavailable": res.reason if isinstance(res, Unavailable) else ""})
    return pd.DataFrame(rows)
