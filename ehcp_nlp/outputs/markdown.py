"""The audit report as Markdown: the same content as the HTML page, for pasting into other documents.

Every piece of text that comes from the plan (or its file name) goes through
:func:`~ehcp_nlp.outputs.safe_text.escape_markdown`, so raw HTML, links, images and control characters
in a plan come out as text, however the Markdown is rendered.
"""
from __future__ import annotations

from ..drafting import Point
from .report import FlagView, Report, RATING_NOTE
from .safe_text import escape_markdown, guard_markdown_start, show_controls


def report_markdown(report: Report) -> str:
    """Markdown for one plan's report: summary, scores, draft comments, flags, the plan text marked up."""
    out = [f"# {_escape(report.title)}", "", f"**{_escape(report.marker)}** · generated {report.generated}"
           + (" · identifiers redacted" if report.redacted else " · NOT REDACTED – for internal use only"), ""]
    out += _summary(report)
    out += _scores(report)
    out += _comments(report)
    out += _flags(report)
    out += _plan_text(report)
    if report.legend:
        out += ["## Placeholders", "", *(f"- `{_code(p)}` – {_escape(kind.replace('_', ' '))}"
                                          for p, kind in report.legend.items()), ""]
    return "\n".join(out).rstrip() + "\n"


def _summary(report: Report) -> list[str]:
    out = ["## Summary", ""]
    r = report.rating
    if r is not None:
        out += [f"**Suggested rating: {_escape(r.suggested)}** (probability {r.confidence:.0%})"
                + (" – needs an auditor's closer look" if r.needs_closer_look else ""), "",
                "| " + " | ".join(_cell(k) for k in r.probabilities) + " |", "|" + " ---: |" * len(r.probabilities),
                "| " + " | ".join(f"{v:.0%}" for v in r.probabilities.values()) + " |", "",
                "Reasons:", "", *(f"- {_escape(reason)}" for reason in r.reasons), "", f"_{RATING_NOTE}_", ""]
    elif report.rating_error:
        out += [f"Rating not available: {_escape(report.rating_error)}", ""]
    else:
        out += [f"Reviewed as {_escape(report.kind)}: no rating is suggested for this kind of document.", ""]
    if report.missing:
        out += [f"Missing sections: {_escape(', '.join(report.missing))}", ""]
    return out


def _scores(report: Report) -> list[str]:
    s = report.scores
    if s is None:
        return []
    out = ["## Section scores", "", "| section | score (out of 5) |", "| --- | ---: |"]
    out += [f"| {_cell(view.name)} | {view.score} |" for view in report.sections if view.score is not None]
    return out + [f"| **Total** | **{s.total} / {s.out_of}** |", ""]


def _point(p: Point) -> str:
    return "- " + _escape(p.sentence().replace("\n", " "))


def _comments(report: Report) -> list[str]:
    c = report.comments
    out = ["## Draft auditor comments", "", f"_{_escape(c.marker)}_", "", _escape(c.summary), ""]
    if c.strengths:
        out += [f"### {_escape(c.headings[0])}", "", *(_point(p) for p in c.strengths), ""]
    if c.improvements:
        out += [f"### {_escape(c.headings[1])}", "", *(_point(p) for p in c.improvements), ""]
    for view in report.sections:
        if view.comment is None or not view.comment.points:
            continue
        score = f" ({view.score}/5)" if view.score is not None else ""
        out += [f"### {_escape(view.name)}{score}", ""]
        out += [_point(p) for p in view.comment.strengths] + [_point(p) for p in view.comment.improvements] + [""]
    return out


def _flags(report: Report) -> list[str]:
    if not report.flags:
        return ["## Flags", "", "No flags.", ""]
    out = ["## Flags", ""]
    for f in report.flags:
        evidence = f" – “{_escape(_one_line(f.evidence))}”" if f.evidence.strip() else ""
        out.append(f"{f.number}. **[F{f.number}] {_escape(f.code)}** ({_escape(f.severity)}, {_escape(_where(f))}): "
                   f"{_escape(f.message)}{evidence}" + (f" _{_escape(f.reference)}_" if f.reference else ""))
    return out + [""]


def _plan_text(report: Report) -> list[str]:
    what = "plan" if report.kind == "plan" else "document"
    out = [f"## The {what}, section by section", "", "Flagged passages are in bold, followed by their flag numbers.", ""]
    for view in report.sections:
        out += [f"### {_escape(view.title or view.name)}", ""]
        out += [_marked(view.text, [f for f in view.flags if f.start is not None]) or "_(missing or empty)_", ""]
    return out


def _marked(text: str, flags: list[FlagView]) -> str:
    """The text with each flagged span in bold and followed by [F<n>] (overlapping spans merged)."""
    spans = sorted((f.start, f.end, f.number) for f in flags)
    merged: list[list] = []
    for start, end, number in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(number)
        else:
            merged.append([start, end, [number]])
    out, at = [], 0
    for start, end, numbers in merged:
        out.append(_after_marker(_escape(text[at:start]), out))
        piece = text[start:end]
        lead = piece[:len(piece) - len(piece.lstrip())]
        lines = [f"**{_escape(line.strip())}**" if line.strip() else "" for line in piece.strip().split("\n")]
        out.append(lead + "\n".join(lines) + "".join(f"[F{n}]" for n in numbers) if piece.strip() else "")
        at = end
    out.append(_after_marker(_escape(text[at:]), out))
    return "\n\n".join(line for line in "".join(out).split("\n") if line.strip())


def _escape(text: str) -> str:
    """Text from the plan, inert in Markdown (see :func:`~ehcp_nlp.outputs.safe_text.escape_markdown`)."""
    return escape_markdown(text)


def _after_marker(text: str, out: list[str]) -> str:
    """Escaped text that follows a flag number such as [F3] (or any "]" the pieces before end with): an opening
    "(", "[" or ":" must not make the two a link."""
    before = next((piece for piece in reversed(out) if piece), "")
    return guard_markdown_start(text) if before.endswith("]") else text


def _cell(text: str) -> str:
    """Escaped text for a table cell, where "|" would start a new column."""
    return _escape(text).replace("|", "\\|")


def _code(text: str) -> str:
    """Text for a code span (a placeholder such as [CHILD]), where nothing but a backtick is markup: backticks and
    line breaks replaced, controls shown."""
    return show_controls(" ".join(text.replace("`", "'").split())) or " "


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0] + " …"


def _where(f: FlagView) -> str:
    return f.section.replace("-", " ") if f.section.startswith("appendix-") else f"section {f.section}"
