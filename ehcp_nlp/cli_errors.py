"""The command line's promise: a failure is one ``error:`` line naming what to do, exit status 1, no traceback."""
from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable, NoReturn

import click

#: command arguments that name the thing being worked on, in the order they are tried for a message
_TARGETS = ("file", "jsonl", "labels", "plans", "folder", "outdir")


def fail(message: str) -> NoReturn:
    """Print ``error: message`` (on one line) to stderr and exit with status 1."""
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into one ``error:`` line and exit status 1 (set EHCP_NLP_DEBUG=1 for a traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import sqlite3

        from .errors import EhcpNlpError

        try:
            return command(*args, **kwargs)
        except EhcpNlpError as exc:
            fail(str(exc))
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except sqlite3.Error as exc:
            fail(f"the audit database could not be used ({exc}); check the output folder can be written")
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}; check the path and that the file is not open in another program")
        except Exception as exc:  # the promise: no traceback for a user
            if os.environ.get("EHCP_NLP_DEBUG"):
                raise
            target = next((kwargs[k] for k in _TARGETS if kwargs.get(k)), "input")
            fail(f"{target}: could not be processed ({type(exc).__name__}: {exc}); "
                 "check the file opens in Word or a PDF reader, and report it if it does")

    return wrapper
