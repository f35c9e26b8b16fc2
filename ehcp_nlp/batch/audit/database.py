"""Connections to ``audit.db``: reading (never creating anything), and one write transaction at a time.

A new database is built beside ``audit.db`` and linked into place once its schema is written; a
database from before the chain (schema 1) is upgraded the first time ehcp-nlp writes to it.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .chain import Decision, row_hash
from .common import AuditError, _timestamp
from .files import _fsync_folder, _new_file_beside
from .head import _current_head, _read_head, _refuse_if_removed, _refuse_if_truncated, _write_head
from .schema import (_CHAIN_COLUMNS, _COLUMNS, _INFO_TABLE, _SCHEMA, _TRIGGERS, GENESIS, RESTORE, SCHEMA_VERSION,
                     _has_table, _version, db_path)


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
