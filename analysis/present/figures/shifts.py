"""Charts and sentences for the report's five shifts (report figures 1-22).

Every function reads a disclosure-controlled measure table (see
:mod:`analysis.evidence.measures`) and returns a :class:`Fig` whose caption and
alt text are computed from it.  Suppressed cells are labelled as suppressed in the chart (never drawn as
zero or shared out among the cells shown) and named in the caption.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import layer, props
from analysis.present.figures import Fig
from analysis.present.figures.evidence_common import (
    BLUE,
    CHILD_SOURCE,
    GREEN,
    ORANGE,
    PURPLE,
    SUPPRESSED,
    SUPPRESSED_COLOUR,
    grouped_bar,
    hbar,
    part_of_whole,
    pct_axis,
    suppressed_note,
    top_categories,
)
from analysis.present.narrative import direction_word

# --------------------------------------------------------------------------- shift 1


def fig01(d: pd.DataFrame, area: str) -> Fig:
    dd = d[["factor", "code", "count", "base", "share", "suppressed"]].rename(columns={"factor": "Factor"})
    top3 = top_categories(dd, "Factor", 3)
    return Fig(
        "fig01-factors",
        "Most common factors at the assessment before entry",
        f"The ten factors most often recorded at the last assessment before a child entered care in {area} "
        f"(share of entrants with an assessment, n = {fmt.num(d['base'].iloc[0])}). The most common: "
        f"{'; '.join(fmt.lower(t) for t in top3)}.{suppressed_note(dd, 'Factor')}",
        f"Horizontal bar chart of ten assessment factors. The top three are {', '.join(top3)}.",
        CHILD_SOURCE,
        hbar(dd, "Factor", x_title="Share of entrants"),
        dd,
        report_figure="1",
    )


def fig02(d: pd.DataFrame, area: str) -> Fig:
    """One 100% bar per primary need, split by the parental needs present.  Suppressed cells are not shared
    out among the others: what they hide together is a grey 'suppressed' segment, and a need whose cells are
    all suppressed is a grey bar, named in the caption."""
    dd = d.rename(columns={"need": "Primary need", "parental": "Parental needs present"})
    order = ["Adult mental health only", "Substance misuse only", "Both", "Neither"]
    seg = part_of_whole(dd, "Primary need", "Parental needs present", order)
    needs = list(dict.fromkeys(dd["Primary need"]))
    domain = order + ([SUPPRESSED] if (seg["Parental needs present"] == SUPPRESSED).any() else [])
    y = alt.Y("Primary need:N", title=None, sort=needs, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(seg).encode(y=y)
    bars = base.mark_bar(stroke="#ffffff", strokeWidth=1).encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[0, 1]), axis=pct_axis("Share of children with this primary need")),
        x2=alt.X2("end:Q"),
        color=alt.Color(
            "Parental needs present:N",
            scale=alt.Scale(domain=domain, range=[BLUE, GREEN, ORANGE, PURPLE, SUPPRESSED_COLOUR][: len(domain)]),
            legend=alt.Legend(title=None, orient="bottom", columns=3),
        ),
        tooltip=[
            alt.Tooltip("Primary need"),
            alt.Tooltip("Parental needs present"),
            alt.Tooltip("share:Q", format=".0%"),
        ],
    )
    text = (
        base.transform_calculate(mid="(datum.start + datum.end) / 2")
        .transform_calculate(ink=f"datum['Parental needs present'] == '{order[0]}' ? '#ffffff' : '#1b1b1b'")
        .mark_text(fontSize=11)
        .encode(x=alt.X("mid:Q"), text=alt.Text("label:N"), color=alt.Color("ink:N", scale=None, legend=None))
    )
    chart = layer(bars, text, width=480, height=alt.Step(28))
    # at least one parental need: 1 minus 'Neither' where that is shown; where it is suppressed, at least the
    # parental shares shown; where everything is suppressed, nothing
    known, lower, hidden = {}, {}, []
    for need, g in dd.groupby("Primary need", sort=False):
        s = g.set_index("Parental needs present")["share"]
        if s.isna().all():
            hidden.append(need)
        elif pd.notna(s.get("Neither")):
            known[need] = 1.0 - float(s["Neither"])
        else:
            lower[need] = float(s.drop("Neither", errors="ignore").dropna().sum())
    caption = (
        "For each child's primary need at entry, the share of reviewed children whose parents had mental "
        "health or substance misuse needs."
    )
    if known:
        caption += (
            f" Where the numbers allow, between {fmt.pct(min(known.values()))} and {fmt.pct(max(known.values()))} "
            "had at least one."
        )
    if lower or hidden or (seg["Parental needs present"] == SUPPRESSED).any():
        caption += (
            " Grey segments are values suppressed because the numbers are small, shown together: they are not "
            "zero, and the shares beside them are not scaled up to fill the bar."
        )
    for need, v in lower.items():
        caption += f" For {fmt.lower(need)}, at least {fmt.pct(v)} had one (the rest is suppressed)."
    if hidden:
        names = [fmt.lower(n) for n in hidden]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        caption += f" Every value for {listed} is suppressed."
    return Fig(
        "fig02-primary-need",
        "Parental needs behind each primary need",
        caption,
        "Bar chart, one full-width bar per primary need, split into the shares with adult mental health only, "
        "substance misuse only, both, or neither; values suppressed for small numbers form one grey segment.",
        CHILD_SOURCE,
        chart,
        seg.drop(columns=["label"]).rename(columns={"start": "Segment start", "end": "Segment end"}),
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


def fig04(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"enabler": "Enabler"})
    top = top_categories(dd, "Enabler", 2)
    first = dd.dropna(subset=["share"]).sort_values("share", ascending=False).iloc[0]
    return Fig(
        "fig04-enablers",
        "What would most have helped support work",
        f"Practitioners' view of the biggest enablers of effective support for reviewed children in {area}. "
        f"The most common was {fmt.lower(top[0])} ({fmt.pct(first['share'])}), then {fmt.lower(top[1])}.",
        f"Horizontal bar chart of enablers of effective support; {top[0]} is most common at {fmt.pct(first['share'])}.",
        CHILD_SOURCE,
        hbar(dd, "Enabler", x_title="Share of reviewed children", highlight=top[0]),
        dd,
        report_figure="4",
    )


def fig05(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"change": "What could have differed"})
    top = top_categories(dd, "What could have differed", 3)
    return Fig(
        "fig05-consent",
        "Where consent was lacking: what could have made a difference",
        f"For reviewed children where parents' consent or engagement was an issue, what practitioners thought "
        f"could have changed that. The three most common: {'; '.join(fmt.lower(t) for t in top)}.",
        f"Horizontal bar chart; the top three answers are {', '.join(top)}.",
        CHILD_SOURCE,
        hbar(dd, "What could have differed", x_title="Share of those children"),
        dd,
        report_figure="5",
    )


def fig06(d: pd.DataFrame, area: str) -> Fig:
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
    chart = props(
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
            tooltip=[alt.Tooltip("Decile"), alt.Tooltip("Entries per 10,000 children:Q", format=".1f")],
        ),
        width=520,
        height=260,
    )
    return Fig(
        "fig06-deprivation",
        "Entries to care by neighbourhood deprivation",
        f"Children entering care each year per 10,000 children, by the deprivation decile of their home "
        f"neighbourhood. Children in the two most deprived deciles enter care at {ratio:.1f} times the rate of "
        f"those in the two least deprived.",
        f"Bar chart of entry rates by deprivation decile, {direction_word(ratio, 1.0, 'ing')} from the most to the "
        f"least deprived; the most "
        f"deprived fifth has {ratio:.1f} times the rate of the least deprived fifth.",
        CHILD_SOURCE + "; IMD 2025 by LSOA",
        chart,
        dd[["Decile", "count", "population", "Entries per 10,000 children", "suppressed"]],
        report_figure="6",
    )


def fig07_08(d7: pd.DataFrame, d8: pd.DataFrame, area: str) -> Fig:
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


def fig09(d: pd.DataFrame, area: str) -> Fig:
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


def fig10(d: pd.DataFrame, area: str) -> Fig:
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


def fig11(d: pd.DataFrame, area: str) -> Fig:
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


def fig12(d: pd.DataFrame, area: str) -> Fig:
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


def fig13(d: pd.DataFrame, area: str) -> Fig:
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


def fig14(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"category": "Plan in the 6 months before entry"})
    none = d[d["category"] == "No plan"]["share"]
    return Fig(
        "fig14-plans",
        "Support plans in the six months before entry",
        f"The plans children had in the six months before entering care in {area}. "
        f"{fmt.pct(none.iloc[0] if len(none) else None)} "
        f"had no early help, child in need or child protection plan.",
        "Horizontal bar chart of plan types before entry, with no plan and child protection plan only the "
        "largest groups.",
        CHILD_SOURCE,
        hbar(dd, "Plan in the 6 months before entry", x_title="Share of entrants"),
        dd,
        report_figure="14",
    )


def fig15(d: pd.DataFrame, area: str) -> Fig:
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


def fig16(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"category": "Category", "panel": "Panel"})
    chart = props(
        alt.Chart(dd)
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("Category:N", sort=None, title=None),
            x=alt.X("share:Q", axis=pct_axis("Share of entrants")),
            row=alt.Row(
                "Panel:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")
            ),
            tooltip=[alt.Tooltip("Panel"), alt.Tooltip("Category"), alt.Tooltip("share:Q", format=".0%")],
        )
        .resolve_scale(y="independent"),
        width=420,
        height=alt.Step(20),
    )
    return Fig(
        "fig16-known",
        "Families known before entry",
        "How long the longest plan before entry lasted, and how many referrals from outside the council "
        "there had been before entry.",
        "Two bar charts: the length of the longest plan before entry, and the number of referrals from outside "
        "the council.",
        CHILD_SOURCE,
        chart,
        dd,
        report_figure="16",
    )


def fig17(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"service": "Service"})
    top = top_categories(dd, "Service", 2)
    return Fig(
        "fig17-services",
        "Services in contact with the family before entry",
        f"Services recorded in case notes as in contact with the family before entry. The most common were "
        f"{fmt.lower(top[0])} and {fmt.lower(top[1])}.",
        f"Horizontal bar chart of services in contact before entry; {top[0]} and {top[1]} are most common.",
        CHILD_SOURCE,
        hbar(dd, "Service", x_title="Share of reviewed children"),
        dd,
        report_figure="17",
    )


# --------------------------------------------------------------------------- shift 5


def fig18(d: pd.DataFrame, area: str) -> Fig:
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


def fig19(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"category": "Permanence plan", "plan": "Plan"})
    r = d[d["code"] == "RETURN_FAMILY"].set_index("plan")["share"]
    return Fig(
        "fig19-plans",
        "Initial and current permanence plans",
        f"Permanence plans of children in care for over a year: a return to parents or family was the first "
        f"plan for {fmt.pct(r.get('Initial plan'))} but is the current plan for {fmt.pct(r.get('Current plan'))}.",
        "Grouped bar chart comparing initial and current permanence plans; return to family "
        f"{direction_word(r.get('Initial plan'), r.get('Current plan'), 's')}.",
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


def fig20(d: pd.DataFrame, area: str) -> Fig:
    more = d[d["panel"].str.startswith("More")]["share"]
    dd = d[~d["panel"].str.startswith("More")].rename(columns={"category": "Barrier"})
    top = top_categories(dd, "Barrier", 1)
    return Fig(
        "fig20-reconnection",
        "Why reconnection with family was not supported",
        f"Practitioners thought more could have been done towards reconnection for "
        f"{fmt.pct(more.iloc[0] if len(more) else None)} of reviewed children in care. Where so, the barriers "
        f"they named; the most common was {fmt.lower(top[0]) if top else 'not available'}.",
        "Horizontal bar chart of barriers to reconnection.",
        CHILD_SOURCE,
        hbar(dd, "Barrier", x_title="Share where more could have been done"),
        dd,
        report_figure="20",
    )


def fig21(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"group": "Group", "placements": "Placements in first year"})
    one = d[d["placements"].astype(str) == "1"].set_index("group")["share"]
    return Fig(
        "fig21-placements",
        "Placement moves in the first year",
        f"Number of placements in the first year in care: {fmt.pct(one.get('Stayed more than a year'))} of "
        f"children who stayed over a year had one placement, against {fmt.pct(one.get('Left within a year'))} of "
        f"those who left within a year.{suppressed_note(dd, 'Placements in first year')}",
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


def fig22(d: pd.DataFrame, area: str) -> Fig:
    dd = d.rename(columns={"setting": "Care setting"})
    shown = dd.dropna(subset=["share"])
    return Fig(
        "fig22-setting",
        "Confidence the child could have avoided care, by setting",
        f"Share of reviewed children, by current care setting, for whom practitioners were confident that care "
        f"could have been avoided: between {fmt.pct(shown['share'].min())} and {fmt.pct(shown['share'].max())} "
        f"in the settings shown.{suppressed_note(dd, 'Care setting')}",
        "Horizontal bar chart of confidence by care setting; similar across settings.",
        CHILD_SOURCE,
        hbar(dd, "Care setting", x_title="Share with confidence"),
        dd,
        report_figure="22",
    )
