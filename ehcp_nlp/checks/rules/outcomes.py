"""Section E: is each outcome SMART, is it really an outcome, does it follow from the aspirations?"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ...nlp import has_model, parse
from ..base import Context, Rule, SectionUnit, register
from ..lexicon import lexicon
from ...model import Flag, Statement
from ..statements import gives_time_frame

_LETTERS = {"S": "no specific behaviour the child will show", "M": "no measurable criterion",
            "T": "no time frame"}
_ACTION_TAGS = frozenset({"VB", "VBZ", "VBP", "VBD"})  # what the child does; not "learning", "following"
_CONTENT = re.compile(r"[a-z]{4,}")
_END_OF = re.compile(r"\b(by|before|at) (?:the )?end (?!of\b)", re.I)  # telegraphic "by end KS2"
_ITEM_NUMBER = re.compile(r"^\s*\(?(?:[A-Z]{1,2}\s?)?\d{1,2}(?:\.\d{1,2})?[a-z]?(?:[.):]|\s*\|)\s*")


def _re(name: str) -> re.Pattern[str]:
    """A pattern from ``lexicons.json`` (the running rule must declare it in its ``uses``)."""
    return lexicon().pattern(name)


def smart_missing(text: str) -> list[str]:
    """Which of S, M, T an outcome lacks (empty when it is SMART).

    Example:
        >>> smart_missing("By July 2027 Ava will read 50 words accurately.")
        []
        >>> smart_missing("Ava will improve her reading in Year 4.")
        ['S', 'M', 'T']
    """
    lex = lexicon()
    whole, text = text, _ITEM_NUMBER.sub("", text)  # "E1 | Sam will …": the number is no measure
    missing = []
    behaviour = has_specific_behaviour(text)
    if not behaviour:
        missing.append("S")
    without_time = lex.pattern("stage_reference").sub(" ", lex.pattern("time_frame").sub(" ", text))
    without_time = lex.pattern("comparative").sub(" ", without_time)  # "more independently" is no criterion
    # a task the child can or cannot yet do is its own criterion ("will make his own way to school"),
    # unless it is a matter of degree ("will read more words")
    if not lex.search("criterion", without_time) and not (behaviour and not _graded(text)):
        missing.append("M")
    if not lex.search("time_frame", _END_OF.sub(r"\1 the end of ", text)) and not _dated(whole):
        missing.append("T")  # ("by end Y7" is read as "by the end of Year 7")
    return missing


def _dated(text: str) -> bool:
    """Does the outcome carry a date that can only be its deadline ("by her fourth birthday in March 2026",
    "when she sits it in June 2026", "31.07.26 – Leo will …")? A date after "from", "since", "following",
    "baseline", a report or an assessment, or followed by a verb in the past tense, is where the child
    started, not when the outcome is due."""
    lex = lexicon()
    dates = [*lex.findall("date", text), *lex.findall("season_year", text)]
    past = [t.idx for t in parse(text) if t.tag_ == "VBD"] if dates and has_model() else []
    for found in dates:
        if lex.search("date_not_deadline", text[max(0, found.start() - _DATE_CUE_CHARS):found.start()]):
            continue
        if any(found.end() < i <= found.end() + _DATE_CUE_CHARS for i in past):
            continue  # "In September 2024 Gabriela joined the resource base": what happened then
        return True
    return False


_DATE_CUE_CHARS = 30  # how far before a date a word saying it is a start or a source is looked for


def _graded(text: str) -> bool:
    """Is what the outcome asks for a matter of degree with no yardstick: "read more words", "a wider
    vocabulary", "calmer", "for most of the day", "consistently"? With the English model any comparative or
    superlative counts, but not one that sets a bound ("at least", "no more than", "more than 3"), names a
    person ("her younger brother") or starts a compound ("lower-case"); without the model, the word list."""
    if lexicon().search("measurable_degree", text):
        return True
    if not has_model():
        return False
    tokens = parse(text)
    return any(t.tag_ in _GRADED_TAGS and t.lemma_.lower() not in _RELATIONS
               and not (t.i > 0 and t.doc[t.i - 1].lower_ in ("at", "no", "not"))
               and not (t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("than", "-")) for t in tokens)


_GRADED_TAGS = frozenset({"JJR", "RBR", "JJS", "RBS"})
_RELATIONS = frozenset({"old", "young", "elder"})  # "her younger brother" names a person, not a degree


def has_specific_behaviour(text: str) -> bool:
    """Does the outcome name something the child will do (a concrete verb), not just "improve"?

    Vague phrases ("be supported to", "manage his anxiety", "make progress")
    are set aside first; a passive verb ("will be reviewed") is not the
    child's behaviour. With the English model the remaining verbs are found
    by their part of speech; without it, the verb after "will"/"to" is used.
    """
    lex = lexicon()
    vague, light = lex.words("vague_verb_lemmas"), lex.words("light_verb_lemmas")
    hidden = [m.span() for m in lex.findall("vague_outcome_verb", text)]
    hidden += [m.span() for m in lex.findall("time_frame", text)]  # "by the time she starts Year 7": no deed
    abstract = _abstract_object()
    bare, scored_on, qualified = _score_patterns()
    attainment = lex.words("attainment_verb_lemmas")

    def bare_score(end: int) -> bool:
        """A bare score after the verb ("achieve 4 out of 5"), not one on a named assessment ("score 8 out of
        10 on her weekly spelling test"): a score, no deed."""
        score = bare.match(text, end)
        return bool(score) and not scored_on.match(text, score.end())

    def concrete(lemma: str, start: int, end: int) -> bool:
        """Not a vague verb, and a light verb ("make", "achieve", "know") only with a concrete object."""
        if lemma in attainment and qualified.match(text, end):
            return True  # "gain the Level 1 Award in British Sign Language", "achieve a grade 4 in GCSE maths"
        if lemma in vague or any(a <= start < b for a, b in hidden):
            return False
        return lemma not in light or (lemma not in ("be", "become") and not abstract.match(text, end)
                                      and not (lemma in attainment and bare_score(end)))

    if has_model():
        comparatives = lexicon().words("comparative_words")
        return any(t.pos_ == "VERB" and (t.tag_ in _ACTION_TAGS or t.tag_ == "VBN" and _perfect(t) or _by_doing(t))
                   and concrete(t.lemma_.lower(), t.idx, t.idx + len(t))
                   and not (t.lemma_.lower() in _SHOWING and (_next_word(t).lower_ in comparatives
                                                              or abstract.match(" " + _next_word(t).text)))
                   for t in parse(text))
    stop = lexicon().words("not_action_words")
    return any(m.group(1).lower() not in stop and concrete(m.group(1).lower(), m.start(1), m.end(1))
               for m in _re("will_verb").finditer(text))


_SHOWING = frozenset({"show", "demonstrate", "display"})  # "show an improvement", "demonstrate an awareness"


def _next_word(token):
    """The word after ``token``, past any article, possessive, figure or adjective ("show an improvement",
    "show her progress", "show a 50% improvement", "show significant progress")."""
    doc, i = token.doc, token.i + 1
    while i < len(doc) - 1 and (doc[i].tag_ in ("DT", "PRP$", "CD", "JJ") or doc[i].text == "%"):
        i += 1
    return doc[i] if i < len(doc) else token


def _by_doing(token) -> bool:
    """A gerund that says what the child will do: "… by using kind hands", "…, using 10 signs a day",
    "will be attending a full timetable"."""
    if token.tag_ != "VBG" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.lower_ in ("by", ",") or (before.lemma_ == "be" and token.i > 1
                                            and token.doc[token.i - 2].lower_ == "will")


def _perfect(token) -> bool:
    """A past participle after "have" ("will have achieved") is the child's doing, not a passive."""
    return token.i > 0 and token.doc[token.i - 1].lemma_.lower() == "have"


@lru_cache(maxsize=1)
def _score_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A criterion right after a verb; a named assessment or a qualification shortly after it."""
    lex = lexicon()
    return (re.compile(r"\s+(?:" + lex.pattern("criterion").pattern + ")"),
            re.compile(r"[^.;|]{0,30}?" + lex.pattern("assessment_on").pattern, re.I),
            re.compile(r"[^.;|]{0,40}?" + lex.pattern("qualification").pattern, re.I))


@lru_cache(maxsize=1)
def _abstract_object() -> re.Pattern[str]:
    """What follows a light verb when the outcome is vague: "make (good) progress", "achieve his potential"."""
    words = "|".join(lexicon().words("abstract_object"))
    return re.compile(rf"\s+(?:(?:his|her|their|my|your|a|an|the|some|good|further|more|better|real|expected)\s+)*"
                      rf"(?:{words})\b", re.I)


@register("outcome.not_smart")
class NotSmart(Rule):
    """An outcome must be specific, measurable and time-bound (CoP 9.66)."""

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        missing = smart_missing(unit.text)
        if "T" in missing and unit.heading and gives_time_frame(unit.heading):
            missing.remove("T")  # "Outcomes for the end of Key Stage 2:" gives the items under it their time frame
        if missing:
            gaps = "; ".join(_LETTERS[m] for m in missing)
            yield self.flag(unit, f"{self.info.message} ({''.join(missing)} missing: {gaps}).",
                            missing=missing)


@register("outcome.is_provision")
class IsProvision(Rule):
    """An outcome is a change for the child, not support adults will give (CoP 9.66)."""

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        found = lexicon().search("outcome_as_provision", unit.text)
        if found and not _outcome_follows(unit.text[found.end():]):
            yield self.flag(unit, phrase=found.group(0))


def _outcome_follows(rest: str) -> bool:
    """'Staff will teach Ivy … so that by July she will …': the support leads to a SMART outcome."""
    purpose = _re("purpose_clause").search(rest)
    return bool(purpose) and not smart_missing(rest[purpose.start():])


@register("outcome.not_aspiration_linked")
class NotAspirationLinked(Rule):
    """Outcomes should build towards the aspirations in Section A (CoP 9.65-9.66)."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        a, e = ctx.sections.get("A"), ctx.sections.get("E")
        if not a or not e or not e.statements:
            return
        aspirations = _aspiration_words(a)
        if not aspirations:
            return
        linked = [s for s in e.statements if aspirations & _words(s.text)]
        if not linked:
            yield self.flag(e.statements[0])


def _aspiration_words(a: SectionUnit) -> set[str]:
    words: set[str] = set()
    for statement in a.statements:
        if lexicon().search("aspiration", statement.text):
            words |= _words(statement.text)
    return words


def _words(text: str) -> set[str]:
    common = lexicon().words("common_words")
    return {w for w in _CONTENT.findall(text.lower()) if w not in common}
