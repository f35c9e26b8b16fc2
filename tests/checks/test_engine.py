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
