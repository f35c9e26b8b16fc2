"""The auditor's workspace: its HTML pages, rendered on the server with Jinja2.

Every page works without JavaScript for reading; recording a decision uses ``static/app.js``, which
sends the page's CSRF token (``<meta name="csrf-token">``) in an ``X-CSRF-Token`` header to the JSON API.
Plan text is always escaped: templates are autoescaped, text from a plan goes through the ``shown``
filter (bidirectional controls shown as ``[U+202E]``), and the highlighted plan text is built by the
HTML report's own highlighter (:func:`ehcp_nlp.outputs.html.marked`), which escapes every piece.

Pages: ``/`` (plans), ``/add`` (add plans), ``/plans/{id}`` (audit a plan), ``/moderation``,
``/dashboard`` and ``/precision``. :func:`page_routes` returns their routes for the app to mount.

This module holds the routes; what each page shows is worked out beside it: ``page_plans`` (the plan
list and its filters), ``page_audit`` (the audit page), ``page_figures`` (moderation, dashboard and
precision) and ``page_format`` (the templates' filters).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from ..errors import EhcpNlpError
from ..model import RATINGS
from .page_audit import audit_view
from .page_figures import dashboard_view, moderation_view, precision_rows
from .page_format import pct, shown, yes_no
from .page_plans import _SORTS, filter_controls, filter_plans, manifest_fields, manifest_of

FLAG_REASONS = ("wrong", "template text", "not important")
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
