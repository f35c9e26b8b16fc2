"""The audit report as one self-contained HTML page that opens offline.

No scripts, fonts or style sheets are fetched: the styles are inline and the page works without
JavaScript. Each flagged passage in the plan text is highlighted and can be reached with the
keyboard; its message shows on hover and on focus (and is linked with ``aria-describedby`` for
screen readers). The flag list links to each passage, and each passage links back to the list.
"""
from __future__ import annotations

from ..drafting import Point
from .report import FlagView, Report, RATING_NOTE, SectionView
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]

_CSS = """
:root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #b7b7b7; --paper: #ffffff; --panel: #f3f2f1;
  --major: #ffd7d2; --major-edge: #a4262c; --minor: #fff1b3; --minor-edge: #7a5a00; --info: #dde8f7;
  --info-edge: #1d4f91; --focus: #ffbf47; --link: #1d4f91; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
  background: var(--paper); }
a { color: var(--link); }
a:focus, mark:focus, summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; background: var(--focus);
  color: #000; }
.skip { position: absolute; left: -999px; top: 0; background: var(--focus); padding: .5rem; }
.skip:focus { left: 0; }
.skip-label { position: absolute; left: -9999px; }
header { background: #0b0c0c; color: #fff; padding: 1rem 1.5rem; }
header p { margin: .25rem 0 0; color: #f3f2f1; }
.draft { display: inline-block; background: #fff; color: #a4262c; font-weight: 700; padding: .1rem .5rem;
  border: 2px solid #a4262c; margin-top: .5rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h2 { border-bottom: 2px solid var(--ink); padding-bottom: .25rem; margin-top: 2.5rem; }
.card { background: var(--panel); border-left: 6px solid var(--ink); padding: 1rem 1.25rem; }
.rating { font-size: 1.5rem; font-weight: 700; margin: 0; }
.closer { color: #a4262c; font-weight: 700; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.meter { display: inline-block; width: 6rem; height: .7rem; background: #ddd; border: 1px solid var(--muted);
  vertical-align: middle; margin-left: .5rem; }
.meter span { display: block; height: 100%; background: var(--ink); }
.quote { font-style: italic; }
.ref { color: var(--muted); white-space: nowrap; }
.fix { display: block; }
ol.flags li { margin-bottom: .5rem; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; padding: 0 .3rem; border: 1px solid; }
.sev.major { border-color: var(--major-edge); color: var(--major-edge); }
.sev.minor { border-color: var(--minor-edge); color: var(--minor-edge); }
.sev.info { border-color: var(--info-edge); color: var(--info-edge); }
.plan-text p { margin: .4rem 0; max-width: 60rem; }
mark { position: relative; color: inherit; padding: 0 .1rem; border-bottom: 2px solid; cursor: help; }
mark.major { background: var(--major); border-color: var(--major-edge); }
mark.minor { background: var(--minor); border-color: var(--minor-edge); }
mark.info { background: var(--info); border-color: var(--info-edge); }
mark .tip { display: none; position: absolute; left: 0; top: 100%; z-index: 2; width: min(30rem, 80vw);
  background: #0b0c0c; color: #fff; font-style: normal; font-size: .9rem; padding: .5rem .6rem;
  border-radius: 3px; box-shadow: 0 2px 6px rgba(0,0,0,.3); }
mark:hover .tip, mark:focus .tip, mark:focus-within .tip { display: block; }
.fnum { font-size: .75rem; vertical-align: super; margin-left: .3rem; }
.legend code { background: var(--panel); padding: 0 .25rem; }
.judgement { border: 2px dashed var(--muted); padding: 1rem; }
@media print { .skip, mark .tip { display: none !important; } header { background: #fff; color: #000; } }
"""


def report_html(report: Report) -> str:
    """The whole page, as a string."""
    body = [_header(report), '<main id="main">', _summary(report), _scores(report), _comments(report),
            _flags(report), _plan(report), _legend(report), _judgement(), "</main>"]
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            "<a class=\"skip\" href=\"#plan-text\">Skip to the text</a>\n"
            + "\n".join(part for part in body if part) + "\n</body>\n</html>\n")


def _header(report: Report) -> str:
    privacy = "Identifiers are redacted." if report.redacted else "NOT REDACTED – for internal use only."
    return (f"<header><h1>{escape(report.title)}</h1><p>Generated {escape(report.generated)} by ehcp_nlp. "
            f"{privacy}</p><p class=\"draft\">{escape(report.marker)}</p></header>")


def _summary(report: Report) -> str:
    parts = ['<section aria-labelledby="summary"><h2 id="summary">Summary</h2><div class="card">']
    r = report.rating
    if r is not None:
        parts.append(f'<p class="rating">Suggested rating: {escape(r.suggested)} '
                     f'<span class="ref">(probability {r.confidence:.0%})</span></p>')
        if r.needs_closer_look:
            parts.append('<p class="closer">The tool is not confident: this plan needs an auditor\'s closer look.</p>')
        rows = "".join(f'<tr><th scope="row">{escape(k)}</th><td class="num">{v:.0%}</td><td>'
                       f'<span class="meter" aria-hidden="true"><span style="width:{v * 100:.0f}%"></span></span>'
                       f"</td></tr>" for k, v in r.probabilities.items())
        parts.append(f'<table><caption>Probability of each rating</caption><thead><tr><th scope="col">rating'
                     f'</th><th scope="col">probability</th><th scope="col"><span class="skip-label">chart'
                     f"</span></th></tr></thead><tbody>{rows}</tbody></table>")
        parts.append("<p>Reasons:</p><ul>" + "".join(f"<li>{escape(x)}</li>" for x in r.reasons) + "</ul>")
        parts.append(f"<p><em>{escape(RATING_NOTE)}</em></p>")
    elif report.rating_error:
        parts.append(f"<p>Rating not available: {escape(report.rating_error)}</p>")
    else:
        parts.append(f"<p>Reviewed as {escape(report.kind)}: no rating is suggested for this kind of document.</p>")
    parts.append(f"<p>{len(report.flags)} flag(s)"
                 + (f"; missing sections: {escape(', '.join(report.missing))}" if report.missing else "") + ".</p>")
    return "".join(parts) + "</div></section>"


def _scores(report: Report) -> str:
    s = report.scores
    if s is None:
        return ""
    rows = "".join(f'<tr><th scope="row"><a href="#{v.anchor}">{escape(v.name)}</a></th>'
                   f'<td class="num">{v.score}</td><td><span class="meter" aria-hidden="true"><span '
                   f'style="width:{v.score * 20}%"></span></span></td></tr>'
                   for v in report.sections if v.score is not None)
    return ('<section aria-labelledby="scores"><h2 id="scores">Section scores</h2><table>'
            '<caption>Scores out of 5 from the review\'s flags</caption><thead><tr><th scope="col">section</th>'
            '<th scope="col">score</th><th scope="col"><span class="skip-label">chart</span></th></tr></thead>'
            f'<tbody>{rows}</tbody><tfoot><tr><th scope="row">Total</th><td class="num">{s.total} / {s.out_of}</td>'
            "<td></td></tr></tfoot></table></section>")


def _point(p: Point) -> str:
    text = escape(p.text)
    quotes = "" if all(q in p.text for q in p.quotes) else \
        " For example: " + "; ".join(f'<q class="quote">{escape(q)}</q>' for q in p.quotes) + "."
    fix = f' <span class="fix">{escape(p.fix)}</span>' if p.fix else ""
    ref = f' <span class="ref">({escape(p.reference)})</span>' if p.reference else ""
    return f"<li>{text}{quotes}{fix}{ref}</li>"


def _comments(report: Report) -> str:
    c = report.comments
    parts = ['<section aria-labelledby="comments"><h2 id="comments">Draft auditor comments</h2>',
             f'<p class="draft">{escape(c.marker)}</p>', f"<p>{escape(c.summary)}</p>"]
    if c.strengths:
        parts.append(f"<h3>{escape(c.headings[0])}</h3><ul>" + "".join(_point(p) for p in c.strengths) + "</ul>")
    if c.improvements:
        parts.append(f"<h3>{escape(c.headings[1])}</h3><ul>" + "".join(_point(p) for p in c.improvements) + "</ul>")
    for view in report.sections:
        if view.comment is None or not view.comment.points:
            continue
        score = f" ({view.score}/5)" if view.score is not None else ""
        parts.append(f"<h3>{escape(view.name)}{score}</h3><ul>"
                     + "".join(_point(p) for p in view.comment.strengths + view.comment.improvements) + "</ul>")
    return "".join(parts) + "</section>"


def _flags(report: Report) -> str:
    if not report.flags:
        return '<section aria-labelledby="flags"><h2 id="flags">Flags</h2><p>No flags.</p></section>'
    items = []
    for f in report.flags:
        target = (f' <a href="#{f.anchor}">show in the plan text</a>' if f.start is not None
                  else f' <a href="#section-{escape(f.section)}">go to the section</a>')
        evidence = f' <q class="quote">{escape(_short(f.evidence))}</q>' if f.evidence.strip() else ""
        ref = f' <span class="ref">({escape(f.reference)})</span>' if f.reference else ""
        items.append(f'<li id="list-{f.anchor}"><span class="sev {f.severity}">{f.severity}</span> '
                     f"<code>{escape(f.code)}</code> – {escape(f.message)}{evidence}{ref}{target}</li>")
    return ('<section aria-labelledby="flags"><h2 id="flags">Flags</h2><ol class="flags">' + "".join(items)
            + "</ol></section>")


def _plan(report: Report) -> str:
    what = "plan" if report.kind == "plan" else "document"
    parts = [f'<section aria-labelledby="plan-text"><h2 id="plan-text" tabindex="-1">The {what}, section by section</h2>',
             "<p>Flagged passages are highlighted (red: major, yellow: minor, blue: for information). "
             "Hover over one, or move to it with the Tab key, to read the flag.</p>"]
    for view in report.sections:
        parts.append(_section(view))
    return "".join(parts) + "</section>"


def _section(view: SectionView) -> str:
    heading = escape(view.title or view.name)  # the plan's own heading, as the auditor knows it
    body = marked(view.text, [f for f in view.flags if f.start is not None]) if view.text.strip() else \
        "<p><em>(missing or empty)</em></p>"
    return (f'<section class="plan-text" aria-labelledby="{view.anchor}"><h3 id="{view.anchor}">'
            f"{heading}</h3>{body}</section>")


def marked(text: str, flags: list[FlagView]) -> str:
    """Paragraphs of ``text`` with each flagged span (overlaps merged) wrapped in a focusable <mark>."""
    spans = sorted(flags, key=lambda f: (f.start, -f.end))
    groups: list[tuple[int, int, list[FlagView]]] = []
    for f in spans:
        if groups and f.start < groups[-1][1]:
            start, end, members = groups[-1]
            groups[-1] = (start, max(end, f.end), members + [f])
        else:
            groups.append((f.start, f.end, [f]))
    html, at = [], 0
    for start, end, members in groups:
        html.append(escape(text[at:start]))
        html.append(_mark(text[start:end], members))
        at = end
    html.append(escape(text[at:]))
    paragraphs = "".join(html).split("\n")
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def _mark(passage: str, members: list[FlagView]) -> str:
    worst = min((f.severity for f in members), key=lambda s: {"major": 0, "minor": 1, "info": 2}.get(s, 3))
    first = members[0]
    tip = " ".join(f"[{f.number}] {f.code}: {f.message}" for f in members)
    anchors = "".join(f'<span id="{f.anchor}"></span>' for f in members)
    back = "".join(f'<a class="fnum" href="#list-{f.anchor}" aria-label="flag {f.number} in the list">{f.number}</a>'
                   for f in members)
    # a highlight spanning paragraphs is closed and reopened at each line break so the HTML stays valid
    lines = escape(passage).split("\n")
    tip_html = f'<span class="tip" role="tooltip" id="tip-{first.anchor}">{escape(tip)}</span>'
    opened = [f'<mark class="{worst}" tabindex="0" aria-describedby="tip-{first.anchor}">{anchors}{lines[0]}{tip_html}'
              f"</mark>"]
    opened += [f'<mark class="{worst}">{line}</mark>' if line.strip() else line for line in lines[1:]]
    return "\n".join(opened) + back


def _legend(report: Report) -> str:
    if not report.legend:
        return ""
    rows = "".join(f"<li><code>{escape(p)}</code> – {escape(kind.replace('_', ' '))}</li>"
                   for p, kind in report.legend.items())
    return ('<section aria-labelledby="legend" class="legend"><h2 id="legend">Placeholders used in this report</h2>'
            f"<ul>{rows}</ul></section>")


def _judgement() -> str:
    return ('<section aria-labelledby="judgement"><h2 id="judgement">Auditor\'s judgement</h2><div class="judgement">'
            "<p>This page is a draft for the auditor. Record the confirmed rating and comments in the council's audit "
            "form; the Word export of this review (<code>--format docx</code>) has an editable form for them.</p>"
            "</div></section>")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 220 else text[:220].rsplit(" ", 1)[0] + " …"
