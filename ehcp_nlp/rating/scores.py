"""Section scores: a documented rubric (``data/scoring.json``) turning a review's flags into 0-5 per section.

Example:
    >>> from ehcp_nlp.rating.scores import score_review       # doctest: +SKIP
    >>> scores = score_review(review)                          # doctest: +SKIP
    >>> scores.total, scores.out_of                             # doctest: +SKIP
    (41, 60)
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from ..model import SECTION_KEYS, Review, Scores, SectionScore
from ..resources import check_keys, load_json

_DATA = "scoring.json"


def rubric(path: str | None = None) -> dict[str, Any]:
    """The scoring rubric: the packaged one, or the file named by ``EHCP_NLP_SCORING``."""
    return _load_rubric(path or os.environ.get("EHCP_NLP_SCORING"))


@lru_cache(maxsize=4)
def _load_rubric(path: str | None) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8")) if path else load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "scale", "sections"}, {"scale", "sections"})
    unknown = set(data["sections"]) - set(SECTION_KEYS)
    if unknown:
        raise DataFileError(f"scoring rubric: unknown section(s) {sorted(unknown)}")
    for key, entry in data["sections"].items():
        check_keys(_DATA, entry, {"shares", "deductions"})
    return data


def score_review(review: Review, rubric_data: dict[str, Any] | None = None) -> Scores:
    """Score each statutory section of a reviewed plan from its flags."""
    data = rubric_data or rubric()
    scale = int(data["scale"])
    present = {k for k, s in review.sections.items() if s.text.strip()}
    if "H" in present:
        present |= {"H1", "H2"}
    scores = {}
    for key in SECTION_KEYS:
        rules = data["sections"].get(key, {})
        if key not in present:
            scores[key] = SectionScore(key, 0, scale, missing=True)
            continue
        deductions = _deductions(review, key, rules)
        value = max(0.0, scale - sum(p for _, p in deductions))
        scores[key] = SectionScore(key, int(value + 0.5), scale, tuple(deductions))
    return Scores(scores)


def _deductions(review: Review, key: str, rules: dict[str, Any]) -> list[tuple[str, float]]:
    """The points each flag code takes off section ``key``."""
    keys = {key, "H"} if key in ("H1", "H2") else {key}
    flags = [f for f in review.flags if f.section in keys]
    items = [s for s in review.statements if s.section in keys]
    found: list[tuple[str, float]] = []
    for code, weight in rules.get("shares", {}).items():
        flagged = {(f.start, f.end) for f in flags if f.code == code}
        if flagged and items:
            found.append((code, weight * min(1.0, len(flagged) / len(items))))
    for code, points in rules.get("deductions", {}).items():
        if any(f.code == code for f in flags):
            found.append((code, float(points)))
    return sorted(found, key=lambda item: -item[1])
