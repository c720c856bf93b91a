"""Data the package ships and reads through :mod:`importlib.resources`, so that an installed wheel
works as well as a source checkout:

* ``targets.yml`` - the published figures the reproduction check compares with;
* ``enablers.yml`` - the report's enablers (ids, titles, descriptions);
* ``council.yml`` - the params template behind ``p2r render --la`` and ``p2r batch``;
* ``backtest_intervals.yml`` - how far the default council projection missed past years, by years
  ahead (made by ``make intervals``; the bands on a council's do-nothing projection).
"""
