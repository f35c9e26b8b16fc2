"""The cohort report as one self-contained HTML page, laid out as a steering-group audit report.

Sections, in order: overview, audit outcomes, moderation and agreement, improvements over time,
average scores, strengths, areas for improvement, recommendations and next steps, repeated text
across plans, professional advice, review paperwork, files that could not be read. Nothing is
fetched: the styles are inline, the charts are SVG images in ``data:`` URIs, there is no script,
and every chart has alt text and its data table beside it. The report is about the cohort: it
names documents by file and id only.

Example:
    >>> from ehcp_nlp.batch.cohort import cohort_figures          # doctest: +SKIP
    >>> Path("cohort.html").write_text(cohort_html(cohort_figures(records)))  # doctest: +SKIP
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Sequence

from ..batch.cohort import RATINGS, Cohort, CheckShare, DocumentFigures, fmt_percent, month_label, share
from . import charts
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]
from .safe_text import show_controls

TITLE = "EHCP quality assurance audit – cohort report"
SUGGESTED_NOTE = "Ratings are the tool's suggestions until auditors confirm them."
CONFIRM_COMMAND = "ehcp-nlp confirm OUTDIR --from OUTDIR/plans.xlsx"
_TEMPLATE_ROWS = 30
_SECTIONS = (("overview", "Overview"), ("outcomes", "Audit outcomes"), ("moderation", "Moderation and agreement"),
             ("trends", "Improvements over time"), ("scores", "Average scores"), ("strengths", "Strengths"),
             ("improvements", "Areas for improvement"), ("recommendations", "Recommendations and next steps"),
             ("boilerplate", "Repeated text across plans"), ("template", "The council's template text"),
             ("advice", "Professional advice"),
             ("reviews", "Review paperwork"), ("failed", "Files that could not be read"))

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


# ----------------------------------------------------------------------------- building blocks


def _status(cohort: Cohort) -> str:
    if cohort.suggested_only:
        return SUGGESTED_NOTE
    audited = int(cohort.agreement.get("audited") or 0) if cohort.agreement else 0
    return (f"Ratings are the tool's suggestions; auditors have recorded their decisions on {audited} plans "
            "(see Moderation and agreement).")


def _section(key: str, body: Iterable[str]) -> str:
    name = dict(_SECTIONS)[key]
    return f'<section aria-labelledby="{key}"><h2 id="{key}">{escape(name)}</h2>' + "".join(body) + "</section>"


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Iterable[int] = (),
           foot: Sequence[Any] | None = None, row_headers: bool = True) -> str:
    """A table with a caption, column headers (scope=col) and, by default, row headers (scope=row)."""
    nums = set(numeric)

    def cells(row: Sequence[Any], tag: str = "td") -> str:
        out = []
        for i, value in enumerate(row):
            cls = ' class="num"' if i in nums else ""
            if i == 0 and row_headers:
                out.append(f'<th scope="row"{cls}>{value}</th>')
            else:
                out.append(f"<{tag}{cls}>{value}</{tag}>")
        return "".join(out)

    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in nums else ""}>{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    tail = f"<tfoot><tr>{cells(foot)}</tr></tfoot>" if foot else ""
    return (f'<div class="scroll"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody>{tail}</table></div>")


def _figure(svg: str, alt: str, caption: str, table: str) -> str:
    """A chart as an image (with alt text) and, beside it, the table it is drawn from."""
    return _figures([(svg, alt, caption)], table)


def _figures(images: Sequence[tuple[str, str, str]], table: str) -> str:
    """Charts as images (each with alt text), then the table they are drawn from beside or below them."""
    figures = "".join(f'<figure><img src="{charts.data_uri(svg)}" alt="{escape(alt)}">'
                      f"<figcaption>{escape(caption)}</figcaption></figure>" for svg, alt, caption in images)
    return f'<div class="fig">{figures}<div>{table}</div></div>'


def _long_date(iso: str | None) -> str:
    try:
        when = date.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    return f"{when.day} {when.strftime('%B %Y')}"


def _pct(value: float) -> str:
    return fmt_percent(value, 1)


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _lower(label: str) -> str:
    """"Setting" -> "setting", but "EP service" stays as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------- sections


def _overview(c: Cohort) -> str:
    n = c.counts
    stats = [(n.plans, "plans"), (n.advice, "advice reports"), (n.reviews, "review forms"),
             (n.failed, "files could not be read")]
    stats += [(v, k) for v, k in ((n.templates, "unfilled templates (not reviewed)"),
                                  (n.unknown, "documents of unknown kind (not reviewed)")) if v]
    parts = ['<ul class="stats">' + "".join(f"<li><strong>{v}</strong>{escape(k)}</li>" for v, k in stats) + "</ul>"]
    d = c.dates
    if d.first_plan:
        parts.append(f"<p>Plans dated {escape(_long_date(d.first_plan))} to {escape(_long_date(d.last_plan))}.</p>")
    if d.first_month:
        parts.append(f"<p>Audit months: {escape(month_label(d.first_month))} to "
                     f"{escape(month_label(d.last_month or d.first_month))}.</p>")
    if n.rated < n.plans:
        parts.append(f"<p>{n.plans - n.rated} plans have no suggested rating (no rating model was available when "
                     "they were reviewed); their flags and scores are still counted.</p>")
    parts.append(f'<p class="note"><strong>{escape(_status(c))}</strong> This report is about the cohort: it '
                 "names no children. Documents are identified by their file name and id only. Figures count "
                 "the tool's flags; a plan meets a check when the tool raised no flag for it.</p>")
    return _section("overview", parts)


def _outcomes(c: Cohort) -> str:
    rated = c.counts.rated
    if not rated:
        return _section("outcomes", ["<p>No plan has a suggested rating yet: install the rating model "
                                     "(see the README) and run the batch again.</p>"])
    rows = [(escape(d.rating), d.count, fmt_percent(d.percent)) for d in c.distribution]
    table = _table("Suggested rating of each plan", ("Rating", "Number of EHCPs", "Percentage"), rows, (1, 2),
                   foot=("Total", rated, "100%"))
    labels = [f"{d.count} ({fmt_percent(d.percent)})" for d in c.distribution]
    svg = charts.bar_chart(RATINGS, [d.count for d in c.distribution], title="Suggested ratings",
                           value_labels=labels, horizontal=False, width=520)
    alt = f"Bar chart of suggested ratings for {rated} plans: " + "; ".join(
        f"{d.rating} {d.count} ({fmt_percent(d.percent)})" for d in c.distribution) + "."
    return _section("outcomes", [_figure(svg, alt, "EHCP outcomes (suggested ratings)", table)])


def _moderation(c: Cohort) -> str:
    a = c.agreement
    if not a or not a.get("audited"):
        return _section("moderation", [
            "<p>No auditor decisions are recorded yet, so every rating in this report is the tool's suggestion. "
            "Auditors fill in the Auditor and Moderator columns of <code>plans.xlsx</code>; record them with "
            f"<code>{escape(CONFIRM_COMMAND)}</code> and make the report again.</p>"])
    share_text = a.get("moderated_share")
    parts = [f"<p>Auditors have recorded decisions on {int(a.get('audited') or 0)} plans; "
             f"{int(a.get('moderated') or 0)} were moderated"
             + (f" ({fmt_percent(100 * float(share_text))} of audits)" if share_text is not None else "") + ".</p>"]
    for key, heading, rows_name, cols_name in (("tool_vs_auditor", "The tool's suggestions and auditors' ratings",
                                                "tool", "auditor"),
                                               ("auditor_vs_moderator", "Auditors' and moderators' ratings",
                                                "auditor", "moderator")):
        if a.get(key):
            parts.append(_agreement_block(a[key], heading, rows_name, cols_name))
    return _section("moderation", parts)


def _agreement_block(figures: dict[str, Any], heading: str, first: str, second: str) -> str:
    n = int(figures.get("n") or 0)
    parts = [f"<h3>{escape(heading)}</h3>"]
    stats = [("Plans compared", str(n))]
    for key, label in (("exact", "Same rating"), ("within_one", "Within one grade")):
        if figures.get(key) is not None:
            stats.append((label, _rate(figures[key], n)))
    kappa = figures.get("kappa", figures.get("qwk"))
    if kappa is not None:
        stats.append(("Quadratic weighted kappa", f"{float(kappa):.2f}"))
    elif figures.get("kappa_note"):
        stats.append(("Quadratic weighted kappa", str(figures["kappa_note"])))
    parts.append(_table(f"Agreement: {first} and {second}", ("Measure", "Value"),
                        [(escape(k), escape(v)) for k, v in stats], (1,)))
    if figures.get("sentences"):  # they already say each upgrade and downgrade, as the seed report does
        parts.append("<ul>" + "".join(f"<li>{escape(str(s))}</li>" for s in figures["sentences"]) + "</ul>")
    else:
        for key, label in (("upgrades", "Upgraded"), ("downgrades", "Downgraded")):
            if figures.get(key):
                parts.append(f"<p>{label}:</p><ul>" + "".join(f"<li>{escape(_describe(x))}</li>"
                                                             for x in figures[key]) + "</ul>")
    matrix = figures.get("confusion")
    if isinstance(matrix, dict):
        matrix = matrix.get("matrix")
    if matrix and len(matrix) == len(RATINGS):
        rows = [(escape(RATINGS[i]), *row) for i, row in enumerate(matrix)]
        parts.append(_table(f"Rows: {first}'s rating; columns: {second}'s rating", ("", *RATINGS), rows,
                            range(1, len(RATINGS) + 1)))
    return "".join(parts)


def _rate(value: Any, n: int) -> str:
    if isinstance(value, float) and 0 <= value <= 1:
        return fmt_percent(100 * value, 1)
    return f"{value} of {n}" if n else str(value)


def _describe(item: Any) -> str:
    if isinstance(item, dict):
        who = item.get("file") or item.get("id") or ""
        if "from" in item and "to" in item:
            return f"{who}: {item['from']} to {item['to']}".strip(": ")
        return "; ".join(f"{k}: {v}" for k, v in item.items())
    return str(item)


def _trends(c: Cohort) -> str:
    if not c.months:
        return _section("trends", [
            "<p>The audit month of each plan is not known, so there are no month-by-month figures. Supply them "
            "with a manifest CSV that has a <code>file</code> column and an <code>audit_month</code> column "
            "(for example <code>2026-03</code>), passed to the batch with <code>--manifest</code>; plans "
            "without one are placed by the date on their front page.</p>"])
    parts = []
    if c.trends:
        parts.append('<ul class="points">' + "".join(f"<li>{escape(s)}</li>" for s in c.trends) + "</ul>")
    else:
        parts.append(f"<p>Months are compared once at least two months have "
                     f"{c.settings.get('trend_min_plans', 5)} or more plans each.</p>")
    labels = [m.label for m in c.months]
    short = [show_controls(_short_month(m.month)) for m in c.months]  # charts show text as it is: controls shown
    series = [(r, [m.percents[r] for m in c.months]) for r in RATINGS]
    rows = [(escape(m.label), m.plans, *(f"{m.counts[r]} ({_pct(m.percents[r])})" for r in RATINGS),
             _n(m.average_total)) for m in c.months]
    table = _table("Suggested ratings and average total score by audit month",
                   ("Month", "Plans", *RATINGS, "Average total"), rows, range(1, 7))
    svg = charts.stacked_bar_chart(short, series, title="Suggested ratings by audit month")
    alt = ("Stacked bar chart of the share of each suggested rating by audit month: "
           + "; ".join(f"{m.label}: " + ", ".join(f"{r} {_pct(m.percents[r])}" for r in RATINGS) for m in c.months))
    totals = [m.average_total for m in c.months]
    line = charts.line_chart(short, [("Average total score", totals)], title="Average total score by audit month",
                             maximum=float(c.averages.out_of or 60))
    line_alt = (f"Line chart of the average total score (out of {c.averages.out_of or 60}) by audit month: "
                + "; ".join(f"{label} {_n(t)}" for label, t in zip(labels, totals)))
    parts.append(_figures([(svg, alt, "Share of each suggested rating, month by month"),
                           (line, line_alt, "Average total score, month by month")], table))
    return _section("trends", parts)


def _short_month(month: str) -> str:
    label = month_label(month)
    return f"{label[:3]} {label[-4:]}" if label != month else month


def _scores(c: Cohort) -> str:
    av = c.averages
    if av.total is None:
        return _section("scores", ["<p>No plan has section scores.</p>"])
    keys = list(av.sections)
    parts = [f"<p>The average total score is <strong>{_n(av.total)}</strong> out of {av.out_of} "
             f"over {av.plans} plans (each section is scored out of 5).</p>"]
    rows = [(f"Section {escape(k)}", _n(v)) for k, v in av.sections.items()]
    table = _table("Average score of each section (out of 5)", ("Section", "Average"), rows, (1,),
                   foot=(f"Total (out of {av.out_of})", _n(av.total)))
    svg = charts.bar_chart([f"Section {k}" for k in keys], list(av.sections.values()), maximum=5,
                           value_labels=[_n(v) for v in av.sections.values()], title="Average section scores")
    alt = "Bar chart of the average score of each section, out of 5: " + "; ".join(
        f"Section {k} {_n(v)}" for k, v in av.sections.items()) + "."
    parts.append(_figure(svg, alt, "Average section scores (out of 5)", table))
    if len(c.months) > 1:
        rows = [(escape(m.label), _n(m.average_total), *(_n(m.average_scores.get(k)) for k in keys))
                for m in c.months]
        parts.append("<details><summary>Average scores by audit month</summary>"
                     + _table("Average total and section scores by audit month", ("Month", "Total", *keys), rows,
                              range(1, len(keys) + 2)) + "</details>")
    return _section("scores", parts)


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
