"""ehcp_nlp: a first-pass quality-assurance reader for Education, Health and Care Plans.

The pipeline (:mod:`ehcp_nlp.pipeline`) reads a plan, reviews it, scores its sections, suggests a
rating and drafts comments. The facing API, for scripts and notebooks:

* :func:`read_plan` — a file read and split into sections A–K (a :class:`Plan`);
* :func:`review` — the flags of a file or a :class:`Plan` (a :class:`Review` of :class:`Flag`,
  :class:`Statement` and the :class:`SectionText` each was read in);
* :func:`assess` — every step (an :class:`Assessment`: review, :class:`Scores`,
  :class:`RatingSuggestion`, :class:`Comments`);
* :func:`check_text` — the flags of one loose statement of a section;
* the spaCy component ``ehcp_checks`` (:mod:`ehcp_nlp.spacy_component`).

Nothing heavy is imported until it is used, so ``import ehcp_nlp`` and the command line start quickly.

Example:
    >>> import ehcp_nlp
    >>> [flag.code for flag in ehcp_nlp.check_text("E", "Sam will improve his reading.")]
    ['outcome.not_smart']
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "outcomes.txt"
    >>> _ = path.write_text("Section E: Outcomes\\nSam will improve his reading.\\n", encoding="utf-8")
    >>> plan = ehcp_nlp.read_plan(path)
    >>> "E" in plan.sections
    True
    >>> [flag.code for flag in ehcp_nlp.review(plan, kind="plan").flags if flag.section == "E"]
    ['outcome.not_smart']
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each name of the facing API lives (imported on first use).
_EXPORTS = {
    "read_plan": "ehcp_nlp.plan", "assess": "ehcp_nlp.pipeline", "check_text": "ehcp_nlp.checks.engine",
    "Document": "ehcp_nlp.model", "Block": "ehcp_nlp.model", "Plan": "ehcp_nlp.model", "Section": "ehcp_nlp.model",
    "RATINGS": "ehcp_nlp.model", "Flag": "ehcp_nlp.model", "Statement": "ehcp_nlp.model",
    "Review": "ehcp_nlp.model", "SectionText": "ehcp_nlp.model", "Scores": "ehcp_nlp.model",
    "RatingSuggestion": "ehcp_nlp.model", "Comments": "ehcp_nlp.model", "Assessment": "ehcp_nlp.model",
}
__all__ = ["review", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover
    from .checks.engine import check_text
    from .model import (RATINGS, Assessment, Block, Comments, Document, Flag, Plan, RatingSuggestion, Review, Scores,
                        Section, SectionText, Statement)
    from .pipeline import assess
    from .plan import read_plan


def review(source: "str | os.PathLike[str] | Plan", kind: str | None = None) -> "Review":
    """The review of a file (read first) or of a :class:`Plan` already read: its kind, statements and flags.

    ``kind`` (``plan``, ``advice`` or ``review``) overrides the kind the document is recognised as.
    """
    from . import pipeline

    plan = source if not isinstance(source, (str, os.PathLike)) else pipeline.read(source)
    return pipeline.review(plan, kind)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ehcp_nlp' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
