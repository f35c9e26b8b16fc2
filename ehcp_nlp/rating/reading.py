"""Can this document's reading be trusted enough to suggest a rating? (Know when not to answer.)

A rating is only as good as the reading under it. It is withheld, with the reason, when the
document is not a filled plan (an unfilled template reviewed with ``--kind plan``), when too little
text was read, when much of the text could not be placed in any section, when most of it is the
form's own wording (guidance, prompts, placeholders), or when text was lost (scanned or damaged
pages). Short of that, the quality of the reading (0–1) lowers the suggestion's confidence, and the
reasons say so.

Example:
    >>> from ehcp_nlp.plan import read_plan                                     # doctest: +SKIP
    >>> reading_quality(read_plan("corpus/sample/sample_plan.docx")).trusted    # doctest: +SKIP
    True
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import LOST_TEXT, Block, Plan
from ..resources import load_json

_TEMPLATE_ROLES = frozenset({"guidance", "placeholder", "prompt"})
_LOST_TEXT = LOST_TEXT


@dataclass(frozen=True)
class ReadingQuality:
    """How far a plan's reading can be trusted: ``trusted`` (rate it at all), ``quality`` (0–1, scales
    the confidence) and ``problems`` in words."""

    trusted: bool
    quality: float
    problems: tuple[str, ...] = ()
    unplaced_share: float = 0.0
    template_share: float = 0.0


def reading_quality(plan: Plan) -> ReadingQuality:
    """Judge the reading of ``plan`` against the limits in ``data/reading.json``."""
    limits = load_json("reading.json")
    placed = sum(_words(s.blocks, {"content"}) for s in plan.sections.values())
    unplaced = _words(plan.preamble.blocks, {"content"}) if plan.preamble else 0
    unplaced = max(0, unplaced - limits["front_page_words"])  # a front page is expected outside the sections
    blocks = [b for s in (*plan.sections.values(), *plan.appendices) for b in s.blocks]
    blocks += list(plan.preamble.blocks) if plan.preamble else []
    everything = _words(blocks)
    template = _words(blocks, _TEMPLATE_ROLES)
    unplaced_share = unplaced / max(placed + unplaced, 1)
    template_share = template / max(everything, 1)
    withheld = []
    if plan.kind == "template":
        withheld.append("the document looks like an unfilled template, not a filled plan")
    elif plan.kind in ("advice", "review", "unknown"):
        what = {"advice": "advice", "review": "review paperwork", "unknown": "no known kind of document"}[plan.kind]
        withheld.append(f"the document reads as {what}, not a filled plan"
                        + (f" ({plan.kind_evidence[0]})" if plan.kind_evidence else ""))
    if placed + unplaced < limits["min_words"]:
        withheld.append(f"too little text was read to rate ({placed + unplaced} words)")
    if unplaced_share >= limits["max_unplaced_share"]:
        withheld.append(f"{unplaced_share:.0%} of the text could not be placed in a statutory section, so "
                        "sections that may be there could not be read")
    if template_share >= limits["max_template_share"]:
        withheld.append(f"most of the document is the form's own wording ({template_share:.0%}: guidance, "
                        "prompts, placeholders)")
    lost = [w.message for w in plan.warnings if w.code in _LOST_TEXT]
    if lost:
        withheld.append("text was lost: " + "; ".join(lost))
    quality = 1.0 - limits["unplaced_weight"] * max(0.0, unplaced_share - limits["unplaced_allowance"]) \
        - limits["template_weight"] * max(0.0, template_share - limits["template_allowance"])
    quality = min(1.0, max(0.0, quality))
    doubts = []
    if not withheld and quality < limits["doubt_below"]:
        doubts.append(f"the reading is uncertain ({unplaced_share:.0%} of the text outside any section, "
                      f"{template_share:.0%} form wording), so the confidence is lowered")
    return ReadingQuality(not withheld, 0.0 if withheld else quality, tuple(withheld or doubts),
                          round(unplaced_share, 3), round(template_share, 3))


def _words(blocks: list[Block] | tuple[Block, ...], roles: set[str] | frozenset[str] | None = None) -> int:
    return sum(len(text.split()) for b in blocks for (_, text), role in zip(b.parts(), b.part_roles())
               if roles is None or role in roles)
