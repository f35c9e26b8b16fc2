"""Run the registered checks over loose text, a whole plan, EP advice or annual-review paperwork."""
from __future__ import annotations

from typing import Iterable

from ..frontpage import read_front_page
from ..model import LOST_TEXT, Plan
from ..nlp import clear_cache as clear_parsed
from ..nlp import parse_many
from . import learned
from .base import Context, SectionUnit, rules_for
from .rules.needs import needs_tagging
from .dates import plan_date
from ..model import Flag, Review, SectionText
from .statements import split_statements

KINDS = ("plan", "advice", "review")  #: the kinds that are checked (templates and unknown documents are not)
_NLP_SECTIONS = {"B", "E", "advice"}  # sections whose checks use the language model

def kind_of(section: str) -> str:
    """The document kind a loose ``check --section`` text belongs to."""
    return section if section in ("advice", "review") else "plan"


def unit_for(key: str, text: str, cues: tuple[tuple[int, int], ...] = (), title: str = "") -> SectionUnit:
    """A section's text as checks see it; ``cues`` (spans of its headings and labels) are never statements."""
    return SectionUnit(key, title, text, tuple(split_statements(key, text, cues)))


def check_text(section: str, text: str) -> list[Flag]:
    """Flags for one loose piece of text treated as (part of) ``section``.

    Example:
        >>> [f.code for f in check_text("F", "Access to a small group as required.")]
        ['provision.unquantified', 'provision.vague_wording']
    """
    unit = unit_for(section, text)
    ctx = Context(sections={section: unit}, kind=kind_of(section))
    return list(_check_units([unit], ctx))


def check_many(items: Iterable[tuple[str, str]]) -> list[list[Flag]]:
    """:func:`check_text` for many (section, text) pairs, parsing them in one batch."""
    units = [unit_for(section, text) for section, text in items]
    _prime(units)
    return [list(_check_units([u], Context(sections={u.key: u}, kind=kind_of(u.key)))) for u in units]


def clear_caches() -> None:
    """Forget parsed texts and classifier scores (for benchmarks: every text is then new)."""
    clear_parsed()
    learned.clear_cache()


def _prime(units: list[SectionUnit]) -> None:
    """Batch the slow parts (tagging, classifiers) over all units before checking them one by one."""
    parse_many([s.text for u in units if u.key in _NLP_SECTIONS for s in u.statements
                if u.key != "B" or needs_tagging(s.text)])
    for code, conf in learned.settings().items():
        chosen = [u for u in units if u.key == conf["section"]]
        learned.prime(code, [u.text for u in chosen] if conf["unit"] == "section"
                      else [s.text for u in chosen for s in u.items])


def _check_units(units: list[SectionUnit], ctx: Context) -> Iterable[Flag]:
    for unit in units:
        flags: list[Flag] = []
        for rule in rules_for("statement", unit.key, ctx.kind):
            for statement in unit.items:
                flags.extend(rule.run(statement, ctx))
        for rule in rules_for("section", unit.key, ctx.kind):
            flags.extend(rule.run(unit, ctx))
        yield from _second_opinion(unit, flags, ctx)


def _second_opinion(unit: SectionUnit, flags: list[Flag], ctx: Context) -> list[Flag]:
    """Let a confident trained classifier add a flag the word lists missed, or withdraw one."""
    for code, conf in learned.settings().items():
        rule = next((r for r in rules_for(conf["unit"], unit.key, ctx.kind) if r.info.code == code), None)
        if rule is None or conf["section"] != unit.key:
            continue
        targets = [unit] if conf["unit"] == "section" else list(unit.items)
        for target in targets:
            said = learned.verdict(code, target.text)
            raised = [f for f in flags if f.code == code and (conf["unit"] == "section" or f.start == target.start)]
            if said is False and raised:
                flags = [f for f in flags if f not in raised]
            elif said is True and not raised:
                flags.append(rule.flag(target, rule.info.message + _LEARNED_NOTE,
                                       second_opinion=round(learned.probability(code, target.text) or 0, 3)))
    return flags


_LEARNED_NOTE = " (Raised by the trained check: no listed phrase matched, but this reads like the labelled examples.)"


def detect_kind(plan: Plan) -> str:
    """The document's kind as read from its structure when it was segmented (see :mod:`ehcp_nlp.sections.kind`)."""
    return plan.kind


def review_plan(plan: Plan, kind: str | None = None) -> Review:
    """Every check on a segmented document: a plan's sections, or advice/review paperwork as a whole.

    ``kind`` forces a kind; otherwise the one read from the document is used. A template
    (an unfilled form) or a document of unknown kind gets no checks, only the reason.
    """
    kind = kind or plan.kind
    if kind not in KINDS:
        return Review(source=plan.source, kind=kind, sections={}, statements=(), flags=(), missing=(),
                      warnings=tuple(f"{w.code}: {w.message}" for w in plan.warnings),
                      kind_evidence=plan.kind_evidence)
    if kind == "plan":  # a section with labels but no content is empty: its labels say nothing
        units = {k: unit_for(k, *(s.reading() if s.text.strip() else ("", ())), title=s.title)
                 for k, s in plan.sections.items()}
    else:
        units = {kind: unit_for(kind, *_whole_text(plan), title=kind)}
    # appendices (a plan's list of advice is often one) are read by plan-wide checks, not judged as sections
    appendices = {a.key: unit_for(a.key, *a.reading(), title=a.title) for a in plan.appendices} if kind == "plan" else {}
    _prime(list(units.values()))
    front = plan.preamble.full_text if plan.preamble else ""
    ctx = Context(sections=units, appendices=appendices, kind=kind, plan_date=plan_date(front), preamble=front,
                  front=read_front_page(front), whole_document=True,
                  lost_text=tuple(w.message for w in plan.warnings if w.code in LOST_TEXT))
    flags = list(_check_units(list(units.values()), ctx))
    for rule in rules_for("plan", None, kind):
        flags.extend(rule.run(None, ctx))
    statements = tuple(s for u in units.values() for s in u.statements)
    return Review(
        source=plan.source, kind=kind,
        sections={k: SectionText(k, u.title, u.text) for k, u in (units | appendices).items()},
        statements=statements, flags=tuple(flags), missing=plan.missing if kind == "plan" else (),
        warnings=tuple(f"{w.code}: {w.message}" for w in plan.warnings),
        kind_evidence=plan.kind_evidence if kind == plan.kind else (f"named with --kind {kind}",),
    )


def _whole_text(plan: Plan) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A whole advice report or review form as it reads (headings kept as cues), for checks of the whole."""
    parts = [plan.preamble] if plan.preamble else []
    parts += [*plan.sections.values(), *plan.appendices]
    text, cues = "", []
    for section in parts:
        body, spans = section.reading()
        if section is not plan.preamble and section.title:
            body, spans = f"{section.title}\n{body}", [(0, len(section.title))] + [
                (a + len(section.title) + 1, b + len(section.title) + 1) for a, b in spans]
        if not body.strip():
            continue
        offset = len(text) + (1 if text else 0)
        text = f"{text}\n{body}" if text else body
        cues += [(a + offset, b + offset) for a, b in spans]
    return text, tuple(cues)
