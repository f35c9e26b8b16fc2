"""How the cohort report writes a figure: "47% (154)", "9.5%", "March 2026".

Shared by the cohort's figures (:mod:`ehcp_nlp.batch.cohort`), which write them into sentences, and
the cohort report's page (:mod:`ehcp_nlp.outputs.cohort_html`).
"""
from __future__ import annotations

from datetime import date


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, to one decimal place (0 when ``whole`` is 0)."""
    return round(100 * part / whole, 1) if whole else 0.0


def fmt_percent(value: float, decimals: int = 0) -> str:
    """``47%`` (or ``9.5%`` with ``decimals=1``; a whole number never shows ``.0``)."""
    text = f"{value:.{decimals}f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def share(part: int, whole: int) -> str:
    """The seed report's way of giving a figure: ``47% (154)``."""
    return f"{fmt_percent(percent(part, whole))} ({part})"


def month_label(month: str, with_year: bool = True) -> str:
    """``2026-03`` -> ``March 2026`` (or ``March``); anything else is returned as it is."""
    try:
        when = date(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        return month
    return when.strftime("%B %Y") if with_year else when.strftime("%B")
