"""The cohort month by month: each audit month's figures, and sentences comparing the first and last."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import RATINGS
from .cohort_checks import rating_distribution, score_averages
from .cohort_data import fmt_percent, month_label
from .cohort_results import MonthFigures
from .records import PlanRecord


def month_figures(plans: list[PlanRecord]) -> tuple[MonthFigures, ...]:
    """Per audit month (where known), in order: plans, rating counts and %, average scores."""
    by_month: dict[str, list[PlanRecord]] = defaultdict(list)
    for record in plans:
        if record.month:
            by_month[record.month].append(record)
    months = []
    for month in sorted(by_month):
        group = by_month[month]
        distribution = rating_distribution(group)
        averages = score_averages(group)
        months.append(MonthFigures(month, month_label(month), len(group), sum(d.count for d in distribution),
                                   {d.rating: d.count for d in distribution},
                                   {d.rating: d.percent for d in distribution}, averages.total, averages.sections))
    return tuple(months)


def trend_sentences(months: tuple[MonthFigures, ...], settings: dict[str, Any],
                    out_of: int | None = None) -> tuple[str, ...]:
    """The seed's "Inadequate plans reduced from 9.5% in March to 0% in June": first v last full month."""
    enough = [m for m in months if m.plans >= settings["trend_min_plans"]]
    if len(enough) < 2:
        return ()
    first, last = enough[0], enough[-1]
    same_year = first.month[:4] == last.month[:4]
    a, b = month_label(first.month, not same_year), month_label(last.month, not same_year)
    sentences = [_moved("The number of plans audited", first.plans, last.plans, a, b, str)]
    if first.rated and last.rated:
        for rating in reversed(RATINGS):
            x, y = first.percents[rating], last.percents[rating]
            if x or y:
                sentences.append(_moved(f"{rating} plans", x, y, a, b, lambda v: fmt_percent(v, 1),
                                        ("reduced", "increased", "stayed at")))
    if first.average_total is not None and last.average_total is not None:
        tail = f" (out of {out_of})" if out_of else ""
        sentences.append(_moved("The average total score", first.average_total, last.average_total, a, b,
                                lambda v: f"{v:g}", tail=tail))
    sentences += _section_moves(first, last, a, b, settings["section_change_min"])
    return tuple(sentences)


def _moved(subject: str, x: float, y: float, a: str, b: str, fmt: Any,
           verbs: tuple[str, str, str] = ("fell", "rose", "stayed at"), tail: str = "") -> str:
    if x == y:
        return f"{subject} {verbs[2]} {fmt(x)} in {a} and in {b}{tail}."
    return f"{subject} {verbs[0] if y < x else verbs[1]} from {fmt(x)} in {a} to {fmt(y)} in {b}{tail}."


def _section_moves(first: MonthFigures, last: MonthFigures, a: str, b: str, least: float) -> list[str]:
    """The section whose average score fell most, and the one that rose most, if by ``least`` or more."""
    changes = [(round(last.average_scores[k] - first.average_scores[k], 1), k) for k in first.average_scores
               if k in last.average_scores]
    out, done = [], set()
    for change, key in (min(changes, default=(0, "")), max(changes, default=(0, ""))):
        if abs(change) >= least and key not in done:
            done.add(key)
            out.append(_moved(f"The average Section {key} score", first.average_scores[key],
                              last.average_scores[key], a, b, lambda v: f"{v:g}", tail=" (out of 5)"))
    return out
