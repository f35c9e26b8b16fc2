"""Whole documents other than plans: professional advice and annual-review paperwork."""
from __future__ import annotations

from typing import Iterable

from ..base import Context, Rule, SectionUnit, register
from ..lexicon import lexicon
from ..results import Flag, Statement
from .voice import child_voice_evidence


def advice_profile(unit: SectionUnit) -> dict[str, int]:
    """Counts of what strong and weak advice contain (quantities, links to needs, generic phrases, QFT)."""
    lex = lexicon()
    text = unit.text
    return {
        "quantified": len(lex.findall("advice_quantified", text)),
        "programmes": len(lex.findall("specialist_programme", text)),
        "linked": len(lex.findall("advice_linked", text)),
        "generic": len(lex.findall("advice_generic", text)),
        "qft": len(lex.findall("qft_strategy", text)),
        "child_views": int(child_voice_evidence(unit.text) is not None),
    }


def _first_with(statements: tuple[Statement, ...], entries: tuple[str, ...]) -> Statement | None:
    for statement in statements:
        if any(lexicon().search(entry, statement.text) for entry in entries):
            return statement
    return None


@register("advice.weak")
class AdviceWeak(Rule):
    """Advice should be specific to the child, quantified and linked to the needs it describes."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if not unit.text.strip():
            return
        p = advice_profile(unit)
        reasons = []
        if not p["quantified"]:
            reasons.append("nothing is quantified")
        if not p["linked"]:
            reasons.append("recommendations are not linked to the needs described")
        if p["generic"] > p["linked"] + p["quantified"] or (p["qft"] >= 2 and not p["quantified"]):
            reasons.append("generic or Quality First Teaching recommendations")
        if ctx.whole_document and not p["child_views"]:
            reasons.append("no record of the child's own views")
        if reasons and (not p["quantified"] or len(reasons) >= 2):
            weakest = _first_with(unit.statements, ("advice_generic", "qft_strategy")) or unit.statements[0]
            yield self.flag(weakest, f"{self.info.message}: {'; '.join(reasons)}.", reasons=reasons, **p)


@register("review.no_amendments")
class ReviewNoAmendments(Rule):
    """Review paperwork should review progress against each outcome and recommend amendments."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if not unit.text.strip():
            return
        lex = lexicon()
        reviewed = bool(lex.search("progress_review", unit.text))
        proposals = lex.pattern("no_amendment").sub(" ", unit.text)  # "no changes are needed" amends nothing
        amended = bool(lex.search("amendment", proposals))
        if reviewed and amended:
            return
        reasons = ([] if reviewed else ["no review of progress against outcomes"]) + \
                  ([] if amended else ["no recommended amendments"])
        yield self.flag(unit.statements[0] if unit.statements else unit,
                        f"{self.info.message}: {'; '.join(reasons)}.", reasons=reasons)
