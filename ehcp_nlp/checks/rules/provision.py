"""Section F: is each provision item quantified, firm and more than Quality First Teaching?

Hedged wording (``provision.vague_wording``) is a word list only: see its ``word_list`` in ``rules.json``.
"""
from __future__ import annotations

from typing import Iterable

from ..base import Context, Rule, register
from ..lexicon import lexicon
from ...model import Flag, Statement


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


def nature(text: str) -> tuple[str, str]:
    """What kind of provision ``text`` is: ``individual``, ``universal`` or ``unclear``, and the words that said so.

    Individual: anything made or arranged for one child: a named programme, specialist
    input, 1:1 or a small group, an individual plan, or time from an adult other than the
    class's own staff at a stated frequency. Universal: what a class teacher does for every
    pupil: a listed everyday strategy, or wording about teaching, the curriculum or the
    classroom, or addressed to pupils in general. Unquantified "support" with none of these is
    unclear: it is vague, not ordinarily available.

    Example:
        >>> nature("Face the learner when speaking")
        ('universal', 'the learner')
        >>> nature("Lego therapy in a group of three, 30 minutes weekly")[0]
        'individual'
    """
    lex = lexicon()
    for key in ("specialist_programme", "individualised", "individual_setting"):
        found = lex.search(key, text)
        if found:
            return "individual", found.group(0)
    strategy = lex.search("qft_strategy", text)
    if strategy:
        return "universal", strategy.group(0)
    delivered = lex.pattern("delegated_design").sub(" ", text)
    ordinary = lex.pattern("ordinary_deliverer", anchored=True)
    extra = [m for m in lex.findall("who_delivers", delivered) if not ordinary.fullmatch(m.group(0).strip())]
    timed = lex.search("frequency", text)
    if extra and timed:
        return "individual", f"{extra[0].group(0)} ... {timed.group(0)}"
    if lex.pattern("support_head", anchored=True).match(text):
        return "unclear", ""
    for key in ("generic_recipient", "teaching_practice"):
        found = lex.search(key, text)
        if found:
            return "universal", found.group(0)
    return "unclear", ""


@register("provision.qft_only")
class QftOnly(Rule):
    """Ordinarily available provision alone is not special educational provision (CFA 2014 s21).

    Judged by what the item is (:func:`nature`), not by how often it happens: a
    quantified Quality First Teaching strategy is still ordinarily available.
    """

    scope = "statement"

    def check(self, unit: Statement, ctx: Context) -> Iterable[Flag]:
        kind, words = nature(unit.text)
        if kind == "universal":
            yield self.flag(unit, strategy=words)
