"""Stage 5, the results store: the named results a build writes and chapters read
(:mod:`analysis.results.store`), and the evidence tables on disk.
"""
