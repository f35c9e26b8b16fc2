"""What auditors add of their own — their edited draft comments, or an issue the tool missed — chained too."""
from __future__ import annotations

import os
from datetime import datetime

from ..records import PlanRecord, load_records
from .chain import AuditorNote, note_row_hash
from .common import AuditError, _parse_stamp, _timestamp
from .database import _reading, _writing
from .plans import _find_plan
from .schema import (_CHAIN_COLUMNS, _NOTE_COLUMNS, _NOTE_INDEX, _NOTE_TABLE, _NOTE_TRIGGERS, GENESIS, NOTE_KINDS,
                     _has_table)


def record_note(outdir: str | os.PathLike[str], plan_id: str, kind: str, text: str, by: str, section: str = "",
                start: int | None = None, end: int | None = None, note: str = "", source: str = "web",
                records: list[PlanRecord] | None = None) -> AuditorNote:
    """Record an auditor's edited comments or an issue the tool missed (see :class:`AuditorNote`), append-only.

    The caller checks an issue's passage against the section's text (the stored record holds no text).

    Raises:
        UnknownPlanError, AuditError: an unknown plan or kind, or no text.
    """
    if kind not in NOTE_KINDS:
        raise AuditError(f"unknown kind {kind!r}; use comments or issue")
    if not (text or "").strip():
        raise AuditError("there is no text to record")
    record = _find_plan(outdir, records if records is not None else load_records(outdir), plan_id)
    stamp = _timestamp(None)
    with _writing(outdir) as db:
        if not _has_table(db, "auditor_notes"):
            for statement in (_NOTE_TABLE, _NOTE_INDEX, *_NOTE_TRIGGERS.values()):
                db.execute(statement)
        last = db.execute("SELECT id, hash, decided_at FROM auditor_notes ORDER BY id DESC LIMIT 1").fetchone()
        if last is not None:
            before = _parse_stamp(last[2])
            if before is not None and before > datetime.fromisoformat(stamp):
                stamp = _timestamp(before)
        number, prev_hash = (int(last[0]) + 1, last[1]) if last else (1, GENESIS)
        entry = AuditorNote(number, record.id, record.file, kind, section or "", start, end, text,
                            (note or "").strip(), " ".join((by or "").split()), stamp, source or "web")
        db.execute(f"INSERT INTO auditor_notes ({', '.join((*_NOTE_COLUMNS, *_CHAIN_COLUMNS))}) "
                   f"VALUES ({', '.join('?' * (len(_NOTE_COLUMNS) + 2))})",
                   (*(getattr(entry, c) for c in _NOTE_COLUMNS), prev_hash, note_row_hash(entry, prev_hash)))
    return entry


def auditor_notes(outdir: str | os.PathLike[str], plan_id: str | None = None) -> list[AuditorNote]:
    """Every auditor note recorded (for one plan id if given), oldest first; never writes."""
    with _reading(outdir) as db:
        if db is None or not _has_table(db, "auditor_notes"):
            return []
        rows = db.execute(f"SELECT {', '.join(_NOTE_COLUMNS)} FROM auditor_notes ORDER BY id").fetchall()
    found = [AuditorNote(*row) for row in rows]
    return [n for n in found if n.plan_id == plan_id] if plan_id is not None else found
