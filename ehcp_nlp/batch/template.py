"""Learn a council's template text from the documents of a batch folder.

Every council has its own template: its headings, labels, guidance paragraphs and
stock sentences recur in most of its documents, filled in or not. Text that
recurs in at least half of the folder's documents (and in three at least) is
learnt as that council's template and treated like any other template text: it
is never content, so it is never flagged, scored or quoted. What was learnt is
saved as ``OUTDIR/template.json`` and listed in the cohort report, so an auditor
can see what the tool set aside.

Example:
    >>> learnt = learn_template(sorted(Path("plans/autumn-2025").glob("*.docx")))  # doctest: +SKIP
    >>> learnt.template_text()                                                      # doctest: +SKIP
"""
from __future__ import annotations

import json
import math
import os
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import EhcpNlpError
from ..extract import TemplateText, extract
from ..extract.roles import rules as role_rules
from ..extract.roles import shape
from ..outputs.files import write_atomic

TEMPLATE_FILE = "template.json"
SAMPLE = 200         # documents read to learn from (a stable sample of a larger folder)
MIN_SHARE = 0.5      # share of those documents a piece must recur in
MIN_DOCUMENTS = 3    # ... and at least this many
_SKIP_ROLES = ("placeholder", "blank", "column_header", "signoff")


@dataclass(frozen=True)
class LearntPiece:
    """One piece of recurring text: its shape, an example as written, in how many documents it
    recurs, and in how many of them it would otherwise have been read as content."""

    shape: str
    example: str
    documents: int
    as_content: int


@dataclass(frozen=True)
class LearntTemplate:
    """What a batch learnt is the council's template text."""

    documents: int = 0
    pieces: tuple[LearntPiece, ...] = field(default_factory=tuple)
    min_share: float = MIN_SHARE

    def template_text(self) -> TemplateText | None:
        """The pieces as the reader uses them (``None`` when nothing was learnt)."""
        return TemplateText(frozenset(p.shape for p in self.pieces), self.documents) if self.pieces else None

    @property
    def set_aside(self) -> tuple[LearntPiece, ...]:
        """The pieces that would otherwise have been judged as content, most frequent first."""
        return tuple(sorted((p for p in self.pieces if p.as_content), key=lambda p: (-p.documents, p.shape)))

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "min_share": self.min_share,
                "pieces": [asdict(p) for p in self.pieces]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LearntTemplate":
        return cls(int(data.get("documents", 0)), tuple(LearntPiece(**p) for p in data.get("pieces", ())),
                   float(data.get("min_share", MIN_SHARE)))


def learn_template(paths: Iterable[str | os.PathLike[str]], sample: int = SAMPLE, min_share: float = MIN_SHARE,
                   min_documents: int = MIN_DOCUMENTS,
                   read_all: Callable[[Callable[[str], Any], list[str]], list[Any]] | None = None) -> LearntTemplate:
    """Read (a stable sample of) ``paths`` and learn the text most of them share.

    ``read_all(function, paths)`` applies :func:`pieces` to each path and returns the answers in order (the
    batch reads them in its worker processes); by default they are read here, one after another. Files that
    cannot be read are passed over here; the batch reports them when it reviews them.
    """
    chosen = sorted(str(p) for p in paths)
    if len(chosen) > sample:
        chosen = sorted(random.Random(len(chosen)).sample(chosen, sample))
    seen: Counter[str] = Counter()
    as_content: Counter[str] = Counter()
    examples: dict[str, str] = {}
    read = 0
    answers = read_all(pieces, chosen) if read_all is not None else [pieces(path) for path in chosen]
    for found in answers:
        pieces_found = found
        if pieces_found is None:
            continue
        read += 1
        for key, (example, content) in pieces_found.items():
            seen[key] += 1
            as_content[key] += content
            examples.setdefault(key, example)
    needed = max(min_documents, math.ceil(min_share * read))
    if read < min_documents + 1:
        return LearntTemplate(read, (), min_share)
    learnt = tuple(LearntPiece(key, examples[key], n, as_content[key])
                   for key, n in sorted(seen.items()) if n >= needed)
    return LearntTemplate(read, learnt, min_share)


def pieces(path: str) -> dict[str, tuple[str, bool]] | None:
    """Each distinct piece of a document: its shape -> (the text as written, read as content?)."""
    try:
        doc = extract(path)
    except EhcpNlpError:
        return None
    answer = role_rules().answer
    found: dict[str, tuple[str, bool]] = {}
    for block in doc.blocks:
        for (_, text), role in zip(block.parts(), block.part_roles()):
            key = shape(text)
            if role in _SKIP_ROLES or len(key) < 3 or not any(c.isalpha() for c in key) or answer.match(text):
                continue
            earlier = found.get(key)
            found[key] = (earlier[0] if earlier else text, (earlier[1] if earlier else False) or role == "content")
    return found


def save_template(outdir: str | os.PathLike[str], learnt: LearntTemplate) -> Path:
    path = Path(outdir) / TEMPLATE_FILE
    write_atomic(path, json.dumps(learnt.to_dict(), indent=1, ensure_ascii=False))
    return path


def load_template(outdir: str | os.PathLike[str]) -> LearntTemplate | None:
    """The template a batch learnt, or ``None`` if it learnt none (or the file is unreadable)."""
    path = Path(outdir) / TEMPLATE_FILE
    try:
        return LearntTemplate.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
