"""Misread training copies: statement-level judgements flipped at a known rate, reproducibly."""
import random

from ehcp_nlp.checks import review_plan
from ehcp_nlp.plan import read_plan
from ehcp_nlp.rating.augment import CODES, misread, misreadings
from tests.conftest import FIXTURES

JUDGED = {c for codes in CODES.values() for c in codes}


def _review():
    return review_plan(read_plan(FIXTURES / "plans" / "secondary_classic.docx"))


def _judged(review):
    return {(f.code, f.start) for f in review.flags if f.code in JUDGED}


def test_rate_zero_changes_nothing_and_rate_one_flips_every_judgement():
    review = _review()
    assert misread(review, random.Random(0), rate=0).flags == review.flags
    flipped = misread(review, random.Random(0), rate=1)
    before, after = _judged(review), _judged(flipped)
    assert before and after and not before & after  # every flag dropped, every unflagged item flagged
    judged_items = sum(len(CODES.get(s.section, ())) for s in review.statements)
    assert len(before) + len(after) == judged_items
    assert {f.code for f in flipped.flags} - JUDGED == {f.code for f in review.flags} - JUDGED  # others kept


def test_copies_are_reproducible_and_differ_from_each_other():
    review = _review()
    first, second = [_judged(r) for r in misreadings(review, seed=3, copies=2, rate=0.3)]
    assert [_judged(r) for r in misreadings(review, seed=3, copies=2, rate=0.3)] == [first, second]
    assert first != second
