"""The plan list (``/``) and the filter form it shares with the dashboard: filters, sorting and choices.

Every plan can be filtered by its suggested rating, whether it needs a closer look, its audit status
and its kind; and by each field of the batch's manifest (``meta``).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ..model import RATINGS
from .page_format import yes_no

AUDIT_STATUSES = ("not audited", "audited", "moderated")
#: Filters every plan has, in the order the filter form shows them: (query parameter, label).
BASE_FILTERS = (("suggested_rating", "Suggested rating"), ("closer_look", "Needs a closer look"),
                ("audit_status", "Audit status"), ("kind", "Kind of document"))
#: Keys of a plan row that are not manifest fields.
_NOT_MANIFEST = {"id", "file", "kind", "suggested_rating", "probability", "closer_look", "audit_status", "meta",
                 "status", "error", "sha256", "probabilities", "scores", "flags", "statements", "total", "out_of",
                 "needs_closer_look", "needs_review", "confidence", "suggested", "reviewed_at", "seconds", "plan_date", "auditor_rating",
                 "moderator_rating", "flag_count", "flags_count", "major_flags", "month", "summary", "record", "review",
                 "decisions", "flag_decisions", "sections", "comments", "rating"}
_SORTS = {"probability": "lowest confidence first", "-probability": "highest confidence first",
          "file": "file name", "rating": "suggested rating"}
_MAX_CHOICES = 40  # a filter with more distinct values than this is a text box


def manifest_of(plan: Mapping[str, Any]) -> dict[str, str]:
    """The plan's manifest fields (``meta`` if the row has one, else its other scalar fields)."""
    meta = plan.get("meta")
    if isinstance(meta, Mapping):
        return {str(k): "" if v is None else str(v) for k, v in meta.items()}
    return {k: "" if v is None else str(v) for k, v in plan.items()
            if k not in _NOT_MANIFEST and (v is None or isinstance(v, (str, int, float))) and not isinstance(v, bool)}


def manifest_fields(plans: Iterable[Mapping[str, Any]]) -> list[str]:
    fields: dict[str, None] = {}
    for plan in plans:
        for key in manifest_of(plan):
            fields.setdefault(key, None)
    return list(fields)


def _value(plan: Mapping[str, Any], key: str) -> str:
    if key == "closer_look":
        return yes_no(plan.get("closer_look"))
    if key in ("suggested_rating", "audit_status", "kind"):
        value = plan.get(key)
        if key == "suggested_rating" and not value:
            return "none"
        return "" if value is None else str(value)
    return manifest_of(plan).get(key, "")


def _probability(plan: Mapping[str, Any]) -> float:
    try:
        return float(plan.get("probability"))
    except (TypeError, ValueError):
        return -1.0  # no rating: first, the tool has no confidence at all


def filter_plans(plans: Sequence[Mapping[str, Any]], params: Mapping[str, str]) -> tuple[list[Mapping[str, Any]],
                                                                                          dict[str, str]]:
    """The plans matching ``params`` (each filter an exact value, ``q`` a part of the file name,
    ``below`` a highest probability in percent), sorted by ``sort``; and the filters in effect."""
    keys = [k for k, _ in BASE_FILTERS] + manifest_fields(plans)
    active = {k: params[k].strip() for k in keys if params.get(k, "").strip()}
    query = params.get("q", "").strip().lower()
    below = params.get("below", "").strip()
    try:
        limit = float(below) / 100 if below else None
    except ValueError:
        limit = None
    chosen = []
    for plan in plans:
        if any(_value(plan, k).lower() != v.lower() for k, v in active.items()):
            continue
        if query and query not in str(plan.get("file", "")).lower():
            continue
        if limit is not None and _probability(plan) > limit:
            continue
        chosen.append(plan)
    sort = params.get("sort", "probability")
    if sort == "-probability":
        chosen.sort(key=lambda p: -_probability(p))
    elif sort == "file":
        chosen.sort(key=lambda p: str(p.get("file", "")).lower())
    elif sort == "rating":
        order = {r: i for i, r in enumerate(RATINGS)}
        chosen.sort(key=lambda p: (order.get(str(p.get("suggested_rating")), len(RATINGS)), _probability(p)))
    else:
        chosen.sort(key=_probability)  # lowest confidence first (stable: the state's order breaks ties)
    if query:
        active["q"] = params["q"].strip()
    if limit is not None:
        active["below"] = below
    if sort in _SORTS and sort != "probability":
        active["sort"] = sort
    return chosen, active


def filter_controls(plans: Sequence[Mapping[str, Any]], active: Mapping[str, str]) -> list[dict[str, Any]]:
    """One control per filter: name, label, choices (or None for a text box) and the chosen value."""
    fixed = {"suggested_rating": [*RATINGS, "none"], "closer_look": ["yes", "no"], "audit_status": list(AUDIT_STATUSES)}
    controls = []
    labelled = list(BASE_FILTERS) + [(f, f.replace("_", " ").capitalize()) for f in manifest_fields(plans)]
    for name, label in labelled:
        values = sorted({_value(p, name) for p in plans} - {""})
        choices = fixed.get(name)
        if choices is not None:
            choices = choices + [v for v in values if v not in choices]
        elif len(values) <= _MAX_CHOICES:
            choices = values
        controls.append({"name": name, "label": label, "choices": choices, "value": active.get(name, "")})
    return controls
