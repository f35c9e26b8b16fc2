"""The data types of the whole pipeline, in one place: what a document is (:mod:`.document`), what its review
found (:mod:`.review`), its section scores (:mod:`.scores`), the suggested rating (:mod:`.rating`), the draft
comments (:mod:`.comments`) and all of it together (:mod:`.assessment`). Plain frozen dataclasses with
``to_dict``; nothing here imports the stages that make them."""
from __future__ import annotations

from .assessment import Assessment, not_rated
from .comments import Comments, Point, SectionComment
from .document import (AREAS_OF_NEED, BLOCK_KINDS, CUE_ROLES, DISPLAY_ORDER, LOST_TEXT, RATINGS, ROLES, SECTION_KEYS,
                       Area, Block, Document, ExtractionWarning, Plan, Section, home_section, reading_text,
                       section_rank)
from .rating import RatingSuggestion
from .review import SEVERITIES, Flag, Review, SectionText, Statement
from .scores import Scores, SectionScore

__all__ = ["AREAS_OF_NEED", "BLOCK_KINDS", "CUE_ROLES", "DISPLAY_ORDER", "LOST_TEXT", "RATINGS", "ROLES", "SECTION_KEYS",
           "SEVERITIES", "Area", "Assessment", "Block", "Comments", "Document", "ExtractionWarning", "Flag", "Plan",
           "Point", "RatingSuggestion", "Review", "Scores", "Section", "SectionComment", "SectionScore", "SectionText",
           "Statement",
           "home_section", "not_rated", "reading_text", "section_rank"]
