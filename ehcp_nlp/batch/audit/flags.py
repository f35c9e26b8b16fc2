"""Auditors' verdicts on the tool's flags (confirmed, or dismissed with a reason), in their own chained table."""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from typing import Any

from ..records import PlanRecord, load_records
from .chain import FlagDecision, flag_row_hash
from .common import AuditError, _parse_stamp, _plural, _timestamp
from .database import _reading, _writing
from .plans import _find_plan
from .schema import (_CHAIN_COLUMNS, _FLAG_COLUMNS, _FLAG_INDEX, _FLAG_TABLE, _FLAG_TRIGGERS, FLAG_REASONS,
                     FLAG_VERDICTS, GENESIS, _has_table)


def parse_verdict(verdict: Any, reason: Any = "") -> tuple[str, str]:
    """(verdict, reason) as recorded: ``confirm`` (no reason) or ``dismiss`` with one of :data:`FLAG_REASONS`.

    Raises:
        AuditError: an unknown verdict, or a dismissal without a known reason.
    """
    value = " ".join(str(verdict or "").split()).lower()
    value = {"confirmed": "confirm", "dismissed": "dismiss"}.get(value, value)
    if value not in FLAG_VERDICTS:
        raise AuditError(f"unknown verdict {verdict!r}; use confirm or dismiss")
    if value == "confirm":
        return value, ""
    why = " ".join(str(reason or "").replace("_", " ").replace("-", " ").split()).lower()
    if why not in FLAG_REASONS:
        raise AuditError(f"unknown reason {reason!r} for dismissing a flag; use "
                         f"{', '.join(FLAG_REASONS[:-1])} or {FLAG_REASONS[-1]}")
    return value, why


def record_flag_decision(outdir: str | os.PathLike[str], plan_id: str, flag_index: int, verdict: str, by: str,
                         reason: str = "", note: str = "", source: str = "web",
                         when: datetime | str | None = None, records: list[PlanRecord] | None = None) -> FlagDecision:
    """Record an auditor's verdict on one flag of a plan and return it, once committed and synced.

    Args:
        plan_id: the plan's id, a unique id prefix or its file (as for :func:`record_decision`).
        flag_index: the flag's position among the plan's flags (from 0), as in its stored review.
        verdict: ``confirm`` or ``dismiss``; reason: for a dismissal, one of :data:`FLAG_REASONS`.
        by: who decided; note, source, when, records: as for :func:`record_decision`.

    Raises:
        UnknownPlanError, AuditError: with a one-line message (an unknown flag, verdict or reason too).
    """
    value, why = parse_verdict(verdict, reason)
    record = _find_plan(outdir, records if records is not None else load_records(outdir), plan_id)
    if isinstance(flag_index, bool) or not isinstance(flag_index, int) or not 0 <= flag_index < len(record.flags):
        count = len(record.flags)
        raise AuditError(f"plan {record.file} has no flag {flag_index!r}; it has {_plural(count, 'flag')}"
                         + (f", numbered 0 to {count - 1}" if count else ""))
    flag = record.flags[flag_index]
    stamp = _timestamp(when)
    with _writing(outdir) as db:
        _ensure_flag_table(db)
        last = db.execute("SELECT id, hash, decided_at FROM flag_decisions ORDER BY id DESC LIMIT 1").fetchone()
        if last is not None:
            before = _parse_stamp(last[2])
            if before is not None and before > datetime.fromisoformat(stamp):
                if when is not None:
                    raise AuditError(f"a flag decision cannot be dated {stamp}, before the last one recorded "
                                     f"({last[2]}); record decisions in the order they were made")
                stamp = _timestamp(before)
        number, prev_hash = (int(last[0]) + 1, last[1]) if last else (1, GENESIS)
        decision = FlagDecision(number, record.id, record.file, flag_index, str(flag.get("code", "")),
                                str(flag.get("section", "")), value, why, " ".join((by or "").split()), stamp,
                                (note or "").strip(), source or "web")
        db.execute(f"INSERT INTO flag_decisions ({', '.join((*_FLAG_COLUMNS, *_CHAIN_COLUMNS))}) "
                   f"VALUES ({', '.join('?' * (len(_FLAG_COLUMNS) + 2))})",
                   (*(getattr(decision, c) for c in _FLAG_COLUMNS), prev_hash, flag_row_hash(decision, prev_hash)))
    return decision


def flag_decisions(outdir: str | os.PathLike[str]) -> list[FlagDecision]:
    """Every flag decision recorded for the batch, oldest first (empty if there is none); never writes."""
    with _reading(outdir) as db:
        if db is None or not _has_table(db, "flag_decisions"):
            return []
        rows = db.execute(f"SELECT {', '.join(_FLAG_COLUMNS)} FROM flag_decisions ORDER BY id").fetchall()
    return [FlagDecision(*row) for row in rows]


def latest_flags(outdir: str | os.PathLike[str]) -> dict[tuple[str, int], FlagDecision]:
    """The verdict that counts for each flag (the last one recorded), by ``(plan id, flag index)``."""
    return {(d.plan_id, d.flag_index): d for d in flag_decisions(outdir)}


def _ensure_flag_table(db: sqlite3.Connection) -> None:
    """Add the flag decisions table and its triggers (inside the caller's write transaction) if not there yet."""
    if _has_table(db, "flag_decisions"):
        return
    for statement in (_FLAG_TABLE, _FLAG_INDEX, *_FLAG_TRIGGERS.values()):
        db.execute(statement)
