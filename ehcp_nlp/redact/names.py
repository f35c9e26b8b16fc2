"""Recognise people's names: the names already known (front page, earlier finds) wherever they recur,
names after a title ("Mrs Hussain", "Dr Owen"), ``PERSON`` entities of spaCy's entity recogniser that
look like a name, and common first names with the surname after them.

A name must look like one: never a word on the stop-list (months, "Mum", "Staff", subjects …), a known
term ("Makaton", "Zones of Regulation"), part of an organisation ("Linden Lodge School"), a word of the
address or setting, or a phrase to keep ("Summer term", "May 2025").
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..checks.statements import sentence_spans
from ..nlp import get_ner
from .people import People, Person
from .results import Span, overlaps
from .rules import NAME_SCAN, Rules

_NER_CACHE_LIMIT = 20000

#: A candidate name: start, end and its words.
Found = tuple[int, int, list[str]]


class NameFinder:
    """Finds one plan's names, learning the plan's ordinary words and keeping the entities found."""

    def __init__(self, rules: Rules, people: People, place_words: set[str]):
        self._r = rules
        self._people = people
        self._forms = people.forms
        self._place_words = place_words
        self._vocab: set[str] = set()
        self._ner_cache: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def prepare(self, texts: list[str]) -> None:
        """Learn the lower-case words of ``texts`` and run the entity recogniser over them in one batch."""
        for text in texts:  # lower-case words (not e-mail addresses) tell ordinary words from names
            self._vocab.update(re.findall(r"\b[a-zß-ÿ][a-zß-ÿ'’-]*", self._r.patterns["email"].sub(" ", text)))
        self._run_ner(texts)

    def spans(self, text: str) -> list[Span]:
        """Every name in ``text`` (overlapping spans are left to the redactor)."""
        r = self._r
        keep = [(m.start(), m.end()) for m in r.keep_phrases.finditer(text)] if r.keep_phrases else []
        terms = [(m.start(), m.end()) for m in r.known_terms.finditer(text)] if r.known_terms else []
        candidates: list[tuple[int, int, list[str], bool]] = []  # start, end, words, after a title
        for m in r.patterns["title_name"].finditer(text):
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
        spans: list[Span] = []
        for start, end, words, titled in sorted(candidates, key=lambda c: c[0]):
            if not self._people.is_family(text[start:end]) and overlaps(start, end, keep):
                continue
            spans.append(Span(start, end, "person", self._people.person_for(words, titled), titled))
        for start, end, person in self._known_names(text):
            found = text[start:end]
            if " " not in found and overlaps(start, end, keep):
                continue  # "Summer term", "May 2025": a word, not the name
            if all(self._word_like(w) for w in found.split()) and self._before_org(text, end):
                continue  # "Rose Hill Primary School" when the mother is Rose Hill: a place
            spans.append(Span(start, end, person.kind, person))
        return spans

    # ------------------------------------------------------------------ names

    def _known_names(self, text: str) -> Iterable[tuple[int, int, Person]]:
        """Every known name form in ``text`` as written or in capitals, longest first at each word
        ("Maisie Okafor" before "Maisie"); a possessive ending is left outside."""
        words = [(m.start(), m.end() - len(m.group(1) or "")) for m in NAME_SCAN.finditer(text)]
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                if any(text[words[k][1]:words[k + 1][0]] != " " for k in range(i, j - 1)):
                    continue
                start, end = words[i][0], words[j - 1][1]
                found = text[start:end]
                person = self._forms.get(found) or (self._people.upper.get(found) if found.isupper() else None)
                if person is not None:
                    yield start, end, person
                    i = j - 1
                    break
            i += 1

    def _trim(self, words: list[str]) -> list[str]:
        """Drop role and organisation words from the end of a name ("Ruth Okoye Community")."""
        r = self._r
        while words and (words[-1].lower() in r.stop_words and words[-1] not in r.word_names
                         or words[-1] in r.org_words):
            words = words[:-1]
        return words

    def _ner_name(self, text: str, start: int, end: int, terms: list[tuple[int, int]]) -> Found | None:
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
        if self._forms.get(" ".join(words)) is None and (overlaps(start, end, terms) or self._mixes_family(words)):
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

    def _listed_names(self, text: str, avoid: list[tuple[int, int]]) -> Iterator[Found]:
        """Common first names (``first_names`` in the data file) with the surname after them, as
        (start, end, words): people the model misses ("his friends Alfie and Kacper")."""
        r = self._r
        for m in r.name_word.finditer(text):
            word = m.group()
            if word not in r.first_names or word.lower() in r.relation_words \
                    or word in self._place_words or overlaps(m.start(), m.end(), avoid):
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
        family = [self._people.is_family(w) for w in words]
        if not any(family):
            return False
        return all(family) or not all(self._surname_like(w) for w, f in zip(words, family) if not f)

    def _word_like(self, word: str) -> bool:
        return word in self._r.word_names or word.lower() in self._vocab or word.lower() in self._r.single_terms

    def _sentence_start(self, text: str, pos: int) -> bool:
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[line_start:pos].rstrip()
        return not before or before[-1] in self._r.sentence_end

    # ------------------------------------------------------------------ the entity recogniser

    def _candidate(self, text: str, m: re.Match[str]) -> bool:
        """Might this capitalised word be part of a name the front page does not give?"""
        r, word = self._r, m.group()
        if word in self._forms or word.isupper() or word.lower() in r.stop_words \
                or word in r.titles or word in self._place_words:
            return False
        if word.lower() in r.single_terms or r.not_name_ending.search(word):
            return False
        if not self._word_like(word) or not self._sentence_start(text, m.start()):
            return True
        after = re.match(r" ([^\W\d_][\w'’-]*)", text[m.end():])  # "Grace Ward": both words, but a name
        return word in r.first_names and bool(after) and bool(r.name_word.fullmatch(after.group(1))) \
            and after.group(1).lower() not in r.stop_words and after.group(1) not in r.org_words

    def _run_ner(self, texts: list[str]) -> None:
        """Run the entity recogniser over the sentences of ``texts`` that might hold an unknown name."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._ner_cache]
        if not todo:
            return
        nlp = get_ner()
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
                    if any(self._candidate(text, w) and not overlaps(w.start(), w.end(), found) for w in
                           self._r.name_word.finditer(text, offset, offset + len(sentence))):
                        pieces.append((text, offset, sentence))
        entities: dict[str, list[tuple[int, int, str]]] = {t: [] for t in todo}
        for (text, offset, _), doc in zip(pieces, nlp.pipe([p[2] for p in pieces], batch_size=64)):
            entities[text] += [(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents]
        self._ner_cache.update((t, tuple(v)) for t, v in entities.items())


def _sentences(line: str) -> list[tuple[int, str]]:
    """The sentences of one line as (offset, sentence), split as statements are split (not after "Dr.",
    "e.g." and other abbreviations)."""
    return [(s, line[s:e]) for s, e in sentence_spans(line)]
