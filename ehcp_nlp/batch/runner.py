"""Review every plan in a folder, in parallel (local processes or a Dask cluster), resumably, with a time
limit per plan.

Each file's result is written atomically to ``OUTDIR/results/<id>.json`` as soon as it is done, so
stopping a run (Ctrl-C, a closed laptop, a killed process) loses nothing that was finished, and the
next run skips every file whose content was already reviewed (files are known by the SHA-256 of
their bytes, so renaming or moving a plan does not redo it). Files that failed — unreadable,
encrypted, scanned, too slow — are recorded with their one-line reason and tried again next time;
the rest carry on.

The stages have their own modules: what is in the folder and what is left to do (:mod:`.folder`),
the work for one file (:mod:`.worker`), where the work runs (:mod:`.engines`), stopping cleanly
(:mod:`.stopping`). The batch owns its processes and its rows:

* its workers end when it ends, however it ends: Ctrl-C, SIGTERM or SIGHUP end them before the
  run stops, and a worker whose parent was killed outright (SIGKILL) ends itself (Linux's
  parent-death signal, and a thread that watches for the parent to go); a review that overruns the
  time limit is stopped by ending the process running it (:mod:`.engines`);
* the same content under several names is reviewed once and listed under each name; a name that
  cannot be read is tried under the others;
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

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..extract import TemplateText
from .folder import (KINDS, LINK_OUT, MANIFEST_FIELDS, SUFFIXES, Found, Planned, Task, discover, plan_tasks,
                     read_manifest, survey)
from .records import PlanRecord, iter_records, record_path, relabel, retire, save, workspace_ids
from .stopping import check_stop, stopped_by_signals
from .worker import READING, BatchRunError, _prepare, _write_error, review_task

__all__ = ["KINDS", "LINK_OUT", "MANIFEST_FIELDS", "READING", "SUFFIXES", "BatchResult", "BatchRunError", "Found",
           "Planned", "Task", "discover", "plan_tasks", "read_manifest", "review_task", "run_batch", "survey"]


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


# -- the run ------------------------------------------------------------------------------------

def run_batch(folder: str | os.PathLike[str], outdir: str | os.PathLike[str], jobs: int | None = None,
              time_limit: float = 120.0, manifest: str | os.PathLike[str] | None = None,
              model_dir: str | None = None,
              progress: Callable[[PlanRecord], None] | None = None,
              on_start: Callable[[int, int], None] | None = None, learn: bool = True,
              scheduler: str | None = None) -> BatchResult:
    """Review every file under ``folder`` not already done, writing each result into ``outdir``.

    ``jobs`` processes work in parallel (default: the number of cores); ``progress`` is called with
    each finished record, ``on_start`` with (files to do, files skipped). With ``learn``, text that
    recurs in most of the folder's documents is first learnt as the council's template (see
    :mod:`.template`) and never judged as content. Ctrl-C, SIGTERM and SIGHUP stop the run (its
    workers ended, finished reviews kept) with ``interrupted`` set. ``scheduler`` runs the reviews on
    Dask instead (``local`` or ``tcp://HOST:PORT``; see :func:`.engines.run_dask`); the results, and
    everything written, are the same.

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
        with stopped_by_signals():
            try:
                planned = plan_tasks(folder, out, read_manifest(manifest))
                result.found, result.skipped, result.unlisted = planned.found, planned.skipped, planned.unlisted
                tasks = planned.tasks
                jobs = max(1, jobs or os.cpu_count() or 1)
                template = _learn(planned.sources, out, jobs, time_limit) if tasks and learn else None
                if on_start:
                    on_start(len(tasks) + len(planned.unread), planned.skipped)
                for record in planned.unread:
                    finished(record.to_dict(), None)
                setup = (model_dir, template, str(reading))
                if not tasks:
                    pass  # nothing to review: no language model to load
                elif scheduler:
                    from .engines import run_dask

                    run_dask(tasks, scheduler, jobs, time_limit, setup, finished)
                elif time_limit or (jobs > 1 and len(tasks) > 1):
                    from .engines import run_local

                    run_local(tasks, min(jobs, len(tasks)), time_limit, setup, finished)
                else:  # one process, no time limit: reviewed here
                    _prepare(*setup)
                    for task in tasks:
                        check_stop()
                        finished(*review_task(task))
                check_stop()
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


def _learn(sources: list[Path], outdir: Path, jobs: int = 1, time_limit: float = 0) -> TemplateText | None:
    """Learn the council's template text from the folder's documents (saved for the cohort report), reading
    them in ``jobs`` processes when there are several."""
    from .template import learn_template, save_template

    if jobs > 1 and len(sources) > 1:
        from .engines import map_local

        learnt = learn_template(sources, read_all=lambda function, paths: map_local(function, paths, jobs,
                                                                                      time_limit))
    else:
        learnt = learn_template(sources)
    try:
        save_template(outdir, learnt)
    except OSError as exc:
        raise _write_error(outdir, Path(exc.filename or outdir), exc) from None
    return learnt.template_text()
