"""The batch's spreadsheets: ``plans.csv`` / ``plans.xlsx`` (one row a document) and ``flags.csv``.

``plans.xlsx`` has empty "Auditor", "Auditor rating" and "Auditor notes" columns (and the same for
the moderator) for auditors to fill in Excel; ``ehcp-nlp confirm OUTDIR --from plans.xlsx`` records
what they wrote. When the tables are written again (after more plans are reviewed), whatever was
already typed into those columns is carried over by document id, so nothing an auditor wrote is lost.

Every cell goes through :func:`~ehcp_nlp.outputs.safe_text.safe_cell`: text Excel would run as a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) gets a leading apostrophe, and
bidirectional controls are shown as ``[U+202E]``.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model import SECTION_KEYS
from ..outputs.files import atomic_open, write_atomic
from ..outputs.safe_text import safe_cell
from .records import PlanRecord

AUDITOR_COLUMNS = ("Auditor", "Auditor rating", "Auditor notes", "Moderator", "Moderator rating", "Moderator notes")
_META = ("audit_month", "key_stage", "setting", "caseworker", "ep_service")


def plan_rows(records: list[PlanRecord], kept: dict[str, dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """One row per file, in file order; a file with the same content as another (reviewed once) gets the
    same figures and says "same content as" the file read; ``kept`` carries earlier auditor entries by id."""
    kept = kept or {}
    rows = []
    for r in records:
        counts = r.flag_counts()
        row: dict[str, Any] = {
            "id": r.id, "file": r.file, "Same content as": "", "kind": r.kind or "", "status": r.status,
            "error": r.error,
            "Suggested rating": r.suggested or "", "Probability": r.confidence if r.confidence is not None else "",
            "Needs closer look": "yes" if r.needs_closer_look else "",
            "Total score": r.total if r.total is not None else "",
            **{f"Score {k}": r.scores.get(k, "") for k in SECTION_KEYS},
            "Flags": len(r.flags), "Major flags": sum(f["severity"] == "major" for f in r.flags),
            "Minor flags": sum(f["severity"] == "minor" for f in r.flags),
            "Plan date": r.plan_date or "", **{m: r.meta.get(m, "") for m in _META},
            **{f"flag {code}": n for code, n in sorted(counts.items())},
        }
        previous = kept.get(r.id, {})
        row.update({c: previous.get(c, "") for c in AUDITOR_COLUMNS})
        rows.append(row)
        rows.extend({**row, "file": name, "Same content as": r.file} for name in r.also)
    rows.sort(key=lambda row: row["file"])
    return rows


def flag_rows(records: list[PlanRecord]) -> Iterator[dict[str, Any]]:
    """One row per flag, with its evidence (generated: a term's flags can run to hundreds of thousands)."""
    return ({"id": r.id, "file": r.file, "kind": r.kind, "code": f["code"], "section": f["section"],
             "severity": f["severity"], "message": f["message"], "evidence": " ".join(f["evidence"].split())}
            for r in records for f in r.flags)


def existing_entries(outdir: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """What auditors typed into plans.xlsx (or, failing that, plans.csv), by document id."""
    out = Path(outdir)
    for name in ("plans.xlsx", "plans.csv"):
        path = out / name
        if not path.is_file():
            continue
        try:
            import pandas as pd

            frame = pd.read_excel(path, dtype=str) if name.endswith(".xlsx") else pd.read_csv(path, dtype=str)
        except Exception:  # a sheet open in Excel, damaged or not ours: try the other one
            continue
        if "id" not in frame.columns:
            continue
        frame = frame.fillna("")
        entries = {}
        for _, row in frame.iterrows():
            values = {c: str(row[c]).strip() for c in AUDITOR_COLUMNS if c in frame.columns and str(row[c]).strip()}
            if values:
                entries[str(row["id"])] = values
        return entries
    return {}


def write_tables(outdir: str | os.PathLike[str], records: list[PlanRecord]) -> list[str]:
    """Write plans.csv, plans.xlsx and flags.csv atomically; return the names written."""
    out = Path(outdir)
    rows = plan_rows(records, existing_entries(out))
    columns = _columns(rows)
    _write_csv(out / "plans.csv", rows, columns)
    write_atomic(out / "plans.xlsx", _xlsx(rows, columns))
    _write_csv(out / "flags.csv", flag_rows(records),
               ["id", "file", "kind", "code", "section", "severity", "message", "evidence"])
    failed = ({"id": r.id, "file": name, "reason": r.error} for r in records if not r.ok for name in (r.file, *r.also))
    _write_csv(out / "failed.csv", failed, ["id", "file", "reason"])
    return ["plans.csv", "plans.xlsx", "flags.csv", "failed.csv"]


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns and c not in AUDITOR_COLUMNS]
    fixed = [c for c in columns if not c.startswith("flag ")]
    return fixed + sorted(c for c in columns if c.startswith("flag ")) + list(AUDITOR_COLUMNS)


def _write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    """Stream ``rows`` into ``path``, atomically."""
    with atomic_open(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)


def _xlsx(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Plans"
    sheet.append(columns)
    for row in rows:
        sheet.append([safe_cell(row.get(c, "")) for c in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for index, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if name in AUDITOR_COLUMNS:
            cell.fill = fill  # the columns for auditors to fill in
        sheet.column_dimensions[get_column_letter(index)].width = min(40, max(8, len(name) + 2))
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
