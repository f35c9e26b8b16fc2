"""What a batch folder holds and what is left to do in it: the files with a plan's suffix (links never
followed out of the folder), the manifest, and the tasks — each distinct content once, with every other name
it has in the folder.
"""
from __future__ import annotations

import csv
import os
import stat
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError
from .records import PlanRecord, file_id, iter_records, path_id

SUFFIXES = (".pdf", ".docx", ".txt")
KINDS = ("plan", "advice", "review")  # what a manifest may name a document as
MANIFEST_FIELDS = ("audit_month", "key_stage", "setting", "caseworker", "ep_service", "kind")
LINK_OUT = "not read: a link to a file outside the folder"


@dataclass(frozen=True)
class Task:
    """One file to review: where it is, its id, its manifest row and what is read (the file itself, or
    the file a link inside the folder leads to)."""

    path: str
    file: str
    id: str
    sha256: str
    meta: dict[str, str]
    source: str = ""
    #: other files in the folder with the same content, as (path, file, source): tried in turn if this one
    #: cannot be read under its own name
    alternates: tuple[tuple[str, str, str], ...] = ()



@dataclass(frozen=True)
class Found:
    """A file in the batch folder with a plan's suffix: ``source`` is what to read (``None`` and a
    ``problem`` when it is not read: a link out of the folder, a pipe, a file that cannot be looked at)."""

    path: Path
    file: str
    source: Path | None
    problem: str = ""


def survey(folder: str | os.PathLike[str], exclude: Path | None = None
           ) -> tuple[list[Found], list[tuple[str, str]]]:
    """Every file under ``folder`` with a plan's suffix (PDF, Word .docx, text), in a stable order, and
    (folder, reason) for every folder that could not be listed.

    Links are never followed out of the folder: a link to a file inside it is read from where it
    leads (so the file is reviewed once), a link to anything outside (or into ``exclude``, the output
    folder) is found but not read, and links to folders are not walked into.
    """
    root = Path(folder)
    inside = root.resolve()
    shut = exclude.resolve() if exclude is not None else None
    found: list[Found] = []
    unlisted: list[tuple[str, str]] = []

    def unlistable(exc: OSError) -> None:
        where = _relative(Path(exc.filename), root) if exc.filename else "."
        unlisted.append((where, f"{where}: could not be listed ({exc.strerror or exc}); the files in it were not "
                                "reviewed: check the folder's permissions"))

    for top, folders, names in os.walk(root, onerror=unlistable):
        here = Path(top)
        kept = []
        for name in folders:
            sub = here / name
            target = _resolved(sub)
            if shut is not None and target == shut:
                continue
            if sub.is_symlink():
                if target is None or not _within(target, inside) or (shut is not None and _within(target, shut)):
                    where = _relative(sub, root)
                    unlisted.append((where, f"{where}: a link to a folder outside the folder, not followed"))
                continue  # a link to a folder inside: its files are read where they are
            kept.append(name)
        folders[:] = kept
        for name in names:
            path = here / name
            if path.suffix.lower() in SUFFIXES and not name.startswith(("~$", ".")):
                found.append(_look(path, _relative(path, root), inside, shut))
    found.sort(key=lambda f: f.path)
    unlisted.sort()
    return found, unlisted


def _look(path: Path, file: str, inside: Path, shut: Path | None) -> Found:
    try:
        info = os.lstat(path)
    except OSError as exc:
        return Found(path, file, None, _unreadable(file, exc))
    source = path
    if stat.S_ISLNK(info.st_mode):
        target = _resolved(path)
        if target is None:
            return Found(path, file, None, f"{file}: not read: a link to a file that does not exist")
        if shut is not None and _within(target, shut):
            return Found(path, file, None, f"{file}: not read: a link into the output folder")
        if not _within(target, inside):
            return Found(path, file, None, f"{file}: {LINK_OUT}")
        try:
            info = os.stat(target)
        except OSError as exc:
            return Found(path, file, None, _unreadable(file, exc))
        source = target
    if not stat.S_ISREG(info.st_mode):
        return Found(path, file, None, f"{file}: not read: not a regular file (a pipe, socket or device)")
    return Found(path, file, source)


def _unreadable(file: str, exc: OSError) -> str:
    return (f"{file}: could not be read ({exc.strerror or exc}); check the file's permissions and that it is "
            "not open in another program")


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a loop of links, or not allowed to look
        return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, printable (undecodable bytes in a name shown as �)."""
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = str(path)
    return _printable(text)


def _printable(text: str) -> str:
    """``text`` as it can be written as UTF-8: bytes of a file name that are not UTF-8 shown as �."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def discover(folder: str | os.PathLike[str], exclude: Path | None = None) -> list[Path]:
    """Every PDF, Word (.docx) and text file under ``folder`` that may be read, recursively, in a
    stable order (see :func:`survey`)."""
    return [f.path for f in survey(folder, exclude)[0] if f.source is not None]


def read_manifest(path: str | os.PathLike[str] | None) -> dict[str, dict[str, str]]:
    """Rows of an optional manifest CSV keyed by ``file`` (a path relative to the folder, or a file name)."""
    if path is None:
        return {}
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(path, f"could not be read as a CSV file ({exc})", "save it as UTF-8 CSV") from None
    if not rows or "file" not in rows[0]:
        raise InputError(path, "needs a 'file' column", "add a header row: file," + ",".join(MANIFEST_FIELDS))
    manifest = {}
    for number, row in enumerate(rows, start=2):
        kind = (row.get("kind") or "").strip().lower()
        if kind and kind not in KINDS:
            raise InputError(path, f"line {number}: unknown kind {row.get('kind')!r}", "use plan, advice or review")
        manifest[(row.get("file") or "").strip().replace("\\", "/")] = {
            k.strip(): (v or "").strip() for k, v in row.items() if k and k != "file" and (v or "").strip()}
    return manifest


@dataclass
class Planned:
    """What a run has to do, from the folder and the rows already stored.

    Attributes:
        tasks: files to review; skipped: files already reviewed (or the same content twice).
        unread: failed rows, with stable ids, for files that are not read (see :class:`Found`).
        unlisted: (folder, reason) for folders that could not be listed.
        current: the id of every file found now, by file (tasks' ids are replaced by the id of the
            bytes actually read as each finishes).
        stored: the file of each finished row already stored, by id.
        sources: every readable file (for learning the council's template).
        found: how many files were found.
    """

    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0
    unread: list[PlanRecord] = field(default_factory=list)
    unlisted: list[tuple[str, str]] = field(default_factory=list)
    current: dict[str, str] = field(default_factory=dict)
    stored: dict[str, str] = field(default_factory=dict)
    sources: list[Path] = field(default_factory=list)
    found: int = 0


def plan_tasks(folder: str | os.PathLike[str], outdir: str | os.PathLike[str],
               manifest: dict[str, dict[str, str]]) -> Planned:
    """The files still to review, those already done, and those that cannot be read."""
    root, out = Path(folder), Path(outdir).resolve()
    found, unlisted = survey(root, exclude=out)
    planned = Planned(unlisted=unlisted, found=len(found),
                      stored={r.id: r.file for r in iter_records(outdir) if r.ok})
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    seen: dict[str, int] = {}  # id -> index of its task
    sources: set[Path] = set()
    for item in sorted(found, key=lambda f: f.source not in (None, f.path)):  # a link after the file it leads to
        meta = manifest.get(item.file) or manifest.get(item.path.name) or {}
        problem = item.problem
        if item.source is not None:
            try:
                ids = file_id(item.source)
            except OSError as exc:
                problem = _unreadable(item.file, exc)
        if problem:
            planned.current[item.file] = path_id(item.file)
            planned.unread.append(PlanRecord(path_id(item.file), "", item.file, status="failed", error=problem,
                                             meta=meta, reviewed_at=when))
            continue
        planned.current[item.file] = ids[0]
        if item.source not in sources:
            sources.add(item.source)
            planned.sources.append(item.source)
        if ids[0] in planned.stored:  # already reviewed (listed under this name too by _tidy)
            planned.skipped += 1
            continue
        if ids[0] in seen:  # the same content again: reviewed once, listed under each name
            planned.skipped += 1
            at = seen[ids[0]]
            first = planned.tasks[at]
            planned.tasks[at] = replace(first, alternates=(*first.alternates,
                                                           (str(item.path), item.file, str(item.source))))
            continue
        seen[ids[0]] = len(planned.tasks)
        planned.tasks.append(Task(str(item.path), item.file, ids[0], ids[1], meta, str(item.source)))
    return planned
