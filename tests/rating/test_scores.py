"""Section scores follow the rubric in data/scoring.json."""
from pathlib import Path

from ehcp_nlp.checks import review_plan
from ehcp_nlp.model import Flag, Review, SectionText, Statement
from ehcp_nlp.plan import read_plan
from ehcp_nlp.rating.scores import score_review

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"


def _review(flags, statements=(), sections=None):
    sections = sections or {k: SectionText(k, k, "x") for k in
                            ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")}
    return Review("t.docx", "plan", sections, tuple(statements), tuple(flags))


def _flag(code, section, start=0):
    return Flag(code, section, "major", "m", "e", start, start + 1, code)


def test_shares_and_fixed_deductions():
    outcomes = [Statement("E", f"o{i}", i * 10, i * 10 + 2) for i in range(4)]
    flags = [_flag("outcome.not_smart", "E", 0), _flag("outcome.not_smart", "E", 10),
             _flag("child_voice.missing", "A")]
    scores = score_review(_review(flags, outcomes))
    assert scores.sections["E"].score == 3  # 5 - 3.5 * 2/4 = 3.25
    assert scores.sections["A"].score == 3  # 5 - 2.5 = 2.5, rounded half up
    assert scores.sections["K"].score == 5 and scores.total == 5 * 10 + 3 + 3 and scores.out_of == 60


def test_missing_section_scores_zero_and_combined_h_counts_for_both():
    sections = {k: SectionText(k, k, "x") for k in ("A", "B", "C", "D", "E", "F", "G", "H", "I", "K")}
    scores = score_review(_review([], sections=sections))
    assert scores.sections["J"].score == 0 and scores.sections["J"].missing
    assert scores.sections["H1"].score == 5 and scores.sections["H2"].score == 5


def test_weak_fixture_scores_below_strong_fixture():
    def total(name):
        return score_review(review_plan(read_plan(PLANS / name))).total

    assert total("secondary_classic.docx") + 10 < total("early_years_classic.docx")
