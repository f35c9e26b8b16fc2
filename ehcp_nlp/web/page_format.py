"""How values are shown on the pages: the Jinja filters ``shown``, ``pct`` and ``yes_no``."""
from __future__ import annotations

from typing import Any

from ..outputs.safe_text import show_controls


def shown(value: Any) -> str:
    """Text from a plan, as it is, with bidirectional controls made visible (then autoescaped by Jinja)."""
    if value is None:
        return ""
    return show_controls(str(value))


def pct(value: Any, decimals: int = 0) -> str:
    """``0.42`` -> ``42%``; anything not a number -> ``–``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number > 1.0:  # already a percentage
        number /= 100
    return f"{number * 100:.{decimals}f}%"


def yes_no(value: Any) -> str:
    if isinstance(value, str):
        return "yes" if value.strip().lower() in ("yes", "true", "1", "y") else "no"
    return "yes" if value else "no"
