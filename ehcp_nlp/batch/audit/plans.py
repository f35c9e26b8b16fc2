"""The plan of a batch a user or a spreadsheet row means: by id, a unique id prefix, or file."""
from __future__ import annotations

import os

from ..records import PlanRecord
from .common import UnknownPlanError
from .schema import MIN_PREFIX


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
