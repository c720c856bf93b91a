"""What a chapter notebook imports: the build's params and results, and display helpers.

A chapter's parameters cell names ``build_dir`` (papermill sets it).  Then::

    from analysis.present.context import load_context, md
    ctx = load_context(build_dir)
    md(f"By 2035 ... {fmt.num(ctx.headline['cla_2035_do_nothing'])} children ...")

Nothing here computes the model: the build ran it once and wrote the results
to ``<build_dir>/results``; chapters only read them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.common.escape import md_text
from analysis.config.report import ReportParams
from analysis.model.results import ModelResults
from analysis.present.charts import show_figure  # noqa: F401  (re-exported for chapters)
from analysis.present.hazards import HazardResults
from analysis.present.tables import show_table  # noqa: F401
from analysis.results.evidence import EvidenceStore
from analysis.results.store import ResultsReader


def published_report() -> dict:
    """What the published report says about itself (how the evidence was gathered, caveats,
    exclusions, funding, case studies, references): ``analysis/resources/published_report.yml``."""
    from analysis.common.files import read_yaml
    from analysis.common.paths import resource

    return read_yaml(resource("published_report.yml"))


def md(text: str) -> None:
    """Show computed prose (markdown)."""
    from IPython.display import display

    display({"text/markdown": text}, raw=True)


#: Notes already given on the current chapter's page (reset by :func:`load_context`), so that a reason
#: shared by several sections is written out once and then referred to.
_PAGE_NOTES: set[str] = set()


def new_page() -> None:
    """Forget the notes given so far (a new chapter's page)."""
    _PAGE_NOTES.clear()


def first_on_page(note: str) -> bool:
    """True the first time ``note`` is given on this chapter's page."""
    if note in _PAGE_NOTES:
        return False
    _PAGE_NOTES.add(note)
    return True


def unavailable(what: str, reason: str) -> None:
    """Say in the report that a section cannot be shown, and why (a reason already given on this page is
    referred to rather than repeated)."""
    if first_on_page(reason):
        md(f"::: {{.unavailable}}\n**{what} is not shown.** {reason}\n:::\n")
    else:
        md(f"::: {{.unavailable}}\n**{what} is not shown**, for the reason given above.\n:::\n")


@dataclass
class Context:
    """A chapter's view of one build: its params and, through the results store, its results.

    Chapters never open a results file by name; every result is an attribute here, read once."""

    build_dir: Path
    params: ReportParams

    @cached_property
    def results(self) -> ResultsReader:
        return ResultsReader(self.build_dir / "results")

    @property
    def area(self) -> str:
        return self.params.report.area_name

    @property
    def area_md(self) -> str:
        """The area's name for computed prose (markdown): its characters shown as they are."""
        return md_text(self.params.report.area_name)

    @cached_property
    def model(self) -> ModelResults:
        return self.results.model()

    @property
    def headline(self) -> dict:
        return self.model.headline

    @cached_property
    def evidence(self) -> EvidenceStore:
        return self.results.evidence()

    @cached_property
    def history(self) -> pd.DataFrame | None:
        """The yearly history the model was fitted to (councils and groups), or None."""
        return self.results.frame("history")

    @cached_property
    def prepared(self) -> dict:
        """Inputs read (with checksums), the child-data label and the comparators note."""
        return self.results.json("prepared")

    @cached_property
    def comparators(self) -> pd.DataFrame | None:
        """Every council's rates from the public data, or None when they were not available."""
        return self.results.frame("comparators")

    @cached_property
    def group_vs_published(self) -> pd.DataFrame | None:
        """A group's DfE totals against the report's published figures (group reports only)."""
        return self.results.frame("group_vs_published")

    @cached_property
    def explorer(self):
        """(the scenario explorer's grid, its reference lines, whether the budget is assumed)."""
        from analysis.model.explorer import ExplorerGrid

        r = self.results
        meta = r.json("explorer_meta")
        g = ExplorerGrid(
            paths=r.frame("explorer_paths"),
            budget=r.frame("explorer_budget"),
            summary=r.frame("explorer_summary"),
            first_years=tuple(meta["first_years"]),
            unit_cost_growth=tuple(meta["unit_cost_growth"]),
            budget_growth=tuple(meta["budget_growth"]),
            base_year=meta["base_year"],
            horizon=meta["horizon"],
            central=meta["central"],
        )
        return g, r.frame("explorer_reference"), bool(meta["budget_assumed"])

    @cached_property
    def goal(self) -> pd.DataFrame:
        """The smallest entry reduction, exit uplift and multiple of both that bring spend within
        budget by each year (NaN where none in range does)."""
        return self.results.frame("goal")

    @cached_property
    def own_backtest(self) -> pd.DataFrame | None:
        """The area's last published years projected from an earlier cut-off (councils and groups)."""
        return self.results.frame("own_backtest")

    @cached_property
    def sensitivity(self) -> list[dict]:
        return self.results.json("sensitivity")

    @cached_property
    def reproduction(self) -> dict:
        return self.results.json("reproduction")

    @cached_property
    def hazards(self) -> HazardResults:
        """Where the exit hazard's pattern by years in care came from, and the estimate if any."""
        return HazardResults(meta=self.results.json("hazards"), table=self.results.frame("hazards_table"))

    def register_overrides(self) -> dict[str, dict[str, str]]:
        """What the assumptions register should show as used, or not used, by this build (the exit
        hazard's estimated pattern; a council's fitted values): ``assumptions_register(ctx.params,
        **ctx.register_overrides())``."""
        from analysis.present.assumptions import register_overrides

        return register_overrides(
            self.params, self.headline, self.model.fit, self.history, self.hazards.register_override()
        )


def load_context(build_dir: str | Path) -> Context:
    new_page()
    build_dir = Path(build_dir)
    raw = json.loads((build_dir / "params.json").read_text(encoding="utf-8"))
    return Context(build_dir=build_dir, params=ReportParams.model_validate(raw))
