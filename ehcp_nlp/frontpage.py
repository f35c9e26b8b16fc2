"""The facts on a plan's front page: the child's name, date of birth, identifiers, parents, setting.

Councils head a plan with a block of labelled fields ("Name: Kai Parker",
"Parents | Louise and Liam Quinn", "This plan is about Kai Parker."). The
labels are data (``data/front_page.json``). The checks use the names (is a
quotation the child's or a parent's? is another child's name in the plan?);
the exports use every field to redact identifiers.

Example:
    >>> front = read_front_page("Name: Kai Parker\\nKnown as: Kai\\nParents | Lisa Begum (foster carer)")
    >>> front.child_names, front.parent_names
    (('Kai Parker', 'Kai', 'Parker'), ('Lisa Begum', 'Lisa', 'Begum'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import check_keys, compile_pattern, load_json

_VALUE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|/)\s*")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’-]+")
_TITLES = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}


@dataclass(frozen=True)
class FrontPage:
    """Labelled fields read off a front page (``fields``: field name → value as written)."""

    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def child_names(self) -> tuple[str, ...]:
        """The child's full name, then each part of it and the name they are known by."""
        return _names(self.get("child_name"), self.get("known_as"))

    @property
    def parent_names(self) -> tuple[str, ...]:
        """Each parent's or carer's full name, then the parts of it (relationships in brackets dropped)."""
        return _names(*_VALUE_SPLIT.split(re.sub(r"\([^)]*\)", "", self.get("parents"))))

    @property
    def first_name(self) -> str:
        """The name the child is known by, else the first word of their name ('' when not given)."""
        known = self.get("known_as").split()
        return known[0] if known else (self.get("child_name").split() or [""])[0]


def _names(*values: str) -> tuple[str, ...]:
    full, parts = [], []
    for value in values:
        words = [w for w in _NAME_WORD.findall(value) if w not in _TITLES]
        if words:
            full.append(" ".join(words))
            parts += words
    return tuple(dict.fromkeys(full + [p for p in parts if len(p) > 1]))


@lru_cache(maxsize=1)
def _labels() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_json("front_page.json")
    check_keys("front_page.json", data, {"_comment", "fields"}, {"fields"})
    return tuple((name, compile_pattern("front_page.json", r"\s*(?:" + "|".join(labels) + r")\s*(?::|\||-|–)?\s*"))
                 for name, labels in data["fields"].items())


def read_front_page(text: str) -> FrontPage:
    """The labelled fields of a front page's text (the first value wins for each field)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        for name, label in _labels():
            hit = label.match(line)
            if not hit or name in fields:
                continue
            value = line[hit.end():].strip().rstrip(".").strip()
            if value and (hit.group(0).rstrip().endswith((":", "|", "-", "–")) or name == "child_name"
                          and line.lower().lstrip().startswith("this plan is about")):
                fields[name] = value
                break
    return FrontPage(fields)
