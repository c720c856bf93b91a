"""Build the public-data extract (``p2r data build``) and describe it (``p2r data status``).

See :mod:`analysis.inputs.public.extract` for what the extract is and how reports read it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.common.files import sha256_file
from analysis.inputs.public import councils, tables
from analysis.inputs.public.comparators import IMD_FILE, LSOA_LTLA_FILE, LTLA_UTLA_FILE, read_imd
from analysis.inputs.public.extract import (
    ATTRIBUTION,
    FORMAT,
    LICENCE,
    MANIFEST,
    PUBLISHERS,
    available,
    folder,
    manifest,
)
from analysis.inputs.public.extract import clear_cache as clear_extract_cache
from analysis.inputs.public.paths import resolve_public_dir


def publisher(relative: str) -> str:
    for prefix, who in PUBLISHERS.items():
        if relative.startswith(prefix):
            return who
    return "see the publisher folder's SOURCES.md"


@dataclass(frozen=True)
class Entry:
    """One table to store: its key, the publisher files behind it, the release and how to make it."""

    key: str
    sources: tuple[str, ...]
    release: str
    make: Callable[[Path], pd.DataFrame]


def _safe_name(key: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in key) + ".parquet"


def _release(vintage: int) -> str:
    if vintage == tables.LAIT_VINTAGE:
        return "LAIT refresh of April 2026 (CLA data for the year to 31 March 2025)"
    return f"release of {vintage}"


def _dfe_file(reader: Callable[[str, int], pd.DataFrame], rel: str, vintage: int, src: Path) -> pd.DataFrame:
    return reader(str(src / rel), vintage)


def _sfr_file(rel: str, year: int, vintage: int, cols: tuple, src: Path) -> pd.DataFrame:
    return tables.read_sfr.__wrapped__(str(src / rel), year, vintage, cols)


def entries() -> list[Entry]:
    """Every table the extract holds: one per publisher file the public-data layer reads."""
    out = [
        Entry(
            tables.LAIT_FILE,
            (tables.LAIT_FILE,),
            _release(tables.LAIT_VINTAGE),
            lambda s: tables.read_lait.__wrapped__(str(s / tables.LAIT_FILE)),
        ),
        Entry(
            tables.POPULATION_FILE,
            (tables.POPULATION_FILE,),
            "ONS mid-year estimates, 2012 to 2024",
            lambda s: tables.read_population.__wrapped__(str(s / tables.POPULATION_FILE)),
        ),
    ]
    readers: list[tuple[str, int, Callable[[str, int], pd.DataFrame]]] = (
        [(rel, v, tables.read_number_and_rate.__wrapped__) for rel, v in tables.NUMBER_AND_RATE_FILES.items()]
        + [(rel, v, tables.read_ceased_by_reason.__wrapped__) for rel, v in tables.CEASED_FILES.items()]
        + [(rel, v, tables.read_started.__wrapped__) for rel, v in tables.STARTED_FILES.items()]
    )
    for rel, v, reader in readers:
        out.append(Entry(rel, (rel,), _release(v), partial(_dfe_file, reader, rel, v)))
    for rel, year, v, cols in tables.SFR_FILES:
        out.append(Entry(rel, (rel,), _release(v), partial(_sfr_file, rel, year, v, tuple(cols.items()))))
    out += [
        Entry(
            councils.LOCATION_FILE,
            (councils.LOCATION_FILE,),
            "DfE CSC location data, 153 councils",
            lambda s: councils.read_location(s),
        ),
        Entry(councils.CCN_FILE, (councils.CCN_FILE,), "CCN membership, 38 councils", lambda s: councils.read_ccn(s)),
        Entry(
            IMD_FILE,
            (IMD_FILE, LSOA_LTLA_FILE, LTLA_UTLA_FILE),
            "English Indices of Deprivation 2025; LSOA 2021 to LTLA 2024 and LTLA to UTLA 2023 lookups",
            lambda s: read_imd(s),
        ),
    ]
    return out


def build(source: Path, out: Path | None = None, progress: Callable[[str], None] = lambda m: None) -> dict:
    """Read the publisher folder ``source`` with the package's readers and write the extract to ``out``
    (default: the package's own folder).  Written to a temporary folder first and moved into place only
    when every table is written, so a failure leaves the previous extract as it was."""
    src = resolve_public_dir(source)
    out = Path(out) if out is not None else folder()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    t0 = time.perf_counter()
    try:
        tables: dict[str, dict] = {}
        todo = entries()
        for i, e in enumerate(todo, start=1):
            progress(f"  [{i}/{len(todo)}] {e.key}")
            df = e.make(src)
            name = _safe_name(e.key)
            df.to_parquet(tmp / name, engine="pyarrow", index=False, compression="zstd")
            tables[e.key] = {
                "file": name,
                "rows": int(len(df)),
                "columns": [str(c) for c in df.columns],
                "sha256": sha256_file(tmp / name),
                "sources": [
                    {
                        "file": rel,
                        "sha256": sha256_file(src / rel),
                        "bytes": (src / rel).stat().st_size,
                        "publisher": publisher(rel),
                        "release": e.release,
                        "licence": LICENCE,
                    }
                    for rel in e.sources
                ],
            }
        doc = {
            "format": FORMAT,
            "about": "Tables read by the p2r package's own readers from the DfE/MHCLG/ONS publisher files; "
            "made by `p2r data build --from DIR`.",
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "tables": tables,
        }
        (tmp / MANIFEST).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    clear_extract_cache()
    doc["seconds"] = round(time.perf_counter() - t0, 1)
    return doc


def size_bytes(base: Path | None = None) -> int:
    return sum(p.stat().st_size for p in Path(base or folder()).iterdir() if p.is_file())


def status_text(configured: Path | None) -> str:
    """What `p2r data status` prints: each table's vintage and origin, and which source is in use."""
    lines = []
    if configured is not None:
        lines.append(f"Publisher folder in use: {configured} (set by public_dir or P2R_PUBLIC_DATA).")
        lines.append("The shipped extract below is not read while a folder is configured.")
    else:
        lines.append("No publisher folder configured: reports read the extract shipped with the package.")
    if not available():
        lines.append("The shipped extract is missing: run `p2r data build --from DIR`.")
        return "\n".join(lines)
    m = manifest()
    lines += [f"Shipped extract: {len(m['tables'])} tables, {size_bytes() / 1e6:.2f} MB.", ""]
    for key, t in sorted(m["tables"].items()):
        srcs = "; ".join(f"{s['file']} ({s['release']})" for s in t["sources"])
        lines.append(f"  {key}: {t['rows']:,} rows from {srcs}")
    lines += ["", m["attribution"]]
    return "\n".join(lines)


def history_sources() -> list[str]:
    """The publisher files every council or group history is read from."""
    return tables.source_files() + [councils.LOCATION_FILE, councils.CCN_FILE]


def provenance(public_dir: Path, files: list[str]) -> list[dict]:
    """Name, sha256, size, publisher, release and licence of each publisher file in ``files``: from the
    manifest when ``public_dir`` is the shipped extract, else from the files themselves."""
    from analysis.inputs.public.extract import is_extract

    by_file: dict[str, dict] = {}
    release = {e_src: e.release for e in entries() for e_src in e.sources}
    if is_extract(public_dir):
        for t in manifest(str(public_dir))["tables"].values():
            for src in t["sources"]:
                by_file[src["file"]] = src
    out = []
    for rel in files:
        src = by_file.get(rel)
        if src is None:
            path = Path(public_dir) / rel
            if not path.is_file():
                continue
            src = {
                "file": rel,
                "sha256": sha256_file(path),
                "bytes": path.stat().st_size,
                "publisher": publisher(rel),
                "release": release.get(rel, ""),
                "licence": LICENCE,
            }
        out.append(
            {
                "name": src["file"],
                "sha256": src["sha256"],
                "bytes": src["bytes"],
                "publisher": src["publisher"],
                "release": src["release"],
                "licence": src["licence"],
            }
        )
    return out
