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


# --- documents written blind, with their writers' truth -------------------------------------------------

_DISTINCT_LETTERS, _DISTINCT_WORDS = 30, 6  # another section's anchor this long is its own words, not a name


def squash(text: str) -> str:
    """Letters and digits only, lower case: immune to wrapping, hyphenation, bullets and quotes."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def compare_anchors(plan: Plan, truth: dict[str, Any]) -> dict[str, bool]:
    """Each section of a blind-written plan judged against its writer's truth, by key.

    A section is right when it is found, holds its first and last content sentence, and holds no
    other section's first or last sentence (of six words and 30 letters or more: a school's name
    may rightly appear in several sections). A section found that the writer says the plan lacks
    is reported as ``"X+"``, wrong. A combined H stands for H1 and H2, and the other way round.
    """
    texts = {k: squash(s.text) for k, s in plan.sections.items()}
    wanted = truth.get("sections", {})
    results = {}
    for key, want in wanted.items():
        first, last = squash(want["first"]), squash(want["last"])
        text = texts.get(key) or (texts.get("H", "") if key in ("H1", "H2") else "")
        if key == "H" and not text:
            text = texts.get("H1", "") + texts.get("H2", "")
        others = [squash(v[end]) for k, v in wanted.items() if k != key for end in ("first", "last")
                  if len(squash(v[end])) >= _DISTINCT_LETTERS and len(v[end].split()) >= _DISTINCT_WORDS
                  and squash(v[end]) not in (first, last)]
        results[key] = bool(text) and first in text and last in text and not any(a in text for a in others)
    keys = set(wanted) | ({"H1", "H2"} if "H" in wanted else set()) | ({"H"} if {"H1", "H2"} & set(wanted) else set())
    results.update({f"{k}+": False for k, text in texts.items() if text and k not in keys})
    return results
