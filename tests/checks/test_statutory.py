"""C, D, G, H, I, J, K: statutory content checks."""
import pytest

from ehcp_nlp.checks import check_text


@pytest.mark.parametrize("section, text, code, flagged", [
    ("C", "No health needs.", "health.unevidenced_no_needs", True),
    ("C", "The community paediatrician's advice of 3 March 2026 identifies no health needs.",
     "health.unevidenced_no_needs", False),
    ("C", "Ali has asthma, managed with an inhaler in school.", "health.unevidenced_no_needs", False),
    ("D", "There are no social care needs.", "social_care.unevidenced_no_needs", True),
    ("D", "A social care assessment by the Children with Disabilities Team in January 2026 found no eligible "
          "social care needs.", "social_care.unevidenced_no_needs", False),
    ("C", "Mia has a gastrostomy and is fed overnight; she needs emergency medication for seizures.",
     "health.chc_unrecorded", True),
    ("C", "Mia has a gastrostomy; a continuing care assessment (CHC) is under way.", "health.chc_unrecorded", False),
    ("I", "Oak Primary School, a mainstream maintained primary school.", "placement.missing", False),
    ("I", "To be confirmed following consultation.", "placement.missing", True),
    ("J", "Jacob's mum has not requested a personal budget.", "personal_budget.missing", False),
    ("J", "Not applicable.", "personal_budget.missing", True),
    ("K", "Educational psychology advice, 17 March 2025", "advice.undated", False),
    ("K", "Educational psychology advice", "advice.undated", True),
])
def test_section_checks(section, text, code, flagged):
    assert (code in {f.code for f in check_text(section, text)}) is flagged


@pytest.mark.parametrize("section, text, flagged", [
    ("advice", "Sam would benefit from a visual timetable and movement breaks. Staff should consider a calm "
               "space.", True),
    ("advice", "Sam's BPVS score of 72 shows his understanding of words is well below his age, so I recommend "
               "a Word Aware programme, 3 x 20 minutes weekly in a group of 3 led by a trained TA, to address "
               "his vocabulary needs. Sam told me he likes learning new words about space.", False),
    ("review", "Sam has had a good year and has settled well. No changes are needed.", True),
    ("review", "Outcome 1 (reading) is partially achieved: Sam now reads 60 of 100 words (baseline 25). We "
               "recommend the outcome is amended to 100 words by July 2027 and phonics increased to daily.",
     False),
])
def test_advice_and_review(section, text, flagged):
    code = "advice.weak" if section == "advice" else "review.no_amendments"
    assert (code in {f.code for f in check_text(section, text)}) is flagged


@pytest.mark.parametrize("d_text, h2_text, where", [
    ("Children's Social Care confirmed in its advice of 12 December 2024 that no assessment is needed.",
     "No other social care provision is required.", set()),  # H2 rests on D's evidence
    ("No social care needs.", "No other social care provision is required.", {"D"}),  # flagged once, in D
])
def test_no_provision_rests_on_the_evidence_of_its_needs_section(d_text, h2_text, where):
    from ehcp_nlp.checks.base import Context
    from ehcp_nlp.checks.engine import _check_units, unit_for

    units = {"D": unit_for("D", d_text), "H2": unit_for("H2", h2_text)}
    flags = _check_units(list(units.values()), Context(sections=units))
    assert {f.section for f in flags if f.code == "social_care.unevidenced_no_needs"} == where
