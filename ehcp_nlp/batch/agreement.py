"""How far two sets of ratings of the same plans agree: the tool and the auditors, the auditors and the moderators.

Figures for the cohort report, in the words of the seed audit report ("7% audits were moderated.
Of those: 1 plan was upgraded from Inadequate to Requires Improvement; …; judgements were agreed
for all other moderated EHCPs"), plus the measures used to judge consistency: exact agreement,
agreement within one grade, and quadratic weighted kappa (which counts a disagreement of two grades
as four times as bad as one of one grade; 1 is perfect agreement, 0 no better than chance).

"Upgraded" means the second rating is better than the first (Inadequate → Requires Improvement);
"downgraded" that it is worse (Outstanding → Requires Improvement).

Example:
    >>> result = agreement([("Inadequate", "Requires Improvement"), ("Good", "Good"), ("Good", "Good")])
    >>> result.n, result.agreed, result.sentences()[0]
    (3, 2, '1 plan was upgraded from Inadequate to Requires Improvement')
"""
from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..model import RATINGS
from .audit import latest, parse_rating
from .moderation import TARGET_SHARE, is_plan
from .records import PlanRecord

NOT_ENOUGH = "not enough plans"
_CONTEXTS = {
    # context: (sentence for a change, sentence when all others agreed, sentence when all agreed)
    "moderation": ("{count} {plans} {was} {direction} from {first} to {second}",
                   "Judgements were agreed for all other moderated plans.",
                   "Judgements were agreed for {all} moderated {plans}."),
    "suggestion": ("{count} {plans} {was} {direction} by the auditor from the suggested {first} to {second}",
                   "The auditor agreed with the suggested rating for all other audited plans.",
                   "The auditor agreed with the suggested rating for {all} audited {plans}."),
}


@dataclass(frozen=True)
class Change:
    """Plans whose second rating differs from the first in the same way."""

    first: str
    second: str
    count: int

    @property
    def direction(self) -> str:
        return "upgraded" if RATINGS.index(self.second) < RATINGS.index(self.first) else "downgraded"

    @property
    def label(self) -> str:
        """``"Inadequate → Requires Improvement: 1"``."""
        return f"{self.first} → {self.second}: {self.count}"

    def sentence(self, context: str = "moderation") -> str:
        """``"1 plan was upgraded from Inadequate to Requires Improvement"``."""
        return _CONTEXTS[context][0].format(count=self.count, plans=_noun(self.count), was=_was(self.count),
                                            direction=self.direction, first=self.first, second=self.second)

    def to_dict(self, context: str = "moderation") -> dict[str, Any]:
        return {"from": self.first, "to": self.second, "count": self.count, "label": self.label,
                "text": self.sentence(context)}


@dataclass(frozen=True)
class Agreement:
    """Agreement between first and second ratings of the same plans.

    Attributes:
        n: plans with both ratings; agreed: same rating; within_one_count: at most one grade apart.
        kappa: quadratic weighted kappa, ``None`` when it cannot be worked out (then ``kappa_note`` says why).
        upgrades, downgrades: the changes, most frequent first.
        confusion: counts, rows the first rating and columns the second, both in :data:`RATINGS` order.
    """

    n: int
    agreed: int
    within_one_count: int
    kappa: float | None
    kappa_note: str
    upgrades: list[Change] = field(default_factory=list)
    downgrades: list[Change] = field(default_factory=list)
    confusion: list[list[int]] = field(default_factory=list)

    @property
    def exact(self) -> float:
        """Share of plans given the same rating."""
        return self.agreed / self.n

    @property
    def within_one(self) -> float:
        """Share of plans whose ratings are at most one grade apart."""
        return self.within_one_count / self.n

    @property
    def upgraded(self) -> int:
        return sum(c.count for c in self.upgrades)

    @property
    def downgraded(self) -> int:
        return sum(c.count for c in self.downgrades)

    def sentences(self, context: str = "moderation") -> list[str]:
        """The changes and the agreement in plain words, as the seed report puts them.

        ``context`` is ``moderation`` (auditor then moderator) or ``suggestion`` (tool then auditor).
        """
        lines = [c.sentence(context) for c in self.upgrades + self.downgrades]
        if self.agreed and lines:
            lines.append(_CONTEXTS[context][1])
        elif self.agreed:
            every = "the" if self.n == 1 else f"all {self.n}"
            lines.append(_CONTEXTS[context][2].format(all=every, plans=_noun(self.n)))
        return lines

    def to_dict(self, first: str = "first rating", second: str = "second rating",
                context: str = "moderation") -> dict[str, Any]:
        """Plain values for a report, each named so that it explains itself."""
        return {
            "first": first, "second": second, "n": self.n,
            "exact": round(self.exact, 4), "agreed": self.agreed,
            "within_one": round(self.within_one, 4), "within_one_count": self.within_one_count,
            "kappa": None if self.kappa is None else round(self.kappa, 4), "kappa_note": self.kappa_note,
            "upgraded": self.upgraded, "downgraded": self.downgraded,
            "upgrades": [c.to_dict(context) for c in self.upgrades],
            "downgrades": [c.to_dict(context) for c in self.downgrades],
            "confusion": {"labels": list(RATINGS), "rows": first, "columns": second, "matrix": self.confusion},
            "sentences": self.sentences(context),
        }


def agreement(pairs: Iterable[tuple[Any, Any]]) -> Agreement | None:
    """Agreement over ``(first_rating, second_rating)`` pairs; ``None`` if no pair has two known ratings.

    Pairs with a missing or unknown rating on either side (``None``, NaN, "") are left out.
    Ratings are read as :func:`~ehcp_nlp.batch.audit.parse_rating` reads them ("RI" too).
    """
    known = [(parse_rating(a), parse_rating(b)) for a, b in pairs]
    index = [(RATINGS.index(a), RATINGS.index(b)) for a, b in known if a is not None and b is not None]
    if not index:
        return None
    n = len(index)
    confusion = [[0] * len(RATINGS) for _ in RATINGS]
    for a, b in index:
        confusion[a][b] += 1
    kappa, note = _kappa(index)
    changes = [Change(RATINGS[a], RATINGS[b], confusion[a][b])
               for a in range(len(RATINGS)) for b in range(len(RATINGS)) if a != b and confusion[a][b]]
    order = sorted(changes, key=lambda c: (-c.count, RATINGS.index(c.first), RATINGS.index(c.second)))
    return Agreement(
        n=n, agreed=sum(a == b for a, b in index), within_one_count=sum(abs(a - b) <= 1 for a, b in index),
        kappa=kappa, kappa_note=note, confusion=confusion,
        upgrades=[c for c in order if c.direction == "upgraded"],
        downgrades=[c for c in order if c.direction == "downgraded"])


def agreement_figures(outdir: str | os.PathLike[str], records: Sequence[PlanRecord]) -> dict[str, Any]:
    """The moderation and agreement figures of a batch, as plain values for the cohort report.

    Uses the latest decision per plan and role (see :mod:`.audit`), for the plans among ``records``
    (EP advice and review paperwork are left out). Returns::

        {"audited": plans with an auditor rating,
         "moderated": audited plans with a moderator rating,
         "moderated_share": moderated / audited (None before any audit),
         "target_share": 0.2, "below_target": bool,
         "tool_vs_auditor": suggested rating vs the auditor's rating (Agreement.to_dict(), or None),
         "auditor_vs_moderator": the auditor's rating the moderator reviewed vs the moderator's (or None),
         "sentences": ["7% of audits were moderated (3 of 42).", "Of those:", "1 plan was upgraded …", …]}

    For auditor vs moderator, the auditor's rating is the one the moderator replaced (the moderator
    decision's ``previous_rating``), so an auditor bringing their rating into line after moderation
    does not hide the change; it falls back to the latest auditor rating.
    """
    plans = {r.id: r for r in records if is_plan(r)}
    audited = {k: d for k, d in latest(outdir, "auditor").items() if k in plans}
    moderated = {k: d for k, d in latest(outdir, "moderator").items() if k in audited}
    tool = agreement((plans[k].suggested, d.rating) for k, d in audited.items())
    moderation = agreement((d.previous_rating or audited[k].rating, d.rating) for k, d in moderated.items())
    share = len(moderated) / len(audited) if audited else None
    return {
        "audited": len(audited), "moderated": len(moderated), "moderated_share": share,
        "target_share": TARGET_SHARE, "below_target": share is not None and share < TARGET_SHARE,
        "tool_vs_auditor": tool.to_dict("suggested rating", "auditor rating", "suggestion") if tool else None,
        "auditor_vs_moderator": (moderation.to_dict("auditor rating", "moderator rating", "moderation")
                                 if moderation else None),
        "sentences": _moderation_sentences(len(audited), len(moderated), share, moderation),
    }


def _moderation_sentences(audited: int, moderated: int, share: float | None,
                          moderation: Agreement | None) -> list[str]:
    if not audited:
        return ["No plans have been audited yet."]
    if not moderated or moderation is None or share is None:
        return [f"None of the {audited} audited {_noun(audited)} {_was(audited)} moderated yet."]
    lines = [f"{_percent(share)} of audits were moderated ({moderated} of {audited})."]
    lines.append("Of those:")
    lines += moderation.sentences("moderation")
    if share < TARGET_SHARE:
        lines.append(f"This is below the commitment to moderate at least {_percent(TARGET_SHARE)}.")
    return lines


def _kappa(index: list[tuple[int, int]]) -> tuple[float | None, str]:
    if len(index) < 2:
        return None, f"{NOT_ENOUGH} for a kappa (needs at least 2)"
    if len({v for pair in index for v in pair}) < 2:
        return None, f"{NOT_ENOUGH} for a kappa (every rating is the same)"
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score([a for a, _ in index], [b for _, b in index],
                                        labels=list(range(len(RATINGS))), weights="quadratic"))
    if not math.isfinite(value):
        return None, f"{NOT_ENOUGH} for a kappa (the ratings do not vary enough)"
    return value, ""


def _percent(share: float) -> str:
    value = share * 100
    return f"{value:.0f}%" if value >= 1 or value == 0 else f"{value:.1f}%"


def _noun(count: int) -> str:
    return "plan" if count == 1 else "plans"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"
