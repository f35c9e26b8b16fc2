"""The head record ``audit.db.head.json``: the end of the audit trail as last written, kept beside it.

Written (atomically and synced) after every write; a write to an ``audit.db`` that is missing, empty
or holds fewer entries than the head records is refused rather than starting a new history.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .common import AuditError, _plural, _timestamp
from .files import _write_synced
from .schema import DB_NAME, GENESIS, HEAD_NAME, RESTORE, _has_table, db_path


@dataclass(frozen=True)
class Head:
    """The end of the audit trail as last written, kept in ``audit.db.head.json`` beside the database.

    Attributes:
        decisions: how many decisions the database held; last_id, last_hash: the last one's id and hash.
    """

    decisions: int
    last_id: int
    last_hash: str
    flag_decisions: int = 0
    flag_last_id: int = 0
    flag_last_hash: str = GENESIS
    notes: int = 0
    note_last_id: int = 0
    note_last_hash: str = GENESIS


def head_path(outdir: str | os.PathLike[str]) -> Path:
    """``OUTDIR/audit.db.head.json``, the record of the trail's end (see :class:`Head`)."""
    return _head_file(db_path(outdir))


def _head_file(path: Path) -> Path:
    """The head record beside the database ``path``."""
    return path.with_name(path.name + ".head.json")


def _read_head(path: Path) -> Head | None:
    """The head record beside the database ``path``, or ``None`` if there is none."""
    file = _head_file(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return Head(int(data["decisions"]), int(data["last_id"]), str(data["last_hash"]),
                    int(data.get("flag_decisions", 0)), int(data.get("flag_last_id", 0)),
                    str(data.get("flag_last_hash", GENESIS)), int(data.get("auditor_notes", 0)),
                    int(data.get("note_last_id", 0)), str(data.get("note_last_hash", GENESIS)))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuditError(f"{file}: could not be read ({exc.strerror or exc}); check it can be read") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise AuditError(f"{file}: is damaged; restore it from the backup of audit.db, or delete it if 'ehcp-nlp "
                         "audit-verify' finds no other problem") from None


def _current_head(db: sqlite3.Connection) -> Head:
    count = db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    last = db.execute("SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
    head = Head(int(count), int(last[0]), str(last[1])) if last else Head(0, 0, GENESIS)
    if _has_table(db, "flag_decisions"):
        flags = db.execute("SELECT count(*) FROM flag_decisions").fetchone()[0]
        end = db.execute("SELECT id, hash FROM flag_decisions ORDER BY id DESC LIMIT 1").fetchone()
        if end:
            head = replace(head, flag_decisions=int(flags), flag_last_id=int(end[0]), flag_last_hash=str(end[1]))
    if _has_table(db, "auditor_notes"):
        notes = db.execute("SELECT count(*) FROM auditor_notes").fetchone()[0]
        end = db.execute("SELECT id, hash FROM auditor_notes ORDER BY id DESC LIMIT 1").fetchone()
        if end:
            head = replace(head, notes=int(notes), note_last_id=int(end[0]), note_last_hash=str(end[1]))
    return head


def _refuse_if_removed(path: Path, head: Head | None) -> None:
    """No writing to a missing or empty audit.db that once held decisions: that would start a new history."""
    if head is None or not (head.decisions or head.flag_decisions or head.notes):
        return
    if not path.exists():
        raise AuditError(f"{path}: is missing, but {HEAD_NAME} records {_plural(head.decisions, 'decision')}: the "
                         f"audit trail was deleted; {RESTORE}, with the {HEAD_NAME} saved beside it")
    if path.stat().st_size == 0:
        _refuse(path, 0, head)


def _refuse_if_truncated(db: sqlite3.Connection, path: Path, head: Head | None) -> None:
    if head is not None and head.flag_decisions:
        flags = db.execute("SELECT count(*) FROM flag_decisions").fetchone()[0] \
            if _has_table(db, "flag_decisions") else 0
        if flags < head.flag_decisions:
            raise AuditError(f"{path}: the flag decisions were emptied or truncated (it holds {flags}, but "
                             f"{HEAD_NAME} records {head.flag_decisions}); {RESTORE}, with the {HEAD_NAME} saved "
                             "beside it")
    if head is not None and head.notes:
        notes = db.execute("SELECT count(*) FROM auditor_notes").fetchone()[0] \
            if _has_table(db, "auditor_notes") else 0
        if notes < head.notes:
            raise AuditError(f"{path}: the auditor notes were emptied or truncated (it holds {notes}, but "
                             f"{HEAD_NAME} records {head.notes}); {RESTORE}, with the {HEAD_NAME} saved beside it")
    if head is None or not head.decisions:
        return
    count = db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    if count < head.decisions:
        _refuse(path, count, head)


def _refuse(path: Path, count: int, head: Head) -> None:
    held = f"holds {_plural(count, 'decision')}" if count else "is empty"
    raise AuditError(f"{path}: the audit trail was emptied or truncated (it {held}, but {HEAD_NAME} records "
                     f"{head.decisions}); {RESTORE}, with the {HEAD_NAME} saved beside it")


def _write_head(path: Path, head: Head) -> None:
    """Replace the head record atomically and sync it to disk; it never moves back (a racing writer's is newer)."""
    file = _head_file(path)
    try:
        old = _read_head(path)
    except AuditError:
        old = None
    if old is not None and (old.decisions > head.decisions or old.flag_decisions > head.flag_decisions
                            or old.notes > head.notes):
        return
    data: dict[str, Any] = {"decisions": head.decisions, "last_id": head.last_id, "last_hash": head.last_hash}
    if head.flag_decisions:
        data |= {"flag_decisions": head.flag_decisions, "flag_last_id": head.flag_last_id,
                 "flag_last_hash": head.flag_last_hash}
    if head.notes:
        data |= {"auditor_notes": head.notes, "note_last_id": head.note_last_id, "note_last_hash": head.note_last_hash}
    data |= {"written_at": _timestamp(None),
            "about": f"the end of {DB_NAME} as last written by ehcp-nlp; keep it beside {DB_NAME}, and back both up"}
    try:
        _write_synced(file, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise AuditError(f"{file}: could not be written ({exc.strerror or exc}); the decisions were recorded in "
                         f"{path}, but free some space: the next 'ehcp-nlp confirm' updates it") from None
