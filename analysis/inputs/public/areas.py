"""Params overrides for ``--la`` (one council) and ``--group`` (a group of councils)."""

from __future__ import annotations

import re

from analysis.common.errors import InputError, Problem

GROUPS = {"ccn": "CCN member councils (38 confirmed)", "england": "England (all councils)"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def area_overrides(la: str | None = None, group: str | None = None, public_dir: str | None = None) -> dict:
    if la and group:
        raise InputError(Problem("give either --la or --group, not both"))
    over: dict = {}
    if public_dir:
        over["public_data"] = {"public_dir": public_dir}
    if la:
        from analysis.inputs.public.councils import resolve_la

        c = resolve_la(la, public_dir)
        over["report"] = {
            "variant": f"la-{c.dfe_code}-{slug(c.name)}",
            "area_name": c.name,
            "area_kind": "council",
            "council": c.dfe_code,
        }
    elif group:
        key = group.strip().lower()
        if key not in GROUPS:
            import difflib

            close = difflib.get_close_matches(key, list(GROUPS), n=1)
            raise InputError(
                Problem(
                    f"unknown group '{group}'",
                    hint=(f"Did you mean '{close[0]}'?" if close else f"Known groups: {', '.join(GROUPS)}"),
                )
            )
        over["report"] = {"variant": f"group-{key}", "area_name": GROUPS[key], "area_kind": "group", "group": key}
    return over
