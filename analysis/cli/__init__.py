"""Stage 12, the ``p2r`` command."""
