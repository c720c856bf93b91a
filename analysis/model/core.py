"""The duration-cohort stock-flow model: pure functions, no I/O.

Time runs in years ending 31 March.  Index 0 of every yearly array is the base
year (observed or calibrated); indices 1.. are projected.  Children in care are
held by completed years in care: group 0 entered during the year, group d
entered d years earlier, and the last group is open-ended.

One projected year:

1. every group moves one year on (the last group keeps its members);
2. the year's entrants join group 0;
3. each group loses ``hazard[d]`` of its members to exits (entrants face the
   group-0 hazard in the year they arrive, so the hazard is a share of the
   children in care at some point in the year);
4. the impact scenarios change entries by ``1 - reduction x phase`` and exits
   by ``1 + uplift x lagged phase``.  With ``mode="exits"`` the uplift is applied
   to the year's number of exits from the cohort model and the extra leavers
   are tracked apart (they do not lower later exits); with ``mode="hazard"`` it
   multiplies each group's hazard, so the cohorts themselves are depleted.

Every function accepts leading batch dimensions (``(..., T)`` and
``(..., K)`` arrays), which the Monte Carlo uses to run all draws at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from analysis.config.model import UpliftMode

# ---------------------------------------------------------------------------
# building blocks


def by_group(values: Sequence[float], n_groups: int) -> np.ndarray:
    """Per-duration ``values`` stretched (or cut) to ``n_groups`` groups: the last value applies to
    every longer duration."""
    v = np.asarray(values, dtype=float)
    full = np.empty(n_groups)
    m = min(len(v), n_groups)
    full[:m] = v[:m]
    full[m:] = v[-1]
    return full


def hazard_vector(level, shape: Sequence[float], n_groups: int) -> np.ndarray:
    """Exit hazard by duration group: ``level x shape`` (last shape value repeated), clipped to [0, 1].

    ``level`` may be an array; the result then has shape ``level.shape + (n_groups,)``.
    """
    level = np.asarray(level, dtype=float)
    return np.clip(level[..., None] * by_group(shape, n_groups), 0.0, 1.0)


def steady_state(hazards: np.ndarray, growth) -> np.ndarray:
    """Children in care by duration at the end of a year, per entrant of that year.

    Assumes entries have grown at ``growth`` a year for ever and the hazards have
    not changed, so every group is ``(1 + growth) ** -d`` times the survivors of
    one year's entrants.  The open last group is summed in closed form.
    """
    h = np.asarray(hazards, dtype=float)
    g = np.asarray(growth, dtype=float)[..., None]
    k = h.shape[-1]
    surv = np.cumprod(1.0 - h, axis=-1)
    disc = (1.0 + g) ** -np.arange(k)
    n = surv * disc
    denom = np.maximum(g[..., 0] + h[..., -1], 1e-9)
    n[..., -1] = n[..., -2] * (1.0 - h[..., -1]) / denom
    return n


def phase_profile(
    years: np.ndarray, first_impact_year: int, ramp: Sequence[float], *, lag: int = 0, delay=0
) -> np.ndarray:
    """Share of the full impact reached in each year.

    Zero before ``first_impact_year + delay + lag``; then ``ramp[0]``, ``ramp[1]``, ... with
    the last value continuing.  ``delay`` may be an integer array (one per draw).
    """
    years = np.asarray(years)
    shares = np.asarray(ramp, dtype=float)
    delay = np.asarray(delay)
    k = years - (first_impact_year + lag) - delay[..., None]
    idx = np.clip(k, 0, len(shares) - 1)
    return np.where(k >= 0, shares[idx], 0.0)


def reentry_kernel(share_3_months: float, share_1_year: float, share_6_years: float) -> np.ndarray:
    """Share of a year's reunified leavers who re-enter in that year (index 0), the next (1), ...

    Cumulative re-entry is linear between the published points (0 at exit, 3
    months, 1 year, 6 years) and flat after six years; leavers exit at mid-year on
    average, so the share by the end of year ``k`` after exit is read at ``k + 0.5``.
    """
    pts_t = [0.0, 0.25, 1.0, 6.0]
    pts_r = [0.0, share_3_months, share_1_year, share_6_years]
    at = np.arange(8) + 0.5
    cum = np.interp(at, pts_t, pts_r)
    return np.diff(np.concatenate([[0.0], cum]))


# ---------------------------------------------------------------------------
# the projection


def project(
    initial,
    entries,
    hazards,
    *,
    exit_uplift=None,
    mode: UpliftMode = "exits",
    hazard_multiplier=None,
    reentry: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Project the stock forward.

    initial: ``(..., K)`` children in care by duration at the end of the base year.
    entries: ``(..., T)`` entrants in projected years 1..T (before any re-entries).
    hazards: ``(..., K)`` exit hazard by duration.
    exit_uplift: ``(..., T)`` uplift x lagged phase, or None.
    hazard_multiplier: ``(..., T)`` multiplier of all hazards by year (trend in exit rates), or None.
    reentry: re-entry kernel (see :func:`reentry_kernel`) applied to the extra exits, or None.

    Returns ``entries`` (including re-entries), ``exits``, ``extra_exits``,
    ``reentries`` and ``cla`` (end-of-year stock), each ``(..., T)``.
    """
    initial = np.asarray(initial, dtype=float)
    entries = np.asarray(entries, dtype=float)
    hazards = np.asarray(hazards, dtype=float)
    shapes = [initial.shape[:-1], entries.shape[:-1], hazards.shape[:-1]]
    if exit_uplift is not None:
        exit_uplift = np.asarray(exit_uplift, dtype=float)
        shapes.append(exit_uplift.shape[:-1])
    if hazard_multiplier is not None:
        hazard_multiplier = np.asarray(hazard_multiplier, dtype=float)
        shapes.append(hazard_multiplier.shape[:-1])
    batch = np.broadcast_shapes(*shapes)
    K = initial.shape[-1]
    T = entries.shape[-1]
    if K < 2:
        raise ValueError("need at least two duration groups")

    n = np.broadcast_to(initial, batch + (K,)).copy()
    stock = n.sum(-1)  # children actually in care (differs from n.sum() in "exits" mode)
    L = 0 if reentry is None else len(reentry)
    scheduled = np.zeros(batch + (T + L + 1,))
    out = {k: np.zeros(batch + (T,)) for k in ("entries", "exits", "extra_exits", "reentries", "cla")}

    for t in range(T):
        e = entries[..., t] + scheduled[..., t]
        new = np.empty_like(n)
        new[..., 0] = e
        new[..., 1 : K - 1] = n[..., : K - 2]
        new[..., K - 1] = n[..., K - 2] + n[..., K - 1]
        h = hazards if hazard_multiplier is None else hazards * hazard_multiplier[..., t, None]
        h_base = np.clip(h, 0.0, 1.0)
        if exit_uplift is not None and mode == "hazard":
            h_eff = np.clip(h * (1.0 + exit_uplift[..., t, None]), 0.0, 1.0)
            ex = new * h_eff
            n = new - ex
            x = ex.sum(-1)
            extra = x - (new * h_base).sum(-1)
        else:
            ex = new * h_base
            n = new - ex
            x_c = ex.sum(-1)
            if exit_uplift is None:
                x = x_c
            else:
                # the year's exits x (1 + uplift), never more than the children actually in care
                x = np.clip(x_c * (1.0 + exit_uplift[..., t]), 0.0, stock + e)
            extra = x - x_c
        stock = np.maximum(stock + e - x, 0.0)
        same_year = np.zeros(batch)
        if reentry is not None:
            rk = np.asarray(reentry)
            back = np.maximum(extra, 0.0)
            same_year = rk[0] * back
            n[..., 0] += same_year
            stock = stock + same_year
            for k in range(1, L):
                scheduled[..., t + k] += rk[k] * back
        out["entries"][..., t] = e + same_year
        out["reentries"][..., t] = scheduled[..., t] + same_year
        out["exits"][..., t] = x
        out["extra_exits"][..., t] = extra
        out["cla"][..., t] = stock
    return out


def multipliers_for_path(initial, entries, hazards, target) -> np.ndarray:
    """Hazard multipliers, year by year, that make the projected stock follow ``target``.

    For each projected year the multiplier of all exit hazards is found (by bisection; exits rise
    with it) so that the end-of-year stock equals ``target`` for that year, given the earlier years'
    multipliers.  Where no multiplier can reach the target (more exits than children in care, or
    fewer than none), the nearest bound is kept.
    """
    from scipy.optimize import brentq

    entries = np.asarray(entries, dtype=float)
    hazards = np.asarray(hazards, dtype=float)
    target = np.asarray(target, dtype=float)
    positive = hazards[hazards > 0]
    m_hi = 1.0 / float(positive.min()) if positive.size else 1.0
    found: list[float] = []
    for t in range(len(target)):

        def gap(m: float, t: int = t) -> float:
            mult = np.array([*found, m])
            return float(project(initial, entries[: t + 1], hazards, hazard_multiplier=mult)["cla"][-1] - target[t])

        lo, hi = gap(0.0), gap(m_hi)
        if lo <= 0.0:
            found.append(0.0)
        elif hi >= 0.0:
            found.append(m_hi)
        else:
            found.append(float(brentq(gap, 0.0, m_hi, xtol=1e-12)))
    return np.array(found)


# ---------------------------------------------------------------------------
# baseline inputs and scenarios


@dataclass(frozen=True)
class BaselineInputs:
    """Everything the scenarios share: the do-nothing inputs for one area.

    ``entries`` covers the base year and the projected years (length T + 1);
    ``hazard_multiplier`` covers projected years only (length T).  ``hazard_bounds``,
    when the hazard shape was estimated, holds the low and high ends of each
    duration group's hazard as multipliers of its central value (length K); the
    Monte Carlo draws within them.
    """

    years: np.ndarray
    cla_base: float
    entries: np.ndarray
    hazards: np.ndarray
    initial: np.ndarray
    exits_base: float
    unit_cost_base: float
    unit_cost_growth: float
    budget_base: float
    budget_growth: float
    hazard_multiplier: np.ndarray | None = None
    hazard_bounds: tuple[np.ndarray, np.ndarray] | None = None  # (low, high) multipliers of each group's hazard
    #: children held apart from the modelled flows (unaccompanied asylum-seeking children), each of
    #: length T + 1: (in care at 31 March, starts, ceases).  Added to every scenario's children in care,
    #: entries and exits; the shifts do not act on them.  None = every child is modelled.
    uasc: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def base_year(self) -> int:
        return int(self.years[0])

    def scaled(self, factor: float) -> "BaselineInputs":
        """The same area pro rata to ``factor`` x its population (all counts and money)."""
        return BaselineInputs(
            years=self.years,
            cla_base=self.cla_base * factor,
            entries=self.entries * factor,
            hazards=self.hazards,
            initial=self.initial * factor,
            exits_base=self.exits_base * factor,
            unit_cost_base=self.unit_cost_base,
            unit_cost_growth=self.unit_cost_growth,
            budget_base=self.budget_base * factor,
            budget_growth=self.budget_growth,
            hazard_multiplier=self.hazard_multiplier,
            hazard_bounds=self.hazard_bounds,
            uasc=None if self.uasc is None else tuple(np.asarray(a) * factor for a in self.uasc),  # type: ignore[arg-type]
        )

    def held_cla(self) -> np.ndarray:
        """Children in care held apart (UASC), base year + projected years (zeros when none)."""
        return np.zeros(len(self.years)) if self.uasc is None else np.asarray(self.uasc[0], dtype=float)


@dataclass(frozen=True)
class ScenarioSpec:
    """A scenario's settings; ``entry_reduction`` and ``exit_uplift`` may be ``(S, 1)`` arrays, a batch of
    S settings run at once by :func:`run_scenario` (the scenario explorer's grid)."""

    name: str
    entry_reduction: float | np.ndarray = 0.0
    exit_uplift: float | np.ndarray = 0.0
    delay_years: int = 0


@dataclass(frozen=True)
class PhasingSpec:
    first_impact_year: int = 2028
    ramp: tuple[float, ...] = (0.5, 1.0)
    exit_lag_years: int = 1
    delay_years: int = 0


def growth_path(base, growth, years, base_year: int) -> np.ndarray:
    """``base x (1 + growth) ** (year - base_year)``; base and growth may be batch arrays."""
    base = np.asarray(base, dtype=float)[..., None]
    growth = np.asarray(growth, dtype=float)[..., None]
    return base * (1.0 + growth) ** (np.asarray(years) - base_year)


def scenario_flows(bi: BaselineInputs, entry_reduction, exit_uplift, phasing: PhasingSpec, extra_delay: int = 0):
    """The projected years' entrants and exit uplift (uplift x lagged phase) of a scenario, as
    :func:`project` takes them, and the two phase profiles: ``(entries, uplift, entry phase, exit phase)``,
    uplift None for no uplift.  ``entry_reduction``
    and ``exit_uplift`` are numbers, or ``(S, 1)`` arrays for a batch of S settings (then the uplift is
    always an array: a row of zeros projects exactly as no uplift)."""
    proj = bi.years[1:]
    delay = phasing.delay_years + extra_delay
    pe = phase_profile(proj, phasing.first_impact_year, phasing.ramp, delay=delay)
    px = phase_profile(proj, phasing.first_impact_year, phasing.ramp, lag=phasing.exit_lag_years, delay=delay)
    entries = bi.entries[1:] * (1.0 - entry_reduction * pe)
    uplift = None if np.ndim(exit_uplift) == 0 and exit_uplift == 0 else exit_uplift * px
    return entries, uplift, pe, px


def _after_base(base: float, projected: np.ndarray) -> np.ndarray:
    """The base year's value, then the projected years (along the last axis of a batch)."""
    first = np.broadcast_to(np.asarray(base, dtype=float), projected.shape[:-1] + (1,))
    return np.concatenate([first, projected], axis=-1)


def run_scenario(
    bi: BaselineInputs,
    spec: ScenarioSpec,
    phasing: PhasingSpec,
    *,
    mode: UpliftMode = "exits",
    reentry: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """One scenario for base year + projected years: entries, exits, cla, spend, budget, overspend; for a
    batch of settings (``spec`` with ``(S, 1)`` arrays) each flow is ``(S, years)``."""
    years = bi.years
    entries, uplift, pe, px = scenario_flows(bi, spec.entry_reduction, spec.exit_uplift, phasing, spec.delay_years)
    p = project(
        bi.initial,
        entries,
        bi.hazards,
        exit_uplift=uplift,
        mode=mode,
        hazard_multiplier=bi.hazard_multiplier,
        reentry=reentry if uplift is not None else None,
    )
    out = {
        "entries": _after_base(bi.entries[0], p["entries"]),
        "exits": _after_base(bi.exits_base, p["exits"]),
        "extra_exits": _after_base(0.0, p["extra_exits"]),
        "reentries": _after_base(0.0, p["reentries"]),
        "cla": _after_base(bi.cla_base, p["cla"]),
        "entry_phase": np.concatenate([[0.0], pe]),
        "exit_phase": np.concatenate([[0.0], px]),
    }
    if bi.uasc is not None:
        u_cla, u_in, u_out = (np.asarray(a, dtype=float) for a in bi.uasc)
        out["entries"] = out["entries"] + u_in
        out["exits"] = out["exits"] + u_out
        out["cla"] = out["cla"] + u_cla
        out["uasc_cla"] = u_cla
        out["uasc_entries"] = u_in
    unit_cost = growth_path(bi.unit_cost_base, bi.unit_cost_growth, years, bi.base_year)
    out["unit_cost"] = unit_cost
    out["spend"] = out["cla"] * unit_cost
    out["budget"] = growth_path(bi.budget_base, bi.budget_growth, years, bi.base_year)
    out["overspend"] = out["spend"] - out["budget"]
    return out


# ---------------------------------------------------------------------------
# finance summaries


def break_even_year(years, spend, budget, from_year: int) -> int | None:
    """First year from ``from_year`` with spend <= budget, or None if none by the last year."""
    years = np.asarray(years)
    ok = (years >= from_year) & (np.asarray(spend) <= np.asarray(budget))
    idx = np.flatnonzero(ok)
    return int(years[idx[0]]) if idx.size else None


def break_even_years(years, spend, budget, from_year: int) -> np.ndarray:
    """Vectorised :func:`break_even_year` over leading dimensions; 0 means none by the last year."""
    years = np.asarray(years)
    ok = (years >= from_year) & (np.asarray(spend) <= np.asarray(budget))
    any_ok = ok.any(-1)
    first = np.argmax(ok, axis=-1)
    return np.where(any_ok, years[first], 0)


def cumulative_from(years, values, from_year: int) -> np.ndarray:
    """Running sum of ``values`` from ``from_year`` (zero before it)."""
    years = np.asarray(years)
    v = np.where(years >= from_year, np.asarray(values, dtype=float), 0.0)
    return np.cumsum(v, axis=-1)


def overspend_until_break_even(years, overspend, break_even: int | None, from_year: int) -> float:
    """Overspend summed from ``from_year`` up to the year before break-even (to the end if none)."""
    years = np.asarray(years)
    end = years[-1] + 1 if break_even is None else break_even
    sel = (years >= from_year) & (years < end)
    return float(np.asarray(overspend)[sel].sum())


def mean_over(years, values, start: int, end: int) -> float:
    years = np.asarray(years)
    sel = (years >= start) & (years <= end)
    return float(np.asarray(values)[sel].mean()) if sel.any() else float("nan")


def parents_supported(
    entries_do_nothing, entry_phase, scale: float, need_share: float, not_accessed_share: float
) -> np.ndarray:
    """Extra parents supported a year: do-nothing entries x parental need x not yet supported x phase x scale."""
    return np.asarray(entries_do_nothing) * need_share * not_accessed_share * np.asarray(entry_phase) * scale
