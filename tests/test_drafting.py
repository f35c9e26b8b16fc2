"""Draft auditor comments: evidence quoted, a fix and a reference given, wording varied but stable."""
import pytest

from ehcp_nlp.pipeline import assess
from ehcp_nlp.checks.base import load_rules
from ehcp_nlp.drafting import templates
from tests.conftest import FIXTURES

PLANS = sorted((FIXTURES / "plans").glob("*_classic.docx")) + sorted((FIXTURES / "plans").glob("*_pfa.docx")) \
    + sorted((FIXTURES / "plans").glob("*_lettered.docx"))


@pytest.fixture(scope="module")
def drafted():
    return {p.name: (assessment, assessment.comments) for p in PLANS for assessment in [assess(p)]}


def test_every_flag_code_has_comment_templates():
    codes = {r.info.code for r in load_rules()}
    assert codes <= set(templates()["improvements"]), sorted(codes - set(templates()["improvements"]))


def test_comments_quote_evidence_say_what_would_fix_it_and_cite_the_code(drafted):
    for name, (assessment, comments) in drafted.items():
        assert comments.marker == "DRAFT – for auditor confirmation"
        assert assessment.rating.suggested in comments.summary, name
        for section in comments.sections:
            kinds = [p.kind for p in section.points]
            assert kinds == sorted(kinds, key=lambda k: k != "strength"), (name, section.section)  # strengths first
            for point in section.improvements:
                assert point.fix and point.text, (name, point)
                flagged = [f for f in assessment.review.flags if f.code in point.codes and f.evidence.strip()]
                if flagged:
                    evidence = " | ".join(" ".join(f.evidence.split()) for f in flagged)
                    evidence = evidence.replace("“", "‘").replace("”", "’").replace('"', "'")
                    assert point.quotes and all(q.rstrip(" …")[:40] in evidence for q in point.quotes), (name, point)
        smart = [p for s in comments.sections for p in s.improvements if "outcome.not_smart" in p.codes]
        assert all(p.reference == "CoP 9.66" for p in smart)


def test_the_same_plan_gets_the_same_draft_and_different_plans_read_differently(drafted):
    first = {name: c.to_dict() for name, (_, c) in drafted.items()}
    again = {p.name: assess(p).comments.to_dict() for p in PLANS[:2]}
    assert all(first[name] == again[name] for name in again)
    openings = {}
    for name, (_, comments) in drafted.items():
        for point in comments.improvements:
            openings.setdefault(point.codes[0], set()).add(point.text.split(" (")[0])
    varied = [code for code, texts in openings.items() if len(texts) > 1]
    assert varied, openings


def test_strengths_are_drafted_for_a_strong_plan(drafted):
    _, comments = drafted["early_years_classic.docx"]
    assert len(comments.strengths) >= 3
    assert any(p.section == "E" for p in comments.strengths)  # its outcomes are SMART
    assert all(p.kind == "strength" for p in comments.strengths)


def test_the_wording_does_not_depend_on_the_folder(tmp_path):
    """The same plan read from two folders (a batch reads a private copy in a folder named after its process) is
    given the same comments, word for word."""
    import shutil

    source = FIXTURES / "plans" / "secondary_classic.docx"
    drafts = []
    for folder in ("one", "two/deeper"):
        (tmp_path / folder).mkdir(parents=True)
        copy = tmp_path / folder / source.name
        shutil.copy(source, copy)
        drafts.append(assess(copy).to_dict()["comments"])
    assert drafts[0] == drafts[1]
