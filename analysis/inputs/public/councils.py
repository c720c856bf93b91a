"""The 153 English children's-services councils: lookup by code or name.

Sources (publisher files in the public data folder):

* ``lookups/csc_location_data_153_LAs.csv`` -- DfE's list of the 153 current
  local authorities (region, name, ONS code, DfE three-digit code);
* ``derived/ccn_members_confirmed_38.csv`` -- the 38 County Councils Network
  members whose membership could be confirmed (the only use of ``derived/``
  outside tests: it is a membership list, not data).

Local government reorganisations since 2016 are in :data:`SUCCESSIONS`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public import extract
from analysis.inputs.public.paths import require_file, resolve_public_dir

LOCATION_FILE = "lookups/csc_location_data_153_LAs.csv"
CCN_FILE = "derived/ccn_members_confirmed_38.csv"

ENGLAND_CODE = "970"  # LAIT's code for England


@dataclass(frozen=True)
class Council:
    """One of the 153 councils with children's-services responsibility."""

    dfe_code: str  # DfE three-digit LA code, e.g. "886"
    ons_code: str  # current ONS code, e.g. "E10000016"
    name: str  # DfE name, e.g. "Kent"
    region: str  # ONS region; Inner and Outer London are both "London"
    ccn_member: bool  # one of the 38 confirmed County Councils Network members
    predecessors: tuple[str, ...] = field(default=())  # DfE codes it was formed from (if any)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return f"{self.name} ({self.dfe_code}, {self.ons_code})"


@dataclass(frozen=True)
class Succession:
    """A reorganisation: predecessors' area = successors' area (pooled)."""

    predecessors: tuple[str, ...]  # DfE codes of the councils abolished
    successors: tuple[str, ...]  # DfE codes of the councils created
    first_year: int  # first year (ending 31 March) reported by the successors
    description: str


#: Reorganisations between 2016 and 2025 that changed boundaries.  (Buckinghamshire 2020,
#: North Yorkshire 2023 and Somerset 2023 became unitary on unchanged boundaries and kept
#: their DfE code, so their histories need no mapping; only the ONS code changed.)
SUCCESSIONS: tuple[Succession, ...] = (
    Succession(
        ("835", "836", "837"),
        ("838", "839"),
        2020,
        "Dorset County Council (835), Bournemouth (837) and Poole (836) were replaced on "
        "1 April 2019 by Dorset (838) and Bournemouth, Christchurch and Poole (839); "
        "Christchurch moved from Dorset county to BCP, so the three predecessors are "
        "pooled and the pool is shared between the two successors",
    ),
    Succession(
        ("928",),
        ("940", "941"),
        2022,
        "Northamptonshire (928) was split on 1 April 2021 into North Northamptonshire (940) "
        "and West Northamptonshire (941)",
    ),
    Succession(
        ("909",),
        ("942", "943"),
        2024,
        "Cumbria (909) was split on 1 April 2023 into Cumberland (942) and Westmorland and Furness (943)",
    ),
)

#: The abolished council(s) that ran each successor's area before it existed ("as the
#: authorities were then"): Dorset's area was run by Dorset County Council (which also covered
#: Christchurch, now in BCP); BCP's by Bournemouth and Poole (plus Christchurch, inside 835).
DIRECT_PREDECESSORS: dict[str, tuple[str, ...]] = {
    "838": ("835",),
    "839": ("836", "837"),
    "940": ("928",),
    "941": ("928",),
    "942": ("909",),
    "943": ("909",),
}

#: Names and ONS codes of the abolished councils (for helpful errors).
PREDECESSOR_NAMES: dict[str, tuple[str, str]] = {
    "835": ("Dorset (county council, before April 2019)", "E10000009"),
    "836": ("Poole", "E06000029"),
    "837": ("Bournemouth", "E06000028"),
    "928": ("Northamptonshire", "E10000021"),
    "909": ("Cumbria", "E10000006"),
}

#: Former ONS codes of councils that kept their DfE code and boundaries.
FORMER_ONS_CODES: dict[str, str] = {
    "E10000002": "825",  # Buckinghamshire county council, to 31 March 2020
    "E10000023": "815",  # North Yorkshire county council, to 31 March 2023
    "E10000027": "933",  # Somerset county council, to 31 March 2023
}


def succession_for(dfe_code: str) -> Succession | None:
    """The reorganisation that created this council, if any."""
    for s in SUCCESSIONS:
        if dfe_code in s.successors:
            return s
    return None


# --------------------------------------------------------------------------- loading


def read_location(base: Path) -> pd.DataFrame:
    """The DfE list of the 153 councils: the four columns used (codes, name, region)."""
    loc_path = require_file(base, LOCATION_FILE)
    loc = pd.read_csv(loc_path, dtype=str, encoding="utf-8-sig")
    need = ["region_name", "la_name", "new_la_code", "old_la_code"]
    if not set(need) <= set(loc.columns):
        raise InputError(
            Problem(
                "The LA list lacks expected columns",
                file=str(loc_path),
                value=list(loc.columns),
                expected=", ".join(sorted(need)),
            )
        )
    return loc[need].reset_index(drop=True)


def read_ccn(base: Path) -> pd.DataFrame:
    """The DfE codes of the CCN member councils."""
    ccn = pd.read_csv(require_file(base, CCN_FILE), dtype=str, encoding="utf-8-sig")
    return ccn[["old_la_code"]].reset_index(drop=True)


@lru_cache(maxsize=8)
def cached_councils(public_dir: str) -> tuple[Council, ...]:
    """The 153 councils listed in the public folder ``public_dir`` (a resolved path), by name (cached)."""
    base = Path(public_dir)
    if extract.is_extract(base):
        loc, ccn = extract.table(base, LOCATION_FILE), extract.table(base, CCN_FILE)
    else:
        loc, ccn = read_location(base), read_ccn(base)
    ccn_path = base / CCN_FILE
    ccn_codes = set(ccn["old_la_code"].str.strip())
    councils = []
    for row in loc.itertuples(index=False):
        code = str(row.old_la_code).strip().zfill(3)
        region = str(row.region_name).strip()
        if region in ("Inner London", "Outer London"):
            region = "London"
        succ = succession_for(code)
        councils.append(
            Council(
                dfe_code=code,
                ons_code=str(row.new_la_code).strip(),
                name=str(row.la_name).strip(),
                region=region,
                ccn_member=code in ccn_codes,
                predecessors=succ.predecessors if succ else (),
            )
        )
    unknown = ccn_codes - {c.dfe_code for c in councils}
    if unknown:
        raise InputError(
            Problem(
                "CCN member codes not among the 153 councils",
                file=str(ccn_path),
                column="old_la_code",
                value=sorted(unknown),
            )
        )
    return tuple(sorted(councils, key=lambda c: c.name))


def list_councils(public_dir=None) -> list[Council]:
    """All 153 councils (sorted by name)."""
    return list(cached_councils(str(resolve_public_dir(public_dir))))


def ccn_members(public_dir=None) -> list[Council]:
    """The 38 confirmed CCN member councils."""
    return [c for c in list_councils(public_dir) if c.ccn_member]


# --------------------------------------------------------------------------- names

_STRIP_PREFIXES = (
    "royal borough of ",
    "london borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "county of ",
    "city of ",
)
_STRIP_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " borough council",
    " county council",
    " city council",
    " district council",
    " council",
    " borough",
    " city",
)


def _norm(text: str) -> str:
    s = str(text).lower().replace("&", " and ")
    s = re.sub(r"[.,'\u2019()\-]", " ", s)
    s = re.sub(r"\bsaint\b", "st", s)
    return " ".join(s.split())


def _variants(name: str) -> set[str]:
    """Normalised forms of a name: 'Bristol, City of' -> {'bristol city of', 'bristol', ...}."""
    base = _norm(name)
    out = {base}
    # "Bristol, City of" / "Herefordshire, County of": move or drop the trailing qualifier.
    for q in (" city of", " county of"):
        if base.endswith(q):
            stem = base[: -len(q)]
            out |= {stem, q.strip() + " " + stem}
    changed = True
    while changed:
        changed = False
        for v in list(out):
            for p in _STRIP_PREFIXES:
                if v.startswith(p) and len(v) > len(p):
                    w = v[len(p) :]
                    if w not in out:
                        out.add(w)
                        changed = True
            for suf in _STRIP_SUFFIXES:
                if v.endswith(suf) and len(v) > len(suf):
                    w = v[: -len(suf)]
                    if w not in out:
                        out.add(w)
                        changed = True
            if v.startswith("county ") and len(v) > 7:  # "County Durham" -> "durham"
                if v[7:] not in out:
                    out.add(v[7:])
                    changed = True
            if v.startswith("the "):
                if v[4:] not in out:
                    out.add(v[4:])
                    changed = True
    return out


_EXTRA_ALIASES = {"hull": "810", "bcp": "839", "durham": "840"}


@lru_cache(maxsize=8)
def _name_index(public_dir: str) -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name -> dfe code, dfe code -> display name) for the 153 councils."""
    councils = cached_councils(public_dir)
    counts: dict[str, set[str]] = {}
    for c in councils:
        for v in _variants(c.name):
            counts.setdefault(v, set()).add(c.dfe_code)
    index = {k: next(iter(v)) for k, v in counts.items() if len(v) == 1 and k != "london"}
    # Full normalised names always win over derived variants.
    for c in councils:
        index[_norm(c.name)] = c.dfe_code
    for k, code in _EXTRA_ALIASES.items():
        index.setdefault(k, code)
    return index, {c.dfe_code: c.name for c in councils}


def _predecessor_error(code: str, query, public_dir: str) -> InputError:
    name, ons = PREDECESSOR_NAMES[code]
    by_code = {c.dfe_code: c for c in cached_councils(public_dir)}
    for s in SUCCESSIONS:
        if code in s.predecessors:
            succ = ", ".join(f"{by_code[x].name} ({x}, {by_code[x].ons_code})" for x in s.successors)
            return InputError(
                Problem(
                    f"{name} ({code}, {ons}) no longer exists as a children's-services council",
                    value=query,
                    expected=f"one of its successors: {succ}",
                    hint=s.description + ". Histories of the successors include the predecessor's "
                    "years (see council_history)",
                )
            )
    raise AssertionError(code)  # pragma: no cover


def resolve_la(query, public_dir=None) -> Council:
    """Find a council by DfE three-digit code, ONS code or name.

    Names are matched case-insensitively and tolerate '&'/'and', 'City of',
    'County of', 'Council', punctuation and spacing.  A near miss raises an
    :class:`InputError` listing the closest names.
    """
    if isinstance(query, Council):
        return query
    base = str(resolve_public_dir(public_dir))
    councils = cached_councils(base)
    by_code = {c.dfe_code: c for c in councils}
    by_ons = {c.ons_code.upper(): c for c in councils}
    if query is None or str(query).strip() == "":
        raise InputError(
            Problem(
                "No council given",
                expected="a DfE code (e.g. 886), an ONS code (e.g. E10000016) or a council name (e.g. Kent)",
            )
        )
    q = str(query).strip()
    if isinstance(query, int) or re.fullmatch(r"\d{1,3}", q):
        code = q.zfill(3)
        if code in by_code:
            return by_code[code]
        if code in PREDECESSOR_NAMES:
            raise _predecessor_error(code, query, base)
        raise InputError(
            Problem(
                f"No council has DfE code {code}",
                value=query,
                expected="one of the 153 DfE three-digit LA codes",
                hint="See list_councils() for all codes",
            )
        )
    if re.fullmatch(r"[EeWw]\d{8}", q):
        ons = q.upper()
        if ons in by_ons:
            return by_ons[ons]
        if ons in FORMER_ONS_CODES:
            return by_code[FORMER_ONS_CODES[ons]]
        for code, (_, old_ons) in PREDECESSOR_NAMES.items():
            if old_ons == ons:
                raise _predecessor_error(code, query, base)
        raise InputError(
            Problem(
                f"No children's-services council has ONS code {ons}",
                value=query,
                expected="an upper-tier (county or unitary) ONS code such as E06..., E08..., E09... or E10...",
                hint="District (E07) councils do not run children's services; use their county",
            )
        )
    index, names = _name_index(base)
    candidates = [_norm(q)]
    for v in sorted(_variants(q), key=len, reverse=True):
        if v not in candidates:
            candidates.append(v)
    for cand in candidates:
        if cand in index:
            return by_code[index[cand]]
    # Abolished councils by name.
    pred_names = {
        "cumbria": "909",
        "northamptonshire": "928",
        "poole": "836",
        "bournemouth": "837",
        "christchurch": "839",
    }
    for cand in candidates:
        if cand in pred_names:
            code = pred_names[cand]
            if code in PREDECESSOR_NAMES:
                raise _predecessor_error(code, query, base)
            c = by_code[code]
            raise InputError(
                Problem(
                    f"'{query}' is not a children's-services council",
                    value=query,
                    expected=f"{c.name} ({c.dfe_code})",
                    hint="Christchurch has been part of Bournemouth, Christchurch and Poole since April 2019",
                )
            )
    nq = _norm(q)
    suggestions: list[str] = []
    # Names that start with or contain the query ("Kingston" -> both Kingstons) come first.
    if len(nq) >= 3:
        suggestions = [c.name for c in councils if _norm(c.name).startswith(nq)]
        suggestions += [c.name for c in councils if nq in _norm(c.name) and c.name not in suggestions]
    for k in difflib.get_close_matches(nq, list(index), n=8, cutoff=0.6):
        nm = names[index[k]]
        if nm not in suggestions:
            suggestions.append(nm)
    hint = (
        ("Did you mean: " + "; ".join(suggestions[:5]) + "?")
        if suggestions
        else "See list_councils() for the 153 council names"
    )
    raise InputError(
        Problem(
            f"No council matches '{query}'",
            expected="a DfE code, an ONS code or one of the 153 council names",
            hint=hint,
        )
    )


def clear_cache() -> None:
    """Forget the council list and name index read."""
    cached_councils.cache_clear()
    _name_index.cache_clear()
