"""Checking an audit trail without writing to it (``ehcp-nlp audit-verify``).

The hash chains recomputed, the numbering and dates checked, every trigger checked as written, and
the trail compared with its head record (emptied, truncated or rewritten at its end).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .chain import AuditorNote, Decision, FlagDecision, flag_row_hash, note_row_hash, row_hash
from .common import AuditError, _parse_stamp, _plural
from .database import _reading
from .head import Head, _head_file, _read_head
from .schema import (_CHAIN_COLUMNS, _COLUMNS, _FLAG_COLUMNS, _FLAG_TRIGGERS, _GUARDS, _NOTE_COLUMNS, _NOTE_TRIGGERS,
                     _TRIGGERS, _V1_TRIGGERS, GENESIS, HEAD_NAME, RESTORE, _has_table, _table_columns, _version,
                     db_path)


@dataclass
class Verification:
    """What :func:`verify` found: one line per problem (none if the trail is intact), and notes.

    Attributes:
        path: the database checked; decisions: how many it holds; last_hash: the last decision's hash.
        problems: edits, deletions, dropped triggers, back-dating, a truncated trail — each one line.
        notes: things worth knowing that are not problems (the chain added later, a head behind).
    """

    path: Path
    decisions: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_hash: str | None = None
    flag_decisions: int = 0
    flag_last_hash: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_triggers(expected: dict[str, str], triggers: dict[str, str], result: Any) -> None:
    """Report each expected trigger that was dropped or altered (whitespace aside)."""
    for name, sql in expected.items():
        actual = triggers.get(name)
        if actual is None:
            result.problems.append(f"trigger {name} was dropped: {_GUARDS[name]} are no longer refused; {RESTORE}")
        elif " ".join(actual.split()) != " ".join(sql.split()):
            result.problems.append(f"trigger {name} was altered: {_GUARDS[name]} may no longer be refused; "
                                   f"{RESTORE}")


def verify(outdir: str | os.PathLike[str]) -> Verification:
    """Check a batch's audit trail without writing to it.

    Recomputes the hash chain (an edited decision, a deleted one, a gap in the numbering, a decision
    that no longer follows its predecessor), compares the trail with ``audit.db.head.json`` (emptied,
    truncated or rewritten at the end), checks every trigger is there as written (dropped or altered),
    and that no decision is dated before the one recorded before it (back-dated).

    Returns:
        The :class:`Verification`; ``ok`` when there is no problem.

    Raises:
        AuditError: if there is no audit.db and no head, or audit.db is not a database ehcp-nlp can read.
    """
    path = db_path(outdir)
    result = Verification(path)
    try:
        head = _read_head(path)
    except AuditError as exc:
        head = None
        result.problems.append(str(exc))
    if not path.is_file():
        if head is None or not (head.decisions or head.flag_decisions or head.notes):
            raise AuditError(f"{path}: not found, so there is no audit trail to verify; decisions are recorded "
                             "there by 'ehcp-nlp confirm'")
        result.problems.append(f"{path}: is missing, but {HEAD_NAME} records {_plural(head.decisions, 'decision')}: "
                               f"the audit trail was deleted; {RESTORE}")
        return result
    with _reading(outdir) as db:
        assert db is not None
        version, has_table = _version(db), _has_table(db, "decisions")
        table = _table_columns(db, "decisions") if has_table else []
        chained = all(c in table for c in _CHAIN_COLUMNS)
        wanted = ", ".join((*_COLUMNS, *_CHAIN_COLUMNS) if chained else _COLUMNS)
        rows = db.execute(f"SELECT {wanted} FROM decisions ORDER BY id").fetchall() if has_table else []
        triggers = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        info = dict(db.execute("SELECT key, value FROM audit_info").fetchall()) \
            if _has_table(db, "audit_info") else {}
        flag_rows = db.execute(f"SELECT {', '.join((*_FLAG_COLUMNS, *_CHAIN_COLUMNS))} FROM flag_decisions "
                               "ORDER BY id").fetchall() if _has_table(db, "flag_decisions") else None
        note_rows = db.execute(f"SELECT {', '.join((*_NOTE_COLUMNS, *_CHAIN_COLUMNS))} FROM auditor_notes "
                               "ORDER BY id").fetchall() if _has_table(db, "auditor_notes") else None
    result.decisions = len(rows)
    if has_table or version:
        _check_structure(result, version, has_table, chained, triggers)
    _check_rows(result, rows, chained)
    if version >= 2 or head is not None:
        _check_head(result, rows, head, chained)
    _check_flags(result, flag_rows, triggers, head)
    _check_notes(result, note_rows, triggers, head)
    _note_chain_added(result, info)
    return result


def _check_structure(result: Verification, version: int, has_table: bool, chained: bool,
                     triggers: dict[str, str]) -> None:
    """The schema as ehcp-nlp wrote it: a versioned decisions table, its chain columns and its triggers."""
    path = result.path
    if not has_table:
        result.problems.append(f"{path}: has no decisions table: the audit trail was removed; {RESTORE}")
        return
    if version == 0:
        result.problems.append(f"{path}: has a decisions table but no schema version, so it was not written by "
                               f"ehcp-nlp; {RESTORE}")
        return
    if version == 1:
        if result.decisions:
            result.problems.append(f"{path}: has no hash chain yet (it was written by an older ehcp-nlp), so a "
                                   "changed decision cannot be detected; the next 'ehcp-nlp confirm' adds it")
        expected = {name: _TRIGGERS[name] for name in _V1_TRIGGERS}
    else:
        if not chained:
            result.problems.append(f"{path}: the decisions table has lost its hash columns, so it was rebuilt; "
                                   f"{RESTORE}")
        expected = _TRIGGERS
    _check_triggers(expected, triggers, result)


def _check_rows(result: Verification, rows: list[tuple[Any, ...]], chained: bool) -> None:
    """Numbering without gaps, each row's hash, each row following its predecessor, dates in order."""
    before: tuple[Any, ...] | None = None
    for row in rows:
        number, expected = row[0], (before[0] + 1 if before else 1)
        if number != expected:
            if isinstance(number, int) and number > expected:
                missing = (f"decision {expected} is" if number == expected + 1
                           else f"decisions {expected} to {number - 1} are")
                result.problems.append(f"{missing} missing: deleted from the audit trail; {RESTORE}")
            else:
                result.problems.append(f"decision {number} is out of sequence: it was inserted outside ehcp-nlp")
        elif chained and row[-1] and row[-2] != (before[-1] if before else GENESIS):
            what = f"decision {before[0]} was changed and rehashed" if before else "the chain's start was changed"
            result.problems.append(f"decision {number} does not follow on from the one before it ({what}, or "
                                   f"one was deleted); {RESTORE}")
        if chained:
            _check_hash(result, row)
        _check_date(result, row, before)
        before = row
    if chained and before is not None:
        result.last_hash = before[-1]


def _check_hash(result: Verification, row: tuple[Any, ...]) -> None:
    """A hash, and the one its contents and ``prev_hash`` give."""
    if not row[-1]:
        result.problems.append(f"decision {row[0]} has no hash: it was added outside ehcp-nlp; {RESTORE}")
    elif row[-1] != row_hash(Decision(*row[:len(_COLUMNS)]), str(row[-2])):
        result.problems.append(f"decision {row[0]} was changed after it was recorded: its contents no longer match "
                               f"its hash; {RESTORE}")


def _check_date(result: Verification, row: tuple[Any, ...], before: tuple[Any, ...] | None) -> None:
    """A readable date, no earlier than the decision before it."""
    at = _COLUMNS.index("decided_at")
    when = _parse_stamp(row[at])
    if when is None:
        result.problems.append(f"decision {row[0]} has an unreadable date {row[at]!r}; {RESTORE}")
        return
    if before is None:
        return
    earlier = _parse_stamp(before[at])
    if earlier is not None and when < earlier:
        result.problems.append(f"decision {row[0]} is dated {row[at]}, before decision {before[0]} ({before[at]}): "
                               f"it was back-dated; {RESTORE}")


def _check_flags(result: Verification, rows: list[tuple[Any, ...]] | None, triggers: dict[str, str],
                 head: Head | None) -> None:
    """The flag decisions as ehcp-nlp wrote them: triggers, numbering, chain, dates, and the head's count."""
    path = result.path
    if rows is None:
        if head is not None and head.flag_decisions:
            result.problems.append(f"{path}: has no flag decisions table, but {HEAD_NAME} records "
                                   f"{_plural(head.flag_decisions, 'flag decision')}: it was removed; {RESTORE}")
        return
    _check_triggers(_FLAG_TRIGGERS, triggers, result)
    before = _check_chain(result, rows, "flag decision", _FLAG_COLUMNS,
                          lambda row: flag_row_hash(FlagDecision(*row[:len(_FLAG_COLUMNS)]), str(row[-2])))
    result.flag_decisions = len(rows)
    result.flag_last_hash = before[-1] if before else None
    if head is not None:
        _check_end(result, rows, head.flag_decisions, head.flag_last_id, head.flag_last_hash, "flag decision")


def _check_chain(result: Verification, rows: list[tuple[Any, ...]], label: str, columns: tuple[str, ...],
                 hash_of: Callable[[tuple[Any, ...]], str]) -> tuple[Any, ...] | None:
    """A chained table's rows (its columns, then ``prev_hash`` and ``hash``) as ehcp-nlp wrote them: numbered
    1, 2, 3…, each following on from the one before, matching its own hash, and in date order; the last row."""
    at = columns.index("decided_at")
    before: tuple[Any, ...] | None = None
    for row in rows:
        number, expected = row[0], (before[0] + 1 if before else 1)
        if number != expected:
            result.problems.append(f"{label} {expected} is missing or out of sequence (found {number}): the "
                                   f"{label}s were altered outside ehcp-nlp; {RESTORE}")
        elif row[-2] != (before[-1] if before else GENESIS):
            result.problems.append(f"{label} {number} does not follow on from the one before it (one was changed or "
                                   f"deleted); {RESTORE}")
        if row[-1] != hash_of(row):
            result.problems.append(f"{label} {number} was changed after it was recorded: its contents no longer "
                                   f"match its hash; {RESTORE}")
        when, earlier = _parse_stamp(row[at]), _parse_stamp(before[at]) if before else None
        if when is None:
            result.problems.append(f"{label} {number} has an unreadable date {row[at]!r}; {RESTORE}")
        elif earlier is not None and when < earlier:
            result.problems.append(f"{label} {number} is dated {row[at]}, before {label} {before[0]}: it was "
                                   f"back-dated; {RESTORE}")
        before = row
    return before


def _check_end(result: Verification, rows: list[tuple[Any, ...]], count: int, last_id: int, last_hash: str,
               label: str) -> None:
    """A chained table against what the head record says of its end: not emptied, truncated or rewritten."""
    if not count:
        return
    if len(rows) < count:
        result.problems.append(f"{result.path}: holds {_plural(len(rows), label)}, but {HEAD_NAME} records {count}: "
                               f"the {label}s were emptied or truncated; {RESTORE}")
        return
    last = next((row for row in rows if row[0] == last_id), None)
    if last is None or last[-1] != last_hash:
        result.problems.append(f"{label} {last_id} does not match the hash {HEAD_NAME} records for it: the "
                               f"{label}s were rewritten; {RESTORE}")


def _check_notes(result: Verification, rows: list[tuple[Any, ...]] | None, triggers: dict[str, str],
                 head: Head | None) -> None:
    """The auditor notes as ehcp-nlp wrote them: triggers, numbering, chain, dates, and the head's count."""
    if rows is None:
        if head is not None and head.notes:
            result.problems.append(f"{result.path}: has no auditor notes table, but {HEAD_NAME} records "
                                   f"{_plural(head.notes, 'auditor note')}: it was removed; {RESTORE}")
        return
    _check_triggers(_NOTE_TRIGGERS, triggers, result)
    _check_chain(result, rows, "auditor note", _NOTE_COLUMNS,
                 lambda row: note_row_hash(AuditorNote(*row[:len(_NOTE_COLUMNS)]), str(row[-2])))
    if head is not None:
        _check_end(result, rows, head.notes, head.note_last_id, head.note_last_hash, "auditor note")


def _note_chain_added(result: Verification, info: dict[str, Any]) -> None:
    """Say when the chain was added to a database from before it, and over how many decisions."""
    added, over = str(info.get("chain_added_at") or ""), str(info.get("chain_added_over") or "")
    if not added:
        return
    count = _plural(int(over), "decision") if over.isascii() and over.isdigit() else f"{over!r} decisions"
    result.notes.append(f"the hash chain was added on {added[:10]} over the {count} recorded before then: a change "
                        "made to those before that day cannot be detected")


def _check_head(result: Verification, rows: list[tuple[Any, ...]], head: Head | None, chained: bool) -> None:
    """The trail against its head record: not emptied, truncated or rewritten at its end."""
    name = _head_file(result.path)
    if head is None:
        if rows and not any(HEAD_NAME in p for p in result.problems):
            result.problems.append(f"{name}: is missing, so a truncated audit trail cannot be detected; restore it "
                                   "from the backup of audit.db (the next 'ehcp-nlp confirm' writes a new one)")
        return
    if len(rows) < head.decisions:
        held = f"holds {_plural(len(rows), 'decision')}" if rows else "is empty"
        result.problems.append(f"{result.path}: {held}, but {HEAD_NAME} records {head.decisions}: the audit trail was "
                               f"emptied or truncated; {RESTORE}")
        return
    last = next((row for row in rows if row[0] == head.last_id), None)
    if head.decisions and chained and (last is None or last[-1] != head.last_hash):
        result.problems.append(f"decision {head.last_id} does not match the hash {HEAD_NAME} records for it: the audit "
                               f"trail was rewritten; {RESTORE}")
    if len(rows) > head.decisions:
        result.notes.append(f"{_plural(len(rows) - head.decisions, 'decision')} recorded after {HEAD_NAME} was last "
                            "written (an interrupted 'confirm', or added outside ehcp-nlp); the next 'ehcp-nlp "
                            "confirm' brings it up to date")
