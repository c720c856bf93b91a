"""The state one run of the synthetic generator shares: its random stream, sizes and key dates."""

from __future__ import annotations

import numpy as np

from analysis.config.childdata import ChildDataParams
from analysis.inputs.childdata.synth.calibration import EPOCH


class SynthContext:
    """One seeded run: every part of the generator draws from ``rng`` in a fixed order.

    ``end`` is the last day of the extract (31 March of ``end_year``); ``keep_from`` the
    first day an episode must be open on to be kept; ``cin_start`` the first day of the
    CIN, contact and referral tables.  All are day numbers.
    """

    def __init__(self, seed: int, p: ChildDataParams, canary: bool):
        self.rng = np.random.default_rng(np.random.SeedSequence(seed))
        self.p = p
        self.canary = canary
        self.end = int((np.datetime64(f"{p.end_year}-03-31") - EPOCH).astype(int))
        self.keep_from = int((np.datetime64(f"{p.history_keep_from - 1}-04-01") - EPOCH).astype(int))
        self.cin_start = int((np.datetime64(f"{p.cin_start_year - 1}-04-01") - EPOCH).astype(int))
