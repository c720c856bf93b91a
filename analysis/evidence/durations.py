"""Exit hazards by years in care, estimated from SSDA903 episodes.

The impact model holds children in care by duration group: group ``d`` in the
year ending 31 March ``t`` is every child whose current period of care began in
the year ending 31 March ``t - d`` (group 0 entered during the year), and the
hazard ``h[d]`` is the share of a group's children, counting everyone in care at
some point in the year, who leave in that year (:mod:`analysis.model.core`).  This
module estimates exactly that quantity from episodes, so that the estimated
shape can replace ``model.baseline.hazard_shape``.

Definitions
-----------
* *Period of care*: starts at an episode with RNE = S and runs through the
  following episodes of the same child until an episode ends with a reason other
  than X1 (a real cease); the period ends on that episode's DEC.  A later RNE = S
  starts a new period (re-entry).  Placement or legal-status changes (RNE P, L, T,
  U, B) stay inside the period.
* *Censoring*: everything is cut at the base date (31 March of the child-level base
  year).  A period still open then, or ending after it, is censored there and
  counts as in care, not leaving, in every year up to the base year.
* *Exposure* (``at_risk``): one count for each period and each year ending 31 March
  in which it was in care at some point (period-years, counted by whole years in
  care, not by days).  A period is in duration group ``year - (year it started)``;
  durations from ``max_duration`` up form one open-ended group.
* *Exits*: the period-years in which the period ended.
* ``hazard = exits / at_risk``, fitted by a binomial GLM (statsmodels) with the
  duration group as a categorical, which gives the same point values and a Wald
  interval on the logit scale (so intervals stay inside 0-1).

Periods whose first episode in the extract is not RNE = S began before the
extract and have no known start: they are left out.  The estimation window is the
last ``years`` complete years up to the base year, starting no earlier than the
first year whose leavers the extract fully holds (judged from the earliest end
date it contains).

Disclosure control: duration groups whose exits, stayers or exposure are small
(any count at or below ``DisclosureParams.suppress_up_to``, or exposure under
``min_at_risk``) are pooled with their neighbours before anything is fitted, so no
hazard rests on a suppressed-size cell, and every count written for display passes
through :func:`analysis.evidence.sdc.apply_sdc`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.config.childdata import DisclosureParams
from analysis.evidence.sdc import apply_sdc

DEFAULT_MAX_DURATION = 10
MIN_PERIODS = 30
MIN_AT_RISK = 30
TABLE_COLUMNS = ["duration", "duration_from", "duration_to", "at_risk", "exits", "hazard", "lower", "upper", "shape"]


class HazardNotEstimable(Exception):
    """The episodes cannot support an estimate (the message says why, in plain words)."""


def fin_year(dates) -> np.ndarray:
    """Year ending 31 March of each date (2025 for 1 April 2024 to 31 March 2025)."""
    d = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates), errors="coerce"))
    return np.where(d.month >= 4, d.year + 1, d.year).astype(int)


def _last_31_march(date) -> pd.Timestamp:
    d = pd.Timestamp(date).normalize()
    y = d.year if (d.month, d.day) >= (3, 31) else d.year - 1
    return pd.Timestamp(y, 3, 31)


def _is_cease(rec) -> bool:
    """A real end of care: any REC other than X1 (a missing REC on an ended episode counts as a cease)."""
    if rec is None or (isinstance(rec, float) and np.isnan(rec)) or rec is pd.NA:
        return True
    return str(rec).strip().upper() != "X1"


# ---------------------------------------------------------------------------
# periods of care


def care_periods(episodes: pd.DataFrame, base) -> tuple[pd.DataFrame, dict]:
    """Periods of care from episodes, cut at ``base`` (moved back to the last 31 March on or before it).

    Returns one row per period with a known start (``CHILD, start, last_seen, exit``: ``exit`` true if
    the period ended on ``last_seen`` on or before the base date; otherwise it is censored at
    ``last_seen``) and a dict of counts of what was left out and why.
    """
    need = ["CHILD", "DECOM", "RNE", "DEC", "REC"]
    missing = [c for c in need if c not in episodes.columns]
    if missing:
        raise HazardNotEstimable("the episodes table lacks column(s) " + ", ".join(missing))
    base = _last_31_march(base)
    ep = episodes[need].copy()
    ep["DECOM"] = pd.to_datetime(ep["DECOM"], errors="coerce")
    ep["DEC"] = pd.to_datetime(ep["DEC"], errors="coerce")
    counts = {
        "episodes": int(len(ep)),
        "no_start_date": int(ep["DECOM"].isna().sum()),
        "after_base": 0,
        "before_extract": 0,
        "missing_end_date": 0,
        "unfinished": 0,
    }
    ep = ep[ep["DECOM"].notna()]
    after = ep["DECOM"] > base
    counts["after_base"] = int(after.sum())
    ep = ep[~after].copy()
    # an episode ending after the base date is open at the base date
    late = ep["DEC"] > base
    ep.loc[late, "DEC"] = pd.NaT
    ep.loc[late, "REC"] = None
    ep = ep.sort_values(["CHILD", "DECOM"], kind="mergesort")

    child = ep["CHILD"].astype(str).to_numpy(dtype=object)
    decom = ep["DECOM"].to_numpy()
    dec = ep["DEC"].to_numpy()
    rne = ep["RNE"].astype("object").where(ep["RNE"].notna(), "").astype(str).str.strip().str.upper().to_numpy()
    rec = ep["REC"].astype("object").to_numpy()

    rows: list[tuple] = []
    base64 = np.datetime64(base, "ns")
    cur = None  # [child, start, last episode's DEC (NaT if open), last REC]
    skipping = False  # inside a run of episodes whose period start is not in the extract

    def close(c, *, end_of_child: bool):
        if c is None:
            return
        kid, start, last_dec, _ = c
        if pd.isna(last_dec):
            rows.append((kid, start, base64, False))  # open at the base date: censored there
        else:
            # the last episode ended with X1 but no episode follows: in care at least to that date
            counts["unfinished"] += 1
            rows.append((kid, start, last_dec, False))

    prev_child = None
    for i in range(len(ep)):
        kid = child[i]
        if kid != prev_child:
            close(cur, end_of_child=True)
            cur, skipping = None, False
            prev_child = kid
        if rne[i] == "S":
            if cur is not None:
                if pd.isna(cur[2]):
                    counts["missing_end_date"] += 1  # an open episode followed by another: end unknown
                else:
                    close(cur, end_of_child=False)
            cur, skipping = [kid, decom[i], None, None], False
        elif cur is None:
            if not skipping:
                counts["before_extract"] += 1
                skipping = True
        elif pd.isna(cur[2]):
            # the previous episode has no end date, yet another episode follows: the period's end is unknown
            counts["missing_end_date"] += 1
            cur, skipping = None, True
        if cur is None:
            if skipping and not pd.isna(dec[i]) and _is_cease(rec[i]):
                skipping = False  # the run that started before the extract ends here
            continue
        cur[2], cur[3] = dec[i], rec[i]
        if not pd.isna(dec[i]) and _is_cease(rec[i]):
            rows.append((kid, cur[1], dec[i], True))
            cur = None
    close(cur, end_of_child=True)
    periods = pd.DataFrame(rows, columns=["CHILD", "start", "last_seen", "exit"])
    periods["start"] = pd.to_datetime(periods["start"])
    periods["last_seen"] = pd.to_datetime(periods["last_seen"])
    periods["exit"] = periods["exit"].astype(bool)
    return periods, counts


def period_years(
    periods: pd.DataFrame, base, *, first_year: int | None = None, max_duration: int = DEFAULT_MAX_DURATION
) -> pd.DataFrame:
    """One row per period and year ending 31 March in which it was in care at some point.

    Columns ``CHILD, period, year, duration`` (capped at ``max_duration``) and ``exit`` (left in that
    year).  Years after the base year, and before ``first_year``, are dropped.  A period censored
    part-way through a year (not at the base date) contributes only its complete years.
    """
    base = _last_31_march(base)
    base_year = base.year
    if periods.empty:
        return pd.DataFrame({"CHILD": [], "period": [], "year": [], "duration": [], "exit": []})
    fy0 = fin_year(periods["start"])
    fy1 = fin_year(periods["last_seen"])
    last = periods["last_seen"]
    at_31_march = (last.dt.month == 3) & (last.dt.day == 31)
    exit_ = periods["exit"].to_numpy(dtype=bool)
    end_year = np.where(exit_ | at_31_march.to_numpy(), fy1, fy1 - 1)
    end_year = np.minimum(end_year, base_year)
    n = np.maximum(end_year - fy0 + 1, 0)
    idx = np.repeat(np.arange(len(periods)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    year = fy0[idx] + offset
    left = exit_[idx] & (year == fy1[idx])
    py = pd.DataFrame(
        {
            "CHILD": periods["CHILD"].to_numpy(dtype=object)[idx],
            "period": idx,
            "year": year,
            "duration": np.minimum(offset, max_duration),
            "exit": left,
        }
    )
    if first_year is not None:
        py = py[py["year"] >= first_year]
    return py[py["year"] <= base_year].reset_index(drop=True)


def first_complete_year(episodes: pd.DataFrame) -> int:
    """The first year ending 31 March whose leavers the extract fully holds.

    Judged from the earliest end date in the extract (an extract holds the episodes open on or after some
    date): that date's year if it falls within the year's first 31 days, otherwise the next year.
    """
    dec = pd.to_datetime(episodes["DEC"], errors="coerce").dropna()
    ref = dec.min() if len(dec) else pd.to_datetime(episodes["DECOM"], errors="coerce").min()
    if pd.isna(ref):
        raise HazardNotEstimable("the episodes have no dates")
    y = int(fin_year([ref])[0])
    start = pd.Timestamp(y - 1, 4, 1)
    return y if (ref - start).days <= 31 else y + 1


# ---------------------------------------------------------------------------
# the estimate


@dataclass
class HazardEstimate:
    """Exit hazards by duration group, with their interval and the counts behind them.

    ``table`` holds unrounded counts (child-level: never show it directly; use :meth:`display_table`).
    """

    table: pd.DataFrame
    base_year: int
    first_year: int
    level: float
    n_periods: int
    n_children: int
    counts: dict = field(default_factory=dict)

    def _single_years(self, column: str) -> list[float]:
        t = self.table
        last_from = int(t["duration_from"].iloc[-1])
        out = []
        for d in range(last_from + 1):
            row = t[(t["duration_from"] <= d)].iloc[-1]
            out.append(float(row[column]))
        return out

    def shape_vector(self) -> list[float]:
        """Relative hazard by single year in care (0 = year of entry), last value open-ended; first is 1."""
        return self._single_years("shape")

    def relative_bounds(self) -> tuple[list[float], list[float]]:
        """Interval of each single year's hazard as a multiplier of its point value."""
        h = np.asarray(self._single_years("hazard"))
        lo = np.asarray(self._single_years("lower")) / h
        hi = np.asarray(self._single_years("upper")) / h
        return lo.tolist(), hi.tolist()

    def to_model(self, source: str):
        """The :class:`analysis.model.hazards.HazardShape` the model run takes."""
        from analysis.model.hazards import HazardShape

        lo, hi = self.relative_bounds()
        return HazardShape(shape=tuple(self.shape_vector()), lower=tuple(lo), upper=tuple(hi), source=source)

    def display_table(self, disclosure: DisclosureParams | None = None) -> pd.DataFrame:
        """The table with disclosure control applied: counts rounded, hazards rounded to 0.1 points."""
        t = self.table[TABLE_COLUMNS].copy()
        derived = {c: ["exits", "at_risk"] for c in ("hazard", "lower", "upper", "shape")}
        return apply_sdc(
            t,
            disclosure,
            counts=("exits", "at_risk"),
            bases=(),
            shares={},
            derived=derived,
            decimals={"hazard": 3, "lower": 3, "upper": 3, "shape": 2},
        )

    def display_counts(self, disclosure: DisclosureParams | None = None) -> dict:
        """Periods, children, period-years and exits behind the estimate, disclosure-controlled."""
        t = pd.DataFrame(
            [
                {
                    "periods": self.n_periods,
                    "children": self.n_children,
                    "period_years": int(self.table["at_risk"].sum()),
                    "exits": int(self.table["exits"].sum()),
                }
            ]
        )
        s = apply_sdc(t, disclosure, counts=("periods", "children", "period_years", "exits"), bases=(), shares={})
        return {
            k: (None if pd.isna(s[k].iloc[0]) else int(s[k].iloc[0]))
            for k in ("periods", "children", "period_years", "exits")
        }


def _pool(counts: pd.DataFrame, threshold: int, min_at_risk: int) -> list[list[int | None]]:
    """Duration bands [from, to (None = open), exits, at_risk] with no small cell."""
    bands: list[list[int | None]] = [
        [int(d), int(d), int(x), int(n)] for d, x, n in counts[["duration", "exits", "at_risk"]].itertuples(index=False)
    ]
    if not bands:
        return bands
    bands[-1][1] = None

    def small(b):
        x, n = b[2], b[3]
        return x <= threshold or (n - x) <= threshold or n < min_at_risk

    def merge(a, b):
        return [a[0], b[1], a[2] + b[2], a[3] + b[3]]

    while len(bands) > 1 and small(bands[-1]):
        last = bands.pop()
        bands[-1] = merge(bands[-1], last)
    i = len(bands) - 2
    while i >= 0:
        if small(bands[i]):
            bands[i] = merge(bands[i], bands[i + 1])
            del bands[i + 1]
        i -= 1
    return bands


def _band(b: list[int | None]) -> tuple[int, int | None, int, int]:
    """A band of :func:`_pool` as (from, to, exits, at_risk): only ``to`` may be None."""
    lo, hi, exits, at_risk = b
    assert lo is not None and exits is not None and at_risk is not None
    return lo, hi, exits, at_risk


def periods_phrase(n) -> str:
    """How many periods of care an estimate rests on, for prose: 'about 2,600' (``n`` is already
    disclosure-controlled), or 'a small number of' when it is suppressed or missing."""
    from analysis.common import fmt

    return f"about {fmt.num(n)}" if n else "a small number of"


def _label(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo} or more"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def estimate_hazards(
    episodes,
    *,
    base=None,
    measures=None,
    years: int | None = None,
    first_year: int | None = None,
    max_duration: int = DEFAULT_MAX_DURATION,
    disclosure: DisclosureParams | None = None,
    level: float = 0.95,
    min_periods: int = MIN_PERIODS,
    min_at_risk: int = MIN_AT_RISK,
) -> HazardEstimate:
    """Estimate exit hazards by years in care from SSDA903 episodes (see the module docstring).

    episodes: the episodes table, or a :class:`~analysis.inputs.childdata.load.ChildData`.
    base: base date; default the child-level base date of the evidence measures (31 March of
        ``measures.base_year``, or the latest 31 March the episodes reach).
    years: length of the estimation window in years ending 31 March (default: every complete year).
    first_year: earliest year used; default :func:`first_complete_year`.
    disclosure: thresholds of the disclosure control; small duration groups are pooled.

    Raises :class:`HazardNotEstimable` when the episodes cannot support an estimate.
    """
    from analysis.inputs.childdata.load import ChildData

    if isinstance(episodes, ChildData):
        data = episodes
        if not data.available("episodes"):
            raise HazardNotEstimable("no episodes table was supplied")
        ep = data.episodes
    else:
        ep = episodes
        data = None
    if ep is None or len(ep) == 0:
        raise HazardNotEstimable("the episodes table is empty")
    if base is None:
        from analysis.config.childdata import MeasureParams
        from analysis.evidence.measures import NotComputable, measure_context

        try:
            base = measure_context(
                data if data is not None else ChildData(episodes=ep), measures or MeasureParams()
            ).base
        except NotComputable as e:
            raise HazardNotEstimable(str(e)) from e
    base = _last_31_march(base)
    disclosure = disclosure or DisclosureParams()
    periods, counts = care_periods(ep, base)
    start_year = first_complete_year(ep) if first_year is None else int(first_year)
    if years is not None:
        start_year = max(start_year, base.year - int(years) + 1)
    if start_year > base.year:
        raise HazardNotEstimable(f"the extract holds no complete year of leavers up to {base.year}")
    py = period_years(periods, base, first_year=start_year, max_duration=max_duration)
    n_periods = int(py["period"].nunique()) if len(py) else 0
    if n_periods < min_periods:
        raise HazardNotEstimable(
            f"only {n_periods} period(s) of care with a known start fall in "
            f"{start_year}-{base.year}; at least {min_periods} are needed"
        )
    g = py.groupby("duration")["exit"].agg(exits="sum", at_risk="size").reset_index()
    full = pd.DataFrame({"duration": np.arange(int(g["duration"].max()) + 1)})
    g = full.merge(g, on="duration", how="left").fillna(0)
    bands = [_band(b) for b in _pool(g, disclosure.suppress_up_to, min_at_risk)]
    bad = [
        b
        for b in bands
        if b[2] <= disclosure.suppress_up_to
        or b[3] - b[2] <= disclosure.suppress_up_to
        or b[3] < min_at_risk
        or b[2] == 0
        or b[2] == b[3]
    ]
    if bad:
        raise HazardNotEstimable(
            "even with every duration pooled, the exits or stayers are too few to show "
            "an exit hazard without disclosing small numbers"
        )

    import statsmodels.api as sm
    from scipy.special import expit

    exits = np.array([b[2] for b in bands], dtype=float)
    at_risk = np.array([b[3] for b in bands], dtype=float)
    X = np.eye(len(bands))
    with warnings.catch_warnings():
        # one parameter per group is a saturated fit: statsmodels warns about the zero residual degrees of
        # freedom and "perfect prediction", neither of which affects a binomial model's standard errors
        warnings.simplefilter("ignore")
        res = sm.GLM(np.column_stack([exits, at_risk - exits]), X, family=sm.families.Binomial()).fit(tol=1e-12)
    eta = np.asarray(res.params, dtype=float)
    ci = np.asarray(res.conf_int(alpha=1.0 - level), dtype=float)
    hazard = expit(eta)
    table = pd.DataFrame(
        {
            "duration": [_label(b[0], b[1]) for b in bands],
            "duration_from": [b[0] for b in bands],
            "duration_to": pd.array([b[1] for b in bands], dtype="Int64"),
            "at_risk": at_risk.astype(int),
            "exits": exits.astype(int),
            "hazard": hazard,
            "lower": expit(ci[:, 0]),
            "upper": expit(ci[:, 1]),
        }
    )
    table["shape"] = table["hazard"] / table["hazard"].iloc[0]
    n_children = int(pd.Series(py["CHILD"]).nunique())
    return HazardEstimate(
        table=table,
        base_year=int(base.year),
        first_year=int(py["year"].min()),
        level=level,
        n_periods=n_periods,
        n_children=n_children,
        counts=counts,
    )


# ---------------------------------------------------------------------------
# build results (written by analysis.pipeline.compute, read by the methodology chapter)
