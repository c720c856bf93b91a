"""The one validated params object for a report variant.

A params file is YAML.  It is read into :class:`ReportParams`, a typed pydantic
model in which every field has a unit and a source (see
:mod:`analysis.config.base`).  Unknown or misspelt keys are errors naming the
key, its line and the closest valid key.  A file may start from another with
``extends: other.yml`` (a path relative to the file); its keys then override
the other's, section by section.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from analysis.common.errors import ParamsError, Problem
from analysis.config.base import Section, param
from analysis.config.childdata import ChildDataParams, DisclosureParams, MeasureParams
from analysis.config.model import ModelParams
from analysis.config.public import PublicDataParams


class ReportInfo(Section):
    variant: str = param(
        ...,
        unit="identifier",
        source="package choice",
        description="Short name of this report variant; the build folder build/<variant>/ and "
        "output folder output/<variant>/ are named after it.",
        pattern=r"^[a-z0-9][a-z0-9-]*$",
    )
    area_name: str = param(
        ...,
        unit="text",
        source="council or group name",
        description="Name of the area the report is about, used wherever the published "
        "report speaks of county authorities.",
    )
    area_kind: Literal["aggregate", "council", "group"] = param(
        "aggregate",
        unit="one of aggregate / council / group",
        source="package choice",
        description="aggregate: the CCN figures published in the report; council: one local authority "
        "fitted to its own DfE history; group: a sum of councils (for example ccn).",
    )
    council: str | None = param(
        None,
        unit="DfE 3-digit code, ONS code or name",
        source="DfE LA code list",
        description="The council, when area_kind is council (for example 886 or Kent).",
    )
    group: str | None = param(
        None, unit="group name", source="public data folder", description="The group, when area_kind is group (ccn)."
    )
    population: int | None = param(
        None,
        unit="residents (all ages)",
        source="ONS mid-year estimates",
        ge=1,
        description="The area's resident population, used to scale the "
        "published CCN results to this area in the scaling chapter.",
    )
    subtitle: str | None = param(
        None, unit="text", source="package choice", description="Optional line under the title on the front page."
    )

    @field_validator("area_name")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()


class RenderParams(Section):
    formats: list[Literal["html", "pdf", "docx"]] = param(
        ["html", "pdf"],
        unit="list of html / pdf / docx",
        source="package choice",
        description="Which outputs to produce (docx: a Word version for committee papers).",
    )
    jobs: int = param(
        2,
        unit="processes",
        source="package choice",
        ge=1,
        le=32,
        description="Chapter notebooks executed at once (one kernel each).",
    )
    reuse_kernels: bool = param(
        True,
        unit="true / false",
        source="package choice (speed)",
        description="Run one chapter after another in the same kernel, clearing its "
        "variables in between, instead of starting a new kernel for every "
        "chapter. About twice as fast; false gives every chapter a fresh "
        "kernel.",
    )
    chapter_timeout: int = param(
        600,
        unit="seconds",
        source="package choice",
        ge=10,
        description="A chapter taking longer than this fails the build.",
    )


class EnablerAssessment(Section):
    status: Literal["in place", "in progress", "not started"] = param(
        ...,
        unit="one of in place / in progress / not started",
        source="council self-assessment",
        description="Where the council stands on this enabler.",
    )
    note: str = param("", unit="text", source="council self-assessment", description="Optional comment.")


class EnablersParams(Section):
    self_assessment: dict[str, EnablerAssessment] = param(
        default_factory=dict,
        unit="enabler id -> status and note",
        source="council self-assessment",
        description="Optional. Keys are enabler ids from the package's enablers list "
        "(analysis/resources/enablers.yml) (for example L1 or N3).",
    )


class HistoryParams(Section):
    file: str | None = param(
        None,
        unit="path to a CSV (relative to the repository or absolute)",
        source="the council's own records",
        description="A council's yearly history (year, cla, starts, ceases, population_0_17; "
        "optional returned_home, spend, budget). When set, the model is fitted "
        "to it instead of the public DfE data.",
    )


class ReportParams(Section):
    report: ReportInfo
    history: HistoryParams = Field(default_factory=HistoryParams)
    model: ModelParams = Field(default_factory=ModelParams)
    child_data: ChildDataParams = Field(default_factory=ChildDataParams)
    disclosure: DisclosureParams = Field(default_factory=DisclosureParams)
    measures: MeasureParams = Field(default_factory=MeasureParams)
    public_data: PublicDataParams = Field(default_factory=PublicDataParams)
    render: RenderParams = Field(default_factory=RenderParams)
    enablers: EnablersParams = Field(default_factory=EnablersParams)


# --------------------------------------------------------------------------- loading


def _line_index(text: str) -> dict[tuple, int]:
    """Map each key path in a YAML document to its 1-based line number (aliases are not followed)."""
    lines: dict[tuple, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    seen: set[int] = set()

    def walk(n, path):
        if id(n) in seen:  # an alias: its lines are those of the anchor, already indexed
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value
                lines[path + (key,)] = k.start_mark.line + 1
                walk(v, path + (key,))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                lines[path + (i,)] = v.start_mark.line + 1
                walk(v, path + (i,))

    walk(node, ())
    return lines


#: A params file is a page or two of YAML; anything bigger is not one.
MAX_PARAMS_BYTES = 1024 * 1024
#: YAML aliases (``*name``) allowed in one params file: enough to reuse a block, too few for an
#: alias bomb (each alias can double what the file expands to).
MAX_ALIASES = 20


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing duplicate keys (naming both lines) and more than
    :data:`MAX_ALIASES` aliases."""

    def __init__(self, stream, path: Path):
        super().__init__(stream)
        self._path = path
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise ParamsError(
                    Problem(
                        f"the params file uses more than {MAX_ALIASES} YAML aliases (*name), line {mark.line + 1}",
                        file=str(self._path),
                        hint="Write the values out instead of repeating them with aliases",
                    )
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for k, _ in node.value:
                if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:merge":
                    continue
                key = k.value
                if key in seen:
                    raise ParamsError(
                        Problem(
                            f"the key '{key}' is given twice in the same section, at lines {seen[key]} and "
                            f"{k.start_mark.line + 1}; the second would silently replace the first",
                            file=str(self._path),
                            rows=(seen[key], k.start_mark.line + 1),
                            hint="Keep one of them",
                        )
                    )
                seen[key] = k.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _safe_load(text: str, path: Path):
    loader = _Loader(text, path)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _read_yaml(path: Path) -> tuple[dict, dict]:
    if not path.exists():
        raise ParamsError(
            Problem(
                "the params file does not exist",
                file=str(path),
                hint="Check the path, or copy params/demo-shire.yml as a starting point",
            )
        )
    if path.is_dir():
        raise ParamsError(
            Problem(
                "the params path is a folder, not a file",
                file=str(path),
                hint="Give the path of a .yml file, for example params/demo-shire.yml",
            )
        )
    if not path.is_file():
        raise ParamsError(
            Problem(
                "the params path is not a regular file (a pipe, device or socket), so it is not read",
                file=str(path),
                hint="Give the path of a .yml file, for example params/demo-shire.yml",
            )
        )
    size = path.stat().st_size
    if size > MAX_PARAMS_BYTES:
        raise ParamsError(
            Problem(
                f"the params file is too large ({size:,} bytes; the limit is {MAX_PARAMS_BYTES:,})",
                file=str(path),
                hint="A params file is a page or two of YAML; check it is the right file",
            )
        )
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_PARAMS_BYTES + 1)
        if len(raw) > MAX_PARAMS_BYTES:
            raise ParamsError(Problem("the params file is too large", file=str(path)))
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ParamsError(
            Problem(
                f"the params file is not UTF-8 text (byte {e.start})",
                file=str(path),
                hint="Save it as UTF-8 from your editor",
            )
        ) from e
    try:
        data = _safe_load(text, path)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ParamsError(
            Problem(
                f"the params file is not valid YAML{where}: {getattr(e, 'problem', e)}",
                file=str(path),
                hint="Check indentation and that each key is followed by ':'",
            )
        ) from e
    if data is None:
        raise ParamsError(
            Problem(
                "the params file is empty",
                file=str(path),
                hint="It needs at least a 'report:' section with variant and area_name",
            )
        )
    if not isinstance(data, dict):
        raise ParamsError(
            Problem("the params file must be a mapping of keys to values", file=str(path), value=type(data).__name__)
        )
    return data, _line_index(text)


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


#: Keys that name a file or folder: a relative value is read against the folder of the params file
#: that sets it (so a params file and its data can move together).
PATH_KEYS: tuple[tuple[str, str], ...] = (
    ("history", "file"),
    ("child_data", "source"),
    ("public_data", "public_dir"),
)
NOT_PATHS = {"synthetic", "none", ""}


def _anchor_paths(data: dict, folder: Path) -> None:
    """Make the relative paths this file sets absolute, against ``folder`` (the params file's own), when
    something exists there.  Otherwise the value is left as written and is later read against the
    report project folder (the rule before params-relative paths), so older params files keep working."""
    for section, key in PATH_KEYS:
        sec = data.get(section)
        if not isinstance(sec, dict):
            continue
        value = sec.get(key)
        if not isinstance(value, str) or value.strip() in NOT_PATHS:
            continue
        p = Path(os.path.expanduser(value))
        if p.is_absolute():
            continue
        here = folder / p
        if here.exists():
            sec[key] = str(here.resolve())


def read_params_dict(path: Path, _seen: tuple = ()) -> tuple[dict, dict, list[Path]]:
    """The merged raw mapping, a line index and the chain of files read."""
    path = Path(path)
    if path.resolve() in _seen:
        raise ParamsError(Problem("'extends' forms a loop", file=str(path)))
    data, lines = _read_yaml(path)
    _anchor_paths(data, path.parent)
    chain = [path]
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise ParamsError(
                Problem(
                    "'extends' must name a params file",
                    file=str(path),
                    column="extends",
                    value=parent,
                    hint="Write the name of the params file this one builds on, e.g. extends: ccn-report.yml",
                )
            )
        base, _, parent_chain = read_params_dict(path.parent / parent, _seen + (path.resolve(),))
        data = _deep_merge(base, data)
        chain = parent_chain + chain
    return data, lines, chain


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The Section class reached by following loc from ReportParams."""
    import typing

    cls: Any = ReportParams
    for part in loc:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None
        f = cls.model_fields.get(part)
        if f is None:
            return None
        ann = f.annotation
        # unwrap Optional[...] and similar
        cands = (
            [a for a in typing.get_args(ann) if isinstance(a, type) and issubclass(a, BaseModel)]
            if typing.get_args(ann)
            else [ann]
        )
        cls = cands[0] if cands else None
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


_EXPECT = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "missing": "a value",
}


def _problems(err: ValidationError, path: Path, lines: dict) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        key = ".".join(str(p) for p in loc)
        line = None
        for n in range(len(loc), 0, -1):
            if loc[:n] in lines:
                line = lines[loc[:n]]
                break
        rows = (line,) if line else ()
        if e["type"] == "extra_forbidden":
            owner = _model_at(loc[:-1])
            valid = list(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
            hint = (
                f"Did you mean '{'.'.join(str(p) for p in loc[:-1] + (close[0],))}'?"
                if close
                else (f"Valid keys here: {', '.join(valid)}" if valid else None)
            )
            out.append(Problem(f"unknown key '{key}'", file=str(path), rows=rows, hint=hint))
        elif e["type"] == "missing":
            out.append(
                Problem(
                    f"required key '{key}' is missing",
                    file=str(path),
                    rows=rows,
                    hint="Add it; the README lists every key with its meaning",
                )
            )
        else:
            expected = _EXPECT.get(e["type"])
            msg = e["msg"]
            out.append(
                Problem(
                    f"key '{key}': {msg}",
                    file=str(path),
                    rows=rows,
                    value=e.get("input") if not isinstance(e.get("input"), (dict, list)) else None,
                    expected=expected,
                )
            )
    return out


def load_params(path: str | Path, overrides: dict | None = None) -> ReportParams:
    """Read, merge (extends) and validate a params file; raise ParamsError on any problem."""
    path = Path(path)
    data, lines, _ = read_params_dict(path)
    if overrides:
        data = _deep_merge(data, overrides)
    try:
        return ReportParams.model_validate(data)
    except ValidationError as err:
        raise ParamsError(_problems(err, path, lines), title=f"The params file {path} has problems:") from err


def params_hash(path: str | Path) -> str:
    """SHA-256 of the params file and every file it extends."""
    _, _, chain = read_params_dict(Path(path))
    h = hashlib.sha256()
    for p in chain:
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def dump_params(p: ReportParams) -> str:
    return json.dumps(p.model_dump(mode="json"), indent=2, sort_keys=True)


#: A council's resident population outside this range is valid but unlikely (the smallest English
#: council has about 2,000 residents, the largest about 1.6 million; England about 57 million).
PLAUSIBLE_POPULATION = (1_000, 20_000_000)


def plausibility_warnings(p: ReportParams) -> list[str]:
    """Values that are valid but unlikely, as sentences naming the key (a typo is the usual cause)."""
    out: list[str] = []
    pop = p.report.population
    lo, hi = PLAUSIBLE_POPULATION
    if pop is not None and pop < lo:
        out.append(
            f"report.population is {pop:,}: fewer than {lo:,} residents is unlikely for an area; "
            "check the value is residents, not thousands"
        )
    if pop is not None and pop > hi and p.report.area_kind == "council":
        out.append(f"report.population is {pop:,}: more than {hi:,} residents is unlikely for one council")
    return out
