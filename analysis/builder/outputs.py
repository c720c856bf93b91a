"""Outputs are owned: a build replaces only a folder an earlier build made, and never a folder that
holds the package, the params, the data or the user's home.

Every folder a build produces (``<out>/<variant>/`` and ``<build>/<variant>/``) holds a marker file,
:data:`MARKER`.  Before anything is built, :func:`check_targets` refuses, naming the folder,

* an output root that is ``/``, the home folder, the project (package) folder or the package's code;
* an output root that is an existing file;
* a folder to be replaced that is, or contains, one of those folders or an input (params, data);
* a folder to be replaced that exists without the marker (it is not an earlier output), except in
  the project's own default ``output/`` and ``build/`` folders, which earlier versions filled
  without a marker.

Staging folders are named ``.<variant>.<pid>.<random>``; :func:`clean_stale_staging` removes those
whose process is gone (an interrupted or killed build), and never one of a build still running.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from analysis.common.errors import InputError, Problem

MARKER = ".p2r-output"


def write_marker(folder: Path, *, variant: str, kind: str) -> None:
    """Mark ``folder`` as one this package produced (``kind``: 'output' or 'build')."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(
        json.dumps({"made_by": "p2r", "variant": variant, "kind": kind}) + "\n", encoding="utf-8"
    )


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):  # pragma: no cover - no home on this machine
        return None


def _within(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
        return True
    except ValueError:
        return False


def _refuse(folder: Path, why: str, hint: str) -> InputError:
    return InputError(Problem(why, file=str(folder), hint=hint))


def check_out_root(out_root: Path, *, project_root: Path, package_dir: Path) -> None:
    """Refuse an output root that is a file, ``/``, the home folder, the project or the package."""
    out_root = Path(out_root)
    if out_root.exists() and not out_root.is_dir():
        raise _refuse(out_root, "the output folder (--out) is an existing file", "Give a folder for --out")
    home = _home()
    forbidden = {Path(out_root.anchor): "the root of the file system", project_root: "the project folder"}
    forbidden[package_dir] = "the package's own code"
    if home is not None:
        forbidden[home] = "your home folder"
    if _within(out_root, package_dir.resolve()):
        raise _refuse(
            out_root,
            "the output folder (--out) is inside the package's own code",
            "Give a folder of its own for the reports, for example --out ~/reports",
        )
    for f, what in forbidden.items():
        if out_root == f.resolve():
            raise _refuse(
                out_root,
                f"the output folder (--out) is {what}; a build replaces a folder in it",
                "Give a folder of its own for the reports, for example --out ~/reports",
            )


def check_out_root_inputs(out_root: Path, *, data_dirs: list[Path], params_dir: Path) -> None:
    """Refuse an output root inside a data folder of the report (the next build would read the
    report's own CSV files as data) or that is the folder holding the params file."""
    out_root = Path(out_root)
    for d in data_dirs:
        if d.is_dir() and _within(out_root, d):
            raise _refuse(
                out_root,
                f"the output folder (--out) is inside a data folder of this report ({d.name})",
                "Keep reports apart from the data they are built from: give another folder for --out",
            )
    if out_root == params_dir:
        raise _refuse(
            out_root,
            "the output folder (--out) is the folder holding the params file",
            "Give a folder of its own for the reports, for example --out ~/reports",
        )


def check_target(
    target: Path, *, protected: dict[Path, str], managed_roots: tuple[Path, ...] = (), variant: str = ""
) -> None:
    """Refuse to replace ``target`` unless it is an earlier output of this package and holds
    nothing that must survive (``protected``: path -> what it is)."""
    target = Path(target)
    for p, what in protected.items():
        if _within(p, target):
            raise _refuse(
                target,
                f"this folder would be replaced by the build, but it holds {what} ({p.name or p})",
                "Choose another output folder (--out) or another report.variant",
            )
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise _refuse(
            target,
            "the build would replace this path, which is not a folder made by p2r",
            "Move it away or choose another output folder (--out)",
        )
    if (target / MARKER).is_file():
        return
    if any(_within(target, r) and target != r for r in managed_roots):
        return  # inside the project's own output/ and build/ folders, filled before markers existed
    raise _refuse(
        target,
        f"this folder exists and was not made by p2r (it has no {MARKER} marker), so the build will not replace it",
        "Choose another output folder (--out), or move the folder away if it is an old report",
    )


def protected_paths(
    *, project_root: Path, package_dir: Path, inputs: list[Path], out_root: Path | None = None
) -> dict[Path, str]:
    """Folders and files a build must never replace."""
    out: dict[Path, str] = {Path("/"): "the root of the file system", project_root: "the project folder"}
    out[package_dir] = "the package's own code"
    home = _home()
    if home is not None:
        out[home] = "your home folder"
    for p in inputs:
        out[p] = "an input of this report"
    try:
        out[Path.cwd().resolve()] = "the working folder"
    except OSError:  # pragma: no cover
        pass
    return out


_STAGING = re.compile(r"^\.(?P<variant>[a-z0-9][a-z0-9-]*)\.(?:(?P<pid>\d+)\.|old-(?P<oldpid>\d+)$)")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_staging(build_root: Path, variant: str, *, legacy_age: float = 3600.0) -> list[Path]:
    """Remove staging folders of ``variant`` left by a build that was killed (its process is gone),
    and staging folders of the old naming (``.<variant>.<random>``) older than ``legacy_age``
    seconds.  Returns what was removed."""
    removed: list[Path] = []
    if not Path(build_root).is_dir():
        return removed
    for d in Path(build_root).iterdir():
        if not d.name.startswith(f".{variant}.") or not d.is_dir() or d.is_symlink():
            continue
        m = _STAGING.match(d.name)
        if m and m.group("variant") == variant:
            pid = int(m.group("pid") or m.group("oldpid"))
            if _pid_alive(pid):
                continue
        else:
            try:
                if time.time() - d.stat().st_mtime < legacy_age:
                    continue
            except OSError:
                continue
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
    return removed
