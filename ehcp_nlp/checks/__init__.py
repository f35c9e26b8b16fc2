"""Stage 3: the review layer. Checks that flag weak plan content, each flag with its evidence.

Example:
    >>> from ehcp_nlp.checks import check_text
    >>> [f.code for f in check_text("E", "Sam will improve his reading.")]
    ['outcome.not_smart']
"""
from __future__ import annotations

from .engine import KINDS, check_many, check_text, detect_kind, review_plan
from ..model import Flag, Review, Statement

__all__ = ["KINDS", "Flag", "Review", "Statement", "check_many", "check_text", "detect_kind", "review_plan"]
