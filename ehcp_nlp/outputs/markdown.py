"""The audit report as Markdown: the same content as the HTML page, for pasting into other documents."""
from __future__ import annotations

from ..drafting import Point
from .report import FlagView, Report, RATING_NOTE


def report_markdown(report: Report) -> str:
    """Markdown for one plan's report: summary, scores, draft comments, flags, the plan text marked up."""
    out = [f"# {report.title}", "", f"**{report.marker}** · generated {report.generated}"
           + (" · identifiers redacted" if report.redacted else " · NOT REDACTED – for internal use only"), ""]
    out += _summary(report)
    out += _scores(report)
    out += _comments(report)
    out += _flags(report)
    out += _plan_text(report)
    if report.legend:
        out += ["## Placeholders", "", *(f"- `{p}` – {kind.replace('_', ' ')}" for p, kind in report.legend.items()), ""]
    return "\n".join(out).rstrip() + "\n"


def _summary(report: Report) -> list[str]:
    out = ["## Summary", ""]
    r = report.rating
    if r is not None:
        out += [f"**Suggested rating: {r.suggested}** (probability {r.confidence:.0%})"
                + (" – needs an auditor's closer look" if r.needs_review else ""), "",
                "| " + " | ".join(r.probabilities) + " |", "|" + " ---: |" * len(r.probabilities),
                "| " + " | ".join(f"{v:.0%}" for v in r.probabilities.values()) + " |", "",
                "Reasons:", "", *(f"- {reason}" for reason in r.reasons), "", f"_{RATING_NOTE}_", ""]
    elif report.rating_error:
        out += [f"Rating not available: {report.rating_error}", ""]
    else:
        out += [f"Reviewed as {report.kind}: no rating is suggested for this kind of document.", ""]
    if report.missing:
        out += [f"Missing sections: {', '.join(report.missing)}", ""]
    return out


def _scores(report: Report) -> list[str]:
    s = report.scores
    if s is None:
        return []
    out = ["## Section scores", "", "| section | score (out of 5) |", "| --- | ---: |"]
    out += [f"| {view.name} | {view.score} |" for view in report.sections if view.score is not None]
    return out + [f"| **Total** | **{s.total} / {s.out_of}** |", ""]


def _point(p: Point) -> str:
    return "- " + p.sentence().replace("\n", " ")


def _comments(report: Report) -> list[str]:
    c = report.comments
    out = ["## Draft auditor comments", "", f"_{c.marker}_", "", c.summary, ""]
    if c.strengths:
        out += [f"### {c.headings[0]}", "", *(_point(p) for p in c.strengths), ""]
    if c.improvements:
        out += [f"### {c.headings[1]}", "", *(_point(p) for p in c.improvements), ""]
    for view in report.sections:
        if view.comment is None or not view.comment.points:
            continue
        score = f" ({view.score}/5)" if view.score is not None else ""
        out += [f"### {view.name}{score}", ""]
        out += [_point(p) for p in view.comment.strengths] + [_point(p) for p in view.comment.improvements] + [""]
    return out


def _flags(report: Report) -> list[str]:
    if not report.flags:
        return ["## Flags", "", "No flags.", ""]
    out = ["## Flags", ""]
    for f in report.flags:
        evidence = f" – “{_one_line(f.evidence)}”" if f.evidence.strip() else ""
        out.append(f"{f.number}. **[F{f.number}] {f.code}** ({f.severity}, {_where(f)}): {f.message}{evidence}"
                   + (f" _{f.reference}_" if f.reference else ""))
    return out + [""]


def _plan_text(report: Report) -> list[str]:
    what = "plan" if report.kind == "plan" else "document"
    out = [f"## The {what}, section by section", "", "Flagged passages are in bold, followed by their flag numbers.", ""]
    for view in report.sections:
        out += [f"### {view.title or view.name}", ""]
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
        out.append(_escape(text[at:start]))
        piece = text[start:end]
        lead = piece[:len(piece) - len(piece.lstrip())]
        lines = [f"**{_escape(line.strip())}**" if line.strip() else "" for line in piece.strip().split("\n")]
        out.append(lead + "\n".join(lines) + "".join(f"[F{n}]" for n in numbers) if piece.strip() else "")
        at = end
    out.append(_escape(text[at:]))
    return "\n\n".join(line for line in "".join(out).split("\n") if line.strip())


def _escape(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0] + " …"


def _where(f: FlagView) -> str:
    return f.section.replace("-", " ") if f.section.startswith("appendix-") else f"section {f.section}"
