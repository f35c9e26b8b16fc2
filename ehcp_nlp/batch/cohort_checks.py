"""The plans' figures: the rating distribution, average scores, how often each check is met, and what follows.

Strengths and areas for improvement are picked from the checks' shares; recommendations (one per
theme, with the figure behind it) and next steps follow from them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from ..model import RATINGS, SECTION_KEYS
from .cohort_data import _capital, _mean, _missing_sections, _references, fmt_percent, percent, share, wording
from .cohort_results import CheckShare, DocumentFigures, RatingShare, Recommendation, ScoreAverages
from .records import PlanRecord


def rating_distribution(plans: list[PlanRecord]) -> tuple[RatingShare, ...]:
    """Count and % of each suggested rating (all four, zeros included) among rated plans."""
    counts = Counter(r.suggested for r in plans if r.suggested)
    rated = sum(counts[r] for r in RATINGS)
    return tuple(RatingShare(r, counts[r], percent(counts[r], rated)) for r in RATINGS)


def check_shares(plans: list[PlanRecord]) -> tuple[CheckShare, ...]:
    """For each check in cohort.json, the plans meeting it (no flag of its code) among those it applies to."""
    data, refs = wording()["checks"], _references()
    flagged = [(set(r.flag_counts()), _missing_sections(r)) for r in plans]
    shares = []
    for code, entry in data.items():
        applies = [codes for codes, missing in flagged if not set(entry["requires"]) & missing]
        not_met = sum(code in codes for codes in applies)
        n = len(applies)
        if not n:
            continue
        met = n - not_met
        strength = f"{share(met, n)} plans {entry['strength']}." if entry["strength"] else ""
        shares.append(CheckShare(code, entry["title"], entry["theme"], refs.get(code, ""), n, met, not_met,
                                 percent(met, n), percent(not_met, n), strength,
                                 f"{_capital(entry['improvement'])} in {share(not_met, n)} plans."))
    return tuple(shares)


def pick_strengths(checks: Iterable[CheckShare], settings: dict[str, Any],
                   exclude: Iterable[str] = ()) -> tuple[CheckShare, ...]:
    """The most-met checks that have a strength phrase, best first."""
    skip = set(exclude)
    found = [c for c in checks if c.strength and c.code not in skip
             and c.met_percent >= 100 * settings["strength_min_share"]]
    found.sort(key=lambda c: (-c.met_percent, -c.met))
    return tuple(found[: settings["strengths"]])


def pick_improvements(checks: Iterable[CheckShare], settings: dict[str, Any]) -> tuple[CheckShare, ...]:
    """The least-met checks, worst first."""
    found = [c for c in checks if c.not_met and c.not_met_percent >= 100 * settings["improvement_min_share"]]
    found.sort(key=lambda c: (-c.not_met_percent, -c.not_met))
    return tuple(found[: settings["improvements"]])


def score_averages(plans: list[PlanRecord]) -> ScoreAverages:
    """Average total and average score of each section, over the plans that have scores."""
    scored = [r for r in plans if r.total is not None]
    out_of = Counter(r.out_of for r in scored if r.out_of).most_common(1)
    keys = [k for k in SECTION_KEYS if any(k in r.scores for r in scored)]
    keys += sorted({k for r in scored for k in r.scores} - set(keys))
    sections = {k: _mean(r.scores[k] for r in scored if k in r.scores) for k in keys}
    return ScoreAverages(len(scored), _mean(r.total for r in scored), out_of[0][0] if out_of else None,
                         {k: v for k, v in sections.items() if v is not None})


def recommendations(checks: Iterable[CheckShare], documents: Iterable[DocumentFigures],
                    settings: dict[str, Any]) -> tuple[Recommendation, ...]:
    """One per theme, for the commonest weaknesses (worst first), each with the figure behind it."""
    texts = wording()["recommendations"]
    worst: dict[str, CheckShare] = {}
    codes: dict[str, list[str]] = defaultdict(list)
    for c in checks:
        if c.not_met:
            codes[c.theme].append(c.code)
            if c.theme not in worst or c.not_met_percent > worst[c.theme].not_met_percent:
                worst[c.theme] = c
    found = [Recommendation(t, texts[t], c.improvement, c.not_met_percent, c.not_met, tuple(codes[t]))
             for t, c in worst.items()]
    found += [Recommendation(d.kind, texts[d.kind], d.sentence, d.weak_percent, d.weak, (d.code,))
              for d in documents if d.weak]
    found = [r for r in found if r.percent >= 100 * settings["recommendation_min_share"]]
    found.sort(key=lambda r: (-r.percent, -r.count, r.theme))
    return tuple(found[: settings["recommendations"]])


def next_steps(agreement: dict[str, Any] | None, settings: dict[str, Any]) -> tuple[str, ...]:
    """What to do next: confirm the ratings (until auditors have), moderate enough, and the standing steps."""
    steps = wording().get("next_steps", {})
    out = []
    if not agreement or not agreement.get("audited"):
        out.append(steps.get("confirm", ""))
    else:
        target, moderated = settings["moderation_target"], float(agreement.get("moderated_share") or 0)
        if moderated < target:
            out.append(steps.get("moderate", "").format(target=fmt_percent(100 * target),
                                                        current=fmt_percent(100 * moderated)))
    return tuple(s for s in out + list(steps.get("always", [])) if s)
