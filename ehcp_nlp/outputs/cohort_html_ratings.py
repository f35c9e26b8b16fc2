"""The cohort report's sections on the plans' ratings and scores: overview, audit outcomes, moderation and
agreement, improvements over time and average scores."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import RATINGS
from . import charts
from .cohort_html_blocks import _figure, _figures, _long_date, _n, _pct, _section, _status, _table
from .figures import fmt_percent, month_label
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]
from .safe_text import show_controls

if TYPE_CHECKING:  # the figures are computed in ehcp_nlp.batch (whose cohort_report imports this)
    from ..batch.cohort_results import Cohort

CONFIRM_COMMAND = "ehcp-nlp confirm OUTDIR --from OUTDIR/plans.xlsx"


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
