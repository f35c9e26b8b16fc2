"""The audit trail's errors and the small helpers its modules share: ratings, roles, dates and plurals."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...errors import EhcpNlpError
from ...model import RATINGS
from .schema import ROLES

RATING_HELP = "use Outstanding, Good, Requires Improvement (or RI) or Inadequate"

_ALIASES = {r.lower(): r for r in RATINGS} | {"ri": "Requires Improvement", "req improvement": "Requires Improvement",
                                              "requires improvements": "Requires Improvement"}


class AuditError(EhcpNlpError):
    """A decision that cannot be recorded, or an audit database that cannot be used."""


class UnknownPlanError(AuditError):
    """No plan (or more than one) of the batch matches the id or file given."""


class UnknownRatingError(AuditError):
    """A rating that is not one of the four."""


def parse_rating(value: Any) -> str | None:
    """The rating a cell or argument means (case-insensitive; "RI" and "requires-improvement" too), else ``None``."""
    if value is None or not isinstance(value, str):
        return None
    text = " ".join(value.replace("-", " ").replace("_", " ").split()).lower().lstrip("'")
    return _ALIASES.get(text)


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _parse_stamp(value: Any) -> datetime | None:
    """A recorded ``decided_at`` as an aware datetime (naive ones taken as UTC), or ``None`` if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
