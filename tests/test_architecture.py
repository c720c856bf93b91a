"""The package's tree is its data flow: no module imports a module of a later stage, no import
cycles, no private names imported across modules, and no module far over 600 lines.

The stages, in build order (see the README's "How it is built")::

    common -> config -> inputs -> model -> evidence -> results -> pipeline
           -> execute -> present -> render -> builder -> batch -> cli

Every import counts, including those inside functions: a lazy import of a later stage is still a
backwards dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "analysis"
STAGES = [
    "common",
    "resources",
    "config",
    "inputs",
    "model",
    "evidence",
    "results",
    "pipeline",
    "execute",
    "present",
    "render",
    "builder",
    "batch",
    "cli",
]
MAX_LINES = 620


def _modules() -> dict[str, tuple[Path, bool]]:
    mods = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        mods[".".join(parts)] = (p, is_pkg)
    return mods


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every import of the package in ``name``."""
    path, _ = MODULES[name]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "analysis"]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name}:{node.lineno}: relative import"
            mod = node.module or ""
            if mod.split(".")[0] != "analysis":
                continue
            names = []
            for a in node.names:
                if f"{mod}.{a.name}" in MODULES:  # a submodule
                    out.append((f"{mod}.{a.name}", [], node.lineno))
                else:
                    names.append(a.name)
            if names:
                out.append((mod, names, node.lineno))
    return out


def _stage(name: str) -> int:
    parts = name.split(".")
    if len(parts) == 1:
        return -1  # analysis/__init__ (the version only)
    if parts[1] == "__main__":
        return STAGES.index("cli")
    assert parts[1] in STAGES, f"{name} is not in a stage folder: put it in one of {STAGES}"
    return STAGES.index(parts[1])


def test_every_module_is_in_a_stage_folder():
    loose = [n for n, (p, _) in MODULES.items() if p.parent == PKG and p.stem not in {"__init__", "__main__"}]
    assert not loose, f"modules loose at the top of analysis/: {loose}"
    for n in MODULES:
        _stage(n)


def test_no_module_imports_a_later_stage():
    bad = []
    for name in MODULES:
        for target, _, line in _imports(name):
            if target in MODULES and _stage(target) > _stage(name):
                bad.append(f"{name}:{line} imports {target}")
    assert not bad, "imports against the data flow:\n" + "\n".join(bad)


def _graph() -> dict[str, set[str]]:
    g: dict[str, set[str]] = {}
    for name in MODULES:
        targets = {t for t, _, _ in _imports(name) if t in MODULES and t != name}
        g[name] = targets
    return g


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    # A package's __init__ that re-exports its modules is not a cycle with them: count module edges only,
    # with each package's __init__ treated as the modules it re-exports.
    assert cycles(_graph()) == []


def test_no_private_names_imported_across_modules():
    bad = [
        f"{name}:{line} imports {n} from {target}"
        for name in MODULES
        for target, names, line in _imports(name)
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert not bad, "private names used outside their module:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name):
    n = len(MODULES[name][0].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{name} has {n} lines: split it by what its parts do"
