"""The batch's written outputs — ``plans.csv``, ``plans.xlsx``, ``flags.csv``, ``failed.csv`` and the cohort
report — rewritten from the stored reviews only when something they are made from has changed.

What they are made from is summed up in a fingerprint: every stored result file (name, size, modification
time), the learnt template, the audit trail (the report's agreement figures), and the version of ehcp-nlp
and the newest of its own files.
The fingerprint and each output's size and time are kept in ``OUTDIR/.outputs.json``; when the fingerprint
is the same and every output is still as it was written, nothing is written. An output deleted or changed
since (an auditor typing into ``plans.xlsx``) is written again, carrying over what was typed.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .cohort_report import REPORT
from .records import PlanRecord, load_records, results_folder

STATE = ".outputs.json"
TABLES = ("plans.csv", "plans.xlsx", "flags.csv", "failed.csv")


def fingerprint(outdir: str | os.PathLike[str]) -> str:
    """A digest of everything the outputs are made from (see the module's text)."""
    from importlib.metadata import PackageNotFoundError, version

    from .audit import db_path

    out = Path(outdir)
    digest = hashlib.sha256()
    try:
        digest.update(version("ehcp_nlp").encode())
    except PackageNotFoundError:
        digest.update(b"unknown version")
    digest.update(_code_stamp().encode())  # an edited checkout makes its outputs again
    try:
        entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(results_folder(out))
                         if e.name.endswith(".json") and e.is_file())
    except OSError:
        entries = []
    digest.update(json.dumps(entries).encode())
    for path in (out / "template.json", db_path(out)):
        try:
            info = path.stat()
            digest.update(f"{path.name} {info.st_size} {info.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"{path.name} absent".encode())
    return digest.hexdigest()


def _code_stamp() -> str:
    """The newest modification time of the package's own files (what makes the outputs)."""
    package = Path(__file__).resolve().parent.parent
    newest = 0
    for top, _, names in os.walk(package):
        for name in names:
            if name.endswith((".py", ".json", ".html", ".css")):
                try:
                    newest = max(newest, os.stat(os.path.join(top, name)).st_mtime_ns)
                except OSError:
                    continue
    return str(newest)


def write_outputs(outdir: str | os.PathLike[str], records: list[PlanRecord] | None = None,
                  force: bool = False) -> list[str]:
    """Write the tables and the cohort report if anything they are made from changed (or ``force``); the names
    written (none when all were up to date).

    Raises:
        OSError: the output folder could not be written.
    """
    from .cohort_report import write_cohort_report
    from .tables import write_tables

    out = Path(outdir)
    names = (*TABLES, REPORT)
    print_ = fingerprint(out)
    if not force and _up_to_date(out, print_, names):
        return []
    records = load_records(out) if records is None else records
    written = write_tables(out, records)
    write_cohort_report(out, records)
    written.append(REPORT)
    _remember(out, print_, names)
    return written


def _sizes(out: Path, names: tuple[str, ...]) -> dict[str, list[int]] | None:
    sizes = {}
    for name in names:
        try:
            info = (out / name).stat()
        except OSError:
            return None
        sizes[name] = [info.st_size, info.st_mtime_ns]
    return sizes


def _up_to_date(out: Path, print_: str, names: tuple[str, ...]) -> bool:
    try:
        state: Any = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and state.get("fingerprint") == print_ and state.get("files") == _sizes(out, names)


def _remember(out: Path, print_: str, names: tuple[str, ...]) -> None:
    from ..outputs.files import write_atomic

    try:
        write_atomic(out / STATE, json.dumps({"fingerprint": print_, "files": _sizes(out, names)}))
    except OSError:  # only means the next run writes them again
        pass
