"""The work done for one file, in a worker process: set up once (the language model loaded, the process
tied to its parent's life), then each file copied privately, hashed as it is copied, and reviewed.

A review never raises but for :class:`BatchRunError` (the run's problem: the output folder cannot be
written); anything wrong with the file is its record's one-line ``error``. The time limit is not kept
here: the process running a review that overruns is ended from outside (:mod:`.engines`).
"""
from __future__ import annotations

import errno
import hashlib
import os
import signal
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import EhcpNlpError
from ..extract import TemplateText
from .folder import Task, _printable, _unreadable
from .records import PlanRecord, open_regular, record_from_assessment
from .stopping import HELD, stop_handler

READING = ".reading"  # OUTDIR/.reading/<run's pid>/<worker's pid>/: private copies of the files being read
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_CHUNK = 1 << 20
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class BatchRunError(EhcpNlpError):
    """The run cannot go on for a reason that is no plan's fault (the output folder cannot be
    written, the disk is full); finished reviews are kept and the same command carries on."""


def _write_error(out: Path, path: Path, exc: OSError) -> BatchRunError:
    """The run's problem: the output folder could not be written."""
    what = "the disk is full" if exc.errno in _DISK_FULL else f"it could not be written ({exc.strerror or exc})"
    return BatchRunError(f"{out}: {what}, so {path.name} was not saved; no plan has been recorded as failed for "
                         "it: free some space or check the folder can be written, then run the same command "
                         "again (finished reviews are kept)")


_MODEL_DIR: str | None = None
_TEMPLATE: TemplateText | None = None
_READING: str | None = None


def _init_reader(parent: int) -> None:
    """Set up a process that only reads files (the batch learning the council's template): tied to its parent's
    life, its memory capped, with no language model."""
    _die_with_parent(parent)
    _leave_stopping_to(parent)
    from ..extract import Limits
    from ..extract.guard import guard_this_process

    guard_this_process(Limits.from_env().max_read_mb)


def _leave_stopping_to(parent: int) -> None:
    """Ctrl-C and the stopping signals are the parent's to act on (it ends its workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers (inherited by fork) are not the worker's
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is stop_handler:
            signal.signal(number, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held back by the parent while it started this process
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)


def _init_worker(parent: int, model_dir: str | None, template: TemplateText | None = None,
                 reading: str | None = None) -> None:
    """Set up a worker: it ends when ``parent`` does; Ctrl-C is left to the parent (which ends its
    workers); the language model is loaded once."""
    _die_with_parent(parent)
    _leave_stopping_to(parent)
    _prepare(model_dir, template, reading)
    # this process is ended from outside if a file overruns the time limit; its memory is capped here, so files
    # are read in it directly rather than each in a child of its own
    from ..extract import Limits
    from ..extract.guard import guard_this_process

    guard_this_process(Limits.from_env().max_read_mb)


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
    """Import and load everything once, before the first file: the first file's time is then its own."""
    import importlib
    import tempfile

    from ..pipeline import assess

    for library in ("docx", "pdfplumber", "pypdfium2", "openpyxl"):
        importlib.import_module(library)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(_WARM_UP, encoding="utf-8")
        try:
            assess(path, "plan", model_dir).to_dict()
        except Exception:  # a missing model shows up, as usual, in each plan's own result
            pass


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


def review_task(task: Task) -> tuple[dict, dict | None]:
    """Review one file: (record, full review), never raising but for :class:`BatchRunError` (the run's
    problem, not the plan's).

    A file that cannot be read under its own name is tried under each other name the same content has in
    the folder (:attr:`Task.alternates`), so one name failing never hides another that reads; the record
    names the file that was read, or the first if none was.
    """
    record, review = _review_file(task)
    if record["status"] == "ok":
        return record, review
    for path, file, source in task.alternates:
        other = _review_file(replace(task, path=path, file=file, source=source, alternates=()))
        if other[0]["status"] == "ok":
            return other
    return record, review


def _review_file(task: Task) -> tuple[dict, dict | None]:
    """:func:`review_task` for one name of the file."""
    import warnings

    from ..pipeline import assess

    started = time.perf_counter()
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
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
        if copy is not None:
            copy.unlink(missing_ok=True)
    error = _as_found(error, copy and str(copy), _printable(task.path))  # an OSError or crash naming the copy
    failed = PlanRecord(ids[0], ids[1], task.file, status="failed", error=error, meta=task.meta,
                        reviewed_at=when, seconds=round(time.perf_counter() - started, 3))
    return failed.to_dict(), None


def failed_record(task: Task, reason: str) -> tuple[dict, None]:
    """The (record, review) of a file that could not be reviewed for ``reason`` (said after its name)."""
    return PlanRecord(task.id, task.sha256, task.file, status="failed", error=f"{task.file}: {reason}",
                      meta=task.meta).to_dict(), None
