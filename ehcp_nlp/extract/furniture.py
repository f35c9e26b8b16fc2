"""Recognise page furniture: protective markings, page numbers, running headers and footers."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from ..resources import check_keys, compile_pattern, load_json

_DATA = "page_furniture.json"
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=1)
def _settings() -> tuple[re.Pattern[str], float, int, re.Pattern[str]]:
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "patterns", "page_numbers", "repeat_min_share", "repeat_zone_lines"},
               {"patterns", "page_numbers"})
    joined = "|".join(f"(?:{p})" for p in data["patterns"] + data["page_numbers"])
    compile_pattern(_DATA, joined)  # names the file if any pattern is bad
    whole = compile_pattern(_DATA, rf"^\s*(?:{joined})\s*$")
    numbers = compile_pattern(_DATA, r"^\s*(?:" + "|".join(f"(?:{p})" for p in data["page_numbers"]) + r")\s*$")
    return whole, float(data.get("repeat_min_share", 0.5)), int(data.get("repeat_zone_lines", 3)), numbers


def is_furniture(text: str) -> bool:
    """True for a line that is only a marking or page number ("OFFICIAL-SENSITIVE", "Page 3 of 12")."""
    return bool(_settings()[0].match(text))


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number ("3", "Page 3 of 12", "- 3 -"), which is furniture
    only where page numbers go (top or bottom of a page): mid-page it may end a wrapped line ("2025")."""
    return bool(_settings()[3].match(text))


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def repeated_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """Shapes of lines that recur at the top or bottom of many pages.

    Args:
        pages: each page's lines, in reading order.

    Returns:
        Line shapes (lower-cased, digits replaced by ``#``) to drop: those in
        the first few lines (or the last few) of at least ``repeat_min_share``
        of pages, and of three pages at least. Shorter documents have none.

    Example:
        >>> pages = [["Plan for A", "text one", "Page 1"], ["Plan for A", "text two", "Page 2"],
        ...          ["Plan for A", "text three", "Page 3"]]
        >>> sorted(repeated_lines(pages))
        ['page #', 'plan for a']
    """
    _, share, zone, _ = _settings()
    if len(pages) < 3:
        return set()
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        counts.update({("top", _shape(line)) for line in kept[:zone]})
        counts.update({("bottom", _shape(line)) for line in kept[-zone:]})
    needed = max(3, int(share * len(pages) + 0.999))
    return {shape for (_, shape), n in counts.items() if n >= needed}


def is_repeated(line: str, shapes: set[str]) -> bool:
    """True when ``line`` has one of the ``shapes`` found by :func:`repeated_lines`."""
    return bool(shapes) and _shape(line) in shapes
