"""Local government reorganisations in the histories: the years before a council existed.

A successor council's years before its first year are estimated from its predecessor(s): the
predecessors' total times the successor's share (of the same measure, or of the 0-17 population,
in the first year all successors report it), or left empty with ``predecessor_method='none'``.
The reorganisations themselves are :data:`analysis.inputs.public.councils.SUCCESSIONS`.
"""

from __future__ import annotations

from analysis.inputs.public.councils import Succession
from analysis.inputs.public.files import describe_flag
from analysis.inputs.public.releases import Panel
from analysis.inputs.public.tables import MEASURES


def successor_share(
    panel: Panel, s: Succession, measure: str, last_year: int, method: str, target: str
) -> tuple[float | None, str]:
    """Share of ``target`` among the successors for ``measure`` (and how it was found)."""
    nan = float("nan")

    def share_at(m: str) -> tuple[float | None, int | None]:
        for y in range(s.first_year, max(last_year, s.first_year) + 1):
            vals = [panel.value.get((c, y, m), nan) for c in s.successors]
            if all(v == v for v in vals) and sum(vals) > 0:
                return panel.value[(target, y, m)] / sum(vals), y
        return None, None

    if method == "first_year_share" and measure != "population_0_17":
        sh, y = share_at(measure)
        if sh is not None:
            return sh, f"its share of the successors' {measure} in {y} ({sh:.1%})"
    sh, y = share_at("population_0_17")
    if sh is not None:
        how = f"its share of the successors' 0-17 population in {y} ({sh:.1%})"
        if method == "first_year_share" and measure != "population_0_17":
            how += f" (no year with {measure} for all successors)"
        return sh, how
    return None, "no successor year with data to share it"


def fill_predecessor_years(
    panel: Panel,
    succ: Succession,
    code: str,
    years: list[int],
    pre_years: list[int],
    last_year: int,
    method: str,
    vals: dict,
    flags: dict,
    srcs: dict,
) -> list[str]:
    """Fill the years ``pre_years`` before council ``code`` existed (created by ``succ``) in place.

    ``vals``, ``flags`` and ``srcs`` hold, per measure, one entry per year of ``years``.  With
    ``method='none'`` those years are emptied; otherwise each is the predecessors' total times the
    council's share.  Returns the notes that say how, in order.
    """
    nan = float("nan")
    notes: list[str] = []
    pred_names = ", ".join(succ.predecessors)
    if method == "none":
        for m in MEASURES:
            for i, y in enumerate(years):
                if y in pre_years:
                    vals[m][i] = nan
                    srcs[m][i] = ""
        notes.append(
            f"Years {pre_years[0]}-{pre_years[-1]} are before this council existed "
            f"({succ.description}); left empty (predecessor_method='none')."
        )
    else:
        basis = (
            "same measure, first successor year"
            if method == "first_year_share"
            else "0-17 population, first successor year"
        )
        notes.append(
            f"Years {pre_years[0]}-{pre_years[-1]} are before this council existed "
            f"({succ.description}). They are estimated from the predecessor(s) {pred_names}: "
            f"predecessors' total x this council's share ({basis})."
        )
        for m in MEASURES:
            share, how = successor_share(panel, succ, m, last_year, method, code)
            missing = []
            pred_src = set()
            for i, y in enumerate(years):
                if y not in pre_years:
                    continue
                pv = [panel.value.get((p, y, m), nan) for p in succ.predecessors]
                pred_src |= {panel.source.get((p, y, m), "") for p in succ.predecessors}
                if any(v != v for v in pv):
                    bad = [
                        f"{p} ({describe_flag(panel.flag.get((p, y, m), ''))})"
                        for p, v in zip(succ.predecessors, pv)
                        if v != v
                    ]
                    missing.append(f"{y}: {', '.join(bad)}")
                    vals[m][i] = nan
                else:
                    vals[m][i] = float(sum(pv)) * share if share is not None else nan
                flags[m][i] = ""
            if share is None:
                notes.append(f"{m}: years before {succ.first_year} left empty ({how}).")
            else:
                notes.append(f"{m} before {succ.first_year}: predecessors x {how}.")
            if missing:
                notes.append(f"{m}: predecessor value missing, so no estimate for " + "; ".join(missing) + ".")
            joined = "; ".join(sorted(pred_src - {""}))
            for i, y in enumerate(years):
                if y in pre_years:
                    srcs[m][i] = joined
    return notes
