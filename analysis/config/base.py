"""Building blocks for the typed, validated params object.

Every section of the params file is a subclass of :class:`Section`.  Unknown
keys are forbidden (``extra="forbid"``), so a misspelt key is an error; the
loader in :mod:`analysis.config.report` turns that error into a message naming the
key and the closest valid one.

Declare every field with :func:`param`, giving its unit and its source, so the
methodology appendix (assumptions register) and the README table can be
generated from the schema itself::

    class Finance(Section):
        unit_cost_growth: float = param(0.05, unit="share per year",
            source="Report section 5 ...", description="...")
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.json_schema import JsonDict


def _wants_number(annotation: Any) -> bool:
    """True for int, float and optional or union forms of them that do not also accept a bool."""
    if annotation in (int, float):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        return bool not in args and any(a in (int, float) for a in args)
    return False


class Section(BaseModel):
    """A block of the params file. Unknown keys are errors, and so is true/false where a number
    belongs (YAML reads ``population: true`` as a bool, which would otherwise count as 1)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_a_number(cls, v: Any, info: ValidationInfo) -> Any:
        if isinstance(v, bool) and info.field_name and _wants_number(cls.model_fields[info.field_name].annotation):
            raise ValueError("true/false is not a number")
        return v


def param(
    default: Any = ...,
    *,
    unit: str,
    source: str,
    description: str,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    lt: float | None = None,
    default_factory=None,
    **kwargs,
) -> Any:
    """A params field with its unit and source recorded in the schema."""
    extra: JsonDict = {"unit": unit, "source": source}
    if default_factory is not None:
        return Field(
            default_factory=default_factory,
            description=description,
            json_schema_extra=extra,
            ge=ge,
            le=le,
            gt=gt,
            lt=lt,
            **kwargs,
        )
    return Field(default, description=description, json_schema_extra=extra, ge=ge, le=le, gt=gt, lt=lt, **kwargs)


def field_meta(model_cls: type[BaseModel], name: str) -> dict:
    """Unit, source and description of one field of a Section."""
    f = model_cls.model_fields[name]
    extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
    return {"unit": extra.get("unit", ""), "source": extra.get("source", ""), "description": f.description or ""}


def iter_params(obj: BaseModel, prefix: str = ""):
    """Yield (dotted key, value, unit, source, description) for every leaf field."""
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from iter_params(value, key + ".")
        else:
            meta = field_meta(type(obj), name)
            yield key, value, meta["unit"], meta["source"], meta["description"]
