"""Stage 1: read a plan file (PDF, DOCX, text, Markdown) into a :class:`~ehcp_nlp.model.Document`.

Example:
    >>> from ehcp_nlp.extract import extract          # doctest: +SKIP
    >>> doc = extract("corpus/sample/sample_plan.docx")  # doctest: +SKIP
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .guard import guarded
from .limits import Limits
from .roles import TemplateText, assign_roles
from .sniff import sniff

__all__ = ["extract", "Limits", "TemplateText"]


def extract(path: str | os.PathLike[str], limits: Limits | None = None,
            template: TemplateText | None = None) -> Document:
    """Read ``path`` into a Document, choosing the reader from the file's content, and give every
    block's parts their roles (content, heading, prompt, guidance, placeholder, ...).

    ``template`` is text a batch has learnt is this council's template; it is never content.
    The reading runs under ``limits``' time and memory limits (:mod:`.guard`).

    Raises:
        InputError: the file cannot be read; the message names the file and
            says what to do.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    kind = sniff(path, limits)
    explain = None
    # the reader is imported here, in this process, so that each guarded child need not import it again
    if kind == "pdf":
        from .pdf import read_pdf
        from .pdf_scan import heaviest_page

        def read() -> Document:
            return read_pdf(path, limits)
        explain = lambda: heaviest_page(path)  # noqa: E731 - asked only when the reading had to be ended
    elif kind == "docx":
        from .docx import read_docx

        def read() -> Document:
            return read_docx(path, limits)
    else:
        from .text import read_text

        def read() -> Document:
            return read_text(path, limits, markdown=(kind == "markdown"))
    _prepare(kind)
    return guarded(path, limits.max_read_seconds, limits.max_read_mb, lambda: _with_roles(path, read(), template, limits),
                   explain)


def _prepare(kind: str) -> None:
    """Load, once in this process, what every reading needs (rule files, compiled patterns, the table
    finder), so that each guarded child starts with it instead of loading it again."""
    from ..frontpage import read_front_page  # noqa: F401 - imported for its side effect
    from .furniture import _settings
    from .roles import rules

    rules()
    _settings()
    if kind == "pdf":
        from pdfplumber.table import TableFinder  # noqa: F401 - the ruled-table finder (pulls in pdfminer)


def _with_roles(path: Path, doc: Document, template: TemplateText | None, limits: Limits) -> Document:
    if not any(b.text.strip() for b in doc.blocks):
        raise InputError(path, "contains no text", "check it is the finished plan, not a blank template")
    size = sum(len(b.text) for b in doc.blocks)
    if size > limits.max_text_chars:
        raise InputError(path, f"holds more text than any plan ({size:,} characters, limit {limits.max_text_chars:,})",
                         "check it is one plan, not a bundle of documents or generated text; split it if it is")
    return assign_roles(doc, template)
