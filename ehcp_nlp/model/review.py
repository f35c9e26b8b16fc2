"""Typed results of the review stage: statements, flags and a whole review."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SEVERITIES = ("major", "minor", "info")


def _copied(value: Any) -> Any:
    """``value`` with its dicts, lists and tuples copied (what ``dataclasses.asdict`` does for plain data, at a
    fraction of its cost: a review turns thousands of statements and flags into dicts)."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(v) for v in value)
    return value


@dataclass(frozen=True)
class Statement:
    """One outcome, provision item, need or sentence, with its place in its section's text.

    Attributes:
        section: the section key (``E``) or ``advice`` / ``review``.
        text: the statement's text.
        start, end: character offsets in the section text (``text == section_text[start:end]``).
        area: the area-of-need sub-heading it sits under, if any.
        heading: the sub-heading or form label it sits under, if any ("Strengths", "Views").
    """

    section: str
    text: str
    start: int
    end: int
    area: str | None = None
    heading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: value for name in _STATEMENT_FIELDS if (value := getattr(self, name)) is not None}


@dataclass(frozen=True)
class Flag:
    """One thing a QA officer should look at, with the text it rests on.

    Attributes:
        code: stable flag code, e.g. ``outcome.not_smart``.
        section: section key the evidence is in.
        severity: ``major``, ``minor`` or ``info``.
        message: what is wrong and what would fix it, in plain English.
        evidence: the text the flag rests on (a statement, or a section heading).
        start, end: offsets of ``evidence`` in the section text (or the checked text).
        rule: id of the rule that fired.
        reference: Code of Practice (or statute) paragraph the check rests on.
        detail: extra facts, e.g. ``{"missing": ["M", "T"]}`` for SMART.
    """

    code: str
    section: str
    severity: str
    message: str
    evidence: str
    start: int
    end: int
    rule: str
    reference: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _FLAG_FIELDS}
        data["detail"] = _copied(self.detail)
        return {k: v for k, v in data.items() if v not in ("", {}) or k in ("evidence",)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Flag":
        """A flag read back from :meth:`to_dict` (which leaves out empty text and detail)."""
        text = {name: str(data.get(name) or "") for name in _FLAG_FIELDS if name not in ("start", "end", "detail")}
        return cls(**text, start=int(data["start"]), end=int(data["end"]), detail=_copied(data.get("detail") or {}))


@dataclass(frozen=True)
class SectionText:
    """A section's text as the checks read it: its content with sub-headings and form labels kept as cues.

    Statement and flag offsets point into ``text`` (a flag's evidence is ``text[start:end]``).

    Attributes:
        key: the section key (``E``), ``appendix-N``, or ``advice`` / ``review`` for a whole document.
        title: the section's heading as the document gives it.
        text: the text the checks read.

    Example:
        >>> SectionText("A", "About me", "I like trains.").to_dict()
        {'title': 'About me', 'text': 'I like trains.'}
    """

    key: str
    title: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text}

    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any]) -> "SectionText":
        return cls(key, str(data.get("title") or ""), str(data.get("text") or ""))


_STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))
_FLAG_FIELDS = tuple(f.name for f in fields(Flag))


@dataclass(frozen=True)
class Review:
    """The review of one document: its sections, statements and flags.

    ``kind`` is ``plan``, ``advice`` (professional advice), ``review``
    (annual-review paperwork), ``template`` (an unfilled form) or ``unknown``;
    the last two are not checked. ``kind_evidence`` says why. ``sections`` holds the text of each
    part the checks read (for advice or review paperwork, the whole document under one key).

    Example:
        >>> r = Review("p.docx", "plan", {"A": SectionText("A", "About me", "I like trains.")}, (), ())
        >>> Review.from_dict(r.to_dict()) == r
        True
    """

    source: str
    kind: str
    sections: dict[str, SectionText]
    statements: tuple[Statement, ...]
    flags: tuple[Flag, ...]
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    kind_evidence: tuple[str, ...] = ()

    def text_of(self, key: str) -> str:
        """The text the checks read for section ``key`` ("" if the document has no such section)."""
        section = self.sections.get(key)
        return section.text if section else ""

    def title_of(self, key: str) -> str:
        """Section ``key``'s heading as the document gives it ("" if it has no such section)."""
        section = self.sections.get(key)
        return section.title if section else ""

    @property
    def checked(self) -> bool:
        """Whether the document was checked (a plan, advice or review paperwork)."""
        return self.kind in ("plan", "advice", "review")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "kind_evidence": list(self.kind_evidence),
            "sections": {k: s.to_dict() for k, s in self.sections.items()},
            "statements": [s.to_dict() for s in self.statements],
            "flags": [f.to_dict() for f in self.flags],
            "missing": list(self.missing),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Review":
        """A review read back from :meth:`to_dict` (or a stored ``review --format json`` result)."""
        return cls(
            source=data["source"], kind=data["kind"],
            sections={k: SectionText.from_dict(k, s) for k, s in (data.get("sections") or {}).items()},
            statements=tuple(Statement(**s) for s in data.get("statements", ())),
            flags=tuple(Flag.from_dict(f) for f in data.get("flags", ())),
            missing=tuple(data.get("missing", ())), warnings=tuple(data.get("warnings", ())),
            kind_evidence=tuple(data.get("kind_evidence", ())),
        )
