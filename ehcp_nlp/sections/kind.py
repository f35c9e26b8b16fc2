"""What kind of document this is — plan, advice, review, template or unknown — from its structure.

Not from one keyword: a social care advice form that asks for "Section E:
Outcomes sought" is still advice. The evidence weighed is the statutory
sections found and in what form, the title lines, who signs it, how it is
written (a professional's "I observed…", a review's progress and amendments)
and, first, whether it is filled in at all: a form most of whose fields are
empty or placeholders is a template, and is not reviewed. Cues and weights are
in ``data/kinds.json``; the evidence for the verdict goes with it.

Example:
    >>> from ehcp_nlp.model import Block, Document
    >>> from ehcp_nlp.sections import segment
    >>> form = Document("f.docx", "docx", tuple(
    ...     Block("table_row", f"{label}: | {{{{ {label.lower()} }}}}", cells=(f"{label}:", f"{{{{ {label.lower()} }}}}"),
    ...           table=0, row=i) for i, label in enumerate(["Name", "Date of birth", "School", "Views",
    ...                                                      "Needs", "Outcomes", "Provision", "Placement"])))
    >>> plan = segment(form)
    >>> plan.kind, plan.kind_evidence[0]
    ('template', 'looks like an unfilled template: 8 of 8 fields are empty or placeholders')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model import CUE_ROLES, Block, Document, Plan
from ..resources import check_keys, compile_pattern, load_json

if TYPE_CHECKING:
    from .sequence import Choice

_DATA = "kinds.json"
KINDS = ("plan", "advice", "review", "template", "unknown")
_WHERE = ("title", "text", "signed")
_SUBJECT = re.compile(r"^\s*(?:re|subject)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class _Cue:
    kind: str
    where: str
    weight: float
    why: str
    pattern: re.Pattern[str]
    min_count: int = 1
    max_weight: float = 0.0


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "template", "min_score", "title_lines", "title_max_words", "signed_lines",
                             "per_section", "per_lettered_section", "sections_for_plan", "cues"},
               {"template", "min_score", "cues"})
    cues = []
    for entry in data["cues"]:
        check_keys(_DATA, entry, {"kind", "where", "weight", "why", "pattern", "min_count", "max_weight"},
                   {"kind", "where", "weight", "why", "pattern"})
        if entry["kind"] not in KINDS or entry["where"] not in _WHERE:
            raise ValueError(f"data file {_DATA}: bad kind or where in {entry}")
        cues.append(_Cue(entry["kind"], entry["where"], float(entry["weight"]), entry["why"],
                         compile_pattern(_DATA, entry["pattern"]), int(entry.get("min_count", 1)),
                         float(entry.get("max_weight", 0.0))))
    return {**data, "cues": tuple(cues)}


@dataclass(frozen=True)
class Fields:
    """A form's fields: a label or heading with its answer, or a placeholder standing alone."""

    total: int
    empty: int

    @property
    def unfilled(self) -> bool:
        settings = _settings()["template"]
        return self.total >= settings["min_fields"] and self.empty >= settings["min_empty_share"] * self.total


def count_fields(doc: Document) -> Fields:
    """Count fields: a label or heading followed by content is filled; one followed by a placeholder
    (or nothing before the next label) is empty; a label followed straight by another is a container."""
    total = empty = 0
    pending: str | None = None  # the role of the last thing seen after a cue
    for role in _roles(doc.blocks):
        if role in CUE_ROLES:
            if pending == "placeholder":
                total, empty = total + 1, empty + 1
            pending = "cue"
        elif role == "content":
            if pending in ("cue", "placeholder"):
                total += 1
                empty += pending == "placeholder"
            pending = None
        elif role == "placeholder":
            if pending is None:
                total, empty = total + 1, empty + 1
            else:
                pending = "placeholder"
    if pending == "placeholder":
        total, empty = total + 1, empty + 1
    return Fields(total, empty)


def _roles(blocks: tuple[Block, ...]):
    for block in blocks:
        yield from block.part_roles()


def classify(plan: Plan, doc: Document, choice: "Choice") -> Plan:
    """``plan`` with its kind and the evidence for it."""
    fields = count_fields(doc)
    if fields.unfilled:
        return replace(plan, kind="template", kind_evidence=(
            f"looks like an unfilled template: {fields.empty} of {fields.total} fields are empty or placeholders",))
    empty = [k for k, s in plan.sections.items() if not s.text.strip()]
    settings = _settings()["template"]
    if (len(plan.sections) >= settings["min_sections"] and len(empty) >= settings["min_empty_share"] * len(plan.sections)
            and fields.empty >= settings["min_placeholders"]):
        return replace(plan, kind="template", kind_evidence=(
            f"looks like an unfilled template: {len(empty)} of {len(plan.sections)} sections have nothing "
            f"written in them yet and {fields.empty} fields are empty or placeholders",))
    scores, evidence = _score(plan, doc, choice)
    settings = _settings()
    best = max(("plan", "advice", "review"), key=lambda k: scores[k])
    if scores[best] < settings["min_score"]:
        return replace(plan, kind="unknown", kind_evidence=(
            "not recognised as a plan, advice or review paperwork: " + ("; ".join(evidence) or "no evidence either way"),))
    return replace(plan, kind=best, kind_evidence=tuple(e.split(": ", 1)[1] for e in evidence
                                                        if e.startswith(f"{best}: ")))


def _score(plan: Plan, doc: Document, choice: "Choice") -> tuple[dict[str, float], list[str]]:
    settings = _settings()
    scores = {"plan": 0.0, "advice": 0.0, "review": 0.0}
    evidence: list[str] = []
    filled = [k for k, s in plan.sections.items() if s.text.strip()]
    lettered = {k for c in choice.chosen if c.match.strong for k in c.keys} & set(filled)
    if len(filled) >= settings["sections_for_plan"]:
        weight = settings["per_section"] * len(filled) + settings["per_lettered_section"] * len(lettered)
        scores["plan"] += weight
        evidence.append(f"plan: {len(filled)} statutory sections with content ({', '.join(filled)})")
    texts = {"title": _title(doc, settings), "text": _text(doc), "signed": _signed(doc, settings)}
    titled: dict[str, int] = {}  # kind -> where in the title lines its cue first matched
    for cue in settings["cues"]:
        found = list(cue.pattern.finditer(texts[cue.where]))
        if len(found) >= cue.min_count:
            weight = cue.weight * (len(found) if cue.max_weight else 1)
            weight = min(weight, cue.max_weight) if cue.max_weight else weight
            scores[cue.kind] += weight
            evidence.append(f"{cue.kind}: {cue.why}")
            if cue.where == "title":
                titled[cue.kind] = found[0].start()
    if "advice" in titled and "review" in titled:  # "SEN support plan review … Jayden's views": the first names it
        later = max(("advice", "review"), key=lambda k: titled[k])
        scores[later] -= next(c.weight for c in settings["cues"] if c.kind == later and c.where == "title") / 2
    if "plan" in titled and set(titled) & {"advice", "review"}:
        # "EHC plan – annual review report", "advice for an EHC plan": the plan is what it is about
        scores["plan"] -= next(c.weight for c in settings["cues"] if c.kind == "plan" and c.where == "title")
        evidence.remove("plan: titled as an EHC plan")
    return scores, evidence


def _title(doc: Document, settings: dict[str, Any]) -> str:
    """The document's title lines: short lines near its start, above its first paragraph of prose,
    and a letter's subject line ("Re: … psychological advice for …")."""
    lines = []
    for block in doc.blocks[:settings["title_lines"]]:
        if lines and _body_begins(block, settings):
            break  # the form's fields or the letter's text: the title is above
        for (_, text), role in zip(block.parts(), block.part_roles()):
            short = len(text.split()) <= settings["title_max_words"]
            if _SUBJECT.match(text) or short and role not in ("placeholder", "blank", "guidance"):
                lines.append(text)
    return "\n".join(lines)


def _body_begins(block: Block, settings: dict[str, Any]) -> bool:
    """A paragraph of prose: the document's body, below its title (a details table may come first)."""
    return block.kind != "table_row" and any(
        r == "content" and len(t.split()) > settings["title_max_words"] and not _SUBJECT.match(t)
        for (_, t), r in zip(block.parts(), block.part_roles()))


def _signed(doc: Document, settings: dict[str, Any]) -> str:
    return "\n".join(b.text for b in doc.blocks[-settings["signed_lines"]:])


def _text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)[:200_000]
