"""Confirmed ratings as a labels CSV for ``ehcp-nlp train --labels``.

Each plan a person has rated gives one row ``file,rating,audit_date,auditor``: the moderator's
latest rating if the plan was moderated, else the auditor's (``role_order`` changes this), with the
day and the name of that decision. ``file`` is the plan's path relative to the batch folder, so
``ehcp-nlp train --labels labels.csv --plans FOLDER`` finds the plans the batch reviewed.

No cell is one Excel would run as a formula (see :mod:`ehcp_nlp.outputs.safe_text`): a file name such as
``=HYPERLINK(…).txt`` is written as ``./=HYPERLINK(…).txt`` — the same file for ``train``, text for
Excel — and other such cells (an auditor's name given as ``--by '=…'``) get a leading apostrophe.
Bidirectional controls are shown as ``[U+202E]``, in file names too (so ``train`` would not find a file
whose name holds one).

Auditors' verdicts on the tool's flags are written beside it, to ``flag_decisions.csv``
(:data:`FLAG_COLUMNS`): one row per flag an auditor confirmed or dismissed, the last verdict recorded
for it, so the check models can be retrained on a council's own verdicts. Its cells are made safe the
same way.

Example:
    >>> export_labels("qa/autumn-2025", "qa/autumn-2025/labels.csv")   # doctest: +SKIP
    42
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Sequence

from ..outputs.files import write_atomic
from ..outputs.safe_text import safe_cell, safe_path_cell
from .audit import ROLES, AuditError, latest, latest_flags
from .moderation import is_plan
from .records import load_records

LABEL_COLUMNS = ("file", "rating", "audit_date", "auditor")
FLAG_FILE = "flag_decisions.csv"
FLAG_COLUMNS = ("file", "id", "flag_index", "code", "section", "verdict", "reason", "note", "audit_date", "auditor")


def label_rows(outdir: str | os.PathLike[str],
               role_order: Sequence[str] = ("moderator", "auditor")) -> list[dict[str, str]]:
    """The rows :func:`export_labels` writes (each with its ``role`` too), in file order.

    Only plans (not EP advice or review paperwork) with a decision in one of ``role_order``. When the
    same file was reviewed in more than one version (it was edited), the most recent decision wins,
    so the file appears once.
    """
    order = [r.strip().lower() for r in role_order]
    if not order or any(r not in ROLES for r in order):
        raise AuditError(f"unknown role order {', '.join(role_order)!r}; use moderator and/or auditor")
    records = {r.id: r for r in load_records(outdir)}
    chosen = {}
    for role in reversed(order):  # earlier roles overwrite later ones
        for plan_id, decision in latest(outdir, role).items():
            chosen[plan_id] = decision
    by_file: dict[str, dict[str, str]] = {}
    newest: dict[str, int] = {}
    for plan_id, decision in chosen.items():
        record = records.get(plan_id)
        if record is not None and not is_plan(record):
            continue
        file = record.file if record is not None else decision.file
        if file in newest and newest[file] > decision.id:
            continue
        newest[file] = decision.id
        by_file[file] = {"file": file, "rating": decision.rating, "audit_date": decision.date,
                         "auditor": decision.decided_by, "role": decision.role}
    return [by_file[f] for f in sorted(by_file)]


def flag_rows(outdir: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The rows :func:`export_flag_decisions` writes: the last verdict on each flag, by file and flag."""
    records = {r.id: r for r in load_records(outdir)}
    rows = []
    for (plan_id, index), decision in latest_flags(outdir).items():
        record = records.get(plan_id)
        rows.append({"file": record.file if record is not None else decision.file, "id": plan_id,
                     "flag_index": str(index), "code": decision.code, "section": decision.section,
                     "verdict": decision.verdict, "reason": decision.reason, "note": decision.note,
                     "audit_date": decision.date, "auditor": decision.decided_by})
    return sorted(rows, key=lambda row: (row["file"], int(row["flag_index"])))


def export_flag_decisions(outdir: str | os.PathLike[str], out_csv: str | os.PathLike[str]) -> int:
    """Write the auditors' flag verdicts to ``out_csv`` (atomically) and return the number of rows."""
    rows = flag_rows(outdir)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAG_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({**{k: safe_cell(v) for k, v in row.items()}, "file": safe_path_cell(row["file"])}
                     for row in rows)
    write_atomic(Path(out_csv), buffer.getvalue())
    return len(rows)


def export_labels(outdir: str | os.PathLike[str], out_csv: str | os.PathLike[str],
                  role_order: Sequence[str] = ("moderator", "auditor")) -> int:
    """Write the confirmed ratings to ``out_csv`` (atomically) and return the number of rows.

    The flag verdicts are written beside it, to ``flag_decisions.csv`` (see :func:`export_flag_decisions`).
    """
    rows = label_rows(outdir, role_order)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LABEL_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({**{k: safe_cell(v) for k, v in row.items()}, "file": safe_path_cell(row["file"])}
                     for row in rows)
    write_atomic(Path(out_csv), buffer.getvalue())
    export_flag_decisions(outdir, Path(out_csv).with_name(FLAG_FILE))
    return len(rows)
