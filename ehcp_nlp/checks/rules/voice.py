"""Section A: the child's own voice, the parents' views and aspirations (CoP 9.61, 9.65)."""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator

from ...frontpage import FrontPage
from ...nlp import has_model, parse
from ..base import Context, Rule, SectionUnit, register
from ..lexicon import lexicon
from ...model import Flag
from ..statements import split_sentences

_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]"
                    r"|(?<![A-Za-z])['‘]((?:[^'’]|(?<=[A-Za-z])['’](?=[A-Za-z])){6,})['’](?![A-Za-z])")
_ATTRIBUTION_WINDOW = 100
_HEADING_WORDS = 10
_NAME = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr)?\.? ?[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?")
_THAT = re.compile(r"\bthat\b")  # "Mum tells us that Harry says": the speaker is Harry


#: the child's and the parents' names from the front page, while one text is judged
_PEOPLE: ContextVar[tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = ContextVar("_PEOPLE", default=(None, None))


def _re(name: str) -> re.Pattern[str]:
    """A pattern from ``lexicons.json`` (the running rule must declare it in its ``uses``)."""
    return lexicon().pattern(name)


@contextmanager
def _people(front: FrontPage | None) -> Iterator[None]:
    def pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
        return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None

    token = _PEOPLE.set((pattern(front.child_names), pattern(front.parent_names)) if front else (None, None))
    try:
        yield
    finally:
        _PEOPLE.reset(token)


def _adult(text: str) -> bool:
    """Does ``text`` name a parent or professional ("Mum", "his tutor", or a parent named on the front page)?"""
    parents = _PEOPLE.get()[1]
    return bool(lexicon().search("adult_speaker", text) or (parents and parents.search(text)))


def child_voice_evidence(text: str, front: FrontPage | None = None) -> tuple[int, int] | None:
    """The span of the first line that gives the child's own words or shows what they communicated.

    Lines, not sentences, are judged, so a quotation of several sentences stays
    whole. A sub-heading naming an adult ("Nan's views", "What my family say")
    makes the lines under it that adult's, until the next sub-heading; a
    heading in the first cell of a table row ("What I think | …") governs the
    rest of that row only. Headings are never evidence themselves. ``front``
    (the plan's front page) names the child and the parents.
    """
    with _people(front):
        return _first_voice_line(text)


def _first_voice_line(text: str) -> tuple[int, int] | None:
    offset, section = 0, None
    for line in text.split("\n"):
        heading = _speaker_heading(line)
        if heading is not None:
            section = heading
        elif line.strip() and _line_is_voice(line, section):
            return offset, offset + len(line)
        offset += len(line) + 1
    return None


def _line_is_voice(line: str, section: str | None) -> bool:
    label, bar, rest = line.partition(" | ")
    if bar and _speaker_heading(label) is not None:  # "What I think | Milo, his keyworker, said …"
        section, line = _speaker_heading(label), rest
    return _is_child_voice(line, section == "adult") or (section == "child_list" and _child_list_item(line))


def _child_list_item(line: str) -> bool:
    """Under "Things that help me:", a line that is not about the child in the third person is theirs."""
    child = _PEOPLE.get()[0]
    return not _re("third_person").search(line) and not _adult(line) and not (child and child.search(line))


def _speaker_heading(line: str) -> str | None:
    """Whose words follow a sub-heading.

    ``adult`` for "Nan's views" or "What my family say", ``child_list`` for
    "Things that help me" (short items under it are the child's), ``child`` for
    "The child's views", ``other`` for a heading that names no speaker
    ("Aspirations", "What I would like to achieve in the future"), else ``None``
    (not a heading).
    """
    lex = lexicon()
    text = line.strip().rstrip(":")
    if (not text or len(text.split()) > _HEADING_WORDS or text.endswith((".", "!", "?", ",", ";"))
            or _QUOTE.search(text) or not text[0].isupper()):
        return None
    if _re("views_word").search(text) and (_adult(text) or lex.search("parent_view", text)):
        return "adult"
    if lex.search("aspiration", text) and not lex.pattern("voice_heading", anchored=True).match(text):
        return "other"  # what the child hopes for is judged line by line, not as a list of their words
    if lex.pattern("voice_heading", anchored=True).match(text) or _re("child_heading_start").match(text):
        return "child_list" if lex.search("first_person", text) else "child"
    return None


_INLINE_PROMPT = re.compile(r"^\s*([^:'\"‘“]{3,60}):\s+(\S.*)$")
_SIGNATURE = re.compile(r"(?:\s[-–—]\s*(?P<dash>[^-–—()]{2,60})|\((?P<paren>[^()]{2,90})\)[.!]?)\s*$")
_ORGANISATION = re.compile(r"\b[Oo]ur (?:[A-Z][\w'’-]+ ){1,5}")


def _signature(line: str) -> str | None:
    """Who signed a line: "… - Sara's mum", "(Parent)", "(written by his key worker)" -> ``adult``;
    "… - Tyler, Year 5", "(Reuben, aged 9)" -> ``child``; no signature -> ``None``."""
    found = _SIGNATURE.search(line)
    if not found or not line[:found.start()].strip():
        return None
    who = _re("signed_by").sub("", (found.group("dash") or found.group("paren")).strip().rstrip("."), count=1)
    first = who.split(",")[0].strip()
    if not first or len(first.split()) > 5 or lexicon().search("reporting_verb", first):
        return None
    if _adult_named(first):
        return "adult"
    child = _PEOPLE.get()[0]
    return "child" if _re("child_signature").search(who) or (child and child.search(first)) else None


def _adult_named(text: str) -> bool:
    """A parent or professional named in ``text`` (not "we", "people", "everyone": a group may be the child's)."""
    lex = lexicon()
    parents = _PEOPLE.get()[1]
    generic = lex.words("generic_people")
    return any(m.group(0).lower() not in generic for m in lex.findall("adult_speaker", text)) \
        or bool(parents and parents.search(text))


def _speaks_of_child(line: str) -> bool:
    """Does the writer speak of someone as "he"/"she" without naming them first: the child, so the writer
    is an adult ("I am worried about how he will cope")? A child's "Mr P is kind, he helps me" names him first."""
    pronoun = _re("third_singular").search(line)
    if not pronoun:
        return False
    before = line[:pronoun.start()]
    if _adult_named(before) or _PEOPLE.get()[0] and _PEOPLE.get()[0].search(before):
        return False
    words = re.findall(r"(?:^|[.!?]\s+|\s)([A-Z][\w'’-]*)", before)
    starts = {m.group(1) for m in re.finditer(r"(?:^|[.!?:;]\s+)\W*([A-Z][\w'’-]*)", before)}
    named = [w for w in words if w not in ("I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll")
             and not (w in starts and w.lower() in lexicon().words("sentence_openers"))]
    return not named


def _told_to(sentence: str, first: re.Match[str]) -> bool:
    """"… if the teacher tells me the words": the narrator is the one told, not the one reporting."""
    verbs = lexicon().findall("reporting_verb", sentence[:first.start()])
    return first.group(0).lower() == "me" and bool(verbs) and not sentence[verbs[-1].end():first.start()].strip()


def _practitioner(text: str) -> bool:
    """A professional writing as themselves ("I will give more time for children to answer", "my class")."""
    return bool(lexicon().search("practitioner_first_person", text))


def _group_voice(sentence: str) -> bool:
    """Young people speaking as "we" ("No one we know has a paid job"), not a family, an organisation or
    adults asking the child ("Tell us what you enjoy")."""
    return bool(_re("first_person_plural").search(sentence)) and not _re("second_person").search(sentence) \
        and not _adult_named(sentence) \
        and not _ORGANISATION.search(sentence) \
        and not _re("third_singular").search(sentence) and not lexicon().search("parent_first_person",
                                                                         _re("first_person_plural").sub(" ", sentence))


def _own_view(line: str) -> bool:
    """A view given first-hand without "I": an imperative ("Respect different disabilities", "Let me decide"),
    a wish or complaint ("Having things to do at break", "Not being included in reviews") or a judgement of what
    others should do ("All teachers need training in autism"). Not when it speaks of the child in the third
    person ("Describe the child's strengths", "Give him time"), which is how prompts and adults write."""
    lex = lexicon()
    if _re("third_singular").search(line) or lex.search("third_party_child", line) \
            or line.rstrip().endswith((":", "?")):
        return False
    child = _PEOPLE.get()[0]
    if child and child.search(line):
        return False
    if lex.search("opinion_about_others", line):
        return True
    if not has_model():
        return False
    for sentence in split_sentences(line):
        tokens = [t for t in parse(sentence) if not t.is_punct and not t.is_space]
        if not tokens or _re("second_person").search(sentence):
            continue  # "Tell us what you enjoy": a prompt to the child, not the child's words
        first = tokens[0]
        second = tokens[1].tag_ if len(tokens) > 1 else ""
        if first.tag_ == "VB" or first.lower_ in ("do", "don't", "please") and second in ("RB", "VB"):
            return True
        if first.tag_ == "VBG" or first.lower_ == "not" and second == "VBG":
            return True
        if any(t.tag_ == "VB" and t.i > 0 and t.doc[t.i - 1].text == "," for t in tokens[1:]):
            return True  # "If people have a passion for something, let them pursue that"
    return False


def _is_child_voice(line: str, adult_section: bool = False) -> bool:
    """Does this line quote the child, speak as the child, or report what the child communicated?"""
    lex = lexicon()
    line = lex.pattern("voice_heading").sub(" ", line)  # "In my own words:" is a heading, not words
    signed = _signature(line)
    if signed:
        return signed == "child"
    if lex.search("speculative_voice", line):
        adult_section = True  # "If Amir could tell you himself, I know he would say …": a guess on his behalf
    prompt = _INLINE_PROMPT.match(line)
    if prompt and lex.search("first_person", prompt.group(1)):  # "How best to communicate with me: …"
        rest = prompt.group(2)
        return _child_list_item(rest) and not _adult_named(rest) or _is_child_voice(rest, adult_section)
    for quote in _QUOTE.finditer(line):
        speaker = _quote_speaker(line, quote)
        before = line[:quote.start()]
        narrated = adult_section or bool(lex.search("parent_first_person", before)) or _practitioner(before)
        if speaker == "child" or (speaker is None and not narrated):
            return True
    unquoted = _QUOTE.sub(" ", line)
    # "I am Keeley's foster carer …": later "I"s are the carer's too; so are the "I"s of someone who
    # speaks of the child as "he" or writes as a professional
    adult_narrator = adult_section or _speaks_of_child(unquoted)
    for sentence in split_sentences(unquoted):
        # a bare "we" may be the young person's group ("Nobody we know has a job"): only a parent's marker counts
        marked = lex.search("parent_first_person", sentence if lex.search("first_person", sentence)
                            else _re("first_person_plural").sub(" ", sentence))
        adult_narrator = adult_narrator or bool(marked) or _practitioner(sentence)
        first = lex.search("first_person", sentence)
        if first and not adult_narrator and (_told_to(sentence, first) or not _adult_speaks(sentence, first.start())):
            return True
        if not adult_narrator and _group_voice(sentence):
            return True
    passive = _re("passive_before")
    if any(not passive.search(line[:m.start()]) and not _adult_speaks(line, m.start() + len(m.group(0).split()[0]))
           for m in lex.findall("child_reported", line)):  # the speaker of the match's first word, its verb
        return True
    # what a non-verbal child showed ("he smiles and vocalises", "pushed the spoon away"): the doer is
    # whoever is named just before; an adult's observation notes ("The worker notes that he reaches …")
    # count only when the passage presents them as the child's views or choices
    if any(not _adult(line[max(0, m.start() - 25):m.start()])
           and (_re("shown_as_views").search(line) or not _adult_speaks(line, m.start()))
           for m in lex.findall("child_shows", line)):
        return True
    return not adult_section and _own_view(unquoted)


def _quote_speaker(line: str, quote: re.Match[str]) -> str | None:
    """Who said the quoted words: attribution before them ("Mum says: '…'") or after ("'…,' said Sol")."""
    window = split_sentences(line[max(0, quote.start() - _ATTRIBUTION_WINDOW):quote.start()])[-1]
    if lexicon().findall("reporting_verb", window) or ":" in window:
        if _adult_speaks(line, quote.start()):
            return "adult"
        # "children who don't think they are 'good children'": a group, not this child; "I am worried he
        # waits to 'settle'": the narrator, whoever that is
        subject = _speaker(line, quote.start())
        return None if lexicon().search("generic_recipient", subject) or lexicon().search("first_person", subject) \
            else "child"
    after = _re("after_quote").match(line, quote.end())
    if after:
        subject = after.group("subject") or after.group("subject2")
        return "adult" if _adult(subject) else "child"
    return None


def _previous_subject(text: str, position: int) -> str:
    """The first words of the sentence before the one at ``position`` (to resolve "she", "he")."""
    sentences = split_sentences(text[:position])
    return " ".join(sentences[-2].split()[:4]) if len(sentences) > 1 else ""


def _adult_speaks(text: str, position: int) -> bool:
    """Is the speaker of the words at ``position`` a parent or professional rather than the child?

    The speaker is the subject of the last reporting verb before the words
    ("Mum says: …", "Maisie told her teacher: …"), or, with no verb, whoever
    a label names ("From Mrs Hussain: …", "TA comment: …").
    """
    subject = _speaker(text, position)
    return bool(_adult(subject) or lexicon().search("parent_first_person", subject))


def _speaker(text: str, position: int) -> str:
    """The words naming whoever says the words at ``position`` (see :func:`_adult_speaks`); may be empty."""
    lex = lexicon()
    window = split_sentences(text[max(0, position - _ATTRIBUTION_WINDOW):position])[-1]
    verbs = lex.findall("reporting_verb", window)
    if verbs:
        parts = _re("clause_break").split(_THAT.split(window[:verbs[-1].start()])[-1])
        if not parts[-1].strip():  # "Maisie, who is 4, told …" / "Charlie, Ellis's keyworker, said …"
            parts = [" ".join(" ".join([p for p in parts if p.strip()][:2]).split()[:6])]  # subject + apposition
        elif len(parts) > 1 and _NAME.fullmatch(parts[-1].strip()):  # "Charlie's foster carer, Laura told …"
            parts = [parts[-2] + " " + parts[-1]]
        subject = " ".join(parts[-1].split()[-4:])  # "Mum reports that Ali told …": the words before the verb
        if _re("subject_pronoun").fullmatch(subject.strip()):  # "She feels …": whoever the sentence before was about
            subject = _previous_subject(text, position)
        return subject
    # only a label names a speaker without a verb: "From Mrs Hussain: …", "TA comment: …"
    return window if _re("speaker_label").search(window) else ""




@register("child_voice.missing")
class ChildVoiceMissing(Rule):
    """Section A should give the child's or young person's views in their own words (CoP 9.61)."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if not unit.text.strip():
            return
        refusal = lexicon().search("no_views", unit.text)
        if child_voice_evidence(_without_refusals(unit.text), ctx.front) is None:
            evidence = refusal.group(0) if refusal else unit.text[:200]
            start = refusal.start() if refusal else 0
            yield self.flag(unit, evidence=evidence, start=start, end=start + len(evidence))


def _without_refusals(text: str) -> str:
    """The text with sentences saying the child's views were not given blanked (offsets kept), unless their line
    quotes the child: "She chose not to share her views" is not her voice, but the next sentence may be."""
    no_views = lexicon().pattern("no_views")
    return "\n".join(_blank_refusals(line, no_views) if no_views.search(line) and not _QUOTE.search(line) else line
                     for line in text.split("\n"))


def _blank_refusals(line: str, no_views: re.Pattern[str]) -> str:
    """Blank the sentences of ``line`` that say no views were given (offsets kept); the rest may still be views."""
    out, position = [], 0
    for sentence in split_sentences(line):
        start = line.index(sentence, position)
        out.append(line[position:start] + (" " * len(sentence) if no_views.search(sentence) else sentence))
        position = start + len(sentence)
    return "".join(out) + line[position:]


class _PassageMustMention(Rule):
    """A whole Section A should mention something (parents' views, aspirations)."""

    scope = "section"
    entry = ""

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if unit.text.strip() and not lexicon().search(self.entry, unit.text):
            yield self.flag(unit, evidence=unit.text[:200], start=0, end=min(200, len(unit.text)))


@register("parent_view.missing")
class ParentViewMissing(_PassageMustMention):
    """Parents' views: said in words ("Mum says …"), under a heading of their own ("What my family say")
    with something beneath it, or by a parent named on the front page ("Louise and Liam describe …")."""

    entry = "parent_view"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if _parents_heard(unit.text, ctx.front):
            return
        yield from super().check(unit, ctx)


def _parents_heard(text: str, front: FrontPage | None) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    with _people(front):
        for i, line in enumerate(lines):
            label, bar, rest = line.partition(" | ")
            if (_speaker_heading(label) == "adult" and _re("family_word").search(label)
                    and (rest.strip() or any(lines[i + 1:i + 2]))):
                return True
        parents = _PEOPLE.get()[1]
        return bool(parents and any(lexicon().findall("reporting_verb", text[m.end():m.end() + 40])
                                    for m in parents.finditer(text)))


@register("aspirations.missing")
class AspirationsMissing(_PassageMustMention):
    entry = "aspiration"
