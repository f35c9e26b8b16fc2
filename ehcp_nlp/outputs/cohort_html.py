"""The cohort report as one self-contained HTML page, laid out as a steering-group audit report.

Sections, in order: overview, audit outcomes, moderation and agreement, improvements over time,
average scores, strengths, areas for improvement, recommendations and next steps, repeated text
across plans, professional advice, review paperwork, files that could not be read. Nothing is
fetched: the styles are inline, the charts are SVG images in ``data:`` URIs, there is no script,
and every chart has alt text and its data table beside it. The report is about the cohort: it
names documents by file and id only.

This module lays out the page (its head, styles, contents and footer); the sections are built in
``cohort_html_ratings`` (overview to average scores) and ``cohort_html_findings`` (strengths to
unreadable files), from the blocks in ``cohort_html_blocks``.

Example:
    >>> from ehcp_nlp.batch.cohort import cohort_figures          # doctest: +SKIP
    >>> Path("cohort.html").write_text(cohort_html(cohort_figures(records)))  # doctest: +SKIP
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .cohort_html_blocks import _SECTIONS, SUGGESTED_NOTE, _long_date, _status
from .cohort_html_findings import (_boilerplate, _documents, _failed, _improvements, _recommendations, _strengths,
                                   _template)
from .cohort_html_ratings import CONFIRM_COMMAND, _moderation, _outcomes, _overview, _scores, _trends
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]

if TYPE_CHECKING:  # the figures are computed in ehcp_nlp.batch (whose cohort_report imports this)
    from ..batch.cohort_results import Cohort

__all__ = ["CONFIRM_COMMAND", "SUGGESTED_NOTE", "TITLE", "cohort_html"]

TITLE = "EHCP quality assurance audit – cohort report"

_CSS = """
:root { --ink: #1b1b1b; --muted: #505050; --line: #b1b4b6; --paper: #ffffff; --panel: #f3f2f1; --focus: #ffbf47;
  --link: #1d4f91; --accent: #1d4f91; --warn: #a4262c; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
  background: var(--paper); }
a { color: var(--link); }
a:focus, summary:focus, [tabindex]:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
a:focus { background: var(--focus); color: #000; }
.skip { position: absolute; left: -999px; top: 0; background: var(--focus); color: #000; padding: .5rem; }
.skip:focus { left: 0; }
header { background: #0b0c0c; color: #fff; padding: 1.25rem 1.5rem; }
header h1 { margin: 0; font-size: 1.8rem; }
header p { margin: .3rem 0 0; color: #f3f2f1; }
.marker { display: inline-block; background: #fff; color: var(--warn); font-weight: 700; padding: .1rem .5rem;
  border: 2px solid var(--warn); margin-top: .6rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
nav ol { columns: 2; padding-left: 1.5rem; }
h2 { border-bottom: 3px solid var(--accent); padding-bottom: .25rem; margin-top: 2.75rem; }
h3 { margin-top: 1.75rem; }
.stats { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }
.stats li { background: var(--panel); border-left: 6px solid var(--accent); padding: .6rem 1rem; min-width: 10rem; }
.stats strong { display: block; font-size: 1.9rem; line-height: 1.2; }
.note { background: var(--panel); border-left: 6px solid var(--muted); padding: .75rem 1rem; max-width: 60rem; }
.fig { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0; flex: 0 1 auto; max-width: 100%; }
.fig > div { flex: 1 1 auto; max-width: 100%; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: .9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding-bottom: .3rem; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th, tfoot th, tfoot td { background: var(--panel); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.points li, ol.recs li { margin-bottom: .6rem; max-width: 60rem; }
.ref, .basis { color: var(--muted); font-size: .9rem; }
.basis { display: block; }
code { background: var(--panel); padding: 0 .25rem; }
.example { font-style: italic; }
details { margin: 1rem 0; }
summary { cursor: pointer; font-weight: 700; color: var(--link); }
footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; color: var(--muted); }
@media print { .skip, nav { display: none; } header { background: #fff; color: #000; } header p { color: #000; } }
"""


def cohort_html(cohort: Cohort, title: str = TITLE, generated: str | None = None) -> str:
    """The whole report page, as a string. ``generated`` is the date shown (default: today)."""
    when = generated or _long_date(date.today().isoformat())
    body = [_overview(cohort), _outcomes(cohort), _moderation(cohort), _trends(cohort), _scores(cohort),
            _strengths(cohort), _improvements(cohort), _recommendations(cohort), _boilerplate(cohort), _template(cohort),
            _documents(cohort.advice, "advice"), _documents(cohort.reviews, "reviews"), _failed(cohort)]
    nav = "".join(f'<li><a href="#{key}">{escape(name)}</a></li>' for key, name in _SECTIONS)
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            "<a class=\"skip\" href=\"#main\">Skip to the report</a>\n"
            f"<header><h1>{escape(title)}</h1><p>Generated by ehcp_nlp on {escape(when)}.</p>"
            f"<p class=\"marker\">{escape(_status(cohort))}</p></header>\n"
            f'<main id="main" tabindex="-1"><nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{nav}</ol>'
            "</nav>\n" + "\n".join(body)
            + f"\n<footer><p>Generated by ehcp_nlp, a first-pass quality-assurance tool. {escape(_status(cohort))} "
              "It reads the plans' wording only: auditors' professional judgement decides.</p></footer>"
              "</main>\n</body>\n</html>\n")
