"""Child-level data as a council holds it: the tables it brings, how they are read and checked, and
a seeded synthetic generator for demonstrations and tests.

* :mod:`analysis.inputs.childdata.contracts` - the tables (``<table>.csv``) and the data dictionary,
  gathered from :mod:`.codes` (code lists), :mod:`.tables` (columns and tables) and :mod:`.dictionary`
* :mod:`analysis.inputs.childdata.load` - :func:`~analysis.inputs.childdata.load.load_child_data`
  (raises :class:`~analysis.common.errors.InputError`), with :mod:`.validate` and :mod:`.checks`
* :mod:`analysis.inputs.childdata.synth` - ``generate`` / ``write``, seeded synthetic data

Which data a report uses is decided in :func:`analysis.pipeline.inputs.load_child_level`.  Child-level
records are personal data: only the disclosure-controlled tables of :mod:`analysis.evidence` may
reach a rendered report.
"""
