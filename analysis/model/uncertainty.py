"""Monte Carlo over the uncertain assumptions, all draws at once (vectorised numpy).

Uncertain: the size of the impact (one multiplier on both the entry reduction
and the exit uplift), unit cost growth, budget growth, the exit hazards (one
multiplier, do nothing and impact alike) and a whole-year delay to the
phasing.  When the hazard shape was estimated from episodes, each duration
group's hazard is also drawn within its estimated interval (independently by
group; the starting stock by duration is kept at its central split).
Continuous assumptions are drawn from triangular distributions whose mode is
the central (deterministic) value and whose ends are the ranges in
``params.uncertainty``; the delay from its probabilities.  Draws are
independent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams
from analysis.model import core

QUANTILES = {"q025": 0.025, "q10": 0.10, "q50": 0.50, "q90": 0.90, "q975": 0.975}
UNCERTAINTY_COLUMNS = ["scenario", "metric", "year", *QUANTILES]
BREAKEVEN_COLUMNS = ["scenario", "break_even_year", "label", "share"]
TORNADO_COLUMNS = [
    "assumption",
    "low_value",
    "central_value",
    "high_value",
    "benefit_low",
    "benefit_central",
    "benefit_high",
    "swing",
    "break_even_low",
    "break_even_high",
    "cumulative_overspend_low",
    "cumulative_overspend_high",
]


def _triangular(rng, n, low, mode, high):
    mode = min(max(mode, low), high)
    if high <= low:
        return np.full(n, float(mode))
    return rng.triangular(low, mode, high, size=n)


def simulate(
    bi: core.BaselineInputs,
    params: ModelParams,
    *,
    impact_scale,
    unit_cost_growth,
    budget_growth,
    hazard_multiplier,
    delay,
    reentry=None,
    hazard_factors=None,
) -> dict[str, np.ndarray]:
    """Do nothing and full impact for a batch of assumption sets (each argument an array of draws).

    ``hazard_factors`` (draws x duration groups), if given, multiplies each group's hazard: the
    estimated hazard shape drawn within its interval.
    """
    years = bi.years
    proj = years[1:]
    ph = params.phasing
    impact_scale = np.asarray(impact_scale, dtype=float)
    delay = np.asarray(delay, dtype=int) + ph.delay_years
    red = params.impact.full_entry_reduction()
    upl = params.impact.full_exit_uplift()
    hm = np.asarray(hazard_multiplier, dtype=float)[:, None]
    if bi.hazard_multiplier is not None:
        hm = hm * bi.hazard_multiplier[None, :]
    hm = np.broadcast_to(hm, (len(impact_scale), len(proj)))
    base_entries = bi.entries[1:]
    hazards = bi.hazards
    if hazard_factors is not None:
        hazards = np.clip(bi.hazards[None, :] * np.asarray(hazard_factors, dtype=float), 0.0, 1.0)

    dn = core.project(bi.initial, base_entries, hazards, hazard_multiplier=hm)
    pe = core.phase_profile(proj, ph.first_impact_year, ph.ramp, delay=delay)
    px = core.phase_profile(proj, ph.first_impact_year, ph.ramp, lag=ph.exit_lag_years, delay=delay)
    entries = base_entries[None, :] * (1.0 - red * impact_scale[:, None] * pe)
    uplift = upl * impact_scale[:, None] * px
    full = core.project(
        bi.initial,
        entries,
        hazards,
        exit_uplift=uplift,
        mode=params.exits.uplift_mode,
        hazard_multiplier=hm,
        reentry=reentry,
    )

    n = len(impact_scale)
    base_col = np.full((n, 1), bi.cla_base)
    held = bi.held_cla()[None, :]
    cla_dn = np.concatenate([base_col, dn["cla"]], axis=1) + held
    cla_full = np.concatenate([base_col, full["cla"]], axis=1) + held
    uc = core.growth_path(np.full(n, bi.unit_cost_base), unit_cost_growth, years, bi.base_year)
    budget = core.growth_path(np.full(n, bi.budget_base), budget_growth, years, bi.base_year)
    spend_dn = cla_dn * uc
    spend_full = cla_full * uc
    from_year = max(params.years.cumulative_from, bi.base_year + 1)
    benefit = core.cumulative_from(years, spend_dn - spend_full, from_year)
    return {
        "cla_do_nothing": cla_dn,
        "cla_full": cla_full,
        "spend_do_nothing": spend_dn,
        "spend_full": spend_full,
        "budget": budget,
        "overspend_full": spend_full - budget,
        "cumulative_benefit_full": benefit,
        "cumulative_overspend_full": core.cumulative_from(years, spend_full - budget, from_year),
        "break_even_full": core.break_even_years(years, spend_full, budget, from_year),
    }


def draw(
    params: ModelParams, bi: core.BaselineInputs, n: int | None = None, seed: int | None = None
) -> dict[str, np.ndarray]:
    """The assumption draws (one array per uncertain assumption)."""
    u = params.uncertainty
    n = u.draws if n is None else n
    rng = np.random.default_rng(u.seed if seed is None else seed)
    p = np.asarray(u.delay_probabilities, dtype=float)
    out = {
        "impact_scale": _triangular(rng, n, u.impact_scale.low, 1.0, u.impact_scale.high),
        "unit_cost_growth": bi.unit_cost_growth
        + _triangular(rng, n, u.unit_cost_growth_delta.low, 0.0, u.unit_cost_growth_delta.high),
        "budget_growth": bi.budget_growth
        + _triangular(rng, n, u.budget_growth_delta.low, 0.0, u.budget_growth_delta.high),
        "hazard_multiplier": _triangular(rng, n, u.hazard_multiplier.low, 1.0, u.hazard_multiplier.high),
        "delay": rng.choice(len(p), size=n, p=p / p.sum()),
    }
    if bi.hazard_bounds is not None:
        # drawn last, so runs without an estimated shape keep exactly the draws they had before
        lo, hi = (np.asarray(v, dtype=float) for v in bi.hazard_bounds)
        out["hazard_factors"] = np.column_stack([_triangular(rng, n, a, 1.0, b) for a, b in zip(lo, hi)])
    return out


def monte_carlo(
    bi: core.BaselineInputs, params: ModelParams, *, reentry=None, n: int | None = None
) -> dict[str, pd.DataFrame]:
    """Quantiles by year, the break-even distribution and the tornado table."""
    d = draw(params, bi, n)
    sim = simulate(bi, params, reentry=reentry, **d)
    years = bi.years
    qs = np.array(list(QUANTILES.values()))
    rows = []
    for key, scen, metric in [
        ("cla_do_nothing", "do_nothing", "cla"),
        ("cla_full", "full", "cla"),
        ("spend_do_nothing", "do_nothing", "spend"),
        ("spend_full", "full", "spend"),
        ("budget", "full", "budget"),
        ("overspend_full", "full", "overspend"),
        ("cumulative_benefit_full", "full", "cumulative_benefit"),
    ]:
        q = np.quantile(sim[key], qs, axis=0)
        for j, y in enumerate(years):
            rows.append(
                {
                    "scenario": scen,
                    "metric": metric,
                    "year": int(y),
                    **{name: float(q[i, j]) for i, name in enumerate(QUANTILES)},
                }
            )
    unc = pd.DataFrame(rows, columns=UNCERTAINTY_COLUMNS)

    be = sim["break_even_full"]
    from_year = max(params.years.cumulative_from, bi.base_year + 1)
    horizon = int(years[-1])
    brows = []
    for y in range(from_year, horizon + 1):
        brows.append({"scenario": "full", "break_even_year": y, "label": str(y), "share": float(np.mean(be == y))})
    brows.append(
        {"scenario": "full", "break_even_year": None, "label": f"not by {horizon}", "share": float(np.mean(be == 0))}
    )
    bdist = pd.DataFrame(brows, columns=BREAKEVEN_COLUMNS)
    bdist["break_even_year"] = bdist["break_even_year"].astype("Int64")

    return {"uncertainty": unc, "breakeven_distribution": bdist, "tornado": tornado(bi, params, reentry=reentry)}


def tornado(bi: core.BaselineInputs, params: ModelParams, *, reentry=None) -> pd.DataFrame:
    """Cumulative benefit (full impact) with one assumption at its low or high end, the rest central.

    Also gives the break-even year and the net overspend summed to the horizon at each end.
    """
    u = params.uncertainty
    central = {
        "impact_scale": 1.0,
        "unit_cost_growth": bi.unit_cost_growth,
        "budget_growth": bi.budget_growth,
        "hazard_multiplier": 1.0,
        "delay": 0,
    }
    ends = {
        "impact_scale": (u.impact_scale.low, u.impact_scale.high),
        "unit_cost_growth": (
            bi.unit_cost_growth + u.unit_cost_growth_delta.low,
            bi.unit_cost_growth + u.unit_cost_growth_delta.high,
        ),
        "budget_growth": (bi.budget_growth + u.budget_growth_delta.low, bi.budget_growth + u.budget_growth_delta.high),
        "hazard_multiplier": (u.hazard_multiplier.low, u.hazard_multiplier.high),
        "delay": (0, len(u.delay_probabilities) - 1),
    }
    names = list(ends)
    # batch: central, then low/high for each assumption
    batch = {k: [central[k]] for k in central}
    for name in names:
        for end in ends[name]:
            for k in central:
                batch[k].append(end if k == name else central[k])
    sim = simulate(bi, params, reentry=reentry, **{k: np.asarray(v) for k, v in batch.items()})
    ben = sim["cumulative_benefit_full"][:, -1]
    cos = sim["cumulative_overspend_full"][:, -1]
    be = sim["break_even_full"]
    rows = []
    for i, name in enumerate(names):
        lo, hi = 1 + 2 * i, 2 + 2 * i
        rows.append(
            {
                "assumption": name,
                "low_value": float(ends[name][0]),
                "central_value": float(central[name]),
                "high_value": float(ends[name][1]),
                "benefit_low": float(ben[lo]),
                "benefit_central": float(ben[0]),
                "benefit_high": float(ben[hi]),
                "swing": float(abs(ben[hi] - ben[lo])),
                "break_even_low": int(be[lo]) if be[lo] else None,
                "break_even_high": int(be[hi]) if be[hi] else None,
                "cumulative_overspend_low": float(cos[lo]),
                "cumulative_overspend_high": float(cos[hi]),
            }
        )
    out = pd.DataFrame(rows, columns=TORNADO_COLUMNS).sort_values("swing", ascending=False)
    for c in ("break_even_low", "break_even_high"):
        out[c] = out[c].astype("Int64")
    return out.reset_index(drop=True)


#: A swing smaller than this share of the central benefit is no swing: the assumption cannot move the
#: cumulative benefit (budget growth changes the budget, not spend, so it never moves the avoided cost).
INERT_TOLERANCE = 1e-9


def moves_benefit(t: pd.DataFrame, tol: float = INERT_TOLERANCE) -> pd.Series:
    """For each row of a :func:`tornado` table, whether the assumption moves the cumulative benefit at all
    (either end gives a benefit other than the central one)."""
    c = t["benefit_central"]
    scale = c.abs().clip(lower=1.0)
    return ((t["benefit_low"] - c).abs() > tol * scale) | ((t["benefit_high"] - c).abs() > tol * scale)
