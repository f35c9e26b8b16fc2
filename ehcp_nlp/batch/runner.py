"""Review every plan in a folder, in parallel, resumably, with a time limit per plan.

Each file's result is written atomically to ``OUTDIR/reviews/<id>.json`` as soon as it is done, so
stopping a run (Ctrl-C, a closed laptop, a killed process) loses nothing that was finished, and the
next run skips every file whose content was already reviewed (files are known by the SHA-256 of
their bytes, so renaming or moving a plan does not redo it). Files that failed — unreadable,
encrypted, scanned, too slow — are recorded with their one-line reason and tried again next time;
the rest carry on.

The batch owns its processes and its rows:

* its workers end when it ends, however it ends: Ctrl-C, SIGTERM or SIGHUP end them before the
  run stops, and a worker whose parent was killed outright (SIGKILL) ends itself (Linux's
  parent-death signal, and a thread that watches for the parent to go);
* each file is copied, and hashed as it is copied, into a private folder before it is read, so a
  review and its id are always of the same bytes, even if the file changes while the batch runs;
* the rows of files edited or deleted since an earlier run are moved aside (see
  :func:`.records.retire`), so the output counts only the folder's current files; a file that
  cannot be read gets a stable id from its path, so each run replaces its row rather than adding one;
* folders that cannot be listed, files that cannot be read and links that lead out of the folder
  (never followed) are reported, not passed over;
* a failure to write the output folder (a full disk) stops the run as the run's problem
  (:class:`BatchRunError`), never recorded against a plan; running the same command again carries on.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import os
import shutil
import signal
import stat
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import EhcpNlpError, InputError
from ..extract import TemplateText
from .records import (PlanRecord, file_id, iter_records, open_regular, path_id, record_from_assessment, record_path,
                      relabel, retire, save, workspace_ids)

SUFFIXES = (".pdf", ".docx", ".txt")
KINDS = ("plan", "advice", "review")  # what a manifest may name a document as
MANIFEST_FIELDS = ("audit_month", "key_stage", "setting", "caseworker", "ep_service", "kind")
READING = ".reading"  # OUTDIR/.reading/<run's pid>/<worker's pid>/: private copies of the files being read
LINK_OUT = "not read: a link to a file outside the folder"
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_CHUNK = 1 << 20
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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


@dataclass
class BatchResult:
    """What one run did.

    ``unlisted``: (folder, reason) for each folder that could not be listed (or a link to a folder
    outside the batch folder, not followed); ``retired``: rows of files edited or deleted since an
    earlier run, moved aside.
    """

    found: int = 0
    skipped: int = 0
    reviewed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    unlisted: list[tuple[str, str]] = field(default_factory=list)
    retired: int = 0


class PlanTimeout(Exception):
    """A plan took longer than the per-plan time limit."""


class BatchRunError(EhcpNlpError):
    """The run cannot go on for a reason that is no plan's fault (the output folder cannot be
    written, the disk is full); finished reviews are kept and the same command carries on."""


# -- what is in the folder ----------------------------------------------------------------------

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


# -- the work done for one file (in a worker process) ------------------------------------------

_MODEL_DIR: str | None = None
_TEMPLATE: TemplateText | None = None
_READING: str | None = None


def _init_worker(parent: int, model_dir: str | None, template: TemplateText | None = None,
                 reading: str | None = None) -> None:
    """Set up a worker: it ends when ``parent`` does; Ctrl-C is left to the parent (which ends its
    workers); the language model is loaded once."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers (inherited by fork) are not the worker's
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is _stop:
            signal.signal(number, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held back by the parent while it started this process
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    _prepare(model_dir, template, reading)


def _prepare(model_dir: str | None, template: TemplateText | None, reading: str | None) -> None:
    global _MODEL_DIR, _TEMPLATE, _READING
    import warnings

    _MODEL_DIR, _TEMPLATE, _READING = model_dir, template, reading
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _warm_up(model_dir)


def _die_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` ends, even if it is killed outright: on Linux the kernel
    sends SIGKILL (PR_SET_PDEATHSIG); everywhere a thread checks every half second."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread below still watches
            pass
    if os.getppid() != parent:  # it ended before this process could ask to be told
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="ehcp-nlp-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:  # pragma: no cover - runs in a worker
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


_WARM_UP = ("Date of plan: 1 June 2026\nSection A: About me\nI like Lego.\nSection B: Needs\nSam reads 20 words.\n"
            "Section E: Outcomes\nBy July 2027, Sam will read 40 words on 3 days in a row.\n"
            "Section F: Provision\n20 minutes of 1:1 reading daily with a trained teaching assistant.\n")


def _warm_up(model_dir: str | None) -> None:
    """Import and load everything once, before any time limit runs: a limit that fires in the middle of
    importing a library would leave this process unable to review anything else."""
    import importlib
    import tempfile

    from ..assess import assess

    for library in ("docx", "pdfplumber", "pypdfium2", "openpyxl"):
        importlib.import_module(library)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(_WARM_UP, encoding="utf-8")
        try:
            assess(path, "plan", model_dir).to_dict()
        except Exception:  # a missing model shows up, as usual, in each plan's own result
            pass


def _on_alarm(signum, frame):  # pragma: no cover - exercised through review_task in a subprocess
    raise PlanTimeout()


def _snapshot(task: Task) -> tuple[Path, str, str] | None:
    """Copy the file into this process's private reading folder, hashing exactly the bytes copied, so
    the review and its id are of the same bytes however the file changes meanwhile: (copy, id,
    sha256), or ``None`` when there is nowhere to copy to or the file is over the size limit (then
    the file itself is read and refused).

    Raises:
        OSError: the file could not be read (the plan's problem).
        BatchRunError: the copy could not be written (the run's problem).
    """
    if _READING is None:
        return None
    from ..extract import Limits

    with os.fdopen(open_regular(task.source or task.path), "rb") as source:
        if os.fstat(source.fileno()).st_size > Limits.from_env().max_file_bytes:
            return None
        folder = Path(_READING) / str(os.getpid())
        copy = folder / Path(task.file).name  # the reader goes by the name's suffix too
        digest = hashlib.sha256()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = open(copy, "wb")
        except OSError as exc:
            raise _write_error(Path(_READING).parent.parent, copy, exc) from None
        with target:
            while True:
                chunk = source.read(_CHUNK)
                if not chunk:
                    break
                digest.update(chunk)
                try:
                    target.write(chunk)
                except OSError as exc:
                    raise _write_error(Path(_READING).parent.parent, copy, exc) from None
            try:
                target.flush()
            except OSError as exc:
                raise _write_error(Path(_READING).parent.parent, copy, exc) from None
    sha = digest.hexdigest()
    return copy, sha[:16], sha


def _as_found(value: Any, copy: str | None, path: str) -> Any:
    """``value`` with every mention of the private copy's path changed back to the file's own, and
    every string printable (see :func:`_printable`)."""
    if isinstance(value, str):
        return _printable(value.replace(copy, path) if copy else value)
    if isinstance(value, dict):
        return {k: _as_found(v, copy, path) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_as_found(v, copy, path) for v in value)
    return value


def review_task(task: Task, time_limit: float) -> tuple[dict, dict | None]:
    """Review one file within ``time_limit`` seconds: (record, full review), never raising but for
    :class:`BatchRunError` (the run's problem, not the plan's).

    A file that cannot be read under its own name is tried under each other name the same content has in
    the folder (:attr:`Task.alternates`), so one name failing never hides another that reads; the record
    names the file that was read, or the first if none was.
    """
    record, review = _review_file(task, time_limit)
    if record["status"] == "ok" or "took longer than" in record["error"]:
        return record, review
    for path, file, source in task.alternates:
        other = _review_file(replace(task, path=path, file=file, source=source, alternates=()), time_limit)
        if other[0]["status"] == "ok":
            return other
    return record, review


def _review_file(task: Task, time_limit: float) -> tuple[dict, dict | None]:
    """:func:`review_task` for one name of the file."""
    import warnings

    from ..assess import assess

    started = time.perf_counter()
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    use_alarm = time_limit > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    ids, copy = (task.id, task.sha256), None
    try:
        snapshot = _snapshot(task)
        if snapshot is not None:
            copy, ids = snapshot[0], snapshot[1:]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kind = task.meta.get("kind") or None
            assessment = assess(copy or task.source or task.path, kind, _MODEL_DIR, _TEMPLATE)
            record = record_from_assessment(assessment, task.file, ids, task.meta,
                                            time.perf_counter() - started, when)
            review = _as_found(assessment.to_dict(), copy and str(copy), _printable(task.path))
            return record.to_dict(), review
    except BatchRunError:
        raise
    except PlanTimeout:
        error = (f"{task.file}: took longer than the {time_limit:g} s limit; review it on its own with "
                 "'ehcp-nlp review', or raise --time-limit")
    except EhcpNlpError as exc:
        error = " ".join(_as_found(str(exc), copy and str(copy), _printable(task.path)).split())
    except MemoryError:
        error = f"{task.file}: ran out of memory; split the file or review it on its own"
    except OSError as exc:
        if exc.errno in _DISK_FULL:  # a temporary file could not be written: the machine's problem
            raise BatchRunError(f"the disk is full ({exc.strerror}) while reviewing {task.file}; free some space "
                                "and run the same command again: finished reviews are kept") from None
        error = _unreadable(task.file, exc)
    except Exception as exc:  # one bad file must not stop the batch
        error = (f"{task.file}: could not be processed ({type(exc).__name__}: {exc}); check the file opens "
                 "in Word or a PDF reader")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if copy is not None:
            copy.unlink(missing_ok=True)
    error = _as_found(error, copy and str(copy), _printable(task.path))  # an OSError or crash naming the copy
    failed = PlanRecord(ids[0], ids[1], task.file, status="failed", error=error, meta=task.meta,
                        reviewed_at=when, seconds=round(time.perf_counter() - started, 3))
    return failed.to_dict(), None


# -- the run ------------------------------------------------------------------------------------

def run_batch(folder: str | os.PathLike[str], outdir: str | os.PathLike[str], jobs: int | None = None,
              time_limit: float = 120.0, manifest: str | os.PathLike[str] | None = None,
              model_dir: str | None = None,
              progress: Callable[[PlanRecord], None] | None = None,
              on_start: Callable[[int, int], None] | None = None, learn: bool = True) -> BatchResult:
    """Review every file under ``folder`` not already done, writing each result into ``outdir``.

    ``jobs`` processes work in parallel (default: the number of cores); ``progress`` is called with
    each finished record, ``on_start`` with (files to do, files skipped). With ``learn``, text that
    recurs in most of the folder's documents is first learnt as the council's template (see
    :mod:`.template`) and never judged as content. Ctrl-C, SIGTERM and SIGHUP stop the run (its
    workers ended, finished reviews kept) with ``interrupted`` set.

    Raises:
        BatchRunError: the output folder could not be written (a full disk, no permission): the
            run's problem, recorded against no plan; run the same command again once it is mended.
    """
    started = time.perf_counter()
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        reading = _reading_folder(out)
    except OSError as exc:
        raise _write_error(out, Path(exc.filename or out), exc) from None
    result = BatchResult()
    planned: Planned | None = None

    def finished(record_dict: dict, review: dict | None) -> None:
        record = PlanRecord.from_dict(record_dict)
        try:
            save(out, record, review)
        except OSError as exc:
            raise _write_error(out, record_path(out, record.id), exc) from None
        if planned is not None:
            planned.current[record.file] = record.id  # the id of the bytes actually read
        if record.ok:
            result.reviewed += 1
        else:
            result.failed.append((record.file, record.error))
        if progress:
            progress(record)

    try:
        with _stopped_by_signals():
            try:
                planned = plan_tasks(folder, out, read_manifest(manifest))
                result.found, result.skipped, result.unlisted = planned.found, planned.skipped, planned.unlisted
                tasks = planned.tasks
                template = _learn(planned.sources, out) if tasks and learn else None
                if on_start:
                    on_start(len(tasks) + len(planned.unread), planned.skipped)
                for record in planned.unread:
                    finished(record.to_dict(), None)
                jobs = max(1, jobs or os.cpu_count() or 1)
                if not tasks:
                    pass  # nothing to review: no language model to load
                elif jobs == 1 or len(tasks) <= 1:
                    _prepare(model_dir, template, str(reading))
                    for task in tasks:
                        _check_stop()
                        finished(*review_task(task, time_limit))
                else:
                    _run_pool(tasks, jobs, time_limit, (model_dir, template, str(reading)), finished)
                _check_stop()
            except KeyboardInterrupt:
                result.interrupted = True
            try:
                result.retired = _tidy(out, planned) if planned is not None else 0
            except KeyboardInterrupt:  # stopped again while tidying: the next run tidies
                result.interrupted = True
    finally:
        shutil.rmtree(reading, ignore_errors=True)
        try:
            reading.parent.rmdir()
        except OSError:  # another run's copies are there, or it is already gone
            pass
    result.seconds = time.perf_counter() - started
    return result


def _write_error(out: Path, path: Path, exc: OSError) -> BatchRunError:
    """The run's problem: the output folder could not be written."""
    what = "the disk is full" if exc.errno in _DISK_FULL else f"it could not be written ({exc.strerror or exc})"
    return BatchRunError(f"{out}: {what}, so {path.name} was not saved; no plan has been recorded as failed for "
                         "it: free some space or check the folder can be written, then run the same command "
                         "again (finished reviews are kept)")


def _reading_folder(out: Path) -> Path:
    """A private folder for this run's copies of the files it reads, after removing those that runs
    killed outright left behind."""
    base = out / READING
    for old in base.iterdir() if base.is_dir() else ():
        if old.name.isdigit() and int(old.name) != os.getpid() and not _alive(int(old.name)):
            shutil.rmtree(old, ignore_errors=True)
    mine = base / str(os.getpid())
    mine.mkdir(parents=True, exist_ok=True)
    return mine


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def _tidy(out: Path, planned: Planned) -> int:
    """Point rows of renamed or moved files at their current path, list every other name the same content
    has in the folder (``also``), and move aside the rows of files
    edited or deleted since (the tables and the cohort report count only current files; files added
    in the auditor's workspace, under ``OUTDIR/uploads``, are kept while they are there); how many
    rows were moved aside."""
    by_id: dict[str, list[str]] = {}
    for file, record_id in sorted(planned.current.items()):
        by_id.setdefault(record_id, []).append(file)
    try:
        for record in iter_records(out):
            files = by_id.get(record.id)
            if not files:
                continue
            primary = record.file if record.file in files else files[0]
            also = [f for f in files if f != primary]
            if primary != record.file or also != list(record.also):
                relabel(out, record.id, primary, also)
        return len(retire(out, set(by_id) | workspace_ids(out)))
    except OSError as exc:
        raise _write_error(out, Path(exc.filename or out), exc) from None


_STOP = threading.Event()  # set by a stopping signal, in case the KeyboardInterrupt it raised was swallowed


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """While the run lasts, SIGTERM and SIGHUP stop it as Ctrl-C does (its workers ended first) instead
    of ending this process and leaving its workers running. Signals already ignored (nohup) stay so.

    A stop is also remembered, and checked for at least twice a second: Python swallows an exception
    raised where it cannot be passed on (in code run around a fork, say, while a worker starts)."""
    _STOP.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        handler = signal.getsignal(number)
        if handler not in (signal.SIG_IGN, None) and (number != signal.SIGINT or handler is signal.default_int_handler):
            previous[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stop(signum, frame):
    _STOP.set()
    raise KeyboardInterrupt()


def _check_stop() -> None:
    if _STOP.is_set():
        raise KeyboardInterrupt()


_HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold stopping signals back while workers are started (forked), so that the stop comes after,
    where it can be acted on, not inside the fork's own bookkeeping (where Python would swallow it)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _learn(sources: list[Path], outdir: Path) -> TemplateText | None:
    """Learn the council's template text from the folder's documents (saved for the cohort report)."""
    from .template import learn_template, save_template

    learnt = learn_template(sources)
    try:
        save_template(outdir, learnt)
    except OSError as exc:
        raise _write_error(outdir, Path(exc.filename or outdir), exc) from None
    return learnt.template_text()


def _failed(task: Task, reason: str) -> tuple[dict, None]:
    return PlanRecord(task.id, task.sha256, task.file, status="failed", error=f"{task.file}: {reason}",
                      meta=task.meta).to_dict(), None


def _outcome(future: Future, task: Task) -> tuple[dict, dict | None]:
    """A finished future's (record, review); a worker that could not answer fails its plan, never the run
    (but for :class:`BatchRunError`, which is the run's problem)."""
    try:
        return future.result()
    except BatchRunError:
        raise
    except BrokenProcessPool:
        return _failed(task, "the worker reviewing it stopped unexpectedly; run the batch again to retry it")
    except Exception as exc:  # the worker could not even return a result
        return _failed(task, f"could not be processed ({exc})")


def _run_pool(tasks: list[Task], jobs: int, time_limit: float, setup: tuple,
              finished: Callable[[dict, dict | None], None]) -> None:
    """Keep ``jobs`` workers busy with at most two tasks each in flight (so memory stays flat). If a
    worker dies (the pool breaks), the plans in hand are recorded as failed and a new pool carries on
    with the rest."""
    queue = deque(tasks)
    while queue and _one_pool(queue, jobs, time_limit, setup, finished):
        pass


def _one_pool(queue: deque[Task], jobs: int, time_limit: float, setup: tuple,
              finished: Callable[[dict, dict | None], None]) -> bool:
    """Work through ``queue`` with one pool; whether the pool broke (with tasks perhaps left)."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(), *setup))
    running: dict[Future, Task] = {}
    broken = ended = False
    try:
        while not broken:
            while queue and len(running) < 2 * jobs:
                task = queue.popleft()
                try:
                    with _signals_held():  # the first submit starts the workers
                        running[pool.submit(review_task, task, time_limit)] = task
                except BrokenProcessPool:
                    queue.appendleft(task)  # not started: the next pool takes it
                    broken = True
                    break
            _check_stop()
            if not running:
                break
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].file):
                broken = broken or isinstance(future.exception(), BrokenProcessPool)
                finished(*_outcome(future, running.pop(future)))
        if broken:  # what the pool had in hand is lost with it
            for future, task in sorted(running.items(), key=lambda item: item[1].file):
                wait([future], timeout=5)
                finished(*(_outcome(future, task) if future.done() else
                           _failed(task, "the worker reviewing it stopped unexpectedly; run the batch again to "
                                         "retry it")))
            return True
        pool.shutdown(wait=True)
        ended = True
        return False
    finally:
        if not ended:
            _end_workers(pool)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now, with whatever they started (a reading child of theirs included), and
    the pool with them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    family = _descendants([p.pid for p in processes if p.pid])
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for pid in family:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for process in processes:
        try:
            process.join(timeout=2)
        except (OSError, ValueError, AssertionError):
            pass
    pool.shutdown(wait=True, cancel_futures=True)


def _descendants(pids: list[int]) -> list[int]:
    """The processes started by ``pids`` and by theirs, where /proc tells (Linux); else none."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, queue = [], list(pids)
    while queue:
        for child in children.get(queue.pop(), []):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found
