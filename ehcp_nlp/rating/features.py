"""Interpretable features of a reviewed plan: section scores, shares of weak items, flag counts, text size.

Every feature has a plain meaning an auditor would recognise ("share of
outcomes with no time frame"), so a suggestion can be explained in words.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Review
from ..model import SECTION_KEYS
from .scores import Scores

#: The feature names, in the order the model sees them.
FEATURES = (
    *(f"score_{k}" for k in SECTION_KEYS),
    "total_score", "missing_sections", "child_voice_missing", "parent_view_missing", "aspirations_missing",
    "needs_vague_share", "outcomes_not_smart_share", "outcomes_no_time_share", "outcomes_no_measure_share",
    "outcomes_no_behaviour_share", "outcomes_provision_share", "provision_unquantified_share",
    "provision_vague_share", "provision_qft_share", "provision_weak_share", "unlinked_needs",
    "advice_out_of_date", "core_missing", "care_unevidenced", "copied_text", "weakest_core",
    "major_flags", "minor_flags", "log_words",
)
_CORE = {"A", "B", "E", "F", "I"}
_WEAK_PROVISION = {"provision.unquantified", "provision.vague_wording", "provision.qft_only"}


@dataclass(frozen=True)
class PlanFacts:
    """Counts behind the features, kept for writing reasons ("7 of 9 outcomes …")."""

    counts: dict[str, int]
    missing: tuple[str, ...]

    def get(self, name: str) -> int:
        return self.counts.get(name, 0)


def plan_facts(review: Review) -> PlanFacts:
    """Count items and flags the rating looks at."""
    items = Counter(s.section for s in review.statements)
    counts: Counter[str] = Counter({f"items_{k}": v for k, v in items.items()})
    for flag in review.flags:
        counts[flag.code] += 1
        counts[f"severity_{flag.severity}"] += 1
        for letter in flag.detail.get("missing", []) if flag.code == "outcome.not_smart" else []:
            counts[f"smart_missing_{letter}"] += 1
    counts["words"] = sum(len(s.text.split()) for s in review.sections.values())
    counts["weak_provision_items"] = len({f.start for f in review.flags if f.code in _WEAK_PROVISION})
    missing = tuple(f.section for f in review.flags if f.code == "section.missing")
    return PlanFacts(dict(counts), missing)


def features(review: Review, scores: Scores) -> tuple[list[float], PlanFacts]:
    """The feature vector (in :data:`FEATURES` order) and the counts behind it."""
    facts = plan_facts(review)
    values: dict[str, float] = {f"score_{k}": s.score for k, s in scores.sections.items()}
    values["total_score"] = scores.total
    values["missing_sections"] = len(facts.missing)
    for code in ("child_voice.missing", "parent_view.missing", "aspirations.missing"):
        values[code.replace(".", "_")] = float(facts.get(code) > 0)
    values.update(_shares(facts))
    values["unlinked_needs"] = facts.get("provision.unlinked_need") + facts.get("outcome.unlinked_need")
    values["advice_out_of_date"] = facts.get("advice.out_of_date")
    values["core_missing"] = len(_CORE & set(facts.missing))
    values["care_unevidenced"] = facts.get("health.unevidenced_no_needs") + facts.get("social_care.unevidenced_no_needs")
    values["copied_text"] = facts.get("plan.copied_text")
    # one weak core area caps a plan's grade however good the rest is: the weakest of them
    values["weakest_core"] = min(1 - values["child_voice_missing"], 1 - values["needs_vague_share"],
                                 1 - values["outcomes_not_smart_share"], 1 - values["provision_weak_share"],
                                 1.0 if not values["unlinked_needs"] else 0.5)
    values["major_flags"] = facts.get("severity_major")
    values["minor_flags"] = facts.get("severity_minor")
    values["log_words"] = math.log1p(facts.get("words"))
    return [float(values[name]) for name in FEATURES], facts


def _shares(facts: PlanFacts) -> dict[str, float]:
    def share(count: str, section: str) -> float:
        total = facts.get(f"items_{section}")
        return min(1.0, facts.get(count) / total) if total else 1.0  # no items at all counts as all weak

    return {
        "needs_vague_share": share("need.vague", "B"),
        "outcomes_not_smart_share": share("outcome.not_smart", "E"),
        "outcomes_no_time_share": share("smart_missing_T", "E"),
        "outcomes_no_measure_share": share("smart_missing_M", "E"),
        "outcomes_no_behaviour_share": share("smart_missing_S", "E"),
        "outcomes_provision_share": share("outcome.is_provision", "E"),
        "provision_unquantified_share": share("provision.unquantified", "F"),
        "provision_vague_share": share("provision.vague_wording", "F"),
        "provision_qft_share": share("provision.qft_only", "F"),
        "provision_weak_share": share("weak_provision_items", "F"),
    }


def describe(facts: PlanFacts) -> dict[str, Any]:
    """The counts a reason template may quote."""
    return {
        "outcomes": facts.get("items_E"), "not_smart": facts.get("outcome.not_smart"),
        "no_time": facts.get("smart_missing_T"), "no_measure": facts.get("smart_missing_M"),
        "provision": facts.get("items_F"), "unquantified": facts.get("provision.unquantified"),
        "vague": facts.get("provision.vague_wording"), "qft": facts.get("provision.qft_only"),
        "needs": facts.get("items_B"), "needs_vague": facts.get("need.vague"),
        "missing": ", ".join(facts.missing), "n_missing": len(facts.missing),
        "unlinked": facts.get("provision.unlinked_need") + facts.get("outcome.unlinked_need"),
        "old_advice": facts.get("advice.out_of_date"), "copied": facts.get("plan.copied_text"),
        "care": facts.get("health.unevidenced_no_needs") + facts.get("social_care.unevidenced_no_needs"),
    }
