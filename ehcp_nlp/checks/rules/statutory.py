"""Sections C, D, G, H, I, J, K and the statutory minimum (CoP 9.62, 9.69-9.71).

``placement.missing`` and ``personal_budget.missing`` are word lists only: see their ``word_list`` in ``rules.json``.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from ...model import SECTION_KEYS
from ..base import Context, Rule, SectionUnit, register
from ..dates import find_dates
from ..lexicon import lexicon
from ..statements import split_sentences
from ...model import Flag

_H_KEYS = ("H", "H1", "H2")



class _NoNeedsUnevidenced(Rule):
    """'No needs' must rest on advice or an assessment, named and dated (CoP 9.69).

    For a provision section the needs section of the same part (C for G, D for H)
    may give that evidence: "No provision is required" after "Social care confirmed
    in its advice of … that no assessment is needed" rests on it.
    """

    scope = "section"
    _NEEDS = {"G": "C", "H": "D", "H1": "D", "H2": "D"}

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        lex = lexicon()
        claim = lex.search("no_needs", unit.text)
        needs = ctx.sections.get(self._NEEDS.get(unit.key, ""))
        if claim and needs is not None and lex.search("no_needs", needs.text):
            return  # the needs section says so too, and is judged (and flagged) there
        text = f"{unit.text}\n{needs.text}" if needs is not None else unit.text
        # sentences saying advice was requested but not received are no evidence of an assessment
        evidence = " ".join(s for s in split_sentences(text) if not lex.search("evidence_pending", s))
        if claim and not lex.search("assessment_evidence", evidence):
            yield self.flag(unit, evidence=claim.group(0), start=claim.start(), end=claim.end())


@register("health.unevidenced_no_needs")
class HealthNoNeeds(_NoNeedsUnevidenced):
    pass


@register("social_care.unevidenced_no_needs")
class SocialCareNoNeeds(_NoNeedsUnevidenced):
    pass


@register("health.chc_unrecorded")
class ChcUnrecorded(Rule):
    """Complex health needs should say whether continuing care (CHC) has been considered."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        lex = lexicon()
        marker = next((m for m in lex.findall("chc", unit.text)
                       if m.group(0).lower() not in ("chc", "continuing care", "continuing health care")), None)
        mentions_chc = lex.search("chc_named", unit.text)
        if marker and not mentions_chc:
            yield self.flag(unit, evidence=marker.group(0), start=marker.start(), end=marker.end())


@register("social_care.h1_h2_unclear")
class H1H2Unclear(Rule):
    """Social care provision must separate H1 (CSDPA s2) from H2 (CoP 9.71)."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        present = {k: ctx.sections[k] for k in _H_KEYS if k in ctx.sections}
        if "H" in present and present["H"].text.strip():
            h = present["H"]
            if not lexicon().search("h1_marker", h.text):
                yield self.flag(h)
        elif "H1" in present and "H2" in present:
            h1, h2 = present["H1"], present["H2"]
            if h1.text.strip() and h1.text.strip() == h2.text.strip() and len(h1.text) > 40:
                yield self.flag(h2, "H1 and H2 contain the same text: " + self.info.message)


@register("advice.undated")
class AdviceUndated(Rule):
    """Section K should list each piece of advice with its date (CoP 9.62)."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        for statement in unit.items:
            if lexicon().search("advice_item", statement.text) and not find_dates(statement.text):
                yield self.flag(statement)


@register("advice.out_of_date")
class AdviceOutOfDate(Rule):
    """Advice more than 12 months older than the plan should be refreshed.

    The advice is listed in Section K or in an appendix it points to ("listed in Appendix 1").
    """

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        k = ctx.sections.get("K")
        plan_date = ctx.plan_date
        if not k or not isinstance(plan_date, date):
            return
        for statement in ctx.advice_statements():
            for found, when in find_dates(statement.text):
                if (plan_date - when).days > 365:
                    months = (plan_date - when).days * 12 // 365
                    message = f"{self.info.message} (dated {found}, about {months} months before the plan)."
                    yield self.flag(statement, message, plan_date=plan_date.isoformat(), advice_date=when.isoformat())
                    break


@register("section.missing")
class SectionMissing(Rule):
    """Sections A-K are the statutory minimum and must be separately labelled (CoP 9.62)."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        if not ctx.whole_document:
            return
        present = {k for k, s in ctx.sections.items() if s.text.strip()}
        if "H" in present:
            present |= {"H1", "H2"}
        for key in SECTION_KEYS:
            if key not in present:
                message = self.info.message.format(section=key)
                if ctx.lost_text:  # the plan is not to blame for what the reader could not read
                    message += f" It may be in the text that could not be read ({'; '.join(ctx.lost_text)})."
                yield Flag(self.info.code, key, self.info.severity, message, "", 0, 0, self.info.id,
                           self.info.reference)
