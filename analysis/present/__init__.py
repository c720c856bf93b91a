"""Stage 8, what a chapter notebook calls: ``ctx`` (the build's params and results, read through
the store), number-reading prose, figures, charts and tables.  Nothing here computes the model.
"""
