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
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from analysis.present.charts import show_figure  # noqa: F401  (re-exported for chapters)
from analysis.present.tables import show_table  # noqa: F401


def md(text: str) -> None:
    """Show computed prose (markdown)."""
    from IPython.display import display

    display({"text/markdown": text}, raw=True)


def unavailable(what: str, reason: str) -> None:
    """Say in the report that a section cannot be shown, and why."""
    md(f"::: {{.unavailable}}\n**{what} is not shown.** {reason}\n:::\n")


@dataclass
class Context:
    build_dir: Path
    params: object
    _cache: dict = field(default_factory=dict)

    @property
    def results_dir(self) -> Path:
        return self.build_dir / "results"

    @property
    def area(self) -> str:
        return self.params.report.area_name

    @cached_property
    def model(self):
        from analysis.model.results import ModelResults

        return ModelResults.from_dir(self.results_dir / "model")

    @property
    def headline(self) -> dict:
        return self.model.headline

    @cached_property
    def evidence(self):
        from analysis.results.evidence import EvidenceStore

        return EvidenceStore(self.results_dir / "evidence")

    @cached_property
    def history(self):
        """The yearly history the model was fitted to (councils and groups), or None."""
        import pandas as pd

        p = self.results_dir / "history.parquet"
        return pd.read_parquet(p) if p.exists() else None

    @cached_property
    def prepared(self) -> dict:
        p = self.results_dir / "prepared.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def load_context(build_dir: str | Path) -> Context:
    from analysis.config.report import ReportParams

    build_dir = Path(build_dir)
    raw = json.loads((build_dir / "params.json").read_text(encoding="utf-8"))
    return Context(build_dir=build_dir, params=ReportParams.model_validate(raw))
