"""The auditor's workspace: its HTML pages, rendered on the server with Jinja2.

Every page works without JavaScript for reading; recording a decision uses ``static/app.js``, which
sends the page's CSRF token (``<meta name="csrf-token">``) in an ``X-CSRF-Token`` header to the JSON API.
Plan text is always escaped: templates are autoescaped, text from a plan goes through the ``shown``
filter (bidirectional controls shown as ``[U+202E]``), and the highlighted plan text is built by the
HTML report's own highlighter (:func:`ehcp_nlp.outputs.html._marked`), which escapes every piece.

Pages: ``/`` (plans), ``/add`` (add plans), ``/plans/{id}`` (audit a plan), ``/moderation``,
``/dashboard`` and ``/precision``. :func:`page_routes` returns their routes for the app to mount.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from ..errors import EhcpNlpError

from ..model import RATINGS, section_rank
from ..outputs import charts
from ..outputs.html import _marked  # the HTML report's highlighter: escapes each piece, wraps flags in <mark>
from ..outputs.report import FlagView
from ..outputs.safe_text import show_controls

FLAG_REASONS = ("wrong", "template text", "not important")
AUDIT_STATUSES = ("not audited", "audited", "moderated")
#: Filters every plan has, in the order the filter form shows them: (query parameter, label).
BASE_FILTERS = (("suggested_rating", "Suggested rating"), ("closer_look", "Needs a closer look"),
                ("audit_status", "Audit status"), ("kind", "Kind of document"))
#: Keys of a plan row that are not manifest fields.
_NOT_MANIFEST = {"id", "file", "kind", "suggested_rating", "probability", "closer_look", "audit_status", "meta",
                 "status", "error", "sha256", "probabilities", "scores", "flags", "statements", "total", "out_of",
                 "needs_review", "confidence", "suggested", "reviewed_at", "seconds", "plan_date", "auditor_rating",
                 "moderator_rating", "flag_count", "flags_count", "major_flags", "month", "summary", "record", "review",
                 "decisions", "flag_decisions", "sections", "comments", "rating"}
_SORTS = {"probability": "lowest confidence first", "-probability": "highest confidence first",
          "file": "file name", "rating": "suggested rating"}
_MAX_CHOICES = 40  # a filter with more distinct values than this is a text box


# ----------------------------------------------------------------------------- helpers


def shown(value: Any) -> str:
    """Text from a plan, as it is, with bidirectional controls made visible (then autoescaped by Jinja)."""
    if value is None:
        return ""
    return show_controls(str(value))


def pct(value: Any, decimals: int = 0) -> str:
    """``0.42`` -> ``42%``; anything not a number -> ``–``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number > 1.0:  # already a percentage
        number /= 100
    return f"{number * 100:.{decimals}f}%"


def yes_no(value: Any) -> str:
    if isinstance(value, str):
        return "yes" if value.strip().lower() in ("yes", "true", "1", "y") else "no"
    return "yes" if value else "no"


def manifest_of(plan: Mapping[str, Any]) -> dict[str, str]:
    """The plan's manifest fields (``meta`` if the row has one, else its other scalar fields)."""
    meta = plan.get("meta")
    if isinstance(meta, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in meta.items()}
    return {k: "" if v is None else str(v) for k, v in plan.items()
            if k not in _NOT_MANIFEST and (v is None or isinstance(v, (str, int, float))) and not isinstance(v, bool)}


def manifest_fields(plans: Iterable[Mapping[str, Any]]) -> list[str]:
    fields: dict[str, None] = {}
    for plan in plans:
        for key in manifest_of(plan):
            fields.setdefault(key, None)
    return list(fields)


def _value(plan: Mapping[str, Any], key: str) -> str:
    if key == "closer_look":
        return yes_no(plan.get("closer_look"))
    if key in ("suggested_rating", "audit_status", "kind"):
        value = plan.get(key)
        if key == "suggested_rating" and not value:
            return "none"
        return "" if value is None else str(value)
    return manifest_of(plan).get(key, "")


def _probability(plan: Mapping[str, Any]) -> float:
    try:
        return float(plan.get("probability"))
    except (TypeError, ValueError):
        return -1.0  # no rating: first, the tool has no confidence at all


def filter_plans(plans: Sequence[Mapping[str, Any]], params: Mapping[str, str]) -> tuple[list[Mapping[str, Any]],
                                                                                          dict[str, str]]:
    """The plans matching ``params`` (each filter an exact value, ``q`` a part of the file name,
    ``below`` a highest probability in percent), sorted by ``sort``; and the filters in effect."""
    keys = [k for k, _ in BASE_FILTERS] + manifest_fields(plans)
    active = {k: params[k].strip() for k in keys if params.get(k, "").strip()}
    query = params.get("q", "").strip().lower()
    below = params.get("below", "").strip()
    try:
        limit = float(below) / 100 if below else None
    except ValueError:
        limit = None
    chosen = []
    for plan in plans:
        if any(_value(plan, k).lower() != v.lower() for k, v in active.items()):
            continue
        if query and query not in str(plan.get("file", "")).lower():
            continue
        if limit is not None and _probability(plan) > limit:
            continue
        chosen.append(plan)
    sort = params.get("sort", "probability")
    if sort == "-probability":
        chosen.sort(key=lambda p: -_probability(p))
    elif sort == "file":
        chosen.sort(key=lambda p: str(p.get("file", "")).lower())
    elif sort == "rating":
        order = {r: i for i, r in enumerate(RATINGS)}
        chosen.sort(key=lambda p: (order.get(str(p.get("suggested_rating")), len(RATINGS)), _probability(p)))
    else:
        chosen.sort(key=_probability)  # lowest confidence first (stable: the state's order breaks ties)
    if query:
        active["q"] = params["q"].strip()
    if limit is not None:
        active["below"] = below
    if sort in _SORTS and sort != "probability":
        active["sort"] = sort
    return chosen, active


def filter_controls(plans: Sequence[Mapping[str, Any]], active: Mapping[str, str]) -> list[dict[str, Any]]:
    """One control per filter: name, label, choices (or None for a text box) and the chosen value."""
    fixed = {"suggested_rating": [*RATINGS, "none"], "closer_look": ["yes", "no"], "audit_status": list(AUDIT_STATUSES)}
    controls = []
    labelled = list(BASE_FILTERS) + [(f, f.replace("_", " ").capitalize()) for f in manifest_fields(plans)]
    for name, label in labelled:
        values = sorted({_value(p, name) for p in plans} - {""})
        choices = fixed.get(name)
        if choices is not None:
            choices = choices + [v for v in values if v not in choices]
        elif len(values) <= _MAX_CHOICES:
            choices = values
        controls.append({"name": name, "label": label, "choices": choices, "value": active.get(name, "")})
    return controls


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
        body = Markup(_marked(text, views_by_section.get(key, []))) if text.strip() else None
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


def reason_counts(reasons: Any) -> list[tuple[str, int]]:
    """Dismissal reasons, commonest first, from a dict, a list of pairs or a list of dicts."""
    pairs: list[tuple[str, int]] = []
    if isinstance(reasons, Mapping):
        pairs = [(str(k), int(v or 0)) for k, v in reasons.items()]
    elif isinstance(reasons, (list, tuple)):
        for item in reasons:
            if isinstance(item, Mapping):
                pairs.append((str(item.get("reason", "")), int(item.get("count") or 0)))
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append((str(item[0]), int(item[1] or 0)))
            elif isinstance(item, str):
                pairs.append((item, 0))
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))


def precision_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows or ():
        confirmed, dismissed = int(r.get("confirmed") or 0), int(r.get("dismissed") or 0)
        value = r.get("precision")
        if value is None and confirmed + dismissed:
            value = confirmed / (confirmed + dismissed)
        out.append({"code": r.get("code", ""), "raised": r.get("flags"), "confirmed": confirmed, "dismissed": dismissed,
                    "decided": confirmed + dismissed, "precision": value, "reasons": reason_counts(r.get("reasons"))})
    return sorted(out, key=lambda r: (-r["decided"], str(r["code"])))


def _first(mapping: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    for key in keys:
        if key in mapping and mapping[key] is not None:
            return mapping[key]
    return default


def moderation_view(data: Any) -> dict[str, Any]:
    """The moderation page's rows and agreement blocks, whatever names the state gives them."""
    data = data if isinstance(data, Mapping) else {}
    rows = []
    for r in _first(data, "sample", "plans", "rows", default=[]) or []:
        if not isinstance(r, Mapping):
            continue
        auditor = _first(r, "auditor_rating", "auditor", default="")
        moderator = _first(r, "moderator_rating", "moderator", default="")
        auditor_by = _first(r, "auditor_by", "audited_by", default="")
        moderator_by = _first(r, "moderator_by", "moderated_by", default="")
        if isinstance(auditor, Mapping):  # the decision itself
            auditor, auditor_by = auditor.get("rating", ""), auditor.get("decided_by", "")
        if isinstance(moderator, Mapping):
            moderator, moderator_by = moderator.get("rating", ""), moderator.get("decided_by", "")
        rows.append({"id": r.get("id", ""), "file": r.get("file", ""),
                     "suggested": _first(r, "suggested_rating", "suggested", default=""),
                     "auditor": auditor or "", "moderator": moderator or "",
                     "auditor_by": auditor_by or "", "moderator_by": moderator_by or "",
                     "reason": _first(r, "reason", "stratum", default=""),
                     "agree": (auditor == moderator) if auditor and moderator else None})
    agreement = _first(data, "agreement", default=data) or {}
    blocks = []
    for key, heading in (("auditor_vs_moderator", "Auditors' and moderators' ratings"),
                         ("tool_vs_auditor", "The tool's suggestions and auditors' ratings")):
        figures = agreement.get(key) if isinstance(agreement, Mapping) else None
        if isinstance(figures, Mapping) and figures.get("n"):
            matrix = figures.get("confusion")
            if isinstance(matrix, Mapping):
                matrix = matrix.get("matrix")
            blocks.append({"heading": heading, "n": figures.get("n"), "exact": figures.get("exact"),
                           "within_one": figures.get("within_one"), "kappa": figures.get("kappa"),
                           "kappa_note": figures.get("kappa_note", ""), "sentences": figures.get("sentences") or [],
                           "matrix": matrix if matrix and len(matrix) == len(RATINGS) else None})
    return {"rows": rows, "blocks": blocks, "population": _first(data, "population", default=None),
            "share": _first(data, "share", default=None), "seed": data.get("seed")}


def _chart(svg: str, alt: str) -> dict[str, str]:
    return {"src": charts.data_uri(svg), "alt": alt}


def dashboard_view(plans: Sequence[Mapping[str, Any]], cohort: Any) -> dict[str, Any]:
    """Figures of the chosen plans (from the plan list) and the whole folder's cohort figures."""
    ratings = Counter(str(p.get("suggested_rating")) for p in plans if p.get("suggested_rating"))
    statuses = Counter(str(p.get("audit_status") or "not audited") for p in plans)
    closer = sum(yes_no(p.get("closer_look")) == "yes" for p in plans)
    rated = sum(ratings.values())
    distribution = [{"rating": r, "count": ratings.get(r, 0),
                     "percent": (100 * ratings.get(r, 0) / rated) if rated else 0.0} for r in RATINGS]
    chart = None
    if rated:
        chart = _chart(charts.bar_chart(RATINGS, [d["count"] for d in distribution], title="Suggested ratings",
                                        value_labels=[f"{d['count']} ({d['percent']:.0f}%)" for d in distribution],
                                        horizontal=False, width=520),
                       "Bar chart of suggested ratings: " + "; ".join(
                           f"{d['rating']} {d['count']} ({d['percent']:.0f}%)" for d in distribution) + ".")
    cohort = cohort if isinstance(cohort, Mapping) else {}
    averages = cohort.get("averages") or {}
    sections = averages.get("sections") or {} if isinstance(averages, Mapping) else {}
    score_chart = None
    if sections:
        keys = list(sections)
        score_chart = _chart(charts.bar_chart([f"Section {k}" for k in keys], [float(sections[k]) for k in keys],
                                              maximum=5, title="Average section scores",
                                              value_labels=[f"{float(sections[k]):.1f}" for k in keys]),
                             "Bar chart of the average score of each section, out of 5: " + "; ".join(
                                 f"Section {k} {float(sections[k]):.1f}" for k in keys) + ".")
    return {"count": len(plans), "rated": rated, "closer": closer, "distribution": distribution, "chart": chart,
            "statuses": [(s, statuses.get(s, 0)) for s in AUDIT_STATUSES] +
                        [(s, n) for s, n in statuses.items() if s not in AUDIT_STATUSES],
            "cohort": cohort, "counts": cohort.get("counts") or {}, "averages": averages, "sections": sections,
            "score_chart": score_chart, "strengths": _sentences(cohort.get("strengths"), "strength"),
            "improvements": _sentences(cohort.get("improvements"), "improvement"),
            "trends": [str(t) for t in cohort.get("trends") or []],
            "recommendations": [r.get("text", "") for r in cohort.get("recommendations") or []
                                if isinstance(r, Mapping)]}


def _sentences(items: Any, key: str) -> list[str]:
    return [str(i.get(key) or i.get("title") or "") for i in items or [] if isinstance(i, Mapping)
            and (i.get(key) or i.get("title"))]


# ----------------------------------------------------------------------------- routes


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _audit_form_bytes(path: Path, kind: str | None) -> bytes:
    """The Word audit report of one original file, as ``ehcp-nlp review --format docx`` writes it (redacted)."""
    from ..pipeline import assess
    from ..outputs.report import build_report
    from ..outputs.word import report_docx

    result = assess(path, kind)
    if not result.review.checked:
        raise EhcpNlpError(f"{path.name}: {result.unrated_reason}; no audit form can be made")
    return report_docx(build_report(result, redact=True))


def page_routes(state: Any) -> list[Route]:
    """The pages' routes, for ``create_app`` to mount alongside the API and ``/static``."""
    templates = state.templates
    env = templates.env
    env.filters.setdefault("shown", shown)
    env.filters.setdefault("pct", pct)
    env.filters.setdefault("yes_no", yes_no)
    env.globals.setdefault("RATINGS", RATINGS)
    env.globals.setdefault("FLAG_REASONS", FLAG_REASONS)

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("token", state.token)
        context.setdefault("nav", request.url.path)
        return templates.TemplateResponse(request, name, context, status_code=status_code,
                                          headers={"Cache-Control": "no-store"})

    async def plans_page(request: Request) -> Response:
        plans = state.plans()
        chosen, active = filter_plans(plans, request.query_params)
        fields = manifest_fields(plans)
        return render(request, "plans.html", plans=chosen, total=len(plans), active=active,
                      controls=filter_controls(plans, active), fields=fields, manifest_of=manifest_of,
                      sorts=_SORTS, sort=request.query_params.get("sort", "probability"))

    async def add_page(request: Request) -> Response:
        return render(request, "add.html")

    async def plan_page(request: Request) -> Response:
        plan_id = request.path_params["plan_id"]
        plan = state.plan(plan_id)
        if plan is None:
            return render(request, "not_found.html", status_code=404, plan_id=plan_id)
        row = plan.get("summary")
        if not isinstance(row, Mapping):
            row = next((p for p in state.plans() if str(p.get("id")) == plan_id), {})
        record = plan.get("record") if isinstance(plan.get("record"), Mapping) else {}
        download = getattr(state, "audit_form_url", None)
        return render(request, "plan.html", plan_id=plan_id, plan=plan, row=row, view=audit_view(plan),
                      manifest=manifest_of(row) if row else {}, reasons=FLAG_REASONS,
                      error=row.get("error") or record.get("error") or "",
                      download=download(plan_id) if callable(download) else None)

    async def audit_form(request: Request) -> Response:
        from .api import error_response

        record = state.record(request.path_params["plan_id"])
        if record is None:
            return error_response(404, f"unknown plan {request.path_params['plan_id']!r}")
        path = state.source_file(record)
        if path is None:
            return error_response(404, f"the original file {record.file} is no longer there (or has changed), so "
                                       "its audit form cannot be made; review it again")
        try:
            data = await run_in_threadpool(_audit_form_bytes, path, record.kind or None)
        except EhcpNlpError as exc:
            return error_response(400, str(exc))
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(record.file).stem) or record.id
        return Response(data, media_type=DOCX_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="{name}-audit-form.docx"',
                                 "Cache-Control": "no-store"})

    async def moderation_page(request: Request) -> Response:
        return render(request, "moderation.html", view=moderation_view(state.moderation()))

    async def dashboard_page(request: Request) -> Response:
        plans = state.plans()
        chosen, active = filter_plans(plans, request.query_params)
        return render(request, "dashboard.html", view=dashboard_view(chosen, state.cohort()), active=active,
                      controls=filter_controls(plans, active), total=len(plans), sorts={},
                      sort="probability")

    async def precision_page(request: Request) -> Response:
        missed = state.missed_issues() if hasattr(state, "missed_issues") else []
        return render(request, "precision.html", rows=precision_rows(state.precision()), missed=missed)

    return [Route("/", plans_page, name="plans_page"),
            Route("/add", add_page, name="add_page"),
            Route("/plans/{plan_id}", plan_page, name="plan_page"),
            Route("/plans/{plan_id}/audit-form.docx", audit_form, name="audit_form"),
            Route("/moderation", moderation_page, name="moderation_page"),
            Route("/dashboard", dashboard_page, name="dashboard_page"),
            Route("/precision", precision_page, name="precision_page")]
