"""Charts and sentences for the evidence measures (report figures 1-22 and the textual figures).

Every function reads a disclosure-controlled measure table (see
:mod:`analysis.evidence.measures`) and returns a :class:`Fig` whose caption and
alt text are computed from it.  Suppressed cells show as gaps and are named in
the caption.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import PALETTE
from analysis.present.figures import Fig

CHILD_SOURCE = "Child-level data for this report, disclosure-controlled (counts rounded, small counts suppressed)"
BLUE, ORANGE, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]


def _pct_axis(title: str) -> alt.Axis:
    return alt.Axis(format="%", title=title, tickCount=5)


def _suppressed_note(d: pd.DataFrame, label_col: str) -> str:
    if "suppressed" not in d:
        return ""
    s = d[d["suppressed"].fillna(False).astype(bool)]
    if not len(s):
        return ""
    names = [str(x) for x in s[label_col].tolist()[:4]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" Values for {label_col.lower()} {listed} are suppressed because the numbers are small."


def hbar(
    d: pd.DataFrame,
    cat: str,
    *,
    val: str = "share",
    x_title: str,
    highlight: str | None = None,
    sort: bool = True,
    width: int = 520,
) -> alt.Chart:
    d = d.copy()
    d["label"] = d[val].map(lambda v: "" if pd.isna(v) else (f"{v:.0%}" if val == "share" else f"{v:,.0f}"))
    color = alt.value(BLUE)
    if highlight is not None:
        color = alt.condition(alt.datum[cat] == highlight, alt.value(ORANGE), alt.value(BLUE))
    y = alt.Y(f"{cat}:N", sort=("-x" if sort else None), title=None, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(d).encode(y=y)
    x = alt.X(
        f"{val}:Q",
        axis=_pct_axis(x_title) if val == "share" else alt.Axis(title=x_title, format=",.0f", tickCount=5),
        scale=alt.Scale(domain=[0, 1]) if val == "share" and d[val].max() > 0.7 else alt.Undefined,
    )
    bars = base.mark_bar(color=BLUE).encode(
        x=x, color=color, tooltip=[cat, alt.Tooltip(f"{val}:Q", format=".1%" if val == "share" else ",.0f")]
    )
    text = base.mark_text(align="left", dx=4).encode(x=f"{val}:Q", text="label:N")
    return (bars + text).properties(width=width, height=alt.Step(24))


def grouped_bar(
    d: pd.DataFrame,
    cat: str,
    group: str,
    *,
    val: str = "share",
    x_title: str,
    colours: list[str] | None = None,
    sort: list | None = None,
) -> alt.Chart:
    groups = list(dict.fromkeys(d[group]))
    cols = colours or PALETTE[: len(groups)]
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=alt.Y(f"{cat}:N", title=None, sort=sort, axis=alt.Axis(labelLimit=300)),
            yOffset=alt.YOffset(f"{group}:N", sort=groups),
            x=alt.X(f"{val}:Q", axis=_pct_axis(x_title)),
            color=alt.Color(f"{group}:N", scale=alt.Scale(domain=groups, range=cols), legend=alt.Legend(title=None)),
            tooltip=[cat, group, alt.Tooltip(f"{val}:Q", format=".1%")],
        )
        .properties(width=480, height=alt.Step(16))
    )


def _top(d, col, n=1):
    s = d.dropna(subset=["share"]).sort_values("share", ascending=False)
    return s[col].head(n).tolist()


# --------------------------------------------------------------------------- context


def ctx_cla_trend(d: pd.DataFrame, area: str) -> Fig:
    d = d[["year", "count"]].rename(columns={"year": "Year", "count": "Children in care"})
    first, last = d.iloc[0], d.iloc[-1]
    ch = last["Children in care"] / first["Children in care"] - 1
    chart = (
        alt.Chart(d)
        .mark_line(point=True, color=BLUE)
        .encode(
            x=alt.X("Year:O", axis=alt.Axis(labelAngle=0), title="31 March"),
            y=alt.Y("Children in care:Q", scale=alt.Scale(zero=False)),
            tooltip=["Year", alt.Tooltip("Children in care:Q", format=",")],
        )
        .properties(width=560, height=260)
    )
    return Fig(
        "ctx-cla",
        "Children in care at 31 March",
        f"Children in care in the child-level data for {area}, {first.Year} to {last.Year}: "
        f"{fmt.num(first['Children in care'])} to {fmt.num(last['Children in care'])} ({ch:+.0%}).",
        f"Line chart of children in care each year from {first.Year} to {last.Year}, rising from "
        f"{fmt.num(first['Children in care'])} to {fmt.num(last['Children in care'])}.",
        CHILD_SOURCE,
        chart,
        d,
    )


def ctx_spend_concentration(d: pd.DataFrame, area: str) -> Fig:
    top = d.iloc[0]
    dd = d[["category", "share", "spend_share"]].rename(
        columns={"category": "Children", "share": "Share of children", "spend_share": "Share of spend"}
    )
    long = dd.melt(id_vars="Children", var_name="Measure", value_name="share")
    chart = grouped_bar(long, "Children", "Measure", x_title="Share", colours=[BLUE, ORANGE])
    return Fig(
        "ctx-spend-concentration",
        "How placement spend is concentrated",
        f"In {area}, the most expensive {fmt.pct(top['share'])} of children in care account for "
        f"{fmt.pct(top['spend_share'])} of placement spend.",
        f"Bar chart comparing shares of children and of spend: the top {fmt.pct(top['share'])} of children "
        f"by cost take {fmt.pct(top['spend_share'])} of spend.",
        CHILD_SOURCE,
        chart,
        long,
    )


# --------------------------------------------------------------------------- shift 1


def fig01(d: pd.DataFrame, area: str) -> Fig:
    dd = d[["factor", "code", "count", "base", "share", "suppressed"]].rename(columns={"factor": "Factor"})
    top3 = _top(dd, "Factor", 3)
    return Fig(
        "fig01-factors",
        "Most common factors at the assessment before entry",
        f"The ten factors most often recorded at the last assessment before a child entered care in {area} "
        f"(share of entrants with an assessment, n = {fmt.num(d['base'].iloc[0])}). The most common: "
        f"{'; '.join(t.lower() for t in top3)}.{_suppressed_note(dd, 'Factor')}",
        f"Horizontal bar chart of ten assessment factors. The top three are {', '.join(top3)}.",
        CHILD_SOURCE,
        hbar(dd, "Factor", x_title="Share of entrants"),
        dd,
        report_figure="1",
    )


def fig02(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"need": "Primary need", "parental": "Parental needs present"})
    order = ["Adult mental health only", "Substance misuse only", "Both", "Neither"]
    chart = (
        alt.Chart(dd)
        .mark_bar()
        .encode(
            y=alt.Y("Primary need:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("share:Q", stack="normalize", axis=_pct_axis("Share of children with this primary need")),
            color=alt.Color(
                "Parental needs present:N",
                scale=alt.Scale(domain=order, range=[BLUE, GREEN, ORANGE, "#9e9e9e"]),
                legend=alt.Legend(title=None, orient="bottom", columns=2),
            ),
            order=alt.Order("order:Q"),
            tooltip=["Primary need", "Parental needs present", alt.Tooltip("share:Q", format=".0%")],
        )
        .transform_calculate(order=f"indexof({order!r}, datum['Parental needs present'])")
        .properties(width=480, height=alt.Step(28))
    )
    anyp = dd[dd["Parental needs present"] != "Neither"].groupby("Primary need")["count"].sum()
    tot = dd.groupby("Primary need")["base"].first()
    share = (anyp / tot).dropna()
    return Fig(
        "fig02-primary-need",
        "Parental needs behind each primary need",
        f"For each child's primary need at entry, the share of reviewed children whose parents had mental "
        f"health or substance misuse needs. Across the categories shown, between {fmt.pct(share.min())} and "
        f"{fmt.pct(share.max())} had at least one.",
        "Stacked bar chart: for each primary need category, the shares with adult mental health only, "
        "substance misuse only, both, or neither.",
        CHILD_SOURCE,
        chart,
        dd,
        report_figure="2",
    )


def fig03(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"service": "Service"})
    pooled = dd[dd["Service"].str.startswith("Relevant")]["share"]
    p = float(pooled.iloc[0]) if len(pooled) else float("nan")
    return Fig(
        "fig03-parent-services",
        "Parents in touch with the services matching their needs",
        f"Among reviewed children whose parents had a mental health, drug or alcohol, or domestic abuse need, "
        f"the share whose parents had been in contact with the matching specialist service before entry. "
        f"Overall, {fmt.pct(p)} had.",
        f"Bar chart of the share of parents with each need who were in contact with the matching service; "
        f"overall {fmt.pct(p)}.",
        CHILD_SOURCE,
        hbar(dd, "Service", x_title="Share of parents with the need"),
        dd,
        report_figure="3",
    )


# --------------------------------------------------------------------------- shift 2


def fig04(d, area):
    dd = d.rename(columns={"enabler": "Enabler"})
    top = _top(dd, "Enabler", 2)
    first = dd.dropna(subset=["share"]).sort_values("share", ascending=False).iloc[0]
    return Fig(
        "fig04-enablers",
        "What would most have helped support work",
        f"Practitioners' view of the biggest enablers of effective support for reviewed children in {area}. "
        f"The most common was {top[0].lower()} ({fmt.pct(first['share'])}), then {top[1].lower()}.",
        f"Horizontal bar chart of enablers of effective support; {top[0]} is most common at {fmt.pct(first['share'])}.",
        CHILD_SOURCE,
        hbar(dd, "Enabler", x_title="Share of reviewed children", highlight=top[0]),
        dd,
        report_figure="4",
    )


def fig05(d, area):
    dd = d.rename(columns={"change": "What could have differed"})
    top = _top(dd, "What could have differed", 3)
    return Fig(
        "fig05-consent",
        "Where consent was lacking: what could have made a difference",
        f"For reviewed children where parents' consent or engagement was an issue, what practitioners thought "
        f"could have changed that. The three most common: {'; '.join(t.lower() for t in top)}.",
        f"Horizontal bar chart; the top three answers are {', '.join(top)}.",
        CHILD_SOURCE,
        hbar(dd, "What could have differed", x_title="Share of those children"),
        dd,
        report_figure="5",
    )


def fig06(d, area):
    dd = d[d["decile"].notna()].copy()
    dd["Decile"] = (
        dd["decile"]
        .astype(int)
        .map(lambda x: f"{x}" + (" (most deprived)" if x == 1 else " (least deprived)" if x == 10 else ""))
    )
    dd = dd.rename(columns={"rate_per_10k": "Entries per 10,000 children"})
    most = d[d["group"].str.startswith("Most")].iloc[0]
    least = d[d["group"].str.startswith("Least")].iloc[0]
    ratio = most["rate_per_10k"] / least["rate_per_10k"] if least["rate_per_10k"] else float("nan")
    chart = (
        alt.Chart(dd)
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X(
                "Decile:N",
                sort=None,
                title="Neighbourhood deprivation decile (IMD 2025)",
                axis=alt.Axis(labelAngle=-30),
            ),
            y=alt.Y("Entries per 10,000 children:Q"),
            tooltip=["Decile", alt.Tooltip("Entries per 10,000 children:Q", format=".1f")],
        )
        .properties(width=520, height=260)
    )
    return Fig(
        "fig06-deprivation",
        "Entries to care by neighbourhood deprivation",
        f"Children entering care each year per 10,000 children, by the deprivation decile of their home "
        f"neighbourhood. Children in the two most deprived deciles enter care at {ratio:.1f} times the rate of "
        f"those in the two least deprived.",
        f"Bar chart of entry rates by deprivation decile, falling from the most to the least deprived; the most "
        f"deprived fifth has {ratio:.1f} times the rate of the least deprived fifth.",
        CHILD_SOURCE + "; IMD 2025 by LSOA",
        chart,
        dd[["Decile", "count", "population", "Entries per 10,000 children", "suppressed"]],
        report_figure="6",
    )


def fig07_08(d7, d8, area):
    a = d7.rename(columns={"voice": "Voice of the child"})[["Voice of the child", "share"]].assign(
        Measure="Share of reviewed children"
    )
    b = d8.rename(columns={"voice": "Voice of the child"})[["Voice of the child", "share"]].assign(
        Measure="Confident the child could have stayed home"
    )
    dd = pd.concat([a, b], ignore_index=True)
    c = d7.set_index("code")["share"]
    k = d8.set_index("code")["share"]
    order = list(d7["voice"])
    return Fig(
        "fig07-08-voice",
        "Whether the child's voice was heard, and what followed",
        f"How consistently the child's wishes and feelings were captured before entry ({fmt.pct(c.get('CONSISTENT'))} "
        f"consistently), and the share of those children for whom practitioners were confident the child could "
        f"have stayed at home: {fmt.pct(k.get('CONSISTENT'))} where the voice was heard consistently against "
        f"{fmt.pct(k.get('NOT_CAPTURED'))} where it was not captured.",
        "Grouped bar chart by how consistently the child's voice was captured: the share of children in each "
        "group, and the share with confidence the child could have stayed home, which is highest where the "
        "voice was heard consistently.",
        CHILD_SOURCE,
        grouped_bar(dd, "Voice of the child", "Measure", x_title="Share", sort=order, colours=[BLUE, ORANGE]),
        dd,
        report_figure="7 and 8",
    )


def fig09(d, area):
    dd = d.rename(columns={"phase": "School phase"})
    s = d.set_index("code")["share"]
    return Fig(
        "fig09-voice-phase",
        "Voice of the child by school phase",
        f"Share of reviewed children whose voice was captured, by school phase: {fmt.pct(s.get('SECONDARY'))} of "
        f"secondary-age children against {fmt.pct(s.get('PRIMARY'))} of primary-age children.",
        "Bar chart of the share with voice captured by school phase; much higher for secondary than primary.",
        CHILD_SOURCE,
        hbar(dd, "School phase", x_title="Share with voice captured", sort=False),
        dd,
        report_figure="9",
    )


# --------------------------------------------------------------------------- shift 3


def fig10(d, area):
    dd = d.rename(columns={"age_band": "Age at entry", "share": "Share of entries", "spend_share": "Share of spend"})
    long = dd.melt(
        id_vars=["Age at entry"],
        value_vars=["Share of entries", "Share of spend"],
        var_name="Measure",
        value_name="share",
    )
    school = d[d["school_age"].astype(bool)]
    e, s = school["share"].sum(), school["spend_share"].sum()
    return Fig(
        "fig10-age-spend",
        "Age at entry and share of placement spend",
        f"School-age children (5 to 15) make up {fmt.pct(e)} of entries in {area} but {fmt.pct(s)} of the "
        f"placement spend on entrants, because they tend to stay longer and in costlier placements.",
        f"Grouped bar chart by age band of the share of entries and share of spend; school-age children are "
        f"{fmt.pct(e)} of entries and {fmt.pct(s)} of spend.",
        CHILD_SOURCE + "; unit costs by placement type (params)",
        grouped_bar(long, "Age at entry", "Measure", x_title="Share", sort=list(d["age_band"]), colours=[BLUE, ORANGE]),
        long,
        report_figure="10",
    )


def fig11(d, area):
    dd = d.rename(columns={"phase": "Phase"})
    s = d.set_index("phase")["share"]
    allv = s.iloc[-1]
    return Fig(
        "fig11-attendance",
        "School attendance before entry",
        f"Share of school-age children entering care who attended school at least three days a week "
        f"(60% attendance) in the term before entry: {fmt.pct(allv)} overall.",
        f"Bar chart of attendance of at least three days a week by phase; {fmt.pct(allv)} overall.",
        CHILD_SOURCE,
        hbar(dd, "Phase", x_title="Share attending 3+ days a week", sort=False),
        dd,
        report_figure="11",
    )


def fig12(d, area):
    dd = d.rename(columns={"sen": "SEN status"})
    s = d.set_index("code")["share"]
    anyv = (s.get("K", 0) or 0) + (s.get("E", 0) or 0)
    return Fig(
        "fig12-sen",
        "Special educational needs at entry",
        f"Special educational needs of school-age entrants: {fmt.pct(anyv)} had SEN, "
        f"{fmt.pct(s.get('K'))} with SEN support and {fmt.pct(s.get('E'))} with an education, health and care plan.",
        f"Bar chart of SEN status at entry; {fmt.pct(anyv)} have some special educational need.",
        CHILD_SOURCE,
        hbar(dd, "SEN status", x_title="Share of school-age entrants"),
        dd,
        report_figure="12",
    )


def fig13(d, area):
    dd = d.rename(
        columns={"source": "Source", "share": "Last contact before entry", "all_contacts_share": "All contacts"}
    )
    long = dd.melt(
        id_vars=["Source"],
        value_vars=["Last contact before entry", "All contacts"],
        var_name="Measure",
        value_name="share",
    )
    sch = d[d["source"] == "Schools"].iloc[0] if (d["source"] == "Schools").any() else None
    extra = (
        (
            f" Schools made {fmt.pct(sch['share'])} of last contacts before entry against "
            f"{fmt.pct(sch['all_contacts_share'])} of all contacts."
        )
        if sch is not None
        else ""
    )
    return Fig(
        "fig13-last-contact",
        "Who made the last contact before entry",
        f"Source of the last contact to children's social care before a child entered care, compared with all "
        f"contacts.{extra}",
        "Grouped bar chart of contact sources for the last contact before entry and for all contacts.",
        CHILD_SOURCE,
        grouped_bar(
            long, "Source", "Measure", x_title="Share of contacts", sort=list(d["source"]), colours=[BLUE, ORANGE]
        ),
        long,
        report_figure="13",
    )


# --------------------------------------------------------------------------- shift 4


def fig14(d, area):
    dd = d.rename(columns={"category": "Plan in the 6 months before entry"})
    none = d[d["category"] == "No plan"]["share"]
    return Fig(
        "fig14-plans",
        "Support plans in the six months before entry",
        f"The plans children had in the six months before entering care in {area}. {fmt.pct(none.iloc[0] if len(none) else None)} "
        f"had no early help, child in need or child protection plan.",
        "Horizontal bar chart of plan types before entry, with no plan and child protection plan only the largest groups.",
        CHILD_SOURCE,
        hbar(dd, "Plan in the 6 months before entry", x_title="Share of entrants"),
        dd,
        report_figure="14",
    )


def fig15(d, area):
    dd = d.rename(columns={"category": "Time from penultimate contact to entry"})
    six = d[d["six_months_or_more"].astype(bool)]["share"].sum()
    return Fig(
        "fig15-penultimate",
        "How long before entry the family was previously known",
        f"For children with no plan and two or more contacts, the time between the last-but-one contact and "
        f"entry to care: {fmt.pct(six)} had been in contact six months or more before.",
        f"Bar chart of time from penultimate contact to entry; {fmt.pct(six)} six months or more.",
        CHILD_SOURCE,
        hbar(dd, "Time from penultimate contact to entry", x_title="Share", sort=False),
        dd,
        report_figure="15",
    )


def fig16(d, area):
    dd = d.rename(columns={"category": "Category", "panel": "Panel"})
    chart = (
        alt.Chart(dd)
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("Category:N", sort=None, title=None),
            x=alt.X("share:Q", axis=_pct_axis("Share of entrants")),
            row=alt.Row(
                "Panel:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")
            ),
            tooltip=["Panel", "Category", alt.Tooltip("share:Q", format=".0%")],
        )
        .resolve_scale(y="independent")
        .properties(width=420, height=alt.Step(20))
    )
    return Fig(
        "fig16-known",
        "Families known before entry",
        "How long the longest plan before entry lasted, and how many referrals from outside the council "
        "there had been before entry.",
        "Two bar charts: the length of the longest plan before entry, and the number of referrals from outside the council.",
        CHILD_SOURCE,
        chart,
        dd,
        report_figure="16",
    )


def fig17(d, area):
    dd = d.rename(columns={"service": "Service"})
    top = _top(dd, "Service", 2)
    return Fig(
        "fig17-services",
        "Services in contact with the family before entry",
        f"Services recorded in case notes as in contact with the family before entry. The most common were "
        f"{top[0].lower()} and {top[1].lower()}.",
        f"Horizontal bar chart of services in contact before entry; {top[0]} and {top[1]} are most common.",
        CHILD_SOURCE,
        hbar(dd, "Service", x_title="Share of reviewed children"),
        dd,
        report_figure="17",
    )


# --------------------------------------------------------------------------- shift 5


def fig18(d, area):
    dd = d.rename(columns={"category": "Time in care"})
    u18 = d[d["category"] == "Until 18"]["share"]
    return Fig(
        "fig18-time-in-care",
        "How long children who enter at 5 or over stay in care",
        f"Time in care for children entering aged five or over: {fmt.pct(u18.iloc[0] if len(u18) else None)} "
        f"stay until they turn 18.",
        "Bar chart of time in care for entrants aged five and over; staying until 18 is the largest group.",
        CHILD_SOURCE,
        hbar(dd, "Time in care", x_title="Share of entrants aged 5+", sort=False),
        dd,
        report_figure="18",
    )


def fig19(d, area):
    dd = d.rename(columns={"category": "Permanence plan", "plan": "Plan"})
    r = d[d["code"] == "RETURN_FAMILY"].set_index("plan")["share"]
    return Fig(
        "fig19-plans",
        "Initial and current permanence plans",
        f"Permanence plans of children in care for over a year: a return to parents or family was the first "
        f"plan for {fmt.pct(r.get('Initial plan'))} but is the current plan for {fmt.pct(r.get('Current plan'))}.",
        "Grouped bar chart comparing initial and current permanence plans; return to family falls.",
        CHILD_SOURCE,
        grouped_bar(
            dd,
            "Permanence plan",
            "Plan",
            x_title="Share of children",
            sort=list(dict.fromkeys(d["category"])),
            colours=[BLUE, ORANGE],
        ),
        dd,
        report_figure="19",
    )


def fig20(d, area):
    more = d[d["panel"].str.startswith("More")]["share"]
    dd = d[~d["panel"].str.startswith("More")].rename(columns={"category": "Barrier"})
    top = _top(dd, "Barrier", 1)
    return Fig(
        "fig20-reconnection",
        "Why reconnection with family was not supported",
        f"Practitioners thought more could have been done towards reconnection for "
        f"{fmt.pct(more.iloc[0] if len(more) else None)} of reviewed children in care. Where so, the barriers "
        f"they named; the most common was {top[0].lower() if top else 'not available'}.",
        "Horizontal bar chart of barriers to reconnection.",
        CHILD_SOURCE,
        hbar(dd, "Barrier", x_title="Share where more could have been done"),
        dd,
        report_figure="20",
    )


def fig21(d, area):
    dd = d.rename(columns={"group": "Group", "placements": "Placements in first year"})
    one = d[d["placements"].astype(str) == "1"].set_index("group")["share"]
    return Fig(
        "fig21-placements",
        "Placement moves in the first year",
        f"Number of placements in the first year in care: {fmt.pct(one.get('Stayed more than a year'))} of "
        f"children who stayed over a year had one placement, against {fmt.pct(one.get('Left within a year'))} of "
        f"those who left within a year.{_suppressed_note(dd, 'Placements in first year')}",
        "Grouped bar chart of placements in the first year for stayers and leavers; leavers mostly had one placement.",
        CHILD_SOURCE,
        grouped_bar(
            dd,
            "Placements in first year",
            "Group",
            x_title="Share of children",
            sort=["1", "2", "3", "4 or more"],
            colours=[BLUE, ORANGE],
        ),
        dd,
        report_figure="21",
    )


def fig22(d, area):
    dd = d.rename(columns={"setting": "Care setting"})
    shown = dd.dropna(subset=["share"])
    return Fig(
        "fig22-setting",
        "Confidence the child could have avoided care, by setting",
        f"Share of reviewed children, by current care setting, for whom practitioners were confident that care "
        f"could have been avoided: between {fmt.pct(shown['share'].min())} and {fmt.pct(shown['share'].max())} "
        f"in the settings shown.{_suppressed_note(dd, 'Care setting')}",
        "Horizontal bar chart of confidence by care setting; similar across settings.",
        CHILD_SOURCE,
        hbar(dd, "Care setting", x_title="Share with confidence"),
        dd,
        report_figure="22",
    )


def published_text(store, mid: str) -> str:
    """The report's published value(s) for a measure, as a sentence, for comparison."""
    pubs = store.published(mid) or []
    texts = [p.get("text") for p in pubs if isinstance(p, dict) and p.get("text")]
    return ("The published report found: " + "; ".join(texts) + ".") if texts else ""


def child_source(ctx) -> str:
    """The source note for child-level figures: says plainly when the data are synthetic."""
    label = ctx.prepared.get("child_data_label", "")
    if label.startswith("synthetic"):
        return (
            f"Synthetic child-level data from this package's seeded generator (seed {ctx.params.child_data.seed}), "
            f"not real records; "
            f"disclosure-controlled (counts rounded, small counts suppressed)"
        )
    return CHILD_SOURCE


def show_child_figure(ctx, fig) -> None:
    """Show a figure built from child-level data, with a source note that says whether the data are synthetic."""
    from analysis.present.figures import show

    fig.source = fig.source.replace(CHILD_SOURCE, child_source(ctx))
    show(fig)


def synthetic_notice(ctx) -> None:
    """A callout at the top of an evidence chapter when its child-level data are synthetic."""
    from analysis.present.context import md

    if ctx.prepared.get("child_data_label", "").startswith("synthetic"):
        md(
            "::: {.callout}\n**Illustrative data.** The figures in this chapter are computed from a synthetic "
            "dataset made by the package to resemble the patterns the published report describes. They show the "
            "method, not any council's real children. A council supplies its own files to replace them "
            "(see the [data sources](data-quality.html) appendix).\n:::\n"
        )


def show_measure(ctx, mid: str, builder, *extra_ids: str, compare: bool = True) -> None:
    """Show one evidence figure (or say why it cannot be shown).  Returns nothing, so that a call at
    the end of a cell leaves no stray table repr in the executed notebook (Quarto would print it)."""
    from analysis.present.context import md, unavailable

    store = ctx.evidence
    ids = (mid,) + extra_ids
    missing = [i for i in ids if not store.available(i)]
    title = store.index.get(mid, {}).get("title", mid)
    if missing:
        unavailable(title, store.reason(missing[0]))
        return
    frames = [store.get(i) for i in ids]
    show_child_figure(ctx, builder(*frames, ctx.area))
    if compare:
        txt = " ".join(t for t in (published_text(store, i) for i in ids) if t)
        if txt:
            md(txt)


def share_of(d: pd.DataFrame | None, col: str, value, share: str = "share"):
    """The share in the row where ``col == value`` (None if missing or suppressed)."""
    if d is None:
        return None
    r = d[d[col].astype(str) == str(value)]
    if not len(r) or pd.isna(r[share].iloc[0]):
        return None
    return float(r[share].iloc[0])
