"""The pages' HTML comes from one pandoc process (``assets/batch.lua``): each page converted exactly
as its own ``pandoc`` command with the prose reader, ``safe.lua`` and its options would convert it."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser

import pytest
from test_hostile_inputs import HOSTILE_PROSE

from analysis.common.errors import BuildError
from analysis.render import html as html_mod
from analysis.render import safe
from analysis.render.safe import HtmlJob, placeholder, to_html, to_html_many

CHAPTER = """# A chapter {#top}

Some *prose* with a [link](summary.html#s1), a [bad link](javascript:alert(1)) and an ![image](x.png).

## A section

| Area | Children |
|---|---:|
| Kent <b>x</b> | 1,896 |

: A table caption

::: {.note onclick=alert(1) style=x}
A note.
:::

### A subsection with `code`{.py key=v}

```python
x = 1
```

<script>alert(1)</script> `<b>`{=html} $x^2$ [@cite] "quotes" -- dashes...
"""


def _cli(job: HtmlJob) -> str:
    args = ["--wrap=none"] + (["--section-divs"] if job.section_divs else [])
    if job.number_offset is not None:
        args += ["--number-sections", f"--number-offset={job.number_offset}"]
    return to_html(job.md, job.raw, extra_args=args)


def test_each_page_is_what_its_own_pandoc_command_writes():
    raw: dict = {}
    token = placeholder(raw, html='<figure class="own">markup</figure>')
    jobs = [
        HtmlJob(CHAPTER, section_divs=True, number_offset=4),
        HtmlJob(CHAPTER + token, raw, section_divs=True, number_offset=0),
        HtmlJob(CHAPTER, section_divs=True),
        HtmlJob(CHAPTER),
        *(HtmlJob(p) for p in HOSTILE_PROSE),
        HtmlJob(""),
    ]
    many = to_html_many(jobs)
    assert many == [_cli(j) for j in jobs]  # in order, byte for byte
    assert '<span class="header-section-number">5.1</span>' in many[0]  # numbered from the offset
    assert '<figure class="own">markup</figure>' in many[1] and token.strip() not in many[1]
    assert "header-section-number" not in many[2] and "<section" in many[2] and "<section" not in many[3]
    for out in many[4:]:  # markup in prose stays text: no script, image, handler or script link
        tags = _Tags()
        tags.feed(out)
        assert not tags.found, (out, tags.found)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").strip().lower().startswith("javascript"):
                self.found.append(f"{tag} {name}")


def test_no_job_runs_no_pandoc(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("pandoc started"))
    assert to_html_many([]) == []


def test_a_failing_pandoc_is_a_build_error(tmp_path, monkeypatch):
    bad = tmp_path / "bad.lua"
    bad.write_text('error("no such thing")\n', encoding="utf-8")
    monkeypatch.setattr(safe, "BATCH_SCRIPT", bad)
    with pytest.raises(BuildError, match="pandoc could not convert the pages: .*no such thing"):
        to_html_many([HtmlJob("x")])


def test_a_book_starts_pandoc_once_or_twice(monkeypatch):
    """The pages of a book are shared between at most two pandoc runs (one per core), not one a page."""
    calls = []
    real = subprocess.run

    def run(cmd, *a, **k):
        calls.append(cmd)
        return real(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", run)
    jobs = [HtmlJob(f"# Page {i}\n\nText {i}.", section_divs=True, number_offset=i) for i in range(12)]
    bodies = html_mod.chapter_bodies(jobs)
    assert 1 <= len(calls) <= 2 and all(c[1] == "lua" for c in calls)
    assert [f"Text {i}." in b for i, b in enumerate(bodies)] == [True] * 12
    assert all(f'<span class="header-section-number">{i + 1}</span>' in b for i, b in enumerate(bodies))


FRONT = "# Key findings\n\n## How to read this report\n\nText with a wide table:\n\n" + (
    "| A column with a long header | Another long column header | A third column |\n|---|---|---|\n| 1 | 2 | 3 |\n"
)
SHIFT = "# Shift {n}\n\n## What would help\n\nText {n}.\n\n## Phase 2\n\nMore.\n"
APPENDIX = "# Methodology\n\n## What would help\n\nAn appendix.\n\n## Methodology\n\nSame text as the title.\n"


def test_the_book_from_the_pages_as_read_is_the_book_read_whole():
    """One pandoc run converts the pages and the PDF's book from each page read once; the book is byte for
    byte what reading the joined markdown gives (headings made unique across the book, front matter
    unnumbered, placeholders), and a retitled page is what its retitled markdown gives."""
    from analysis.render.pdf import unnumber_headings
    from analysis.render.safe import BookPart, convert_book, to_typst

    raw: dict = {}
    on = placeholder(raw, typst='#set heading(numbering: "1.1")').strip()
    off = placeholder(raw, typst="#set heading(numbering: none)").strip()
    retitle = "# Appendix A: Methodology {.unnumbered}"
    jobs = [
        HtmlJob(FRONT, section_divs=True),
        HtmlJob(SHIFT.format(n=1), section_divs=True, number_offset=0),
        HtmlJob(SHIFT.format(n=2), section_divs=True, number_offset=1),
        HtmlJob(APPENDIX, section_divs=True, retitle=retitle),
        HtmlJob("# Colophon\n\n| Key | Value |\n|---|---|\n| a | b |\n"),
    ]
    parts = [
        BookPart(page=0, unnumbered=True),
        BookPart(raw=on),
        BookPart(page=1),
        BookPart(page=2),
        BookPart(page=3),
        BookPart(raw=off),
        BookPart(page=4, unnumbered=True),
    ]
    pages, typst = convert_book(jobs, parts, raw)
    mds = [j.md for j in jobs]
    joined = [unnumber_headings(mds[0]), on, mds[1], mds[2], mds[3], off, unnumber_headings(mds[4])]
    assert typst == to_typst("\n\n".join(joined), raw)
    assert '#set heading(numbering: "1.1")' in typst and "<what-would-help-2>" in typst  # unique across the book
    assert pages[3] == _cli(HtmlJob(APPENDIX.replace("# Methodology\n", retitle + "\n", 1), section_divs=True))
    assert [pages[i] for i in (0, 1, 2, 4)] == [_cli(jobs[i]) for i in (0, 1, 2, 4)]
    assert 'id="what-would-help"' in pages[1] and 'id="what-would-help"' in pages[2]  # each page its own


def test_a_book_part_must_name_a_page():
    from analysis.render.safe import BookPart, convert_book

    with pytest.raises(ValueError, match="page 3 of 1"):
        convert_book([HtmlJob("x")], [BookPart(page=3)])
