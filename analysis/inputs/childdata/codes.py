"""The code lists of the child-level tables, and the placement groups.

Labels are this package's own short descriptions of the DfE codes (SSDA903, the children in
need census) and of the case-review codes this package defines.  The tables that use each list
are in :mod:`analysis.inputs.childdata.tables`; the data dictionary
(:mod:`analysis.inputs.childdata.dictionary`) lists their meanings.
"""

from __future__ import annotations

import pandas as pd

SEX = {"1": "Male", "2": "Female"}

ETHNIC = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "WIRT": "Traveller of Irish heritage",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
WHITE_ETHNIC = ("WBRI", "WIRI", "WOTH", "WIRT", "WROM")
UNKNOWN_ETHNIC = ("REFU", "NOBT")

RNE = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer(s) only",
    "T": "Change of temporary placement only",
    "U": "Change of legal status and temporary placement",
    "B": "Change of legal status and placement at the same time",
}

LS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "J1": "Remanded to LA accommodation or YDA",
    "J2": "Placed in LA accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order",
    "L1": "Under police protection in LA accommodation",
    "L2": "Emergency protection order",
    "L3": "Child assessment order with LA accommodation",
    "V2": "Single period of accommodation under section 20",
    "V3": "Accommodated under an agreed series of short-term breaks (individual)",
    "V4": "Accommodated under an agreed series of short-term breaks (multiple)",
}

CIN_CODE = {
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental illness or disability",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
}

PLACE = {
    "A3": "Placed for adoption, placement order, with current foster carer",
    "A4": "Placed for adoption, placement order, not with current foster carer",
    "A5": "Placed for adoption with consent, with current foster carer",
    "A6": "Placed for adoption with consent, not with current foster carer",
    "H5": "Semi-independent living not regulated as a children's home",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "K3": "Supported accommodation (regulated)",
    "P1": "Placed with own parent(s) or person(s) with parental responsibility",
    "P2": "Independent living, for example a flat or lodgings",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health trust establishment",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "Residential school (not a children's home)",
    "T0": "Temporary placement (any)",
    "T1": "Temporary periods in hospital",
    "T2": "Temporary absence to a holiday",
    "T3": "Temporary accommodation with a relative",
    "T4": "Temporary accommodation, other",
    "U1": "Foster placement with relative or friend, long term",
    "U2": "Foster placement with relative or friend who is also an approved adopter",
    "U3": "Foster placement with relative or friend, other",
    "U4": "Foster placement with other carer, long term",
    "U5": "Foster placement with other carer who is also an approved adopter",
    "U6": "Foster placement with other carer, other",
    "Z1": "Other placement",
}

PLACE_PROVIDER = {
    "PR0": "Parent(s) or person with parental responsibility",
    "PR1": "Own local authority",
    "PR2": "Other local authority",
    "PR3": "Other public provision",
    "PR4": "Private provision",
    "PR5": "Voluntary or third sector provision",
}

REC = {
    "E11": "Adopted, application unopposed",
    "E12": "Adopted, consent dispensed with",
    "E13": "Left care to live with parent(s) or others without parental responsibility",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment found the child to be 18 or over",
    "E16": "Child moved abroad",
    "E17": "Aged 18 and stayed with current carers (staying put)",
    "E2": "Died",
    "E3": "Care taken over by another local authority",
    "E41": "Residence or child arrangements order granted",
    "E45": "Special guardianship order to former foster carers",
    "E46": "Special guardianship order to other carers",
    "E47": "Child arrangements order to former foster carers",
    "E48": "Child arrangements order to other carers",
    "E4A": "Returned home as part of care planning",
    "E4B": "Returned home not as part of care planning",
    "E5": "Moved to independent living with formal support",
    "E6": "Moved to independent living without formal support",
    "E7": "Moved to adult social care residential provision",
    "E8": "Care ceased for any other reason",
    "E9": "Sentenced to custody",
    "X1": "Episode ended and a new one began on the same day",
}

REASON_PLACE_CHANGE = {
    "CARPL": "Change to the child's care plan",
    "CLOSE": "Carer or home closed or deregistered",
    "ALLEG": "Allegation (section 47)",
    "STAND": "Standards of care concern",
    "APPRR": "Carer approval or registration change",
    "CREQB": "Carer request, child's behaviour",
    "CREQO": "Carer request, other reasons",
    "CHILD": "Child's wishes",
    "LAREQ": "Local authority request (resources or other)",
    "PLACE": "Change of placement type or provider",
    "CUSTOD": "Custody arrangement",
    "OTHER": "Other",
}

REFERRAL_SOURCE = {
    "1A": "Individual",
    "1B": "Individual - family member or relative",
    "1C": "Individual - acquaintance",
    "1D": "Individual - self",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health - GP",
    "3B": "Health - health visitor",
    "3C": "Health - school nurse",
    "3D": "Health - other primary health",
    "3E": "Health - A&E",
    "3F": "Health - other",
    "4": "Housing",
    "5A": "LA services - social care",
    "5B": "LA services - other internal",
    "5C": "LA services - external",
    "5D": "LA services - early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}

REFERRAL_SOURCE_GROUP = {
    "1A": "Individual",
    "1B": "Individual",
    "1C": "Individual",
    "1D": "Individual",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health",
    "3B": "Health",
    "3C": "Health",
    "3D": "Health",
    "3E": "Health",
    "3F": "Health",
    "4": "Housing",
    "5A": "LA services",
    "5B": "LA services",
    "5C": "LA services",
    "5D": "LA services",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}

_WHO = {"A": "child", "B": "parent or carer", "C": "another person in the household"}
ASSESSMENT_FACTORS: dict[str, str] = {}
for _n, _topic in (
    (1, "Alcohol misuse"),
    (2, "Drug misuse"),
    (3, "Domestic abuse"),
    (4, "Mental health"),
    (5, "Learning disability"),
    (6, "Physical disability or illness"),
):
    for _s, _who in _WHO.items():
        ASSESSMENT_FACTORS[f"{_n}{_s}"] = f"{_topic} - {_who}"
ASSESSMENT_FACTORS.update(
    {
        "7A": "Young carer",
        "8B": "Privately fostered - overseas, intending to return",
        "8C": "Privately fostered - in UK education",
        "8D": "Privately fostered - staying",
        "8E": "Privately fostered - other",
        "8F": "Privately fostered - other arrangement",
        "9A": "Unaccompanied asylum-seeking child",
        "10A": "Going or being missing",
        "11A": "Child sexual exploitation",
        "12A": "Trafficking",
        "13A": "Gangs",
        "14A": "Socially unacceptable behaviour",
        "15A": "Self-harm",
        "16A": "Neglect",
        "17A": "Emotional abuse",
        "18A": "Physical abuse",
        "18B": "Physical abuse by an adult",
        "18C": "Physical abuse by another child",
        "19A": "Sexual abuse",
        "19B": "Sexual abuse by an adult",
        "19C": "Sexual abuse by another child",
        "20": "Other",
        "21": "No factors identified",
        "22A": "Female genital mutilation",
        "23A": "Abuse linked to faith or belief",
        "24A": "Child criminal exploitation",
    }
)
#: Factors about a parent/carer or another household member (suffix B or C of 1-6)
PARENTAL_FACTORS = tuple(c for c in ASSESSMENT_FACTORS if c[-1] in "BC" and c[:-1] in {"1", "2", "3", "4", "5", "6"})

CP_CATEGORY = {
    "NEG": "Neglect",
    "EMO": "Emotional abuse",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "MUL": "Multiple",
}

SEN = {"N": "No special educational need", "K": "SEN support", "E": "Education, health and care plan"}
SCHOOL_PHASE = {
    "EY": "Early years or pre-school",
    "PRI": "Primary",
    "SEC": "Secondary",
    "P16": "Post-16",
    "SPE": "Special school",
    "AP": "Alternative provision",
    "NONE": "Not in school",
}

# Case review (this package's own codes)
YES_NO = {"Y": "Yes", "N": "No"}
CONFIDENCE = {"NONE": "Not confident", "LOW": "Some confidence", "MEDIUM": "Fairly confident", "HIGH": "Very confident"}
VOICE = {
    "CONSISTENT": "Captured consistently",
    "PARTIAL": "Captured some of the time",
    "NOT_CAPTURED": "Not captured",
    "NOT_APPLICABLE": "Not applicable (too young)",
}
REVIEW_PHASE = {"PRE_SCHOOL": "Pre-school", "PRIMARY": "Primary", "SECONDARY": "Secondary", "POST16": "Post-16"}
CARE_SETTING = {
    "FOSTER_LA": "Fostering (in-house)",
    "FOSTER_AGENCY": "Fostering (agency)",
    "KINSHIP": "Kinship care",
    "RESIDENTIAL": "Residential",
    "SUPPORTED": "Supported accommodation",
    "PLACED_WITH_PARENTS": "Placed with parents",
    "ADOPTION": "Placed for adoption",
    "SECURE": "Secure",
    "OTHER": "Other",
}
PERMANENCE_PLAN = {
    "RETURN_FAMILY": "Return to parents or family",
    "FAMILY_NETWORK": "Family or friends (SGO/CAO)",
    "ADOPTION": "Adoption",
    "LT_FOSTERING": "Long-term fostering",
    "RESIDENTIAL": "Residential care",
    "INDEPENDENCE": "Independent living",
    "OTHER": "Other",
}
PARENT_SERVICE = {
    "ADULT_MH": "Adult mental health service",
    "SUBSTANCE": "Drug and alcohol service",
    "DOMESTIC_ABUSE": "Domestic abuse service",
    "GP": "GP",
    "ADULT_SOCIAL_CARE": "Adult social care",
    "PERINATAL": "Perinatal mental health",
    "NONE": "None recorded",
}
SERVICE_BEFORE = {
    "GP_HEALTH": "GP, midwifery or other health",
    "POLICE": "Police",
    "SCHOOL": "School",
    "MENTAL_HEALTH": "Mental health (child or adult)",
    "HOUSING": "Housing",
    "DOMESTIC_ABUSE": "Domestic abuse service",
    "SUBSTANCE": "Drug and alcohol service",
    "EARLY_YEARS": "Early years or children's centre",
    "YOUTH_JUSTICE": "Youth justice",
    "VOLUNTARY": "Voluntary sector",
    "PROBATION": "Probation",
    "NONE": "None recorded",
}
ENABLER = {
    "CONSENT": "Consent of, or engagement with, parents",
    "INFO_SHARING": "Information sharing between agencies",
    "EARLIER_SUPPORT": "Support offered earlier",
    "ADULT_SERVICES": "Adult services available to parents",
    "CAPACITY": "Practitioner capacity and continuity",
    "SCHOOL": "School involvement",
    "FAMILY_NETWORK": "Wider family network involved",
    "HOUSING": "Housing",
    "OTHER": "Other",
}
CONSENT_CHANGE = {
    "TRAUMA_INFORMED": "Awareness and trauma-informed work with parents",
    "EARLIER": "Support provided earlier",
    "MENTAL_LOAD": "Less demand on parents",
    "TRUSTED_PERSON": "Help offered by a trusted practitioner",
    "FAMILY_GROUP": "Family group decision making",
    "PRACTICAL": "Practical help",
    "OTHER": "Other",
}
RECONNECTION_BARRIER = {
    "JOINED_UP": "Joined-up working and information sharing",
    "CAPACITY": "Capacity to work with the family",
    "PARENT_NEEDS": "Parents' own needs not met",
    "NETWORK_NOT_EXPLORED": "Family network not explored",
    "FAMILY_TIME": "Contact or family time arrangements",
    "CHILD_WISHES": "Child's wishes",
    "DISTANCE": "Distance of the placement",
    "OTHER": "Other",
}


# --------------------------------------------------------------------------------------
# Placement groups (Social Finance / Data to Insight convention)
# --------------------------------------------------------------------------------------

FOSTERING = ("U1", "U2", "U3", "U4", "U5", "U6")
KINSHIP = ("U1", "U2", "U3")
RESIDENTIAL = ("K2", "R1", "P3", "S1")
SUPPORTED = ("H5", "P2", "K3")
SECURE = ("K1",)
WITH_PARENTS = ("P1",)
ADOPTION = ("A3", "A4", "A5", "A6")
IN_HOUSE_PROVIDERS = ("PR1", "PR2")


def placement_group(place: pd.Series, provider: pd.Series | None = None) -> pd.Series:
    """Placement group of each episode (the keys of ``MeasureParams.unit_costs``)."""
    place = place.astype("str")
    out = pd.Series("Other", index=place.index, dtype="str")
    out[place.isin(SUPPORTED)] = "Supported accommodation"
    out[place.isin(RESIDENTIAL)] = "Residential"
    out[place.isin(SECURE)] = "Secure"
    out[place.isin(WITH_PARENTS)] = "Placed with parents"
    out[place.isin(ADOPTION)] = "Placed for adoption"
    fost = place.isin(FOSTERING)
    out[fost] = "Fostering (agency)"
    if provider is not None:
        out[fost & provider.isin(IN_HOUSE_PROVIDERS)] = "Fostering (in-house)"
    else:
        out[fost] = "Fostering (in-house)"
    out[place.isin(KINSHIP)] = "Kinship fostering"
    return out
