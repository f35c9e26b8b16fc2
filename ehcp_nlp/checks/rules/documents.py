"""Whole documents other than plans: professional advice and annual-review paperwork."""
from __future__ import annotations

import re
from typing import Iterable

from ...nlp import has_model, parse
from ..base import Context, Rule, SectionUnit, register
from ..lexicon import lexicon
from ...model import Flag, Statement
from .needs import judge_need
from .outcomes import smart_missing
from .provision import nature, quantities


def _re(name: str) -> re.Pattern[str]:
    """A pattern from ``lexicons.json`` (the running rule must declare it in its ``uses``)."""
    return lexicon().pattern(name)


def recommends(statement: Statement, loose: bool = True) -> str | None:
    """What this statement of an advice report recommends: ``provision``, an ``outcome``, or ``None``.

    Under a heading such as "Recommendations", "Strategies" or "What will help" a statement
    recommends provision, and under "Outcomes" or "Targets" an outcome, unless the heading says
    it is what is already in place ("Current provision"). Elsewhere it must recommend in words
    ("I recommend", "he should have", "needs a", "would benefit from") or be an instruction
    ("Use simple language"). Disclaimers, form instructions ("you", "this form"), references
    ("See …"), addresses and views reported from others ("Parents feel she needs …") never do.
    "She needs a sensory break" recommends only in a loose statement: in a whole report it is how
    needs are described.
    """
    lex = lexicon()
    text = statement.text
    words = text.split()
    if len(words) < 2 or lex.search("not_recommendation", text) or _title(words) or text.rstrip().endswith(":") \
            or len(words) <= 6 and lex.search("recommendation_heading", text):
        return None  # an address, a form's instruction, a sub-heading ("Occupational Therapy")
    cued = bool(lex.search("recommendation_cue", text) or loose and lex.search("bare_need_cue", text)
                or " | " not in text and _imperative(text))
    heading = statement.heading or ""
    if heading and not lex.search("described_heading", heading):
        if lex.search("outcome_heading", heading):  # "Recommended outcomes", "Outcomes and recommendations"
            if lex.search("child_will", text):
                return "outcome"
            return "provision" if cued or _provision_like(text) else "outcome"
        if lex.search("recommendation_heading", heading) and (cued or not _past(text)):
            return "provision"  # under "Recommendations"; not what was done ("Information was e-mailed to …")
    return "provision" if cued else None


def _past(text: str) -> bool:
    """Does the statement report what happened (a verb in the past tense), not what should happen?"""
    return has_model() and any(t.tag_ == "VBD" for t in parse(text))


def _title(words: list[str]) -> bool:
    """A short line in Title Case is a sub-heading or a letterhead ("Speech and Language Therapy"), not an item."""
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return len(words) <= 8 and bool(long_words) and all(w[0].isupper() for w in long_words) \
        and not words[-1].endswith(".")


def _provision_like(text: str) -> bool:
    """Under "Outcomes", an item that is really provision: "Parents to model brushing teeth", "Movement breaks."."""
    lex = lexicon()
    return bool(lex.search("outcome_as_provision", text) or lex.pattern("who_delivers", anchored=True).match(text)
                or nature(text)[0] != "unclear")


_LEAD_LABEL = re.compile(r"^[^:.;]{2,40}:\s+")


def _imperative(text: str) -> bool:
    """"Use simple language and give processing time.": an instruction to whoever reads the advice."""
    if not has_model():
        return False
    text = _LEAD_LABEL.sub("", text)  # "Physiotherapy advice: encourage an active lifestyle."
    tokens = [t for t in parse(text) if not t.is_punct and not t.is_space]
    return len(tokens) >= 3 and tokens[0].tag_ == "VB" and tokens[0].lower_ not in ("be", "do", "please")


def recommendation_gaps(text: str) -> tuple[list[str], list[str]]:
    """What makes one recommendation weak (any of these), and what it also leaves out (noted, not decisive).

    Weak: nothing quantified (how often, how long, how many), hedged wording ("where
    appropriate", "such as", "may"; not "should" or "would benefit from", which is how advice
    recommends), or only what every class teacher does. Also noted: no one named to deliver it,
    no need it answers.

    Example:
        >>> recommendation_gaps("Sam would benefit from a visual timetable as needed.")[0]
        ['nothing is quantified', "hedged wording ('as needed')", 'only ordinarily available strategies']
    """
    lex = lexicon()
    weak, noted = [], []
    if not (lex.search("frequency", text) or lex.search("advice_quantified", text) or lex.search("time_frame", text)):
        weak.append("nothing is quantified")  # a one-off (a plan, an assessment) is quantified by when it is due
    recommending = lex.pattern("hedge_not_decisive", anchored=True)  # how advice recommends, not a hedge
    hedges = [m.group(0).lower() for m in lex.findall("vague_provision", text) + lex.findall("advice_generic", text)
              if not recommending.fullmatch(m.group(0).strip())]
    if hedges:
        weak.append("hedged wording (" + ", ".join(f"'{h}'" for h in dict.fromkeys(hedges)) + ")")
    if nature(text)[0] == "universal":
        weak.append("only ordinarily available strategies")
    if not quantities(text)["who"]:
        noted.append("no one named to deliver it")
    if not (lex.search("advice_linked", text) or lex.search("need_cue", text) or lex.search("diagnosis_label", text)):
        noted.append("not linked to a need the advice describes")
    return weak, noted


@register("advice.weak")
class AdviceWeak(Rule):
    """Each recommendation should be specific, quantified, say who delivers it and answer a need the advice
    describes; each weak one is flagged with that recommendation as the evidence."""

    scope = "section"

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if ctx.whole_document and family_contribution(unit.items):
            return  # the parents' or the child's own views: not professional advice
        header = ""  # a table's header row ("Area | Outcome by July 2029 | Step"): its time frame times the rows
        for statement in unit.items:
            if _header_row(statement.text):
                header = statement.text
                continue
            header = header if " | " in statement.text else ""
            kind = recommends(statement, loose=not ctx.whole_document)
            if kind == "outcome":
                missing = smart_missing(statement.text)
                if "T" in missing and lexicon().search("time_frame", f"{statement.heading or ''} {header}"):
                    missing.remove("T")
                reasons = [f"a recommended outcome is not SMART ({''.join(missing)} missing)"] if missing else []
            elif kind == "provision":
                weak, noted = recommendation_gaps(_without_label_cell(statement.text))
                reasons = weak + noted if weak else []
            else:
                continue
            if reasons:
                yield self.flag(statement, f"{self.info.message}: {'; '.join(reasons)}.", reasons=reasons)


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split(" | ")]


def _header_row(text: str) -> bool:
    """A table's header row: several cells, each a short label with no sentence in it."""
    cells = _cells(text)
    return len(cells) >= 2 and all(0 < len(c.split()) <= 10 and not c.endswith(".") for c in cells) \
        and lexicon().search("recommendation_heading", text) is None and not lexicon().search("child_will", text) \
        and bool(_re("header_label").search(text))


def _without_label_cell(text: str) -> str:
    """A row led by a short label cell ("Access to the curriculum | …"): judge what follows the label."""
    cells = _cells(text)
    return " | ".join(cells[1:]) if len(cells) >= 3 and len(cells[0].split()) <= 7 else text


_FAMILY_SHARE = 0.05  # of its sentences a family's own form speaks as "we" in; professionals' reports under 0.04


def family_contribution(statements: tuple[Statement, ...]) -> bool:
    """Is the document the family's own contribution to the assessment (a "Parent and Child's Views" form),
    not a professional's advice? A heading names such views, the family speaks as "we" in a good share of
    its sentences, and no professional writes as "I" ("I observed", "in my assessment")."""
    lex = lexicon()
    sentences = [s.text for s in statements if len(s.text.split()) >= 5]
    headed = any(s.heading and lex.search("views_contribution", s.heading) for s in statements)
    we = sum(bool(_re("family_we").search(t)) for t in sentences) / max(len(sentences), 1)
    return headed and we >= _FAMILY_SHARE and len(lex.findall("professional_first_person", " ".join(sentences))) < 2


@register("advice.no_provision")
class AdviceNoProvision(Rule):
    """Advice that describes the child's needs should say what provision would meet them (SEND Regs 2014 reg 6)."""

    scope = "section"
    min_needs = 5  # statements describing this child's difficulties before a report counts as describing needs

    def check(self, unit: SectionUnit, ctx: Context) -> Iterable[Flag]:
        if not ctx.whole_document:
            return  # a loose recommendation or two is judged by advice.weak alone
        if family_contribution(unit.items):
            return
        lex = lexicon()
        names = ctx.front.child_names if ctx.front else ()
        about_child = re.compile(r"\b(?:he|she|his|her|him|" + "|".join(map(re.escape, names)) + r")\b"
                                 if names else r"\b(?:he|she|his|her|him)\b", re.I)
        needs = [s for s in unit.items if len(s.text.split()) >= 6 and " | " not in s.text
                 and about_child.search(s.text)  # about this child, not a form's "the child or young person"
                 and (lex.search("need_cue", s.text) or lex.search("diagnosis_label", s.text))
                 and recommends(s, loose=False) is None and judge_need(s.text) != "not_a_need"]
        if len(needs) < self.min_needs:
            return
        if any(recommends(s, loose=False) == "provision" and _names_provision(s.text) for s in unit.items):
            return
        deferred = next((s for s in unit.items if lexicon().search("provision_deferred", s.text)), None)
        evidence = deferred or needs[0]
        yield self.flag(evidence, needs=len(needs), deferred=bool(deferred))


def _names_provision(text: str) -> bool:
    """Does a recommendation name provision (a quantity, a programme or a strategy), rather than only a need
    for "support" or "a personalised approach", or a further assessment ("DCD should be explored")?"""
    lex = lexicon()
    if lex.search("assessment_recommendation", text):
        return False
    return bool(lex.search("frequency", text) or lex.search("advice_quantified", text)
                or lex.search("specialist_programme", text) or lex.search("qft_strategy", text))


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
