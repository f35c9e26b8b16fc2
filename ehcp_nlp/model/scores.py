"""Section scores: what the rubric gives each section, and the total."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SectionScore:
    """One section's score and the deductions that made it.

    Attributes:
        key: the section (``A`` ... ``K``).
        score: whole points out of ``scale``.
        scale: the maximum (5 unless the rubric says otherwise).
        deductions: (flag code, points taken off) pairs, largest first.
        missing: the section is absent or empty (score 0).
    """

    key: str
    score: int
    scale: int
    deductions: tuple[tuple[str, float], ...] = ()
    missing: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "out_of": self.scale, "missing": self.missing,
                "deductions": [{"code": c, "points": round(p, 2)} for c, p in self.deductions]}


@dataclass(frozen=True)
class Scores:
    """Every section's score and the total."""

    sections: dict[str, SectionScore]

    @property
    def total(self) -> int:
        return sum(s.score for s in self.sections.values())

    @property
    def out_of(self) -> int:
        return sum(s.scale for s in self.sections.values())

    def to_dict(self) -> dict[str, Any]:
        """``{"A": 0-5, …, "total": n, "out_of": 60, "details": {…}}`` as the review JSON carries it."""
        data: dict[str, Any] = {k: s.score for k, s in self.sections.items()}
        data.update(total=self.total, out_of=self.out_of,
                    details={k: s.to_dict() for k, s in self.sections.items()})
        return data
