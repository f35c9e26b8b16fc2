"""The redactor: runs the recognisers over a text, resolves overlapping spans and puts placeholders in."""
from __future__ import annotations

from ..frontpage import FrontPage, read_front_page
from ..model import Plan
from .frontpage import front_values, place_words, register_family
from .names import NameFinder
from .patterns import pattern_spans
from .people import People
from .results import Redacted, Replacement, Span
from .rules import KINDS, Rules


def plan_texts(plan: Plan) -> list[str]:
    """Every text of a plan an export shows: the front page, then each section's and appendix's
    title and text, in order (empty texts left out)."""
    texts = [plan.preamble.full_text] if plan.preamble else []
    for sec in (*plan.sections.values(), *plan.appendices):
        texts += [sec.title, sec.full_text]
    return [t for t in texts if t]


def _current_rules() -> Rules:
    """The rules in force, looked up on the package so that a measurement may swap them
    (``scripts/evaluate_redaction.py --no-name-list`` replaces ``ehcp_nlp.redact._rules``)."""
    from . import _rules

    return _rules()


class Redactor:
    """Replaces one plan's personal identifiers with stable placeholders (see :mod:`ehcp_nlp.redact`)."""

    def __init__(self, front: FrontPage | None = None):
        self._r = _current_rules()
        self._front = front or FrontPage({})
        self._people = People(self._r)
        register_family(self._front, self._r, self._people)
        self._values = front_values(self._front, self._r)
        self._names = NameFinder(self._r, self._people, place_words(self._front, self._r))

    @classmethod
    def from_front_page(cls, front_text: str) -> "Redactor":
        """A redactor for the plan whose front page reads ``front_text``."""
        return cls(read_front_page(front_text))

    @classmethod
    def for_plan(cls, plan: Plan) -> "Redactor":
        """A redactor for ``plan``: its front page, plus every name found anywhere in it (so a
        name is replaced even where the model misses it, and people are numbered in plan order)."""
        texts = plan_texts(plan)
        front = plan.preamble.full_text if plan.preamble else "\n".join("\n".join(texts).splitlines()[:80])
        redactor = cls(read_front_page(front))
        redactor.redact_many(texts)
        return redactor

    def placeholders(self) -> dict[str, str]:
        """Every placeholder used so far, with its kind (for a legend), e.g. ``{"[PARENT 1]": "parent"}``."""
        return dict(self._people.used)

    def redact(self, text: str) -> Redacted:
        """``text`` with this plan's identifiers replaced."""
        return self.redact_many([text])[0]

    def redact_many(self, texts: list[str]) -> list[Redacted]:
        """Redact several texts, running the entity recogniser over them in one batch."""
        self._names.prepare(texts)
        return [self._redact(text) for text in texts]

    def _redact(self, text: str) -> Redacted:
        spans = pattern_spans(text, self._r, self._values) + self._names.spans(text)
        chosen = _resolve(spans)
        out, replacements, pos = [], [], 0
        for span in chosen:
            if span.person is not None:
                placeholder = self._people.placeholder(span.person)
            else:
                placeholder = self._r.placeholders[span.kind]
                self._people.mark_used(placeholder, span.kind)
            out += [text[pos:span.start], placeholder]
            kind = span.person.kind if span.person is not None else span.kind
            replacements.append(Replacement(span.start, span.end, placeholder, kind))
            pos = span.end
        out.append(text[pos:])
        return Redacted("".join(out), tuple(replacements))


def _resolve(spans: list[Span]) -> list[Span]:
    """The spans to replace, in text order: where candidates overlap the longest wins, then a name after a
    title, then the kind first in :data:`~ehcp_nlp.redact.rules.KINDS`, then the earliest."""
    rank = {k: i for i, k in enumerate(KINDS)}
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), not s.titled, rank[s.kind], s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
