"""Sentences built from the numbers, shared by chapters (and tested: they change when the data change)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.common import fmt


def _h(headline: dict, key: str, default=float("nan")):
    v = headline.get(key)
    return default if v is None else v


# -- direction words ------------------------------------------------------------------------------

#: A change smaller than this share of the first value reads as "broadly flat", not as a rise or a fall.
FLAT_TOLERANCE = 0.05

#: The words for each direction, by grammatical slot: "to" (projected to ...), "s" (it ...), "ing"
#: (..., rising), "ed" (it ... last year), "ing_to" (..., rising to 870), "s_to" (it rises to 870).
DIRECTION_WORDS = {
    "rise": {"to": "rise", "s": "rises", "ing": "rising", "ed": "rose", "ing_to": "rising to", "s_to": "rises to"},
    "fall": {"to": "fall", "s": "falls", "ing": "falling", "ed": "fell", "ing_to": "falling to", "s_to": "falls to"},
    "flat": {
        "to": "stay broadly flat",
        "s": "stays broadly flat",
        "ing": "broadly flat",
        "ed": "stayed broadly flat",
        "ing_to": "little changed at",
        "s_to": "ends little changed at",
    },
    "unknown": {"to": "go", "s": "goes", "ing": "going", "ed": "went", "ing_to": "then", "s_to": "ends at"},
}


def _number(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def direction(first, last, tol: float = FLAT_TOLERANCE) -> str:
    """The direction of a series from its ``first`` to its ``last`` value: 'rise', 'fall' or 'flat'
    ('flat' when the change is within ``tol`` of the first value), 'unknown' when either is missing."""
    a, b = _number(first), _number(last)
    if a is None or b is None:
        return "unknown"
    if a == 0:
        return "flat" if b == 0 else ("rise" if b > 0 else "fall")
    change = (b - a) / abs(a)
    if abs(change) <= tol:
        return "flat"
    return "rise" if change > 0 else "fall"


def direction_word(first, last, form: str = "to", tol: float = FLAT_TOLERANCE) -> str:
    """The word for the direction from ``first`` to ``last`` in one grammatical slot (see
    :data:`DIRECTION_WORDS`): ``direction_word(1896, 870, "ing_to")`` is 'falling to'."""
    return DIRECTION_WORDS[direction(first, last, tol)][form]


def moves(first_text: str, last_text: str, d: str) -> str:
    """'rise from A to B', 'fall from A to B', 'stay broadly flat, at A and B' for a direction ``d``."""
    if d == "flat":
        return f"stay broadly flat, at {first_text} and {last_text}"
    return f"{DIRECTION_WORDS[d]['to']} from {first_text} to {last_text}"


def series_ends(history, column: str) -> tuple[int, float, int, float] | None:
    """First and last year with a value of ``column`` in a yearly history, and those values."""
    if history is None or column not in history:
        return None
    d = history.dropna(subset=[column])
    if len(d) < 2:
        return None
    first, last = d.iloc[0], d.iloc[-1]
    return int(first["year"]), float(first[column]), int(last["year"]), float(last[column])


def history_trends(history, area: str) -> str:
    """How children in care and placement spend moved over an area's own yearly history, in words
    computed from the series ('' when the history does not cover two years)."""
    cla = series_ends(history, "cla")
    if cla is None:
        return ""
    y0, c0, y1, c1 = cla
    d = direction(c0, c1)
    text = (
        f"In {area}, the number of children in care "
        + (
            f"stayed broadly flat, at {fmt.num(c0)} in {y0} and {fmt.num(c1)} in {y1}"
            if d == "flat"
            else f"{DIRECTION_WORDS[d]['ed']} from {fmt.num(c0)} in {y0} to {fmt.num(c1)} in {y1}"
        )
        + (f" ({c1 / c0 - 1:+.0%})" if c0 else "")
    )
    spend = series_ends(history, "spend")
    if spend is None:
        return text + "."
    z0, s0, z1, s1 = spend
    ds = direction(s0, s1)
    join = "and" if ds == d else "while"
    text += f", {join} placement spend " + (
        f"stayed broadly flat, at {fmt.money(s0)} in {fmt.year_label(z0)} and {fmt.money(s1)} in {fmt.year_label(z1)}"
        if ds == "flat"
        else f"{DIRECTION_WORDS[ds]['ed']} from {fmt.money(s0)} in {fmt.year_label(z0)} to {fmt.money(s1)} "
        f"in {fmt.year_label(z1)}"
    )
    text += f" ({s1 / s0 - 1:+.0%})." if s0 else "."
    return text


# -- the budget: supplied or assumed ---------------------------------------------------------------


def budget_assumed(h: dict) -> bool:
    """True when no placement budget was supplied and the model assumed one from spend (the headline's
    ``budget_source`` is 'assumed'; 'published' and 'supplied' budgets are the area's own)."""
    return h.get("budget_source") == "assumed"


def budget_term(h: dict) -> str:
    """'budget', or 'the assumed budget' when no budget was supplied (for 'within ...', 'above ...')."""
    return "the assumed budget" if budget_assumed(h) else "budget"


def assumed_gap(h: dict) -> float:
    """The share by which the assumed base-year budget falls short of spend (the params gap)."""
    s0, b0 = _h(h, "spend_base"), _h(h, "budget_base")
    return 1.0 - b0 / s0 if s0 else float("nan")


def budget_assumption(h: dict, area: str) -> str:
    """'' when the budget was supplied; else a sentence saying the budget is assumed, and how."""
    if not budget_assumed(h):
        return ""
    y0 = h.get("base_year", 2025)
    return (
        f"No placement budget was supplied for {area}, so the budget in this report is assumed: "
        f"{fmt.year_label(y0)} spend less {fmt.pct(assumed_gap(h), 1)} (the gap between spend and budget the "
        f"published report gives for the CCN councils), growing {fmt.pct(_h(h, 'budget_growth'), 2)} a year. "
        "Every budget, overspend and break-even figure for this area rests on that assumption; supplying the "
        "budget (a `budget` column in a history file named by params `history.file`) replaces it."
    )


def base_year_budget_sentence(h: dict, area: str) -> str:
    """The base-year spend against the budget, with the budget labelled when it is assumed."""
    y0 = h.get("base_year", 2025)
    s0, b0, over0 = _h(h, "spend_base"), _h(h, "budget_base"), _h(h, "overspend_base")
    over_word = "overspend" if over0 > 0 else "underspend"
    if not budget_assumed(h):
        return (
            f"In {fmt.year_label(y0)} placement spend was {fmt.money(s0)} against a budget of "
            f"{fmt.money(b0)}: an {over_word} of {fmt.money(abs(over0))}."
        )
    return (
        f"Against an assumed budget of {fmt.money(b0)}, {fmt.year_label(y0)} spend of {fmt.money(s0)} is an "
        f"{over_word} of {fmt.money(abs(over0))}. No placement budget was supplied for {area}, so the budget is "
        f"taken as spend less {fmt.pct(assumed_gap(h), 1)} (the CCN councils' gap in the published report): the "
        f"{over_word} follows from that assumption, not from the area's own accounts."
    )


# -- how sure: words for a probability from the simulations ---------------------------------------

#: The one mapping from a probability (a share of Monte Carlo simulations) to words of certainty, used by
#: every break-even and threshold statement.  Bands are [lower, upper): a share under 5% is "very
#: unlikely", 5% to 25% "unlikely", 25% to 40% "less likely than not", 40% to 60% "about as likely as
#: not", 60% to 75% "more likely than not", 75% to 95% "likely", 95% and over "very likely".  Loosely
#: after the UK Professional Head of Intelligence Assessment probability yardstick.
LIKELIHOOD_BANDS: list[tuple[float, str]] = [
    (0.05, "very unlikely"),
    (0.25, "unlikely"),
    (0.40, "less likely than not"),
    (0.60, "about as likely as not"),
    (0.75, "more likely than not"),
    (0.95, "likely"),
    (float("inf"), "very likely"),
]

#: Simple fractions a share is read as when it is within ``FRACTION_TOLERANCE`` of one.
FRACTIONS: list[tuple[float, str]] = [
    (0.1, "one in ten"),
    (0.2, "one in five"),
    (0.25, "a quarter"),
    (1 / 3, "a third"),
    (0.5, "half"),
    (2 / 3, "two thirds"),
    (0.75, "three quarters"),
    (0.8, "four in five"),
    (0.9, "nine in ten"),
]
FRACTION_TOLERANCE = 0.025

#: The central case "only just" clears the budget when its margin that year is under this share of it.
NARROW_MARGIN = 0.02


def likelihood(p: float) -> str:
    """The words of certainty for a probability (see :data:`LIKELIHOOD_BANDS`)."""
    for upper, word in LIKELIHOOD_BANDS:
        if p < upper:
            return word
    return LIKELIHOOD_BANDS[-1][1]


def share_pct(p: float) -> str:
    """A share as a whole percentage that never reads 0% or 100% unless it is exactly that."""
    if 0 < p < 0.005:
        return "under 1%"
    if 0.995 < p < 1:
        return "over 99%"
    return fmt.pct(p)


def share_words(p: float, of: str = "simulations") -> str:
    """'about a third of simulations (34%)', '47% of simulations', 'every simulation', 'no simulation'."""
    if p <= 0:
        return f"no {of.rstrip('s')}"
    if p >= 1:
        return f"every {of.rstrip('s')}"
    near = min(FRACTIONS, key=lambda f: abs(f[0] - p))
    if abs(near[0] - p) <= FRACTION_TOLERANCE:
        return f"about {near[1]} of {of} ({share_pct(p)})"
    return f"{share_pct(p)} of {of}"


@dataclass(frozen=True)
class BreakEvenOdds:
    """What the Monte Carlo simulations (full impact) say about break-even.

    ``by_year``: the share of simulations back within budget by each year (cumulative); ``never``: the
    share still above it at the ``horizon``; ``margins``: for each scenario with a central break-even year,
    (budget minus spend, budget) in that year: how far the central case clears the budget."""

    by_year: dict[int, float]
    never: float
    horizon: int
    margins: dict[str, tuple[float, float]]

    def by(self, year: int | None) -> float:
        """Share of simulations back within budget by ``year`` (by the horizon when None)."""
        year = self.horizon if year is None else year
        return max((v for y, v in self.by_year.items() if y <= year), default=0.0)


def break_even_odds(results) -> BreakEvenOdds | None:
    """The break-even odds from a model's results (None when no simulations were run)."""
    d = getattr(results, "breakeven_distribution", None)
    if d is None or not len(d):
        return None
    d = d[d["scenario"] == "full"]
    years = d[d["break_even_year"].notna()].sort_values("break_even_year")
    if not len(years):
        return None
    cum = years["share"].astype(float).cumsum().clip(upper=1.0)
    by_year = {int(y): float(v) for y, v in zip(years["break_even_year"], cum)}
    never = float(d.loc[d["break_even_year"].isna(), "share"].sum())
    h = results.headline
    margins = {}
    s = results.series
    for scen in ("full", "half"):
        be = h.get(f"break_even_year_{scen}")
        if not be:
            continue
        spend = s[(s["scenario"] == scen) & (s["metric"] == "spend") & (s["year"] == be)]["value"]
        budget = s[(s["metric"] == "budget") & (s["year"] == be)]["value"]
        if len(spend) and len(budget):
            margins[scen] = (float(budget.iloc[0] - spend.iloc[0]), float(budget.iloc[0]))
    return BreakEvenOdds(by_year, never, int(max(by_year)), margins)


def odds_sentence(odds: BreakEvenOdds, year: int | None, budget: str) -> str:
    """How many simulations bring spend back within ``budget`` by ``year`` (the horizon when None), and
    how many never do: 'Spend is back within budget by 2033 in about a third of simulations (34%); in
    47% of simulations it is still above budget in 2035.'"""
    H = odds.horizon
    year = H if year is None else year
    p = odds.by(year)
    if p <= 0:
        return f"No simulation brings spend back within {budget} by {year}."
    text = f"Spend is back within {budget} by {year} in {share_words(p)}"
    if year < H:
        text += (
            "; every simulation is back within it by " + str(H)
            if odds.never <= 0
            else f"; in {share_words(odds.never)} it is still above {budget} in {H}"
        )
    elif p < 1:
        text += f" and still above it in {H} in {share_words(odds.never)}"
    return text + "."


def _margin_text(odds: BreakEvenOdds | None, scenario: str) -> str:
    if odds is None or scenario not in odds.margins:
        return ""
    margin, budget = odds.margins[scenario]
    narrow = budget > 0 and margin < NARROW_MARGIN * budget
    return f"; it clears the budget by {'only ' if narrow else ''}{fmt.money(margin)} that year"


def break_even_sentence(h: dict, scenario: str, odds: BreakEvenOdds | None = None) -> str:
    """When spend falls back within budget in the central case and, given the simulations' ``odds``, how
    likely that is (see :data:`LIKELIHOOD_BANDS`).  The simulations vary full impact; half impact can
    do no better than full in any simulation, so for half impact the full-impact share is an upper bound."""
    label = {"full": "full impact", "half": "half impact"}[scenario]
    be = h.get(f"break_even_year_{scenario}")
    cum = _h(h, f"cumulative_overspend_{scenario}")
    budget = budget_term(h)
    H = h.get("horizon_year", 2035)
    central = " in the central case" if odds is not None else ""
    if be:
        text = (
            f"At {label}, spend falls back within {budget} in {be} ({fmt.year_label(be)}){central}, after a "
            f"cumulative overspend of {fmt.money(cum)} from {h.get('cumulative_from', 2026)}"
            f"{_margin_text(odds, scenario)}."
        )
    else:
        text = (
            f"At {label}, spend is still above {budget} in {H}{central}: the cumulative overspend "
            f"from {h.get('cumulative_from', 2026)} reaches {fmt.money(cum)}."
        )
    if odds is None:
        return text
    p = odds.by(be)
    if scenario == "full":
        if be and p < 1:
            odds_text = odds_sentence(odds, be, budget)
            return text + f" That is {likelihood(p)} rather than certain: " + odds_text[0].lower() + odds_text[1:]
        return text + " " + odds_sentence(odds, be, budget)
    bound = half_bound(odds, be, budget)
    return text + (" " + bound if bound else "")


def half_bound(odds: BreakEvenOdds, be: int | None, budget: str) -> str:
    """What the full-impact simulations say about half impact breaking even by ``be`` (the horizon when
    None): half impact can do no better than full in any simulation, so the full-impact share bounds it.
    '' when the bound says nothing (95% or more)."""
    year = odds.horizon if be is None else be
    p = odds.by(year)
    if p >= 0.95:
        return ""
    if p <= 0:
        return f"No simulation brings spend back within {budget} by {year}, even at full impact."
    return (
        "The simulations run at full impact only, and half impact can do no better than full, which is back "
        f"within {budget} by {year} in {share_words(p)}."
    )


#: A do-nothing projection that changes the number of children in care by more than this share
#: gets a caution: it is the area's history carried forward, not a forecast of what will happen.
LARGE_CHANGE = 0.5


def trend_caution(h: dict) -> str:
    """'' or a sentence warning that a large projected change rests on extrapolated trends."""
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    cla0, cla1 = _h(h, "cla_base"), _h(h, "cla_horizon_do_nothing")
    if not (cla0 > 0) or not (abs(cla1 / cla0 - 1.0) > LARGE_CHANGE):
        return ""
    word = "rise" if cla1 > cla0 else "fall"
    return (
        f"A {fmt.pct(abs(cla1 / cla0 - 1.0))} {word} in {y1 - y0} years is what the do-nothing projection "
        "gives from the area's own history; it is a projection, not a forecast, and the methodology "
        "appendix shows how it was set and how well the method did on past years."
    )


def key_findings(h: dict, area: str, odds: BreakEvenOdds | None = None) -> list[str]:
    """The key findings, computed from the headline.  When the budget is assumed, the findings that do
    not depend on it (children in care, spend, the shifts, avoided cost) come first, and the overspend
    and break-even findings come last, each saying the budget is assumed.  With the simulations' ``odds``
    the break-even finding says how likely it is."""
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    cla0, cla1 = _h(h, "cla_base"), _h(h, "cla_horizon_do_nothing")
    s0, s1 = _h(h, "spend_base"), _h(h, "spend_horizon_do_nothing")
    d, ds = direction(cla0, cla1), direction(s0, s1)
    fewer = _h(h, "entries_fewer_per_year")
    red = _h(h, "entry_reduction_full")
    caution = trend_caution(h)
    parents = _h(h, "parents_supported_per_year")
    parents_txt = fmt.about(parents, 100 if parents > 1000 else 10, "more parent", "more parents")
    if ds == d and d in ("rise", "fall"):
        spend_txt = f"and placement spend from {fmt.money(s0)} to {fmt.money(s1)} a year"
    else:
        spend_txt = f"and placement spend to {moves(fmt.money(s0), fmt.money(s1) + ' a year', ds)}"
    cla_txt = moves(f"{fmt.num(cla0)} in {y0}", f"{fmt.num(cla1)} in {y1}", d)
    do_nothing = (
        f"If nothing changes, the number of children in care in {area} is projected to {cla_txt}, {spend_txt}."
        + (" " + caution if caution else "")
    )
    budget = base_year_budget_sentence(h, area)
    shifts = (
        f"With the five shifts at full impact, "
        f"{fmt.about(fewer, 10 if fewer < 1000 else 50, 'fewer child', 'fewer children')} "
        f"a year would enter care from {h.get('mean_window_start', 2029)} ({fmt.pct(red, 1)} of entries), and "
        f"{fmt.about(_h(h, 'exits_extra_per_year'), 10)} more a year would return to their families."
    )
    parents_txt = (
        f"{parents_txt.capitalize()} "
        f"a year would get specialist help with their own mental health, substance misuse "
        f"or domestic abuse needs."
    )
    avoided = (
        f"Avoided placement costs add up to {fmt.money(_h(h, 'cumulative_benefit_full'))} "
        f"over {h.get('cumulative_from', 2026)} to {y1} at "
        f"full impact, and {fmt.money(_h(h, 'cumulative_benefit_half'))} at half impact."
    )
    break_even = break_even_sentence(h, "full", odds) + " " + break_even_sentence(h, "half", odds)
    if budget_assumed(h):
        return [do_nothing, shifts, parents_txt, avoided, budget, break_even]
    return [do_nothing, budget, shifts, parents_txt, avoided, break_even]


def _backtest_record() -> str:
    """What the shipped back-test says about the default settings, in words, from its numbers."""
    from analysis.model import intervals

    t = intervals.load()
    sc = t.get("scorecard") or {}
    err = sc.get("mean_error") or {}
    if not {"default", "persistence"} <= set(err):
        return " The settings were chosen by back-testing on the public data of every council (p2r backtest)."
    d, p = err["default"], err["persistence"]
    compare = "less than" if d < p else ("as much as" if round(d, 3) == round(p, 3) else "more than")
    text = (
        " The package's default settings were chosen by back-testing (p2r backtest): every council was fitted "
        f"to its public data up to {fmt.join(str(t.get('cutoffs', '')).split(', '))} in turn and projected to "
        f"{t.get('last_year')}; "
        f"{sc.get('min_ahead', 2)} "
        f"or more years ahead its children in care were off by {fmt.pct(d, 1)} on average (median over councils), "
        f"{compare} carrying the last value forward ({fmt.pct(p, 1)})"
    )
    if "line" in err:
        text += f", and a straight line was off by {fmt.pct(err['line'], 1)}"
    worst = sc.get("worst")
    if worst and worst["excess"] > 0:
        text += (
            f". It did worse than carrying the last value forward at some horizons, most when projecting "
            f"{worst['ahead']} years ahead from {worst['cutoff']} (an error {fmt.pct(worst['excess'], 0)} larger)"
        )
    return text + "."


def baseline_method(hp) -> str:
    """How a council's do-nothing projection was set, in words, from its ``model.history`` params."""
    how = {
        "trend": "follows a straight-line trend fitted to the years used",
        "mean": "is the mean of the years used",
        "damped": f"starts at the observed base-year rate and follows the fitted trend, fading by "
        f"{fmt.pct(1 - hp.damping, 0)} a year",
        "revert": f"starts at the observed base-year rate and moves towards the mean of the years used, "
        f"closing {fmt.pct(1 - hp.damping, 0)} of the gap each year",
    }
    window = "every year of the history" if hp.rate_window is None else f"the latest {hp.rate_window} years"
    if hp.entry_rate_method == hp.exit_rate_method:
        rates = f"The entry rate and the exit rate are fitted to {window}; each {how[hp.entry_rate_method]}."
    else:
        rates = (
            f"The entry rate and the exit rate are fitted to {window}: the entry rate {how[hp.entry_rate_method]}, "
            f"the exit rate {how[hp.exit_rate_method]}."
        )
    w_p, w_e = hp.persistence_weight, hp.england_weight
    w_fit = 1.0 - w_p - w_e
    parts = [f"{fmt.pct(w_fit, 0)} of the fitted projection"]
    if w_p > 0:
        parts.append(f"{fmt.pct(w_p, 0)} of the base-year value carried forward")
    if w_e > 0:
        parts.append(
            f"{fmt.pct(w_e, 0)} of the base-year value grown as the median English council's own fitted "
            "projection grows (shrinkage towards England)"
        )
    combo = (
        ""
        if w_p + w_e <= 0
        else " The stock-flow projection this gives is then combined with simpler paths: children in care "
        f"follow {fmt.join(parts)}, the exit hazards being scaled year by year so that the model follows that "
        f"path; entries take {fmt.pct(w_fit, 0)} of their fitted projection and the rest from the base year."
    )
    return (
        "The baseline is fitted to the area's own yearly history with statsmodels. "
        + rates
        + combo
        + _backtest_record()
        + " The table shows the fitted values and their prediction intervals."
        + (
            " The band around the do-nothing children in care and entries is not a regression interval but the "
            "method's own record: the 10th to 90th percentile of how far published counts fell from its "
            "projections of past years, by years ahead."
            if hp.interval_source == "backtest"
            else ""
        )
        + (
            " Unaccompanied asylum-seeking children, where the history counts them, are projected apart from "
            "the other children and held at their recent level; the shifts act only on the others."
            if hp.uasc == "apart"
            else ""
        )
    )
