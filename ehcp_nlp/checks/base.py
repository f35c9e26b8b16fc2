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
from .results import SEVERITIES, Flag, Statement

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

        framing = lexicon().pattern("framing", anchored=True)
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
        listed = [s for a in self.appendices.values() if lexicon().search("advice_list", a.title) for s in a.statements]
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
        if info.id not in _REGISTRY:
            raise DataFileError(f"data file {_DATA}: no check is registered for rule {info.id!r}")
        built.append(_REGISTRY[info.id](info))
    unlisted = set(_REGISTRY) - seen
    if unlisted:
        raise DataFileError(f"data file {_DATA}: rule(s) {sorted(unlisted)} have no entry")
    return tuple(built)


def _info(entry: dict[str, Any]) -> RuleInfo:
    check_keys(_DATA, entry, {"id", "code", "sections", "severity", "message", "reference", "kinds", "scope"},
               {"id", "code", "sections", "severity", "message"})
    if entry["severity"] not in SEVERITIES:
        raise DataFileError(f"data file {_DATA}: rule {entry['id']!r} has unknown severity {entry['severity']!r}")
    return RuleInfo(
        id=entry["id"], code=entry["code"], sections=tuple(entry["sections"]), severity=entry["severity"],
        message=entry["message"], reference=entry.get("reference", ""),
        kinds=tuple(entry.get("kinds", ("plan",))),
    )


def rules_for(scope: str, section: str | None, kind: str) -> Iterator[Rule]:
    """The rules of ``scope`` that apply to ``section`` in a document of ``kind``."""
    for rule in load_rules():
        if rule.scope == scope and rule.applies_to(section, kind):
            yield rule
