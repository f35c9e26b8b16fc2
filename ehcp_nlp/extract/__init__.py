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
from .limits import Limits
from .roles import TemplateText, assign_roles
from .sniff import sniff

__all__ = ["extract", "Limits", "TemplateText"]


def extract(path: str | os.PathLike[str], limits: Limits | None = None,
            template: TemplateText | None = None) -> Document:
    """Read ``path`` into a Document, choosing the reader from the file's content, and give every
    block's parts their roles (content, heading, prompt, guidance, placeholder, ...).

    ``template`` is text a batch has learnt is this council's template; it is never content.

    Raises:
        InputError: the file cannot be read; the message names the file and
            says what to do.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    kind = sniff(path, limits)
    if kind == "pdf":
        from .pdf import read_pdf
        doc = read_pdf(path, limits)
    elif kind == "docx":
        from .docx import read_docx
        doc = read_docx(path, limits)
    else:
        from .text import read_text
        doc = read_text(path, limits, markdown=(kind == "markdown"))
    if not any(b.text.strip() for b in doc.blocks):
        raise InputError(path, "contains no text", "check it is the finished plan, not a blank template")
    return assign_roles(doc, template)
