"""Recording the ratings auditors typed into a batch's ``plans.xlsx`` or ``plans.csv``.

A cell that holds a formula is never evaluated or trusted: its row is reported as skipped. All of a
sheet is recorded in one transaction, so an interrupted import records nothing.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..records import load_records
from .chain import Decision
from .common import UnknownPlanError, _plural, _timestamp, parse_rating
from .database import _writing
from .plans import _find_row_plan
from .ratings import _in_order, _insert, _previous_rating
from .schema import ROLES

#: The spreadsheet columns read by :func:`import_sheet` (as the batch writes them in plans.xlsx).
SHEET_COLUMNS = {"auditor": ("Auditor", "Auditor rating", "Auditor notes"),
                 "moderator": ("Moderator", "Moderator rating", "Moderator notes")}


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


def import_sheet(outdir: str | os.PathLike[str], path: str | os.PathLike[str], by: str | None = None) -> ImportResult:
    """Record the ratings typed into a batch spreadsheet (``plans.xlsx`` or ``plans.csv``).

    For each row with an "Auditor rating", an auditor decision (by the row's "Auditor", else ``by``,
    with "Auditor notes" as its note); likewise "Moderator rating" → a moderator decision. Plans are
    found by the ``id`` column, else by ``file``. A rating equal to the one already recorded for that
    plan and role is counted as unchanged, so importing the same sheet twice adds nothing. Rows with an
    unknown rating or plan are reported in the result, not fatal. So is a rating whose cells (name,
    rating, notes, or the row's id or file) hold a formula: it is neither evaluated nor read from the
    value Excel cached, and, as openpyxl may read such a cell as empty, never silently passed over.
    All of the sheet is recorded in one transaction: an interrupted import records nothing.

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
    rows = {index + 2: row for index, row in enumerate(frame.to_dict("records"))}
    formulas = _formula_cells(path)
    result = ImportResult(source=path.name)
    stamp = _timestamp(None)
    with _writing(outdir) as db:  # one transaction: all of the sheet or nothing
        stamp = _in_order(db, stamp, explicit=False)
        for line in sorted(set(rows) | set(formulas)):  # a row holding only formulas may be missing from `rows`
            row, in_formula = rows.get(line, {}), formulas.get(line, set())
            cells = {role: [_text(row.get(c)) if c is not None else "" for c in cols] for role, cols in wanted.items()}
            rated = [role for role in ROLES if cells[role][1] or SHEET_COLUMNS[role][1].lower() in in_formula]
            rated, skipped = _skip_formulas(line, rated, in_formula)
            result.skipped.extend(skipped)
            if not rated:
                continue
            key = _text(row.get(id_col)) if id_col is not None else ""
            name = _text(row.get(file_col)) if file_col is not None else ""
            try:
                record = _find_row_plan(outdir, records, key, name)
            except UnknownPlanError as exc:
                result.skipped.append(SkippedRow(line, str(exc).split(";")[0]))
                continue
            for role in rated:  # the auditor first, so a moderator on the same row replaces that rating
                who, text, note = cells[role]
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


def _formula_cells(path: Path) -> dict[int, set[str]]:
    """The cells of a workbook's first sheet that hold formulas, as ``{line: {column, lower case}}``.

    Only the columns :func:`import_sheet` reads; empty for a CSV. Read without evaluating anything.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    from openpyxl import load_workbook

    wanted = {"id", "file"} | {name.lower() for names in SHEET_COLUMNS.values() for name in names}
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # pandas has read it already, so this is unlikely
        raise InputError(path, f"could not be read as a spreadsheet ({type(exc).__name__}: {exc})",
                         "save it again from Excel as .xlsx or .csv") from None
    found: dict[int, set[str]] = {}
    try:
        header: dict[int, str] | None = None
        for row in book.worksheets[0].iter_rows(min_row=1):
            if header is None:
                header = {cell.column: str(cell.value).strip().lower() for cell in row
                          if getattr(cell, "column", None) and cell.value is not None}
                continue
            for cell in row:
                name = header.get(getattr(cell, "column", 0))
                if getattr(cell, "data_type", None) == "f" and name in wanted:
                    found.setdefault(cell.row, set()).add(name)
    finally:
        book.close()
    return found


def _skip_formulas(line: int, rated: list[str], formulas: set[str]) -> tuple[list[str], list[SkippedRow]]:
    """The roles of a sheet row still to record, and a skipped row for each rating held back by a formula."""
    held = [name for name in ("id", "file") if name in formulas]
    if held and rated:
        return [], [SkippedRow(line, f"the {held[0]} cell holds a formula; use the plans.xlsx that 'ehcp-nlp batch' "
                                     "wrote")]
    reasons = {role: _formula_reason(role, formulas) for role in rated}
    return [role for role in rated if not reasons[role]], [SkippedRow(line, why) for why in reasons.values() if why]


def _formula_reason(role: str, formulas: set[str]) -> str:
    """Why one role's rating on a row is skipped because a cell of it holds a formula ('' if none does)."""
    name, rating, notes = SHEET_COLUMNS[role]
    for column, what in ((rating, "rating"), (name, "name"), (notes, "notes")):
        if column.lower() in formulas:
            return f"the {column} cell holds a formula; type the {what} instead"
    return ""
