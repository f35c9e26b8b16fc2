"""Read an untrusted file in a child process that can be ended: whatever the file holds, reading it
ends within a time limit and a memory limit, with an answer.

A parser cannot be trusted to return: one PDF page of two million text operators costs pdfium
12.9 GB, another of 200,000 one-letter objects keeps it busy for minutes, and no signal reaches
code running inside a C library. So the reading runs in a forked child (cheap on Linux and macOS:
the child shares the parent's memory until it writes). The child's address space is capped; the
parent waits for its answer at most ``max_read_seconds`` and then ends it. Either way the caller
gets the Document or an :class:`~ehcp_nlp.errors.InputError` naming the file and the limit, never a
hang, a crash or a traceback.

Where ``fork`` does not exist (Windows), or with ``EHCP_NLP_NO_GUARD=1`` (for debugging), the
reading runs in the calling process, without these limits. A batch's worker processes are guarded as a
whole instead (:func:`guard_this_process`): their memory is capped, and the batch ends one that overruns.
"""
from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import time
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import InputError

T = TypeVar("T")

_RESOURCE = None
try:  # not on Windows
    import resource as _RESOURCE  # type: ignore[no-redef]
except ImportError:  # pragma: no cover - Windows
    pass


_SELF_GUARDED = False  # this process is itself capped and ended from outside (see guard_this_process)


def guard_this_process(megabytes: int) -> None:
    """For a worker process that is itself ended from outside when it overruns (a batch's pebble worker):
    cap its own address space at what it uses now plus ``megabytes``, and read files in it directly, without a
    child per file (a fork per file cost a batch about 75 ms a plan). A file that needs more memory than that
    is refused as in a child; time is the caller's to limit."""
    global _SELF_GUARDED
    _quiet()  # like a reading child, it says nothing of its own (an allocation refused in C prints a dump)
    _cap_memory(megabytes)
    _SELF_GUARDED = True


def guarded(path: Path, seconds: float, megabytes: int, work: Callable[[], T],
            explain: Callable[[], str | None] | None = None) -> T:
    """``work()`` run in a child process that may use ``megabytes`` more memory than this one and
    ``seconds`` of time; its result, or the InputError it raised, comes back here.

    ``explain`` is asked, when the child had to be ended, for the file's own reason ("page 1 holds
    2,000,000 text objects"); it runs in this process, so it must be cheap and bounded.
    """
    if _SELF_GUARDED:
        try:
            return work()
        except MemoryError:
            _too_big(path, megabytes, explain)
        except RecursionError:
            raise InputError(path, "could not be read (its structure is nested too deeply)",
                             "re-export the plan from the original document; if it still fails, report it") from None
    if not hasattr(os, "fork") or os.environ.get("EHCP_NLP_NO_GUARD") == "1":
        return work()
    read_end, write_end = os.pipe()
    gc.freeze()  # the child's collections then leave the parent's objects (and their memory pages) alone
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        _child(write_end, megabytes, work)
    gc.unfreeze()
    os.close(write_end)
    try:
        payload, timed_out = _collect(read_end, seconds)
    finally:
        os.close(read_end)
        status = _end(pid)
    if timed_out:
        reason = explain() if explain else None
        raise InputError(path, f"took longer than {seconds:g} s to read" + (f" ({reason})" if reason else ""),
                         "check the file opens normally; a file this costly to read is usually damaged or "
                         "generated, so re-export it from the original document (or raise the limit with "
                         "EHCP_NLP_READ_SECONDS)")
    if payload:
        kind, value = pickle.loads(payload)
        if kind == "ok":
            return value
        if kind == "input":
            raise InputError(*value)
        if kind == "memory":
            _too_big(path, megabytes, explain)
        raise InputError(path, f"could not be read ({value})",
                         "re-export the plan from the original document; if it still fails, report it")
    if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL,
                                                                                signal.SIGSEGV, signal.SIGBUS):
        _too_big(path, megabytes, explain)  # an allocation refused inside a C library ends in one of these
    raise InputError(path, "could not be read: the reader stopped without an answer",
                     "re-export the plan from the original document; if it still fails, report it")


def _too_big(path: Path, megabytes: int, explain: Callable[[], str | None] | None) -> None:
    reason = explain() if explain else None
    raise InputError(path, f"needs more than {megabytes:,} MB of memory to read" + (f" ({reason})" if reason else ""),
                     "re-export the plan from the original document (or raise the limit with "
                     "EHCP_NLP_READ_MB)")


def _child(write_end: int, megabytes: int, work: Callable[[], object]) -> None:  # pragma: no cover
    """Run ``work`` under the memory cap and send back ("ok", result), ("input", error's parts),
    ("memory", None) or ("crash", what); then leave at once, without the parent's clean-up."""
    code = 0
    try:
        _quiet()
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)  # a batch's per-file alarm is the parent's, not ours
        _cap_memory(megabytes)
        try:
            message: tuple = ("ok", work())
        except InputError as exc:
            message = ("input", (exc.path, exc.problem, exc.action))
        except MemoryError:
            message = ("memory", None)
        except RecursionError:
            message = ("crash", "its structure is nested too deeply")
        except Exception as exc:  # the parent turns this into one error line
            message = ("crash", type(exc).__name__)
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view[:1 << 20]):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _quiet() -> None:  # pragma: no cover - runs in a child or a batch's worker
    """The child says nothing of its own: what a library prints as it runs out of memory, or a fatal-error
    dump, would break the one ``error:`` line the parent gives."""
    import faulthandler

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """On Linux, have the kernel end this child if its parent dies (a batch killed with SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _cap_memory(megabytes: int) -> None:  # pragma: no cover - runs in a child or a batch's worker
    if _RESOURCE is None or megabytes <= 0:
        return
    current = _address_space()
    limit = current + megabytes * 1024 * 1024
    soft, hard = _RESOURCE.getrlimit(_RESOURCE.RLIMIT_AS)
    if hard != _RESOURCE.RLIM_INFINITY:
        limit = min(limit, hard)
    _RESOURCE.setrlimit(_RESOURCE.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _collect(read_end: int, seconds: float) -> tuple[bytes, bool]:
    """Everything the child writes, until it closes the pipe or ``seconds`` pass."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", True
        ready, _, _ = select.select([read_end], [], [], left)
        if not ready:
            continue
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _end(pid: int) -> int | None:
    """Wait for the child, ending it first if it is still running; its wait status."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        return status
    except (ChildProcessError, ProcessLookupError):
        return None
