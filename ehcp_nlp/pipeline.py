"""The pipeline, in order: read → review → score → suggest → draft.

Each step is a function over the results of the steps before it, and nothing calls back into its
caller: reading knows nothing of checks, the checks nothing of scores or ratings, and drafting is
given what it drafts from. :func:`assess` runs the steps one after another for one file and keeps
every result in an :class:`~ehcp_nlp.model.Assessment`.

Example:
    >>> from ehcp_nlp.pipeline import assess                      # doctest: +SKIP
    >>> assessment = assess("corpus/sample/sample_plan.docx")     # doctest: +SKIP
    >>> assessment.rating.suggested                               # doctest: +SKIP
    'Good'
"""
from __future__ import annotations

import os

from .model import Assessment
from .model import Review
from .drafting import Comments, draft_comments
from .extract import TemplateText
from .frontpage import read_front_page
from .model import Plan
from .rating.plain import ModelError
from .rating.reading import reading_quality
from .rating.scores import Scores, score_review
from .rating.suggest import RatingSuggestion, suggest

__all__ = ["read", "review", "score", "suggest_rating", "draft", "assess"]


def read(path: str | os.PathLike[str], template: TemplateText | None = None) -> Plan:
    """Step 1: the file read and split into its sections (``template``: text a batch learnt is the council's)."""
    from .plan import read_plan

    return read_plan(path, template=template)


def review(plan: Plan, kind: str | None = None) -> Review:
    """Step 2: the document's kind, statements and flags (``kind`` overrides the kind it is recognised as)."""
    from .checks import review_plan

    return review_plan(plan, kind)


def score(checked: Review) -> Scores | None:
    """Step 3: section scores against the rubric (plans only)."""
    return score_review(checked) if checked.kind == "plan" else None


def suggest_rating(plan: Plan, checked: Review, scores: Scores | None,
                   model_dir: str | None = None) -> tuple[RatingSuggestion | None, str]:
    """Step 4: the suggested rating and ``""``, or no rating and why not (``rating.withheld: …`` when the reading
    cannot be trusted to rate, ``rating.unavailable: …`` when there is no usable model)."""
    if checked.kind != "plan" or scores is None:
        return None, ""
    reading = reading_quality(plan)
    if not reading.trusted:  # know when not to answer: the reading under a rating must be sound
        return None, f"rating.withheld: {'; '.join(reading.problems)}"
    try:
        return suggest(checked, scores, model_dir, reading), ""
    except ModelError as exc:
        return None, f"rating.unavailable: {exc}"


def draft(plan: Plan | None, checked: Review, scores: Scores | None,
          rating: RatingSuggestion | None) -> Comments | None:
    """Step 5: draft auditor comments (documents that were checked only)."""
    if not checked.checked:
        return None
    front = read_front_page(plan.preamble.full_text if plan is not None and plan.preamble is not None else "")
    return draft_comments(checked, scores, rating, front)


def assess(path: str | os.PathLike[str], kind: str | None = None, model_dir: str | None = None,
           template: TemplateText | None = None) -> Assessment:
    """Every step for one file: review ``path``; for a plan also score its sections, suggest a rating (if a model
    is available and the reading can be trusted) and draft comments."""
    plan = read(path, template)
    checked = review(plan, kind)
    scores = score(checked)
    rating, why_not = suggest_rating(plan, checked, scores, model_dir)
    return Assessment(checked, scores, rating, why_not, plan=plan, comments=draft(plan, checked, scores, rating))
