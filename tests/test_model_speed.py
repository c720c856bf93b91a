"""The model fits a history once per report: :func:`analysis.model.api.fit_history_once` reuses a fit for
the same history and the params sections the fit reads, and only for those."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config.model import ModelParams
from analysis.model import api
from analysis.model.trends import FIT_SECTIONS, HistoryBaseline, fit_history


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    from analysis.inputs.public.history import council_history

    return council_history("886")  # Kent


def _same(a: HistoryBaseline, b: HistoryBaseline) -> None:
    for f in ("entries", "hazards", "initial_stock"):
        if hasattr(a.inputs, f):
            np.testing.assert_array_equal(np.asarray(getattr(a.inputs, f)), np.asarray(getattr(b.inputs, f)))
    assert repr(a.inputs) == repr(b.inputs)
    pd.testing.assert_frame_equal(a.fit, b.fit)
    pd.testing.assert_frame_equal(a.projection, b.projection)
    assert a.notes == b.notes and a.budget_assumed == b.budget_assumed


def _changed_outside_fit_sections() -> ModelParams:
    data = ModelParams().model_dump()
    for section in data:
        assert section in FIT_SECTIONS or section in (
            "published", "calibration", "impact", "phasing", "exits", "parents", "scaling", "reentry",
            "uncertainty", "scenarios",
        ), f"new params section {section!r}: say whether fit_history reads it"  # fmt: skip
    data["exits"]["uplift_mode"] = "hazard" if data["exits"]["uplift_mode"] == "exits" else "exits"
    data["reentry"]["enabled"] = not data["reentry"]["enabled"]
    data["uncertainty"]["seed"] += 1
    data["uncertainty"]["draws"] = 500
    data["calibration"]["recalibrate"] = not data["calibration"]["recalibrate"]
    for key, value in data["impact"].items():
        if isinstance(value, float) and 0 < value < 0.5:
            data["impact"][key] = value * 1.5
    return ModelParams.model_validate(data)


def test_fit_reads_only_its_sections(history):
    """What justifies the key: changing every section outside FIT_SECTIONS leaves the fit as it was."""
    _same(fit_history(history, ModelParams()), fit_history(history, _changed_outside_fit_sections()))


def test_a_fit_is_reused_for_the_same_history_and_sections_only(history, monkeypatch):
    calls = []
    real = api.fit_history

    def counting(h, p):
        calls.append(1)
        return real(h, p)

    monkeypatch.setattr(api, "fit_history", counting)
    monkeypatch.setattr(api, "_FITS", {})
    first = api.fit_history_once(history, ModelParams())
    _same(first, fit_history(history, ModelParams()))
    again = api.fit_history_once(history, _changed_outside_fit_sections())
    assert len(calls) == 1  # reused ...
    _same(first, again)
    assert again is not first and again.inputs is not first.inputs  # ... as a copy of its own
    again.notes.append("changed by a caller")
    assert "changed by a caller" not in api.fit_history_once(history, ModelParams()).notes
    # a change in a section the fit reads, or in the history, fits again
    p = ModelParams().model_dump()
    p["history"]["damping"] = 0.5
    api.fit_history_once(history, ModelParams.model_validate(p))
    assert len(calls) == 2
    h2 = history.copy()
    h2.loc[h2.index[-1], "cla"] = float(h2["cla"].iloc[-1]) + 1
    api.fit_history_once(h2, ModelParams())
    assert len(calls) == 3
    h3 = (
        history.astype({"cla": "float64"})
        if str(history["cla"].dtype) != "float64"
        else history.astype({"cla": "Float64"})
    )
    api.fit_history_once(h3, ModelParams())  # the same numbers in another type: fitted again, never mixed up
    assert len(calls) == 4


def test_run_gives_the_same_results_with_the_reused_fit(history, monkeypatch):
    monkeypatch.setattr(api, "_FITS", {})
    api.run(ModelParams(), history, uncertainty=False)  # the report's own run fits ...
    p = _changed_outside_fit_sections()
    warm = api.run(p, history, uncertainty=False)  # ... and a sensitivity run reuses the fit
    monkeypatch.setattr(api, "_FITS", {})
    cold = api.run(p, history, uncertainty=False)
    assert warm.headline == cold.headline
    pd.testing.assert_frame_equal(warm.series, cold.series)
