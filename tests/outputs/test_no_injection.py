"""No injection through the auditor's exports: a plan's markup, links and direction controls come out as text."""
import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ehcp_nlp.pipeline import assess
from ehcp_nlp.outputs.html import report_html
from ehcp_nlp.outputs.markdown import report_markdown
from ehcp_nlp.outputs.report import build_report
from ehcp_nlp.outputs.safe_text import BIDI_CONTROLS, escape_html, escape_markdown, show_controls
from ehcp_nlp.outputs.word import report_docx
from tests.conftest import FIXTURES

ROOT = FIXTURES.parent.parent
RLO = "\u202e"
HOSTILE = ('=HYPERLINK("http://127.0.0.1/x","open") <script>alert(1)</script> <img src=x onerror=alert(2)> '
           '<svg onload=fetch("http://127.0.0.1:8000/")> [click me](http://127.0.0.1/) '
           "![pixel](http://127.0.0.1/p.png) <http://127.0.0.1/auto> <b>bold</b> <!-- hidden --> &lt;kept&gt; "
           f"invoice{RLO}fdp.exe and \u2066isolate\u2069 `code` *stars* _under_ C:\\temp\\*")
# a file name a Windows folder could hold, too
HOSTILE_NAME = f"=SUM(1+1) [x](http...) {RLO}gnp.txt"


def hostile_plan(folder, name=HOSTILE_NAME):
    """A fixture plan with hostile lines in Sections A and B (also as a link definition and a formula)."""
    text = (FIXTURES / "plans" / "nonverbal_lettered.txt").read_text(encoding="utf-8")
    text = text.replace("A. All about me\n", f"A. All about me\n\n@SUM(1+1)*cmd|' /C calc'!A0 {HOSTILE}\n", 1)
    text = text.replace("B. My special educational needs\n", f"B. My special educational needs\n\n{HOSTILE}\n\n"
                        "[x]: http://127.0.0.1/definition\n\n+cmd|' /C calc'!A0\n", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    return build_report(assess(hostile_plan(tmp_path_factory.mktemp("hostile"))))


@pytest.fixture(scope="module")
def sample_report():
    return build_report(assess(ROOT / "corpus" / "sample" / "sample_plan.docx"))


def _no_bidi(text: str) -> bool:
    return not any(c in BIDI_CONTROLS for c in text)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.comments = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_comment(self, data):
        self.comments.append(data)


def _rendered(md: str) -> str:
    """The Markdown rendered as CommonMark with raw HTML allowed (the most permissive common setting)."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)


# -- Markdown ------------------------------------------------------------------------------------------------------


def test_markdown_export_leaves_a_hostile_plan_inert(hostile_report):
    md = report_markdown(hostile_report)
    assert "&lt;script>alert(1)&lt;/script>" in md and "[U+202E]" in md     # the text is there, shown
    assert not re.search(r"<[A-Za-z/!?]", md)                               # no tag, comment or autolink starts
    assert not re.search(r"(?<!\\)\]\s*[(\[:]", md)                          # no ] that closes a link or image
    assert _no_bidi(md)
    assert "# Quality assurance review of EHC plan: =SUM(1+1) [x\\](http...) [U+202E]gnp.txt" in md
    page = _rendered(md)
    tags = _Tags()
    tags.feed(page)
    assert tags.tags <= {"h1", "h2", "h3", "p", "strong", "em", "ul", "ol", "li", "code", "table", "thead", "tbody",
                         "tr", "th", "td"}, tags.tags
    assert not tags.comments and {(tag, name) for tag, name, _ in tags.attrs} <= {("th", "style"), ("td", "style")}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;svg onload=" in page
    assert "[click me](http://127.0.0.1/)" in page and "![pixel](http://127.0.0.1/p.png)" in page
    assert "=SUM(1+1) [x](http...) [U+202E]gnp.txt</h1>" in page
    assert "&amp;lt;kept&amp;gt;" in page and "`code` *stars* _under_" in page and "C:\\temp\\*" in page
    assert _no_bidi(page)


@pytest.mark.parametrize("text, rendered", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
    ("<svg/onload=alert(1)>", "&lt;svg/onload=alert(1)&gt;"),
    ("<http://127.0.0.1/a>", "&lt;http://127.0.0.1/a&gt;"),
    ("<a@example.com>", "&lt;a@example.com&gt;"),
    ("[text](http://127.0.0.1/)", "[text](http://127.0.0.1/)"),
    ("[text] (http://127.0.0.1/)", "[text] (http://127.0.0.1/)"),
    ("[text][ref]", "[text][ref]"),
    ("![img](http://127.0.0.1/p.png)", "![img](http://127.0.0.1/p.png)"),
    ("[ref]: http://127.0.0.1/", "[ref]: http://127.0.0.1/"),
    ("&#60;script&#62; &amp; &copy;", "&amp;#60;script&amp;#62; &amp;amp; &amp;copy;"),
    ("`code` and ``more``", "`code` and ``more``"),
    ("*bold* __strong__", "*bold* __strong__"),
    ("\\*not bold\\* \\<", "\\*not bold\\* \\&lt;"),
    ("> not a quote", "&gt; not a quote"),
    (f"a{RLO}b \u2066c\u2069 \u200ed\u200f \u061ce \u202a\u202b\u202c\u202d\u2067\u2068",
     "a[U+202E]b [U+2066]c[U+2069] [U+200E]d[U+200F] [U+061C]e "
     "[U+202A][U+202B][U+202C][U+202D][U+2067][U+2068]"),
])
def test_escaped_markdown_renders_as_the_text_itself(text, rendered):
    md = escape_markdown(text)
    page = _rendered(md)
    assert page == f"<p>{rendered}</p>\n", (md, page)


def test_ordinary_text_is_unchanged_by_the_markdown_escape():
    for text in ("Tomek's parents hope he will communicate his needs and choices, be as independent as possible.",
                 "Speech & language therapy: 3 x 30 minutes a week (direct), reviewed each term by the SaLT.",
                 "[CHILD] lives with [PARENT 1] and attends [SCHOOL]; see Appendix 1 - the EP's advice.",
                 "Outcome 2 (by July 2026): [CHILD] will read 50+ words; 1:1 support #3 ~ 20 mins.",
                 "Costs £1,200 – 100% funded; email a.b@example.com or see www.example.gov.uk/local-offer"):
        assert escape_markdown(text) == text


def test_plan_text_in_markdown_is_the_plan_text_apart_from_escaping(sample_report):
    report = replace(sample_report, sections=tuple(replace(s, flags=()) for s in sample_report.sections))
    md = report_markdown(report)
    lines = [line.strip() for s in report.sections for line in s.text.split("\n") if line.strip()]
    assert len(lines) > 50
    plain = [line for line in lines if not re.search(r"[*_`<>&\\]|\]\s*[(\[:]", line)]  # [CHILD] is plain
    assert len(plain) > 0.8 * len(lines)
    assert all(line in md for line in plain)                                 # ordinary text as it is
    assert all(escape_markdown(line) in md for line in lines)                # the rest escaped, nothing lost


def test_a_flag_number_and_the_plan_text_after_it_make_no_link(hostile_report):
    section = next(s for s in hostile_report.sections if s.key == "B")
    text = section.text + "\n"
    flag = replace(section.flags[0] if section.flags else hostile_report.flags[0], start=0, end=5, section="B")
    text = text[:5] + "(http://127.0.0.1/after)" + text[5:]
    report = replace(hostile_report, sections=tuple(replace(s, text=text, flags=(flag,)) if s.key == "B" else s
                                                    for s in hostile_report.sections))
    md = report_markdown(report)
    assert f"[F{flag.number}]\\(http://127.0.0.1/after)" in md
    assert 'href="http://127.0.0.1/after"' not in _rendered(md)


# -- HTML and Word -------------------------------------------------------------------------------------------------


def test_html_export_leaves_a_hostile_plan_inert(hostile_report):
    page = report_html(hostile_report)
    tags = _Tags()
    tags.feed(page)
    assert not tags.tags & {"script", "img", "svg", "iframe", "object", "embed", "link", "b"}
    assert not [a for a in tags.attrs if a[1].startswith("on") or re.match(r"(?i)\s*(https?:|//|javascript:)", a[2])]
    assert not tags.comments
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;svg onload=" in page
    assert "invoice[U+202E]fdp.exe" in page and "[U+2066]isolate[U+2069]" in page and _no_bidi(page)
    assert escape_html(hostile_report.source) in page


def test_word_export_shows_direction_controls(hostile_report):
    from docx import Document

    doc = Document(io.BytesIO(report_docx(hostile_report)))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    text = "\n".join(texts + [doc.core_properties.title])
    assert _no_bidi(text) and "Document: =SUM(1+1) [x](http...) [U+202E]gnp.txt" in text


def test_word_export_of_a_normal_plan_is_unchanged(sample_report):
    from docx import Document

    doc = Document(io.BytesIO(report_docx(sample_report)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "[U+" not in text and sample_report.comments.summary in text


def test_controls_that_would_break_word_and_excel_are_shown_too():
    assert show_controls("a\x00b\x0bc\x1fd\te\nf\rg") == "a[U+0000]b[U+000B]c[U+001F]d\te\nf\rg"
    assert show_controls("ordinary text – with “quotes” and é") == "ordinary text – with “quotes” and é"


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path):
    import os
    import shutil

    from click.testing import CliRunner

    from ehcp_nlp.cli import main

    source = Path(__file__).resolve().parents[2] / "corpus" / "sample" / "sample_plan.docx"
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/plan\xff.docx")
    shutil.copy(source, name)
    for fmt in ("md", "html", "docx", "json"):
        result = CliRunner().invoke(main, ["review", name, "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")])
        assert result.exit_code == 0, (fmt, result.output)
