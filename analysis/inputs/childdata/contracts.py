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

The contract is kept in three modules, whose names this module gathers:

* :mod:`analysis.inputs.childdata.codes` - the code lists and the placement groups;
* :mod:`analysis.inputs.childdata.tables` - :class:`Column`, :class:`Table`, :data:`TABLES`
  and :func:`pandera_schema`;
* :mod:`analysis.inputs.childdata.dictionary` - :func:`data_dictionary` returns every column
  as a table, and :func:`write_data_dictionary` writes ``docs/data-dictionary.md`` from it
  (``python -m analysis.inputs.childdata.contracts`` runs it).
"""

from __future__ import annotations

from analysis.inputs.childdata.codes import (
    ADOPTION,
    ASSESSMENT_FACTORS,
    CARE_SETTING,
    CIN_CODE,
    CONFIDENCE,
    CONSENT_CHANGE,
    CP_CATEGORY,
    ENABLER,
    ETHNIC,
    FOSTERING,
    IN_HOUSE_PROVIDERS,
    KINSHIP,
    LS,
    PARENT_SERVICE,
    PARENTAL_FACTORS,
    PERMANENCE_PLAN,
    PLACE,
    PLACE_PROVIDER,
    REASON_PLACE_CHANGE,
    REC,
    RECONNECTION_BARRIER,
    REFERRAL_SOURCE,
    REFERRAL_SOURCE_GROUP,
    RESIDENTIAL,
    REVIEW_PHASE,
    RNE,
    SCHOOL_PHASE,
    SECURE,
    SEN,
    SERVICE_BEFORE,
    SEX,
    SUPPORTED,
    UNKNOWN_ETHNIC,
    VOICE,
    WHITE_ETHNIC,
    WITH_PARENTS,
    YES_NO,
    placement_group,
)
from analysis.inputs.childdata.dictionary import data_dictionary, data_dictionary_markdown, write_data_dictionary
from analysis.inputs.childdata.tables import TABLE_NAMES, TABLES, Column, Kind, Table, pandera_schema

__all__ = [
    "ADOPTION",
    "ASSESSMENT_FACTORS",
    "CARE_SETTING",
    "CIN_CODE",
    "CONFIDENCE",
    "CONSENT_CHANGE",
    "CP_CATEGORY",
    "Column",
    "ENABLER",
    "ETHNIC",
    "FOSTERING",
    "IN_HOUSE_PROVIDERS",
    "KINSHIP",
    "Kind",
    "LS",
    "PARENTAL_FACTORS",
    "PARENT_SERVICE",
    "PERMANENCE_PLAN",
    "PLACE",
    "PLACE_PROVIDER",
    "REASON_PLACE_CHANGE",
    "REC",
    "RECONNECTION_BARRIER",
    "REFERRAL_SOURCE",
    "REFERRAL_SOURCE_GROUP",
    "RESIDENTIAL",
    "REVIEW_PHASE",
    "RNE",
    "SCHOOL_PHASE",
    "SECURE",
    "SEN",
    "SERVICE_BEFORE",
    "SEX",
    "SUPPORTED",
    "TABLES",
    "TABLE_NAMES",
    "Table",
    "UNKNOWN_ETHNIC",
    "VOICE",
    "WHITE_ETHNIC",
    "WITH_PARENTS",
    "YES_NO",
    "data_dictionary",
    "data_dictionary_markdown",
    "pandera_schema",
    "placement_group",
    "write_data_dictionary",
]

if __name__ == "__main__":  # pragma: no cover
    print(write_data_dictionary())
