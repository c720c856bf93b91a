"""The exit hazard's pattern by years in care, as a chapter shows it: a sentence saying where it came
from, a disclosure-controlled table, the register's note and a chart.  Read from the build's results
(``ctx.hazards``); nothing here estimates anything."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.common import fmt
from analysis.evidence.durations import periods_phrase
from analysis.present.charts import PALETTE, layer
from analysis.present.figures import Fig


@dataclass
class HazardResults:
    meta: dict
    table: pd.DataFrame | None

    @property
    def estimated(self) -> bool:
        return bool(self.meta.get("estimated")) and self.table is not None

    def _estimated_table(self) -> pd.DataFrame:
        """The hazard table; only asked for when the pattern was estimated (so there is one)."""
        assert self.table is not None, "no hazard table: the pattern was not estimated from episodes"
        return self.table

    def sentence(self) -> str:
        """Which source the hazard shape came from, in plain words (computed from the results)."""
        m = self.meta
        if not self.estimated:
            shape = m.get("shape_used") or [1.0]
            flat = all(abs(v - 1.0) < 1e-12 for v in shape)
            what = (
                "the same at every duration"
                if flat
                else "the multipliers " + ", ".join(f"{v:g}" for v in shape) + " by years in care"
            )
            why = m.get("reason", "")
            return (
                f"The exit hazard's pattern by years in care comes from the params file (hazard_shape: "
                f"{what}), because {why}. Its level is set by the area's own figures."
            )
        c = m.get("counts", {})
        n_txt = periods_phrase(c.get("periods"))
        t = self._estimated_table()
        h0 = t["hazard"].iloc[0]
        last = t.iloc[-1]
        text = (
            f"The exit hazard's pattern by years in care was estimated from {n_txt} periods of care in "
            f"{m.get('data_label', 'the child-level episodes')}, over the years ending 31 March "
            f"{m['first_year']} to {m['base_year']}. Of the children who enter care, {fmt.pct(h0, 0)} leave "
            f"again before the end of the year (to 31 March) in which they entered; in the longest group "
            f"({last['duration']} years in care) the share leaving in a year is "
            f"{fmt.pct(last['hazard'], 0)}. The model keeps only this pattern: its level is set so that "
            "the area's own aggregate exit rate is matched."
        )
        if m.get("synthetic"):
            text += (
                " These episodes are the package's synthetic demonstration data, made by a seeded "
                "generator; they are not any council's records."
            )
        return text

    def shown_table(self) -> pd.DataFrame:
        """The formatted table for the chapter (already disclosure-controlled)."""
        t = self._estimated_table()
        lvl = self.meta.get("level", 0.95)

        def cnt(v):
            return "suppressed" if pd.isna(v) else fmt.num(v)

        def ci(lo, hi):
            return "" if pd.isna(lo) or pd.isna(hi) else f"{fmt.pct(lo, 1)} to {fmt.pct(hi, 1)}"

        return pd.DataFrame(
            {
                "Years in care (0 = year of entry)": t["duration"],
                "Children in care in the year (period-years)": [cnt(v) for v in t["at_risk"]],
                "Left care in the year": [cnt(v) for v in t["exits"]],
                "Exit hazard": [("suppressed" if pd.isna(v) else fmt.pct(v, 1)) for v in t["hazard"]],
                f"{lvl:.0%} interval": [ci(a, b) for a, b in zip(t["lower"], t["upper"])],
                "Relative to year of entry": [("" if pd.isna(v) else f"{v:.2f}") for v in t["shape"]],
            }
        )

    def register_override(self) -> dict[str, str]:
        """What the assumptions register should say the model used for hazard_shape."""
        if not self.estimated:
            return {}
        table = self._estimated_table()
        shape = table["shape"].dropna().tolist()
        labels = table["duration"].tolist()
        used = "; ".join(f"{a}: {b:.2f}" for a, b in zip(labels, shape))
        return {"model.baseline.hazard_shape": f"estimated from episodes ({used})"}

    def figure(self, area: str):
        """Hazard by duration group with its interval, as a :class:`analysis.present.figures.Fig`."""
        import altair as alt

        t = self._estimated_table().dropna(subset=["hazard"]).copy()
        lvl = self.meta.get("level", 0.95)
        order = t["duration"].tolist()
        base = alt.Chart(t).encode(
            x=alt.X("duration:N", sort=order, title="Years in care (0 = year of entry)", axis=alt.Axis(labelAngle=0))
        )
        bars = base.mark_rule(color=PALETTE[0], strokeWidth=2).encode(
            y=alt.Y(
                "lower:Q",
                axis=alt.Axis(format="%", title="Share leaving care in the year"),
                scale=alt.Scale(domain=[0, min(1.0, float(t["upper"].max()) * 1.15)]),
            ),
            y2=alt.Y2("upper:Q"),
        )
        pts = base.mark_point(color=PALETTE[0], filled=True, size=80).encode(
            y=alt.Y("hazard:Q"),
            tooltip=[
                alt.Tooltip("duration"),
                alt.Tooltip("hazard:Q", format=".1%"),
                alt.Tooltip("lower:Q", format=".1%"),
                alt.Tooltip("upper:Q", format=".1%"),
            ],
        )
        chart = layer(bars, pts, width=520, height=280)
        hi = t.loc[t["hazard"].idxmax()]
        lo = t.loc[t["hazard"].idxmin()]
        caption = (
            f"Share of children in care who left care in the year, by years in care, with "
            f"{lvl:.0%} intervals. Highest in the group '{hi['duration']}' ({hi['hazard']:.0%}), "
            f"lowest in '{lo['duration']}' ({lo['hazard']:.0%})."
        )
        alt_text = (
            f"Dot chart of the exit hazard for {len(t)} groups of years in care in {area}, each with "
            f"an interval line; it ranges from {lo['hazard']:.0%} to {hi['hazard']:.0%}."
        )
        data = t[["duration", "at_risk", "exits", "hazard", "lower", "upper"]]
        src = (
            "Synthetic demonstration episodes, disclosure-controlled"
            if self.meta.get("synthetic")
            else "Council SSDA903 episodes, disclosure-controlled (counts rounded, small groups pooled)"
        )
        return Fig(
            key="method-hazards",
            title="Exit hazard by years in care",
            caption=caption,
            alt=alt_text,
            source=src,
            chart=chart,
            data=data,
        )
