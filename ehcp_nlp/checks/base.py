"""The shape every check has: metadata from ``data/rules.json`` plus a small class with the logic.

A check is registered with :func:`register` under its rule id; ``rules.json``
gives its flag code, sections, severity, message and Code of Practice
reference. Loading fails loudly if the two disagree (a rule without
metadata, metadata without a rule, unknown keys, duplicate ids).

Example:
    >>> from ehcp_nlp.checks.base import Rule, register
    >>> @register("example.rule")                        # doctest: +SKIP
    ... class Example(Rule):
    ...     scope = "statement"
    ...     def check(self, unit, ctx):
    ...         if "etc" in unit.text:
    ...             yield self.flag(unit)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, ClassVar, Iterable, Iterator

from ..errors import DataFileError
from ..frontpage import FrontPage
from ..resources import check_keys, load_json
from ..model import SEVERITIES, Flag, Statement

_DATA = "rules.json"
_SCOPES = ("statement", "section", "plan")
_REGISTRY: dict[str, type["Rule"]] = {}


@dataclass(frozen=True)
class RuleInfo:
    """A rule's metadata, as written in ``rules.json``."""

    id: str
    code: str
    sections: tuple[str, ...]
    severity: str
    message: str
    reference: str = ""
    kinds: tuple[str, ...] = ("plan",)
    uses: frozenset[str] = frozenset()  # the lexicon entries and patterns it reads (checked while it runs)
    scope: str = ""  # a word-list rule's scope (a class says its own)
    word_list: dict[str, Any] = field(default_factory=dict)  # a rule that is only a word list: see WordListRule


@dataclass(frozen=True)
class SectionUnit:
    """One section's text and statements, the unit section-scope rules look at."""

    key: str
    title: str
    text: str
    statements: tuple[Statement, ...]

    @cached_property
    def items(self) -> tuple[Statement, ...]:
        """The statements that are items to judge, without introductions ("The provision below…")."""
        from .lexicon import lexicon

        framing = lexicon().module(__name__).pattern("framing", anchored=True)
        return tuple(s for s in self.statements if not framing.match(s.text))


@dataclass
class Context:
    """What a rule may consult besides its own unit: the other sections, the plan's date, the language model."""

    sections: dict[str, SectionUnit] = field(default_factory=dict)
    appendices: dict[str, SectionUnit] = field(default_factory=dict)  # "appendix-1": e.g. the list of advice
    kind: str = "plan"
    plan_date: Any = None
    preamble: str = ""
    front: FrontPage | None = None  # the front page's fields (child's and parents' names)
    whole_document: bool = False  # a whole plan, advice report or review form, not a loose statement
    lost_text: tuple[str, ...] = ()  # what the reader could not read ("page 2: … damaged"), if anything

    def advice_statements(self) -> tuple[Statement, ...]:
        """The list of advice: Section K's statements and those of any appendix titled as a list of advice."""
        from .lexicon import lexicon

        k = self.sections.get("K")
        lex = lexicon().module(__name__)
        listed = [s for a in self.appendices.values() if lex.search("advice_list", a.title) for s in a.statements]
        return (*(k.statements if k else ()), *listed)


class Rule:
    """Base class of a check: override :meth:`check`; build flags with :meth:`flag`."""

    scope: ClassVar[str] = "statement"

    def __init__(self, info: RuleInfo) -> None:
        self.info = info

    def applies_to(self, section: str | None, kind: str) -> bool:
        """Does this rule run on ``section`` (``None``: any) of a document of ``kind``?"""
        if kind not in self.info.kinds:
            return False
        return section is None or "*" in self.info.sections or section in self.info.sections

    def check(self, unit: Any, ctx: Context) -> Iterable[Flag]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self, unit: Any, ctx: Context) -> list[Flag]:
        """The flags of :meth:`check`, with lexicon lookups limited to what the rule declared in ``uses``."""
        from .lexicon import using

        with using(f"rule {self.info.id!r}", self.info.uses):
            return list(self.check(unit, ctx))

    def flag(self, unit: Statement | SectionUnit | None, message: str | None = None, evidence: str | None = None,
             start: int | None = None, end: int | None = None, section: str | None = None,
             **detail: Any) -> Flag:
        """A flag from this rule resting on ``unit`` (or on the given evidence span)."""
        if isinstance(unit, Statement):
            text, s, e, key = unit.text, unit.start, unit.end, unit.section
        elif unit is None:  # plan-level: the caller gives the evidence, its span and its section
            text, s, e, key = "", 0, 0, ""
        else:
            text, s, e, key = unit.text[:300], 0, min(len(unit.text), 300), unit.key
        return Flag(
            code=self.info.code, section=section or key, severity=self.info.severity,
            message=message or self.info.message, evidence=text if evidence is None else evidence,
            start=s if start is None else start, end=e if end is None else end,
            rule=self.info.id, reference=self.info.reference, detail=dict(detail),
        )


class WordListRule(Rule):
    """A rule that is only a word list, built from its ``word_list`` in ``rules.json`` (no class of its own).

    ``flag_if_found``: flag the statement (or section) where the entry matches; with ``quote_words``
    the message ends with the words found. ``flag_if_absent``: flag a section that never matches the
    entry. A section rule flags an empty section for neither (``section.missing`` reports it).
    """

    def __init__(self, info: RuleInfo) -> None:
        super().__init__(info)
        self.scope = info.scope  # type: ignore[misc]  (per rule here, not per class)
        self.found: str | None = info.word_list.get("flag_if_found")
        self.absent: str | None = info.word_list.get("flag_if_absent")
        self.quote_words = bool(info.word_list.get("quote_words"))

    def check(self, unit: Any, ctx: Context) -> Iterable[Flag]:
        from .lexicon import lexicon

        lex = lexicon()
        if isinstance(unit, Statement):
            hits = lex.findall(self.found, unit.text) if self.found else []
            if hits and self.quote_words:
                words = list(dict.fromkeys(m.group(0).lower() for m in hits))
                quoted = ", ".join(f"'{w}'" for w in words)
                yield self.flag(unit, f"{self.info.message} ({quoted}).", words=words)
            elif hits:
                yield self.flag(unit)
            return
        text = unit.text.strip()
        if not text:
            return
        if (self.absent and not lex.search(self.absent, text)) or (self.found and lex.search(self.found, text)):
            yield self.flag(unit, evidence=text[:200], start=0, end=min(200, len(text)))


def register(rule_id: str):
    """Class decorator: make a :class:`Rule` subclass available under ``rule_id``."""

    def wrap(cls: type[Rule]) -> type[Rule]:
        if rule_id in _REGISTRY:
            raise DataFileError(f"rule {rule_id!r} registered twice")
        _REGISTRY[rule_id] = cls
        return cls

    return wrap


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """Every registered rule, with its metadata from ``rules.json``, validated."""
    from . import rules as _  # noqa: F401  (importing registers the rule classes)

    entries = load_json(_DATA)["rules"]
    seen: set[str] = set()
    built = []
    for entry in entries:
        info = _info(entry)
        if info.id in seen:
            raise DataFileError(f"data file {_DATA}: duplicate rule id {info.id!r}")
        seen.add(info.id)
        if info.word_list:
            if info.id in _REGISTRY:
                raise DataFileError(f"data file {_DATA}: rule {info.id!r} is a word list but also has a class")
            built.append(WordListRule(info))
            continue
        if info.id not in _REGISTRY:
            raise DataFileError(f"data file {_DATA}: no check is registered for rule {info.id!r}")
        built.append(_REGISTRY[info.id](info))
    unlisted = set(_REGISTRY) - seen
    if unlisted:
        raise DataFileError(f"data file {_DATA}: rule(s) {sorted(unlisted)} have no entry")
    return tuple(built)


def _info(entry: dict[str, Any]) -> RuleInfo:
    check_keys(_DATA, entry, {"id", "code", "sections", "severity", "message", "reference", "kinds", "scope",
                              "uses", "word_list"},
               {"id", "code", "sections", "severity", "message"})
    if entry["severity"] not in SEVERITIES:
        raise DataFileError(f"data file {_DATA}: rule {entry['id']!r} has unknown severity {entry['severity']!r}")
    word_list = entry.get("word_list", {})
    if word_list:
        _check_word_list(entry, word_list)
    return RuleInfo(
        id=entry["id"], code=entry["code"], sections=tuple(entry["sections"]), severity=entry["severity"],
        message=entry["message"], reference=entry.get("reference", ""),
        kinds=tuple(entry.get("kinds", ("plan",))), uses=frozenset(entry.get("uses", ())),
        scope=entry.get("scope", ""), word_list=dict(word_list),
    )


def _check_word_list(entry: dict[str, Any], word_list: dict[str, Any]) -> None:
    """A word-list rule needs a scope and at least one entry, each declared in its ``uses``."""
    check_keys(_DATA, word_list, {"flag_if_found", "flag_if_absent", "quote_words"})
    if entry.get("scope") not in ("statement", "section"):
        raise DataFileError(f"data file {_DATA}: word-list rule {entry['id']!r} needs scope statement or section")
    names = [word_list[k] for k in ("flag_if_found", "flag_if_absent") if k in word_list]
    if not names or (entry["scope"] == "statement" and "flag_if_absent" in word_list):
        raise DataFileError(f"data file {_DATA}: word-list rule {entry['id']!r} needs flag_if_found "
                            "(and flag_if_absent only for a section)")
    undeclared = sorted(set(names) - set(entry.get("uses", ())))
    if undeclared:
        raise DataFileError(f"data file {_DATA}: rule {entry['id']!r} uses {undeclared} without declaring them")


def rules_for(scope: str, section: str | None, kind: str) -> Iterator[Rule]:
    """The rules of ``scope`` that apply to ``section`` in a document of ``kind``."""
    for rule in load_rules():
        if rule.scope == scope and rule.applies_to(section, kind):
            yield rule
