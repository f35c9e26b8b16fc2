"""Within-plan consistency: pasted passages, another child's name, dates out of order."""
from __future__ import annotations

import re
from datetime import date
from collections import Counter, defaultdict
from typing import Iterable

from ..base import Context, Rule, register
from ..dates import dates_of_birth, find_dates, impossible_dates, labelled_date
from ..lexicon import lexicon
from ..statements import clause_spans, sentence_spans
from ...model import Flag

_MIN_WORDS = 6
_MIN_SECTION_WORDS = 12


def _re(name: str) -> re.Pattern[str]:
    """A pattern from ``lexicons.json`` (the running rule must declare it in its ``uses``)."""
    return lexicon().pattern(name)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


@register("plan.copied_text")
class CopiedText(Rule):
    """The same sentence pasted into several outcomes, needs or provision items is boilerplate, not a plan."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        seen: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
        for key, section in ctx.sections.items():
            if key not in ("A", "B", "E", "F"):
                continue
            for statement in section.items:
                for s, e in clause_spans(statement.text):
                    sentence = statement.text[s:e]
                    if len(sentence.split()) >= _MIN_WORDS:
                        seen[_normal(sentence)].append((key, statement.start + s, statement.start + e, sentence))
        for places in seen.values():
            if len(places) < 2:
                continue
            where = ", ".join(sorted({k for k, *_ in places}))
            for key, start, end, sentence in places[1:]:
                yield self.flag(None, f"{self.info.message} (it appears {len(places)} times, in {where}).",
                                evidence=sentence, start=start, end=end, section=key, copies=len(places))
        yield from self._copied_sections(ctx)

    def _copied_sections(self, ctx: Context) -> Iterable[Flag]:
        """A whole section pasted into another ("Section G" repeating "Section C", E repeating F)."""
        texts = [(k, u.text.strip(), _normal(u.text)) for k, u in ctx.sections.items()
                 if len(_normal(u.text).split()) >= _MIN_SECTION_WORDS]
        for i, (key, text, normal) in enumerate(texts):
            for other, _, other_normal in texts[:i]:
                if normal == other_normal or normal in other_normal or other_normal in normal:
                    start = ctx.sections[key].text.index(text)
                    yield self.flag(None, f"Section {key} repeats Section {other} word for word: write each "
                                    "section for its own purpose.", evidence=text[:200], start=start,
                                    end=start + min(len(text), 200), section=key, copy_of=other)
                    break


@register("plan.other_child_name")
class OtherChildName(Rule):
    """A first name used as the child's that is not the child's: a sentence pasted from another child's plan.

    The child's name comes from the front page (else the name most needs and
    outcomes are about). A candidate is a capitalised word that begins a
    clause and is followed by a verb or a possessive ("Milo eats …",
    "By July, Oscar will …", "Imani's reading …") in Sections B, E or F. It is
    not another child's name if it is a parent's, is never used as a name
    elsewhere in the plan ("Maths", "Lego" also appear in lower case or in the
    word list ``not_names``), follows a title or relation ("Mrs Hussain",
    "his brother Sam") or is introduced with a role ("Jo, the ELSA").
    """

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        lex = lexicon()
        plan_text = "\n".join(u.text for u in ctx.sections.values())
        front = ctx.front
        child = set(front.child_names) if front and front.child_names else set()
        candidates = [(key, s, m) for key in _CHILD_SECTIONS if key in ctx.sections
                      for s in ctx.sections[key].items for m in _re("clause_subject").finditer(s.text)]
        if not child:  # no front page: the name most statements are about is the child's
            counts = Counter(m.group("name") for *_, m in candidates)
            child = {counts.most_common(1)[0][0]} if counts else set()
        known = child | (set(front.parent_names) if front else set())
        words = Counter(_WORD.findall(plan_text))  # counted once: a plan may have hundreds of candidates
        places: dict[str, list[tuple[int, int]]] = defaultdict(list)  # where each capitalised word is
        for match in _CAPITALISED.finditer(plan_text):
            places[match.group(0)].append(match.span())
        judged: set[str] = set()
        for key, statement, match in candidates:
            name = match.group("name")
            if not (match.group("poss") or lex.pattern("subject_verbs", anchored=True).match(match.group("next"))):
                continue  # "Access to …", "Small group …": a capitalised word, not a subject
            if name in judged:
                continue
            judged.add(name)
            if (name in known or lex.search("not_names", name) or words[name.lower()]
                    or _introduced(name, plan_text, places)):
                continue
            uses = words[name]
            first = front.first_name if front and front.first_name else next(iter(sorted(child)), "the child")
            times = "once" if uses == 1 else f"{uses} times"
            yield self.flag(statement, f"{self.info.message} ('{name}' appears {times} in a plan about {first}).",
                            name=name, uses=uses)


_CHILD_SECTIONS = ("B", "E", "F")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def _introduced(name: str, text: str, places: dict[str, list[tuple[int, int]]]) -> bool:
    """Is ``name`` someone other than the child: after a title or relation, or with a role beside it?"""
    lex = lexicon()
    for start, end in places.get(name, ()):
        before, after = text[max(0, start - 30):start], text[end:end + 40]
        if lex.search("name_introducer", before.split("\n")[-1]) or \
                lex.pattern("name_role", anchored=True).match(after):
            return True
    return False


@register("plan.pronoun_mismatch")
class PronounMismatch(Rule):
    """A sentence about the child that uses the other pronoun from the rest of the plan ("Maya … he"):
    usually text pasted from another child's plan and not fully edited."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        front = ctx.front
        names = set(front.child_names) if front and front.child_names else set()
        if not names:
            return
        found = []
        for key in _CHILD_SECTIONS + ("A", "C", "D"):
            for statement in ctx.sections[key].items if key in ctx.sections else ():
                for s, e in sentence_spans(statement.text):
                    pronoun = _pronoun_for_child(statement.text[s:e], names)
                    if pronoun:
                        found.append((statement, pronoun, statement.text[s:e]))
        counts = Counter(p for _, p, _ in found)
        if len(counts) < 2 or sum(counts.values()) < _MIN_PRONOUNS:
            return
        usual, usual_n = counts.most_common(1)[0]
        if usual_n / sum(counts.values()) < 0.8:
            return  # no clear usual pronoun (or the child's pronouns genuinely vary): leave to the auditor
        for statement, pronoun, sentence in found:
            if pronoun != usual:
                yield self.flag(statement, f"{self.info.message} (the plan usually says '{_SAY[usual]}', this "
                                f"sentence '{_SAY[pronoun]}').", usual=usual, found=pronoun)


_MIN_PRONOUNS = 4
_SAY = {"m": "he/his", "f": "she/her"}


def _pronoun_for_child(sentence: str, names: set[str]) -> str | None:
    """'m' or 'f' when the sentence starts with the child's name and its first pronoun, with no other
    person named before it, refers back to the child."""
    first = re.match(r"\s*(?:By [^,]{1,40}, |In [^,]{1,40}, |When [^,]{1,40}, )?([A-Z][\w'’-]+)", sentence)
    if not first or first.group(1).rstrip("'’s") not in names and first.group(1) not in names:
        return None
    pronoun = _re("gendered_pronoun").search(sentence, first.end())
    if not pronoun or lexicon().search("adult_speaker", sentence[first.end():pronoun.start()]) or \
            re.search(r"\b[A-Z][a-z]+\b", sentence[first.end():pronoun.start()]):
        return None
    return "m" if pronoun.group("m") else "f"


@register("plan.dates_out_of_order")
class DatesOutOfOrder(Rule):
    """Advice dated after the plan it informed, or a date of birth after the plan's date, is a slip to correct."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        plan_date = ctx.plan_date
        if not isinstance(plan_date, date):
            return
        for statement in ctx.advice_statements():
            for found, when in find_dates(statement.text):
                if when > plan_date:
                    yield self.flag(statement, f"{self.info.message}: advice dated {found} is later than the plan "
                                    f"({plan_date:%-d %B %Y}).", plan_date=plan_date.isoformat(),
                                    advice_date=when.isoformat())
                    break
        birth = ctx.front.get("date_of_birth") if ctx.front else ""
        born = find_dates(birth)
        if born and born[0][1] >= plan_date:
            yield self.flag(None, f"{self.info.message}: the date of birth ({born[0][0]}) is not before the plan's "
                            f"date ({plan_date:%-d %B %Y}).", evidence=born[0][0], start=0, end=0, section="A")


@register("document.dates_inconsistent")
class DatesInconsistent(Rule):
    """Dates that cannot all be right within one document: a date no calendar has ("31 November 2023"),
    two different dates of birth for the child, or advice describing an observation or meeting after the
    date the report itself gives."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        places = _places(ctx)
        reported: set[str] = set()
        for key, text in places:
            for start, end, found in impossible_dates(text):
                if found not in reported:
                    reported.add(found)
                    yield self.flag(None, f"{self.info.message}: {found} is not a date in any calendar.",
                                    evidence=found, start=start, end=end, section=key, problem="impossible")
        births: dict = {}
        for key, text in places:
            for start, end, found, when in dates_of_birth(text):
                births.setdefault(when, (key, start, end, found))
        if len(births) > 1:
            (_, first), (key, start, end, found) = list(births.items())[0], list(births.values())[1]
            yield self.flag(None, f"{self.info.message}: the date of birth is given as {first[3]} and as {found}.",
                            evidence=found, start=start, end=end, section=key, problem="dates_of_birth",
                            dates=[d.isoformat() for d in births])
        if ctx.kind == "advice":
            yield from self._events_after_report(ctx, places)

    def _events_after_report(self, ctx: Context, places: list[tuple[str, str]]) -> Iterable[Flag]:
        lex = lexicon()
        dated = next((d for _, text in places if (d := labelled_date(text, "document_date"))), None)
        if not dated:
            return
        report = dated[3]
        for unit in ctx.sections.values():
            for statement in unit.items:
                if not lex.search("dated_event", statement.text) or lex.search("future_marker", statement.text):
                    continue
                later = [(found, when) for found, when in find_dates(statement.text) if when > report]
                if later:
                    found, when = later[0]
                    yield self.flag(statement, f"{self.info.message}: the report is dated {dated[2]} but describes "
                                    f"something on {found}, after it.", problem="event_after_report",
                                    report_date=report.isoformat(), event_date=when.isoformat())
                    return


def _places(ctx: Context) -> list[tuple[str, str]]:
    """Each text the document gives, by section (the front page counts as A in a plan)."""
    places = [(key, unit.text) for key, unit in ctx.sections.items()]
    if ctx.preamble and not any(ctx.preamble[:200] in text for _, text in places):
        places.insert(0, ("A" if ctx.kind == "plan" else next(iter(ctx.sections), "A"), ctx.preamble))
    return places
