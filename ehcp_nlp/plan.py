"""One call from a file to a segmented :class:`~ehcp_nlp.model.Plan`."""
from __future__ import annotations

import os

from .extract import Limits, TemplateText, extract
from .model import Plan
from .sections import segment


def read_plan(path: str | os.PathLike[str], limits: Limits | None = None,
              template: TemplateText | None = None) -> Plan:
    """Extract ``path``, split it into sections A-K and say what kind of document it is.

    ``template``: text a batch has learnt is the council's template (never content).

    Example:
        >>> plan = read_plan("corpus/sample/sample_plan.docx")   # doctest: +SKIP
        >>> plan.missing                                         # doctest: +SKIP
        ()
    """
    return segment(extract(path, limits, template))
