"""Stage 6, compute once: load a report's inputs once (:mod:`.inputs`), compute the model, the
sensitivity runs, the reproduction check, the evidence and the comparators once, and store them
(:mod:`.compute`).
"""
