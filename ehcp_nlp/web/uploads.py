"""Plans added in the workspace: uploaded files and named folders, copied into ``OUTDIR/uploads`` and
reviewed in the background with the batch's own machinery.

* An upload is saved as ``uploads/<name>`` (``<name> (2).docx`` if the name is taken by other content);
  a named folder is copied as ``uploads/<folder's name>/…``, keeping its sub-folders, so the reviewed
  bytes stay with the audit and the Word audit form can be made from them. A file already there with
  the same content is not copied again.
* The ``uploads`` folder belongs to the workspace: ``ehcp-nlp batch`` into the same OUTDIR keeps its
  rows (:func:`ehcp_nlp.batch.records.workspace_ids`).
* Nothing is held only in memory: when the server starts, a file in ``uploads`` that has no stored
  review is queued again (:meth:`Uploads.resume`), and the failures listed are the stored failed
  reviews of files in ``uploads`` plus the files refused before they were saved.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import unicodedata
from collections import deque
from pathlib import Path
from typing import Any

from ..batch.records import UPLOADS
from .errors import ApiError

log = logging.getLogger(__name__)
#: The most one upload request, or one file of a named folder, may carry (override with EHCP_NLP_MAX_UPLOAD_MB).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_FILES = 200
#: The most files one named folder may add at a time.
MAX_FOLDER_FILES = 5000


def max_upload_bytes() -> int:
    value = os.environ.get("EHCP_NLP_MAX_UPLOAD_MB", "")
    try:
        return int(float(value) * 1024 * 1024) if value else MAX_UPLOAD_BYTES
    except ValueError:
        return MAX_UPLOAD_BYTES


def safe_name(name: str) -> str:
    """An uploaded file's name reduced to its last part, without control characters or leading dots."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = base.strip().lstrip(".").strip()
    return base[:150]


def _refusal(name: str) -> str:
    """Why a file of this name is not taken ('' if it is)."""
    from ..batch.folder import SUFFIXES

    shown = name or "(no name)"
    if not name or name.startswith("~$"):
        return f"{shown}: has no usable file name"
    if Path(name).suffix.lower() not in SUFFIXES:
        return f"{shown}: not a format ehcp-nlp reads; add PDF, Word .docx or text (.txt) files"
    return ""


async def receive_upload(state: Any, request: Any) -> dict[str, Any]:
    """Save the uploaded files into ``OUTDIR/uploads`` and queue them for review; what was accepted and refused."""
    limit = max_upload_bytes()
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415, "send the files as multipart/form-data")
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise ApiError(411, "the upload has no Content-Length; send the files from the Add plans page")
    if int(length) > limit:
        raise ApiError(413, f"the upload is larger than the {limit // (1024 * 1024)} MB limit; send fewer or "
                            "smaller files at a time")
    try:
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=50)
    except Exception as exc:  # a malformed multipart body
        raise ApiError(400, f"the upload could not be read ({getattr(exc, 'detail', exc)})") from None
    folder = state.outdir / UPLOADS
    accepted, refused, paths = [], [], []
    try:
        for _, item in form.multi_items():
            if isinstance(item, str) or not hasattr(item, "filename"):
                continue
            name = safe_name(item.filename or "")
            why = _refusal(name)
            if why:
                refused.append({"file": name or "(no name)", "reason": why})
                continue
            data = await item.read()
            if not data:
                refused.append({"file": name, "reason": f"{name}: is empty"})
                continue
            path = place(folder, name, data)
            paths.append(path)
            accepted.append({"file": path.relative_to(state.outdir).as_posix()})
    finally:
        await form.close()
    if not accepted and not refused:
        raise ApiError(400, "no files in the upload; choose PDF, Word .docx or text files")
    state.uploads.add(paths, refused)
    return {"accepted": accepted, "refused": refused, "status": state.uploads.status()}


def add_folder(state: Any, folder: str) -> dict[str, Any]:
    """Copy the plans under ``folder`` (a path on this computer) into ``OUTDIR/uploads/<its name>/`` and queue
    them for review; what was accepted and refused (links out of the folder, unreadable or oversized files).

    Raises:
        ApiError: no folder given, not a folder, the output folder itself, or too many files (400).
    """
    from ..batch.folder import survey

    text = " ".join(str(folder or "").split())
    if not text:
        raise ApiError(400, "give the folder's full path in 'folder'")
    source = Path(os.path.expanduser(text))
    if not source.is_absolute():
        raise ApiError(400, f"{text}: give the folder's full path (for example C:\\Plans\\Autumn or /home/you/plans)")
    if not source.is_dir():
        raise ApiError(400, f"{text}: is not a folder on this computer; check the path")
    out = state.outdir.resolve()
    resolved = source.resolve()
    if resolved == out or out in resolved.parents:
        raise ApiError(400, f"{text}: is inside the workspace's own folder; name the folder the plans came from")
    found, unlisted = survey(source, exclude=out)
    if len(found) > MAX_FOLDER_FILES:
        raise ApiError(400, f"{text}: holds {len(found)} plans, more than {MAX_FOLDER_FILES} at a time; run "
                            f"'ehcp-nlp batch \"{text}\" -o \"{state.outdir}\"' for a folder this size")
    if not found and not unlisted:
        raise ApiError(400, f"{text}: holds no PDF, Word .docx or text files")
    limit = max_upload_bytes()
    target = state.outdir / UPLOADS / (safe_name(resolved.name) or "folder")
    accepted, refused, paths = [], [], []
    refused.extend({"file": where, "reason": reason} for where, reason in unlisted)
    for item in found:
        if item.problem or item.source is None:
            refused.append({"file": item.file, "reason": item.problem or f"{item.file}: could not be read"})
            continue
        try:
            size = item.source.stat().st_size
            if size > limit:
                refused.append({"file": item.file, "reason": f"{item.file}: is larger than the {limit // (1024 * 1024)}"
                                                             " MB limit for one file; run 'ehcp-nlp batch' for it"})
                continue
            data = item.source.read_bytes()
        except OSError as exc:
            refused.append({"file": item.file, "reason": f"{item.file}: could not be read ({exc.strerror or exc}); "
                                                         "check it can be opened"})
            continue
        if not data:
            refused.append({"file": item.file, "reason": f"{item.file}: is empty"})
            continue
        parts = [safe_name(p) for p in Path(item.file).parts]
        path = place(target.joinpath(*parts[:-1]), parts[-1], data)
        paths.append(path)
        accepted.append({"file": path.relative_to(state.outdir).as_posix(), "from": item.file})
    state.uploads.add(paths, refused)
    return {"folder": str(source), "accepted": accepted, "refused": refused, "status": state.uploads.status()}


def place(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new file called ``name`` in ``folder`` (``name (2).docx`` etc. if the name is taken
    by other content); a file already there with the same content is used as it is."""
    stem, suffix = Path(name).stem, Path(name).suffix
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 10_000):
        path = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            if _same(path, data):
                return path
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path
    raise ApiError(409, f"{name}: too many files of that name in {folder}")


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


class Uploads:
    """Reviews added files one at a time in a background thread, with the batch's own machinery
    (:func:`ehcp_nlp.batch.worker.review_task`, the same checks as any input file), storing each
    result in ``OUTDIR/results`` as the batch does; :meth:`status` reports progress and failures."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self._queue: deque[Path] = deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._total = self._done = 0
        self._current: str | None = None
        self._reviewed: list[dict[str, Any]] = []
        self._refused: list[dict[str, str]] = []

    def add(self, paths: list[Path], refused: list[dict[str, str]] = ()) -> None:
        with self._lock:
            self._refused.extend(refused)
            queued = set(self._queue)
            fresh = [p for p in paths if p not in queued]
            self._queue.extend(fresh)
            self._total += len(fresh)
            if fresh and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._run, name="ehcp-nlp uploads", daemon=True)
                self._thread.start()

    def resume(self) -> int:
        """Queue every file in ``OUTDIR/uploads`` that has no stored review (the server stopped before it was
        read); how many."""
        from ..batch.records import file_id, iter_records
        from ..batch.folder import survey

        folder = self.state.outdir / UPLOADS
        if not folder.is_dir():
            return 0
        records = list(iter_records(self.state.outdir))
        stored, stored_files = {r.id for r in records}, {r.file for r in records}
        found, _ = survey(folder)
        waiting = []
        for item in found:
            if item.source is None or f"{UPLOADS}/{item.file}" in stored_files:
                continue
            try:
                if file_id(item.source)[0] not in stored:
                    waiting.append(item.path)
            except OSError:
                continue
        self.add(waiting)
        return len(waiting)

    def status(self) -> dict[str, Any]:
        """Progress (``running``, ``total``, ``done``, ``queued``, ``current``), the files reviewed since the
        server started, and ``failures``: files refused, and the stored failed reviews of added files."""
        stored = [{"file": r.file, "reason": " ".join((r.error or "could not be read").split()), "id": r.id}
                  for r in self.state.records() if not r.ok and r.file.startswith(f"{UPLOADS}/")]
        with self._lock:
            running = bool(self._queue) or self._current is not None or bool(
                self._thread is not None and self._thread.is_alive())
            return {"running": running, "total": self._total, "done": self._done, "queued": len(self._queue),
                    "current": self._current, "reviewed": list(self._reviewed),
                    "failures": list(self._refused) + stored}

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the queue to be done (for tests and scripts); whether it is."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.status()["running"]

    def _run(self) -> None:
        from ..batch import runner
        from ..batch.records import iter_records
        from ..batch.template import load_template

        out = self.state.outdir
        reading = None
        try:
            reading = runner._reading_folder(out)
            learnt = load_template(out)
            runner._prepare(None, learnt.template_text() if learnt is not None else None, str(reading))
            done = {r.id: r for r in iter_records(out) if r.ok}  # read once; kept up to date as files are reviewed
            while True:
                with self._lock:
                    if not self._queue:
                        break
                    path = self._queue.popleft()
                    self._current = file = path.relative_to(out).as_posix()
                try:
                    self._review(path, file, out, done)
                except Exception as exc:  # one file must never stop the others
                    log.exception("reviewing %s failed", file)
                    self._refuse(file, f"{file}: could not be reviewed ({exc})")
                finally:
                    with self._lock:
                        self._done += 1
                        self._current = None
                    self.state.forget()
            self._write_outputs(out)
        except Exception as exc:
            log.exception("the upload reviewer stopped")
            with self._lock:
                while self._queue:
                    file = self._queue.popleft().relative_to(out).as_posix()
                    self._refused.append({"file": file, "reason": f"{file}: not reviewed ({exc}); restart the "
                                                                  "workspace to try again"})
                    self._done += 1
        finally:
            if reading is not None:
                shutil.rmtree(reading, ignore_errors=True)
            self.state.forget()

    def _review(self, path: Path, file: str, out: Path, done: dict[str, Any]) -> None:
        """Review one added file and store it, unless content with its id was already reviewed (``done``, by id,
        which this keeps up to date)."""
        from ..batch import worker
        from ..batch.records import PlanRecord, file_id, save

        try:
            ids = file_id(path)
        except OSError as exc:
            self._refuse(file, worker._unreadable(file, exc))
            return
        earlier = done.get(ids[0])
        if earlier is not None:
            with self._lock:
                self._reviewed.append({"id": earlier.id, "file": earlier.file, "already": True})
            return
        task = worker.Task(str(path), file, ids[0], ids[1], {}, str(path))
        record_dict, review = worker.review_task(task)
        record = PlanRecord.from_dict(record_dict)
        save(out, record, review)
        if record.ok:
            done[record.id] = record
            with self._lock:
                self._reviewed.append({"id": record.id, "file": record.file, "already": False})

    def _refuse(self, file: str, reason: str) -> None:
        with self._lock:
            self._refused.append({"file": file, "reason": " ".join(reason.split())})

    def _write_outputs(self, out: Path) -> None:
        """Bring plans.csv / plans.xlsx and the cohort report up to date (as ``ehcp-nlp batch`` does)."""
        try:
            from ..batch.outputs import write_outputs

            write_outputs(out)
        except Exception:  # the reviews are stored; the tables are written again next time
            log.exception("the batch tables could not be rewritten")
