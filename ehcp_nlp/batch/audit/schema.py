"""The tables, triggers and columns of ``audit.db``, and what a connection can tell of its schema.

Every table is append-only: triggers refuse ``UPDATE``, ``DELETE`` and any insert whose id is
already taken (so ``INSERT OR REPLACE`` and upserts cannot rewrite a row either). :data:`_TRIGGERS`
are the decisions' and the audit record's, :data:`_FLAG_TRIGGERS` the flag decisions' and
:data:`_NOTE_TRIGGERS` the auditor notes'; :data:`_GUARDS` says what each refuses.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ...model import RATINGS

DB_NAME = "audit.db"
#: The record of the trail's end kept beside the database (see :class:`Head`).
HEAD_NAME = DB_NAME + ".head.json"
SCHEMA_VERSION = 2
ROLES = ("auditor", "moderator")
MIN_PREFIX = 6
#: ``prev_hash`` of the first decision.
GENESIS = "0" * 64
RESTORE = "restore audit.db from a backup"

_RATING_LIST = ", ".join(f"'{r}'" for r in RATINGS)
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
def _kept(table: str, noun: str, advice: str = "", key: str = "id") -> dict[str, str]:
    """The three triggers that keep ``table`` append-only, by name: no row changed, deleted, or replaced by an
    insert on its ``key`` (``INSERT OR REPLACE``, upserts); ``noun`` and ``advice`` make SQLite's refusal."""
    tail = f"; {advice}" if advice else ""
    name = {op: f"{table}_{'is' if table == 'audit_info' else 'are'}_kept_{op}" for op in ("update", "delete", "replace")}
    return {
        name["update"]: f"CREATE TRIGGER {name['update']} BEFORE UPDATE ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, '{noun} never changed{tail}'); END",
        name["delete"]: f"CREATE TRIGGER {name['delete']} BEFORE DELETE ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, '{noun} never deleted{tail}'); END",
        name["replace"]: f"CREATE TRIGGER {name['replace']} BEFORE INSERT ON {table} "
                         f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key}) "
                         f"BEGIN SELECT RAISE(ABORT, '{noun} never replaced{tail}'); END"}


def _guarded(table: str, rows: str) -> dict[str, str]:
    """What each of ``table``'s triggers refuses, for :func:`verify`'s messages."""
    return {f"{table}_are_kept_update": f"changes to {rows}", f"{table}_are_kept_delete": f"deletions of {rows}",
            f"{table}_are_kept_replace": f"replacements of {rows} (INSERT OR REPLACE, upserts)"}


#: Every trigger a current database has, by name; :func:`verify` checks each is there unaltered.
_TRIGGERS = {**_kept("decisions", "decisions are", "record a new decision instead"),
             **_kept("audit_info", "the audit record is", key="key")}
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
_FLAG_TRIGGERS = _kept("flag_decisions", "flag decisions are", "record a new decision instead")
_GUARDS.update(_guarded("flag_decisions", "flag decisions"))
_FLAG_COLUMNS = ("id", "plan_id", "file", "flag_index", "code", "section", "verdict", "reason", "decided_by",
                 "decided_at", "note", "source")
#: What an auditor adds of their own: their edited draft comments, or an issue the tool missed.
NOTE_KINDS = ("comments", "issue")
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
_NOTE_TRIGGERS = _kept("auditor_notes", "auditor notes are", "record a new one instead")
_GUARDS.update(_guarded("auditor_notes", "auditor notes"))
_NOTE_COLUMNS = ("id", "plan_id", "file", "kind", "section", "span_start", "span_end", "text", "note",
                 "decided_by", "decided_at", "source")


def db_path(outdir: str | os.PathLike[str]) -> Path:
    return Path(outdir) / DB_NAME


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _table_columns(db: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({name})").fetchall()]
