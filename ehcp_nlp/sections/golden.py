"""Compare a segmented plan with a golden expectation (first and last sentence of each section).

Used by ``scripts/evaluate_extraction.py`` and the fixture tests. An
expectation file looks like::

    {"template": "classic", "format": "docx",
     "sections": {"A": {"first": "...", "last": "..."}, ...},
     "missing": ["J"], "areas": {"B": ["Communication and interaction"]}}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Plan

_BULLET = re.compile(r"(?m)^\s*(?:[-*•▪◦·–]|\d{1,2}[.)])\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """Drop bullet glyphs, unify quotes and collapse white space."""
    return " ".join(_BULLET.sub("", text.translate(_QUOTES)).split())


@dataclass(frozen=True)
class SectionResult:
    """Whether one expected section was found with the right first and last sentence."""

    key: str
    found: bool
    first_ok: bool
    last_ok: bool

    @property
    def ok(self) -> bool:
        return self.found and self.first_ok and self.last_ok


def compare(plan: Plan, expected: dict[str, Any]) -> list[SectionResult]:
    """One result per expected section, plus a failing one per section found but not expected."""
    results = []
    for key, want in expected["sections"].items():
        section = plan.sections.get(key)
        text = normalise(section.full_text) if section else ""
        results.append(SectionResult(
            key, section is not None,
            bool(text) and text.startswith(normalise(want["first"])),
            bool(text) and text.endswith(normalise(want["last"])),
        ))
    extra = [k for k, s in plan.sections.items() if k not in expected["sections"] and s.text.strip()]
    results += [SectionResult(k, False, False, False) for k in extra]
    return results
