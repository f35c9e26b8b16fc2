"""The redaction rules: the data file ``data/redaction.json`` read once into patterns and word sets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..resources import check_keys, compile_pattern, load_json

DATA = "redaction.json"
_KEYS = {"_comment", "placeholders", "patterns", "ignore_case", "postcode", "date", "months", "street_types",
         "phone_digits", "dob_templates", "titles", "stop_words", "known_terms", "org_words",
         "word_names", "keep_phrases", "sentence_end_chars", "parent_split", "first_names", "relation_words",
         "template_words", "not_name_endings"}
#: Kinds of replacement, and which wins when two candidate spans of the same length overlap.
KINDS = ("email", "address", "date_of_birth", "uln", "nhs_number", "upn", "phone", "postcode",
         "child", "parent", "family", "person")

#: A word: letters first, then letters, digits, apostrophes and hyphens.
WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A word that may be a name or part of one, with any possessive ending in group 1 ("Kai's").
NAME_SCAN = re.compile(r"(?<![\w-])(?<!\w['’])[^\W\d_][\w-]*(?:['’][^\W\d_sS][\w-]*)*(['’][sS]?)?(?![\w-])")


@dataclass(frozen=True)
class Rules:
    """What the data file says: placeholders, patterns and the word lists that tell names from words."""

    placeholders: dict[str, str]
    patterns: dict[str, re.Pattern[str]]
    phone_digits: tuple[int, ...]
    dob_templates: tuple[str, ...]
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
def load_rules() -> Rules:
    """The rules of ``data/redaction.json`` (read once per process)."""
    data = load_json(DATA)
    check_keys(DATA, data, _KEYS, _KEYS - {"_comment"})
    fill = {"postcode": data["postcode"], "street_types": _alternation(data["street_types"]),
            "titles": _alternation(data["titles"]), "months": data["months"]}
    fill["date"] = data["date"].replace("{months}", data["months"])
    patterns = {}
    for name, raw in data["patterns"].items():
        for key, value in fill.items():
            raw = raw.replace("{" + key + "}", value)
        patterns[name] = compile_pattern(DATA, raw, re.IGNORECASE if name in data["ignore_case"] else 0)
    terms = data["known_terms"]
    return Rules(
        placeholders=dict(data["placeholders"]),
        patterns=patterns,
        phone_digits=tuple(data["phone_digits"]),
        dob_templates=tuple(data["dob_templates"]),
        titles=frozenset(data["titles"]),
        stop_words=frozenset(w.lower() for w in data["stop_words"] + data["template_words"]),
        known_terms=compile_pattern(DATA, rf"(?<![\w-])(?:{_alternation(terms)})(?![\w-])") if terms else None,
        single_terms=frozenset(t.lower() for t in terms if " " not in t),
        org_words=frozenset(data["org_words"]),
        street_types=frozenset(data["street_types"]),
        word_names=frozenset(data["word_names"]),
        first_names=frozenset(data["first_names"]),
        not_name_ending=compile_pattern(DATA, data["not_name_endings"]),
        relation_words=frozenset(w.lower() for w in data["relation_words"]),
        keep_phrases=compile_pattern(DATA, "|".join(f"(?:{p})" for p in data["keep_phrases"]))
        if data["keep_phrases"] else None,
        sentence_end=data["sentence_end_chars"],
        parent_split=compile_pattern(DATA, data["parent_split"]),
        name_word=compile_pattern(DATA, data["patterns"]["name_token"], 0),
    )
