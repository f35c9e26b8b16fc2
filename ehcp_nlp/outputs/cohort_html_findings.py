"""The cohort report's sections on what the plans do well and less well: strengths, areas for improvement,
recommendations, repeated text, the council's template, professional advice, review paperwork and the
files that could not be read."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import charts
from .cohort_html_blocks import _SECTIONS, _figure, _lower, _section, _sentence_case, _table
from .figures import fmt_percent, share
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]
from .safe_text import show_controls

if TYPE_CHECKING:  # the figures are computed in ehcp_nlp.batch (whose cohort_report imports this)
    from ..batch.cohort_results import CheckShare, Cohort, DocumentFigures

_TEMPLATE_ROWS = 30


def _point(check: CheckShare, sentence: str) -> str:
    ref = f' <span class="ref">({escape(check.reference)})</span>' if check.reference else ""
    return f"<li><strong>{escape(check.title)}</strong> – {escape(sentence)}{ref}</li>"


def _strengths(c: Cohort) -> str:
    if not c.strengths:
        return _section("strengths", ["<p>No check is met by at least half of the plans yet.</p>"])
    return _section("strengths", ['<ul class="points">' + "".join(_point(s, s.strength) for s in c.strengths)
                                  + "</ul>"])


def _improvements(c: Cohort) -> str:
    items = [_point(s, s.improvement) for s in c.improvements]
    for docs, title, key in ((c.advice, "Quality of professional advice", "advice"),
                             (c.reviews, "Quality of review paperwork", "reviews")):
        if docs.weak:
            items.append(f"<li><strong>{title}</strong> – {escape(docs.sentence)} "
                         f'<a href="#{key}">See {escape(dict(_SECTIONS)[key].lower())}</a>.</li>')
    if c.boilerplate.items:
        b = c.boilerplate
        items.append(f"<li><strong>Text repeated across plans</strong> – {share(b.plans_affected, c.counts.plans)} "
                     f"plans contain a sentence found word for word in {b.min_plans} or more different plans. "
                     '<a href="#boilerplate">See repeated text across plans</a>.</li>')
    parts = ['<ul class="points">' + "".join(items) + "</ul>" if items else "<p>No area stands out.</p>"]
    if c.checks:
        checks = sorted(c.checks, key=lambda x: (-x.met_percent, x.code))
        rows = [(escape(x.title), f"<code>{escape(x.code)}</code>", x.applicable, share(x.met, x.applicable),
                 share(x.not_met, x.applicable)) for x in checks]
        table = _table("Plans meeting each check (only plans where the check applies)",
                       ("Check", "Flag code", "Plans checked", "Meeting", "Not meeting"), rows, (2, 3, 4))
        svg = charts.bar_chart([x.title for x in checks], [x.met_percent for x in checks], maximum=100,
                               value_labels=[fmt_percent(x.met_percent) for x in checks],
                               title="Share of plans meeting each check", colours=(charts.PALETTE[0],), width=720)
        alt = "Bar chart of the share of plans meeting each check: " + "; ".join(
            f"{x.title} {fmt_percent(x.met_percent)}" for x in checks) + "."
        parts.append("<details><summary>Every check, with the share of plans meeting it</summary>"
                     + _figure(svg, alt, "Share of plans meeting each check", table) + "</details>")
    return _section("improvements", parts)


def _recommendations(c: Cohort) -> str:
    parts = []
    if c.recommendations:
        parts.append("<h3>The partnership needs to</h3><ol class=\"recs\">" + "".join(
            f"<li>{escape(r.text)}.<span class=\"basis\">Because: {escape(r.basis)}</span></li>"
            for r in c.recommendations) + "</ol>")
    else:
        parts.append("<p>No weakness is common enough to call for a recommendation.</p>")
    if c.next_steps:
        parts.append("<h3>Next steps</h3><ol class=\"recs\">" + "".join(
            f"<li>{escape(s)}.</li>" if not s.endswith(".") else f"<li>{escape(s)}</li>" for s in c.next_steps)
            + "</ol>")
    return _section("recommendations", parts)


def _boilerplate(c: Cohort) -> str:
    b = c.boilerplate
    intro = (f"<p>Sentences of at least {b.min_words} words in Sections B, E and F that appear word for word "
             f"(ignoring case and punctuation) in {b.min_plans} or more different plans. Some will be the "
             "council's own template wording; provision or outcomes pasted between plans should be rewritten "
             "for each child.</p>")
    if not b.items:
        return _section("boilerplate", [intro, "<p>No sentence was found in that many plans.</p>"])
    rows = [(i, f'<span class="example">{escape(x.text)}</span>', x.plans, x.occurrences,
             escape(", ".join(x.sections)),
             "<br>".join(escape(f) for f in x.files[:3]) + (" …" if x.plans > 3 else ""))
            for i, x in enumerate(b.items, 1)]
    caption = "The sentence found in most plans" if len(b.items) == 1 else \
        f"The {len(b.items)} sentences found in most plans"
    table = _table(caption, ("#", "Example text", "Plans", "Times", "Sections", "Some of the plans"), rows, (0, 2, 3))
    note = ('<p class="note">The example text is quoted from the plans. It should not name a child, but a plan that '
            "pasted another child's text may carry that child's name: check before sharing this report.</p>")
    return _section("boilerplate", [intro, f"<p>{share(b.plans_affected, c.counts.plans)} plans contain at least "
                                           "one of these sentences.</p>", table, note])


def _template(c: Cohort) -> str:
    learnt = c.template
    if learnt is None or not learnt.documents:
        return _section("template", ["<p>No template text was learnt for this batch (it was run without "
                                     "learning, or had too few documents).</p>"])
    intro = (f"<p>Text that recurs in at least {fmt_percent(100 * learnt.min_share)} of the "
             f"{learnt.documents} documents read is taken for this council's own template: headings, labels, "
             "guidance and stock sentences. It is never judged as a child's content, so it is not flagged, "
             f"scored or quoted. {len(learnt.pieces)} pieces recur that often; {len(learnt.set_aside)} of them "
             "would otherwise have been read as content and are listed here, so that an auditor can check "
             "nothing that matters was set aside.</p>")
    if not learnt.set_aside:
        return _section("template", [intro])
    rows = [(i, f'<span class="example">{escape(p.example)}</span>', p.documents, p.as_content)
            for i, p in enumerate(learnt.set_aside[:_TEMPLATE_ROWS], 1)]
    more = len(learnt.set_aside) - _TEMPLATE_ROWS
    table = _table("Text set aside as the council's template", ("#", "Text", "Documents", "Read as content in"),
                   rows, (0, 2, 3))
    return _section("template", [intro, table] + ([f"<p>… and {more} more (all in template.json).</p>"] if more > 0 else []))


def _documents(d: DocumentFigures, key: str) -> str:
    noun = d.noun
    if not d.documents:
        return _section(key, [f"<p>No {noun} were in this batch. The kind of each document is read from its "
                              "title; a manifest CSV with a <code>kind</code> column (plan, advice or review) can "
                              "set it.</p>"])
    parts = [f"<p>{escape(d.sentence)}</p>"]
    if d.problems:
        items = "".join(f"<li>{escape(_sentence_case(p))} – {share(n, d.documents)} {noun}</li>"
                        for p, n in d.problems)
        parts.append(f"<p>Commonest problems:</p><ul>{items}</ul>")
    if d.groups:
        rows = [(escape(g.name), g.documents, share(g.weak, g.documents),
                 escape(_sentence_case("; ".join(p for p, _ in g.problems))) or "–") for g in d.groups]
        table = _table(f"{noun.capitalize()} by {_lower(d.group_label)}, weakest first",
                       (d.group_label, noun.capitalize(), "Weak", "Commonest problems"), rows, (1, 2))
        svg = charts.bar_chart([show_controls(g.name) for g in d.groups], [g.weak_percent for g in d.groups],
                               maximum=100,
                               value_labels=[f"{fmt_percent(g.weak_percent)} of {g.documents}" for g in d.groups],
                               colours=(charts.PALETTE[1],), title=f"Weak {noun} by {_lower(d.group_label)}")
        alt = f"Bar chart of the share of weak {noun} by {_lower(d.group_label)}: " + "; ".join(
            f"{g.name} {fmt_percent(g.weak_percent)} of {g.documents}" for g in d.groups) + "."
        parts.append(_figure(svg, alt, f"Share of {noun} flagged as weak", table))
    else:
        parts.append(f"<p>Add a <code>{escape(d.group_by)}</code> column to the manifest CSV to compare them by "
                     f"{escape(_lower(d.group_label))}.</p>")
    flagged = [x for x in d.ranked if x.flags]
    if flagged:
        rows = [(i, escape(x.file), f"<code>{escape(x.id)}</code>", escape(x.group or "–"), x.flags,
                 escape(_sentence_case("; ".join(x.problems)))) for i, x in enumerate(flagged[:25], 1)]
        more = f" (the first 25 of {len(flagged)}; flags.csv lists them all)" if len(flagged) > 25 else ""
        parts.append(_table(f"Flagged {noun}, most serious first{more}",
                            ("Rank", "File", "Id", d.group_label, "Flags", "Problems"), rows, (0, 4)))
    return _section(key, parts)


def _failed(c: Cohort) -> str:
    if not c.failed:
        return _section("failed", ["<p>Every file was read.</p>"])
    rows = [(escape(f.file), escape(_reason(f.file, f.error))) for f in c.failed]
    n = len(c.failed)
    what = "1 file could not be read and is" if n == 1 else f"{n} files could not be read and are"
    return _section("failed", [f"<p>{what} not counted above. Fix each as its reason says and run the batch "
                               "again: files already reviewed are skipped.</p>",
                               _table("Files that could not be read", ("File", "Reason"), rows)])


def _reason(file: str, error: str) -> str:
    """The error without the path it starts with (the file column names the file)."""
    head, sep, tail = error.partition(": ")
    return tail if sep and head.replace("\\", "/").endswith(file) else error
