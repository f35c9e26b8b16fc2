"""The auditors' and moderators' decisions on a batch's plans, kept in ``OUTDIR/audit.db``.

The tool only *suggests* a rating; the council's QA team decides. Every decision — an auditor's
rating, or a moderator's re-rating of an audited plan — is one row of a SQLite table that is only
ever added to: nothing is changed or deleted, so the history of who rated what, when and instead
of what is always there. For each plan and role the most recently recorded decision is the one
that counts (:func:`latest`).

Decisions come from the command line (``ehcp-nlp confirm OUTDIR --plan ID --rating R --by NAME``)
or from the batch's ``plans.xlsx`` / ``plans.csv`` after auditors have filled in its "Auditor rating"
and "Moderator rating" columns (``ehcp-nlp confirm OUTDIR --from plans.xlsx``).

The database uses SQLite's ordinary rollback journal (no WAL), so it also works on a shared
network drive, and an import that is interrupted leaves the file as it was before the import.

Example:
    >>> record_decision("qa/autumn-2025", "plan_001.docx", "auditor", "RI", by="J. Smith")   # doctest: +SKIP
    Decision(id=1, plan_id='a1b2c3d4e5f6a7b8', file='plan_001.docx', role='auditor',
             rating='Requires Improvement', previous_rating='Good', ...)
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from ..errors import EhcpNlpError, InputError
from ..rating.model import RATINGS
from .records import PlanRecord, load_records

DB_NAME = "audit.db"
SCHEMA_VERSION = 1
ROLES = ("auditor", "moderator")
MIN_PREFIX = 6
#: The spreadsheet columns read by :func:`import_sheet` (as the batch writes them in plans.xlsx).
SHEET_COLUMNS = {"auditor": ("Auditor", "Auditor rating", "Auditor notes"),
                 "moderator": ("Moderator", "Moderator rating", "Moderator notes")}
RATING_HELP = "use Outstanding, Good, Requires Improvement (or RI) or Inadequate"

_ALIASES = {r.lower(): r for r in RATINGS} | {"ri": "Requires Improvement", "req improvement": "Requires Improvement",
                                              "requires improvements": "Requires Improvement"}
_RATING_LIST = ", ".join(f"'{r}'" for r in RATINGS)
_SCHEMA = (
    f"""CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL,
    file            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('auditor', 'moderator')),
    rating          TEXT NOT NULL CHECK (rating IN ({_RATING_LIST})),
    previous_rating TEXT,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'cli'
)""",
    "CREATE INDEX decisions_by_plan ON decisions (plan_id, role, id)",
    "CREATE TRIGGER decisions_are_kept_update BEFORE UPDATE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never changed; record a new decision instead'); END",
    "CREATE TRIGGER decisions_are_kept_delete BEFORE DELETE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never deleted; record a new decision instead'); END",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)
_COLUMNS = ("id", "plan_id", "file", "role", "rating", "previous_rating", "decided_by", "decided_at", "note",
            "source")


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


def record_decision(outdir: str | os.PathLike[str], plan_id: str, role: str, rating: str, by: str, note: str = "",
                    source: str = "cli", when: datetime | str | None = None) -> Decision:
    """Record one decision and return it.

    Args:
        outdir: the batch output folder.
        plan_id: the plan's id, a unique prefix of it (at least 6 characters), or its ``file`` as in plans.csv.
        role: ``auditor`` or ``moderator``.
        rating: the rating (see :func:`parse_rating` for the spellings accepted).
        by: who decided. note: an optional note. source: ``cli`` or the spreadsheet's name.
        when: the time of the decision (default: now); naive datetimes are taken as UTC.

    Raises:
        UnknownPlanError, UnknownRatingError, AuditError: with a one-line message saying what to do.
    """
    role = _check_role(role)
    value = parse_rating(rating)
    if value is None:
        raise UnknownRatingError(f"unknown rating {rating!r}; {RATING_HELP}")
    record = _find_plan(outdir, load_records(outdir), plan_id)
    stamp = _timestamp(when)
    with _connect(outdir, create=True) as db:
        db.execute("BEGIN IMMEDIATE")
        previous = _previous_rating(db, record, role)
        decision = _insert(db, record, role, value, previous, by, stamp, note, source)
    return decision


def decisions(outdir: str | os.PathLike[str]) -> list[Decision]:
    """Every decision ever recorded for the batch, oldest first (empty if there is no audit.db yet)."""
    if not db_path(outdir).is_file():
        return []
    with _connect(outdir, create=False) as db:
        rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM decisions ORDER BY id").fetchall()
    return [Decision(*row) for row in rows]


def latest(outdir: str | os.PathLike[str], role: str) -> dict[str, Decision]:
    """The decision that counts for each plan in one role (the last one recorded), by plan id."""
    role = _check_role(role)
    return {d.plan_id: d for d in decisions(outdir) if d.role == role}


def import_sheet(outdir: str | os.PathLike[str], path: str | os.PathLike[str], by: str | None = None) -> ImportResult:
    """Record the ratings typed into a batch spreadsheet (``plans.xlsx`` or ``plans.csv``).

    For each row with an "Auditor rating", an auditor decision (by the row's "Auditor", else ``by``,
    with "Auditor notes" as its note); likewise "Moderator rating" → a moderator decision. Plans are
    found by the ``id`` column, else by ``file``. A rating equal to the one already recorded for that
    plan and role is counted as unchanged, so importing the same sheet twice adds nothing. Rows with an
    unknown rating or plan are reported in the result, not fatal. All of the sheet is recorded in one
    transaction: an interrupted import records nothing.

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
    result = ImportResult(source=path.name)
    stamp = _timestamp(None)
    with _connect(outdir, create=True) as db:
        db.execute("BEGIN IMMEDIATE")  # one transaction: all of the sheet or nothing
        for index, row in enumerate(frame.to_dict("records")):
            line = index + 2
            cells = {role: [_text(row.get(c)) if c is not None else "" for c in cols] for role, cols in wanted.items()}
            if not any(cells[role][1] for role in ROLES):
                continue
            key = _text(row.get(id_col)) if id_col is not None else ""
            name = _text(row.get(file_col)) if file_col is not None else ""
            try:
                record = _find_row_plan(outdir, records, key, name)
            except UnknownPlanError as exc:
                result.skipped.append(SkippedRow(line, str(exc).split(";")[0]))
                continue
            for role in ROLES:  # the auditor first, so a moderator on the same row replaces that rating
                who, text, note = cells[role]
                if not text:
                    continue
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


# -- database ------------------------------------------------------------------------------------------------------


@contextmanager
def _connect(outdir: str | os.PathLike[str], create: bool) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode; a transaction begun inside is committed on success, else rolled back."""
    path = db_path(outdir)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise AuditError(f"{path}: could not be opened ({exc}); check the folder exists and can be written") from None
    try:
        _ensure_schema(db, path)
        yield db
        if db.in_transaction:
            db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.rollback()
        if isinstance(exc, sqlite3.Error):
            raise _database_error(path, exc) from None
        raise
    finally:
        db.close()


def _ensure_schema(db: sqlite3.Connection, path: Path) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise AuditError(f"{path}: was written by a newer ehcp-nlp (schema {version}); upgrade ehcp-nlp to use it")
    db.execute("BEGIN IMMEDIATE")
    if db.execute("PRAGMA user_version").fetchone()[0] == 0:  # another process may have just created it
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'decisions'").fetchone():
            raise AuditError(f"{path}: has a decisions table but no schema version; move it aside and try again")
        for statement in _SCHEMA:
            db.execute(statement)
    db.execute("COMMIT")


def _database_error(path: Path, exc: sqlite3.Error) -> AuditError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return AuditError(f"{path}: is in use by another ehcp-nlp command; try again in a moment")
    if "not a database" in message or "malformed" in message:
        return AuditError(f"{path}: is not a readable audit database ({message}); restore it from a backup")
    return AuditError(f"{path}: {message}")


def _insert(db: sqlite3.Connection, record: PlanRecord, role: str, rating: str, previous: str | None, by: str,
            stamp: str, note: str, source: str) -> Decision:
    values = (record.id, record.file, role, rating, previous, " ".join((by or "").split()), stamp,
              (note or "").strip(), source or "cli")
    cursor = db.execute("INSERT INTO decisions (plan_id, file, role, rating, previous_rating, decided_by, decided_at, "
                        "note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    return Decision(int(cursor.lastrowid or 0), *values)


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
