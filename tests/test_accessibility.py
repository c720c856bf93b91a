"""Accessibility of the HTML book, checked in headless Chromium by ``tests/a11y/check.mjs``.

axe-core's WCAG 2.2 A/AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) must report
zero violations on every page, opened from disk and from a local web server, after the
interactive charts are drawn; the checker also tests page language, heading order, the skip
link, Tab reachability, visible focus, reflow at 320 px and that no request leaves the machine.

Needs Node.js, ``npm ci --prefix tests/a11y`` (run here if node_modules is missing) and Chromium
(``$P2R_CHROMIUM``, else ``chromium`` / ``chromium-browser`` / ``google-chrome`` on PATH, else
/usr/bin/chromium).  Without a browser or Node the tests are skipped, unless
``P2R_REQUIRE_BROWSER=1``, when they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
A11Y = REPO / "tests" / "a11y"
CHECK = A11Y / "check.mjs"
NO_BROWSER_EXIT = 3  # check.mjs: no Chromium found


def _require_browser() -> bool:
    return os.environ.get("P2R_REQUIRE_BROWSER", "").strip() == "1"


def _missing(reason: str):
    if _require_browser():
        pytest.fail(f"{reason} (P2R_REQUIRE_BROWSER=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def find_chromium() -> str | None:
    candidates = [os.environ.get("P2R_CHROMIUM")]
    candidates += [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")]
    candidates += ["/usr/bin/chromium"]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def _modules_installed() -> bool:
    nm = A11Y / "node_modules"
    return (nm / "axe-core" / "axe.min.js").exists() and (nm / "puppeteer-core" / "package.json").exists()


@pytest.fixture(scope="module")
def a11y_checker() -> tuple[str, str]:
    """(node, chromium) once Node, the checker's node_modules and a browser are all there."""
    node = shutil.which("node")
    if not node:
        _missing("Node.js (node) is not on PATH: the accessibility checker cannot run")
    chromium = find_chromium()
    if not chromium:
        _missing(
            "no Chromium found (looked at $P2R_CHROMIUM, chromium, chromium-browser, google-chrome on PATH "
            "and /usr/bin/chromium); install it with: apt-get install -y chromium"
        )
    if not _modules_installed():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("tests/a11y/node_modules is missing and npm is not on PATH; run: npm ci --prefix tests/a11y")
        r = subprocess.run(
            [npm, "ci", "--prefix", str(A11Y), "--no-audit", "--no-fund"], capture_output=True, text=True, timeout=900
        )
        if r.returncode != 0 or not _modules_installed():
            pytest.fail(
                "npm ci --prefix tests/a11y failed (is the npm registry reachable?):\n"
                + (r.stdout[-2000:] + r.stderr[-3000:])
            )
    return node, chromium


def run_checker(node: str, chromium: str, out_dir: Path, report: Path, *extra: str) -> dict:
    r = subprocess.run(
        [node, str(CHECK), str(out_dir), "--json", str(report), "--chromium", chromium, *extra],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if r.returncode == NO_BROWSER_EXIT:
        _missing(f"the checker found no usable Chromium: {r.stderr.strip()[-500:]}")
    if r.returncode not in (0, 1) or not report.exists():
        pytest.fail(f"the accessibility checker did not run (exit {r.returncode}):\n{r.stderr[-5000:]}")
    summary = json.loads(report.read_text(encoding="utf-8"))
    summary["_stderr"] = r.stderr
    summary["_exit"] = r.returncode
    return summary


def _describe(violations: list[dict], limit: int = 60) -> str:
    lines = [
        f"{v['page']} [{v['mode']}] {v['rule']} ({v.get('impact')}) at {v['selector']}: {v['help']}"
        for v in violations[:limit]
    ]
    if len(violations) > limit:
        lines.append(f"... and {len(violations) - limit} more (see the JSON report)")
    return "\n".join(lines)


@pytest.mark.render
def test_axe(rendered, a11y_checker, tmp_path):
    node, chromium = a11y_checker
    out = rendered("ccn-report").output_dir
    report = tmp_path / "a11y-report.json"
    summary = run_checker(node, chromium, out, report)
    pages = sorted(p.name for p in Path(out).glob("*.html"))
    print(
        f"axe-core {summary['axeCore']} in {summary['browser']}: {len(summary['axeRules'])} rules "
        f"({', '.join(summary['axeTags'])}), {summary['pages']} pages x 2, "
        f"{summary['axeNodeResults']} node results, {summary['seconds']} s"
    )
    assert summary["pages"] == len(pages) and summary["loads"] == 2 * len(pages)
    assert summary["chartsDrawn"] == summary["chartsTotal"]
    assert summary["violationCount"] == 0 and summary["_exit"] == 0, (
        f"{summary['violationCount']} accessibility violation(s):\n" + _describe(summary["violations"])
    )


BAD_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Bad</title>
<script src="https://cdn.example.invalid/x.js"></script>
<style>.quiet { color: #bbb; } a.ring:focus, a.ring:focus-visible { outline: none; }</style></head>
<body><h1>One</h1><h3>Skips a level</h3><h1>Two</h1>
<p class="quiet">Low contrast text.</p><p><a class="ring" href="x.html">No focus ring</a></p>
<script>console.error("broken");</script></body></html>
"""

BAD_SKIP = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Bad skip link</title>
<style>.skip { position: absolute; left: -9999px; }</style></head>
<body><a class="skip" href="#nowhere">Skip to main content</a>
<main><h1>Title</h1><p><a href="y.html">A link</a></p></main></body></html>
"""


def test_checker_finds_known_problems(a11y_checker, tmp_path):
    """The checker is not a rubber stamp: seeded problems are each reported."""
    node, chromium = a11y_checker
    site = tmp_path / "site"
    site.mkdir()
    (site / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    (site / "skip.html").write_text(BAD_SKIP, encoding="utf-8")
    summary = run_checker(node, chromium, site, tmp_path / "report.json", "--no-narrow")
    assert summary["_exit"] == 1 and not summary["ok"]
    found = {(v["page"], v["mode"], v["rule"]) for v in summary["violations"]}
    for mode in ("file", "http"):
        for rule in (
            "html-has-lang",
            "color-contrast",
            "p2r-html-lang",
            "p2r-one-h1",
            "p2r-heading-order",
            "p2r-skip-link-first",
            "p2r-focus-visible",
            "p2r-network-request",
            "p2r-console-error",
        ):
            assert ("bad.html", mode, rule) in found, (mode, rule, sorted(found))
        for rule in ("p2r-skip-link-visible", "p2r-skip-link-works"):
            assert ("skip.html", mode, rule) in found, (mode, rule, sorted(found))
