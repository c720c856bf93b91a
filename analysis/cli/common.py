"""Argument types shared by the ``p2r`` commands."""

from __future__ import annotations

import argparse


def formats_arg(value: str) -> list[str]:
    """``--to``: html, pdf or html,pdf."""
    fmts = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in fmts if f not in ("html", "pdf")]
    if bad or not fmts:
        raise argparse.ArgumentTypeError(f"--to takes html, pdf or html,pdf (got {value!r})")
    return fmts
