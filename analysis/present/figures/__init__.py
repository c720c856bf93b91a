"""Figure builders: each returns a :class:`Fig` (chart, data and words), shown by :func:`show`.

Captions and alt text are composed from the numbers, so they change with the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from altair.typing import ChartType

from analysis.present.charts import show_figure


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
    )
