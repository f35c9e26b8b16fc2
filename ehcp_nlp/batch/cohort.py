"""The cohort report's figures, computed from a batch's records (no HTML here).

Everything a council's steering-group audit report shows — the rating distribution with counts and
percentages, month-by-month improvements, average section scores, strengths and areas for
improvement as "80% (263) plans …" sentences, recommendations tied to the figures behind them —
plus what only a batch reading every plan can see: the same sentence pasted into many plans, weak
professional advice by EP service, and review paperwork that amends nothing, by setting.

The wording (per flag code: a strength phrase, an improvement phrase and a theme with its
recommendation) and the thresholds are data, in ``ehcp_nlp/data/cohort.json``.

This module puts the figures together (:func:`cohort_figures`); each kind is computed beside it:
``cohort_results`` (what the figures are), ``cohort_data`` (the wording and formatting),
``cohort_checks`` (distribution, scores, checks, recommendations), ``cohort_trends`` (month by
month), ``cohort_boilerplate`` (text repeated across plans) and ``cohort_documents`` (advice and
review paperwork). Every name is importable from here.

Example:
    >>> from ehcp_nlp.batch.records import load_records          # doctest: +SKIP
    >>> cohort = cohort_figures(load_records("batch-out"))        # doctest: +SKIP
    >>> cohort.improvements[0].improvement                        # doctest: +SKIP
    'Better identification of need required in 47% (154) plans.'
"""
from __future__ import annotations

from typing import Any

from ..model import RATINGS
from .cohort_boilerplate import boilerplate, normalise
from .cohort_checks import (check_shares, next_steps, pick_improvements, pick_strengths, rating_distribution,
                            recommendations, score_averages)
from .cohort_data import DATA, _is_plan, fmt_percent, month_label, percent, share, wording
from .cohort_documents import document_figures
from .cohort_results import (Boilerplate, CheckShare, Cohort, Counts, DateRange, DocumentFigures, DocumentFlags,
                             FailedFile, GroupFigures, MonthFigures, RatingShare, Recommendation, RepeatedText,
                             ScoreAverages)
from .cohort_trends import month_figures, trend_sentences
from .records import PlanRecord

__all__ = [
    "DATA", "RATINGS", "Boilerplate", "CheckShare", "Cohort", "Counts", "DateRange", "DocumentFigures",
    "DocumentFlags", "FailedFile", "GroupFigures", "MonthFigures", "RatingShare", "Recommendation", "RepeatedText",
    "ScoreAverages", "boilerplate", "check_shares", "cohort_figures", "document_figures", "fmt_percent",
    "month_figures", "month_label", "next_steps", "normalise", "percent", "pick_improvements", "pick_strengths",
    "rating_distribution", "recommendations", "score_averages", "share", "trend_sentences", "wording",
]


def cohort_figures(records: list[PlanRecord], agreement: dict[str, Any] | None = None, template: Any = None) -> Cohort:
    """Every figure of the cohort report from a batch's records (see :func:`~.records.load_records`).

    Args:
        records: every document of the batch, failed ones included.
        agreement: auditor and moderator agreement figures, if any are recorded (passed through).
        template: the template text the batch learnt (:class:`~.template.LearntTemplate`), if any.
    """
    settings = dict(wording()["settings"])
    plans = [r for r in records if _is_plan(r)]
    distribution = rating_distribution(plans)
    checks = check_shares(plans)
    improvements = pick_improvements(checks, settings)
    strengths = pick_strengths(checks, settings, exclude=(c.code for c in improvements))
    averages = score_averages(plans)
    months = month_figures(plans)
    advice, reviews = document_figures(records, "advice"), document_figures(records, "review")
    counts = Counts(len(records), len(plans), advice.documents, reviews.documents,
                    sum(not r.ok for r in records), sum(d.count for d in distribution),
                    templates=sum(r.ok and r.kind == "template" for r in records),
                    unknown=sum(r.ok and r.kind == "unknown" for r in records))
    return Cohort(
        counts=counts, dates=_dates(plans), distribution=distribution, checks=checks, strengths=strengths,
        improvements=improvements, months=months, trends=trend_sentences(months, settings, averages.out_of),
        averages=averages, recommendations=recommendations(checks, (advice, reviews), settings),
        next_steps=next_steps(agreement, settings), boilerplate=boilerplate(plans, settings), advice=advice,
        reviews=reviews, failed=tuple(FailedFile(r.id, r.file, r.error) for r in records if not r.ok),
        agreement=agreement, settings=settings, template=template)


def _dates(plans: list[PlanRecord]) -> DateRange:
    dates = sorted(r.plan_date for r in plans if r.plan_date)
    months = sorted(r.month for r in plans if r.month)
    return DateRange(dates[0] if dates else None, dates[-1] if dates else None,
                     months[0] if months else None, months[-1] if months else None)
