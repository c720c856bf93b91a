"""The charts and sentences say only what the numbers support: the sensitivity chart is a range, not a
stack; break-even is worded from the simulations' probability; a suppressed cell shows as suppressed;
a chart from synthetic data says so in its title and caption; count helpers agree with their verb; money
axis labels never repeat."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.common import fmt
from analysis.present import narrative as nv
from analysis.present.figures import Fig, impact, shifts
from analysis.present.figures import evidence as ev
from analysis.present.money_axis import money_ticks

GOLDEN = Path(__file__).resolve().parent / "golden"


def _spec_layers(chart) -> list[dict]:
    spec = chart.to_dict()
    out, todo = [], [spec]
    while todo:
        s = todo.pop()
        todo.extend(s.get("layer", []))
        if "mark" in s:
            out.append(s)
    return out


def _mark(layer: dict) -> str:
    m = layer["mark"]
    return m if isinstance(m, str) else m["type"]


# -- 1. the sensitivity chart ------------------------------------------------------------------------


def golden_tornado() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "ccn-report" / "model" / "tornado.csv")


def test_tornado_bars_run_from_low_to_high_value_not_stacked():
    t = golden_tornado()
    res = SimpleNamespace(tornado=t, headline={"cumulative_benefit_full": float(t["benefit_central"].iloc[0])})
    f = impact.tornado(res, "CCN")
    d = f.data.set_index("Assumption")
    size = t.set_index("assumption").loc["impact_scale"]
    # the bar's extent is the low-end and the high-end value, not their sum (about £8.2bn)
    assert d.loc["Size of the impact", "From"] == pytest.approx(size["benefit_low"])
    assert d.loc["Size of the impact", "To"] == pytest.approx(size["benefit_high"])
    for layer in _spec_layers(f.chart):
        x = layer.get("encoding", {}).get("x", {})
        assert x.get("stack") in (None, False), "no layer may stack"
    bars = [lay for lay in _spec_layers(f.chart) if _mark(lay) == "bar"]
    assert bars and all("x2" in b["encoding"] for b in bars), "each bar runs from one value (x) to another (x2)"
    # everything drawn lies within the lowest and highest single value
    assert f.data["To"].max() <= t[["benefit_low", "benefit_high"]].to_numpy().max() + 1


def test_tornado_drops_budget_growth_and_says_why():
    t = golden_tornado()
    res = SimpleNamespace(tornado=t, headline={"cumulative_benefit_full": float(t["benefit_central"].iloc[0])})
    f = impact.tornado(res, "CCN")
    assert "Growth in the budget" not in set(f.data["Assumption"])
    assert "Growth in the budget is not shown" in f.caption and "cannot move the avoided cost" in f.caption
    assert "£4.69bn" in f.caption and "from £2.38bn to £5.82bn" in f.caption


def test_moves_benefit_flags_only_the_inert_assumption():
    from analysis.model.uncertainty import moves_benefit

    t = golden_tornado()
    m = dict(zip(t["assumption"], moves_benefit(t)))
    assert m == {
        "impact_scale": True,
        "delay": True,
        "unit_cost_growth": True,
        "hazard_multiplier": True,
        "budget_growth": False,
    }


# -- 2. break-even worded from the simulations ----------------------------------------------------------


def fake_results(shares: dict, never: float, be_full=2033, be_half=None, margin=5e6) -> SimpleNamespace:
    rows = [{"scenario": "full", "break_even_year": y, "label": str(y), "share": s} for y, s in shares.items()]
    rows.append({"scenario": "full", "break_even_year": None, "label": "not by 2035", "share": never})
    dist = pd.DataFrame(rows)
    dist["break_even_year"] = dist["break_even_year"].astype("Int64")
    series = []
    for y in range(2025, 2036):
        budget = 3.6e9
        series += [
            {"scenario": "do_nothing", "year": y, "metric": "budget", "value": budget},
            {"scenario": "full", "year": y, "metric": "spend", "value": budget - margin},
            {"scenario": "half", "year": y, "metric": "spend", "value": budget + 1e8},
        ]
    h = {
        "break_even_year_full": be_full,
        "break_even_year_half": be_half,
        "cumulative_overspend_full": 2.61e9,
        "cumulative_overspend_half": 4.72e9,
        "cumulative_from": 2026,
        "horizon_year": 2035,
        "base_year": 2025,
        "budget_source": "published",
    }
    return SimpleNamespace(breakeven_distribution=dist, series=pd.DataFrame(series), headline=h)


COIN_TOSS = {2030: 0.016, 2031: 0.0761, 2032: 0.1213, 2033: 0.1267, 2034: 0.1113, 2035: 0.0792}


def test_break_even_is_worded_from_the_probability():
    res = fake_results(COIN_TOSS, 0.4694)
    odds = nv.break_even_odds(res)
    assert odds.by(2033) == pytest.approx(0.3401)
    s = nv.break_even_sentence(res.headline, "full", odds)
    assert "in 2033 (2032/33) in the central case" in s
    assert "clears the budget by only £5.0m that year" in s
    assert "less likely than not rather than certain" in s
    assert "by 2033 in about a third of simulations (34%)" in s
    assert "in 47% of simulations it is still above budget in 2035" in s
    # the key findings carry the same words
    kf = nv.key_findings({**res.headline, **_findings_headline()}, "X", odds)
    assert "about a third of simulations (34%)" in kf[-1]
    # half impact is bounded by full impact: never worded as certain
    half = nv.break_even_sentence(res.headline, "half", odds)
    assert "still above budget in 2035 in the central case" in half and "53% of simulations" in half


def _findings_headline() -> dict:
    return json.loads((GOLDEN / "ccn-report" / "model" / "headline.json").read_text()) | {"budget_source": "published"}


def test_without_simulations_the_old_sentence_stays():
    res = fake_results(COIN_TOSS, 0.4694)
    assert nv.break_even_sentence(res.headline, "full") == (
        "At full impact, spend falls back within budget in 2033 (2032/33), after a cumulative overspend of "
        "£2.61bn from 2026."
    )


@pytest.mark.parametrize(
    "p, word",
    [
        (0.0, "very unlikely"),
        (0.049, "very unlikely"),
        (0.2, "unlikely"),
        (0.34, "less likely than not"),
        (0.5, "about as likely as not"),
        (0.7, "more likely than not"),
        (0.9, "likely"),
        (0.97, "very likely"),
        (1.0, "very likely"),
    ],
)
def test_likelihood_bands(p, word):
    assert nv.likelihood(p) == word


@pytest.mark.parametrize(
    "p, text",
    [
        (0.3401, "about a third of simulations (34%)"),
        (0.4694, "47% of simulations"),
        (0.5, "about half of simulations (50%)"),
        (0.003, "under 1% of simulations"),
        (0.0, "no simulation"),
        (1.0, "every simulation"),
    ],
)
def test_share_words(p, text):
    assert nv.share_words(p) == text


def test_no_zero_percent_sentences_when_all_or_none_break_even():
    none = fake_results({y: 0.0 for y in range(2026, 2036)}, 1.0, be_full=None)
    f = impact.breakeven_distribution(none, "Rutland")
    assert "0%" not in f.caption and "0%" not in f.alt
    assert "No simulation brings spend back within budget by 2035." in f.caption
    every = fake_results({2030: 0.5, 2031: 0.5}, 0.0, be_full=2031)
    f = impact.breakeven_distribution(every, "X")
    assert "0%" not in f.caption
    assert "every simulation" in f.caption


# -- 3. a suppressed cell shows as suppressed --------------------------------------------------------


def primary_need() -> pd.DataFrame:
    rows = []
    for need, vals in {
        "Abuse or neglect": [0.28, 0.17, 0.24, 0.31],
        "Socially unacceptable behaviour": [0.37, None, 0.37, None],
        "Child's disability": [None, None, None, None],
    }.items():
        for par, v in zip(["Adult mental health only", "Substance misuse only", "Both", "Neither"], vals):
            rows.append(
                {
                    "code": need[:3],
                    "need": need,
                    "parental": par,
                    "count": None if v is None else round(v * 20),
                    "base": 20,
                    "share": v,
                    "suppressed": v is None,
                }
            )
    return pd.DataFrame(rows)


def test_fig02_keeps_suppressed_cells_as_suppressed():
    f = shifts.fig02(primary_need(), "CCN")
    d = f.data
    sub = d[d["Primary need"] == "Socially unacceptable behaviour"].set_index("Parental needs present")
    # the shares shown are the shares published, not scaled up to fill the bar (37% + 37%, not 50% + 50%)
    assert sub.loc["Adult mental health only", "share"] == pytest.approx(0.37)
    assert sub.loc["Both", "share"] == pytest.approx(0.37)
    assert sub.loc["Suppressed (small numbers)", "share"] == pytest.approx(0.26)
    assert sub["Segment end"].max() == pytest.approx(1.0)
    # a need whose every cell is suppressed is still there, as one suppressed bar, and named
    dis = d[d["Primary need"] == "Child's disability"]
    assert list(dis["Parental needs present"]) == ["Suppressed (small numbers)"]
    assert "Every value for child's disability is suppressed" in f.caption
    assert "at least 74% had one" in f.caption
    assert "normalize" not in json.dumps(f.chart.to_dict())


def test_bar_charts_label_a_suppressed_cell():
    d = pd.DataFrame(
        {"setting": ["A", "B"], "code": ["A", "B"], "count": [50, None], "base": [150, 30], "share": [0.31, None]}
    ).assign(suppressed=[False, True])
    f = shifts.fig22(d, "X")
    values = json.dumps(f.chart.to_dict())
    assert '"suppressed"' in values  # the word is drawn where the bar would be
    layers = _spec_layers(f.chart)
    texts = [lay for lay in layers if _mark(lay) == "text"]
    assert texts
    data = f.chart.to_dict()["datasets"]
    labels = [r.get("label") for rows in data.values() for r in rows]
    assert "suppressed" in labels


# -- 4. synthetic data under a real name ------------------------------------------------------------


def test_a_chart_from_synthetic_data_says_so_in_title_and_caption():
    fig = Fig("k", "Children in care at 31 March", "570 to 780.", "alt", ev.CHILD_SOURCE, None, pd.DataFrame())
    out = ev.label_child_figure(fig, True, "Synthetic child-level data")
    assert out.title.endswith("(synthetic data)")
    assert out.caption.startswith("Synthetic data made by this package, not real children's records.")
    assert out.source == "Synthetic child-level data"
    again = ev.label_child_figure(out, True)  # idempotent
    assert again.title.count("synthetic") == 1 and again.caption.count("Synthetic data") == 1
    real = Fig("k", "T", "C.", "alt", ev.CHILD_SOURCE, None, pd.DataFrame())
    assert ev.label_child_figure(real, False).title == "T"


def test_case_review_bridge_shows_the_steps_to_the_assumptions():
    from analysis.config.model import ModelParams

    mp = ModelParams()
    t = impact.case_review_bridge(
        mp.impact.decomposition, mp.impact.full_entry_reduction(), mp.impact.full_exit_uplift()
    )
    first = t.iloc[0]
    assert (first["Entries"], first["Exits"]) == ("70%", "32%")
    second = t.iloc[1]
    assert (second["Entries"], second["Entries: so far"]) == ("47%", "32.9%")
    assert (second["Exits"], second["Exits: so far"]) == ("33%", "10.6%")
    last = t.iloc[-1]
    assert last["Entries: so far"] == "14.5% fewer entries" and last["Exits: so far"] == "2.2% more exits"


# -- 5. count helpers and axes ---------------------------------------------------------------------


@pytest.mark.parametrize("x, verb", [(1.2, "enters"), (0.3, "enters"), (2.2, "enter"), (2250, "enter")])
def test_count_helper_verb_agrees(x, verb):
    assert fmt.verb(x, "enters", "enter", 50) == verb


def test_entries_caption_agrees_for_one_child():
    years = list(range(2025, 2036))
    series = pd.DataFrame(
        [
            {"scenario": s, "year": y, "metric": "entries", "value": 10.0}
            for s in ("do_nothing", "full", "half")
            for y in years
        ]
    )
    res = SimpleNamespace(series=series, headline={"entries_fewer_per_year": 1.2, "base_year": 2025})
    assert "about 1 fewer child a year enters care" in impact.entries(res, "Rutland").caption
    res.headline["entries_fewer_per_year"] = 2.4
    assert "about 2 fewer children a year enter care" in impact.entries(res, "Rutland").caption


def test_a_small_change_in_exits_does_not_fill_the_chart():
    """Kent's exits move 2% from the observed base year to the first projected one: the y axis keeps at
    least a fifth of the largest value in view, so that step reads as 2%, not as a cliff."""
    years = list(range(2025, 2036))
    series = pd.DataFrame(
        [
            {"scenario": s, "year": y, "metric": "exits", "value": 3311.0 if y == 2025 else 3240.0 + (y - 2026)}
            for s in ("do_nothing", "entries_only", "full")
            for y in years
        ]
    )
    res = SimpleNamespace(series=series, headline={"base_year": 2025})
    spec = impact.exits(res, "Kent").chart.to_dict(validate=False)
    scale = spec["layer"][0]["encoding"]["y"]["scale"]
    assert scale["domainMin"] == pytest.approx(3311.0 * 0.8) and scale["zero"] is False
    # a series that really varies keeps its own lowest value in view
    series.loc[series.year == 2035, "value"] = 1000.0
    spec = impact.exits(SimpleNamespace(series=series, headline={"base_year": 2025}), "Kent").chart.to_dict(
        validate=False
    )
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domainMin"] == pytest.approx(1000.0)


@pytest.mark.parametrize(
    "lo, hi",
    [(4.0e6, 5.0e6), (4.31e6, 4.96e6), (3.5e6, 11e6), (2.61e9, 4.74e9), (950e3, 1.2e6), (0, 8e5), (-2e6, 3e6)],
)
def test_money_axis_labels_never_repeat(lo, hi):
    t = money_ticks(lo, hi)
    assert len(t.labels) == len(set(t.labels)) >= 2
    assert t.values[0] <= lo and t.values[-1] >= hi


def test_spend_chart_of_a_small_council_has_unique_tick_labels():
    years = np.arange(2025, 2036)
    rows = []
    for i, y in enumerate(years):
        rows += [
            {"scenario": "do_nothing", "year": y, "metric": "spend", "value": 4.2e6 + 0.07e6 * i},
            {"scenario": "full", "year": y, "metric": "spend", "value": 4.2e6 + 0.05e6 * i},
            {"scenario": "do_nothing", "year": y, "metric": "budget", "value": 4.0e6 + 0.04e6 * i},
        ]
    res = SimpleNamespace(series=pd.DataFrame(rows), headline={"base_year": 2025, "horizon_year": 2035})
    f = impact.spend_budget(res, "Rutland")
    spec = f.chart.to_dict()
    axes = [lay["encoding"]["y"]["axis"] for lay in _spec_layers(f.chart) if "axis" in lay["encoding"].get("y", {})]
    assert axes
    values, expr = axes[0]["values"], axes[0]["labelExpr"]
    # the labels Vega prints: the label expression applied to each tick value
    m = re.search(r"abs\(datum.value\) / ([\d.e+]+), ',\.(\d)f'\) \+ '(\w*)'", expr)
    assert m, expr
    div, dec, suffix = float(m.group(1)), int(m.group(2)), m.group(3)
    labels = [f"£{abs(v) / div:,.{dec}f}{suffix}" for v in values]
    assert len(set(labels)) == len(labels), labels
    assert suffix == "m" and dec >= 1
    assert spec  # serialisable


@pytest.mark.parametrize(
    "label, text",
    [
        ("GP, midwifery or other health", "GP, midwifery or other health"),
        ("Mental health - parent or carer", "mental health - parent or carer"),
        ("SEN support", "SEN support"),
        ("Child's disability", "child's disability"),
    ],
)
def test_labels_in_sentences_keep_their_acronyms(label, text):
    assert fmt.lower(label) == text


def test_tornado_axis_labels_do_not_run_together():
    t = golden_tornado()
    res = SimpleNamespace(tornado=t, headline={"cumulative_benefit_full": float(t["benefit_central"].iloc[0])})
    axes = [lay["encoding"]["x"]["axis"] for lay in _spec_layers(impact.tornado(res, "CCN").chart)]
    values = [a["values"] for a in axes if a]
    assert values and all(len(v) <= 6 for v in values)


def test_children_in_care_chart_is_composed_once_with_the_bands_under_the_lines():
    import altair as alt
    import pandas as pd

    from analysis.present.figures.impact import _cla_chart

    df = pd.DataFrame({"Year": [2025, 2026], "v": [1.0, 2.0], "lo": [0.5, 1.5], "hi": [1.5, 2.5]})
    lines = alt.layer(alt.Chart(df).mark_line().encode(x=alt.X("Year:O"), y=alt.Y("v:Q")))
    band = alt.Chart(df).mark_area().encode(x=alt.X("Year:O"), y=alt.Y("lo:Q"), y2=alt.Y2("hi:Q"))
    dn = alt.Chart(df).mark_area(opacity=0.1).encode(x=alt.X("Year:O"), y=alt.Y("lo:Q"), y2=alt.Y2("hi:Q"))

    def marks(spec):
        return [marks(s) if "layer" in s else s["mark"]["type"] for s in spec["layer"]]

    assert _cla_chart(lines, None, dn, flat=False) is lines  # no full-impact band: no do-nothing band either
    assert marks(_cla_chart(lines, band, None, flat=False).to_dict()) == ["area", ["line"]]
    assert marks(_cla_chart(lines, band, dn, flat=False).to_dict()) == ["area", ["area", ["line"]]]
    assert marks(_cla_chart(lines, band, dn, flat=True).to_dict()) == ["area", "area", ["line"]]
    assert _cla_chart(lines, band, dn, flat=True).to_dict()["width"] == 560


def test_count_axes_never_repeat_a_label_for_a_small_council():
    """Rutland's entries move between 13 and 15 children: the axis ticks whole children, so no two
    ticks print the same rounded label (they printed 15, 15, 14, 14, 13)."""
    import re

    from analysis.config.model import ModelParams
    from analysis.inputs.public.history import council_history
    from analysis.model import api
    from analysis.present.charts import chart_svg
    from analysis.present.figures import impact

    res = api.run(ModelParams(), council_history("857"), uncertainty=False)
    for fig in (impact.entries(res, "Rutland"), impact.exits(res, "Rutland")):
        spec = fig.spec()
        assert all(layer["encoding"]["y"]["axis"]["tickMinStep"] == 1 for layer in spec["layer"])
        years = {str(y) for y in range(2000, 2100)}
        labels = [t for t in re.findall(r"<text[^>]*>([0-9,]+)</text>", chart_svg(spec)) if t not in years]
        assert labels and len(labels) == len(set(labels)), labels
