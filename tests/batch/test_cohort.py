"""The cohort report: figures with known answers on a hand-made batch, and a page that opens offline."""
import base64
import os
import re
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import pytest

from ehcp_nlp.batch.cohort import RATINGS, cohort_figures, fmt_percent, normalise, wording
from ehcp_nlp.batch.records import PlanRecord
from ehcp_nlp.outputs import charts
from ehcp_nlp.outputs.cohort_html import SUGGESTED_NOTE, cohort_html
from tests.browser import Browser, chromium

SVG = "{http://www.w3.org/2000/svg}"
PASTED = "The SENCo will review this provision every half term with the class teacher."
SCORES = {k: 4 for k in ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")}


def flag(code, section="B", severity="major", message="", evidence=""):
    return {"code": code, "section": section, "severity": severity, "message": message or code, "evidence": evidence}


def plan(n, rating, month, flags=(), statements=None, total=40, **extra):
    return PlanRecord(id=f"p{n:02d}", sha256="", file=f"plans/plan_{n:02d}.docx", kind="plan", suggested=rating,
                      total=total, out_of=60, scores=dict(SCORES), flags=list(flags),
                      meta={"audit_month": month} if month else {}, statements=statements or {}, **extra)


def advice(n, service, flags=()):
    return PlanRecord(id=f"a{n:02d}", sha256="", file=f"advice/ep_{n:02d}.pdf", kind="advice", flags=list(flags),
                      meta={"ep_service": service} if service else {})


def weak_advice(*reasons):
    return flag("advice.weak", "advice", message="Professional advice is weak: " + "; ".join(reasons) + ".")


@pytest.fixture
def records():
    return make_records()


def make_records():
    """Ten plans in two months (5 each), three pasting the same sentence; advice, review forms, a failed file."""
    march = ["Inadequate", "Inadequate", "Requires Improvement", "Requires Improvement", "Good"]
    june = ["Requires Improvement", "Requires Improvement", "Good", "Good", "Outstanding"]
    plans = []
    for n, (rating, month) in enumerate([(r, "2026-03") for r in march] + [(r, "2026-06") for r in june]):
        flags, statements = [], {"F": [f"Plan {n} gets its own speech and language therapy programme weekly."]}
        if n in (0, 1, 2, 5):
            flags.append(flag("need.vague"))
        if n in (0, 6):
            flags.append(flag("child_voice.missing", "A"))
        if n == 9:  # Section B missing: need.vague does not apply to this plan
            flags.append(flag("section.missing", "B"))
        if n in (1, 4, 8):  # the same sentence, differently punctuated, in three different plans
            text = PASTED if n != 8 else PASTED.upper().replace("HALF TERM", "half-term").rstrip(".")
            statements["F"].append(text)
        if n == 3:  # repeated three times within one plan only: not boilerplate across plans
            statements["E"] = ["Jo will read forty common words aloud by the end of Year 4."] * 3
        plans.append(plan(n, rating, month, flags, statements, total=30 if month == "2026-03" else 45))
    docs = [
        advice(1, "North EP Service", [weak_advice("nothing is quantified", "no record of the child's own views")]),
        advice(2, "North EP Service", [weak_advice("nothing is quantified"),
                                       flag("plan.other_child_name", "advice", message="Another child's name")]),
        advice(3, "North EP Service"),
        advice(4, "South EP Service", [weak_advice("nothing is quantified")]),
        advice(5, "South EP Service"),
        advice(6, "South EP Service"),
        advice(7, "", [weak_advice("generic or Quality First Teaching recommendations")]),
        PlanRecord(id="r01", sha256="", file="reviews/r1.docx", kind="review", meta={"setting": "Oak Primary"},
                   flags=[flag("review.no_amendments", "review",
                               message="Review paperwork does not do its job: no recommended amendments.")]),
        PlanRecord(id="r02", sha256="", file="reviews/r2.docx", kind="review", meta={"setting": "Elm Academy"}),
        PlanRecord(id="f01", sha256="", file="broken.pdf", status="failed",
                   error="/x/broken.pdf: is not a PDF; re-export it"),
    ]
    return plans + docs


def test_counts_and_rating_distribution(records):
    c = cohort_figures(records)
    assert (c.counts.plans, c.counts.advice, c.counts.reviews, c.counts.failed, c.counts.rated) == (10, 7, 2, 1, 10)
    assert [(d.rating, d.count, d.percent) for d in c.distribution] == [
        ("Outstanding", 1, 10.0), ("Good", 3, 30.0), ("Requires Improvement", 4, 40.0), ("Inadequate", 2, 20.0)]
    assert c.dates.first_month == "2026-03" and c.dates.last_month == "2026-06"
    assert [(f.file, f.error) for f in c.failed] == [("broken.pdf", "/x/broken.pdf: is not a PDF; re-export it")]
    assert c.suggested_only


def test_strength_and_improvement_sentences_count_only_plans_the_check_applies_to(records):
    c = cohort_figures(records)
    checks = {x.code: x for x in c.checks}
    vague = checks["need.vague"]
    assert (vague.applicable, vague.met, vague.not_met) == (9, 5, 4)  # plan 9 has no Section B
    assert c.improvements[0] is vague
    assert vague.improvement == "Better identification of need required in 44% (4) plans."
    voice = checks["child_voice.missing"]
    assert voice.strength == "80% (8) plans capture the child's or young person's views in their own words."
    assert c.strengths and all(s.met_percent == 100 for s in c.strengths)
    assert not {s.code for s in c.strengths} & {s.code for s in c.improvements}


def test_month_trend_sentences_compare_first_and_last_month(records):
    c = cohort_figures(records)
    assert [(m.month, m.plans, m.percents["Inadequate"], m.average_total) for m in c.months] == [
        ("2026-03", 5, 40.0, 30.0), ("2026-06", 5, 0.0, 45.0)]
    assert "Inadequate plans reduced from 40% in March to 0% in June." in c.trends
    assert "Good plans increased from 20% in March to 40% in June." in c.trends
    assert "The average total score rose from 30 in March to 45 in June (out of 60)." in c.trends


def test_no_trend_sentences_when_a_month_has_too_few_plans(records):
    few = [r for r in records if not (r.kind == "plan" and r.month == "2026-06" and r.suggested == "Good")]
    c = cohort_figures(few)
    assert len(c.months) == 2 and c.trends == ()


def test_boilerplate_is_text_repeated_across_different_plans_not_within_one(records):
    assert normalise("  The SENCo, every half-term!") == "the senco every half term"
    c = cohort_figures(records)
    items = c.boilerplate.items
    assert len(items) == 1
    assert (items[0].plans, items[0].sections, items[0].key) == (3, ("F",), normalise(PASTED))
    assert items[0].files == ("plans/plan_01.docx", "plans/plan_04.docx", "plans/plan_08.docx")
    assert c.boilerplate.plans_affected == 3 and c.boilerplate.min_plans == 3


def test_boilerplate_example_text_is_short():
    long = "Sam will have " + " ".join(f"word{i}" for i in range(60)) + "."
    plans = [plan(n, "Good", None, statements={"F": [long]}) for n in range(4)]
    item = cohort_figures(plans).boilerplate.items[0]
    assert item.plans == 4 and len(item.text) <= wording()["settings"]["example_chars"] and item.text.endswith("…")


def test_ep_advice_ranked_and_grouped_by_service(records):
    a = cohort_figures(records).advice
    assert (a.documents, a.weak, a.weak_percent) == (7, 4, 57.1)
    assert a.sentence.endswith("in 57% (4) advice reports.")
    assert a.ranked[0].file == "advice/ep_02.pdf" and a.ranked[0].flags == 2  # two major flags
    assert a.ranked[0].problems == ("nothing is quantified", "another child's name was left in the plan")
    assert a.ranked[1].file == "advice/ep_01.pdf"  # one flag, two problems
    assert [(g.name, g.documents, g.weak, g.weak_percent) for g in a.groups] == [
        ("North EP Service", 3, 2, 66.7), ("South EP Service", 3, 1, 33.3),
        ("Service not named in the manifest", 1, 1, 100.0)]
    assert a.groups[0].problems[0] == ("nothing is quantified", 2)
    assert a.problems[0] == ("nothing is quantified", 3)


def test_review_paperwork_by_setting(records):
    r = cohort_figures(records).reviews
    assert (r.documents, r.weak) == (2, 1)
    assert [(g.name, g.weak) for g in r.groups] == [("Oak Primary", 1), ("Elm Academy", 0)]
    assert r.ranked[0].problems == ("no recommended amendments",)


def test_recommendations_follow_the_commonest_weaknesses_with_their_figures(records):
    c = cohort_figures(records)
    recs = c.recommendations
    assert 3 <= len(recs) <= 5
    assert [r.percent for r in recs] == sorted((r.percent for r in recs), reverse=True)
    assert recs[0].theme == "advice" and "57% (4)" in recs[0].basis
    assert any(r.theme == "need" and r.basis == "Better identification of need required in 44% (4) plans."
               for r in recs)
    assert "ehcp-nlp confirm OUTDIR --from OUTDIR/plans.xlsx" in c.next_steps[0]


def test_wording_data_covers_every_plan_check():
    import json
    from importlib import resources

    rules = json.loads(resources.files("ehcp_nlp").joinpath("data", "rules.json").read_text(encoding="utf-8"))
    plan_codes = {r["code"] for r in rules["rules"] if not r.get("kinds")}
    assert plan_codes <= set(wording()["checks"])
    assert fmt_percent(9.5, 1) == "9.5%" and fmt_percent(10.0, 1) == "10%"


# ----------------------------------------------------------------------------- the page


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.headings, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "img":
            self.images.append(attrs)
        if tag == "h2":
            self.headings.append(attrs.get("id"))


def _agreement() -> dict:
    """Agreement figures as ehcp_nlp.batch.agreement produces them for the report."""
    from ehcp_nlp.batch.agreement import agreement

    pairs = [("Good", "Good")] * 3 + [("Requires Improvement", "Requires Improvement")] * 3 + \
        [("Inadequate", "Requires Improvement"), ("Good", "Requires Improvement")]
    return {"audited": 8, "moderated": 1, "moderated_share": 0.125,
            "tool_vs_auditor": agreement(pairs).to_dict("tool", "auditor", "suggestion"),
            "auditor_vs_moderator": None}


def test_page_is_self_contained_in_order_and_every_chart_is_an_accessible_svg(records):
    page = cohort_html(cohort_figures(records), generated="24 November 2026")
    assert not re.search(r"https?://", page) and "<script" not in page and "<link" not in page
    assert escape(SUGGESTED_NOTE) in page and "ehcp-nlp confirm OUTDIR --from OUTDIR/plans.xlsx" in page
    parsed = _Page()
    parsed.feed(page)
    assert parsed.headings == ["contents", "overview", "outcomes", "moderation", "trends", "scores", "strengths",
                               "improvements", "recommendations", "boilerplate", "template", "advice", "reviews", "failed"]
    assert len(parsed.images) >= 5
    for image in parsed.images:
        assert len(image.get("alt", "")) > 20
        prefix = "data:image/svg+xml;base64,"
        assert image["src"].startswith(prefix)
        svg = ET.fromstring(base64.b64decode(image["src"][len(prefix):]))
        assert svg.tag == f"{SVG}svg" and svg.find(f"{SVG}title") is not None
    tables = [a for t, a in parsed.tags if t == "table"]
    assert page.count("<caption>") == len(tables) and 'scope="col"' in page and 'scope="row"' in page
    assert "Inadequate plans reduced from 40% in March to 0% in June." in page
    assert "/x/broken.pdf" not in page and "is not a PDF; re-export it" in page


def test_page_with_agreement_figures_and_without_months(records):
    undated = [PlanRecord.from_dict({**r.to_dict(), "meta": {}}) for r in records]
    figures = _agreement()
    page = cohort_html(cohort_figures(undated, figures))
    assert escape(SUGGESTED_NOTE) not in page and "auditors have recorded their decisions on 8 plans" in page
    kappa = figures["tool_vs_auditor"]["kappa"]
    assert f"Quadratic weighted kappa</th><td class=\"num\">{kappa:.2f}" in page.replace("\n", "")
    assert all(escape(s) in page for s in figures["tool_vs_auditor"]["sentences"])
    assert "<code>audit_month</code>" in page  # how to supply months


def test_charts_are_well_formed_svg():
    svgs = [charts.bar_chart(["Good", "Inadequate"], [3, 1], title="Ratings", horizontal=False),
            charts.bar_chart(["Section A", "Section B"], [4.5, 2], title="Scores", maximum=5),
            charts.stacked_bar_chart(["Mar 2026", "Jun 2026"], [(r, [25, 25]) for r in RATINGS], title="By month"),
            charts.line_chart(["Mar 2026", "Apr 2026", "Jun 2026"], [("Average", [30, None, 45])], title="Trend"),
            charts.line_chart([f"M{i}" for i in range(20)], [("A", list(range(20))), ("B", [1] * 20)], title="x")]
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.find(f"{SVG}title").text
    assert charts.text_colour(charts.RATING_COLOURS["Outstanding"]) == "#ffffff"
    assert charts.text_colour(charts.RATING_COLOURS["Requires Improvement"]) == "#000000"


def test_page_renders_in_chromium_without_errors(records, tmp_path):
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium on PATH")
        pytest.skip("no Chromium on PATH")
    pages = {"plain": cohort_html(cohort_figures(records)), "agreed": cohort_html(cohort_figures(records, _agreement())),
             "empty": cohort_html(cohort_figures([]))}
    with Browser() as browser:
        for name, html in pages.items():
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            result = browser.open(path)
            assert result["errors"] == [], name
            assert result["title"].startswith("EHCP quality assurance audit")
