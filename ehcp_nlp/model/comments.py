"""Draft auditor comments: points (strengths and areas for improvement), per section and overall."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Point:
    """One strength or area for improvement, with the plan text it rests on."""

    kind: str  # "strength" or "improvement"
    section: str
    text: str
    quotes: tuple[str, ...] = ()
    fix: str = ""
    reference: str = ""
    codes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "section": self.section, "text": self.text, "quotes": list(self.quotes),
                "fix": self.fix, "reference": self.reference, "codes": list(self.codes)}

    def sentence(self) -> str:
        """The point as one plain paragraph: statement, quotation, fix, reference."""
        parts = [self.text]
        if self.quotes and not all(q in self.text for q in self.quotes):
            parts.append("For example: " + "; ".join(f"“{q}”" for q in self.quotes) + ".")
        if self.fix:
            parts.append(self.fix)
        if self.reference:
            parts.append(f"({self.reference})")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class SectionComment:
    """The comments on one section: its name, score and points (strengths first)."""

    section: str
    name: str
    score: int | None
    points: tuple[Point, ...]

    @property
    def strengths(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.kind == "strength")

    @property
    def improvements(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.kind == "improvement")

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "name": self.name, "score": self.score,
                "points": [p.to_dict() for p in self.points]}


@dataclass(frozen=True)
class Comments:
    """The draft comments on one document: an overall summary and a comment per section."""

    marker: str
    summary: str
    strengths: tuple[Point, ...]
    improvements: tuple[Point, ...]
    sections: tuple[SectionComment, ...] = field(default_factory=tuple)
    headings: tuple[str, str] = ("Strengths", "Areas for improvement")

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "summary": self.summary,
                "strengths": [p.to_dict() for p in self.strengths],
                "improvements": [p.to_dict() for p in self.improvements],
                "sections": [s.to_dict() for s in self.sections]}
