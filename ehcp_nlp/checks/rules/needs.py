"""Section B needs, and the golden thread from each need to its provision (F) and outcome (E)."""
from __future__ import annotations

from typing import Iterable

from ...model import AREAS_OF_NEED
from ...nlp import has_model, parse
from ..base import Context, Rule, SectionUnit, register
from ..lexicon import lexicon
from ...model import Flag, Statement

_FOUR_AREAS = AREAS_OF_NEED[:4]


@register("need.vague")
class NeedVague(Rule):
    """A need should be described by how it affects the child's learning, not just named (CoP 9.69)."""

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        lex = lexicon()
        if unit.text.rstrip().endswith(":"):
            return  # a label ("Reading:"), not a statement of need
        if unit.heading and lex.search("strengths_heading", unit.heading):
            return  # the form asked for the child's strengths here, not a need
        if judge_need(unit.text) == "vague":
            label = lex.search("diagnosis_label", unit.text)
            yield self.flag(unit, label=label.group(0) if label else "")


def judge_need(text: str) -> str:
    """``specific``, ``vague`` or ``not_a_need`` for one statement from Section B.

    Specific: it says what the child does or cannot yet do, with a detail (a
    second behaviour, a count or score, or when and where it happens). Not a
    need: nothing in it is a difficulty and it speaks of a strength, the family or a
    language spoken at home; or it tells history (when a diagnosis or referral was made).
    Vague: a difficulty named or generalised ("has ASD", "finds writing difficult").

    Example:
        >>> judge_need("Sam finds it hard to stay seated on the carpet when the class is noisy.")
        'specific'
        >>> judge_need("Sam has ADHD.")
        'vague'
        >>> judge_need("Sam loves football and is a loyal friend.")
        'not_a_need'
    """
    lex = lexicon()
    difficulty = lex.search("need_cue", text) or lex.search("diagnosis_label", text)
    if not difficulty and (len(text.split()) < 4 or lex.search("not_need_marker", text)):
        return "not_a_need"  # a strength, the family, a language, or a fragment ("Reading")
    if describes_impact(text):
        return "specific"
    if lex.search("need_history", text) and lex.search("date", text):
        return "not_a_need"
    return "vague"


def needs_tagging(text: str) -> bool:
    """Will judging this need statement look at its verbs? Not when a phrase settles it or it names no difficulty."""
    lex = lexicon()
    return not lex.search("need_impact", text) and bool(lex.search("need_cue", text)
                                                        or lex.search("diagnosis_label", text))


def describes_impact(text: str) -> bool:
    """Does a need statement say what the child does, or cannot yet do, rather than only name a need?

    True when a phrase from ``need_impact`` is present ("cannot yet blend
    sounds", "a standard score of 72"); or the child is described doing two
    things; or doing one thing (or reacting: "becomes distressed") with a count,
    a time or a setting ("has hit other pupils six times since September",
    "finds it hard to stay focused in a noisy classroom").
    """
    lex = lexicon()
    if lex.search("need_impact", text):
        return True
    actions = concrete_behaviours(text) + (1 if lex.search("need_reaction", text) else 0)
    detail = lex.search("observed_quantity", text) or lex.search("need_condition", text)
    return actions >= 2 or (actions == 1 and bool(detail))


_FINITE = frozenset({"VBZ", "VBD", "VBP"})
_AUXILIARY_BEFORE_BASE = frozenset({"can", "ca", "cannot", "does", "did", "do", "will", "would", "could", "wo"})


def concrete_behaviours(text: str) -> int:
    """How many verbs describe something the child does (not has/needs/struggles/affects...).

    Finite verbs count, and so does what a difficulty is about ("finds it hard
    *to stay* seated", "difficulty *following* instructions"). Other infinitives
    and participles used as adjectives ("adapted", "associated") do not. Uses the
    tagger when the English model is installed; without it only the word lists
    count (returns 0).
    """
    if not has_model():
        return 0
    lex = lexicon()
    generic, frame = lex.words("generic_need_verb_lemmas"), lex.words("difficulty_frame")
    count = 0
    for token in parse(text):
        if token.pos_ != "VERB" or token.lemma_.lower() in generic:
            continue
        window = token.doc[max(0, token.i - 6):token.i]
        before = [t.lower_ for t in window if t.lower_ not in ("not", "n't", "yet")]
        if token.tag_ in _FINITE or (token.tag_ == "VBN" and before[-1:] and before[-1] in ("has", "have", "had")) \
                or (token.tag_ == "VB" and before[-1:] and before[-1] in _AUXILIARY_BEFORE_BASE) \
                or (token.tag_ in ("VB", "VBG") and any(w in frame for w in before[-5:])):
            count += 1
    return count


def areas_in(unit: SectionUnit) -> dict[str, list[Statement]]:
    """Statements of a section grouped by area of need: the sub-heading if any, else by key words."""
    grouped: dict[str, list[Statement]] = {}
    for statement in unit.statements:
        for area in [statement.area] if statement.area else guess_areas(statement.text):
            grouped.setdefault(area, []).append(statement)
    return grouped


def guess_areas(text: str) -> list[str]:
    """The broad areas of need a statement's words point to (may be several, or none)."""
    lex = lexicon()
    return [area for area in _FOUR_AREAS if lex.search(f"area:{area}", text)]


class _GoldenThread(Rule):
    """Each area of need in B should have provision in F / an outcome in E (CoP 9.68)."""

    scope = "plan"
    target = "F"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        b, other = ctx.sections.get("B"), ctx.sections.get(self.target)
        if not b or not other or not b.statements:
            return
        covered = areas_in(other)
        for area, statements in areas_in(b).items():
            if area not in covered:
                first = statements[0]
                message = self.info.message.format(area=area.lower())
                yield self.flag(first, message, section="B", area=area)


@register("provision.unlinked_need")
class UnlinkedProvision(_GoldenThread):
    target = "F"


@register("outcome.unlinked_need")
class UnlinkedOutcome(_GoldenThread):
    target = "E"
