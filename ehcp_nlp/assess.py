"""One call from a file to everything the review command shows: flags, section scores, suggested rating."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .checks import review_plan
from .checks.results import Review
from .drafting import Comments, draft_comments
from .extract import TemplateText
from .model import Plan
from .plan import read_plan
from .rating.plain import ModelError
from .rating.reading import reading_quality
from .rating.scores import Scores, score_review
from .rating.suggest import RatingSuggestion, suggest


@dataclass(frozen=True)
class Assessment:
    """A reviewed document: its review, and for a plan its section scores and suggested rating."""

    review: Review
    scores: Scores | None = None
    rating: RatingSuggestion | None = None
    rating_error: str = ""
    plan: Plan | None = field(default=None, compare=False, repr=False)  # the document as read (front page, appendices)

    def comments(self) -> Comments:
        """Draft auditor comments on this document."""
        return draft_comments(self)

    @property
    def unrated_reason(self) -> str:
        """Why no rating is suggested ('' when one is)."""
        if self.rating:
            return ""
        return self.rating_error.split(": ", 1)[-1] if self.rating_error else not_rated(self.review)

    def to_dict(self) -> dict[str, Any]:
        data = self.review.to_dict()
        data["scores"] = self.scores.to_dict() if self.scores else None
        data["rating"] = self.rating.to_dict() if self.rating else {"suggested": None, "reason": self.unrated_reason}
        data["comments"] = self.comments().to_dict() if self.review.checked else None
        if self.rating_error:
            data["warnings"] = [*data["warnings"], self.rating_error]
        return data


def not_rated(review: Review) -> str:
    """Why a document that is not a filled plan gets no rating, in a line."""
    if review.kind == "template":
        return f"{_evidence(review)}; there is nothing to rate (use --kind plan to review it as a plan anyway)"
    if review.kind == "unknown":
        return (f"{_evidence(review)}; it was not reviewed. If it is one, name its kind with "
                "--kind plan, --kind advice or --kind review")
    what = {"advice": "professional or family advice", "review": "review paperwork"}.get(review.kind, review.kind)
    return f"no rating: the document is {what}, not a plan"


def _evidence(review: Review) -> str:
    return review.kind_evidence[0] if review.kind_evidence else f"reviewed as {review.kind}"


def assess(path: str | os.PathLike[str], kind: str | None = None, model_dir: str | None = None,
           template: TemplateText | None = None) -> Assessment:
    """Review ``path``; for a plan also score its sections and suggest a rating (if a model is available).

    ``template``: text a batch learnt is the council's template (never judged as content).
    """
    plan = read_plan(path, template=template)
    review = review_plan(plan, kind)
    if review.kind != "plan":
        return Assessment(review, plan=plan)
    scores = score_review(review)
    reading = reading_quality(plan)
    if not reading.trusted:  # know when not to answer: the reading under a rating must be sound
        return Assessment(review, scores, rating_error=f"rating.withheld: "
                          f"{'; '.join(reading.problems)}", plan=plan)
    try:
        return Assessment(review, scores, suggest(review, scores, model_dir, reading), plan=plan)
    except ModelError as exc:
        return Assessment(review, scores, rating_error=f"rating.unavailable: {exc}", plan=plan)
