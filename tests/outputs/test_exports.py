"""The auditor's exports (Markdown, HTML, Word) for every fixture plan, and the HTML in a real browser."""
import io
import os
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from ehcp_nlp.pipeline import assess
from ehcp_nlp.cli import main
from ehcp_nlp.outputs.html import report_html
from ehcp_nlp.outputs.markdown import report_markdown
from ehcp_nlp.outputs.report import build_report
from ehcp_nlp.outputs.word import report_docx
from tests.browser import Browser, chromium
from tests.conftest import FIXTURES

ROOT = FIXTURES.parent.parent
PLANS = sorted(p for p in (FIXTURES / "plans").iterdir() if p.suffix in (".docx", ".pdf", ".txt", ".md")
               and p.name != "README.md") + [ROOT / "corpus" / "sample" / "sample_plan.docx"]


@pytest.fixture(scope="module")
def reports():
    return {path.name: build_report(assess(path)) for path in PLANS}


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external = set(), set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        href = attrs.get("href") or ""
        if href.startswith("#"):
            self.links.add(href[1:])
        if tag in ("script", "link", "img", "iframe") or re.match(r"(?i)https?:|//", href or attrs.get("src", "")):
            self.external.append((tag, attrs))


def test_every_fixture_plan_exports_to_markdown_html_and_word(reports):
    from docx import Document

    assert len(reports) >= 20
    for name, report in reports.items():
        md = report_markdown(report)
        assert md.startswith("# Quality assurance review") and "DRAFT – for auditor confirmation" in md, name
        assert "## Draft auditor comments" in md and "## Flags" in md and "## The plan, section by section" in md
        page = report_html(report)
        parser = _Ids()
        parser.feed(page)
        assert not parser.external, (name, parser.external[:3])  # nothing fetched: it opens offline
        assert parser.links <= parser.ids, (name, sorted(parser.links - parser.ids)[:5])  # every jump lands
        placed = [f for f in report.flags if f.start is not None]
        assert all(f"id=\"{f.anchor}\"" in page for f in placed)
        doc = Document(io.BytesIO(report_docx(report)))  # the Word file opens again in python-docx
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "DRAFT – for auditor confirmation" in text and "Auditor's judgement" in text, name
        judgement = doc.tables[-1]
        assert judgement.rows[0].cells[0].text.startswith("Auditor's rating") and judgement.rows[0].cells[1].text == ""
        if report.rating is not None:
            assert report.rating.suggested in doc.tables[0].rows[0].cells[1].text


def test_flagged_passages_are_highlighted_where_the_evidence_is(reports):
    report = reports["sample_plan.docx"]
    by_key = {s.key: s for s in report.sections}
    placed = [f for f in report.flags if f.start is not None]
    assert len(placed) >= 0.8 * len(report.flags)
    for flag in placed:
        assert by_key[flag.section].text[flag.start:flag.end] == flag.evidence


def test_html_renders_in_headless_chromium_without_console_errors(reports, tmp_path):
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have headless Chromium (.ci/run installs it)")
        pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium)")
    with Browser() as browser:
        for name, report in reports.items():
            page = tmp_path / f"{name}.html"
            page.write_text(report_html(report), encoding="utf-8")
            shot = tmp_path / "sample.png" if name == "sample_plan.docx" else None
            result = browser.open(page, screenshot=shot, focus="mark" if shot else None)
            assert result["errors"] == [], (name, result["errors"])
            assert result["title"].startswith("Quality assurance review")
            assert result["focusable"] >= sum(f.start is not None for f in report.flags) // 2
        assert (tmp_path / "sample.png").stat().st_size > 10_000


def test_review_command_writes_each_format(tmp_path):
    runner = CliRunner()
    sample = str(ROOT / "corpus" / "sample" / "sample_plan.docx")
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"review.{fmt}"
        result = runner.invoke(main, ["review", sample, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 2000
    result = runner.invoke(main, ["review", sample, "--format", "docx"])
    assert result.exit_code == 2 and "give -o FILE.docx" in result.output


def test_exports_are_redacted_unless_asked_not_to(tmp_path):
    runner = CliRunner()
    sample = str(ROOT / "corpus" / "sample" / "sample_plan.docx")
    redacted = runner.invoke(main, ["review", sample, "--format", "md"]).output
    plain = runner.invoke(main, ["review", sample, "--format", "md", "--no-redact"]).output
    assert "Jacob" in plain and "Whitfield" in plain and "NOT REDACTED" in plain
    assert "Jacob" not in redacted and "Whitfield" not in redacted and "[CHILD]" in redacted
    assert "9 November 2015" not in redacted and "K820401115009" not in redacted


def test_ep_advice_exports_without_a_rating(tmp_path):
    advice = tmp_path / "ep.txt"
    advice.write_text("Educational Psychology Advice\n\nName: Sam Jones\nDate of birth: 3 May 2016\n\nRecommendations\n"
                      "Sam would benefit from a visual timetable. Staff should consider movement breaks.\n",
                      encoding="utf-8")
    md = CliRunner().invoke(main, ["review", str(advice), "--format", "md"]).output
    assert "no rating is suggested" in md and "## The document, section by section" in md
    assert "advice.weak" in md and "Sam" not in md and "3 May 2016" not in md
