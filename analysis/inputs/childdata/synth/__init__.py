"""A seeded generator of realistic, entirely synthetic child-level data for one council.

No real child's record was used or is reproduced: every identifier, date and code
is drawn from the probabilities in
:data:`~analysis.inputs.childdata.synth.calibration.CALIBRATION`, which are set so that
each measure in ``FIGURES.md`` computed on the result lands near the report's published
value.  The same seed always gives byte-identical CSV files.

Identifiers look real but cannot be: CHILD ids are 7-digit numbers, UPNs use the
non-existent local-authority number 999, and home postcodes use a ``Q`` postcode
area (no UK postcode area starts with Q).  With ``canary=True`` they become
distinctive strings (CHILD ``ZQX`` + digits, UPN ``ZQX`` + digits, postcodes
``ZQ..  .ZQ``) that a leak test can search for in rendered output; see
:func:`canary_strings`.

Home LSOAs are real LSOA 2021 codes from a small packaged sample
(:mod:`analysis.inputs.childdata.lsoa_sample`) so that the public data folder is not
needed.

The parts, in the order they draw from the one random stream:

* :mod:`.population` - neighbourhoods, entrants and their periods of care (with re-entries)
* :mod:`.episodes` - placements, legal statuses, moves and weekly costs within each period
* :mod:`.children` - the header (sex, ethnicity, UASC) and school before entry
* :mod:`.cin` - early help, CIN and CP plans, contacts, referrals and assessments
* :mod:`.case_review` - the practitioner review of a sample of recent entrants
* :mod:`.identifiers` - CHILD ids, UPNs and postcodes (realistic-looking or canary)

:mod:`.assemble` runs them (:func:`generate`); :mod:`.writing` writes the CSV folder
(:func:`write`).  :mod:`.draws` holds the quota-sampling helpers, :mod:`.calibration`
the tuned probabilities and :mod:`.context` the state one run shares.
"""

from __future__ import annotations

from analysis.inputs.childdata.synth.assemble import generate
from analysis.inputs.childdata.synth.calibration import CALIBRATION, EPOCH, YEAR
from analysis.inputs.childdata.synth.identifiers import canary_strings
from analysis.inputs.childdata.synth.writing import write

__all__ = ["CALIBRATION", "EPOCH", "YEAR", "canary_strings", "generate", "write"]
