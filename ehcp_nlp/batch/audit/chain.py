"""What each entry of the audit trail holds, and the SHA-256 hash chaining it to the entry before it.

Three chains, each with its own label: the rating decisions (:func:`row_hash`), the flag decisions
(:func:`flag_row_hash`) and the auditor notes (:func:`note_row_hash`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from .schema import _COLUMNS, _FLAG_COLUMNS, _NOTE_COLUMNS

_HASH_LABEL = b"ehcp-nlp decision chain 1\n"
_FLAG_HASH_LABEL = b"ehcp-nlp flag decision chain 1\n"
_NOTE_HASH_LABEL = b"ehcp-nlp auditor note chain 1\n"


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


def row_hash(decision: Decision, prev_hash: str) -> str:
    """The SHA-256 (hex) that chains ``decision`` to the one before it, whose hash is ``prev_hash``.

    The serialisation is canonical: a JSON object of every field of the decision and ``prev_hash``,
    keys sorted, no spaces, non-ASCII escaped, after a fixed label naming the chain's version.
    """
    fields = dict(zip(_COLUMNS, _values(decision))) | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_HASH_LABEL + payload.encode("ascii")).hexdigest()


def flag_row_hash(decision: FlagDecision, prev_hash: str) -> str:
    """The SHA-256 (hex) chaining a flag decision to the one before it (as :func:`row_hash`, its own label)."""
    fields = {c: getattr(decision, c) for c in _FLAG_COLUMNS} | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_FLAG_HASH_LABEL + payload.encode("ascii")).hexdigest()


def note_row_hash(note: AuditorNote, prev_hash: str) -> str:
    """The SHA-256 (hex) chaining an auditor note to the one before it (as :func:`row_hash`, its own label)."""
    fields = {c: getattr(note, c) for c in _NOTE_COLUMNS} | {"prev_hash": prev_hash}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(_NOTE_HASH_LABEL + payload.encode("ascii")).hexdigest()


def _values(decision: Decision) -> tuple[Any, ...]:
    """A decision's fields in the order of the table's columns."""
    return tuple(getattr(decision, column) for column in _COLUMNS)
