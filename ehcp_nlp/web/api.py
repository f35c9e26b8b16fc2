"""The JSON API of the auditor's workspace (the pages use it too).

=======  ===============================  ==========================================================
GET      ``/api/plans``                   the plan list; any field as a query parameter filters it
GET      ``/api/plans/{id}``              one document's review, flags (with index), decisions
POST     ``/api/plans/{id}/rating``       ``{"rating", "by", "role", "note"}``: a rating decision
POST     ``/api/plans/{id}/flags/{i}``    ``{"verdict": "confirm"|"dismiss", "by", "reason", "note"}``
POST     ``/api/plans/{id}/comments``     ``{"text", "by"}``: the auditor's edited comments (latest shown)
POST     ``/api/plans/{id}/issues``       ``{"section", "start", "end", "text", "note", "by"}``: a missed issue
POST     ``/api/files``                   multipart upload of plans, reviewed in the background
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
import os
import re
import shutil
import threading
import unicodedata
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..batch import audit
from ..batch.records import load_review
from ..errors import EhcpNlpError
from .state import PLAN_FIELDS, WebState, plain

log = logging.getLogger(__name__)
#: The most one upload request may carry (override with EHCP_NLP_MAX_UPLOAD_MB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024
MAX_UPLOAD_FILES = 200
UPLOADS = "uploads"
#: Query parameters of ``GET /api/plans`` that are not field filters.
_LIST_PARAMS = {"q", "min_probability", "max_probability", "limit", "offset"}
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


class ApiError(Exception):
    """A request the API refuses: ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, " ".join(message.split())


def max_upload_bytes() -> int:
    value = os.environ.get("EHCP_NLP_MAX_UPLOAD_MB", "")
    try:
        return int(float(value) * 1024 * 1024) if value else MAX_UPLOAD_BYTES
    except ValueError:
        return MAX_UPLOAD_BYTES


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
        Route("/api/files/status", upload_status, methods=["GET"]),
        Route("/api/precision", precision, methods=["GET"]),
        Route("/api/cohort", cohort, methods=["GET"]),
        Route("/api/moderation", moderation, methods=["GET"]),
    ]


# -- the plan list's filters -----------------------------------------------------------------------------------------


def filter_plans(rows: list[dict[str, Any]], params: Any) -> list[dict[str, Any]]:
    """``rows`` with the query's filters applied: ``field=value`` (repeat a field for any of several values;
    case-insensitive; ``true``/``false`` for yes-no fields; ``none`` for an empty value), ``q`` (text in the
    file name), ``min_probability`` / ``max_probability``, then ``offset`` and ``limit``.

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
        if text and text not in str(row.get("file", "")).lower():
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


# -- uploads ----------------------------------------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """An uploaded file's name reduced to its last part, without control characters or leading dots."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = base.strip().lstrip(".").strip()
    return base[:150]


async def receive_upload(state: WebState, request: Any) -> dict[str, Any]:
    """Save the uploaded files into ``OUTDIR/uploads`` and queue them for review; what was accepted and refused."""
    from ..batch.runner import SUFFIXES

    limit = max_upload_bytes()
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415, "send the files as multipart/form-data")
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise ApiError(411, "the upload has no Content-Length; send the files from the Add plans page")
    if int(length) > limit:
        raise ApiError(413, f"the upload is larger than the {limit // (1024 * 1024)} MB limit; send fewer or "
                            "smaller files at a time")
    try:
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=50)
    except Exception as exc:  # a malformed multipart body
        raise ApiError(400, f"the upload could not be read ({getattr(exc, 'detail', exc)})") from None
    folder = state.outdir / UPLOADS
    accepted, refused, paths = [], [], []
    try:
        for _, item in form.multi_items():
            if isinstance(item, str) or not hasattr(item, "filename"):
                continue
            name = safe_name(item.filename or "")
            shown = name or "(no name)"
            suffix = Path(name).suffix.lower()
            if not name or name.startswith("~$"):
                refused.append({"file": shown, "reason": f"{shown}: has no usable file name"})
                continue
            if suffix not in SUFFIXES:
                refused.append({"file": shown, "reason": f"{shown}: not a format ehcp-nlp reads; upload PDF, Word "
                                                         ".docx or text (.txt) files"})
                continue
            data = await item.read()
            if not data:
                refused.append({"file": shown, "reason": f"{shown}: is empty"})
                continue
            folder.mkdir(parents=True, exist_ok=True)
            path = _new_file(folder, name, data)
            paths.append(path)
            accepted.append({"file": f"{UPLOADS}/{path.name}"})
    finally:
        await form.close()
    if not accepted and not refused:
        raise ApiError(400, "no files in the upload; choose PDF, Word .docx or text files")
    state.uploads.add(paths, refused)
    return {"accepted": accepted, "refused": refused, "status": state.uploads.status()}


def _new_file(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new file called ``name`` in ``folder`` (``name (2).docx`` etc. if taken)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 10_000):
        path = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path
    raise ApiError(409, f"{name}: too many files of that name in {folder}")


class Uploads:
    """Reviews uploaded files one at a time in a background thread, with the batch's own machinery
    (:func:`ehcp_nlp.batch.runner.review_task`, the same checks as any input file), storing each
    result in ``OUTDIR/reviews`` as the batch does; :meth:`status` reports progress and failures."""

    def __init__(self, state: WebState) -> None:
        self.state = state
        self._queue: deque[Path] = deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._total = self._done = 0
        self._current: str | None = None
        self._reviewed: list[dict[str, Any]] = []
        self._failures: list[dict[str, str]] = []

    def add(self, paths: list[Path], refused: list[dict[str, str]] = ()) -> None:
        with self._lock:
            self._failures.extend(refused)
            self._queue.extend(paths)
            self._total += len(paths)
            if paths and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._run, name="ehcp-nlp uploads", daemon=True)
                self._thread.start()

    def status(self) -> dict[str, Any]:
        with self._lock:
            running = bool(self._queue) or self._current is not None or bool(
                self._thread is not None and self._thread.is_alive())
            return {"running": running, "total": self._total, "done": self._done, "queued": len(self._queue),
                    "current": self._current, "reviewed": list(self._reviewed), "failures": list(self._failures)}

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the queue to be done (for tests and scripts); whether it is."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.status()["running"]

    def _run(self) -> None:
        from ..batch import runner
        from ..batch.records import PlanRecord, file_id, load_records, save
        from ..batch.template import load_template

        out = self.state.outdir
        reading = None
        try:
            reading = runner._reading_folder(out)
            learnt = load_template(out)
            runner._prepare(None, learnt.template_text() if learnt is not None else None, str(reading))
            while True:
                with self._lock:
                    if not self._queue:
                        break
                    path = self._queue.popleft()
                    self._current = file = f"{UPLOADS}/{path.name}"
                try:
                    self._review(path, file, out, runner, PlanRecord, file_id, load_records, save)
                except Exception as exc:  # one file must never stop the others
                    log.exception("reviewing %s failed", file)
                    self._fail(file, f"{file}: could not be reviewed ({exc})")
                finally:
                    with self._lock:
                        self._done += 1
                        self._current = None
                    self.state.forget()
            self._write_outputs(out)
        except Exception as exc:
            log.exception("the upload reviewer stopped")
            with self._lock:
                while self._queue:
                    file = f"{UPLOADS}/{self._queue.popleft().name}"
                    self._failures.append({"file": file, "reason": f"{file}: not reviewed ({exc})"})
                    self._done += 1
        finally:
            if reading is not None:
                shutil.rmtree(reading, ignore_errors=True)
            self.state.forget()

    def _review(self, path: Path, file: str, out: Path, runner: Any, PlanRecord: Any, file_id: Any,
                load_records: Any, save: Any) -> None:
        try:
            ids = file_id(path)
        except OSError as exc:
            self._fail(file, runner._unreadable(file, exc))
            return
        done = next((r for r in load_records(out) if r.id == ids[0] and r.ok), None)
        if done is not None:
            with self._lock:
                self._reviewed.append({"id": done.id, "file": done.file, "already": True})
            return
        task = runner.Task(str(path), file, ids[0], ids[1], {}, str(path))
        record_dict, review = runner.review_task(replace(task), 0)
        record = PlanRecord.from_dict(record_dict)
        save(out, record, review)
        if record.ok:
            with self._lock:
                self._reviewed.append({"id": record.id, "file": record.file, "already": False})
        else:
            self._fail(file, record.error, record.id)

    def _fail(self, file: str, reason: str, record_id: str | None = None) -> None:
        with self._lock:
            entry = {"file": file, "reason": " ".join(reason.split())}
            if record_id:
                entry["id"] = record_id
            self._failures.append(entry)

    def _write_outputs(self, out: Path) -> None:
        """Bring plans.csv / plans.xlsx and the cohort report up to date (as ``ehcp-nlp batch`` does)."""
        try:
            from ..batch.cohort_report import write_cohort_report
            from ..batch.records import load_records
            from ..batch.tables import write_tables

            records = load_records(out)
            write_tables(out, records)
            write_cohort_report(out, records)
        except Exception:  # the reviews are stored; the tables are written again next time
            log.exception("the batch tables could not be rewritten")
