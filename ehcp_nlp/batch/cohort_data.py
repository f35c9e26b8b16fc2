"""The cohort report's wording (``ehcp_nlp/data/cohort.json``, checked) and how its figures are written.

How a figure is written ("47% (154)", "9.5%", "March 2026") is :mod:`ehcp_nlp.outputs.figures`,
imported here for every part of the cohort's figures.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from ..errors import DataFileError
from ..outputs.figures import fmt_percent, month_label, percent, share
from ..resources import check_keys, load_json
from .records import PlanRecord

DATA = "cohort.json"
_CHECK_KEYS = ("title", "theme", "requires", "strength", "improvement")

__all__ = ["DATA", "fmt_percent", "month_label", "percent", "share", "wording"]


@lru_cache(maxsize=None)
def wording() -> dict[str, Any]:
    """``cohort.json``, checked: every check entry has exactly the known keys and a known theme."""
    data = load_json(DATA)
    check_keys(DATA, data, ("_comment", "settings", "checks", "recommendations", "documents", "boilerplate",
                            "next_steps"), ("settings", "checks", "recommendations", "documents"))
    for code, entry in data["checks"].items():
        check_keys(DATA, entry, _CHECK_KEYS, _CHECK_KEYS)
        if entry["theme"] not in data["recommendations"]:
            raise DataFileError(f"data file {DATA}: {code} has unknown theme {entry['theme']!r}")
    return data


def _references() -> dict[str, str]:
    return {r["code"]: r.get("reference", "") for r in load_json("rules.json")["rules"]}


# ----------------------------------------------------------------------------- helpers


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 1) if values else None


def _capital(text: str) -> str:
    """The first letter in upper case ("'no health needs' was …" -> "'No health needs' was …")."""
    at = next((i for i, ch in enumerate(text) if ch.isalpha()), 0)
    return text[:at] + text[at:at + 1].upper() + text[at + 1:]


def _is_plan(record: PlanRecord) -> bool:
    return record.ok and record.kind in ("plan", "")


def _missing_sections(record: PlanRecord) -> set[str]:
    missing = {f["section"] for f in record.flags if f["code"] == "section.missing"}
    if {"H1", "H2"} <= missing:
        missing.add("H")
    return missing
