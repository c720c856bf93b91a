"""Where the public-data folder is.

The folder (a snapshot of DfE / MHCLG / ONS publisher files, see its README)
is never copied into the repository and its location is never baked into the
code.  It is found, in this order:

1. an explicit argument (a path, or a :class:`~analysis.config.public.PublicDataParams`
   whose ``public_dir`` is set) -- e.g. the params file value;
2. the environment variable ``P2R_PUBLIC_DATA``.

If neither is set, the extract shipped with the package is used (see
:mod:`analysis.inputs.public.extract`).  If a folder is given but lacks the files this package reads,
an :class:`~analysis.common.errors.InputError` says how to set it.
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.common.errors import InputError, Problem
from analysis.inputs.public import extract

ENV_VAR = "P2R_PUBLIC_DATA"

#: Files that must be present for the folder to be recognised as the public
#: data folder.  Other files are checked when they are first read.
EXPECTED_FILES: tuple[str, ...] = (
    "lookups/csc_location_data_153_LAs.csv",
    "dfe_cla/lait_bds_long_0.parquet",
    "population/ons_mid-year_population_estimates_0-17_2012_to_2024.csv",
)

_HOW_TO = (
    f"Set the environment variable {ENV_VAR} to the folder that holds the public data "
    "(the one with README.md, dfe_cla/, finance/, lookups/, population/), e.g. "
    f"`export {ENV_VAR}=/path/to/data/public`, or give `public_dir` in the params file "
    "(public data section) or as an argument"
)


def _explicit_value(explicit) -> str | os.PathLike | None:
    if explicit is None:
        return None
    # A PublicDataParams (or any object with a public_dir attribute).
    if hasattr(explicit, "public_dir") and not isinstance(explicit, (str, os.PathLike)):
        return explicit.public_dir
    return explicit


def resolve_public_dir(explicit=None) -> Path:
    """Return the public data folder as an absolute :class:`Path`.

    ``explicit`` may be a path (str or Path), a ``PublicDataParams`` or None.
    Resolution order: explicit value, then ``$P2R_PUBLIC_DATA``.
    """
    value = _explicit_value(explicit)
    origin = "the argument / params value `public_dir`"
    if value is None or str(value).strip() == "":
        env = os.environ.get(ENV_VAR, "").strip()
        if not env and extract.available():
            return extract.folder()
        if not env:
            raise InputError(
                Problem(
                    "The public data folder is not configured",
                    expected=f"a folder given as `public_dir` or in the environment variable {ENV_VAR}",
                    hint=_HOW_TO,
                )
            )
        value = env
        origin = f"the environment variable {ENV_VAR}"
    path = Path(os.path.expandvars(os.path.expanduser(str(value)))).resolve()
    if extract.is_extract(path):
        return path
    if not path.is_dir():
        raise InputError(
            Problem(
                f"The public data folder given by {origin} does not exist or is not a folder",
                file=str(path),
                hint=_HOW_TO,
            )
        )
    missing = [f for f in EXPECTED_FILES if not (path / f).is_file()]
    if missing:
        raise InputError(
            Problem(
                f"The folder given by {origin} does not look like the public data folder: missing {', '.join(missing)}",
                file=str(path),
                expected="the DfE/ONS public data snapshot (see its README.md and MANIFEST.tsv)",
                hint=_HOW_TO,
            )
        )
    return path


def require_file(public_dir: Path, relative: str) -> Path:
    """Path of one file inside the public folder; InputError if it is missing."""
    p = Path(public_dir) / relative
    if not p.is_file():
        raise InputError(
            Problem(
                "A file the public-data layer reads is missing from the public data folder",
                file=str(p),
                expected="the file as listed in the folder's MANIFEST.tsv",
                hint=f"Restore the full public data snapshot, or point {ENV_VAR} at a complete copy",
            )
        )
    return p
