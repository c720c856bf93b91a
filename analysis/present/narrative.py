"""Sentences built from the numbers, shared by chapters (and tested: they change when the data change)."""

from __future__ import annotations

import math

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


def break_even_sentence(h: dict, scenario: str) -> str:
    label = {"full": "full impact", "half": "half impact"}[scenario]
    be = h.get(f"break_even_year_{scenario}")
    cum = _h(h, f"cumulative_overspend_{scenario}")
    budget = budget_term(h)
    if be:
        return (
            f"At {label}, spend falls back within {budget} in {be} ({fmt.year_label(be)}), after a cumulative "
            f"overspend of {fmt.money(cum)} from {h.get('cumulative_from', 2026)}."
        )
    return (
        f"At {label}, spend is still above {budget} in {h.get('horizon_year', 2035)}: the cumulative overspend "
        f"from {h.get('cumulative_from', 2026)} reaches {fmt.money(cum)}."
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


def key_findings(h: dict, area: str) -> list[str]:
    """The key findings, computed from the headline.  When the budget is assumed, the findings that do
    not depend on it (children in care, spend, the shifts, avoided cost) come first, and the overspend
    and break-even findings come last, each saying the budget is assumed."""
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
    break_even = break_even_sentence(h, "full") + " " + break_even_sentence(h, "half")
    if budget_assumed(h):
        return [do_nothing, shifts, parents_txt, avoided, budget, break_even]
    return [do_nothing, budget, shifts, parents_txt, avoided, break_even]


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
    w = hp.persistence_weight
    combo = (
        ""
        if w <= 0
        else f" The stock-flow projection this gives is then combined with 'nothing changes': children in "
        f"care and entries follow {fmt.pct(1 - w, 0)} of the fitted projection plus {fmt.pct(w, 0)} of the "
        "base-year value, the exit hazards being scaled year by year so that the model follows that path."
    )
    return (
        "The baseline is fitted to the area's own yearly history with statsmodels. "
        + rates
        + combo
        + " The method was chosen because, fitted to the public data of every council up to 2019 and 2020 "
        "and projected to 2025, it did about as well as carrying the last value forward, where "
        "straight-line trends did much worse (p2r backtest). The table shows the fitted values and their "
        "prediction intervals."
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
