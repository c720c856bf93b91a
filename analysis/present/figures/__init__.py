"""Figure builders: each returns a :class:`Fig` (chart, data and words), shown by :func:`show`.

Captions and alt text are composed from the numbers, so they change with the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from altair.typing import ChartType

from analysis.present.charts import chart_spec, show_figure


@dataclass
class Fig:
    key: str
    title: str
    caption: str
    alt: str
    source: str
    chart: ChartType
    data: pd.DataFrame
    report_figure: str | None = None
    #: named datasets the chart reads (``alt.NamedData``), joined to the spec after conversion
    datasets: dict[str, list] | None = None

    def spec(self) -> dict:
        """The Vega-Lite spec as a report shows it (the datasets joined), converted as :func:`show` does."""
        return chart_spec(self.chart, self.datasets)


def show(fig: Fig) -> None:
    show_figure(
        fig.chart,
        key=fig.key,
        title=fig.title,
        caption=fig.caption,
        alt_text=fig.alt,
        source=fig.source,
        data=fig.data,
        report_figure=fig.report_figure,
        datasets=fig.datasets,
    )
