"""The auditors' and moderators' rating decisions: recording one, reading them, and the one that counts."""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from ..records import PlanRecord, load_records
from .chain import Decision, _values, row_hash
from .common import AuditError, RATING_HELP, UnknownRatingError, _check_role, _parse_stamp, _timestamp, parse_rating
from .database import _reading, _writing
from .plans import _find_plan
from .schema import _CHAIN_COLUMNS, _COLUMNS, GENESIS, _has_table


def record_decision(outdir: str | os.PathLike[str], plan_id: str, role: str, rating: str, by: str, note: str = "",
                    source: str = "cli", when: datetime | str | None = None,
                    records: list[PlanRecord] | None = None) -> Decision:
    """Record one decision and return it, once it is committed and synced to disk.

    Args:
        outdir: the batch output folder.
        plan_id: the plan's id, a unique prefix of it (at least 6 characters), or its ``file`` as in plans.csv.
        role: ``auditor`` or ``moderator``.
        rating: the rating (see :func:`parse_rating` for the spellings accepted).
        by: who decided. note: an optional note. source: ``cli`` or the spreadsheet's name.
        when: the time of the decision (default: now); naive datetimes are taken as UTC. It may not be
            earlier than the last decision recorded: decisions are kept in the order they were made.
        records: the folder's plan records, if the caller already holds them (the web app does);
            otherwise they are read from ``outdir``.

    Raises:
        UnknownPlanError, UnknownRatingError, AuditError: with a one-line message saying what to do
        (also when audit.db was emptied or truncated since the last decision).
    """
    role = _check_role(role)
    value = parse_rating(rating)
    if value is None:
        raise UnknownRatingError(f"unknown rating {rating!r}; {RATING_HELP}")
    record = _find_plan(outdir, records if records is not None else load_records(outdir), plan_id)
    stamp = _timestamp(when)
    with _writing(outdir) as db:
        stamp = _in_order(db, stamp, explicit=when is not None)
        previous = _previous_rating(db, record, role)
        decision = _insert(db, record, role, value, previous, by, stamp, note, source)
    return decision


def decisions(outdir: str | os.PathLike[str]) -> list[Decision]:
    """Every decision ever recorded for the batch, oldest first (empty if there is no audit.db yet).

    Reading never creates, upgrades or otherwise writes the database.
    """
    with _reading(outdir) as db:
        if db is None or not _has_table(db, "decisions"):
            return []
        rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM decisions ORDER BY id").fetchall()
    return [Decision(*row) for row in rows]


def latest(outdir: str | os.PathLike[str], role: str) -> dict[str, Decision]:
    """The decision that counts for each plan in one role (the last one recorded), by plan id."""
    role = _check_role(role)
    return {d.plan_id: d for d in decisions(outdir) if d.role == role}


def _previous_rating(db: sqlite3.Connection, record: PlanRecord, role: str) -> str | None:
    row = db.execute("SELECT rating FROM decisions WHERE plan_id = ? AND role = 'auditor' ORDER BY id DESC LIMIT 1",
                     (record.id,)).fetchone()
    if role == "moderator":
        return row[0] if row else None
    return row[0] if row else record.suggested


def _insert(db: sqlite3.Connection, record: PlanRecord, role: str, rating: str, previous: str | None, by: str,
            stamp: str, note: str, source: str) -> Decision:
    """Add one decision at the end of the chain: numbered after the last, carrying the last one's hash."""
    last = db.execute("SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
    number, prev_hash = (int(last[0]) + 1, last[1] or GENESIS) if last else (1, GENESIS)
    decision = Decision(number, record.id, record.file, role, rating, previous, " ".join((by or "").split()), stamp,
                        (note or "").strip(), source or "cli")
    db.execute(f"INSERT INTO decisions ({', '.join((*_COLUMNS, *_CHAIN_COLUMNS))}) "
               f"VALUES ({', '.join('?' * (len(_COLUMNS) + 2))})",
               (*_values(decision), prev_hash, row_hash(decision, prev_hash)))
    return decision


def _in_order(db: sqlite3.Connection, stamp: str, explicit: bool) -> str:
    """``stamp``, unless it is earlier than the last decision's: then that time, or an error if it was given."""
    row = db.execute("SELECT decided_at FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
    last = _parse_stamp(row[0]) if row else None
    if last is None or last <= datetime.fromisoformat(stamp):
        return stamp
    if explicit:
        raise AuditError(f"a decision cannot be dated {stamp}, before the last one recorded ({row[0]}); record "
                         "decisions in the order they were made")
    return _timestamp(last)
