"""A content-keyed cache of computed results, outside the package folder.

A value is stored under a key that is the SHA-256 of everything that can change it: the caller
passes those parts (params as JSON, seeds, file checksums, library versions) and, through
:func:`code_hash`, the source of the package code that computes it.  A changed part gives a new key,
so a stale entry is never read; old entries are simply left behind (delete the folder to reclaim
the space).

Where: ``P2R_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/p2r`` or ``~/.cache/p2r``.  Set
``P2R_CACHE_DIR`` to ``off`` (or ``0``, ``none``) to compute everything every time.  Entries are
written atomically (a temporary file in the same folder, then a rename), so concurrent builds see a
whole entry or none.  A corrupt or unreadable entry counts as a miss.

Size: :func:`prune` (run at the end of every build) keeps the folder under ``P2R_CACHE_MAX_MB``
(default 2048 MB) by deleting the entries used least recently (a hit marks its entry as used).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, TypeVar

CACHE_ENV = "P2R_CACHE_DIR"
_OFF = {"off", "0", "none", "no", "false", ""}
PKG = Path(__file__).resolve().parents[1]  # the analysis package

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "p2r"


def make_key(*parts: Any) -> str:
    """SHA-256 of the parts (JSON, keys sorted; anything else by ``str``)."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions(*dists: str) -> dict[str, str]:
    """Installed versions of the named distributions (``?`` when not installed)."""
    out = {}
    for d in dists:
        try:
            out[d] = metadata.version(d)
        except metadata.PackageNotFoundError:
            out[d] = "?"
    return out


def _tree_hash(folders: tuple[str, ...], stamp: tuple) -> str:
    h = hashlib.sha256()
    for sub in folders:
        root = PKG / sub
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            if "__pycache__" in p.parts or p.suffix == ".pyc":
                continue
            h.update(p.relative_to(PKG).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=64)
def _tree_hash_cached(folders: tuple[str, ...], stamp: tuple) -> str:
    return _tree_hash(folders, stamp)


def code_hash(*folders: str) -> str:
    """SHA-256 of the source files under the named folders of the package (e.g. ``"evidence"``), and
    of the package's version.  Memoised per process while no file's size or mtime changes."""
    stamp = []
    for sub in folders:
        root = PKG / sub
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        stamp += [(str(p), s.st_size, s.st_mtime_ns) for p in files if p.is_file() for s in [p.stat()]]
    return make_key(_tree_hash_cached(tuple(folders), tuple(stamp)), versions("prevention-to-reconnection"))


def _path(kind: str, key: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / kind / f"{key}.pkl"


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` so that a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def load(kind: str, key: str) -> Any | None:
    """The value stored under ``key`` (None on a miss, when caching is off, or when unreadable)."""
    path = _path(kind, key)
    if path is None or not path.is_file():
        return None
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # a corrupt entry is a miss; it is rewritten
        return None
    try:
        os.utime(path)  # used now: the last to go when the cache is pruned
    except OSError:
        pass
    return value


def store(kind: str, key: str, value: Any) -> None:
    """Store ``value`` under ``key`` (nothing when caching is off; a failed write is ignored)."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


MAX_ENV = "P2R_CACHE_MAX_MB"
DEFAULT_MAX_MB = 2048


def max_bytes() -> int:
    """The cache's size limit: ``P2R_CACHE_MAX_MB`` megabytes (default 2048)."""
    try:
        mb = float(os.environ.get(MAX_ENV, DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0) * 1024 * 1024)


def prune(limit: int | None = None) -> int:
    """Delete the least recently used entries until the cache holds at most ``limit`` bytes (default
    :func:`max_bytes`); returns the bytes freed.  Only this cache's entry files (``<kind>/<key>.pkl``)
    are counted and deleted.  Another process deleting or writing at the same time is harmless: an entry
    deleted under a reader is a miss."""
    root = cache_dir()
    if root is None or not root.is_dir():
        return 0
    limit = max_bytes() if limit is None else limit
    entries = []
    for kind in os.scandir(root):
        if not kind.is_dir(follow_symlinks=False):
            continue
        for e in os.scandir(kind.path):
            if e.name.endswith(".pkl") and e.is_file(follow_symlinks=False):
                try:
                    st = e.stat()
                except OSError:
                    continue
                entries.append((st.st_mtime_ns, st.st_size, e.path))
    total = sum(size for _, size, _ in entries)
    freed = 0
    for _, size, path in sorted(entries):  # oldest use first
        if total - freed <= limit:
            break
        try:
            os.unlink(path)
            freed += size
        except OSError:
            pass
    return freed


def cached(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or the value a previous call with the same key stored."""
    hit = load(kind, key)
    if hit is not None:
        return hit
    value = compute()
    store(kind, key, value)
    return value


@lru_cache(maxsize=32)
def _folder_digest(folder: str, stamp: tuple) -> str:
    h = hashlib.sha256()
    for name, _, _ in stamp:
        h.update(name.encode() + b"\0")
        h.update(bytes.fromhex(_sha256_path(Path(folder) / name)))
    return h.hexdigest()


def _sha256_path(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def folder_digest(folder: str | Path) -> str:
    """SHA-256 over the names and contents of every file under ``folder`` (a data folder a result is
    computed from).  Memoised per process while no file's name, size or mtime changes."""
    root = Path(folder).resolve()
    stamp = tuple(
        (p.relative_to(root).as_posix(), s.st_size, s.st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
        for s in [p.stat()]
    )
    return _folder_digest(str(root), stamp)


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


@lru_cache(maxsize=1)
def fonts_stamp() -> str:
    """A fingerprint of the system's font files (names, sizes, mtimes): text drawn into an image depends
    on the fonts installed."""
    stamp = []
    for d in FONT_DIRS:
        root = Path(d).expanduser()
        if root.is_dir():
            stamp += [
                (str(p), s.st_size, s.st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file() for s in [p.stat()]
            ]
    return make_key(stamp)
