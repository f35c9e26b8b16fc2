"""Redact personal identifiers from a plan's text before it is exported.

One :class:`Redactor` serves one plan. It learns the child's and the family's
names, the date of birth, NHS number, UPN/ULN and address from the plan's
front page (:mod:`ehcp_nlp.frontpage`), finds other people with spaCy's named
entity recogniser (``PERSON``) and with titles ("Mrs Hussain", "Dr Owen"),
and finds identifiers that have a shape (NHS numbers, UPNs, postcodes, street
addresses, phone numbers, e-mail addresses, a date after "date of birth")
with the patterns in ``data/redaction.json``. Every identifier becomes a
placeholder that stays the same for the whole plan:

* the child (full name, any part of it, the name they are known by) is
  ``[CHILD]``; a possessive keeps its ending ("Kai's" → "[CHILD]'s");
* each parent or carer on the front page is ``[PARENT 1]``, ``[PARENT 2]`` …
  in the order the front page lists them, for the full name and for the first
  name alone;
* a surname shared by the child and a parent (or by two parents) is
  ``[FAMILY NAME]`` when it stands alone ("Mrs Okafor" → "Mrs [FAMILY NAME]");
  a surname only one of them has is that person's placeholder;
* anyone else is ``[PERSON 1]``, ``[PERSON 2]`` … numbered in order of first
  appearance; the full name, the surname after a title and the first name
  alone all keep the same number. Titles stay in the text ("Dr [PERSON 2]");
* ``[DATE OF BIRTH]``, ``[NHS NUMBER]``, ``[UPN]``, ``[ULN]``, ``[ADDRESS]``,
  ``[POSTCODE]``, ``[PHONE]``, ``[EMAIL]``.

Ordinary words stay: names are matched only as capitalised words (never
"may" or "will"), never inside phrases such as "Summer term" or "May 2025",
and a ``PERSON`` found by the model must look like a name, must not be a
word on the stop-list (months, "Mum", "Staff", subjects …), a known term
("Makaton", "Lego", "Zones of Regulation"), part of an organisation
("Linden Lodge School") or a word of the address or setting. Dates other
than the date of birth, ages, times and school names are kept.

Without the English model (not installed, or ``EHCP_NLP_NO_MODEL=1``) the
front page, titles and patterns still work and a :class:`ModelMissingWarning`
says so.

Example:
    >>> r = Redactor.from_front_page("Name: Kai Parker\\nDate of birth: 31 May 2008\\nParents: Lisa Parker")
    >>> r.redact("Kai's mum, Lisa, says Kai was born on 31/05/2008 and may start in May 2025.").text
    "[CHILD]'s mum, [PARENT 1], says [CHILD] was born on [DATE OF BIRTH] and may start in May 2025."
"""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable

from .frontpage import FrontPage, read_front_page
from .model import Plan
from .nlp import MODEL_PACKAGE, ModelMissingWarning, model_warning
from .resources import check_keys, compile_pattern, load_json

__all__ = ["Redacted", "Redactor", "Replacement", "plan_texts"]

_DATA = "redaction.json"
_KEYS = {"_comment", "placeholders", "patterns", "ignore_case", "postcode", "date", "months", "street_types",
         "phone_digits", "dob_templates", "dob_formats", "titles", "stop_words", "known_terms", "org_words",
         "word_names", "keep_phrases", "sentence_end_chars", "parent_split", "first_names", "relation_words",
         "template_words", "not_name_endings"}
#: Kinds of replacement, and which wins when two candidate spans of the same length overlap.
KINDS = ("email", "address", "date_of_birth", "uln", "nhs_number", "upn", "phone", "postcode",
         "child", "parent", "family", "person")
_NER_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_NER_CACHE_LIMIT = 20000


# --------------------------------------------------------------------------- results

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


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class _Rules:
    placeholders: dict[str, str]
    patterns: dict[str, re.Pattern[str]]
    phone_digits: tuple[int, ...]
    dob_templates: tuple[str, ...]
    dob_formats: tuple[str, ...]
    titles: frozenset[str]
    stop_words: frozenset[str]
    known_terms: re.Pattern[str] | None
    single_terms: frozenset[str]
    org_words: frozenset[str]
    street_types: frozenset[str]
    word_names: frozenset[str]
    first_names: frozenset[str]
    not_name_ending: re.Pattern[str]
    relation_words: frozenset[str]
    keep_phrases: re.Pattern[str] | None
    sentence_end: str
    parent_split: re.Pattern[str]
    name_word: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_json(_DATA)
    check_keys(_DATA, data, _KEYS, _KEYS - {"_comment"})
    fill = {"postcode": data["postcode"], "street_types": _alternation(data["street_types"]),
            "titles": _alternation(data["titles"]), "months": data["months"]}
    fill["date"] = data["date"].replace("{months}", data["months"])
    patterns = {}
    for name, raw in data["patterns"].items():
        for key, value in fill.items():
            raw = raw.replace("{" + key + "}", value)
        patterns[name] = compile_pattern(_DATA, raw, re.IGNORECASE if name in data["ignore_case"] else 0)
    terms = data["known_terms"]
    return _Rules(
        placeholders=dict(data["placeholders"]),
        patterns=patterns,
        phone_digits=tuple(data["phone_digits"]),
        dob_templates=tuple(data["dob_templates"]),
        dob_formats=tuple(data["dob_formats"]),
        titles=frozenset(data["titles"]),
        stop_words=frozenset(w.lower() for w in data["stop_words"] + data["template_words"]),
        known_terms=compile_pattern(_DATA, rf"(?<![\w-])(?:{_alternation(terms)})(?![\w-])") if terms else None,
        single_terms=frozenset(t.lower() for t in terms if " " not in t),
        org_words=frozenset(data["org_words"]),
        street_types=frozenset(data["street_types"]),
        word_names=frozenset(data["word_names"]),
        first_names=frozenset(data["first_names"]),
        not_name_ending=compile_pattern(_DATA, data["not_name_endings"]),
        relation_words=frozenset(w.lower() for w in data["relation_words"]),
        keep_phrases=compile_pattern(_DATA, "|".join(f"(?:{p})" for p in data["keep_phrases"]))
        if data["keep_phrases"] else None,
        sentence_end=data["sentence_end_chars"],
        parent_split=compile_pattern(_DATA, data["parent_split"]),
        name_word=compile_pattern(_DATA, data["patterns"]["name_token"], 0),
    )


@lru_cache(maxsize=1)
def _ner() -> Any:
    """spaCy's English model with only the entity recogniser, or ``None`` (with a warning)."""
    if os.environ.get("EHCP_NLP_NO_MODEL"):
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=3)
        return None
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, exclude=_NER_EXCLUDE)
    except (OSError, ImportError):
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=3)
        return None


def plan_texts(plan: Plan) -> list[str]:
    """Every text of a plan an export shows: the front page, then each section's and appendix's
    title and text, in order (empty texts left out)."""
    texts = [plan.preamble.full_text] if plan.preamble else []
    for sec in (*plan.sections.values(), *plan.appendices):
        texts += [sec.title, sec.full_text]
    return [t for t in texts if t]


# --------------------------------------------------------------------------- people

@dataclass(eq=False)
class _Person:
    kind: str  # child, parent, family, person
    number: int | None = None
    first: str | None = None
    last: str | None = None
    forms: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    person: _Person | None = None
    titled: bool = False  # a name after a title wins over a known form at the same place ("Mrs May")


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class Redactor:
    """Replaces one plan's personal identifiers with stable placeholders (see the module docstring)."""

    def __init__(self, front: FrontPage | None = None):
        self._r = _rules()
        self._front = front or FrontPage({})
        self._people: list[_Person] = []
        self._forms: dict[str, _Person] = {}
        self._upper: dict[str, _Person] = {}
        self._numbers = {"parent": 0, "person": 0}
        self._vocab: set[str] = set()
        self._ner_cache: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self._values: list[tuple[re.Pattern[str], str]] = []
        self._place_words: set[str] = set()
        self._used: dict[str, str] = {}
        self._family_from_front()
        self._values_from_front()

    # ------------------------------------------------------------------ construction

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

    def _family_from_front(self) -> None:
        r, front = self._r, self._front
        child = _Person("child")
        child_words = self._name_words(front.get("child_name"))
        known = [w for w in _WORD.findall(re.sub(r"\([^)]*\)", "", front.get("known_as")))  # "Tomek", "KJ"
                 if len(w) > 1 and w not in r.titles and (w in r.word_names or w.lower() not in r.stop_words)]
        if child_words:
            child.first, child.last = child_words[0], child_words[-1] if len(child_words) > 1 else None
        parents = []
        parts = [p for p in r.parent_split.split(re.sub(r"\([^)]*\)", "", front.get("parents"))) if p.strip()]
        names = [self._name_words(p) for p in parts]
        names = [n for n in names if n]
        for i, words in enumerate(names):
            if len(words) == 1:  # "Chiamaka and David Okafor": the first shares the last one's surname
                later = next((n for n in names[i + 1:] if len(n) > 1), None)
                if later:
                    words = words + [later[-1]]
                    names[i] = words
            self._numbers["parent"] += 1
            parents.append(_Person("parent", self._numbers["parent"], words[0],
                                   words[-1] if len(words) > 1 else None))
        surnames = [p.last for p in [child, *parents] if p.last]
        shared = {s for s in surnames if surnames.count(s) > 1}
        family = _Person("family") if shared else None
        for person, words in [(child, child_words), *zip(parents, names)]:
            if not words:
                continue
            self._people.append(person)
            self._add_form(" ".join(words), person)
            if person is child and known:
                self._add_form(" ".join(known), person)
                for w in known:
                    self._add_form(w, person)
            for w in words:
                if w == person.last and w in shared and family is not None:
                    continue
                self._add_form(w, person)
                for part in w.split("-") if "-" in w else ():
                    self._add_form(part, person)
        if family is not None:
            self._people.append(family)
            for s in sorted(shared):
                self._add_form(s, family)
        for name in self._r.parent_split.split(front.get("coordinator")):
            words = self._name_words(name)
            if len(words) > 1:
                self._person_for(words, titled=False)
        for key in ("address", "setting"):
            self._place_words.update(w for w in _WORD.findall(front.get(key)) if w[:1].isupper()
                                     and w not in r.street_types and w not in r.org_words)

    def _name_words(self, value: str) -> list[str]:
        r = self._r
        return [w for w in r.name_word.findall(re.sub(r"\([^)]*\)", "", value or ""))
                if w not in r.titles and (w in r.word_names or w.lower() not in r.stop_words)]

    def _values_from_front(self) -> None:
        front = self._front
        for kind in ("nhs_number", "upn", "uln"):
            value = front.get(kind)
            chars = re.sub(r"[\s-]", "", value)
            if re.search(r"\d", chars) and len(chars) >= 6:
                body = r"[\s-]?".join(re.escape(c) for c in chars)
                self._values.append((re.compile(rf"(?<![\w/]){body}(?![\w/])", re.I), kind))
        dob = front.get("date_of_birth")
        if dob:
            for pattern in self._dob_patterns(dob):
                self._values.append((pattern, "date_of_birth"))
        address = front.get("address")
        if address:
            parts = [p.strip() for p in re.split(r"\s*,\s*|\n", address) if p.strip()]
            sep = r"[\s,]+"
            alts = [sep.join(re.escape(p) for p in parts)]
            for n in range(len(parts) - 1, 0, -1):  # "12 Larch Close, Fennington" without the postcode
                if any(re.search(r"\d", p) for p in parts[:n]) and not parts[n - 1].isdigit():
                    alts.append(sep.join(re.escape(p) for p in parts[:n]))
            street = [p for p in parts if re.match(r"\d+[A-Za-z]?\s+\w", p)]
            alts += [re.escape(p) for p in street]
            body = "|".join(dict.fromkeys(a for a in alts if len(a) > 4))
            if body:
                self._values.append((re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I), "address"))

    def _dob_patterns(self, value: str) -> list[re.Pattern[str]]:
        day = _parse_date(value, self._r.dob_formats)
        out = []
        if day is not None:
            fill = {"d": str(day.day), "dd": f"{day.day:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
                    "month": day.strftime("%B"), "mon": day.strftime("%b"), "yyyy": str(day.year),
                    "yy": f"{day.year % 100:02d}"}
            for template in self._r.dob_templates:
                body = template
                for key in sorted(fill, key=len, reverse=True):
                    body = body.replace("{" + key + "}", fill[key])
                out.append(compile_pattern(_DATA, rf"(?<![\w/.-])(?:{body})(?![\w/]|[.-]\d)"))
        out.append(re.compile(rf"(?<!\w){re.escape(value.strip())}(?!\w)", re.I))
        return out

    # ------------------------------------------------------------------ people

    def _add_form(self, form: str, person: _Person) -> None:
        if form and form not in self._forms:
            self._forms[form] = person
            person.forms.add(form)
            self._upper.setdefault(form.upper(), person)

    def _person_for(self, words: list[str], titled: bool) -> _Person:
        """The person these name words refer to, registering a new one when needed."""
        full = " ".join(words)
        person = self._forms.get(full)
        if titled and len(words) == 1:  # "Mrs Okafor" is the family, "Mrs May" not the child May
            if person is not None and person.kind == "child" and person.last == full:
                return self._family()  # "Mr Parker": an adult with the child's surname
            if person is None or person.kind != "family" and person.last != full:
                person = next((p for p in self._people if p.last == full and p.kind == "person"), None)
                if person is None:
                    person = _Person("person", last=full)
                    self._people.append(person)
                    self._add_form(full, person)
                return person
        if person is None and len(words) == 1:
            word = words[0]
            if titled:
                person = next((p for p in self._people if p.last == word), None)
            if person is None:
                person = _Person("person", first=None if titled else word, last=word if titled else None)
                self._people.append(person)
        elif person is None:
            first, last = words[0], words[-1]
            person = next((p for p in self._people if p.kind == "person" and p.last == last
                           and p.first in (None, first)), None)
            if person is None:
                person = next((p for p in self._people if p.kind == "person" and p.first == first
                               and p.last is None), None)
            if person is None:
                owner = self._forms.get(last)
                if owner is not None and owner.kind != "person" and len(words) == 2 and \
                        self._forms.get(first) is owner:
                    person = owner
            if person is None:
                person = _Person("person")
                self._people.append(person)
            person.first = person.first or first
            person.last = person.last or last
        self._add_form(full, person)
        for w in words:
            if w.lower() not in self._r.stop_words:
                self._add_form(w, person)
        return person

    def _family(self) -> _Person:
        family = next((p for p in self._people if p.kind == "family"), None)
        if family is None:
            family = _Person("family")
            self._people.append(family)
        return family

    def _placeholder(self, person: _Person) -> str:
        if person.kind == "person" and person.number is None:
            self._numbers["person"] += 1
            person.number = self._numbers["person"]
        text = self._r.placeholders[person.kind].replace("{n}", str(person.number or ""))
        self._used[text] = person.kind
        return text

    def placeholders(self) -> dict[str, str]:
        """Every placeholder used so far, with its kind (for a legend), e.g. ``{"[PARENT 1]": "parent"}``."""
        return dict(self._used)

    # ------------------------------------------------------------------ redaction

    def redact(self, text: str) -> Redacted:
        """``text`` with this plan's identifiers replaced."""
        return self.redact_many([text])[0]

    def redact_many(self, texts: list[str]) -> list[Redacted]:
        """Redact several texts, running the entity recogniser over them in one batch."""
        for text in texts:  # lower-case words (not e-mail addresses) tell ordinary words from names
            self._vocab.update(re.findall(r"\b[a-zß-ÿ][a-zß-ÿ'’-]*", self._r.patterns["email"].sub(" ", text)))
        self._run_ner(texts)
        return [self._redact(text) for text in texts]

    def _redact(self, text: str) -> Redacted:
        spans = self._pattern_spans(text) + self._name_spans(text)
        rank = {k: i for i, k in enumerate(KINDS)}
        chosen: list[_Span] = []
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), not s.titled, rank[s.kind], s.start)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen):
                chosen.append(span)
        chosen.sort(key=lambda s: s.start)
        out, replacements, pos = [], [], 0
        for span in chosen:
            if span.person is not None:
                placeholder = self._placeholder(span.person)
            else:
                placeholder = self._r.placeholders[span.kind]
                self._used[placeholder] = span.kind
            out += [text[pos:span.start], placeholder]
            kind = span.person.kind if span.person is not None else span.kind
            replacements.append(Replacement(span.start, span.end, placeholder, kind))
            pos = span.end
        out.append(text[pos:])
        return Redacted("".join(out), tuple(replacements))

    def _pattern_spans(self, text: str) -> list[_Span]:
        p, spans = self._r.patterns, []
        for pattern, kind in self._values:
            spans += [_Span(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        for kind in ("email", "upn", "postcode"):
            spans += [_Span(m.start(), m.end(), kind) for m in p[kind].finditer(text)]
        spans += [_Span(m.start(), m.end(), "address") for m in p["street_address"].finditer(text)]
        spans += [_Span(m.start(), m.end(), "nhs_number") for m in p["nhs_number"].finditer(text)]
        spans += [_Span(m.start(1), m.end(1), "uln") for m in p["uln"].finditer(text)]
        spans += [_Span(m.start(1), m.end(1), "date_of_birth") for m in p["dob_labelled"].finditer(text)]
        for m in p["phone"].finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if m.group().startswith("+44"):
                digits = "0" + digits[2:].lstrip("0")
            if len(digits) in self._r.phone_digits:
                spans.append(_Span(m.start(), m.end(), "phone"))
        return spans

    # ------------------------------------------------------------------ names

    def _known_names(self, text: str) -> Iterable[tuple[int, int, _Person]]:
        """Every known name form in ``text`` as written or in capitals, longest first at each word
        ("Maisie Okafor" before "Maisie"); a possessive ending is left outside."""
        words = [(m.start(), m.end() - len(m.group(1) or "")) for m in _NAME_SCAN.finditer(text)]
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                if any(text[words[k][1]:words[k + 1][0]] != " " for k in range(i, j - 1)):
                    continue
                start, end = words[i][0], words[j - 1][1]
                found = text[start:end]
                person = self._forms.get(found) or (self._upper.get(found) if found.isupper() else None)
                if person is not None:
                    yield start, end, person
                    i = j - 1
                    break
            i += 1

    def _name_spans(self, text: str) -> list[_Span]:
        keep = [(m.start(), m.end()) for m in self._r.keep_phrases.finditer(text)] if self._r.keep_phrases else []
        terms = [(m.start(), m.end()) for m in self._r.known_terms.finditer(text)] if self._r.known_terms else []
        candidates: list[tuple[int, int, list[str], bool]] = []  # start, end, words, after a title
        for m in self._r.patterns["title_name"].finditer(text):
            words = self._trim(m.group(1).split())
            if words and not self._mixes_family(words):
                end = m.start(1) + len(" ".join(words))
                candidates.append((m.start(1), end, words, True))
        for start, end, label in self._ner_cache.get(text, ()):
            if label == "PERSON":
                got = self._ner_name(text, start, end, terms)
                if got:
                    candidates.append((*got, False))
        candidates += [(*got, False) for got in self._listed_names(text, terms + keep)]
        spans: list[_Span] = []
        for start, end, words, titled in sorted(candidates, key=lambda c: c[0]):
            if not self._known_match(text, start, end) and _overlaps(start, end, keep):
                continue
            spans.append(_Span(start, end, "person", self._person_for(words, titled), titled))
        for start, end, person in self._known_names(text):
            found = text[start:end]
            if " " not in found and _overlaps(start, end, keep):
                continue  # "Summer term", "May 2025": a word, not the name
            if all(self._word_like(w) for w in found.split()) and self._before_org(text, end):
                continue  # "Rose Hill Primary School" when the mother is Rose Hill: a place
            spans.append(_Span(start, end, person.kind, person))
        return spans

    def _known_match(self, text: str, start: int, end: int) -> bool:
        return text[start:end] in self._forms and self._forms[text[start:end]].kind != "person"

    def _trim(self, words: list[str]) -> list[str]:
        """Drop role and organisation words from the end of a name ("Ruth Okoye Community")."""
        r = self._r
        while words and (words[-1].lower() in r.stop_words and words[-1] not in r.word_names
                         or words[-1] in r.org_words):
            words = words[:-1]
        return words

    def _ner_name(self, text: str, start: int, end: int, terms: list[tuple[int, int]]):
        """A PERSON entity as (start, end, words), or ``None`` when it does not look like a person's name."""
        r = self._r
        tokens = [(m.start() + start, m.end() + start, m.group()) for m in
                  re.finditer(r"[^\s]+", text[start:end])]
        while tokens and (tokens[0][2].rstrip(".") in r.titles or tokens[0][2].lower() in r.relation_words):
            tokens = tokens[1:]
        if tokens and re.fullmatch(r"['’]s?", tokens[-1][2]):
            tokens = tokens[:-1]
        if tokens:  # "Maisie's" as one token
            s, e, w = tokens[-1]
            cut = re.sub(r"['’]s?$", "", w)
            tokens[-1] = (s, s + len(cut), cut)
        if not tokens or len(tokens) > 4:
            return None
        words = [w for *_, w in tokens]
        start, end = tokens[0][0], tokens[-1][1]
        if any(not r.name_word.fullmatch(w) or w.lower() in r.stop_words or w in r.org_words
               or w in self._place_words for w in words):
            return None
        if self._forms.get(" ".join(words)) is None and (_overlaps(start, end, terms) or self._mixes_family(words)):
            return None
        if self._before_org(text, end):
            return None
        before = text[:start].rstrip().split()[-1:] if text[:start].strip() else []
        if before and before[0] in ("St", "St.", "Saint"):
            return None
        if len(words) == 1 and words[0] not in self._forms and self._sentence_start(text, start) and (
                words[0] not in r.first_names or self._word_like(words[0])):
            return None  # "Maintained special school", "Mornings are hard": a capitalised word, not a name
        return start, end, words

    def _listed_names(self, text: str, avoid: list[tuple[int, int]]):
        """Common first names (``first_names`` in the data file) with the surname after them, as
        (start, end, words): people the model misses ("his friends Alfie and Kacper")."""
        r = self._r
        for m in r.name_word.finditer(text):
            word = m.group()
            if word not in r.first_names or word.lower() in r.relation_words \
                    or word in self._place_words or _overlaps(m.start(), m.end(), avoid):
                continue
            words, end = [word], m.end()
            nxt = re.match(r" ([^\W\d_][\w'’-]*)", text[end:])
            if nxt and r.name_word.fullmatch(nxt.group(1)) and self._surname_like(nxt.group(1)):
                words.append(nxt.group(1))
                end += len(nxt.group(0))
            if len(words) == 1 and word in self._forms:
                continue  # a known name: the names pattern replaces it
            if self._word_like(word) and (len(words) == 1 or self._word_like(words[1])):
                continue  # "Will", "Grace Hill": only a surname that is no word shows it is a name
            before = text[:m.start()].split()[-1:]
            if self._before_org(text, end) or before and before[0] in ("St", "St.", "Saint") \
                    or self._mixes_family(words):
                continue
            yield m.start(), end, words

    def _before_org(self, text: str, end: int) -> bool:
        """Does an organisation word follow ("… Lodge School", "… Rovers")?"""
        after = re.match(r"(?:['’]s)?[ \t]+([\w'’-]+)", text[end:])
        return bool(after) and after.group(1) in self._r.org_words

    def _surname_like(self, word: str) -> bool:
        r = self._r
        return not (word.lower() in r.stop_words or word in r.org_words or word.lower() in r.single_terms
                    or word in self._place_words or word.lower() in self._vocab and word not in r.word_names)

    def _mixes_family(self, words: list[str]) -> bool:
        """Is this an unknown name made of the family's names and ordinary words ("Maisie Bubbles",
        "Tomek Nowak")? The family's own words are then replaced on their own and the rest is kept.
        A family name with another name-like word ("Samantha Mensah" when the mother is Samantha
        Brennan, "Hannah Coleman" in the Colemans' plan) is someone else, replaced as a whole."""
        if len(words) < 2 or " ".join(words) in self._forms:
            return False
        family = [w in self._forms and self._forms[w].kind != "person" for w in words]
        if not any(family):
            return False
        return all(family) or not all(self._surname_like(w) for w, f in zip(words, family) if not f)

    def _word_like(self, word: str) -> bool:
        return word in self._r.word_names or word.lower() in self._vocab or word.lower() in self._r.single_terms

    def _sentence_start(self, text: str, pos: int) -> bool:
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[line_start:pos].rstrip()
        return not before or before[-1] in self._r.sentence_end

    # ------------------------------------------------------------------ NER

    def _candidate(self, text: str, m: re.Match[str]) -> bool:
        """Might this capitalised word be part of a name the front page does not give?"""
        word = m.group()
        if word in self._forms or word.isupper() or word.lower() in self._r.stop_words \
                or word in self._r.titles or word in self._place_words:
            return False
        if word.lower() in self._r.single_terms or self._r.not_name_ending.search(word):
            return False
        if not self._word_like(word) or not self._sentence_start(text, m.start()):
            return True
        after = re.match(r" ([^\W\d_][\w'’-]*)", text[m.end():])  # "Grace Ward": both words, but a name
        return word in self._r.first_names and bool(after) and bool(self._r.name_word.fullmatch(after.group(1))) \
            and after.group(1).lower() not in self._r.stop_words and after.group(1) not in self._r.org_words

    def _run_ner(self, texts: list[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self._ner_cache]
        if not todo:
            return
        nlp = _ner()
        if len(self._ner_cache) + len(todo) > _NER_CACHE_LIMIT:
            self._ner_cache.clear()
        if nlp is None:
            self._ner_cache.update((t, ()) for t in todo)
            return
        pieces: list[tuple[str, int, str]] = []  # text, offset, sentence
        for text in todo:
            found = [(m.start(1), m.end(1)) for m in self._r.patterns["title_name"].finditer(text)]
            found += [(a, b) for a, b, _ in self._listed_names(text, [])]
            for m in re.finditer(r"[^\n]+", text):
                for s in _sentences(m.group()):
                    offset = m.start() + s[0]
                    sentence = s[1]
                    if any(self._candidate(text, w) and not _overlaps(w.start(), w.end(), found) for w in
                           self._r.name_word.finditer(text, offset, offset + len(sentence))):
                        pieces.append((text, offset, sentence))
        found: dict[str, list[tuple[int, int, str]]] = {t: [] for t in todo}
        for (text, offset, _), doc in zip(pieces, nlp.pipe([p[2] for p in pieces], batch_size=64)):
            found[text] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
        self._ner_cache.update((t, tuple(v)) for t, v in found.items())


# --------------------------------------------------------------------------- helpers

_NAME_SCAN = re.compile(r"(?<![\w-])(?<!\w['’])[^\W\d_][\w-]*(?:['’][^\W\d_sS][\w-]*)*(['’][sS]?)?(?![\w-])")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def _sentences(line: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _SENTENCE_SPLIT.finditer(line):
        out.append((pos, line[pos:m.start()]))
        pos = m.end()
    out.append((pos, line[pos:]))
    return [(o, s) for o, s in out if s.strip()]


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in ranges)


def _parse_date(value: str, formats: tuple[str, ...]) -> date | None:
    clean = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", value.strip().rstrip("."))
    clean = re.sub(r"\s+", " ", clean.replace(",", " ")).strip()
    clean = re.sub(r"\bof\b ", "", clean)
    for fmt in formats:
        try:
            return datetime.strptime(clean, fmt).date()
        except ValueError:
            continue
    return None
