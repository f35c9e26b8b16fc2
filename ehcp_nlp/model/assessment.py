"""What the pipeline (:mod:`ehcp_nlp.pipeline`) knows of one document: its review, section scores,
suggested rating (or why there is none) and drafted comments."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .comments import Comments
from .document import Plan
from .rating import RatingSuggestion
from .review import Review
from .scores import Scores


@dataclass(frozen=True)
class Assessment:
    """A reviewed document: its review, and for a plan its section scores and suggested rating (or, in
    ``rating_error``, why there is none); ``comments`` for any document that was checked."""

    review: Review
    scores: Scores | None = None
    rating: RatingSuggestion | None = None
    rating_error: str = ""
    plan: Plan | None = field(default=None, compare=False, repr=False)  # the document as read (front page, appendices)
    comments: Comments | None = field(default=None, compare=False, repr=False)  # drafted once, by the pipeline

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
        data["comments"] = self.comments.to_dict() if self.comments is not None else None
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

