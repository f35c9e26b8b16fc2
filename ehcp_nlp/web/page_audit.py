"""What the audit page (``/plans/{id}``) shows of one stored review: the plan's text with its flags
highlighted, the flags with their latest decisions, the scores and the draft comments.

The highlighted text is built by the HTML report's own highlighter
(:func:`ehcp_nlp.outputs.html.marked`), which escapes every piece.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from markupsafe import Markup

from ..model import section_rank
from ..outputs.html import marked  # the HTML report's highlighter: escapes each piece, wraps flags in <mark>
from ..outputs.report import FlagView
from ..outputs.safe_text import show_controls


def _latest_by_index(flag_decisions: Iterable[Mapping[str, Any]]) -> dict[int, Mapping[str, Any]]:
    latest: dict[int, Mapping[str, Any]] = {}
    for d in flag_decisions or ():
        try:
            latest[int(d.get("flag_index", d.get("index")))] = d
        except (TypeError, ValueError):
            continue
    return latest


def _flag_span(flag: Mapping[str, Any], text: str) -> tuple[int, int] | None:
    try:
        start, end = int(flag.get("start")), int(flag.get("end"))
    except (TypeError, ValueError):
        return None
    if not 0 <= start < end <= len(text):
        return None
    evidence = flag.get("evidence")
    if evidence and text[start:end] != evidence:
        return None
    return start, end


def audit_view(plan: Mapping[str, Any]) -> dict[str, Any]:
    """What the audit page shows of one stored review: sections with highlighted text, numbered flags
    with their latest decisions, scores, the draft comments as text, and the rating."""
    sections_in = plan.get("sections") or {}
    raw_flags = list(plan.get("flags") or [])
    latest = _latest_by_index(plan.get("flag_decisions") or [])
    flags, views_by_section = [], {}
    for index, flag in enumerate(raw_flags):
        section = str(flag.get("section", ""))
        text = str((sections_in.get(section) or {}).get("text") or "")
        span = _flag_span(flag, text)
        severity = str(flag.get("severity", "info"))
        severity = severity if severity in ("major", "minor", "info") else "info"
        view = FlagView(number=index + 1, code=show_controls(str(flag.get("code", ""))), severity=severity,
                        section=section, message=show_controls(str(flag.get("message", ""))),
                        evidence=str(flag.get("evidence", "")), reference=str(flag.get("reference", "")),
                        start=span[0] if span else None, end=span[1] if span else None)
        if span:
            views_by_section.setdefault(section, []).append(view)
        flags.append({"index": index, "number": index + 1, "anchor": view.anchor, "code": flag.get("code", ""),
                      "section": section, "severity": severity, "message": flag.get("message", ""),
                      "evidence": flag.get("evidence", ""), "reference": flag.get("reference", ""),
                      "in_text": bool(span), "decision": latest.get(index)})
    sections = []
    for key in sorted(sections_in, key=lambda k: section_rank(str(k))):
        value = sections_in[key] or {}
        text = str(value.get("text") or "")
        body = Markup(marked(text, views_by_section.get(key, []))) if text.strip() else None
        sections.append({"key": key, "title": value.get("title") or key, "body": body, "text": text,
                         "flags": [f for f in flags if f["section"] == key]})
    known = set(sections_in)
    return {"flags": flags, "sections": sections, "elsewhere": [f for f in flags if f["section"] not in known],
            "scores": score_rows(plan.get("scores")),
            "comments": (plan.get("saved_comments") or {}).get("text") or comments_text(plan.get("comments")),
            "saved_comments": plan.get("saved_comments"), "added_issues": list(plan.get("added_issues") or []),
            "rating": plan.get("rating") or {}, "decisions": list(plan.get("decisions") or [])}


def score_rows(scores: Any) -> dict[str, Any]:
    if not isinstance(scores, Mapping):
        return {"rows": [], "total": None, "out_of": None}
    details = scores.get("details") or {}
    rows = []
    for key in sorted((k for k in scores if k not in ("total", "out_of", "details")), key=section_rank):
        detail = details.get(key) or {}
        deductions = ", ".join(f"{d.get('code')} (−{d.get('points')})" for d in detail.get("deductions") or []
                               if isinstance(d, Mapping))
        rows.append({"key": key, "score": scores[key], "out_of": detail.get("out_of", 5),
                     "missing": bool(detail.get("missing")), "deductions": deductions})
    return {"rows": rows, "total": scores.get("total"), "out_of": scores.get("out_of")}


def _point(p: Any) -> str:
    if not isinstance(p, Mapping):
        return str(p)
    parts = [str(p.get("text", ""))]
    quotes = [str(q) for q in p.get("quotes") or []]
    if quotes and not all(q in parts[0] for q in quotes):
        parts.append("For example: " + "; ".join(f"“{q}”" for q in quotes) + ".")
    if p.get("fix"):
        parts.append(str(p["fix"]))
    if p.get("reference"):
        parts.append(f"({p['reference']})")
    return " ".join(x for x in parts if x)


def comments_text(comments: Any) -> str:
    """The draft comments as plain text for the editable box (escaped when rendered)."""
    if not isinstance(comments, Mapping):
        return ""
    lines = [str(comments.get("summary", "")).strip()]
    for key, heading in (("strengths", "Strengths"), ("improvements", "Areas for improvement")):
        points = comments.get(key) or []
        if points:
            lines += ["", heading + ":"] + [f"- {_point(p)}" for p in points]
    for s in comments.get("sections") or []:
        if isinstance(s, Mapping) and s.get("points"):
            score = f" ({s['score']}/5)" if s.get("score") is not None else ""
            lines += ["", f"{s.get('name') or s.get('section')}{score}:"] + [f"- {_point(p)}" for p in s["points"]]
    return show_controls("\n".join(lines).strip())
