"""Section F: is each provision item quantified, firm and more than Quality First Teaching?"""
from __future__ import annotations

from typing import Iterable

from ..base import Context, Rule, register
from ..lexicon import lexicon
from ..results import Flag, Statement


def quantities(text: str) -> dict[str, bool]:
    """Which elements of a quantified provision item ``text`` states.

    Example:
        >>> quantities("30 minutes of 1:1 reading daily with a trained teaching assistant")
        {'how_often': True, 'who': True}
    """
    lex = lexicon()
    delivered = lex.pattern("delegated_design").sub(" ", text)  # "designed by the OT" is not who delivers it
    return {"how_often": bool(lex.search("frequency", text)), "who": bool(lex.search("who_delivers", delivered))}


@register("provision.unquantified")
class Unquantified(Rule):
    """Provision must say how often or how much, and who delivers it (CoP 9.69)."""

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        found = quantities(unit.text)
        missing = [k for k, v in found.items() if not v]
        if missing:
            words = {"how_often": "how often or for how long", "who": "who delivers it"}
            yield self.flag(unit, f"{self.info.message} Missing: {' and '.join(words[m] for m in missing)}.",
                            missing=missing)


@register("provision.vague_wording")
class VagueWording(Rule):
    """Hedged words leave room for doubt about what must be provided (CoP 9.69; case law on specificity)."""

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        hedges = lexicon().findall("vague_provision", unit.text)
        if hedges:
            words = list(dict.fromkeys(m.group(0).lower() for m in hedges))
            quoted = ", ".join(f"'{w}'" for w in words)
            yield self.flag(unit, f"{self.info.message} ({quoted}).", words=words)


@register("provision.qft_only")
class QftOnly(Rule):
    """Ordinarily available strategies alone are not special educational provision (CFA 2014 s21).

    How often a class teacher does it does not change what it is: a quantified
    Quality First Teaching strategy is still ordinarily available.
    """

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        lex = lexicon()
        strategy = lex.search("qft_strategy", unit.text)
        if not strategy or lex.search("specialist_programme", unit.text) or lex.search("individualised", unit.text):
            return  # a named programme, specialist input or something made for this child
        yield self.flag(unit, strategy=strategy.group(0))
