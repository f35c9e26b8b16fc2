"""Recognise what the plan's front page gives: the child's and the family's names (registered as
people), the EHC coordinator, and the exact identifiers (NHS number, UPN, ULN, date of birth, address)
as patterns to find them wherever the plan repeats them."""
from __future__ import annotations

import re

from ..checks.dates import parse_full_date
from ..frontpage import FrontPage
from ..resources import compile_pattern
from .people import People, Person
from .rules import DATA, WORD, Rules

#: A pattern for one front-page identifier and the kind of span it finds.
Value = tuple[re.Pattern[str], str]


def name_words(value: str, rules: Rules) -> list[str]:
    """The words of a name as a form gives it, without titles, bracketed notes or role words."""
    return [w for w in rules.name_word.findall(re.sub(r"\([^)]*\)", "", value or ""))
            if w not in rules.titles and (w in rules.word_names or w.lower() not in rules.stop_words)]


def register_family(front: FrontPage, rules: Rules, people: People) -> None:
    """Register the child, each parent or carer, the shared family name and the EHC coordinator."""
    child = Person("child")
    child_words = name_words(front.get("child_name"), rules)
    known = [w for w in WORD.findall(re.sub(r"\([^)]*\)", "", front.get("known_as")))  # "Tomek", "KJ"
             if len(w) > 1 and w not in rules.titles and (w in rules.word_names or w.lower() not in rules.stop_words)]
    if child_words:
        child.first, child.last = child_words[0], child_words[-1] if len(child_words) > 1 else None
    parents = []
    parts = [p for p in rules.parent_split.split(re.sub(r"\([^)]*\)", "", front.get("parents"))) if p.strip()]
    names = [name_words(p, rules) for p in parts]
    names = [n for n in names if n]
    for i, words in enumerate(names):
        if len(words) == 1:  # "Chiamaka and David Okafor": the first shares the last one's surname
            later = next((n for n in names[i + 1:] if len(n) > 1), None)
            if later:
                words = words + [later[-1]]
                names[i] = words
        parents.append(people.next_parent(words[0], words[-1] if len(words) > 1 else None))
    surnames = [p.last for p in [child, *parents] if p.last]
    shared = {s for s in surnames if surnames.count(s) > 1}
    family = Person("family") if shared else None
    for person, words in [(child, child_words), *zip(parents, names)]:
        if not words:
            continue
        people.add(person)
        people.add_form(" ".join(words), person)
        if person is child and known:
            people.add_form(" ".join(known), person)
            for w in known:
                people.add_form(w, person)
        for w in words:
            if w == person.last and w in shared and family is not None:
                continue
            people.add_form(w, person)
            for part in w.split("-") if "-" in w else ():
                people.add_form(part, person)
    if family is not None:
        people.add(family)
        for s in sorted(shared):
            people.add_form(s, family)
    for name in rules.parent_split.split(front.get("coordinator")):
        words = name_words(name, rules)
        if len(words) > 1:
            people.person_for(words, titled=False)


def place_words(front: FrontPage, rules: Rules) -> set[str]:
    """Capitalised words of the address and the setting: never taken for a name."""
    return {w for key in ("address", "setting") for w in WORD.findall(front.get(key))
            if w[:1].isupper() and w not in rules.street_types and w not in rules.org_words}


def front_values(front: FrontPage, rules: Rules) -> list[Value]:
    """Patterns for the front page's NHS number, UPN, ULN, date of birth and address as the plan may
    repeat them (spaced or not, the date in any common form, the address with or without its postcode)."""
    values: list[Value] = []
    for kind in ("nhs_number", "upn", "uln"):
        value = front.get(kind)
        chars = re.sub(r"[\s-]", "", value)
        if re.search(r"\d", chars) and len(chars) >= 6:
            body = r"[\s-]?".join(re.escape(c) for c in chars)
            values.append((re.compile(rf"(?<![\w/]){body}(?![\w/])", re.I), kind))
    dob = front.get("date_of_birth")
    if dob:
        values += [(pattern, "date_of_birth") for pattern in dob_patterns(dob, rules)]
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
            values.append((re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I), "address"))
    return values


def dob_patterns(value: str, rules: Rules) -> list[re.Pattern[str]]:
    """Patterns for a date of birth in every form of ``dob_templates`` (and as the front page writes it)."""
    day = parse_full_date(value)
    out = []
    if day is not None:
        fill = {"d": str(day.day), "dd": f"{day.day:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
                "month": day.strftime("%B"), "mon": day.strftime("%b"), "yyyy": str(day.year),
                "yy": f"{day.year % 100:02d}"}
        for template in rules.dob_templates:
            body = template
            for key in sorted(fill, key=len, reverse=True):
                body = body.replace("{" + key + "}", fill[key])
            out.append(compile_pattern(DATA, rf"(?<![\w/.-])(?:{body})(?![\w/]|[.-]\d)"))
    out.append(re.compile(rf"(?<!\w){re.escape(value.strip())}(?!\w)", re.I))
    return out
