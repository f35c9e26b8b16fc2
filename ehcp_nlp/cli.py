"""The ``ehcp-nlp`` command line: a thin layer that parses options and calls the library.

Heavy libraries are imported inside commands, so ``ehcp-nlp --help`` is instant.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any, Callable

import click

from . import __version__


def _reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into one ``error:`` line and exit status 1 (set EHCP_NLP_DEBUG=1 for a traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import EhcpNlpError
        try:
            return command(*args, **kwargs)
        except EhcpNlpError as exc:
            _fail(str(exc))
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # the promise: no traceback for a user
            if os.environ.get("EHCP_NLP_DEBUG"):
                raise
            target = kwargs.get("file") or kwargs.get("path") or "input"
            _fail(f"{target}: could not be processed ({type(exc).__name__}: {exc}); "
                  "check the file opens in Word or a PDF reader, and report it if it does")

    return wrapper


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ehcp-nlp")
def main() -> None:
    """First-pass quality assurance for Education, Health and Care Plans.

    Reads plans (PDF, Word .docx, text) into the statutory sections A-K so
    that auditors spend their time on judgement, not on hunting. Nothing is
    sent anywhere: everything runs on this computer.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="JSON for other tools, text for reading.")
@click.option("--blocks", is_flag=True, help="Include every block (paragraph, table row) with its page.")
@_reports_errors
def extract(file: str, fmt: str, blocks: bool) -> None:
    """Split one plan into its statutory sections A-K.

    Reports the sections found, their text, any that are missing, and
    anything lost or guessed while reading the file.

    Example: ehcp-nlp extract corpus/sample/sample_plan.docx --format text
    """
    from .outputs.extract_view import plan_as_json, plan_as_text
    from .plan import read_plan

    plan = read_plan(file)
    if fmt == "json":
        click.echo(json.dumps(plan_as_json(plan, blocks), indent=2, ensure_ascii=False))
    else:
        click.echo(plan_as_text(plan))


if __name__ == "__main__":  # pragma: no cover
    main()
