"""Stage 1, params: the typed schema of a params file (report, model, child data, public data),
the loader with its plain-English errors, and the assumptions register.
"""
