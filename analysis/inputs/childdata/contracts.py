"""The child-level tables a council brings: columns, types and allowed codes.

Each table is one CSV file named ``<table>.csv`` in one folder.  Column names
follow the DfE returns (SSDA903 for children looked after, the children in need
census for referrals, assessments and plans); the case-review table is defined
by this package.  Codes are matched without regard to case or surrounding
spaces.  Dates may be written ``dd/mm/yyyy`` (as Excel exports them) or
``yyyy-mm-dd``.

Conventions used below:

* *required* columns must be present; *optional* ones may be left out;
* a column that is present may still have blank cells only where ``nullable``;
* "codes" columns hold one code per cell; "multi" columns hold any number of
  codes separated by ``;`` (a ``,`` or ``|`` also works) - for example the
  assessment factors ``4B;3B;2B``.  Assessments may also be given one row per
  factor: rows with the same child and date are combined.

:func:`data_dictionary` returns every column as a table, and
:func:`write_data_dictionary` writes ``docs/data-dictionary.md`` from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

Kind = Literal["id", "date", "code", "multi", "int", "float", "bool", "upn", "postcode", "lsoa", "text"]

# --------------------------------------------------------------------------------------
# Code lists (labels are this package's own short descriptions)
# --------------------------------------------------------------------------------------

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
# Table specifications
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = True
    nullable: bool = False
    codes: dict[str, str] | None = None
    min: float | None = None
    max: float | None = None

    def format_text(self) -> str:
        """Allowed values or format, in words."""
        if self.codes:
            return ", ".join(self.codes)
        return {
            "id": "text identifier, as in your case-management system",
            "date": "date, dd/mm/yyyy or yyyy-mm-dd",
            "int": "whole number" + _range_text(self),
            "float": "number" + _range_text(self),
            "bool": "Y or N (also yes/no, true/false, 1/0)",
            "upn": "13-character unique pupil number (a letter then 12 letters/digits), or UN1-UN10",
            "postcode": "postcode or postcode sector, e.g. AB1 2CD or AB1 2",
            "lsoa": "LSOA 2021 code, E01 and six digits",
            "text": "free text",
        }.get(self.kind, self.kind)


def _range_text(c: Column) -> str:
    if c.min is not None and c.max is not None:
        return f" from {c.min:g} to {c.max:g}"
    if c.min is not None:
        return f", at least {c.min:g}"
    return ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row; duplicates are errors
    duplicate_rows: Literal["error", "warn"] = "error"
    source: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _child(desc: str = "Child identifier, the same in every table") -> Column:
    return Column("CHILD", "id", desc)


TABLES: dict[str, Table] = {}


def _add(t: Table) -> None:
    TABLES[t.name] = t


_add(
    Table(
        "header",
        "SSDA903 header",
        "One row per child looked after at any time in the extract.",
        (
            _child(),
            Column("SEX", "code", "Sex as recorded in the SSDA903", codes=SEX),
            Column("DOB", "date", "Date of birth"),
            Column("ETHNIC", "code", "Ethnicity (DfE codes)", codes=ETHNIC),
            Column("UPN", "upn", "Unique pupil number (used to link school data)", required=False, nullable=True),
            Column(
                "UASC",
                "bool",
                "Ever an unaccompanied asylum-seeking child in the extract (local field; "
                "derive from the SSDA903 UASC table)",
                required=False,
                nullable=True,
            ),
        ),
        key=("CHILD",),
        source="DfE SSDA903 return, header table",
    )
)

_add(
    Table(
        "episodes",
        "SSDA903 episodes",
        "One row per episode of care (a change of legal status or "
        "placement starts a new episode). Open episodes have DEC and REC blank.",
        (
            _child(),
            Column("DECOM", "date", "Date the episode started"),
            Column("RNE", "code", "Reason for new episode", codes=RNE),
            Column("LS", "code", "Legal status", codes=LS),
            Column("CIN", "code", "Category of need", codes=CIN_CODE),
            Column("PLACE", "code", "Placement type", codes=PLACE),
            Column("PLACE_PROVIDER", "code", "Placement provider", codes=PLACE_PROVIDER, nullable=True),
            Column("DEC", "date", "Date the episode ended (blank if open)", nullable=True),
            Column("REC", "code", "Reason the episode ended (blank if open)", codes=REC, nullable=True),
            Column(
                "REASON_PLACE_CHANGE",
                "code",
                "Reason for a change of placement",
                codes=REASON_PLACE_CHANGE,
                required=False,
                nullable=True,
            ),
            Column(
                "HOME_POST",
                "postcode",
                "Postcode (or sector) of the home the child was taken from",
                required=False,
                nullable=True,
            ),
            Column(
                "WEEKLY_COST",
                "float",
                "Weekly cost of the placement at the episode's start, in pounds "
                "(local finance field; if absent, unit costs from the params file are used)",
                required=False,
                nullable=True,
                min=0,
            ),
        ),
        key=("CHILD", "DECOM"),
        source="DfE SSDA903 return, episodes table",
    )
)

_add(
    Table(
        "referrals",
        "CIN census referrals",
        "One row per referral to children's social care.",
        (
            _child(),
            Column("REFERRAL_DATE", "date", "Date of the referral"),
            Column("REFERRAL_SOURCE", "code", "Source of the referral (CIN census codes)", codes=REFERRAL_SOURCE),
        ),
        duplicate_rows="warn",
        source="DfE children in need census, referral module",
    )
)

_add(
    Table(
        "assessments",
        "CIN census assessments and factors",
        "One row per assessment with its factors in FACTORS separated by ';', or one row per factor.",
        (
            _child(),
            Column("ASSESSMENT_DATE", "date", "Date the assessment was authorised (or started)"),
            Column(
                "FACTORS",
                "multi",
                "Factors identified at the end of the assessment",
                codes=ASSESSMENT_FACTORS,
                nullable=True,
            ),
        ),
        duplicate_rows="warn",
        source="DfE children in need census, assessment module",
    )
)

for _name, _title, _src in (
    ("cin_plans", "Child in need plans", "DfE children in need census, CIN plan dates"),
    ("cp_plans", "Child protection plans", "DfE children in need census, CPP module"),
    ("early_help", "Early help plans", "Local early help system"),
):
    _cols = [
        _child(),
        Column("START", "date", "Date the plan started"),
        Column("END", "date", "Date the plan ended (blank if open)", nullable=True),
    ]
    if _name == "cp_plans":
        _cols.append(
            Column("CATEGORY", "code", "Initial category of abuse", codes=CP_CATEGORY, required=False, nullable=True)
        )
    _add(Table(_name, _title, "One row per plan.", tuple(_cols), key=("CHILD", "START"), source=_src))

_add(
    Table(
        "contacts",
        "Contacts",
        "One row per contact (a concern reported to children's social care), whether or not it became a referral.",
        (
            _child(),
            Column("CONTACT_DATE", "date", "Date of the contact"),
            Column(
                "SOURCE",
                "code",
                "Who made the contact (CIN census referral-source codes)",
                codes=REFERRAL_SOURCE,
                nullable=True,
            ),
        ),
        duplicate_rows="warn",
        source="Local front-door (MASH) system",
    )
)

_add(
    Table(
        "school",
        "School attendance and SEN",
        "One row per child (or per child and date): attendance and SEN status before entry to care.",
        (
            _child(),
            Column(
                "DATE",
                "date",
                "Date the record refers to (end of the term or year used)",
                required=False,
                nullable=True,
            ),
            Column("ATTENDANCE", "float", "Attendance, % of possible sessions attended", nullable=True, min=0, max=100),
            Column("SEN", "code", "SEN provision (school census codes)", codes=SEN, nullable=True),
            Column("PHASE", "code", "School phase", codes=SCHOOL_PHASE, required=False, nullable=True),
        ),
        key=("CHILD", "DATE"),
        source="School census / local education data",
    )
)

_add(
    Table(
        "case_review",
        "Case review",
        "One row per reviewed child: practitioners' judgements with hindsight.",
        (
            _child(),
            Column("REVIEW_DATE", "date", "Date of the review", required=False, nullable=True),
            Column(
                "REVIEW_TYPE",
                "code",
                "Multi-agency deep-dive review or individual case-note review",
                codes={"DEEP_DIVE": "Multi-agency case review", "CASE_NOTES": "Case-note review"},
                required=False,
                nullable=True,
            ),
            Column(
                "IMPROVABLE_BEFORE", "bool", "Could the family have been supported better before entry?", nullable=True
            ),
            Column(
                "CONFIDENCE_AVOID",
                "code",
                "Confidence the child could have stayed with family with that support (NONE where not improvable)",
                codes=CONFIDENCE,
                nullable=True,
            ),
            Column(
                "IMPROVABLE_AFTER",
                "bool",
                "Could the family have been supported better after entry (towards reconnection)?",
                nullable=True,
            ),
            Column(
                "CONFIDENCE_EXIT",
                "code",
                "Confidence the child could have left care positively with that support",
                codes=CONFIDENCE,
                required=False,
                nullable=True,
            ),
            Column("PRIMARY_NEED", "code", "Child's primary need category", codes=CIN_CODE, nullable=True),
            Column("PARENT_MENTAL_HEALTH", "bool", "Adult mental health need in the household", nullable=True),
            Column("PARENT_SUBSTANCE", "bool", "Adult drug or alcohol misuse in the household", nullable=True),
            Column("PARENT_DOMESTIC_ABUSE", "bool", "Domestic abuse in the household", nullable=True),
            Column(
                "PARENT_SERVICES",
                "multi",
                "Services the parents interacted with before entry",
                codes=PARENT_SERVICE,
                nullable=True,
            ),
            Column(
                "SERVICES_BEFORE",
                "multi",
                "Services in contact with the child or family before entry",
                codes=SERVICE_BEFORE,
                nullable=True,
            ),
            Column("ENABLERS", "multi", "Biggest enablers of effective support", codes=ENABLER, nullable=True),
            Column(
                "CONSENT_CHANGE",
                "multi",
                "Where consent was lacking: what could have been different",
                codes=CONSENT_CHANGE,
                required=False,
                nullable=True,
            ),
            Column(
                "VOICE",
                "code",
                "Was the child's voice captured in decisions on the journey into care?",
                codes=VOICE,
                nullable=True,
            ),
            Column("SCHOOL_PHASE", "code", "Child's school phase at entry", codes=REVIEW_PHASE, nullable=True),
            Column("CARE_SETTING", "code", "Current (or last) care setting", codes=CARE_SETTING, nullable=True),
            Column(
                "RECONNECTION_BARRIERS",
                "multi",
                "Why the system could not support reconnection",
                codes=RECONNECTION_BARRIER,
                required=False,
                nullable=True,
            ),
            Column(
                "INITIAL_PLAN", "code", "Initial permanence plan", codes=PERMANENCE_PLAN, required=False, nullable=True
            ),
            Column(
                "CURRENT_PLAN",
                "code",
                "Current (or last) permanence plan",
                codes=PERMANENCE_PLAN,
                required=False,
                nullable=True,
            ),
        ),
        key=("CHILD",),
        source="This package's case-review template",
    )
)

_add(
    Table(
        "home_lsoa",
        "Home LSOA",
        "One row per child: the LSOA 2021 of the home address at entry, derived by "
        "the council from HOME_POST with its own postcode lookup.",
        (
            _child(),
            Column("LSOA21CD", "lsoa", "LSOA 2021 code of the home at entry"),
        ),
        key=("CHILD",),
        source="Council postcode-to-LSOA lookup (e.g. ONS NSPL)",
    )
)

_add(
    Table(
        "population_imd",
        "Child population by IMD decile",
        "Population aged 0-17 living in each IMD 2025 "
        "decile of the council (from ONS LSOA population estimates and the IMD file).",
        (
            Column("IMD_DECILE", "int", "IMD 2025 decile (1 = most deprived 10% of England)", min=1, max=10),
            Column("POPULATION_0_17", "int", "Children aged 0-17", min=0),
        ),
        key=("IMD_DECILE",),
        source="ONS mid-year LSOA estimates x English Indices of Deprivation 2025",
    )
)

_add(
    Table(
        "lsoa_imd",
        "LSOA to IMD decile lookup (optional)",
        "Only needed if your home LSOAs are not all in "
        "the packaged sample: the IMD 2025 decile of each LSOA (from the public IMD file).",
        (
            Column("LSOA21CD", "lsoa", "LSOA 2021 code"),
            Column("IMD_DECILE", "int", "IMD 2025 decile", min=1, max=10),
        ),
        key=("LSOA21CD",),
        source="English Indices of Deprivation 2025, LSOA file",
    )
)


#: Tables in a sensible reading order
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


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


# --------------------------------------------------------------------------------------
# Pandera schemas (for normalised, typed frames as returned by the loader)
# --------------------------------------------------------------------------------------


def pandera_schema(table: str):
    """A pandera schema checking a typed frame from :func:`analysis.inputs.childdata.load.load_child_data`.

    The loader does its own, more detailed checking of raw files (to give row numbers
    and hints); this schema documents the same contract for frames produced in code.
    """
    import pandera.pandas as pa

    spec = TABLES[table]
    cols = {}
    for c in spec.columns:
        checks = []
        if c.codes and c.kind == "code":
            checks.append(pa.Check.isin(list(c.codes)))
        if c.min is not None:
            checks.append(pa.Check.ge(c.min))
        if c.max is not None:
            checks.append(pa.Check.le(c.max))
        if c.kind == "lsoa":
            checks.append(pa.Check.str_matches(r"^E01\d{6}$"))
        dtype = {"date": "datetime64[ns]", "int": "Int64", "float": "float64", "bool": "boolean"}.get(c.kind)
        cols[c.name] = pa.Column(
            dtype, checks=checks, nullable=c.nullable, required=c.required, coerce=dtype is not None
        )
    return pa.DataFrameSchema(cols, strict=False, name=spec.name)


# --------------------------------------------------------------------------------------
# Data dictionary
# --------------------------------------------------------------------------------------

_KIND_WORDS = {
    "id": "identifier",
    "date": "date",
    "code": "code",
    "multi": "codes (list)",
    "int": "integer",
    "float": "number",
    "bool": "yes/no",
    "upn": "UPN",
    "postcode": "postcode",
    "lsoa": "LSOA code",
    "text": "text",
}


def data_dictionary() -> pd.DataFrame:
    """Every column of every table: table, column, type, required, allowed values/format, description."""
    rows = []
    for t in TABLES.values():
        for c in t.columns:
            rows.append(
                {
                    "table": t.name,
                    "file": t.file,
                    "column": c.name,
                    "type": _KIND_WORDS[c.kind],
                    "required": "required" if c.required else "optional",
                    "blank allowed": "yes" if c.nullable else "no",
                    "allowed values / format": c.format_text(),
                    "description": c.description,
                }
            )
    return pd.DataFrame(rows)


def data_dictionary_markdown() -> str:
    dd = data_dictionary()
    lines = [
        "# Child-level data dictionary",
        "",
        "<!-- Generated by `python -m analysis.inputs.childdata.contracts`; do not edit by hand. -->",
        "",
        "Put one CSV file per table in one folder, named `<table>.csv`, and set the child-level",
        "data `source` in the params file to that folder. Any subset of tables may be",
        "given: a measure whose tables are missing is reported as unavailable. Column names",
        "and codes are matched without regard to case or surrounding spaces; dates may be",
        "`dd/mm/yyyy` or `yyyy-mm-dd`; files may be UTF-8 (with or without a byte-order mark)",
        "or Excel's Windows-1252. Columns marked *codes (list)* take several codes separated",
        "by `;`. Every problem found is listed with its file, column and row numbers (the",
        "header is row 1), and nothing is used until all files pass.",
        "",
        "These tables hold personal data. Keep them in `data/private/` (ignored by git);",
        "only disclosure-controlled counts reach the report.",
        "",
    ]
    for name, t in TABLES.items():
        lines += [f"## `{t.file}` - {t.title}", "", t.description, ""]
        if t.source:
            lines += [f"Source: {t.source}.", ""]
        if t.key:
            lines += [f"Each row is identified by: {', '.join(t.key)} (duplicates are errors).", ""]
        lines += [
            "| column | type | required | blank allowed | allowed values / format | description |",
            "|---|---|---|---|---|---|",
        ]
        for _, r in dd[dd.table == name].iterrows():
            allowed = str(r["allowed values / format"]).replace("|", "/")
            lines.append(
                f"| `{r.column}` | {r.type} | {r.required} | {r['blank allowed']} | {allowed} | {r.description} |"
            )
        lines.append("")
    lines += ["## Code meanings", ""]
    for title, codes in (
        ("Assessment factors (CIN census)", ASSESSMENT_FACTORS),
        ("Referral and contact sources (CIN census)", REFERRAL_SOURCE),
        ("Placement types (SSDA903 PLACE)", PLACE),
        ("Reasons an episode ended (SSDA903 REC)", REC),
        ("Case review: enablers", ENABLER),
        ("Case review: consent", CONSENT_CHANGE),
        ("Case review: services before entry", SERVICE_BEFORE),
        ("Case review: parents' services", PARENT_SERVICE),
        ("Case review: reconnection barriers", RECONNECTION_BARRIER),
        ("Case review: care setting", CARE_SETTING),
        ("Case review: permanence plan", PERMANENCE_PLAN),
    ):
        lines += [f"### {title}", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{k}` | {v} |" for k, v in codes.items()]
        lines.append("")
    return "\n".join(lines)


def write_data_dictionary(path: str | Path | None = None) -> Path:
    """Write the data dictionary as markdown (default ``docs/data-dictionary.md`` in the repo)."""
    if path is None:
        from analysis.common.paths import project_root

        path = project_root() / "docs" / "data-dictionary.md"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary_markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_data_dictionary())
