"""The table of every evidence measure: :data:`MEASURES`, ``{id: MeasureSpec}`` in report order.

Each row gives a measure's id, title, report section, the function that computes it (from
the chapter modules), the tables it needs, the report's published values and how to read
the headline ones from its result (:func:`analysis.evidence.measures.run.compare_published`),
how to disclosure-control it (keyword arguments of :func:`analysis.evidence.sdc.apply_sdc`)
and its definition.
"""

from __future__ import annotations

import numpy as np

from analysis.evidence.measures.base import MeasureSpec, Published
from analysis.evidence.measures.case_review import cr_headline
from analysis.evidence.measures.context import (
    ctx_cla_change,
    ctx_share_in_care,
    ctx_spend_change,
    ctx_spend_concentration,
    ctx_statutory_plans,
    ctx_uasc,
)
from analysis.evidence.measures.impact import fig23_local_entry_rate
from analysis.evidence.measures.shift1 import (
    fig01_assessment_factors,
    fig02_primary_need_parental,
    fig03_parent_services,
    s1_parental_need,
)
from analysis.evidence.measures.shift2 import (
    fig04_enablers,
    fig05_consent_changes,
    fig06_deprivation,
    fig07_voice,
    fig08_voice_confidence,
    fig09_voice_by_phase,
    s2_ethnicity,
)
from analysis.evidence.measures.shift3 import (
    fig10_age_spend,
    fig11_attendance,
    fig12_sen,
    fig13_last_contact,
)
from analysis.evidence.measures.shift4 import (
    fig14_plans_before_entry,
    fig15_penultimate_contact,
    fig16_known_previously,
    fig17_services_before,
    s4_contacts_vs_plans,
    s4_cp_short,
    s4_single_contact,
)
from analysis.evidence.measures.shift5 import (
    fig18_time_in_care,
    fig19_permanence_plans,
    fig20_reconnection,
    fig21_first_year_placements,
    fig22_confidence_by_setting,
    s5_first_placement,
    s5_reentry,
    s5_stay_over_year,
)

# headline readers: a measure's result -> its values to compare with the published ones


def _row(df, col, val, out="share"):
    r = df[df[col] == val]
    return float(r[out].iloc[0]) if len(r) else np.nan


def _h_fig01(df):
    return {"top3": "; ".join(df["factor"].head(3))}


def _h_fig10(df):
    sa = df[df["school_age"]]
    return {
        "school_age_entries": sa["count"].sum() / df["count"].sum(),
        "school_age_spend": sa["spend"].sum() / df["spend"].sum(),
        "largest_spend_band": df.loc[df["spend"].idxmax(), "age_band"],
    }


def _h_fig14(df):
    none = _row(df, "category", "No plan")
    cp_only = _row(df, "category", "Child protection plan only")
    return {
        "any_plan": 1 - none,
        "no_plan": none,
        "cp_only": cp_only,
        "family_help_reach": df.loc[df["family_help_reach"], "share"].sum(),
        "earlier_possible": none + cp_only,
    }


def _h_fig06(df):
    return {"ratio": float(df.loc[df["group"].str.startswith("Most"), "ratio_to_least"].iloc[0])}


def _h_fig12(df):
    k, e = _row(df, "code", "K", "count"), _row(df, "code", "E", "count")
    return {"any_sen": (k + e) / df["base"].iloc[0], "support_to_ehcp": k / e if e else np.nan}


def _h_fig21(df):
    one = df[df.placements == "1"]
    return {
        "one_placement_stayers": float(one[one.group == "Stayed more than a year"]["share"].iloc[0]),
        "one_placement_leavers": float(one[one.group == "Left within a year"]["share"].iloc[0]),
    }


def _h_first_placement(df):
    inh = _row(df, "category", "Fostering (in-house)", "count")
    ag = _row(df, "category", "Fostering (agency)", "count")
    return {"fostering": df.loc[df["fostering"], "share"].sum(), "in_house_to_agency": inh / ag if ag else np.nan}


def _h_fig22(df):
    d = df[df["base"] >= 10]
    return {"min_share_settings_10plus": float(d["share"].min()) if len(d) else np.nan}


def _h_fig19(df):
    r = df[df.code == "RETURN_FAMILY"]
    return {
        "initial_return": float(r[r.plan == "Initial plan"]["share"].iloc[0]),
        "current_return": float(r[r.plan == "Current plan"]["share"].iloc[0]),
    }


def _h_fig05(df):
    return {"top3": "; ".join(df["code"].head(3))}


def _h_fig04(df):
    return {"consent": _row(df, "code", "CONSENT"), "first": df["code"].iloc[0], "second": df["code"].iloc[1]}


_CAT = {"group_by": None, "additive": True}
_MULTI = {"additive": False}


def _spec(id, title, section, func, requires, published=(), headline=None, sdc=None, definition="", optional=()):
    return MeasureSpec(
        id=id,
        title=title,
        section=section,
        func=func,
        requires=tuple(requires),
        optional=tuple(optional),
        published=tuple(published),
        headline=headline,
        sdc=dict(sdc if sdc is not None else _CAT),
        definition=definition,
    )


MEASURES: dict[str, MeasureSpec] = {
    s.id: s
    for s in [
        _spec(
            "ctx01",
            "Children looked after, on a statutory plan, and living with family",
            "context",
            ctx_share_in_care,
            ["episodes", "population_imd"],
            [
                Published("looked_after", 0.007, "0.7% of children are looked after"),
                Published("statutory_plan", 0.044, "4.4% on a statutory plan at any point in time"),
                Published("with_family", 0.993, "99.3% live with their families"),
            ],
            lambda df: {
                "looked_after": _row(df, "category", "Looked after"),
                "statutory_plan": _row(df, "category", "On a statutory plan (CIN, CP or looked after)"),
                "with_family": _row(df, "category", "Living with family (not looked after)"),
            },
            {"additive": False, "share_decimals": 3},
            "Children looked after, or on a CIN or CP plan, at 31 March of the base year, over the 0-17 population",
            optional=("cin_plans", "cp_plans"),
        ),
        _spec(
            "ctx02",
            "Children looked after at 31 March, by year",
            "context",
            ctx_cla_change,
            ["episodes"],
            [Published("change", 0.29, "+29% between 2016 and 2025 (20,761 to 26,732, CCN councils)")],
            lambda df: {"change": float(df["change_since_first"].iloc[-1])},
            {
                "counts": ("count",),
                "bases": ("base",),
                "shares": {},
                "derived": {"change_since_first": "count"},
                "decimals": {"change_since_first": 2},
            },
            "Children with an episode open at 31 March (short-break-only legal statuses V3/V4 excluded)",
        ),
        _spec(
            "ctx03",
            "Placement spend by year",
            "context",
            ctx_spend_change,
            ["episodes"],
            [Published("change", 1.46, "+146% from the report's figures (GBP 1.3bn to 3.2bn; the text states +240%)")],
            lambda df: {"change": float(df["change_since_first"].iloc[-1])},
            {
                "counts": ("count",),
                "bases": (),
                "shares": {},
                "derived": {"spend": "count"},
                "decimals": {"spend": -3, "change_since_first": 2},
            },
            "Days in placement in each year x weekly cost (WEEKLY_COST, or unit costs from params), uplifted "
            "by unit_cost_growth for each year after the placement started",
        ),
        _spec(
            "ctx04",
            "Children starting a statutory plan, and the share who stayed with family",
            "context",
            ctx_statutory_plans,
            ["episodes", "cin_plans", "cp_plans"],
            [
                Published(
                    "stayed", 0.94, "94% of the 90,000 children starting a statutory plan each year stay with family"
                )
            ],
            lambda df: {"stayed": _row(df, "category", "Stayed with family (not looked after within 12 months)")},
            {"additive": False},
            "Children starting a CIN or CP plan in the year before the base year; 'stayed' = did not start to be "
            "looked after within 12 months of the plan's start",
        ),
        _spec(
            "ctx05",
            "Unaccompanied asylum-seeking children looked after at 31 March",
            "context",
            ctx_uasc,
            ["episodes", "header"],
            [
                Published(
                    "change",
                    1242,
                    "+1,242 UASC in care since 2021 across CCN councils (not comparable to one council)",
                    kind="text",
                )
            ],
            lambda df: {"change": float(df["change_since_first"].iloc[-1])},
            {"counts": ("count",), "bases": (), "shares": {}, "derived": {"change_since_first": "count"}},
            "Children flagged UASC in header.csv who are looked after at 31 March",
        ),
        _spec(
            "ctx06",
            "Concentration of placement spend",
            "context",
            ctx_spend_concentration,
            ["episodes"],
            [Published("top5_share", 0.30, "30% of spend on 5% of children (Newton, north-east councils)")],
            lambda df: {"top5_share": float(df["spend_share"].iloc[0])},
            {
                "additive": True,
                "derived": {"spend": "count", "spend_share": "count"},
                "decimals": {"spend": -3, "spend_share": 2},
            },
            "Children with placement spend in the base year ranked by spend; share of spend on the top 5%",
        ),
        _spec(
            "cr01",
            "Practitioners' judgements with hindsight",
            "system shifts",
            cr_headline,
            ["case_review"],
            [
                Published("before", 0.70, "70% could have been supported better before entry"),
                Published("confident_before", 0.47, "47% of those with a degree of confidence care could be avoided"),
                Published("after", 0.32, "32% could have been supported better after entry"),
                Published("confident_after", 0.33, "33% of those with confidence of a positive exit"),
            ],
            lambda df: {
                "before": df["share"].iloc[0],
                "confident_before": df["share"].iloc[1],
                "after": df["share"].iloc[2],
                "confident_after": df["share"].iloc[3] if len(df) > 3 else np.nan,
            },
            _MULTI,
            "Shares of reviewed children; confidence counted at the levels in measures.confident_levels",
        ),
        _spec(
            "fig01",
            "Top ten assessment factors before entry",
            "shift 1",
            fig01_assessment_factors,
            ["episodes", "assessments"],
            [
                Published(
                    "top3",
                    "parental mental health, domestic abuse, drug/alcohol misuse",
                    "Mental health, domestic abuse and substance misuse of parents most common",
                    kind="text",
                )
            ],
            _h_fig01,
            _MULTI,
            "Factors of each entrant's latest assessment in the 12 months before entry; share of entrants with one",
        ),
        _spec(
            "s1_parental",
            "Parental need present before entry",
            "shift 1",
            s1_parental_need,
            [("assessments", "case_review")],
            [Published("cin", 0.81, "81% had a parental need present")],
            lambda df: {"cin": float(df["share"].iloc[0])},
            _MULTI,
            "Entrants whose assessment before entry records a factor about a parent or household member "
            "(codes 1-6 with suffix B or C)",
            optional=("episodes",),
        ),
        _spec(
            "fig02",
            "Primary need with underlying parental needs",
            "shift 1",
            fig02_primary_need_parental,
            ["case_review"],
            [
                Published(
                    "mh_or_sm",
                    0.5,
                    "For most children, adult mental health and/or substance misuse present",
                    kind="min",
                )
            ],
            lambda df: {
                "mh_or_sm": 1
                - df.loc[df.parental == "Neither", "count"].sum() / df.drop_duplicates("code")["base"].sum()
            },
            {"group_by": ["code"], "additive": True},
        ),
        _spec(
            "fig03",
            "Services parents interacted with before entry",
            "shift 1",
            fig03_parent_services,
            ["case_review"],
            [Published("pooled", 0.5, "Parents interacted with relevant specialist support in about half of cases")],
            lambda df: {"pooled": float(df["share"].iloc[-1])},
            _MULTI,
        ),
        _spec(
            "fig04",
            "Biggest enablers of effective support",
            "shift 2",
            fig04_enablers,
            ["case_review"],
            [
                Published("consent", 0.42, "Consent/engagement of parents: 42%, the most common"),
                Published("second", "INFO_SHARING", "Information sharing second", kind="text"),
            ],
            _h_fig04,
            _MULTI,
        ),
        _spec(
            "fig05",
            "What could have differed where consent was lacking",
            "shift 2",
            fig05_consent_changes,
            ["case_review"],
            [
                Published(
                    "top3",
                    "TRAUMA_INFORMED; EARLIER; MENTAL_LOAD",
                    "Awareness/trauma-informed approaches, earlier support, less mental load",
                    kind="text",
                )
            ],
            _h_fig05,
            _MULTI,
        ),
        _spec(
            "fig06",
            "Entries per 10,000 children by deprivation decile",
            "shift 2",
            fig06_deprivation,
            ["episodes", "home_lsoa", "population_imd"],
            [Published("ratio", 2.5, "Children in more deprived neighbourhoods enter care at 2.5x the rate")],
            _h_fig06,
            {
                "counts": ("count",),
                "bases": (),
                "shares": {},
                "derived": {"rate_per_10k": "count", "ratio_to_least": "count"},
                "decimals": {"rate_per_10k": 0, "ratio_to_least": 1},
            },
            "Children entering care in the cohort years by the IMD 2025 decile of their home LSOA; rate per "
            "year per 10,000 children aged 0-17 in that decile",
            optional=("lsoa_imd",),
        ),
        _spec(
            "s2_ethnicity",
            "Ethnicity of children entering care",
            "shift 2",
            s2_ethnicity,
            ["episodes", "header"],
            [
                Published("u12_short", 0.25, "25% ethnic minority among those in care under a year"),
                Published("population", 0.15, "vs 15% of the 0-17 population"),
                Published("12plus", 0.27, "27% of entrants aged 12+ not White British"),
            ],
            lambda df: {
                "u12_short": df["share"].iloc[0],
                "u12_long": df["share"].iloc[1],
                "12plus": df["share"].iloc[2],
                "population": df["share"].iloc[3],
            },
            _MULTI,
            "Follow-up cohort; Refused / not obtained excluded",
        ),
        _spec(
            "fig07",
            "Voice of the child captured",
            "shift 2",
            fig07_voice,
            ["case_review"],
            [Published("consistent", 1 / 3, "Less than a third consistently", kind="max")],
            lambda df: {"consistent": _row(df, "code", "CONSISTENT")},
        ),
        _spec(
            "fig08",
            "Confidence the child could stay home, by voice captured",
            "shift 2",
            fig08_voice_confidence,
            ["case_review"],
            [
                Published("consistent", 0.5, "Over 50% where the child's wishes were heard", kind="min"),
                Published("not_captured", 0.22, "22% where the voice was not captured"),
            ],
            lambda df: {
                "consistent": _row(df, "code", "CONSISTENT"),
                "partial": _row(df, "code", "PARTIAL"),
                "not_captured": _row(df, "code", "NOT_CAPTURED"),
            },
            _MULTI,
        ),
        _spec(
            "fig09",
            "Voice heard, by school phase",
            "shift 2",
            fig09_voice_by_phase,
            ["case_review"],
            [Published("secondary", 0.88, "88% of secondary-age"), Published("primary", 0.40, "40% of primary-age")],
            lambda df: {"secondary": _row(df, "code", "SECONDARY"), "primary": _row(df, "code", "PRIMARY")},
            _MULTI,
        ),
        _spec(
            "fig10",
            "Age at entry and placement spend",
            "shift 3",
            fig10_age_spend,
            ["episodes", "header"],
            [
                Published("school_age_entries", 0.56, "56% of entries are school age"),
                Published("school_age_spend", 0.77, "77% of spend"),
                Published("largest_spend_band", "5-10 (primary)", "Primary-age entrants the largest cost", kind="text"),
            ],
            _h_fig10,
            {
                "additive": True,
                "derived": {"spend": "children", "spend_share": "children"},
                "counts": ("count", "children"),
                "decimals": {"spend": -3, "spend_share": 2},
            },
            "Entries: entrant cohort by age at entry. Spend: base-year spend of children in care, by their age "
            "at the start of their current period",
        ),
        _spec(
            "fig11",
            "School attendance before entry",
            "shift 3",
            fig11_attendance,
            ["episodes", "header", "school"],
            [
                Published("all", 0.80, "80% of school-age entrants attend 3+ days a week"),
                Published("primary", 0.92, "92% of primary-age"),
            ],
            lambda df: {
                "all": _row(df, "phase", "All school age (5-15)"),
                "primary": _row(df, "phase", "Primary (5-10)"),
            },
            _MULTI,
        ),
        _spec(
            "fig12",
            "Special educational needs at entry",
            "shift 3",
            fig12_sen,
            ["episodes", "header", "school"],
            [
                Published("any_sen", 1 / 3, "About one in three have SEN"),
                Published("support_to_ehcp", 0.5, "SEN support : EHCP about 1 : 2"),
            ],
            _h_fig12,
        ),
        _spec(
            "fig13",
            "Source of the last contact before entry",
            "shift 3",
            fig13_last_contact,
            ["episodes", ("referrals", "contacts")],
            [
                Published("schools_entrants", 0.12, "Schools made the last referral for 12% of entrants"),
                Published("schools_all", 0.16, "vs 16% of all contacts"),
            ],
            lambda df: {
                "schools_entrants": _row(df, "source", "Schools"),
                "schools_all": _row(df, "source", "Schools", "all_contacts_share"),
            },
            {
                "additive": True,
                "counts": ("count", "all_contacts"),
                "bases": ("base", "all_contacts_base"),
                "shares": {"share": ("count", "base"), "all_contacts_share": ("all_contacts", "all_contacts_base")},
            },
        ),
        _spec(
            "fig14",
            "Plans in the 6 months before entry",
            "shift 4",
            fig14_plans_before_entry,
            ["episodes", "cin_plans", "cp_plans", "early_help"],
            [
                Published("any_plan", 0.61, "61% had an EH, CIN or CP plan"),
                Published("no_plan", 0.39, "39% none"),
                Published("cp_only", 0.35, "35% CP plan only"),
                Published("family_help_reach", 0.25, "Family Help would reach ~25%"),
                Published("earlier_possible", 0.74, "Earlier support possible for up to 74%"),
            ],
            _h_fig14,
        ),
        _spec(
            "s4_cp_short",
            "Child protection plans open less than 6 months at entry",
            "shift 4",
            s4_cp_short,
            ["episodes", "cp_plans"],
            [Published("short", 0.59, "59% of CP plans open < 6 months at entry")],
            lambda df: {"short": float(df["share"].iloc[0])},
        ),
        _spec(
            "s4_single_contact",
            "Entrants without a plan: number of contacts (4 years)",
            "shift 4",
            s4_single_contact,
            ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
            [Published("one", 0.48, "Just under half had one contact only")],
            lambda df: {"one": float(df["share_of_those_with_contacts"].iloc[0])},
            {
                "additive": True,
                "derived": {"share_of_those_with_contacts": "count"},
                "decimals": {"share_of_those_with_contacts": 2},
            },
        ),
        _spec(
            "fig15",
            "Time from penultimate contact to entry (no plan, 2+ contacts)",
            "shift 4",
            fig15_penultimate_contact,
            ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
            [Published("six_plus", 0.46, "46% six months or more")],
            lambda df: {"six_plus": df.loc[df["six_months_or_more"], "count"].sum() / df["base"].iloc[0]},
        ),
        _spec(
            "fig16",
            "Known previously: plan length and referrals from the community",
            "shift 4",
            fig16_known_previously,
            ["episodes", "cin_plans", "cp_plans", "early_help"],
            (),
            None,
            {"group_by": ["panel"], "additive": True},
            optional=("referrals",),
        ),
        _spec(
            "s4_contacts_plans",
            "Contacts and children starting plans in a year",
            "shift 4",
            s4_contacts_vs_plans,
            ["contacts", "cin_plans", "cp_plans"],
            [Published("ratio", 4.6, "230,000 contacts and 50,000 children on plans a year (ratio 4.6)")],
            lambda df: {"ratio": float(df["contacts_per_child_with_plan"].iloc[0])},
            {
                "counts": ("count",),
                "bases": (),
                "shares": {},
                "derived": {"contacts_per_child_with_plan": "count"},
                "decimals": {"contacts_per_child_with_plan": 1},
            },
            optional=("early_help", "episodes"),
        ),
        _spec(
            "fig17",
            "Services in contact before entry (case notes)",
            "shift 4",
            fig17_services_before,
            ["case_review"],
            [Published("GP_HEALTH", 0.45, "GP or health 45%"), Published("POLICE", 0.41, "Police 41%")],
            lambda df: {"GP_HEALTH": _row(df, "code", "GP_HEALTH"), "POLICE": _row(df, "code", "POLICE")},
            _MULTI,
        ),
        _spec(
            "s5_stay",
            "Entrants staying more than a year",
            "shift 5",
            s5_stay_over_year,
            ["episodes"],
            [Published("over_year", 0.80, "Over 80% stay more than a year", kind="min")],
            lambda df: {"over_year": float(df["share"].iloc[0])},
        ),
        _spec(
            "fig18",
            "Time in care, entrants aged 5 and over",
            "shift 5",
            fig18_time_in_care,
            ["episodes", "header"],
            [Published("until18", 0.50, "About 50% stay until 18")],
            lambda df: {"until18": _row(df, "category", "Until 18")},
            definition="First entries at age 5+ of children who had turned 18 by the base date",
        ),
        _spec(
            "fig19",
            "Initial vs current permanence plan (in care over a year)",
            "shift 5",
            fig19_permanence_plans,
            ["case_review"],
            [
                Published("initial_return", 0.28, "Initial plan return to family 28%"),
                Published("current_return", 0.16, "Current plan 16%"),
            ],
            _h_fig19,
            {"group_by": ["plan"], "additive": True},
            optional=("episodes",),
        ),
        _spec(
            "fig20",
            "Why reconnection was not supported",
            "shift 5",
            fig20_reconnection,
            ["case_review"],
            [
                Published("more_possible", 0.33, "More could have been done in 33%"),
                Published("top", "JOINED_UP", "Joined-up working and information sharing most common", kind="text"),
            ],
            lambda df: {
                "more_possible": float(df["share"].iloc[0]),
                "top": df[df.panel.str.startswith("Barriers")]["code"].iloc[0]
                if (df.panel.str.startswith("Barriers")).any()
                else None,
            },
            _MULTI,
        ),
        _spec(
            "fig21",
            "Placements in the first year",
            "shift 5",
            fig21_first_year_placements,
            ["episodes"],
            [
                Published("one_placement_stayers", 0.65, "One placement: 65% of those staying over a year"),
                Published("one_placement_leavers", 0.92, "92% of those leaving within a year"),
            ],
            _h_fig21,
            {"group_by": ["group"], "additive": True},
        ),
        _spec(
            "s5_first_placement",
            "First placement of 1-15 year olds staying over a year",
            "shift 5",
            s5_first_placement,
            ["episodes", "header"],
            [
                Published("fostering", 0.80, "80% initially fostered"),
                Published("in_house_to_agency", 2.0, "In-house : agency about 2 : 1"),
            ],
            _h_first_placement,
        ),
        _spec(
            "s5_reentry",
            "Re-entry to care after returning home",
            "shift 5",
            s5_reentry,
            ["episodes"],
            [
                Published("3m", 0.12, "12% within 3 months (national, Home Again report)"),
                Published("1y", 0.20, "20% within a year"),
                Published("6y", 0.35, "35% within 6 years"),
            ],
            lambda df: {"3m": df["share"].iloc[0], "1y": df["share"].iloc[1], "6y": df["share"].iloc[2]},
            _MULTI,
        ),
        _spec(
            "fig22",
            "Confidence the child could have avoided care, by care setting",
            "impact",
            fig22_confidence_by_setting,
            ["case_review"],
            [
                Published(
                    "min_share_settings_10plus",
                    0.0,
                    "Opportunity across all settings (every setting above 0)",
                    kind="min",
                )
            ],
            _h_fig22,
            _MULTI,
        ),
        _spec(
            "fig23",
            "Children entering care per 10,000 (this council's point for figure 23)",
            "impact",
            fig23_local_entry_rate,
            ["episodes", "population_imd"],
            (),
            None,
            {
                "counts": ("count",),
                "bases": (),
                "shares": {},
                "derived": {"rate_per_10k": "count"},
                "decimals": {"rate_per_10k": 0},
            },
            "The spread across county councils needs the public data folder and is built by the public-data "
            "chapter; this is the council's own rate in the base year",
        ),
    ]
}
