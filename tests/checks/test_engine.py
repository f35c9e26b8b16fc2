"""Whole-document review: kind detection and the plan-level checks on the golden fixtures."""
from pathlib import Path

import pytest

from ehcp_nlp.checks import detect_kind, review_plan
from ehcp_nlp.plan import read_plan

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.docx")), ids=lambda p: p.name)
def test_every_fixture_plan_is_reviewed_as_a_plan(path):
    """Regression: a front page mentioning the 'annual review' date made plans look like review forms."""
    assert detect_kind(read_plan(path)) == "plan"


def test_weak_plan_golden_thread_and_advice_date():
    review = review_plan(read_plan(PLANS / "secondary_classic.docx"))
    codes = {f.code for f in review.flags}
    assert {"child_voice.missing", "advice.out_of_date", "outcome.not_smart", "provision.qft_only"} <= codes
    old = [f for f in review.flags if f.code == "advice.out_of_date"]
    assert [f.detail["advice_date"] for f in old] == ["2023-09-14", "2022-11-08"]
    assert all(f.detail["plan_date"] == "2025-06-20" for f in old)


def test_strong_plan_is_nearly_clean():
    review = review_plan(read_plan(PLANS / "early_years_classic.docx"))
    assert len([f for f in review.flags if f.severity == "major"]) <= 2


def test_amended_plan_after_annual_review_is_still_a_plan(tmp_path):
    body = "\n".join(f"Section {k}: heading\n{k} text that is long enough to count." for k in "ABCDEFGIJK")
    path = tmp_path / "amended.txt"
    path.write_text("Education, Health and Care Plan - amended following annual review\n\n" + body, encoding="utf-8")
    assert detect_kind(read_plan(path)) == "plan"
    form = tmp_path / "ar.txt"
    form.write_text("Annual Review Report\n\nProgress towards outcomes: Sam met outcome 1.\n", encoding="utf-8")
    assert detect_kind(read_plan(form)) == "review"


def _plan(tmp_path, section_a: str, extra: str = ""):
    text = ("Education, Health and Care Plan\nName: Darcy Rossi\nParents: Priya Rossi and Marco Rossi\n"
            "Date of plan: 1 June 2026\n\nSection A: All about me\n" + section_a + "\n\n"
            "Section K: Advice and information\nThe advice gathered for this plan is listed in Appendix 1.\n\n"
            "Appendix 1: List of advice received\nAdvice | Provided by | Date\n"
            "Educational psychology advice | Dr Ann Owen | 14 March 2026\n" + extra)
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return review_plan(read_plan(path), kind="plan")


def test_advice_listed_in_an_appendix_is_dated(tmp_path):
    review = _plan(tmp_path, "I like art.", "Health advice | Dr Tom Abbott | 9 February 2024\n")
    old = [f for f in review.flags if f.code == "advice.out_of_date"]
    assert [f.section for f in old] == ["appendix-1"] and "9 February 2024" in old[0].evidence
    assert review.sections["appendix-1"].title.startswith("Appendix 1")
    assert not [f for f in review.flags if f.code == "advice.undated"]  # the pointer to the appendix is not advice
    assert not [f for f in _plan(tmp_path, "I like art.").flags if f.code == "advice.out_of_date"]


def test_front_page_names_tell_parents_from_the_child(tmp_path):
    codes = {f.code for f in _plan(tmp_path, "Priya says that Darcy loves art. She wants staff to listen.").flags}
    assert "child_voice.missing" in codes and "parent_view.missing" not in codes
    codes = {f.code for f in _plan(tmp_path, "My hopes for the future\nLonger-term aspirations for Darcy: to draw.").flags}
    assert "child_voice.missing" in codes
    codes = {f.code for f in _plan(tmp_path, "What my family say\nThey are worried about mornings.").flags}
    assert "parent_view.missing" not in codes
