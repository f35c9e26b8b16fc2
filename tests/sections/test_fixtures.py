"""Golden fixture plans in several council templates, PDF, DOCX, text and Markdown:
every section's first and last sentence, the missing sections and the areas of need."""
import json
from pathlib import Path

import pytest

from ehcp_nlp.plan import read_plan
from ehcp_nlp.sections.golden import compare

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"
EXPECTED = sorted(PLANS.glob("*.expected.json"))


def _load(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    plan = read_plan(expected_path.with_name(expected_path.name.removesuffix(".expected.json")))
    return plan, expected


def test_fixtures_cover_four_templates_in_pdf_and_docx():
    seen = {(json.loads(p.read_text())["template"], json.loads(p.read_text())["format"]) for p in EXPECTED}
    templates = {t for t, f in seen if (t, "pdf") in seen and (t, "docx") in seen}
    assert len(templates) >= 4, seen


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.name.removesuffix(".expected.json") for p in EXPECTED])
def test_section_boundaries(expected_path):
    plan, expected = _load(expected_path)
    wrong = [r for r in compare(plan, expected) if not r.ok]
    assert not wrong, [(r.key, r.found, r.first_ok, r.last_ok) for r in wrong]
    assert sorted(plan.missing) == sorted(expected["missing"])
    for key, areas in expected.get("areas", {}).items():
        assert [a.name for a in plan.sections[key].areas] == areas, key
