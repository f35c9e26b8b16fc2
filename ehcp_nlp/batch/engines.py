"""Where a batch's reviews run: a pool of local processes (the default) or a Dask cluster.

Every review runs in a process that can be ended. When a review overruns its time limit, pebble's
:class:`~pebble.ProcessPool` ends the process running it and starts a fresh one in its place — on Linux,
macOS and Windows alike, with no ``SIGALRM`` (which Windows lacks and a thread cannot use) — and the file
is recorded as failed with the reason while the rest carry on. On Dask, each Dask worker keeps one such
process for its reviews (the language model loaded in it once), so the same limit holds there.

Only the caller writes: each finished ``(record, review)`` is handed to ``finished`` in this process. A
chunk that Dask runs again after a worker died therefore changes nothing but the time taken (results are
stored by content id, atomically, by the caller).
"""
from __future__ import annotations

import logging
import os
import signal
from collections import deque
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from typing import Any, Callable, Iterator

from .folder import Task
from .stopping import check_stop, signals_held
from .worker import BatchRunError, _init_reader, _init_worker, _prepare, failed_record, review_task

Finished = Callable[[dict, "dict | None"], None]
#: (model folder, learnt template, private reading folder): what a worker process is set up with.
Setup = tuple
#: Files sent to a Dask worker at a time, and chunks in flight per worker.
CHUNK = 4
IN_FLIGHT = 2


def outcome(future: Any, task: Task, time_limit: float) -> tuple[dict, dict | None]:
    """A finished review's ``(record, review)``: an overrun, a process that died or a result that could not
    be returned fails the file, never the run (but for :class:`BatchRunError`, the run's own problem)."""
    from pebble import ProcessExpired

    try:
        return future.result()
    except BatchRunError:
        raise
    except FutureTimeout:
        return failed_record(task, f"took longer than the {time_limit:g} s limit, so it was stopped{_why(task)}; "
                                   "review it on its own with 'ehcp-nlp review', or raise --time-limit")
    except ProcessExpired as exc:
        if exc.exitcode in _ABRUPT:  # how a C library ends when an allocation is refused under the memory cap
            return failed_record(task, "the process reviewing it ended abruptly, as it does when a file needs more "
                                       f"memory than the {_megabytes():,} MB allowed{_why(task)}; re-export the "
                                       "plan from the original document (or raise EHCP_NLP_READ_MB)")
        return failed_record(task, f"the process reviewing it stopped unexpectedly (exit code {exc.exitcode}); "
                                   "run the batch again to retry it")
    except Exception as exc:  # the worker could not even return a result
        return failed_record(task, f"could not be processed ({type(exc).__name__}: {exc})")


_ABRUPT = {-getattr(signal, name) for name in ("SIGABRT", "SIGKILL", "SIGSEGV", "SIGBUS") if hasattr(signal, name)}


def _megabytes() -> int:
    from ..extract import Limits

    return Limits.from_env().max_read_mb


def _why(task: Task) -> str:
    """The file's own reason, where a bounded look can tell (a PDF page heavy with drawing operators)."""
    path = task.source or task.path
    if not path.lower().endswith(".pdf"):
        return ""
    try:
        from pathlib import Path

        from ..extract.pdf_scan import heaviest_page

        reason = heaviest_page(Path(path))
    except Exception:  # the explanation is a courtesy; the failure stands without it
        return ""
    return f" ({reason})" if reason else ""


# -- a pool of local processes ------------------------------------------------------------------------------


def run_local(tasks: list[Task], jobs: int, time_limit: float, setup: Setup, finished: Finished) -> None:
    """Review ``tasks`` in ``jobs`` local processes, at most two files each in flight (so memory stays flat),
    each stopped if it takes longer than ``time_limit`` seconds (0: no limit)."""
    import gc
    import multiprocessing

    from pebble import ProcessPool

    forked = multiprocessing.get_start_method() == "fork"
    if forked:  # load the model here once: every worker, and any started after an overrun, shares its pages
        _prepare(*setup)
        gc.freeze()
    queue = deque(tasks)
    with signals_held():  # the workers are started (forked) with stopping signals held back
        pool = ProcessPool(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(), *setup))
    running: dict[Any, Task] = {}
    try:
        with _owned(pool):
            while queue or running:
                while queue and len(running) < 2 * jobs:
                    task = queue.popleft()
                    with signals_held():
                        running[pool.schedule(review_task, args=(task,), timeout=time_limit or None)] = task
                check_stop()
                done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f].file):
                    finished(*outcome(future, running.pop(future), time_limit))
    finally:
        if forked:
            gc.unfreeze()


def map_local(function: Callable[[Any], Any], items: list[Any], jobs: int, time_limit: float) -> list[Any]:
    """``function`` applied to each item in ``jobs`` local processes (guarded as the review workers are, without
    the language model), in order; ``None`` for an item that failed or overran ``time_limit`` seconds."""
    from pebble import ProcessPool

    answers: list[Any] = [None] * len(items)
    with signals_held():
        pool = ProcessPool(max_workers=jobs, initializer=_init_reader, initargs=(os.getpid(),))
    with _owned(pool):
        futures = {}
        with signals_held():
            for index, item in enumerate(items):
                futures[pool.schedule(function, args=(item,), timeout=time_limit or None)] = index
        pending = set(futures)
        while pending:
            check_stop()
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    answers[futures[future]] = future.result()
                except Exception:  # a file that cannot be read is reported when it is reviewed
                    answers[futures[future]] = None
    return answers


@contextmanager
def _owned(pool: Any) -> Iterator[Any]:
    """The pool, closed and joined when the work ends normally, and its processes ended at once when it does not
    (Ctrl-C, a stopping signal, the run's own error)."""
    try:
        yield pool
    except BaseException:
        end_pool(pool)
        raise
    pool.close()
    pool.join()


def end_pool(pool: Any) -> None:
    """End a pool's processes now, with whatever they started (a reading child of theirs included)."""
    pids = [p.pid for p in _pool_processes(pool)]
    family = _descendants(pids)
    pool.stop()
    for pid in family:
        try:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        except OSError:
            pass
    try:
        pool.join(timeout=5)
    except Exception:  # already ended
        pass


def _pool_processes(pool: Any) -> list[Any]:
    """The worker processes of a pebble pool (its manager's, where it keeps them)."""
    manager = getattr(pool, "_pool_manager", None)
    workers = getattr(manager, "worker_manager", None)
    return [p for p in (getattr(workers, "workers", {}) or {}).values() if getattr(p, "pid", None)]


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
            found.append(child)
            queue.append(child)
    return found


# -- a Dask cluster ------------------------------------------------------------------------------------------

_CHILD: Any = None  # in a Dask worker: its pebble pool of one process
_CHILD_SETUP: Setup | None = None


def review_chunk(tasks: list[Task], time_limit: float, setup: Setup) -> list[tuple[dict, dict | None]]:
    """Run in a Dask worker: review ``tasks`` one by one in this worker's own review process (set up once
    with ``setup``; started again if a file overran and it was ended) and return their results."""
    global _CHILD, _CHILD_SETUP
    import multiprocessing

    from pebble import ProcessPool

    if _CHILD is None or _CHILD_SETUP != setup:
        if _CHILD is not None:
            end_pool(_CHILD)
        # A Dask nanny starts its worker as a daemonic process, which multiprocessing forbids to start
        # children. The review process ends with this worker all the same: it watches its parent
        # (worker._die_with_parent), so the flag is lifted for it.
        multiprocessing.current_process()._config.pop("daemon", None)
        # spawned, not forked: a Dask worker runs threads, which a fork does not copy safely
        _CHILD = ProcessPool(max_workers=1, initializer=_init_worker, initargs=(os.getpid(), *setup),
                             context=multiprocessing.get_context("spawn"))
        _CHILD_SETUP = setup
    return [outcome(_CHILD.schedule(review_task, args=(task,), timeout=time_limit or None), task, time_limit)
            for task in tasks]


def run_dask(tasks: list[Task], scheduler: str, jobs: int, time_limit: float, setup: Setup,
             finished: Finished) -> None:
    """Review ``tasks`` on a Dask cluster: ``local`` starts one on this computer (``jobs`` workers, one thread
    each, listening on 127.0.0.1 only); ``tcp://HOST:PORT`` joins a running one, whose workers must see the
    batch folder and the output folder at the same paths (a shared drive). Files go out :data:`CHUNK` at a
    time, at most :data:`IN_FLIGHT` chunks per worker in flight; results come back here to be written.

    Raises:
        BatchRunError: the scheduler could not be reached or has no workers.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BatchRunError("--scheduler needs Dask: pip install 'ehcp_nlp[dask]' (or run without --scheduler to "
                            "use this computer's processes)") from None
    quiet = [logging.getLogger(name) for name in ("distributed", "tornado", "bokeh")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.ERROR)
    cluster = client = None
    try:
        with signals_held():
            if scheduler == "local":
                try:
                    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None, memory_limit=0)
                except Exception as exc:  # workers that cannot start: the run's problem, said in one line
                    raise BatchRunError(f"a local Dask cluster could not be started ({type(exc).__name__}: {exc}); "
                                        "run without --scheduler to use this computer's processes") from None
                client = Client(cluster)
            else:
                try:
                    client = Client(scheduler, timeout="10s")
                except (OSError, TimeoutError) as exc:
                    raise BatchRunError(f"the Dask scheduler at {scheduler} could not be reached ({exc}); check it "
                                        "is running and the address is right") from None
        workers = len(client.scheduler_info().get("workers", {}))
        if scheduler != "local" and workers == 0:
            try:
                client.wait_for_workers(1, timeout=60)
            except (TimeoutError, OSError):
                raise BatchRunError(f"the Dask scheduler at {scheduler} has no workers (none joined within 60 s); "
                                    f"start one with 'dask worker {scheduler} --nthreads 1'") from None
            workers = len(client.scheduler_info().get("workers", {}))
        chunks = deque(_chunks(tasks, CHUNK))
        sent: dict[Any, list[Task]] = {}
        pending = as_completed()

        def send() -> None:
            chunk = chunks.popleft()
            future = client.submit(review_chunk, chunk, time_limit, setup, pure=False)
            sent[future] = chunk
            pending.add(future)

        for _ in range(min(len(chunks), IN_FLIGHT * max(workers, 1))):
            send()
        for future in pending:
            check_stop()
            chunk = sent.pop(future)
            try:
                results = future.result()
            except BatchRunError:
                raise
            except Exception as exc:  # the chunk could not be run (its worker died too often, say)
                results = [failed_record(task, f"could not be reviewed on the Dask cluster ({type(exc).__name__}: "
                                               f"{exc}); run the batch again to retry it") for task in chunk]
            for record, review in sorted(results, key=lambda r: r[0]["file"]):
                finished(record, review)
            if chunks:
                send()
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        for logger, level in zip(quiet, levels):
            logger.setLevel(level)


def _chunks(tasks: list[Task], size: int) -> Iterator[list[Task]]:
    for start in range(0, len(tasks), size):
        yield tasks[start:start + size]
