"""Every advertised check, one row that must raise it and one that must not.

Each row is a small document: the text of each section (and, for whole documents, the kind and
front page). ``tests/test_docs.py`` fails if a rule code in ``rules.json`` has no row here, so a
check cannot be switched off without a test noticing.
"""
from datetime import date

import pytest

from ehcp_nlp.checks.base import Context
from ehcp_nlp.checks.engine import _check_units, unit_for
from ehcp_nlp.checks.base import rules_for
from ehcp_nlp.frontpage import read_front_page

_FULL = {key: "Written." for key in ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")}


def codes(sections: dict[str, str], kind: str = "plan", front: str = "", plan_date: date | None = None,
          whole: bool = True) -> set[str]:
    units = {key: unit_for(key, text) for key, text in sections.items()}
    ctx = Context(sections=units, kind=kind, plan_date=plan_date, preamble=front,
                  front=read_front_page(front) if front else None, whole_document=whole)
    flags = list(_check_units(list(units.values()), ctx))
    for rule in rules_for("plan", None, kind):
        flags.extend(rule.check(None, ctx))
    return {f.code for f in flags}


#: code -> (document that must raise it, document that must not); a document is keyword arguments of codes()
ROWS = {
    "section.missing": ({"sections": {"A": "Sam likes trains."}}, {"sections": _FULL}),
    "child_voice.missing": ({"sections": {"A": "Sam is a lively boy who likes trains."}},
                            {"sections": {"A": "Sam told us: 'I like trains and the big slide.'"}}),
    "parent_view.missing": ({"sections": {"A": "I like trains. When I grow up I want to drive one."}},
                            {"sections": {"A": "I like trains. Mum says Sam is kind."}}),
    "aspirations.missing": ({"sections": {"A": "I like trains. Mum says Sam is kind."}},
                            {"sections": {"A": "I like trains. When I grow up I want to drive one."}}),
    "need.vague": ({"sections": {"B": "Sam has ASD."}},
                   {"sections": {"B": "Sam cannot yet blend three sounds and reads 12 of the 100 common words."}}),
    "health.unevidenced_no_needs": ({"sections": {"C": "No health needs."}},
                                    {"sections": {"C": "No health needs, as the school nurse's advice of "
                                                       "3 March 2026 confirms."}}),
    "health.chc_unrecorded": ({"sections": {"C": "Sam is fed by gastrostomy and has buccal midazolam for "
                                                  "seizures."}},
                              {"sections": {"C": "Sam is fed by gastrostomy; continuing care (CHC) was "
                                                 "assessed in May 2025 and he is not eligible."}}),
    "social_care.unevidenced_no_needs": ({"sections": {"D": "No social care needs."}},
                                         {"sections": {"D": "No social care needs: Children's Social Care "
                                                            "confirmed this in its advice of 2 February 2026."}}),
    "outcome.not_smart": ({"sections": {"E": "Sam will improve his reading."}},
                          {"sections": {"E": "By July 2027 Sam will read 50 words accurately."}}),
    "outcome.is_provision": ({"sections": {"E": "Sam will receive weekly speech and language therapy."}},
                             {"sections": {"E": "By July 2027 Sam will read 50 words accurately."}}),
    "outcome.not_aspiration_linked": (
        {"sections": {"A": "When I grow up I want to be a chef.",
                      "E": "By July 2027 Sam will read 50 words accurately."}},
        {"sections": {"A": "When I grow up I want to be a chef.",
                      "E": "By July 2027 Sam will cook a chef's recipe of three steps with one prompt."}}),
    "outcome.unlinked_need": (
        {"sections": {"B": "Sam cannot yet blend three sounds and reads 12 words.",
                      "E": "By July 2027 Sam will say hello to 2 friends each morning."}},
        {"sections": {"B": "Sam cannot yet blend three sounds and reads 12 words.",
                      "E": "By July 2027 Sam will read 50 words accurately."}}),
    "provision.unquantified": ({"sections": {"F": "Speech and language therapy."}},
                               {"sections": {"F": "30 minutes of 1:1 phonics daily with a trained TA."}}),
    "provision.vague_wording": ({"sections": {"F": "Daily phonics with a TA where possible."}},
                                {"sections": {"F": "30 minutes of 1:1 phonics daily with a trained TA."}}),
    "provision.qft_only": ({"sections": {"F": "Visual timetable."}},
                           {"sections": {"F": "Lego therapy in a group of 3 led by a trained TA, 45 minutes "
                                               "weekly."}}),
    "provision.unlinked_need": (
        {"sections": {"B": "Sam cannot yet blend three sounds and reads 12 words.",
                      "F": "A 10-minute daily check-in with his key adult to talk about his worries."}},
        {"sections": {"B": "Sam cannot yet blend three sounds and reads 12 words.",
                      "F": "Phonics for 15 minutes daily with a trained TA to teach reading words."}}),
    "social_care.h1_h2_unclear": ({"sections": {"H": "A short break of 4 hours a month at Oak House."}},
                                  {"sections": {"H": "H1: a short break of 4 hours a month under section 2 of "
                                                     "the CSDPA. H2: none."}}),
    "placement.missing": ({"sections": {"I": "To be confirmed."}},
                          {"sections": {"I": "Oakfield Primary School (a mainstream primary school)."}}),
    "personal_budget.missing": ({"sections": {"J": "See Section F."}},
                                {"sections": {"J": "No personal budget has been requested."}}),
    "advice.undated": ({"sections": {"K": "Educational psychology advice."}},
                       {"sections": {"K": "Educational psychology advice, 3 March 2026."}}),
    "advice.out_of_date": ({"sections": {"K": "Educational psychology advice, 3 March 2024."},
                            "plan_date": date(2026, 4, 1)},
                           {"sections": {"K": "Educational psychology advice, 3 March 2026."},
                            "plan_date": date(2026, 4, 1)}),
    "plan.copied_text": (
        {"sections": {"B": "Sam needs help to stay calm in busy rooms every day.",
                      "F": "Sam needs help to stay calm in busy rooms every day."}},
        {"sections": {"B": "Sam needs help to stay calm in busy rooms every day.",
                      "F": "A 10-minute daily check-in with his key adult at 8.45am."}}),
    "plan.other_child_name": (
        {"sections": {"B": "Sam reads 12 words. Milo eats only three foods."}, "front": "Name: Sam Green"},
        {"sections": {"B": "Sam reads 12 words. Sam eats only three foods."}, "front": "Name: Sam Green"}),
    "plan.pronoun_mismatch": (
        {"sections": {"B": "Maya reads 12 words and she counts to 10. Maya writes her name. Maya likes stories "
                           "and she sings. Maya sits when she is asked. Maya cannot yet blend sounds when he "
                           "reads."}, "front": "Name: Maya Green"},
        {"sections": {"B": "Maya reads 12 words and she counts to 10. Maya writes her name. Maya likes stories "
                           "and she sings. Maya sits when she is asked. Maya cannot yet blend sounds when she "
                           "reads."}, "front": "Name: Maya Green"}),
    "plan.dates_out_of_order": ({"sections": {"K": "Educational psychology advice, 3 May 2026."},
                                 "plan_date": date(2026, 4, 1)},
                                {"sections": {"K": "Educational psychology advice, 3 March 2026."},
                                 "plan_date": date(2026, 4, 1)}),
    "document.dates_inconsistent": (
        {"sections": {"advice": "Sam was seen for assessment on 31 November 2025."}, "kind": "advice"},
        {"sections": {"advice": "Sam was seen for assessment on 30 November 2025."}, "kind": "advice"}),
    "advice.weak": ({"sections": {"advice": "Sam would benefit from a visual timetable where possible."},
                     "kind": "advice"},
                    {"sections": {"advice": "Because Sam reads 12 words, I recommend phonics 1:1 with a trained "
                                            "TA for 15 minutes daily."}, "kind": "advice"}),
    "advice.no_provision": (
        {"sections": {"advice": "Sam finds it hard to sit still in lessons and leaves his seat often. "
                                "He cannot yet blend three sounds when he reads. He struggles to make friends "
                                "at playtime and plays alone. He becomes upset in the noisy hall at lunch. "
                                "His handwriting is slow and he cannot yet form most letters. Outcomes and "
                                "provision will be agreed at a later meeting."}, "kind": "advice"},
        {"sections": {"advice": "Sam finds it hard to sit still in lessons and leaves his seat often. "
                                "He cannot yet blend three sounds when he reads. He struggles to make friends "
                                "at playtime and plays alone. He becomes upset in the noisy hall at lunch. "
                                "His handwriting is slow and he cannot yet form most letters. I recommend "
                                "phonics 1:1 with a trained TA for 15 minutes daily."}, "kind": "advice"}),
    "review.no_amendments": ({"sections": {"review": "Sam has had a good year. No changes are needed."},
                              "kind": "review"},
                             {"sections": {"review": "Outcome 1 is partially achieved: Sam reads 60 of 100 words. "
                                                     "We recommend the outcome is amended to 100 words by July "
                                                     "2027."}, "kind": "review"}),
}


@pytest.mark.parametrize("code", sorted(ROWS))
def test_each_check_fires_on_its_row_and_not_on_its_counterpart(code):
    positive, negative = ROWS[code]
    assert code in codes(**positive), f"{code} not raised on {positive}"
    assert code not in codes(**negative), f"{code} raised on {negative}"
