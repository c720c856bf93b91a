"""Argument types shared by the ``p2r`` commands."""

from __future__ import annotations

import argparse


def formats_arg(value: str) -> list[str]:
    """``--to``: any of html, pdf and docx, comma-separated (html,pdf,docx)."""
    fmts = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in fmts if f not in ("html", "pdf", "docx")]
    if bad or not fmts:
        raise argparse.ArgumentTypeError(f"--to takes html, pdf and/or docx, such as html,pdf,docx (got {value!r})")
    return fmts


def cutoffs_arg(value: str) -> tuple[int, ...]:
    """``--cutoffs``: comma-separated years, such as 2019,2020,2021."""
    try:
        years = tuple(sorted({int(v) for v in value.split(",") if v.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--cutoffs takes years such as 2019,2020,2021 (got {value!r})") from None
    if not years:
        raise argparse.ArgumentTypeError("--cutoffs needs at least one year")
    return years
