"""What a batch keeps for each document it reviewed, and how it is stored in the output folder.

Each document's result is one JSON file, ``OUTDIR/reviews/<id>.json``, holding a compact
:class:`PlanRecord` (everything the tables, the cohort report and the moderation sample need) and
the full review as ``ehcp-nlp review --format json`` gives it. ``id`` is the first 16 hex digits of
the SHA-256 of the file's bytes, so a renamed or moved copy of a plan is recognised as done and an
edited plan is reviewed again.

Example:
    >>> records = load_records("batch-out")                        # doctest: +SKIP
    >>> [r.suggested for r in records if r.ok][:3]                 # doctest: +SKIP
    ['Good', 'Requires Improvement', 'Requires Improvement']
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from ..assess import Assessment

REVIEWS = "reviews"
_BOILERPLATE_SECTIONS = ("B", "E", "F")
_CHUNK = 1 << 20


def file_id(path: str | os.PathLike[str]) -> tuple[str, str]:
    """(id, sha256) of a file's bytes; the id is the first 16 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    return sha[:16], sha


@dataclass(frozen=True)
class PlanRecord:
    """One reviewed (or failed) document of a batch.

    Attributes:
        id, sha256: the file's content hash (see :func:`file_id`).
        file: its path relative to the batch folder, with forward slashes.
        status: ``ok`` or ``failed`` (then ``error`` holds the one-line reason).
        kind: ``plan``, ``advice`` or ``review``.
        suggested, confidence, probabilities: the suggested rating (plans with a model only).
        total, out_of, scores: section scores (plans only): ``{"A": 4, …}``.
        flags: ``[{"code", "section", "severity", "message", "evidence"}, …]``.
        plan_date: the plan's date from its front page (ISO), if found.
        meta: the manifest row for the file (audit_month, key_stage, setting, caseworker, ep_service, …).
        statements: for boilerplate spotting across plans, the statements of B, E and F by section.
        reviewed_at: ISO timestamp; seconds: time taken.
    """

    id: str
    sha256: str
    file: str
    status: str = "ok"
    error: str = ""
    kind: str = ""
    suggested: str | None = None
    confidence: float | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False
    total: int | None = None
    out_of: int | None = None
    scores: dict[str, int] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)
    plan_date: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    statements: dict[str, list[str]] = field(default_factory=dict)
    reviewed_at: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def month(self) -> str | None:
        """The audit month ("2026-03"): the manifest's ``audit_month``, else the plan's own date."""
        month = (self.meta.get("audit_month") or "").strip()
        if month:
            return month[:7]
        return self.plan_date[:7] if self.plan_date else None

    def flag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for flag in self.flags:
            counts[flag["code"]] = counts.get(flag["code"], 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PlanRecord":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def record_from_assessment(assessment: "Assessment", file: str, ids: tuple[str, str], meta: dict[str, str],
                           seconds: float, reviewed_at: str) -> PlanRecord:
    """The compact record of one assessment."""
    review, rating, scores = assessment.review, assessment.rating, assessment.scores
    plan_date = None
    if assessment.plan is not None and assessment.plan.preamble is not None:
        from ..checks.dates import plan_date as find_plan_date

        when = find_plan_date(assessment.plan.preamble.full_text)
        plan_date = when.isoformat() if when else None
    statements: dict[str, list[str]] = {}
    for statement in review.statements:
        if statement.section in _BOILERPLATE_SECTIONS:
            statements.setdefault(statement.section, []).append(statement.text)
    return PlanRecord(
        id=ids[0], sha256=ids[1], file=file, kind=review.kind,
        suggested=rating.suggested if rating else None,
        confidence=round(rating.confidence, 4) if rating else None,
        probabilities={k: round(v, 4) for k, v in rating.probabilities.items()} if rating else {},
        needs_review=bool(rating and rating.needs_review),
        total=scores.total if scores else None, out_of=scores.out_of if scores else None,
        scores={k: s.score for k, s in scores.sections.items()} if scores else {},
        flags=[{"code": f.code, "section": f.section, "severity": f.severity, "message": f.message,
                "evidence": f.evidence} for f in review.flags],
        plan_date=plan_date, meta=dict(meta), statements=statements, reviewed_at=reviewed_at,
        seconds=round(seconds, 3))


def record_path(outdir: str | os.PathLike[str], record_id: str) -> Path:
    return Path(outdir) / REVIEWS / f"{record_id}.json"


def save(outdir: str | os.PathLike[str], record: PlanRecord, review: dict[str, Any] | None) -> None:
    """Write one document's result atomically (an interrupted run never leaves half a file)."""
    from ..outputs.files import write_atomic

    data = {"record": record.to_dict(), "review": review}
    write_atomic(record_path(outdir, record.id), json.dumps(data, ensure_ascii=False))


def iter_records(outdir: str | os.PathLike[str]) -> Iterator[PlanRecord]:
    """Every stored record (unreadable files, e.g. from another tool, are skipped)."""
    folder = Path(outdir) / REVIEWS
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            yield PlanRecord.from_dict(json.loads(path.read_text(encoding="utf-8"))["record"])
        except (OSError, ValueError, KeyError, TypeError):
            continue


def load_records(outdir: str | os.PathLike[str]) -> list[PlanRecord]:
    """All records of a batch output folder, sorted by file name."""
    return sorted(iter_records(outdir), key=lambda r: r.file)


def load_review(outdir: str | os.PathLike[str], record_id: str) -> dict[str, Any] | None:
    """The full stored review of one document (``None`` if it failed or is missing)."""
    try:
        return json.loads(record_path(outdir, record_id).read_text(encoding="utf-8"))["review"]
    except (OSError, ValueError, KeyError):
        return None
