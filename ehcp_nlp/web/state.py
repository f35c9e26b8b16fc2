"""What the web app knows about its batch folder: the plans, their stored results, decisions and figures.

Everything is read from the folder as the batch and the audit commands keep it — the stored
results (:mod:`ehcp_nlp.batch.records`) and the decisions in ``audit.db``
(:mod:`ehcp_nlp.batch.audit`) — and the figures come from the same functions as the cohort report
(:mod:`ehcp_nlp.batch.cohort`) and the moderation sample (:mod:`ehcp_nlp.batch.moderation`,
:mod:`ehcp_nlp.batch.agreement`). Nothing is kept only in memory but a cache of the stored records,
refreshed whenever the ``results`` folder changes.
"""
from __future__ import annotations

import dataclasses
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from ..batch import audit
from ..batch.records import PlanRecord, load_records, load_review, results_folder
from .security import new_token

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
AUDIT_STATUSES = ("not audited", "audited", "moderated")
#: The plan list's fields (besides the manifest's), in order.
PLAN_FIELDS = ("id", "file", "also", "kind", "status", "error", "suggested_rating", "probability", "closer_look",
               "audit_status", "auditor_rating", "moderator_rating", "flags", "major_flags", "total", "out_of",
               "plan_date", "month", "reviewed_at")


class WebState:
    """The batch folder served, this server start's CSRF token and the page templates.

    Attributes:
        outdir: the batch output folder; token: the random CSRF token of this server start.
        templates: Jinja2 templates over ``ehcp_nlp/web/templates`` (autoescaped).
        uploads: the background reviewer of uploaded files (set by :func:`ehcp_nlp.web.app.create_app`).
    """

    def __init__(self, outdir: str | os.PathLike[str], token: str | None = None) -> None:
        self.outdir = Path(outdir)
        self.token = token or new_token()
        self.templates = _templates()
        self.uploads: Any = None
        #: Where the batch's original files are (the folder given to ``ehcp-nlp batch``), if known.
        self.source_dir: Path | None = None
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int], list[PlanRecord]] | None = None

    # -- the stored results ----------------------------------------------------------------------

    def records(self) -> list[PlanRecord]:
        """The batch's records (cached until the ``results`` folder changes)."""
        folder = results_folder(self.outdir)
        try:
            info = folder.stat()
            key = (info.st_mtime_ns, info.st_ino)
        except OSError:
            return []
        with self._lock:
            if self._cache is not None and self._cache[0] == key:
                return self._cache[1]
        records = load_records(self.outdir)
        with self._lock:
            self._cache = (key, records)
        return records

    def forget(self) -> None:
        """Drop the cache (after the app itself stored a review)."""
        with self._lock:
            self._cache = None

    def record(self, plan_id: str) -> PlanRecord | None:
        """The record with this id (or the only one whose id starts with it, at least 6 characters)."""
        key = (plan_id or "").strip().lower()
        records = self.records()
        exact = [r for r in records if r.id == key]
        if exact:
            return exact[0]
        if len(key) >= audit.MIN_PREFIX:
            found = [r for r in records if r.id.startswith(key)]
            if len(found) == 1:
                return found[0]
        return None

    # -- the plan list ---------------------------------------------------------------------------

    def plans(self) -> list[dict[str, Any]]:
        """One dict per document of the folder (see :data:`PLAN_FIELDS`, then the manifest's fields),
        lowest probability first (documents without one last, then by file)."""
        auditor, moderator = self._latest()
        rows = [plan_row(r, auditor.get(r.id), moderator.get(r.id)) for r in self.records()]
        rows.sort(key=lambda row: (row["probability"] is None, row["probability"] or 0.0, row["file"]))
        return rows

    def _latest(self) -> tuple[dict[str, audit.Decision], dict[str, audit.Decision]]:
        auditor: dict[str, audit.Decision] = {}
        moderator: dict[str, audit.Decision] = {}
        for decision in audit.decisions(self.outdir):
            (auditor if decision.role == "auditor" else moderator)[decision.plan_id] = decision
        return auditor, moderator

    # -- one plan --------------------------------------------------------------------------------

    def plan(self, plan_id: str) -> dict[str, Any] | None:
        """The stored review of one document, with its row of the plan list and the decisions recorded for it.

        Keys: ``id``, ``file``, ``summary`` (its :meth:`plans` row), ``record`` (the stored record),
        ``review`` (the whole stored review, or ``None`` for a file that failed), ``sections``,
        ``flags`` (each with its ``index`` and the ``decision`` that counts for it, if any),
        ``scores``, ``rating``, ``comments``, ``decisions`` and ``flag_decisions`` (oldest first).
        """
        record = self.record(plan_id)
        if record is None:
            return None
        review = load_review(self.outdir, record.id) or None
        rated = [d for d in audit.decisions(self.outdir) if d.plan_id == record.id]
        flagged = [d for d in audit.flag_decisions(self.outdir) if d.plan_id == record.id]
        auditor = next((d for d in reversed(rated) if d.role == "auditor"), None)
        moderator = next((d for d in reversed(rated) if d.role == "moderator"), None)
        verdicts = {d.flag_index: d.to_dict() for d in flagged}
        notes = audit.auditor_notes(self.outdir, record.id)
        saved = [n for n in notes if n.kind == "comments"]
        added = [n for n in notes if n.kind == "issue"]
        review_flags = (review or {}).get("flags") or []
        flags = []
        for index, flag in enumerate(record.flags):
            full = review_flags[index] if index < len(review_flags) and isinstance(review_flags[index], dict) else {}
            flags.append({**full, **flag, "index": index, "decision": verdicts.get(index)})
        return {
            "id": record.id, "file": record.file,
            "summary": plan_row(record, auditor, moderator),
            "record": record.to_dict(), "review": review,
            "sections": (review or {}).get("sections"),
            "flags": flags,
            "scores": (review or {}).get("scores"),
            "rating": (review or {}).get("rating"),
            "comments": (review or {}).get("comments"),
            "decisions": [d.to_dict() for d in rated],
            "flag_decisions": [d.to_dict() for d in flagged],
            "saved_comments": saved[-1].to_dict() if saved else None,
            "added_issues": [n.to_dict() for n in added],
        }

    # -- what the auditor added ------------------------------------------------------------------

    def audit_form_url(self, plan_id: str) -> str:
        """Where the plan's Word audit form is downloaded from."""
        from urllib.parse import quote

        return f"/plans/{quote(plan_id, safe='')}/audit-form.docx"

    def source_file(self, record: PlanRecord) -> Path | None:
        """The original file of ``record`` if it is still there unchanged (same content id): an upload kept in
        the folder, or the file under :attr:`source_dir`; otherwise ``None``."""
        from ..batch.records import file_id

        for base in (self.outdir, self.source_dir):
            if base is None:
                continue
            path = Path(base) / record.file
            try:
                if path.is_file() and file_id(path)[0] == record.id:
                    return path
            except OSError:
                continue
        return None

    def missed_issues(self) -> list[dict[str, Any]]:
        """Issues the auditors added (ones the tool missed), counted per section."""
        counts = Counter(n.section for n in audit.auditor_notes(self.outdir) if n.kind == "issue")
        return [{"section": section, "missed": count} for section, count in sorted(counts.items())]

    # -- figures ---------------------------------------------------------------------------------

    def precision(self) -> list[dict[str, Any]]:
        """Per check code: flags raised, confirmed, dismissed, precision (confirmed / decided, or ``None``)
        and the commonest dismissal reasons — the checks' precision on this council's own plans.

        Only the verdict that counts for each flag (the last one recorded) is counted.
        """
        raised: Counter[str] = Counter()
        for record in self.records():
            raised.update(f.get("code", "") for f in record.flags)
        confirmed: Counter[str] = Counter()
        dismissed: Counter[str] = Counter()
        reasons: dict[str, Counter[str]] = {}
        for decision in audit.latest_flags(self.outdir).values():
            if decision.verdict == "confirm":
                confirmed[decision.code] += 1
            else:
                dismissed[decision.code] += 1
                reasons.setdefault(decision.code, Counter())[decision.reason] += 1
        rows = []
        for code in sorted(set(raised) | set(confirmed) | set(dismissed)):
            yes, no = confirmed[code], dismissed[code]
            rows.append({"code": code, "flags": raised[code], "confirmed": yes, "dismissed": no,
                         "undecided": max(raised[code] - yes - no, 0),
                         "precision": round(yes / (yes + no), 4) if yes + no else None,
                         "reasons": [{"reason": reason, "count": count}
                                     for reason, count in reasons.get(code, Counter()).most_common()]})
        return rows

    def cohort(self) -> dict[str, Any]:
        """The cohort report's figures (:func:`ehcp_nlp.batch.cohort.cohort_figures`) as plain values."""
        from ..batch.agreement import agreement_figures
        from ..batch.cohort import cohort_figures
        from ..batch.template import load_template

        records = self.records()
        agreement = agreement_figures(self.outdir, records) if audit.db_path(self.outdir).is_file() else None
        return plain(cohort_figures(records, agreement, load_template(self.outdir)))

    def moderation(self, share: float | None = None, seed: int = 0) -> dict[str, Any]:
        """The drawn moderation sample (auditor and moderator side by side) and the agreement figures."""
        from ..batch.agreement import agreement_figures
        from ..batch.moderation import TARGET_SHARE, draw_with_reasons, is_plan

        records = self.records()
        auditor, moderator = self._latest()
        share = TARGET_SHARE if share is None else share
        picked, population, strata, reasons = draw_with_reasons(records, share, seed, ("suggested",), True, moderator)
        sample = []
        for record in picked:
            a, m = auditor.get(record.id), moderator.get(record.id)
            sample.append({"id": record.id, "file": record.file, "suggested_rating": record.suggested,
                           "month": record.month, "reason": reasons.get(record.id, ""),
                           "auditor": a.to_dict() if a else None, "moderator": m.to_dict() if m else None})
        return {"share": share, "seed": seed, "population": population, "strata": strata,
                "drawn": len(sample), "plans": sum(is_plan(r) for r in records), "sample": sample,
                "agreement": plain(agreement_figures(self.outdir, records))}


def plan_row(record: PlanRecord, auditor: audit.Decision | None, moderator: audit.Decision | None) -> dict[str, Any]:
    """One document's row of the plan list."""
    status = "moderated" if moderator else "audited" if auditor else "not audited"
    row: dict[str, Any] = {
        "id": record.id, "file": record.file, "also": ", ".join(record.also), "kind": record.kind or "", "status": record.status,
        "error": record.error, "suggested_rating": record.suggested, "probability": record.confidence,
        "closer_look": bool(record.needs_closer_look), "audit_status": status,
        "auditor_rating": auditor.rating if auditor else None,
        "moderator_rating": moderator.rating if moderator else None,
        "flags": len(record.flags), "major_flags": sum(f.get("severity") == "major" for f in record.flags),
        "total": record.total, "out_of": record.out_of, "plan_date": record.plan_date, "month": record.month,
        "reviewed_at": record.reviewed_at,
    }
    for key, value in sorted(record.meta.items()):
        row.setdefault(key, value)
    return row


def plain(value: Any) -> Any:
    """``value`` as JSON-ready values: dataclasses and tuples turned into dicts and lists, others into text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    return str(value)


def _templates() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from starlette.templating import Jinja2Templates

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True,
                                                                                           default_for_string=True))
    return Jinja2Templates(env=env)
