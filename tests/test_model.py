import json

from ehcp_nlp.model import Block, Document, ExtractionWarning, Plan
from ehcp_nlp.sections import segment


def _doc() -> Document:
    blocks = (
        Block("paragraph", "Name: Ada", page=1),
        Block("heading", "Section A: About me", page=1, level=1),
        Block("paragraph", "I like swings.", page=1),
        Block("table_row", "Need | Outcome", page=2, cells=("Need", "Outcome", ""), table=0, row=0),
        Block("heading", "Section B: Special educational needs", page=2, level=1, emphasis=True),
        Block("heading", "Cognition and learning", page=2, level=2),
        Block("list_item", "Ada reads 20 words.", page=3),
    )
    return Document("ada.pdf", "pdf", blocks, pages=3, warnings=(ExtractionWarning("x", "y", 2),))


def test_document_json_round_trip():
    doc = _doc()
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


def test_plan_json_round_trip_keeps_sections_areas_and_locations():
    plan = segment(_doc())
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    assert again.sections["B"].areas[0].name == "Cognition and learning"
    assert again.sections["B"].page_start == 2 and again.sections["B"].page_end == 3


def test_block_rejects_unknown_kind():
    import pytest
    with pytest.raises(ValueError):
        Block("picture", "x")


def test_review_json_round_trip_keeps_typed_sections_statements_and_flags():
    from pathlib import Path

    from ehcp_nlp.checks import review_plan
    from ehcp_nlp.model import Review, SectionText
    from ehcp_nlp.plan import read_plan

    plans = Path(__file__).resolve().parent / "fixtures" / "plans"
    review = review_plan(read_plan(plans / "secondary_table_form.docx"))
    assert review.flags and review.statements
    again = Review.from_dict(json.loads(json.dumps(review.to_dict())))
    assert again == review
    assert all(isinstance(s, SectionText) and s.key == k for k, s in again.sections.items())
    for flag in again.flags:  # every flag's evidence still sits at its offsets in its section's text
        if flag.section in again.sections and flag.evidence:
            assert again.text_of(flag.section)[flag.start:flag.end] == flag.evidence
    assert again.text_of("Z") == "" and again.title_of("Z") == ""
