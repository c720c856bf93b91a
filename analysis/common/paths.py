"""Where things are: the package's own data files and the report project (the Quarto book).

Package data are read through :mod:`importlib.resources`, never through ``__file__`` arithmetic, so
that a normal (non-editable) install finds them.  The project folder is the one holding
``_quarto.yml`` and ``chapters/``: ``P2R_PROJECT`` if set, else the source checkout this package was
imported from (an editable install), else the nearest such folder at or above the working directory
(an installed wheel used inside a copy of the project).
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from analysis.common.errors import InputError, Problem

PROJECT_ENV = "P2R_PROJECT"


def resource(name: str) -> Path:
    """A file shipped in :mod:`analysis.resources` (``targets.yml``, ``enablers.yml``, ``council.yml``)."""
    return Path(str(resources.files("analysis.resources").joinpath(name)))


def _is_project(folder: Path) -> bool:
    return (folder / "_quarto.yml").is_file() and (folder / "chapters").is_dir()


def find_project_root(start: Path | None = None) -> Path | None:
    """The report project folder, or None when there is none to be found."""
    env = os.environ.get(PROJECT_ENV)
    if env:
        return Path(env).resolve()
    checkout = Path(str(resources.files("analysis"))).resolve().parent
    if _is_project(checkout):
        return checkout
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return folder
    return None


def project_root(start: Path | None = None) -> Path:
    """The report project folder; an :class:`InputError` saying what to do when there is none."""
    root = find_project_root(start)
    if root is None or not _is_project(root):
        raise InputError(
            Problem(
                "cannot find the report project (a folder with _quarto.yml and chapters/)",
                column=PROJECT_ENV,
                value=str(root) if root else "(not set)",
                expected="the folder of a prevention-to-reconnection checkout",
                hint=f"run p2r from inside the checkout, or set {PROJECT_ENV} to its folder",
            )
        )
    return root


def resolve_input(path: str | Path) -> Path:
    """A file or folder named in a params file: absolute as given; relative to the report project
    folder (where ``params/`` and ``data/`` live), or to the working directory outside a project."""
    p = Path(path)
    if p.is_absolute():
        return p
    root = find_project_root()
    return (root / p) if root is not None else (Path.cwd() / p).resolve()


_ABS_PATH = re.compile(r"""(?<![\w.:/])(?:[A-Za-z]:[\\/]|/|~/)[^\s'"`,;()\[\]<>|]*""")


def public_path(path: str | Path, *, root: Path | None = None) -> str:
    """A path as an output page may show it: relative to the project folder when it is inside it,
    else only its file name.  Pages never show a folder of the machine that built them."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix() if ".." not in p.parts else p.name
    base = root or find_project_root()
    if base is not None:
        try:
            return p.resolve().relative_to(Path(base).resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.name


def public_text(text: object) -> str:
    """``text`` with every absolute path in it cut to what :func:`public_path` shows."""
    s = "" if text is None else str(text)
    return _ABS_PATH.sub(lambda m: public_path(m.group(0).rstrip(".")) + ("." if m.group(0).endswith(".") else ""), s)
