"""What redaction gives back (:class:`Redacted`, :class:`Replacement`) and the candidate spans the
recognisers find (:class:`Span`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .people import Person


@dataclass(frozen=True)
class Replacement:
    """One redacted span: offsets in the original text and what replaced it."""

    start: int
    end: int
    placeholder: str
    kind: str


@dataclass(frozen=True)
class Redacted:
    """A redacted text and the replacements made (sorted, non-overlapping)."""

    text: str
    replacements: tuple[Replacement, ...] = ()

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the original text to the redacted text (a span partly inside a replacement
        grows to cover the whole placeholder)."""
        return self._map(start, True), self._map(max(start, end), False)

    def _map(self, pos: int, is_start: bool) -> int:
        shift = 0
        for r in self.replacements:
            if pos <= r.start:
                break
            if pos < r.end:  # inside a replacement: snap to its edge
                return r.start + shift + (0 if is_start else len(r.placeholder))
            shift += len(r.placeholder) - (r.end - r.start)
        return pos + shift


@dataclass(frozen=True)
class Span:
    """A candidate for redaction found by one recogniser: where it is, its kind and (for a name) whose."""

    start: int
    end: int
    kind: str
    person: Person | None = None
    titled: bool = False  # a name after a title wins over a known form at the same place ("Mrs May")


def overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Does ``start``–``end`` overlap any of ``ranges``?"""
    return any(start < e and s < end for s, e in ranges)
