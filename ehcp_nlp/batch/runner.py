"""Review every plan in a folder, in parallel, resumably, with a time limit per plan.

Each file's result is written atomically to ``OUTDIR/reviews/<id>.json`` as soon as it is done, so
stopping a run (Ctrl-C, a closed laptop, a killed process) loses nothing that was finished, and the
next run skips every file whose content was already reviewed (files are known by the SHA-256 of
their bytes, so renaming or moving a plan does not redo it). Files that failed — unreadable,
encrypted, scanned, too slow — are recorded with their one-line reason and tried again next time;
the rest carry on.
"""
from __future__ import annotations

import csv
import os
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from ..errors import EhcpNlpError, InputError
from ..extract import TemplateText
from .records import PlanRecord, file_id, iter_records, record_from_assessment, save

SUFFIXES = (".pdf", ".docx", ".txt")
KINDS = ("plan", "advice", "review")  # what a manifest may name a document as
MANIFEST_FIELDS = ("audit_month", "key_stage", "setting", "caseworker", "ep_service", "kind")


@dataclass(frozen=True)
class Task:
    """One file to review: where it is, its id, and its manifest row."""

    path: str
    file: str
    id: str
    sha256: str
    meta: dict[str, str]


@dataclass
class BatchResult:
    """What one run did."""

    found: int = 0
    skipped: int = 0
    reviewed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False


class PlanTimeout(Exception):
    """A plan took longer than the per-plan time limit."""


def discover(folder: str | os.PathLike[str], exclude: Path | None = None) -> list[Path]:
    """Every PDF, Word (.docx) and text file under ``folder``, recursively, in a stable order."""
    root = Path(folder)
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in SUFFIXES or not path.is_file() or path.name.startswith(("~$", ".")):
            continue
        if exclude is not None and exclude in path.resolve().parents:
            continue
        found.append(path)
    return found


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


def plan_tasks(folder: str | os.PathLike[str], outdir: str | os.PathLike[str],
               manifest: dict[str, dict[str, str]]) -> tuple[list[Task], int]:
    """(files still to review, how many are already done)."""
    root, out = Path(folder), Path(outdir).resolve()
    done = {r.id for r in iter_records(outdir) if r.ok}
    todo, skipped, seen = [], 0, set()
    for path in discover(root, exclude=out):
        rel = path.relative_to(root).as_posix()
        try:
            ids = file_id(path)
        except OSError:
            ids = (f"unreadable-{abs(hash(rel)) % 10**12:012d}", "")
        if ids[0] in done or ids[0] in seen:  # already reviewed, or the same file twice in the folder
            skipped += 1
            continue
        seen.add(ids[0])
        todo.append(Task(str(path), rel, ids[0], ids[1], manifest.get(rel) or manifest.get(path.name) or {}))
    return todo, skipped


# -- the work done for one file (in a worker process) ------------------------------------------

_MODEL_DIR: str | None = None
_TEMPLATE: TemplateText | None = None


def _init_worker(model_dir: str | None, template: TemplateText | None = None) -> None:
    """Load the language model once per process; workers ignore Ctrl-C (the parent handles it)."""
    global _MODEL_DIR, _TEMPLATE
    import warnings

    _MODEL_DIR, _TEMPLATE = model_dir, template
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _warm_up(model_dir)


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


def review_task(task: Task, time_limit: float) -> tuple[dict, dict | None]:
    """Review one file within ``time_limit`` seconds: (record, full review), never raising."""
    import warnings

    from ..assess import assess

    started = time.perf_counter()
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    use_alarm = time_limit > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kind = task.meta.get("kind") or None
            assessment = assess(task.path, kind, _MODEL_DIR, _TEMPLATE)
            record = record_from_assessment(assessment, task.file, (task.id, task.sha256), task.meta,
                                            time.perf_counter() - started, when)
            return record.to_dict(), assessment.to_dict()
    except PlanTimeout:
        error = (f"{task.file}: took longer than the {time_limit:g} s limit; review it on its own with "
                 "'ehcp-nlp review', or raise --time-limit")
    except EhcpNlpError as exc:
        error = " ".join(str(exc).split())
    except MemoryError:
        error = f"{task.file}: ran out of memory; split the file or review it on its own"
    except Exception as exc:  # one bad file must not stop the batch
        error = (f"{task.file}: could not be processed ({type(exc).__name__}: {exc}); check the file opens "
                 "in Word or a PDF reader")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    failed = PlanRecord(task.id, task.sha256, task.file, status="failed", error=error, meta=task.meta,
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
    :mod:`.template`) and never judged as content.
    """
    started = time.perf_counter()
    Path(outdir).mkdir(parents=True, exist_ok=True)
    tasks, skipped = plan_tasks(folder, outdir, read_manifest(manifest))
    result = BatchResult(found=len(tasks) + skipped, skipped=skipped)
    template = _learn(folder, outdir) if tasks and learn else None
    if on_start:
        on_start(len(tasks), skipped)
    jobs = max(1, jobs or os.cpu_count() or 1)

    def finished(record_dict: dict, review: dict | None) -> None:
        record = PlanRecord.from_dict(record_dict)
        save(outdir, record, review)
        if record.ok:
            result.reviewed += 1
        else:
            result.failed.append((record.file, record.error))
        if progress:
            progress(record)

    try:
        if jobs == 1 or len(tasks) <= 1:
            _init_worker(model_dir, template)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            for task in tasks:
                finished(*review_task(task, time_limit))
        else:
            _run_pool(tasks, jobs, time_limit, model_dir, finished, template)
    except KeyboardInterrupt:
        result.interrupted = True
    result.seconds = time.perf_counter() - started
    return result


def _learn(folder: str | os.PathLike[str], outdir: str | os.PathLike[str]) -> TemplateText | None:
    """Learn the council's template text from the folder's documents (saved for the cohort report)."""
    from .template import learn_template, save_template

    learnt = learn_template(discover(folder, exclude=Path(outdir).resolve()))
    save_template(outdir, learnt)
    return learnt.template_text()


def _run_pool(tasks: list[Task], jobs: int, time_limit: float, model_dir: str | None,
              finished: Callable[[dict, dict | None], None], template: TemplateText | None = None) -> None:
    """Keep ``jobs`` workers busy with at most two tasks each in flight (so memory stays flat)."""
    pending: Iterable[Task] = iter(tasks)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(model_dir, template)) as pool:
        running: dict[Future, Task] = {}
        try:
            def top_up() -> None:
                for task in pending:
                    running[pool.submit(review_task, task, time_limit)] = task
                    if len(running) >= 2 * jobs:
                        break

            top_up()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    try:
                        finished(*future.result())
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # the worker could not even return a result
                        record = PlanRecord(task.id, task.sha256, task.file, status="failed",
                                            error=f"{task.file}: could not be processed ({exc})", meta=task.meta)
                        finished(record.to_dict(), None)
                top_up()
        except BrokenProcessPool:
            for future, task in running.items():
                record = PlanRecord(task.id, task.sha256, task.file, status="failed",
                                    error=f"{task.file}: the worker reviewing it stopped unexpectedly; run the batch "
                                          "again to retry it", meta=task.meta)
                finished(record.to_dict(), None)
        except KeyboardInterrupt:
            for future in running:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
