"""The prose-and-number lint (tests/prose_lint.py): each rule on constructed pages, then every page of the
default, pop-500k, Demo-shire, Kent and Rutland reports rendered to HTML (one render per variant)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from tests.prose_lint import Problem, lint_folder, lint_page, sentences

REPO = Path(__file__).resolve().parents[1]


def rules(html: str) -> set[str]:
    return {p.rule for p in lint_page(html)}


def page(body: str) -> str:
    return (
        f"<html><head><script>var x = '{{name}} nan issue #3';</script></head><body><main>{body}</main></body></html>"
    )


@pytest.mark.parametrize(
    "body, rule",
    [
        ("<p>See issue #3 for the reason.</p>", "issue-ref"),
        ("<p>As reconstructed in TARGETS.md, the uplift applies.</p>", "own-doc"),
        ("<td>Project design (DESIGN.md)</td>", "own-doc"),
        ("<p>That is 34.619 children fewer.</p>", "unrounded-count"),
        ("<p>Spend is £3.27bn.</p><p>The budget is GBP 2.7bn.</p>", "currency"),
        ("<p>At full impact about 1 fewer child a year enter care.</p>", "agreement"),
        ("<p>About 2 fewer children a year enters care.</p>", "agreement"),
        ("<p>The published report found: a. The published report found: b.</p>", "repeated"),
        ("<p>Spend rose again last year.</p><p>Spend rose again last year.</p>", "repeated"),
        ("<figure><figcaption>34%; 0% do not break even by 2035.</figcaption></figure>", "zero-percent"),
        ("<p>0% of simulations break even.</p>", "zero-percent"),
        ("<figcaption>The most common were gp, midwifery or other health and police.</figcaption>", "acronym-case"),
        ("<p>Children in care: {cla_base}.</p>", "placeholder"),
        ("<p>The share is nan.</p>", "placeholder"),
        ("<li>::: {.callout}</li>", "placeholder"),
        ("<p>Some **bold** left.</p>", "placeholder"),
        (
            "<table><tr><th>Year</th><th>Children in care</th></tr><tr><td>2025</td><td>-34.619</td></tr></table>",
            "unrounded-count",
        ),
    ],
)
def test_each_rule_finds_its_problem(body, rule):
    assert rule in rules(page(body))


@pytest.mark.parametrize(
    "body",
    [
        "<p>Rutland had 39.9 children in care per 10,000 children aged 0 to 17.</p>",  # a rate
        "<p>About 1 fewer child a year enters care; about 2 fewer children a year enter care.</p>",
        "<p>Entries fall 0% to 30% in steps of 2.5 points.</p>",  # a range
        "<p>Spend is £3.27bn and GBP is not used.</p>".replace(" and GBP is not used", ""),
        "<div class='source'><p>Source: report section 4</p></div>" * 2,  # source notes are not prose
        "<ul><li><p>Child-level data: synthetic (seed 2026).</p></li></ul>",  # nested blocks read once
        "<footer><p>Built with the package.</p></footer><p>Built with the package.</p>",
        "<p>In the text (report section 3, pp. 40-41). In the text (report section 3, pp. 52-53).</p>",
        "<table><tr><th>Entry rate per 10,000</th></tr><tr><td>24.3</td></tr></table>",
        "<p>None of the simulations breaks even.</p>",
        "<p>Set model.history.uasc in params/ccn-report.yml.</p>",  # identifiers are not prose
        "<ol><li>Department for Education. Children looked after, 2025.</li>"
        "<li>Department for Education. Children in need, 2025.</li></ol>",  # references by one author
    ],
)
def test_clean_text_passes(body):
    assert lint_page(page(body)) == []


def test_scripts_are_not_read():
    assert lint_page(page("<p>Fine.</p>")) == []


def test_sentences_keep_abbreviations():
    assert sentences("See pp. 40-41. Then more.") == ["See pp. 40-41.", "Then more."]


# -- every page of five rendered reports ----------------------------------------------------------------

VARIANTS = {
    "ccn-report": {"params": "params/ccn-report.yml"},
    "pop-500k": {"params": "params/pop-500k.yml"},
    "demo-shire": {"params": "params/demo-shire.yml"},
    "kent": {"la": "Kent"},
    "rutland": {"la": "Rutland"},
}

#: Problems in files this lint's owner does not edit, left for their owners; each names the source.  A known
#: problem is allowed (reported as a warning), never required: when it is fixed, nothing here changes.
KNOWN: list[tuple[str, str, str]] = []


def _known(p: Problem) -> str | None:
    for rule, rx, where in KNOWN:
        if p.rule == rule and re.search(rx, p.text):
            return where
    return None


@pytest.fixture(scope="module")
def rendered_html(tmp_path_factory):
    """Each variant rendered once, HTML only, with the built-in renderer."""
    from analysis.builder.build import build
    from analysis.common.paths import resource
    from analysis.inputs.public.areas import area_overrides
    from tests.conftest import public_dir

    out = tmp_path_factory.mktemp("lint")
    pub = public_dir()
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            spec = VARIANTS[name]
            if "la" in spec:
                params = resource("council.yml")
                overrides = area_overrides(la=spec["la"], group=None, public_dir=str(pub) if pub else None)
            else:
                params, overrides = REPO / spec["params"], None
            r = build(
                params,
                formats=["html"],
                out_root=out,
                overrides=overrides,
                progress=lambda m: None,
                force_builtin=True,
            )
            cache[name] = r.output_dir
        return cache[name]

    return get


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_rendered_pages_pass_the_lint(rendered_html, variant):
    folder = rendered_html(variant)
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 15
    found = lint_folder(folder)
    new = [p for p in found if _known(p) is None]
    known = sorted({f"{p.rule} in {p.page} ({_known(p)})" for p in found if _known(p)})
    if known:
        warnings.warn(f"{variant}: known problems left to their owners: " + "; ".join(known), stacklevel=1)
    assert not new, "\n".join(str(p) for p in new)


def test_default_report_labels_every_synthetic_chart(rendered_html):
    folder = rendered_html("ccn-report")
    checked = 0
    for path in sorted(folder.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="p2r-figure".*?</figure>', html, flags=re.S):
            if "Synthetic child-level data" not in fig:
                continue
            checked += 1
            title = re.search(r'<div class="chart-title">(.*?)</div>', fig, flags=re.S)
            assert title and "(synthetic data)" in title.group(1), (path.name, fig[:200])
            assert "Synthetic data made by this package, not real children" in fig, path.name
    assert checked >= 20  # the context figures and the evidence figures of the five shifts
