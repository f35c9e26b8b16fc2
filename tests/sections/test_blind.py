"""Documents written blind (tests/fixtures/blind): each read as its writer says, kind and sections."""
import json
from pathlib import Path

import pytest

from ehcp_nlp.plan import read_plan
from ehcp_nlp.sections.golden import compare_anchors

BLIND = Path(__file__).resolve().parent.parent / "fixtures" / "blind"
TRUTHS = sorted(BLIND.rglob("*.truth.json"))


def test_every_layout_is_here():
    assert len({p.parent.name for p in TRUTHS}) == 6 and len(TRUTHS) >= 50


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[f"{p.parent.name}/{p.name.removesuffix('.truth.json')}"
                                                    for p in TRUTHS])
def test_kind_and_sections_as_the_writer_says(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    plan = read_plan(truth_path.with_name(truth_path.name.removesuffix(".truth.json")))
    assert plan.kind == truth["kind"], plan.kind_evidence
    if truth["kind"] == "plan":
        wrong = [key for key, ok in compare_anchors(plan, truth).items() if not ok]
        assert not wrong
