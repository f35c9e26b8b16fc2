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

**Layout.** :mod:`.schema` the tables, triggers and columns; :mod:`.chain` the entries and their
hashes; :mod:`.head` the head record; :mod:`.database` reading and writing connections;
:mod:`.ratings`, :mod:`.flags` and :mod:`.notes` the three kinds of entry; :mod:`.spreadsheet` the
import from ``plans.xlsx``; :mod:`.verification` :func:`verify`. Everything is imported from here.

Example:
    >>> record_decision("qa/autumn-2025", "plan_001.docx", "auditor", "RI", by="J. Smith")   # doctest: +SKIP
    Decision(id=1, plan_id='a1b2c3d4e5f6a7b8', file='plan_001.docx', role='auditor',
             rating='Requires Improvement', previous_rating='Good', ...)
    >>> verify("qa/autumn-2025").ok   # doctest: +SKIP
    True
"""
from __future__ import annotations

from .chain import AuditorNote, Decision, FlagDecision, _values, flag_row_hash, note_row_hash, row_hash
from .common import RATING_HELP, AuditError, UnknownPlanError, UnknownRatingError, parse_rating
from .flags import flag_decisions, latest_flags, parse_verdict, record_flag_decision
from .head import Head, head_path
from .notes import auditor_notes, record_note
from .ratings import decisions, latest, record_decision
from .schema import (_GUARDS, _TRIGGERS, DB_NAME, FLAG_REASONS, FLAG_VERDICTS, GENESIS, HEAD_NAME, MIN_PREFIX,
                     NOTE_KINDS, RESTORE, ROLES, SCHEMA_VERSION, db_path)
from .spreadsheet import SHEET_COLUMNS, ImportResult, SkippedRow, import_sheet
from .verification import Verification, verify

__all__ = [
    "AuditError", "AuditorNote", "DB_NAME", "Decision", "FLAG_REASONS", "FLAG_VERDICTS", "FlagDecision", "GENESIS",
    "HEAD_NAME", "Head", "ImportResult", "MIN_PREFIX", "NOTE_KINDS", "RATING_HELP", "RESTORE", "ROLES",
    "SCHEMA_VERSION", "SHEET_COLUMNS", "SkippedRow", "UnknownPlanError", "UnknownRatingError", "Verification",
    "auditor_notes", "db_path", "decisions", "flag_decisions", "flag_row_hash", "head_path", "import_sheet", "latest",
    "latest_flags", "note_row_hash", "parse_rating", "parse_verdict", "record_decision", "record_flag_decision",
    "record_note", "row_hash", "verify",
    "_GUARDS", "_TRIGGERS", "_values",  # private, but read by the tests
]
