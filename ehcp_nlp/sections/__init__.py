"""Stage 2: statutory sections A-K from a Document (see :func:`segment`)."""
from __future__ import annotations

from .segmenter import segment

__all__ = ["segment"]
