"""What a batch keeps for each document it reviewed, and how it is stored in the output folder.

Each document's result is one JSON file, ``OUTDIR/results/<id>.json``, holding a compact
:class:`PlanRecord` (everything the tables, the cohort report and the moderation sample need) and
the full review as ``ehcp-nlp review --format json`` gives it. ``id`` is the first 16 hex digits of
the SHA-256 of the file's bytes, so a renamed or moved copy of a plan is recognised as done and an
edited plan is reviewed again. A file that could not be read at all has a stable id made from its
path instead (:func:`path_id`), so running the batch again replaces its row rather than adding one.
The rows of files that were edited or deleted since are moved aside (:func:`retire`) into
``OUTDIR/results/superseded/``, so the tables and the cohort report count only the folder's current
files.

Example:
    >>> records = load_records("batch-out")                        # doctest: +SKIP
    >>> [r.suggested for r in records if r.ok][:3]                 # doctest: +SKIP
    ['Good', 'Requires Improvement', 'Requires Improvement']
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Assessment

RESULTS = "results"
SUPERSEDED = "superseded"  # inside RESULTS: rows of files since edited or deleted
INDEX = ".results-index.json"  # in OUTDIR: a copy of every record, to read them without reading every result
_OLD_RESULTS, _OLD_INDEX = "reviews", ".reviews-index.json"  # their names in earlier versions (see results_folder)
UPLOADS = "uploads"  # OUTDIR/uploads: files added in the auditor's workspace (ehcp_nlp.web.uploads)
_BOILERPLATE_SECTIONS = ("B", "E", "F")
_CHUNK = 1 << 20


_RENAMED = {"needs_review": "needs_closer_look"}  # record fields stored under another name by earlier versions
_STORED_ID = re.compile(r"(?:[a-z]+-)?[0-9a-f]{12,64}")  # the names of result files this module writes


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor on ``path`` if it is a regular file, never following a link in its last
    part (a file swapped for a link after it was listed is refused) and never blocking on a pipe.

    Raises:
        OSError: it cannot be opened, or it is not a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def file_id(path: str | os.PathLike[str]) -> tuple[str, str]:
    """(id, sha256) of a file's bytes; the id is the first 16 hex digits (see :func:`open_regular`)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    return sha[:16], sha


def path_id(file: str) -> str:
    """The stable id of a file that could not be read (so has no content hash): from its path in the
    folder, the same in every run."""
    return "unreadable-" + hashlib.sha256(file.encode("utf-8", "surrogateescape")).hexdigest()[:16]


@dataclass(frozen=True)
class PlanRecord:
    """One reviewed (or failed) document of a batch.

    Attributes:
        id, sha256: the file's content hash (see :func:`file_id`).
        file: its path relative to the batch folder, with forward slashes.
        status: ``ok`` or ``failed`` (then ``error`` holds the one-line reason).
        kind: ``plan``, ``advice`` or ``review``.
        suggested, confidence, probabilities: the suggested rating (plans with a model only);
        needs_closer_look: the suggestion is not confident enough to rely on.
        total, out_of, scores: section scores (plans only): ``{"A": 4, …}``.
        flags: ``[{"code", "section", "severity", "message", "evidence"}, …]``.
        plan_date: the plan's date from its front page (ISO), if found.
        meta: the manifest row for the file (audit_month, key_stage, setting, caseworker, ep_service, …).
        statements: for boilerplate spotting across plans, the statements of B, E and F by section.
        reviewed_at: ISO timestamp; seconds: time taken.
        also: the other files of the folder with the same content (reviewed once, listed under each name).
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
    needs_closer_look: bool = False
    total: int | None = None
    out_of: int | None = None
    scores: dict[str, int] = field(default_factory=dict)
    flags: list[dict[str, str]] = field(default_factory=list)
    plan_date: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    statements: dict[str, list[str]] = field(default_factory=dict)
    reviewed_at: str = ""
    seconds: float = 0.0
    also: list[str] = field(default_factory=list)

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
        data = {_RENAMED.get(k, k): v for k, v in data.items()}
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
        needs_closer_look=bool(rating and rating.needs_closer_look),
        total=scores.total if scores else None, out_of=scores.out_of if scores else None,
        scores={k: s.score for k, s in scores.sections.items()} if scores else {},
        flags=[{"code": f.code, "section": f.section, "severity": f.severity, "message": f.message,
                "evidence": f.evidence} for f in review.flags],
        plan_date=plan_date, meta=dict(meta), statements=statements, reviewed_at=reviewed_at,
        seconds=round(seconds, 3))


def results_folder(outdir: str | os.PathLike[str]) -> Path:
    """``OUTDIR/results``, where each document's result is stored.

    An output folder written by an earlier version keeps them in ``OUTDIR/reviews``; that folder is
    renamed to ``results`` the first time the output folder is used (a rename, so nothing is copied or
    lost), with its index of records, or read where it is if the output folder cannot be written.

    Example:
        >>> import pathlib, tempfile
        >>> out = pathlib.Path(tempfile.mkdtemp())
        >>> (out / "reviews").mkdir()
        >>> results_folder(out).name, (out / "reviews").exists()
        ('results', False)
    """
    out = Path(outdir)
    folder, old = out / RESULTS, out / _OLD_RESULTS
    if not folder.exists() and old.is_dir():
        try:
            os.rename(old, folder)
        except OSError:  # read-only, or another process renamed it first
            return folder if folder.is_dir() else old
        try:  # the index of records keeps its entries: the files kept their names
            os.replace(out / _OLD_INDEX, out / INDEX)
        except OSError:
            pass
    return folder


def record_path(outdir: str | os.PathLike[str], record_id: str) -> Path:
    return results_folder(outdir) / f"{record_id}.json"


def save(outdir: str | os.PathLike[str], record: PlanRecord, review: dict[str, Any] | None) -> None:
    """Write one document's result atomically (an interrupted run never leaves half a file)."""
    from ..outputs.files import write_atomic

    data = {"record": record.to_dict(), "review": review}
    write_atomic(record_path(outdir, record.id), json.dumps(data, ensure_ascii=False))


def workspace_ids(outdir: str | os.PathLike[str]) -> set[str]:
    """The ids of stored results of files added in the auditor's workspace (``OUTDIR/uploads``) that are still
    there: a batch run over another folder into the same OUTDIR keeps their rows."""
    out = Path(outdir)
    return {r.id for r in iter_records(out) if r.file.startswith(f"{UPLOADS}/") and (out / r.file).is_file()}


def retire(outdir: str | os.PathLike[str], keep: set[str]) -> list[str]:
    """Move the stored result of every document whose id is not in ``keep`` (its file was edited,
    deleted or moved out of the folder) into ``results/superseded/``, out of the tables and the
    cohort report but not destroyed; the ids moved, in order.

    Raises:
        OSError: the output folder could not be written.
    """
    folder = results_folder(outdir)
    moved = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        if path.stem in keep or not _STORED_ID.fullmatch(path.stem):
            continue
        target = folder / SUPERSEDED / path.name
        target.parent.mkdir(exist_ok=True)
        os.replace(path, target)
        moved.append(path.stem)
    return moved


def relabel(outdir: str | os.PathLike[str], record_id: str, file: str, also: list[str] | None = None) -> None:
    """Point a stored result at the file's current path (it was renamed or moved within the folder), and
    record the other names its content has there (``also``; left as it is if ``None``).

    Raises:
        OSError: the output folder could not be written.
    """
    from ..outputs.files import write_atomic

    path = record_path(outdir, record_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["record"]["file"] = file
        if also is not None:
            data["record"]["also"] = list(also)
    except (OSError, ValueError, KeyError, TypeError):  # gone or unreadable: nothing to point
        return
    write_atomic(path, json.dumps(data, ensure_ascii=False))


def iter_records(outdir: str | os.PathLike[str]) -> Iterator[PlanRecord]:
    """Every stored record (unreadable files, e.g. from another tool, are skipped), in the order of their
    result files' names.

    Each result file holds the whole review, so reading a thousand of them takes a while; the records are
    also kept in ``OUTDIR/.results-index.json`` with each file's size and modification time, and a result
    file is read again only when it has changed since (the index is only ever a copy: delete it and it is
    rebuilt).
    """
    folder = results_folder(outdir)
    try:
        entries = sorted((e for e in os.scandir(folder) if e.name.endswith(".json") and e.is_file()),
                         key=lambda e: e.name)
    except OSError:
        return
    index = _read_index(Path(outdir))
    fresh: dict[str, list[Any]] = {}
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        key = [info.st_size, info.st_mtime_ns]
        cached = index.get(entry.name)
        data = cached[2] if isinstance(cached, list) and len(cached) == 3 and cached[:2] == key else None
        if data is None:
            try:
                data = json.loads(Path(entry.path).read_text(encoding="utf-8"))["record"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
        try:
            record = PlanRecord.from_dict(data)
        except TypeError:
            continue
        fresh[entry.name] = [*key, data]
        yield record
    if fresh != index:
        _write_index(Path(outdir), fresh)


def _read_index(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_index(folder: Path, index: dict[str, Any]) -> None:
    """Replace the index atomically; a folder that cannot be written only makes the next read slower."""
    from ..outputs.files import write_atomic

    try:
        write_atomic(folder / INDEX, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass


def load_records(outdir: str | os.PathLike[str]) -> list[PlanRecord]:
    """All records of a batch output folder, sorted by file name."""
    return sorted(iter_records(outdir), key=lambda r: r.file)


def load_review(outdir: str | os.PathLike[str], record_id: str) -> dict[str, Any] | None:
    """The full stored review of one document (``None`` if it failed or is missing)."""
    try:
        return json.loads(record_path(outdir, record_id).read_text(encoding="utf-8"))["review"]
    except (OSError, ValueError, KeyError):
        return None
