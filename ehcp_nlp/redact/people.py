"""The registry of the people a plan names, each with a placeholder that stays the same for the whole plan.

The child is ``[CHILD]``, each parent or carer ``[PARENT n]`` (in front-page order), a surname the
family shares ``[FAMILY NAME]``, and anyone else ``[PERSON n]``, numbered in order of first appearance.
Every way a person is written (full name, first name, surname after a title) is a *form* that leads
back to them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rules import Rules


@dataclass(eq=False)
class Person:
    """One person: their kind (child, parent, family, person), number, name parts and known forms."""

    kind: str
    number: int | None = None
    first: str | None = None
    last: str | None = None
    forms: set[str] = field(default_factory=set)


class People:
    """The people found so far in one plan, their name forms and the placeholders used."""

    def __init__(self, rules: Rules):
        self._r = rules
        self.people: list[Person] = []
        self.forms: dict[str, Person] = {}
        self.upper: dict[str, Person] = {}
        self.numbers = {"parent": 0, "person": 0}
        self.used: dict[str, str] = {}

    def add(self, person: Person) -> None:
        """Register ``person`` (its forms are added with :meth:`add_form`)."""
        self.people.append(person)

    def add_form(self, form: str, person: Person) -> None:
        """Let ``form`` (and the same in capitals) stand for ``person``, unless it already stands for someone."""
        if form and form not in self.forms:
            self.forms[form] = person
            person.forms.add(form)
            self.upper.setdefault(form.upper(), person)

    def is_family(self, form: str) -> bool:
        """Is ``form`` a name of the child, a parent or the family (not of someone else)?"""
        return form in self.forms and self.forms[form].kind != "person"

    def next_parent(self, first: str, last: str | None) -> Person:
        """A new parent, numbered after those before (not yet registered)."""
        self.numbers["parent"] += 1
        return Person("parent", self.numbers["parent"], first, last)

    def person_for(self, words: list[str], titled: bool) -> Person:
        """The person these name words refer to, registering a new one when needed."""
        full = " ".join(words)
        person = self.forms.get(full)
        if titled and len(words) == 1:  # "Mrs Okafor" is the family, "Mrs May" not the child May
            if person is not None and person.kind == "child" and person.last == full:
                return self.family()  # "Mr Parker": an adult with the child's surname
            if person is None or person.kind != "family" and person.last != full:
                person = next((p for p in self.people if p.last == full and p.kind == "person"), None)
                if person is None:
                    person = Person("person", last=full)
                    self.people.append(person)
                    self.add_form(full, person)
                return person
        if person is None and len(words) == 1:
            word = words[0]
            if titled:
                person = next((p for p in self.people if p.last == word), None)
            if person is None:
                person = Person("person", first=None if titled else word, last=word if titled else None)
                self.people.append(person)
        elif person is None:
            first, last = words[0], words[-1]
            person = next((p for p in self.people if p.kind == "person" and p.last == last
                           and p.first in (None, first)), None)
            if person is None:
                person = next((p for p in self.people if p.kind == "person" and p.first == first
                               and p.last is None), None)
            if person is None:
                owner = self.forms.get(last)
                if owner is not None and owner.kind != "person" and len(words) == 2 and \
                        self.forms.get(first) is owner:
                    person = owner
            if person is None:
                person = Person("person")
                self.people.append(person)
            person.first = person.first or first
            person.last = person.last or last
        self.add_form(full, person)
        for w in words:
            if w.lower() not in self._r.stop_words:
                self.add_form(w, person)
        return person

    def family(self) -> Person:
        """The family (for a shared surname), registered when first needed."""
        family = next((p for p in self.people if p.kind == "family"), None)
        if family is None:
            family = Person("family")
            self.people.append(family)
        return family

    def placeholder(self, person: Person) -> str:
        """``person``'s placeholder; someone else is numbered when first replaced."""
        if person.kind == "person" and person.number is None:
            self.numbers["person"] += 1
            person.number = self.numbers["person"]
        text = self._r.placeholders[person.kind].replace("{n}", str(person.number or ""))
        self.used[text] = person.kind
        return text

    def mark_used(self, placeholder: str, kind: str) -> None:
        """Note that ``placeholder`` (of an identifier, not a person) was used."""
        self.used[placeholder] = kind
