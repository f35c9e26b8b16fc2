"""Word lists and patterns for the checks, loaded from ``ehcp_nlp/data/lexicons.json``.

Each entry is a named list of case-insensitive regular expressions; an entry
is compiled once into one alternation bounded by word edges. The section
``patterns`` holds whole regular expressions (flags written inline, e.g.
``(?i)``) that the checks use as they are.

Who uses what is declared in ``rules.json``: each rule's ``uses`` and, for code
that is not a rule (the statement splitter, the date reader), the ``modules``
list. Loading fails if a declaration names an entry that does not exist, or if
an entry or pattern is declared by no one. While a rule runs (see
:func:`using`), asking for an entry it did not declare is an error.

Example:
    >>> bool(lexicon().search("time_frame", "by the end of Year 4"))
    True
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..errors import DataFileError
from ..resources import check_keys, compile_pattern, load_json

_DATA = "lexicons.json"
_RULES = "rules.json"
_PATTERNS = "patterns"

#: the rule running now and the names it declared, or ``None`` outside any rule
_USER: ContextVar[tuple[str, frozenset[str]] | None] = ContextVar("_USER", default=None)


@contextmanager
def using(owner: str, names: frozenset[str]) -> Iterator[None]:
    """While the block runs, lookups through :func:`lexicon` must be among ``names`` (declared by ``owner``)."""
    token = _USER.set((owner, names))
    try:
        yield
    finally:
        _USER.reset(token)


class Lexicon:
    """Compiled lexicon entries and patterns by name."""

    def __init__(self, entries: dict[str, list[str]], patterns: dict[str, str] | None = None,
                 data: str = _DATA) -> None:
        self._entries = entries
        self._data = data
        self._raw = {name: compile_pattern(data, p, 0) for name, p in (patterns or {}).items()}
        self._compiled: dict[tuple[str, bool], re.Pattern[str]] = {}
        self.declared: dict[str, frozenset[str]] = {}  # who uses what, from rules.json

    def names(self) -> list[str]:
        """Every entry's and pattern's name."""
        return sorted([*self._entries, *self._raw])

    def module(self, name: str) -> "ModuleLexicon":
        """The entries module ``name`` declared in ``rules.json`` (its lookups do not count as a running rule's)."""
        key = f"module {name}"
        if key not in self.declared:
            raise DataFileError(f"data file {_RULES}: module {name!r} declares no 'uses'")
        return ModuleLexicon(self, key, self.declared[key])

    def _check(self, name: str, user: tuple[str, frozenset[str]] | None = None) -> None:
        """Refuse a name that does not exist, or that the rule running now did not declare."""
        if name not in self._entries and name not in self._raw:
            raise DataFileError(f"data file {self._data}: no entry named {name!r}")
        user = user or _USER.get()
        if user is not None and name not in user[1]:
            raise DataFileError(f"data file {_RULES}: {user[0]} uses {name!r} from {self._data} "
                                f"but does not declare it in its 'uses'")

    def pattern(self, name: str, anchored: bool = False,
                user: tuple[str, frozenset[str]] | None = None) -> re.Pattern[str]:
        """One compiled pattern for entry ``name`` (anchored to the start of the text if asked).

        A name from the ``patterns`` section gives that regular expression as written.
        """
        self._check(name, user)
        if name in self._raw:
            if anchored:
                raise DataFileError(f"data file {self._data}: pattern {name!r} cannot be anchored")
            return self._raw[name]
        key = (name, anchored)
        if key not in self._compiled:
            joined = "|".join(f"(?:{p})" for p in self._entries[name])
            prefix = r"^\s*" if anchored else r"(?<![\w])"
            self._compiled[key] = compile_pattern(self._data, rf"{prefix}(?:{joined})(?![\w])")
        return self._compiled[key]

    def words(self, name: str, user: tuple[str, frozenset[str]] | None = None) -> frozenset[str]:
        """Entry ``name`` as a set of plain words (for lemma lists the tagger's output is checked against)."""
        self._check(name, user)
        if name not in self._entries:
            raise DataFileError(f"data file {self._data}: {name!r} is a pattern, not a word list")
        return frozenset(self._entries[name])

    def search(self, name: str, text: str) -> re.Match[str] | None:
        return self.pattern(name).search(text)

    def findall(self, name: str, text: str) -> list[re.Match[str]]:
        return list(self.pattern(name).finditer(text))


class ModuleLexicon:
    """The entries one module (not a rule) declared: lookups are checked against its declaration alone."""

    def __init__(self, lex: Lexicon, owner: str, names: frozenset[str]) -> None:
        self._lex, self._user = lex, (owner, names)

    def pattern(self, name: str, anchored: bool = False) -> re.Pattern[str]:
        return self._lex.pattern(name, anchored, self._user)

    def words(self, name: str) -> frozenset[str]:
        return self._lex.words(name, self._user)

    def search(self, name: str, text: str) -> re.Match[str] | None:
        return self.pattern(name).search(text)

    def findall(self, name: str, text: str) -> list[re.Match[str]]:
        return list(self.pattern(name).finditer(text))


def declared_uses(rules: dict[str, Any], data: str = _RULES) -> dict[str, frozenset[str]]:
    """What each rule (``rule <id>``) and each module (``module <name>``) of ``rules.json`` declares it uses."""
    declared: dict[str, frozenset[str]] = {}
    for kind, key, items in (("rule", "id", rules.get("rules", [])), ("module", "module", rules.get("modules", []))):
        for item in items:
            if kind == "module":
                check_keys(data, item, {"module", "uses", "why"}, {"module", "uses"})
            names = item.get("uses", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise DataFileError(f"data file {data}: 'uses' of {kind} {item.get(key)!r} must be a list of names")
            declared[f"{kind} {item.get(key)}"] = frozenset(names)
    return declared


def build_lexicon(data: dict[str, Any], rules: dict[str, Any], data_name: str = _DATA,
                  rules_name: str = _RULES) -> Lexicon:
    """A validated, compiled lexicon from the parsed ``lexicons.json`` and ``rules.json``.

    Raises :class:`DataFileError` for an entry that is not a list of strings, a bad pattern,
    a declared use of an entry that does not exist, or an entry that nothing declares it uses.
    """
    entries = {k: v for k, v in data.items() if not k.startswith("_") and k != _PATTERNS}
    patterns = data.get(_PATTERNS, {})
    for name, items in entries.items():
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            raise DataFileError(f"data file {data_name}: entry {name!r} must be a list of strings")
    if not isinstance(patterns, dict) or not all(isinstance(p, str) for p in patterns.values()):
        raise DataFileError(f"data file {data_name}: '{_PATTERNS}' must map names to regular expressions")
    both = set(entries) & set(patterns)
    if both:
        raise DataFileError(f"data file {data_name}: {sorted(both)} are both entries and patterns")
    lex = Lexicon(entries, patterns, data_name)
    for name in entries:
        lex.pattern(name)  # a bad pattern is reported on load, naming the file
    declared = declared_uses(rules, rules_name)
    known = set(lex.names())
    for owner, names in declared.items():
        unknown = sorted(names - known)
        if unknown:
            raise DataFileError(f"data file {rules_name}: {owner} uses {unknown}, which {data_name} does not have")
    used = set().union(*declared.values()) if declared else set()
    unused = sorted(known - used)
    if unused:
        raise DataFileError(f"data file {data_name}: {unused} used by no rule or module in {rules_name} "
                            f"(remove the entry, or declare its use)")
    lex.declared = declared
    return lex


def load_lexicon(data: Path, rules: Path) -> Lexicon:
    """:func:`build_lexicon` from two files on disk (for edited copies of the data)."""
    import json

    try:
        parsed = [json.loads(path.read_text(encoding="utf-8")) for path in (data, rules)]
    except (OSError, ValueError) as exc:
        raise DataFileError(f"data file {data.name} or {rules.name} could not be read: {exc}") from exc
    return build_lexicon(*parsed, data.name, rules.name)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon shipped with the package, validated and compiled on first use."""
    return build_lexicon(load_json(_DATA), load_json(_RULES))
