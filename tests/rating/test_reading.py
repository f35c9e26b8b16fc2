"""A rating is withheld, with the reason, when the reading under it cannot be trusted."""
from pathlib import Path

import pytest

from ehcp_nlp.pipeline import assess
from ehcp_nlp.plan import read_plan
from ehcp_nlp.rating.reading import ReadingQuality, reading_quality

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample" / "sample_plan.docx"
BLIND = ROOT / "tests" / "fixtures" / "blind"


def test_a_well_read_plan_is_trusted_at_full_quality():
    reading = reading_quality(read_plan(SAMPLE))
    assert reading.trusted and reading.quality == 1.0 and reading.problems == ()


@pytest.mark.parametrize("path, reason", [
    (BLIND / "word_form" / "wf_blank.docx", "unfilled template"),
    (BLIND / "nonplans_dev" / "ep_report_1.docx", "reads as advice"),
])
def test_no_rating_for_a_document_that_is_not_a_filled_plan_even_when_forced(path, reason):
    result = assess(path, kind="plan")
    assert result.rating is None and reason in result.unrated_reason
    assert result.to_dict()["rating"]["suggested"] is None


def test_no_rating_when_the_text_cannot_be_placed_in_sections(tmp_path):
    body = " ".join(f"Sentence {i} says something about the child's week at school and at home." for i in range(80))
    path = tmp_path / "no_headings.txt"
    path.write_text("Education, Health and Care Plan\n\nName: Sam Green\n\n" + body + "\n", encoding="utf-8")
    result = assess(path, kind="plan")
    assert result.rating is None and "could not be placed" in result.unrated_reason


def test_a_doubtful_reading_lowers_the_confidence_and_says_so():
    from ehcp_nlp.checks import review_plan
    from ehcp_nlp.rating.suggest import suggest

    review = review_plan(read_plan(SAMPLE))
    sure = suggest(review)
    doubtful = suggest(review, reading=ReadingQuality(True, 0.5, ("the reading is uncertain (30% of the text "
                                                                 "outside any section)",)))
    assert doubtful.confidence == pytest.approx(sure.confidence * 0.5) and doubtful.needs_closer_look
    assert doubtful.reasons[0].startswith("The reading is uncertain")
    assert doubtful.probabilities == sure.probabilities
