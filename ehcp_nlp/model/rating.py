"""A suggested rating, for an auditor to confirm or override."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RatingSuggestion:
    """A suggested rating for an auditor to confirm or override."""

    suggested: str
    confidence: float
    probabilities: dict[str, float]
    reasons: tuple[str, ...]
    needs_closer_look: bool
    model: str = ""
    note: str = field(default="DRAFT – a suggestion for the auditor to confirm")

    def to_dict(self) -> dict[str, Any]:
        return {"suggested": self.suggested, "confidence": round(self.confidence, 3),
                "probabilities": {k: round(v, 3) for k, v in self.probabilities.items()},
                "reasons": list(self.reasons), "needs_auditor_review": self.needs_closer_look,
                "model": self.model, "note": self.note}
