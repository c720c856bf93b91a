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

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict


class Section(BaseModel):
    """A block of the params file. Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


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
