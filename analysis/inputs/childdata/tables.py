"""The child-level tables a council brings: :class:`Column`, :class:`Table` and :data:`TABLES`.

Each table is one CSV file named ``<table>.csv``; see :mod:`analysis.inputs.childdata.contracts`
for the conventions (required and optional columns, blanks, single and multi codes) and
:mod:`analysis.inputs.childdata.codes` for the code lists.  :func:`pandera_schema` states the
same contract for typed frames produced in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from analysis.inputs.childdata.codes import (
    ASSESSMENT_FACTORS,
    CARE_SETTING,
    CIN_CODE,
    CONFIDENCE,
    CONSENT_CHANGE,
    CP_CATEGORY,
    ENABLER,
    ETHNIC,
    LS,
    PARENT_SERVICE,
    PERMANENCE_PLAN,
    PLACE,
    PLACE_PROVIDER,
    REASON_PLACE_CHANGE,
    REC,
    RECONNECTION_BARRIER,
    REFERRAL_SOURCE,
    REVIEW_PHASE,
    RNE,
    SCHOOL_PHASE,
    SEN,
    SERVICE_BEFORE,
    SEX,
    VOICE,
)

if TYPE_CHECKING:
    import pandera.pandas as pa

Kind = Literal["id", "date", "code", "multi", "int", "float", "bool", "upn", "postcode", "lsoa", "text"]

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
    extra: dict[str, object] = field(default_factory=dict)

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
# Pandera schemas (for normalised, typed frames as returned by the loader)
# --------------------------------------------------------------------------------------


def pandera_schema(table: str) -> pa.DataFrameSchema:
    """A pandera schema checking a typed frame from :func:`analysis.inputs.childdata.load.load_child_data`.

    The loader does its own, more detailed checking of raw files (to give row numbers
    and hints); this schema documents the same contract for frames produced in code.
    """
    import pandera.pandas as pa

    spec = TABLES[table]
    cols: dict[str, pa.Column] = {}
    for c in spec.columns:
        checks: list[pa.Check] = []
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
