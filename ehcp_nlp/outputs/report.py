"""One plan's audit report as plain data, ready for the Markdown, HTML and Word writers.

The report gathers what an auditor needs in one place — the suggested rating with its reasons, the
section scores, the draft comments, every flag with its evidence, and the plan's text by section
with each flag's place in it — and redacts it (by default) with one :class:`~ehcp_nlp.redact.Redactor`
per plan, so a placeholder such as "[PARENT 1]" means the same person everywhere in the report.
Flag positions are mapped through the redaction so highlights still land on the right words.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..drafting import Comments, Point, SectionComment, draft_comments, templates
from ..model import home_section, section_rank

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Assessment

RATING_NOTE = "Suggested rating for the auditor to confirm or change; it is not a judgement."


@dataclass(frozen=True)
class FlagView:
    """A flag as shown to the auditor: numbered, with (redacted) evidence and its place in the text."""

    number: int
    code: str
    severity: str
    section: str
    message: str
    evidence: str
    reference: str
    start: int | None = None  # offsets in the (redacted) section text, when the evidence is found there
    end: int | None = None

    @property
    def anchor(self) -> str:
        return f"flag-{self.number}"


@dataclass(frozen=True)
class SectionView:
    """One section's (redacted) text, its score, comment and the flags that sit in it."""

    key: str
    name: str
    title: str
    text: str
    score: int | None
    comment: SectionComment | None
    flags: tuple[FlagView, ...] = ()

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


@dataclass(frozen=True)
class Report:
    """Everything one plan's report shows."""

    source: str
    kind: str
    generated: str
    marker: str
    redacted: bool
    legend: dict[str, str]
    rating: Any  # RatingSuggestion | None, its reasons redacted
    rating_error: str
    scores: Any  # Scores | None
    comments: Comments
    sections: tuple[SectionView, ...]
    flags: tuple[FlagView, ...]
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        what = {"plan": "EHC plan", "advice": "professional advice", "review": "annual review paperwork"}
        return f"Quality assurance review of {what.get(self.kind, self.kind)}: {self.source}"


def build_report(assessment: "Assessment", redact: bool = True) -> Report:
    """The report for ``assessment``; identifiers are replaced by placeholders unless ``redact`` is False."""
    review, plan = assessment.review, assessment.plan
    scrub: Callable[[str], str] = lambda text: text
    redactor = None
    if redact and plan is not None:
        from ..redact import Redactor

        redactor = Redactor.for_plan(plan)
        scrub = lambda text: redactor.redact(text).text if text else text  # noqa: E731
    drafted = assessment.comments or draft_comments(review, assessment.scores, assessment.rating)
    comments = _scrub_comments(drafted, scrub)
    by_section = {c.section: c for c in comments.sections}
    texts = {key: (value.title, value.text) for key, value in review.sections.items()}
    if plan is not None and plan.preamble is not None and plan.preamble.full_text.strip():
        texts = {"front": ("Front page", plan.preamble.full_text), **texts}
    for flag in review.flags:  # a missing section still gets a place, for its flags to point at
        texts.setdefault(flag.section, ("", ""))
    redacted = dict(zip(texts, redactor.redact_many([t for _, t in texts.values()]))) if redactor else {}

    numbered = sorted(review.flags, key=lambda f: (section_rank(home_section(f.section)), f.start))
    views, sections = [], []
    for number, flag in enumerate(numbered, start=1):
        start = end = None
        title, text = texts.get(flag.section, ("", ""))
        if flag.end > flag.start and text[flag.start:flag.end] == flag.evidence:
            start, end = (redacted[flag.section].map_span(flag.start, flag.end) if flag.section in redacted
                          else (flag.start, flag.end))
        views.append(FlagView(number, flag.code, flag.severity, flag.section, scrub(flag.message),
                              scrub(flag.evidence), flag.reference, start, end))
    for key in sorted(texts, key=section_rank):
        title, text = texts[key]
        score = assessment.scores.sections[key].score if assessment.scores and key in assessment.scores.sections \
            else None
        name = _section_name(key, title)
        sections.append(SectionView(key, name, scrub(title), redacted[key].text if key in redacted else text,
                                    score, by_section.get(key), tuple(v for v in views if v.section == key)))
    rating = assessment.rating
    if rating is not None:
        rating = replace(rating, reasons=tuple(scrub(r) for r in rating.reasons))
    return Report(source=Path(review.source).name, kind=review.kind, generated=date.today().isoformat(),
                  marker=comments.marker, redacted=redactor is not None,
                  legend=redactor.placeholders() if redactor else {}, rating=rating,
                  rating_error=assessment.rating_error.split(": ", 1)[-1], scores=assessment.scores,
                  comments=comments, sections=tuple(sections), flags=tuple(views), missing=review.missing,
                  warnings=review.warnings)


def _scrub_comments(comments: Comments, scrub: Callable[[str], str]) -> Comments:
    def point(p: Point) -> Point:
        return replace(p, text=scrub(p.text), quotes=tuple(scrub(q) for q in p.quotes), fix=scrub(p.fix))

    return replace(comments, summary=scrub(comments.summary),
                   strengths=tuple(point(p) for p in comments.strengths),
                   improvements=tuple(point(p) for p in comments.improvements),
                   sections=tuple(replace(s, points=tuple(point(p) for p in s.points)) for s in comments.sections))


def _section_name(key: str, title: str) -> str:
    names = templates()["section_names"]
    if key == "front":
        return "Front page"
    return names.get(key) or title or key
