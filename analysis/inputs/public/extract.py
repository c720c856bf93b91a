"""The public-data extract shipped with the package, so that council and group reports work with no
publisher folder at all.

``p2r data build --from DIR`` runs this package's own readers over the publisher files in ``DIR`` (the
DfE / MHCLG / ONS snapshot, laid out as in its README) and stores what they return, one Parquet table
per publisher file, with a manifest (``manifest.json``) that records for every table the publisher
file behind it, its sha256, the publisher, the release and the licence.  Nothing is a copy of a
publisher file: each table holds only the values the readers keep (for example 6 of LAIT's 434
measures), already typed.

When no publisher folder is configured (no ``public_dir`` and no ``P2R_PUBLIC_DATA``), the public-data
layer reads these tables instead of parsing the files: :func:`is_extract` tells the readers which
case they are in, and :func:`table` returns a stored table.  Because the stored tables are exactly
what the readers returned, a report built from the extract equals one built from the folder (a test
rebuilds the extract and compares it with the shipped one, and the golden files are checked both ways).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.common.paths import resource

#: Folder of the shipped extract (package data).
FOLDER_NAME = "public_extract"
MANIFEST = "manifest.json"
#: Bump when the readers change what they return: the manifest records it and the drift test compares it.
FORMAT = 1

LICENCE = "Open Government Licence v3.0"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. Source: Department "
    "for Education; Ministry of Housing, Communities & Local Government; Office for National Statistics."
)

#: Publisher and release of each publisher file, by the folder it sits in (file-level overrides below).
PUBLISHERS = {
    "dfe_cla/": "Department for Education (DfE), Children looked after in England including adoptions",
    "population/": "Office for National Statistics (ONS), mid-year population estimates",
    "deprivation/": "Ministry of Housing, Communities & Local Government (MHCLG), English Indices of Deprivation",
    "lookups/": "ONS / DfE geography lookups",
    "derived/": "County Councils Network membership list (as compiled in the public snapshot)",
}


def folder() -> Path:
    """Where the shipped extract lives (inside the installed package)."""
    return resource(FOLDER_NAME)


def is_extract(base: str | os.PathLike) -> bool:
    """True when ``base`` is the shipped extract rather than a publisher folder."""
    try:
        return Path(base).resolve() == folder().resolve() or (Path(base) / MANIFEST).is_file()
    except OSError:
        return False


def available() -> bool:
    return (folder() / MANIFEST).is_file()


@lru_cache(maxsize=4)
def manifest(base: str | None = None) -> dict:
    """The manifest of the extract in ``base`` (default: the shipped one)."""
    path = Path(base or folder()) / MANIFEST
    if not path.is_file():
        raise InputError(
            Problem(
                "the public-data extract is missing from the package",
                file=str(path),
                hint="reinstall the package, or run `p2r data build --from DIR` with the publisher files, or set "
                "P2R_PUBLIC_DATA to the publisher folder",
            )
        )
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _read(path: str) -> pd.DataFrame:
    return pd.read_parquet(path, engine="pyarrow")


def table(base: str | os.PathLike, key: str) -> pd.DataFrame:
    """A stored table (a copy: callers may change it)."""
    m = manifest(str(base))
    entry = m["tables"].get(key)
    if entry is None:
        raise InputError(
            Problem(
                f"the public-data extract has no table '{key}'",
                file=str(Path(base) / MANIFEST),
                hint="rebuild it with `p2r data build --from DIR` (the package's readers have changed)",
            )
        )
    return _read(str(Path(base) / entry["file"])).copy()


def clear_cache() -> None:
    """Forget the manifest and tables read (after a rebuild)."""
    manifest.cache_clear()
    _read.cache_clear()
