"""The auditors' and moderators' decisions on a batch's plans, kept in ``OUTDIR/audit.db``.

The tool only *suggests* a rating; the council's QA team decides. Every decision — an auditor's
rating, or a moderator's re-rating of an audited plan — is one row of a SQLite table that is only
ever added to: nothing is changed or deleted, so the history of who rated what, when and instead
of what is always there. For each plan and role the most recently recorded decision is the one
that counts (:func:`latest`).

Decisions come from the command line (``ehcp-nlp confirm OUTDIR --plan ID --rating R --by NAME``)
or from the batch's ``plans.xlsx`` / ``plans.csv`` after auditors have filled in its "Auditor rating"
and "Moderator rating" columns (``ehcp-nlp confirm OUTDIR --from plans.xlsx``). A spreadsheet cell
that holds a formula is never evaluated or trusted: its row is reported as skipped.

**A trail that can be trusted** (checked by :func:`verify`, ``ehcp-nlp audit-verify OUTDIR``):

- *Append-only.* Triggers refuse ``UPDATE`` and ``DELETE``, and a ``BEFORE INSERT`` trigger refuses
  any insert whose id is already taken, so ``INSERT OR REPLACE``, ``REPLACE`` and upserts cannot
  rewrite a decision either (SQLite's REPLACE deletes the old row without firing delete triggers).
- *A hash chain.* Each decision carries ``prev_hash``, the hash of the decision before it (64 zeros
  for the first), and ``hash``, the SHA-256 of a canonical serialisation of its own fields and
  ``prev_hash`` (:func:`row_hash`). Changing, removing or renumbering a decision breaks the chain
  from there on. Decisions are numbered 1, 2, 3… with no gaps, and each is dated no earlier than
  the one before it (a computer whose clock is behind the last decision's is given that time;
  an explicit earlier date is refused), so a gap or a back-dated decision is evidence of tampering.
- *A head record.* After every write the number of decisions and the last one's id and hash are
  written, atomically and synced, to ``audit.db.head.json`` beside the database. ``confirm``
  refuses to write to an ``audit.db`` that is missing, empty or holds fewer decisions than the head
  records, instead of silently starting a new history; :func:`verify` compares the two. (Someone
  who can rewrite both files can rewrite history; note the last hash ``audit-verify`` prints
  somewhere else, or keep backups, to guard against that.)
- *Durable.* Writes use ``PRAGMA synchronous = FULL`` and are committed before success is
  reported; the head is fsynced. A new database is built beside ``audit.db`` and linked into place
  only once its schema is written, so a full disk or an unwritable folder never leaves a 0-byte
  ``audit.db`` behind.

**Flag decisions.** An auditor's verdict on one of the tool's flags — confirmed, or dismissed with a
reason (``wrong``, ``template text``, ``not important``) — is a row of a second table,
``flag_decisions``, kept the same way: triggers refuse ``UPDATE``, ``DELETE`` and replacements, the
rows carry their own hash chain (:func:`flag_row_hash`) numbered 1, 2, 3…, and the head record keeps
their count and last hash too (``flag_decisions``, ``flag_last_id``, ``flag_last_hash``). The table
is added the first time a flag decision is recorded (:func:`record_flag_decision`); :func:`verify`
checks it whenever it is there. For each flag the last verdict recorded counts (:func:`latest_flags`).

**Databases from before the chain** (schema 1) are upgraded the first time ehcp-nlp writes to them:
in one transaction the chain is computed over the decisions already there, and the upgrade is
recorded in the ``audit_info`` table (``chain_added_at``, ``chain_added_over``: when, and over how
many decisions). Those decisions can be verified from then on, but a change made to them before
the upgrade cannot be detected; ``audit-verify`` says so in a note. Reading never upgrades.

The database uses SQLite's ordinary rollback journal (no WAL), so it also works on a shared
network drive, and an import that is interrupted leaves the file as it was before the import.

Example:
    >>> record_decision("qa/autumn-2025", "plan_001.docx", "auditor", "RI", by="J. Smith")   # doctest: +SKIP
    Decision(id=1, plan_id='a1b2c3d4e5f6a7b8', file='plan_001.docx', role='auditor',
             rating='Requires Improvement', previous_rating='Good', ...)
    >>> verify("qa/autumn-2025").ok   # doctest: +SKIP
    True
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..errors import EhcpNlpError, InputError
from ..model import RATINGS
from .records import PlanRecord, load_records

DB_NAME = "audit.db"
#: The record of the trail's end kept beside the database (see :class:`Head`).
HEAD_NAME = DB_NAME + ".head.json"
SCHEMA_VERSION = 2
ROLES = ("auditor", "moderator")
MIN_PREFIX = 6
#: The spreadsheet columns read by :func:`import_sheet` (as the batch writes them in plans.xlsx).
SHEET_COLUMNS = {"auditor": ("Auditor", "Auditor rating", "Auditor notes"),
                 "moderator": ("Moderator", "Moderator rating", "Moderator notes")}
RATING_HELP = "use Outstanding, Good, Requires Improvement (or RI) or Inadequate"
#: ``prev_hash`` of the first decision.
GENESIS = "0" * 64
RESTORE = "restore audit.db from a backup"

_ALIASES = {r.lower(): r for r in RATINGS} | {"ri": "Requires Improvement", "req improvement": "Requires Improvement",
                                              "requires improvements": "Requires Improvement"}
_RATING_LIST = ", ".join(f"'{r}'" for r in RATINGS)
_HASH_LABEL = b"ehcp-nlp decision chain 1\n"
_TABLE = f"""CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL,
    file            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('auditor', 'moderator')),
    rating          TEXT NOT NULL CHECK (rating IN ({_RATING_LIST})),
    previous_rating TEXT,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'cli',
    prev_hash       TEXT,
    hash            TEXT
)"""
_INDEX = "CREATE INDEX decisions_by_plan ON decisions (plan_id, role, id)"
_INFO_TABLE = "CREATE TABLE audit_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
#: Every trigger a current database has, by name; :func:`verify` checks each is there unaltered.
_TRIGGERS = {
    "decisions_are_kept_update":
        "CREATE TRIGGER decisions_are_kept_update BEFORE UPDATE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'decisions are never changed; record a new decision instead'); END",
    "decisions_are_kept_delete":
        "CREATE TRIGGER decisions_are_kept_delete BEFORE DELETE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'decisions are never deleted; record a new decision instead'); END",
    "decisions_are_kept_replace":
        "CREATE TRIGGER decisions_are_kept_replace BEFORE INSERT ON decisions "
        "WHEN EXISTS (SELECT 1 FROM decisions WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'decisions are never replaced; record a new decision instead'); END",
    "audit_info_is_kept_update":
        "CREATE TRIGGER audit_info_is_kept_update BEFORE UPDATE ON audit_info "
        "BEGIN SELECT RAISE(ABORT, 'the audit record is never changed'); END",
    "audit_info_is_kept_delete":
        "CREATE TRIGGER audit_info_is_kept_delete BEFORE DELETE ON audit_info "
        "BEGIN SELECT RAISE(ABORT, 'the audit record is never deleted'); END",
    "audit_info_is_kept_replace":
        "CREATE TRIGGER audit_info_is_kept_replace BEFORE INSERT ON audit_info "
        "WHEN EXISTS (SELECT 1 FROM audit_info WHERE key = NEW.key) "
        "BEGIN SELECT RAISE(ABORT, 'the audit record is never replaced'); END",
}
#: What each trigger refuses, for :func:`verify`'s messages.
_GUARDS = {"decisions_are_kept_update": "changes to decisions", "decisions_are_kept_delete": "deletions of decisions",
           "decisions_are_kept_replace": "replacements of decisions (INSERT OR REPLACE, upserts)",
           "audit_info_is_kept_update": "changes to the audit record",
           "audit_info_is_kept_delete": "deletions from the audit record",
           "audit_info_is_kept_replace": "replacements in the audit record"}
#: The triggers of a schema-1 database (before the chain).
_V1_TRIGGERS = ("decisions_are_kept_update", "decisions_are_kept_delete")
_SCHEMA = (_TABLE, _INDEX, _INFO_TABLE, *_TRIGGERS.values(), f"PRAGMA user_version = {SCHEMA_VERSION}")
_COLUMNS = ("id", "plan_id", "file", "role", "rating", "previous_rating", "decided_by", "decided_at", "note",
            "source")
_CHAIN_COLUMNS = ("prev_hash", "hash")
#: What an auditor may say of a flag, and why a flag may be dismissed.
FLAG_VERDICTS = ("confirm", "dismiss")
FLAG_REASONS = ("wrong", "template text", "not important")
_FLAG_HASH_LABEL = b"ehcp-nlp flag decision chain 1\n"
_FLAG_TABLE = """CREATE TABLE flag_decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL,
    file            TEXT NOT NULL,
    flag_index      INTEGER NOT NULL,
    code            TEXT NOT NULL,
    section         TEXT NOT NULL DEFAULT '',
    verdict         TEXT NOT NULL CHECK (verdict IN ('confirm', 'dismiss')),
    reason          TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'web',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
)"""
_FLAG_INDEX = "CREATE INDEX flag_decisions_by_plan ON flag_decisions (plan_id, flag_index, id)"
_FLAG_TRIGGERS = {
    "flag_decisions_are_kept_update":
        "CREATE TRIGGER flag_decisions_are_kept_update BEFORE UPDATE ON flag_decisions "
        "BEGIN SELECT RAISE(ABORT, 'flag decisions are never changed; record a new decision instead'); END",
    "flag_decisions_are_kept_delete":
        "CREATE TRIGGER flag_decisions_are_kept_delete BEFORE DELETE ON flag_decisions "
        "BEGIN SELECT RAISE(ABORT, 'flag decisions are never deleted; record a new decision instead'); END",
    "flag_decisions_are_kept_replace":
        "CREATE TRIGGER flag_decisions_are_kept_replace BEFORE INSERT ON flag_decisions "
        "WHEN EXISTS (SELECT 1 FROM flag_decisions WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'flag decisions are never replaced; record a new decision instead'); END",
}
_GUARDS.update({"flag_decisions_are_kept_update": "changes to flag decisions",
                "flag_decisions_are_kept_delete": "deletions of flag decisions",
                "flag_decisions_are_kept_replace": "replacements of flag decisions (INSERT OR REPLACE, upserts)"})
_FLAG_COLUMNS = ("id", "plan_id", "file", "flag_index", "code", "section", "verdict", "reason", "decided_by",
                 "decided_at", "note", "source")


#: What an auditor adds of their own: their edited draft comments, or an issue the tool missed.
NOTE_KINDS = ("comments", "issue")
_NOTE_HASH_LABEL = b"ehcp-nlp auditor note chain 1\n"
_NOTE_TABLE = """CREATE TABLE auditor_notes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL,
    file            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('comments', 'issue')),
    section         TEXT NOT NULL DEFAULT '',
    span_start      INTEGER,
    span_end        INTEGER,
    text            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT 'web',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
)"""
_NOTE_INDEX = "CREATE INDEX auditor_notes_by_plan ON auditor_notes (plan_id, kind, id)"
_NOTE_TRIGGERS = {
    "auditor_notes_are_kept_update":
        "CREATE TRIGGER auditor_notes_are_kept_update BEFORE UPDATE ON auditor_notes "
        "BEGIN SELECT RAISE(ABORT, 'auditor notes are never changed; record a new one instead'); END",
    "auditor_notes_are_kept_delete":
        "CREATE TRIGGER auditor_notes_are_kept_delete BEFORE DELETE ON auditor_notes "
        "BEGIN SELECT RAISE(ABORT, 'auditor notes are never deleted; record a new one instead'); END",
    "auditor_notes_are_kept_replace":
        "CREATE TRIGGER auditor_notes_are_kept_replace BEFORE INSERT ON auditor_notes "
        "WHEN EXISTS (SELECT 1 FROM auditor_notes WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'auditor notes are never replaced; record a new one instead'); END",
}
_GUARDS.update({"auditor_notes_are_kept_update": "changes to auditor notes",
                "auditor_notes_are_kept_delete": "deletions of auditor notes",
                "auditor_notes_are_kept_replace": "replacements of auditor notes (INSERT OR REPLACE, upserts)"})
_NOTE_COLUMNS = ("id", "plan_id", "file", "kind", "section", "span_start", "span_end", "text", "note",
                 "decided_by", "decided_at", "source")


class AuditError(EhcpNlpError):
    """A decision that cannot be recorded, or an audit database that cannot be used."""


class UnknownPlanError(AuditError):
    """No plan (or more than one) of the batch matches the id or file given."""


class UnknownRatingError(AuditError):
    """A rating that is not one of the four."""


@dataclass(frozen=True)
class Decision:
    """One recorded rating of one plan by an auditor or a moderator.

    Attributes:
        id: the row number (decisions are numbered in the order they were recorded).
        plan_id, file: the plan (its content id and its path relative to the batch folder).
        role: ``auditor`` or ``moderator``.
        rating: one of :data:`~ehcp_nlp.rating.model.RATINGS`.
        previous_rating: the rating this one replaces — for an auditor, the plan's previous auditor
            rating, else the tool's suggested rating; for a moderator, the latest auditor rating.
        decided_by: who decided; decided_at: when it was recorded (ISO 8601, UTC).
        note: the auditor's or moderator's note; source: ``cli`` or the spreadsheet's file name.
    """

    id: int
    plan_id: str
    file: str
    role: str
    rating: str
    previous_rating: str | None
    decided_by: str
    decided_at: str
    note: str = ""
    source: str = "cli"

    @property
    def date(self) -> str:
        """The day of the decision, ``YYYY-MM-DD``."""
        return self.decided_at[:10]

    @property
    def changed(self) -> bool:
        """Whether the rating differs from the one it replaces."""
        return self.previous_rating is not None and self.previous_rating != self.rating

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FlagDecision:
    """One auditor's verdict on one flag of one plan.

    Attributes:
        id: the row number (flag decisions are numbered in the order they were recorded).
        plan_id, file: the plan; flag_index: the flag's position in the plan's review (from 0);
        code, section: the flag's check code and section, as the tool raised it.
        verdict: ``confirm`` or ``dismiss``; reason: for a dismissal, one of :data:`FLAG_REASONS`.
        decided_by, decided_at, note, source: who, when (ISO 8601, UTC), their note, and where from.
    """

    id: int
    plan_id: str
    file: str
    flag_index: int
    code: str
    section: str
    verdict: str
    reason: str
    decided_by: str
    decided_at: str
    note: str = ""
    source: str = "web"

    @property
    def date(self) -> str:
        return self.decided_at[:10]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AuditorNote:
    """Something an auditor added to a plan's audit: their edited draft comments (``kind='comments'``), or
    an issue the tool missed (``kind='issue'``: ``text`` is the passage chosen, ``section[span_start:span_end]``,
    and ``note`` says what is wrong with it). Kept append-only with its own hash chain, as flag decisions are."""

    id: int
    plan_id: str
    file: str
    kind: str
    section: str
    span_start: int | None
    span_end: int | None
    text: str
    note: str
    decided_by: str
    decided_at: str
    source: str = "web"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkippedRow:
    """A spreadsheet row (or one of its two ratings) that could not be recorded."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    """What :func:`import_sheet` did: decisions added, ratings already recorded, and rows skipped.

    ``line`` numbers are the spreadsheet's own row numbers (the header is line 1).
    """

    source: str
    added: list[Decision] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)

    def added_by_role(self, role: str) -> int:
        return sum(d.role == role for d in self.added)

    def summary(self, show: int = 3) -> str:
        """One line, e.g. ``recorded 12 auditor and 3 moderator decisions; 4 unchanged; 1 row skipped (…)``."""
        auditor, moderator = self.added_by_role("auditor"), self.added_by_role("moderator")
        text = (f"recorded {auditor} auditor and {moderator} moderator decision{'' if auditor + moderator == 1 else 's'}"
                f"; {self.unchanged} unchanged")
        if self.skipped:
            shown = "; ".join(str(s) for s in self.skipped[:show])
            more = f"; and {len(self.skipped) - show} more" if len(self.skipped) > show else ""
            text += f"; {_plural(len(self.skipped), 'row')} skipped ({shown}{more})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "added": [d.to_dict() for d in self.added], "unchanged": self.unchanged,
                "skipped": [asdict(s) for s in self.skipped]}


def parse_rating(value: Any) -> str | None:
    """The rating a cell or argument means (case-insensitive; "RI" and "requires-improvement" too), else ``None``."""
    if value is None or not isinstance(value, str):
        return None
    text = " ".join(value.replace("-", " ").replace("_", " ").split()).lower().lstrip("'")
    return _ALIASES.get(text)


def db_path(outdir: str | os.PathLike[str]) -> Path:
    return Path(outdir) / DB_NAME


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


def head_path(outdir: str | os.PathLike[str]) -> Path:
    """``OUTDIR/audit.db.head.json``, the record of the trail's end (see :class:`Head`)."""
    return _head_file(db_path(outdir))


def row_hash(decision: Decision, prev_hash: str) -> str:
    """The SHA-256 (hex) that chains ``decision`` to the one before it, whose hash is ``prev_hash``.

    The serialisation is canonical: a JSON object of every field of the decision and ``prev_hash``,
    keys sorted, no spaces, non-ASCII escaped, after a fixed label naming the chain's version.
    """
    fields = dict(zip(_COLUMNS, _values(decision))) | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_HASH_LABEL + payload.encode("ascii")).hexdigest()


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


def flag_row_hash(decision: FlagDecision, prev_hash: str) -> str:
    """The SHA-256 (hex) chaining a flag decision to the one before it (as :func:`row_hash`, its own label)."""
    fields = {c: getattr(decision, c) for c in _FLAG_COLUMNS} | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_FLAG_HASH_LABEL + payload.encode("ascii")).hexdigest()


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


def note_row_hash(note: AuditorNote, prev_hash: str) -> str:
    """The SHA-256 (hex) chaining an auditor note to the one before it (as :func:`row_hash`, its own label)."""
    fields = {c: getattr(note, c) for c in _NOTE_COLUMNS} | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_NOTE_HASH_LABEL + payload.encode("ascii")).hexdigest()


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


def import_sheet(outdir: str | os.PathLike[str], path: str | os.PathLike[str], by: str | None = None) -> ImportResult:
    """Record the ratings typed into a batch spreadsheet (``plans.xlsx`` or ``plans.csv``).

    For each row with an "Auditor rating", an auditor decision (by the row's "Auditor", else ``by``,
    with "Auditor notes" as its note); likewise "Moderator rating" → a moderator decision. Plans are
    found by the ``id`` column, else by ``file``. A rating equal to the one already recorded for that
    plan and role is counted as unchanged, so importing the same sheet twice adds nothing. Rows with an
    unknown rating or plan are reported in the result, not fatal. So is a rating whose cells (name,
    rating, notes, or the row's id or file) hold a formula: it is neither evaluated nor read from the
    value Excel cached, and, as openpyxl may read such a cell as empty, never silently passed over.
    All of the sheet is recorded in one transaction: an interrupted import records nothing.

    Raises:
        InputError: if the file cannot be read as a spreadsheet or has none of the rating columns.
    """
    path = Path(path)
    frame = _read_sheet(path)
    columns = {str(c).strip().lower(): c for c in frame.columns}
    wanted = {role: tuple(columns.get(name.lower()) for name in names) for role, names in SHEET_COLUMNS.items()}
    if all(cols[1] is None for cols in wanted.values()):
        raise InputError(path, "has no 'Auditor rating' or 'Moderator rating' column",
                         "use the plans.xlsx or plans.csv that 'ehcp-nlp batch' wrote")
    id_col, file_col = columns.get("id"), columns.get("file")
    if id_col is None and file_col is None:
        raise InputError(path, "has no 'id' or 'file' column", "use the plans.xlsx or plans.csv that 'ehcp-nlp batch' wrote")

    records = load_records(outdir)
    rows = {index + 2: row for index, row in enumerate(frame.to_dict("records"))}
    formulas = _formula_cells(path)
    result = ImportResult(source=path.name)
    stamp = _timestamp(None)
    with _writing(outdir) as db:  # one transaction: all of the sheet or nothing
        stamp = _in_order(db, stamp, explicit=False)
        for line in sorted(set(rows) | set(formulas)):  # a row holding only formulas may be missing from `rows`
            row, in_formula = rows.get(line, {}), formulas.get(line, set())
            cells = {role: [_text(row.get(c)) if c is not None else "" for c in cols] for role, cols in wanted.items()}
            rated = [role for role in ROLES if cells[role][1] or SHEET_COLUMNS[role][1].lower() in in_formula]
            rated, skipped = _skip_formulas(line, rated, in_formula)
            result.skipped.extend(skipped)
            if not rated:
                continue
            key = _text(row.get(id_col)) if id_col is not None else ""
            name = _text(row.get(file_col)) if file_col is not None else ""
            try:
                record = _find_row_plan(outdir, records, key, name)
            except UnknownPlanError as exc:
                result.skipped.append(SkippedRow(line, str(exc).split(";")[0]))
                continue
            for role in rated:  # the auditor first, so a moderator on the same row replaces that rating
                who, text, note = cells[role]
                rating = parse_rating(text)
                if rating is None:
                    result.skipped.append(SkippedRow(line, f"unknown {'' if role == 'auditor' else 'moderator '}"
                                                           f"rating {text!r}"))
                    continue
                current = db.execute("SELECT rating FROM decisions WHERE plan_id = ? AND role = ? "
                                     "ORDER BY id DESC LIMIT 1", (record.id, role)).fetchone()
                if current is not None and current[0] == rating:
                    result.unchanged += 1
                    continue
                previous = _previous_rating(db, record, role)
                result.added.append(_insert(db, record, role, rating, previous, who or by or "", stamp, note,
                                            path.name))
    return result


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


# -- plans ---------------------------------------------------------------------------------------------------------


def _find_plan(outdir: str | os.PathLike[str], records: list[PlanRecord], key: str) -> PlanRecord:
    """The record a user means by an id, an id prefix (≥ 6 characters) or a file name."""
    key = (key or "").strip()
    if not records:
        raise UnknownPlanError(f"{outdir}: no reviewed documents found; run 'ehcp-nlp batch FOLDER -o {outdir}' first")
    if not key:
        raise UnknownPlanError("no plan given; give its id (at least 6 characters) or its file as in plans.csv")
    by_file = [r for r in records if r.file == key.replace("\\", "/")]
    by_id = [r for r in records if r.id == key.lower()]
    if not by_id and len(key) >= MIN_PREFIX:
        by_id = [r for r in records if r.id.startswith(key.lower())]
    found = by_id or by_file
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        what = "id prefix" if by_id else "file"
        raise UnknownPlanError(f"plan {key!r}: {what} matches {len(found)} documents in {outdir}; give the full id "
                               "from plans.csv")
    hint = f" (an id prefix needs at least {MIN_PREFIX} characters)" if len(key) < MIN_PREFIX else ""
    raise UnknownPlanError(f"unknown plan {key!r} in {outdir}{hint}; give its id or its file as in plans.csv")


def _find_row_plan(outdir: str | os.PathLike[str], records: list[PlanRecord], key: str, name: str) -> PlanRecord:
    """A sheet row's plan: by id, else by file (Excel can mangle an all-digit id)."""
    if not key and not name:
        raise UnknownPlanError("no id or file on this row")
    if key:
        match = [r for r in records if r.id == key.lower()]
        if len(match) == 1:
            return match[0]
    if name:
        match = [r for r in records if r.file == name.replace("\\", "/")]
        if len(match) == 1:
            return match[0]
    raise UnknownPlanError(f"unknown plan {key or name!r}")


def _previous_rating(db: sqlite3.Connection, record: PlanRecord, role: str) -> str | None:
    row = db.execute("SELECT rating FROM decisions WHERE plan_id = ? AND role = 'auditor' ORDER BY id DESC LIMIT 1",
                     (record.id,)).fetchone()
    if role == "moderator":
        return row[0] if row else None
    return row[0] if row else record.suggested


# -- verification --------------------------------------------------------------------------------------------------


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
    at = _FLAG_COLUMNS.index("decided_at")
    before: tuple[Any, ...] | None = None
    for row in rows:
        number, expected = row[0], (before[0] + 1 if before else 1)
        if number != expected:
            result.problems.append(f"flag decision {expected} is missing or out of sequence (found {number}): the "
                                   f"flag decisions were altered outside ehcp-nlp; {RESTORE}")
        elif row[-2] != (before[-1] if before else GENESIS):
            result.problems.append(f"flag decision {number} does not follow on from the one before it (one was "
                                   f"changed or deleted); {RESTORE}")
        if row[-1] != flag_row_hash(FlagDecision(*row[:len(_FLAG_COLUMNS)]), str(row[-2])):
            result.problems.append(f"flag decision {number} was changed after it was recorded: its contents no "
                                   f"longer match its hash; {RESTORE}")
        when, earlier = _parse_stamp(row[at]), _parse_stamp(before[at]) if before else None
        if when is None:
            result.problems.append(f"flag decision {number} has an unreadable date {row[at]!r}; {RESTORE}")
        elif earlier is not None and when < earlier:
            result.problems.append(f"flag decision {number} is dated {row[at]}, before flag decision {before[0]}: "
                                   f"it was back-dated; {RESTORE}")
        before = row
    result.flag_decisions = len(rows)
    result.flag_last_hash = before[-1] if before else None
    if head is not None:
        _check_end(result, rows, head.flag_decisions, head.flag_last_id, head.flag_last_hash, "flag decision")


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
    """The auditor notes as ehcp-nlp wrote them: triggers, numbering, chain, and the head's count."""
    if rows is None:
        if head is not None and head.notes:
            result.problems.append(f"{result.path}: has no auditor notes table, but {HEAD_NAME} records "
                                   f"{_plural(head.notes, 'auditor note')}: it was removed; {RESTORE}")
        return
    _check_triggers(_NOTE_TRIGGERS, triggers, result)
    before: tuple[Any, ...] | None = None
    for row in rows:
        number, expected = row[0], (before[0] + 1 if before else 1)
        if number != expected:
            result.problems.append(f"auditor note {expected} is missing or out of sequence (found {number}); "
                                   f"{RESTORE}")
        elif row[-2] != (before[-1] if before else GENESIS):
            result.problems.append(f"auditor note {number} does not follow on from the one before it; {RESTORE}")
        if row[-1] != note_row_hash(AuditorNote(*row[:len(_NOTE_COLUMNS)]), str(row[-2])):
            result.problems.append(f"auditor note {number} was changed after it was recorded: its contents no "
                                   f"longer match its hash; {RESTORE}")
        before = row
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


# -- database ------------------------------------------------------------------------------------------------------


@contextmanager
def _reading(outdir: str | os.PathLike[str]) -> Iterator[sqlite3.Connection | None]:
    """A connection for reading (``None`` if there is no audit.db); never creates or upgrades anything."""
    path = db_path(outdir)
    if not path.is_file():
        yield None
        return
    try:
        db = _open(path)
    except sqlite3.Error as exc:
        raise _database_error(path, exc, writing=False) from None
    try:
        _check_version(db, path)
        yield db
    except sqlite3.Error as exc:
        raise _database_error(path, exc, writing=False) from None
    finally:
        db.close()


@contextmanager
def _writing(outdir: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """A connection inside one write transaction, refused if the trail was emptied or truncated.

    The transaction is committed (with ``synchronous = FULL``) if the block finishes and rolled back
    otherwise; after the commit the head record is brought up to date and synced.
    """
    path = db_path(outdir)
    head = _read_head(path)
    _refuse_if_removed(path, head)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _create_database(path)
        db = _open(path)
    except sqlite3.Error as exc:
        raise _database_error(path, exc, writing=True) from None
    except OSError as exc:
        raise AuditError(f"{path}: could not be created ({exc.strerror or exc}); check there is free space and the "
                         "folder can be written (nothing was recorded)") from None
    try:
        db.execute("PRAGMA synchronous = FULL")
        _ensure_schema(db, path)
        db.execute("BEGIN IMMEDIATE")
        _refuse_if_truncated(db, path, head)
        yield db
        reached = _current_head(db)
        db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.rollback()
        if isinstance(exc, sqlite3.Error):
            raise _database_error(path, exc, writing=True) from None
        raise
    finally:
        db.close()
    _write_head(path, reached)


def _open(path: Path) -> sqlite3.Connection:
    """An existing database, read-write where the file allows it; never creates a file."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30, isolation_level=None)


def _create_database(path: Path) -> None:
    """Build an empty database beside ``path`` and link it into place only once its schema is written.

    A full disk or an unwritable folder then leaves no audit.db at all rather than a 0-byte one. If
    another process created audit.db meanwhile, that one is kept.
    """
    fd, temporary = _new_file_beside(path)
    os.close(fd)
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = FULL")
            db.execute("BEGIN IMMEDIATE")
            _initialise(db)
            db.execute("COMMIT")
        finally:
            db.close()
        _publish(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(f"{temporary.name}-journal")):
            leftover.unlink(missing_ok=True)


def _publish(temporary: Path, path: Path) -> None:
    """Put a new database in place without ever replacing one another process has put there first."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    except OSError:  # a file system without hard links
        if path.exists():
            return
        os.replace(temporary, path)
    _fsync_folder(path.parent)


def _initialise(db: sqlite3.Connection) -> None:
    """Create the current schema in an empty database (inside the caller's transaction)."""
    for statement in _SCHEMA:
        db.execute(statement)


def _ensure_schema(db: sqlite3.Connection, path: Path) -> None:
    """Bring a database to the current schema before writing: create it in an empty file, or add the chain."""
    version = _check_version(db, path)
    if version == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    version = _version(db)  # another process may have just created or upgraded it
    if version == 0:
        if _has_table(db, "decisions"):
            raise AuditError(f"{path}: has a decisions table but no schema version; move it aside and try again")
        _initialise(db)
    elif version == 1:
        _add_chain(db, path)
    db.execute("COMMIT")


def _add_chain(db: sqlite3.Connection, path: Path) -> None:
    """Upgrade a schema-1 database: hash the decisions already there, in order, and record that this was done."""
    if not _has_table(db, "decisions"):
        raise AuditError(f"{path}: has no decisions table: the audit trail was removed; {RESTORE}")
    for column in _CHAIN_COLUMNS:
        db.execute(f"ALTER TABLE decisions ADD COLUMN {column} TEXT")
    db.execute(_INFO_TABLE)
    for name in _TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM decisions ORDER BY id").fetchall()
    previous = GENESIS
    for row in rows:
        digest = row_hash(Decision(*row), previous)
        db.execute("UPDATE decisions SET prev_hash = ?, hash = ? WHERE id = ?", (previous, digest, row[0]))
        previous = digest
    for statement in _TRIGGERS.values():
        db.execute(statement)
    if rows:
        db.executemany("INSERT INTO audit_info (key, value) VALUES (?, ?)",
                       [("chain_added_at", _timestamp(None)), ("chain_added_over", str(len(rows)))])
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_version(db: sqlite3.Connection, path: Path) -> int:
    version = _version(db)
    if version > SCHEMA_VERSION:
        raise AuditError(f"{path}: was written by a newer ehcp-nlp (schema {version}); upgrade ehcp-nlp to use it")
    return version


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _table_columns(db: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({name})").fetchall()]


def _database_error(path: Path, exc: sqlite3.Error, writing: bool) -> AuditError:
    message = str(exc)
    unchanged = " (nothing was recorded)" if writing else ""
    if "locked" in message or "busy" in message:
        return AuditError(f"{path}: is in use by another ehcp-nlp command; try again in a moment")
    if "not a database" in message or "malformed" in message:
        return AuditError(f"{path}: is not a readable audit database ({message}); {RESTORE}")
    if "full" in message:
        return AuditError(f"{path}: the disk is full ({message}); free some space and try again{unchanged}")
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return AuditError(f"{path}: cannot be {'written' if writing else 'opened'} ({message}); check the folder and "
                          f"the file can be written{unchanged}")
    return AuditError(f"{path}: {message}{unchanged}")


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


# -- the head record -----------------------------------------------------------------------------------------------


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


def _write_synced(file: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``file``, sync it, rename it into place and sync the folder."""
    fd, temporary = _new_file_beside(file)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(file.parent)


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, hidden file in ``path``'s folder, open for writing, with the permissions the umask gives
    (as audit.db always had, so colleagues sharing the folder can still use it; ``mkstemp`` would give 0600)."""
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), \
                candidate
        except FileExistsError:
            continue


def _fsync_folder(folder: Path) -> None:
    """Sync a folder's entries (a rename or a new link) to disk, where the system allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- small helpers -------------------------------------------------------------------------------------------------


def _check_role(role: str) -> str:
    value = (role or "").strip().lower()
    if value not in ROLES:
        raise AuditError(f"unknown role {role!r}; use auditor or moderator")
    return value


def _timestamp(when: datetime | str | None) -> str:
    if when is None:
        moment = datetime.now(timezone.utc)
    elif isinstance(when, str):
        try:
            moment = datetime.fromisoformat(when)
        except ValueError:
            raise AuditError(f"unknown date {when!r}; use an ISO date such as 2026-03-14 or 2026-03-14T10:30") from None
    else:
        moment = when
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    """A cell as trimmed text ('' for empty cells and NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


def _read_sheet(path: Path) -> Any:
    import pandas as pd

    if not path.is_file():
        raise InputError(path, "not found", "give the plans.xlsx or plans.csv from the batch output folder")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, sheet_name=0, dtype=str)
        if suffix == ".csv":
            try:
                return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            except UnicodeDecodeError:  # saved by Excel as "CSV" rather than "CSV UTF-8"
                return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252")
    except PermissionError:
        raise InputError(path, "could not be opened (it may be open in Excel)", "close it and try again") from None
    except Exception as exc:  # pandas and openpyxl raise many kinds for damaged files
        raise InputError(path, f"could not be read as a spreadsheet ({type(exc).__name__}: {exc})",
                         "save it again from Excel as .xlsx or .csv") from None
    raise InputError(path, "is not a spreadsheet ehcp-nlp reads", "give a .xlsx or .csv file")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _values(decision: Decision) -> tuple[Any, ...]:
    """A decision's fields in the order of the table's columns."""
    return tuple(getattr(decision, column) for column in _COLUMNS)


def _parse_stamp(value: Any) -> datetime | None:
    """A recorded ``decided_at`` as an aware datetime (naive ones taken as UTC), or ``None`` if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _formula_cells(path: Path) -> dict[int, set[str]]:
    """The cells of a workbook's first sheet that hold formulas, as ``{line: {column, lower case}}``.

    Only the columns :func:`import_sheet` reads; empty for a CSV. Read without evaluating anything.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    from openpyxl import load_workbook

    wanted = {"id", "file"} | {name.lower() for names in SHEET_COLUMNS.values() for name in names}
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # pandas has read it already, so this is unlikely
        raise InputError(path, f"could not be read as a spreadsheet ({type(exc).__name__}: {exc})",
                         "save it again from Excel as .xlsx or .csv") from None
    found: dict[int, set[str]] = {}
    try:
        header: dict[int, str] | None = None
        for row in book.worksheets[0].iter_rows(min_row=1):
            if header is None:
                header = {cell.column: str(cell.value).strip().lower() for cell in row
                          if getattr(cell, "column", None) and cell.value is not None}
                continue
            for cell in row:
                name = header.get(getattr(cell, "column", 0))
                if getattr(cell, "data_type", None) == "f" and name in wanted:
                    found.setdefault(cell.row, set()).add(name)
    finally:
        book.close()
    return found


def _skip_formulas(line: int, rated: list[str], formulas: set[str]) -> tuple[list[str], list[SkippedRow]]:
    """The roles of a sheet row still to record, and a skipped row for each rating held back by a formula."""
    held = [name for name in ("id", "file") if name in formulas]
    if held and rated:
        return [], [SkippedRow(line, f"the {held[0]} cell holds a formula; use the plans.xlsx that 'ehcp-nlp batch' "
                                     "wrote")]
    reasons = {role: _formula_reason(role, formulas) for role in rated}
    return [role for role in rated if not reasons[role]], [SkippedRow(line, why) for why in reasons.values() if why]


def _formula_reason(role: str, formulas: set[str]) -> str:
    """Why one role's rating on a row is skipped because a cell of it holds a formula ('' if none does)."""
    name, rating, notes = SHEET_COLUMNS[role]
    for column, what in ((rating, "rating"), (name, "name"), (notes, "notes")):
        if column.lower() in formulas:
            return f"the {column} cell holds a formula; type the {what} instead"
    return ""
