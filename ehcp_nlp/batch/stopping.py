"""Stopping a run cleanly: SIGTERM and SIGHUP stop it as Ctrl-C does (its workers ended first), a stop is
remembered in case the KeyboardInterrupt it raised was swallowed, and stopping signals are held back while
worker processes are started."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


_STOP = threading.Event()  # set by a stopping signal, in case the KeyboardInterrupt it raised was swallowed


@contextmanager
def stopped_by_signals() -> Iterator[None]:
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
            previous[number] = signal.signal(number, stop_handler)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def stop_handler(signum, frame):
    _STOP.set()
    raise KeyboardInterrupt()


def check_stop() -> None:
    if _STOP.is_set():
        raise KeyboardInterrupt()


HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold stopping signals back while workers are started (forked), so that the stop comes after,
    where it can be acted on, not inside the fork's own bookkeeping (where Python would swallow it)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
