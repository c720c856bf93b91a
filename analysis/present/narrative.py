"""Sentences built from the numbers, shared by chapters (and tested: they change when the data change)."""

from __future__ import annotations

from analysis.common import fmt


def _h(headline: dict, key: str, default=float("nan")):
    v = headline.get(key)
    return default if v is None else v


def break_even_sentence(h: dict, scenario: str) -> str:
    label = {"full": "full impact", "half": "half impact"}[scenario]
    be = h.get(f"break_even_year_{scenario}")
    cum = _h(h, f"cumulative_overspend_{scenario}")
    if be:
        return (
            f"At {label}, spend falls back within budget in {be} ({fmt.year_label(be)}), after a cumulative "
            f"overspend of {fmt.money(cum)} from {h.get('cumulative_from', 2026)}."
        )
    return (
        f"At {label}, spend is still above budget in {h.get('horizon_year', 2035)}: the cumulative overspend "
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
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    cla0, cla1 = _h(h, "cla_base"), _h(h, "cla_horizon_do_nothing")
    change = cla1 - cla0
    grow = "rise" if change > 0 else "fall"
    s0, s1 = _h(h, "spend_base"), _h(h, "spend_horizon_do_nothing")
    over0 = _h(h, "overspend_base")
    over_word = "overspend" if over0 > 0 else "underspend"
    fewer = _h(h, "entries_fewer_per_year")
    red = _h(h, "entry_reduction_full")
    caution = trend_caution(h)
    parents = _h(h, "parents_supported_per_year")
    parents_txt = fmt.about(parents, 100 if parents > 1000 else 10, "more parent", "more parents")
    return [
        (
            f"If nothing changes, the number of children in care in {area} is projected to {grow} from "
            f"{fmt.num(cla0)} in {y0} to {fmt.num(cla1)} in {y1}, and placement spend from {fmt.money(s0)} to "
            f"{fmt.money(s1)} a year." + (" " + caution if caution else "")
        ),
        (
            f"In {fmt.year_label(y0)} placement spend was {fmt.money(s0)} against a budget of "
            f"{fmt.money(_h(h, 'budget_base'))}: an {over_word} of {fmt.money(abs(over0))}."
        ),
        (
            f"With the five shifts at full impact, "
            f"{fmt.about(fewer, 10 if fewer < 1000 else 50, 'fewer child', 'fewer children')} "
            f"a year would enter care from {h.get('mean_window_start', 2029)} ({fmt.pct(red, 1)} of entries), and "
            f"{fmt.about(_h(h, 'exits_extra_per_year'), 10)} more a year would return to their families."
        ),
        (
            f"{parents_txt.capitalize()} "
            f"a year would get specialist help with their own mental health, substance misuse "
            f"or domestic abuse needs."
        ),
        (
            f"Avoided placement costs add up to {fmt.money(_h(h, 'cumulative_benefit_full'))} "
            f"over {h.get('cumulative_from', 2026)} to {y1} at "
            f"full impact, and {fmt.money(_h(h, 'cumulative_benefit_half'))} at half impact."
        ),
        break_even_sentence(h, "full") + " " + break_even_sentence(h, "half"),
    ]


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
    )
