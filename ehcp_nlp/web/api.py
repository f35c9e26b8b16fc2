"""The JSON API of the auditor's workspace (the pages use it too).

=======  ===============================  ==========================================================
GET      ``/api/plans``                   the plan list; any field as a query parameter filters it
GET      ``/api/plans/{id}``              one document's review, flags (with index), decisions
POST     ``/api/plans/{id}/rating``       ``{"rating", "by", "role", "note"}``: a rating decision
POST     ``/api/plans/{id}/flags/{i}``    ``{"verdict": "confirm"|"dismiss", "by", "reason", "note"}``
POST     ``/api/plans/{id}/comments``     ``{"text", "by"}``: the auditor's edited comments (latest shown)
POST     ``/api/plans/{id}/issues``       ``{"section", "start", "end", "text", "note", "by"}``: a missed issue
POST     ``/api/files``                   multipart upload of plans, reviewed in the background
POST     ``/api/folders``                 ``{"folder"}``: a folder on this computer, copied in and reviewed
GET      ``/api/files/status``            progress of the uploads' reviews, and failures with reasons
GET      ``/api/precision``               per check: confirmed, dismissed, precision, reasons
GET      ``/api/cohort``                  the cohort report's figures
GET      ``/api/moderation``              the moderation sample and the agreement figures
=======  ===============================  ==========================================================

Every error is ``{"error": "…"}`` with its status code (400 a bad request, 403 refused, 404 not
found, 409 the audit trail refuses the write, 413 too large, 500 anything else), never a traceback.
Decisions are written to ``OUTDIR/audit.db`` by :mod:`ehcp_nlp.batch.audit`, append-only.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from ..batch import audit
from ..batch.records import load_review
from ..errors import EhcpNlpError
from .errors import ApiError
from .state import PLAN_FIELDS, WebState, plain
from .uploads import add_folder, receive_upload

log = logging.getLogger(__name__)
MAX_JSON_BYTES = 64 * 1024
#: Query parameters of ``GET /api/plans`` that are not field filters.
_LIST_PARAMS = {"q", "min_probability", "max_probability", "limit", "offset"}
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


def json_response(data: Any, status: int = 200) -> Any:
    from starlette.responses import Response

    body = json.dumps(plain(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json",
                    headers={"cache-control": "no-store", "x-content-type-options": "nosniff"})


def error_response(status: int, message: str) -> Any:
    return json_response({"error": " ".join(str(message).split())}, status)


def error_handlers() -> dict[Any, Any]:
    """Every error as JSON ``{"error": …}``: HTTP errors with their status, anything else as 500."""
    from starlette.exceptions import HTTPException

    async def http_error(request: Any, exc: Any) -> Any:
        message = exc.detail if isinstance(exc.detail, str) and exc.detail else "error"
        if exc.status_code == 404:
            message = f"not found: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(exc.status_code, message)

    async def api_error(request: Any, exc: ApiError) -> Any:
        return error_response(exc.status, exc.message)

    async def crash(request: Any, exc: Exception) -> Any:
        log.exception("request %s %s failed", request.method, request.url.path)
        return error_response(500, f"the request could not be completed ({type(exc).__name__}); see the server's "
                                   "log")

    return {HTTPException: http_error, ApiError: api_error, Exception: crash}


def _guarded(handler: Any) -> Any:
    """Turn the tool's own errors into JSON errors with a fitting status."""
    import functools

    @functools.wraps(handler)
    async def wrapper(request: Any) -> Any:
        try:
            return await handler(request)
        except ApiError as exc:
            return error_response(exc.status, exc.message)
        except audit.UnknownPlanError as exc:
            return error_response(404, str(exc))
        except audit.UnknownRatingError as exc:
            return error_response(400, str(exc))
        except audit.AuditError as exc:
            return error_response(409, str(exc))
        except EhcpNlpError as exc:
            return error_response(400, str(exc))

    return wrapper


def api_routes(state: WebState) -> list[Any]:
    """The API's routes over ``state`` (see the module's table)."""
    from starlette.routing import Route

    @_guarded
    async def list_plans(request: Any) -> Any:
        rows = state.plans()
        total = len(rows)
        rows = filter_plans(rows, request.query_params)
        return json_response({"plans": rows, "count": len(rows), "total": total,
                              "fields": list(PLAN_FIELDS) + sorted({k for r in rows for k in r} - set(PLAN_FIELDS))})

    @_guarded
    async def get_plan(request: Any) -> Any:
        found = state.plan(request.path_params["plan_id"])
        if found is None:
            raise ApiError(404, f"unknown plan {request.path_params['plan_id']!r}")
        return json_response(found)

    @_guarded
    async def rate(request: Any) -> Any:
        record = _record(state, request.path_params["plan_id"])
        body = await _json_body(request)
        by = _name(body)
        role = _text(body.get("role") or "auditor").strip().lower()
        if role not in audit.ROLES:
            raise ApiError(400, f"unknown role {role!r}; use auditor or moderator")
        rating = body.get("rating")
        if audit.parse_rating(rating) is None:
            raise ApiError(400, f"unknown rating {rating!r}; {audit.RATING_HELP}")
        decision = audit.record_decision(state.outdir, record.id, role, rating, by=by,
                                         note=_text(body.get("note")), source="web", records=state.records())
        return json_response({"decision": decision.to_dict(), "plan": state.plan(record.id)["summary"]}, 201)

    @_guarded
    async def judge_flag(request: Any) -> Any:
        record = _record(state, request.path_params["plan_id"])
        index = request.path_params["index"]
        if not 0 <= index < len(record.flags):
            raise ApiError(404, f"plan {record.file} has no flag {index}; it has {len(record.flags)}")
        body = await _json_body(request)
        by = _name(body)
        try:
            verdict, reason = audit.parse_verdict(body.get("verdict"), body.get("reason"))
        except audit.AuditError as exc:
            raise ApiError(400, str(exc)) from None
        decision = audit.record_flag_decision(state.outdir, record.id, index, verdict, by=by, reason=reason,
                                              note=_text(body.get("note")), source="web", records=state.records())
        return json_response({"flag_decision": decision.to_dict()}, 201)

    @_guarded
    async def save_comments(request: Any) -> Any:
        record = _record(state, request.path_params["plan_id"])
        body = await _json_body(request)
        by, text = _name(body), _text(body.get("text"))
        if not text.strip():
            raise ApiError(400, "give the comments in 'text'")
        if len(text) > MAX_JSON_BYTES:
            raise ApiError(413, "the comments are too long")
        saved = audit.record_note(state.outdir, record.id, "comments", text, by=by, records=state.records())
        return json_response({"saved_comments": saved.to_dict()}, 201)

    @_guarded
    async def add_issue(request: Any) -> Any:
        record = _record(state, request.path_params["plan_id"])
        body = await _json_body(request)
        by, section, text, note = _name(body), _text(body.get("section")), _text(body.get("text")), \
            _text(body.get("note"))
        start, end = body.get("start"), body.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end:
            raise ApiError(400, "give 'start' and 'end' as whole numbers, start before end")
        review = load_review(state.outdir, record.id) or {}
        sections = review.get("sections") or {}
        if section not in sections:
            raise ApiError(400, f"plan {record.file} has no section {section!r}")
        if str((sections[section] or {}).get("text") or "")[start:end] != text or not text.strip():
            raise ApiError(400, f"the text given is not the text of section {section} from {start} to {end}; "
                                "select the passage again")
        if not note.strip():
            raise ApiError(400, "say in 'note' what the tool missed")
        issue = audit.record_note(state.outdir, record.id, "issue", text, by=by, section=section, start=start,
                                  end=end, note=note, records=state.records())
        return json_response({"issue": issue.to_dict()}, 201)

    @_guarded
    async def upload(request: Any) -> Any:
        return json_response(await receive_upload(state, request), 202)

    @_guarded
    async def folder(request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool

        body = await _json_body(request)
        return json_response(await run_in_threadpool(add_folder, state, _text(body.get("folder"))), 202)

    @_guarded
    async def upload_status(request: Any) -> Any:
        return json_response(state.uploads.status() if state.uploads is not None else {})

    @_guarded
    async def precision(request: Any) -> Any:
        return json_response({"checks": state.precision()})

    @_guarded
    async def cohort(request: Any) -> Any:
        return json_response(state.cohort())

    @_guarded
    async def moderation(request: Any) -> Any:
        share = request.query_params.get("share")
        seed = request.query_params.get("seed", "0")
        try:
            value = float(share) if share else None
            number = int(seed)
        except ValueError:
            raise ApiError(400, "share must be a number between 0 and 1 and seed a whole number") from None
        if value is not None and not 0 < value <= 1:
            raise ApiError(400, "share must be more than 0 and at most 1")
        return json_response(state.moderation(value, number))

    return [
        Route("/api/plans", list_plans, methods=["GET"]),
        Route("/api/plans/{plan_id}", get_plan, methods=["GET"]),
        Route("/api/plans/{plan_id}/rating", rate, methods=["POST"]),
        Route("/api/plans/{plan_id}/flags/{index:int}", judge_flag, methods=["POST"]),
        Route("/api/plans/{plan_id}/comments", save_comments, methods=["POST"]),
        Route("/api/plans/{plan_id}/issues", add_issue, methods=["POST"]),
        Route("/api/files", upload, methods=["POST"]),
        Route("/api/folders", folder, methods=["POST"]),
        Route("/api/files/status", upload_status, methods=["GET"]),
        Route("/api/precision", precision, methods=["GET"]),
        Route("/api/cohort", cohort, methods=["GET"]),
        Route("/api/moderation", moderation, methods=["GET"]),
    ]


# -- the plan list's filters -----------------------------------------------------------------------------------------


def filter_plans(rows: list[dict[str, Any]], params: Any) -> list[dict[str, Any]]:
    """``rows`` with the query's filters applied: ``field=value`` (repeat a field for any of several values;
    case-insensitive; ``true``/``false`` for yes-no fields; ``none`` for an empty value), ``q`` (text in the
    file name, or another name of the same content), ``min_probability`` / ``max_probability``, then
    ``offset`` and ``limit``.

    Raises:
        ApiError: an unknown field or a bad number (400).
    """
    known = set(PLAN_FIELDS) | {k for r in rows for k in r}
    wanted: dict[str, set[str]] = {}
    for key, value in params.multi_items():
        if key in _LIST_PARAMS:
            continue
        if key not in known:
            raise ApiError(400, f"unknown filter {key!r}; filter on {', '.join(PLAN_FIELDS)} or a manifest field")
        wanted.setdefault(key, set()).add(value.strip().lower())
    low, high = _number(params, "min_probability"), _number(params, "max_probability")
    text = (params.get("q") or "").strip().lower()
    kept = []
    for row in rows:
        if text and text not in f"{row.get('file', '')}\n{row.get('also', '')}".lower():
            continue
        probability = row.get("probability")
        if (low is not None or high is not None) and probability is None:
            continue
        if (low is not None and probability < low) or (high is not None and probability > high):
            continue
        if all(_matches(row.get(key), values) for key, values in wanted.items()):
            kept.append(row)
    offset, limit = _number(params, "offset"), _number(params, "limit")
    start = int(offset or 0)
    return kept[start:start + int(limit)] if limit is not None else kept[start:]


def _matches(value: Any, wanted: set[str]) -> bool:
    if isinstance(value, bool):
        return (value and bool(wanted & _TRUE)) or (not value and bool(wanted & _FALSE))
    if value is None or value == "":
        return bool(wanted & {"", "none"})
    return str(value).strip().lower() in wanted


def _number(params: Any, key: str) -> float | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise ApiError(400, f"{key} must be a number") from None
    if number != number or number < 0:
        raise ApiError(400, f"{key} must be a number of 0 or more")
    return number


# -- request bodies ---------------------------------------------------------------------------------------------------


async def _json_body(request: Any) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_JSON_BYTES:
        raise ApiError(413, "the request is too large")
    raw = await request.body()
    if len(raw) > MAX_JSON_BYTES:
        raise ApiError(413, "the request is too large")
    try:
        body = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "the request is not JSON; send a JSON object") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the request is not a JSON object")
    return body


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise ApiError(400, "names, notes and reasons must be text")
    return str(value)


def _name(body: dict[str, Any]) -> str:
    by = " ".join(_text(body.get("by")).split())
    if not by:
        raise ApiError(400, "give your name in 'by': it is recorded with each decision")
    if len(by) > 200:
        raise ApiError(400, "the name in 'by' is too long")
    return by


def _record(state: WebState, plan_id: str) -> Any:
    record = state.record(plan_id)
    if record is None:
        raise ApiError(404, f"unknown plan {plan_id!r}")
    return record

