"""Word lists and patterns for the checks, loaded from ``ehcp_nlp/data/lexicons.json``.

Each entry is a named list of case-insensitive regular expressions; an entry
is compiled once into one alternation bounded by word edges.

Example:
    >>> bool(lexicon().search("time_frame", "by the end of Year 4"))
    True
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import DataFileError
from ..resources import compile_pattern, load_json

_DATA = "lexicons.json"


class Lexicon:
    """Compiled lexicon entries by name."""

    def __init__(self, entries: dict[str, list[str]]) -> None:
        self._entries = entries
        self._compiled: dict[tuple[str, bool], re.Pattern[str]] = {}

    def names(self) -> list[str]:
        return sorted(self._entries)

    def pattern(self, name: str, anchored: bool = False) -> re.Pattern[str]:
        """One compiled pattern for entry ``name`` (anchored to the start of the text if asked)."""
        key = (name, anchored)
        if key not in self._compiled:
            if name not in self._entries:
                raise DataFileError(f"data file {_DATA}: no entry named {name!r}")
            joined = "|".join(f"(?:{p})" for p in self._entries[name])
            prefix = r"^\s*" if anchored else r"(?<![\w])"
            self._compiled[key] = compile_pattern(_DATA, rf"{prefix}(?:{joined})(?![\w])")
        return self._compiled[key]

    def words(self, name: str) -> frozenset[str]:
        """Entry ``name`` as a set of plain words (for lemma lists the tagger's output is checked against)."""
        if name not in self._entries:
            raise DataFileError(f"data file {_DATA}: no entry named {name!r}")
        return frozenset(self._entries[name])

    def search(self, name: str, text: str) -> re.Match[str] | None:
        return self.pattern(name).search(text)

    def findall(self, name: str, text: str) -> list[re.Match[str]]:
        return list(self.pattern(name).finditer(text))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon shipped with the package, validated and compiled on first use."""
    data = load_json(_DATA)
    entries = {k: v for k, v in data.items() if not k.startswith("_")}
    for name, patterns in entries.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise DataFileError(f"data file {_DATA}: entry {name!r} must be a list of strings")
    lex = Lexicon(entries)
    for name in entries:
        lex.pattern(name)  # a bad pattern is reported on load, naming the file
    return lex
