"""The auditor's rubric: a plan's rating from the facts of its content.

The facts come from the *labels* of the bank statements put into the plan and from what the
composer built (sections left out or empty, advice dates, pasted statements); no ehcp_nlp output
is used. ``RUBRIC_MD`` is the same rubric in words, printed into ``corpus/plans/README.md``; keep
the two in step.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
CORE = ("A", "B", "E", "F", "I")


@dataclass
class PlanFacts:
    """What an auditor reads off a plan (counts are statement occurrences in the plan)."""

    child_voice: bool
    parent_view: bool
    aspirations: bool
    needs: int
    needs_specific: int
    outcomes: int
    outcomes_smart: int
    outcomes_as_provision: int
    provision: int
    provision_firm: int  # no unquantified, vague-wording or QFT-only label
    qft_only_areas: int  # areas whose provision is all QFT-only
    areas: int
    thread_breaks: int  # areas with a need but no outcome or no provision
    health_evidenced: bool  # C present, not empty, no health.unevidenced_no_needs
    social_care_evidenced: bool  # D likewise
    missing: list[str] = field(default_factory=list)  # statutory units absent (H = H1 and H2)
    empty: list[str] = field(default_factory=list)  # heading present, nothing under it
    advice_items: int = 0
    advice_over_12_months: int = 0
    pasted: int = 0  # repeated occurrences of a statement already in the plan
    other_child_name: bool = False
    combined_h: bool = False


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def criteria(f: PlanFacts) -> dict[str, int]:
    """The eight criteria, each 0 (not met), 1 (partly met) or 2 (met)."""
    needs = _share(f.needs_specific, f.needs)
    smart = _share(f.outcomes_smart, f.outcomes)
    firm = _share(f.provision_firm, f.provision)
    incomplete = len(f.missing) + len(f.empty)
    provision = 2 if firm >= 0.75 else 1 if firm >= 0.4 else 0
    if f.qft_only_areas:
        provision = min(provision, 1)
    return {
        "voice": 2 if f.child_voice else 0,
        "family": (1 if f.parent_view else 0) + (1 if f.aspirations else 0),
        "needs": 2 if needs >= 0.8 else 1 if needs >= 0.5 else 0,
        "outcomes": 2 if smart >= 0.75 and not f.outcomes_as_provision else 1 if smart >= 0.4 else 0,
        "provision": provision,
        "thread": 2 if f.thread_breaks == 0 else 1 if f.thread_breaks == 1 else 0,
        "health_care": (1 if f.health_evidenced else 0) + (1 if f.social_care_evidenced else 0),
        "compliance": (2 if incomplete == 0 and f.advice_over_12_months == 0
                       else 1 if incomplete + min(f.advice_over_12_months, 1) == 1
                       else 0),
    }


def rate(f: PlanFacts) -> tuple[str, list[str]]:
    """(rating, notes): the rubric's rating of a plan and the reasons, in the order applied."""
    c = criteria(f)
    penalty = (1 if f.pasted else 0) + (1 if f.other_child_name else 0)
    total = sum(c.values()) - penalty
    incomplete = len(f.missing) + len(f.empty)
    core_gone = [k for k in f.missing + f.empty if k in CORE]
    strong = ("voice", "needs", "outcomes", "provision", "thread")
    notes = [f"score={total}/16", "criteria=" + ",".join(f"{k}:{v}" for k, v in c.items())]
    if penalty:
        notes.append(f"penalty=-{penalty}")

    limiting = []
    if core_gone:
        limiting.append("core section missing or empty: " + "/".join(core_gone))
    if incomplete >= 2:
        limiting.append(f"{incomplete} statutory sections missing or empty")
    if c["needs"] + c["outcomes"] + c["provision"] == 0:
        limiting.append("needs, outcomes and provision all weak")
    if total <= 6:
        limiting.append("total score 6 or less")
    if limiting:
        return "Inadequate", notes + ["limiting: " + "; ".join(limiting)]
    if (total >= 15 and all(c[k] == 2 for k in strong) and incomplete == 0 and not penalty):
        return "Outstanding", notes
    if (total >= 11 and all(c[k] >= 1 for k in strong) and incomplete == 0 and not f.other_child_name):
        return "Good", notes
    why = []
    if total < 11:
        why.append("score below 11")
    why += [f"{k} not met" for k in strong if c[k] == 0]
    if incomplete:
        why.append("statutory section missing or empty")
    if f.other_child_name:
        why.append("another child's name in the plan")
    return "Requires Improvement", notes + ["because: " + "; ".join(why)]


def add_noise(ratings: list[str], seed: int, share: float = 0.05) -> list[tuple[str, str | None]]:
    """Auditor disagreement: ``share`` of ratings moved one grade (never two), chosen by ``seed``.

    Returns (recorded rating, note or None) per plan. Outstanding can only move down and
    Inadequate only up; other grades move either way with equal chance.
    """
    rng = random.Random(seed)
    n = round(len(ratings) * share)
    chosen = set(rng.sample(range(len(ratings)), n))
    out = []
    for i, r in enumerate(ratings):
        if i not in chosen:
            out.append((r, None))
            continue
        k = RATINGS.index(r)
        step = 1 if k == 0 else -1 if k == 3 else rng.choice((-1, 1))
        new = RATINGS[k + step]
        out.append((new, f"auditor noise: rubric gives {r}, auditor recorded {new}"))
    return out


RUBRIC_MD = """\
The rating is computed by `rate(plan_facts)` in `scripts/plancorpus/rubric.py` from facts read off
the plan as composed: the labels of the bank statements in it (never any ehcp_nlp output) and what
the composer built (sections left out or empty, advice dates, pasted statements).

**Facts.** Child's voice = at least one Section A passage without `child_voice.missing`. Parent view /
aspirations = a whole-Section-A bank passage without `parent_view.missing` / `aspirations.missing`, or
a written parents' view / aspirations paragraph. Needs specific = B statements without `need.vague`.
SMART outcomes = E statements with no label. Firm provision = F statements with none of
`provision.unquantified`, `provision.vague_wording`, `provision.qft_only`. A QFT-only area = an area whose
provision is all `provision.qft_only`. A thread break = an area of need with no outcome or no provision.
Health / social care evidenced = C / D present, not empty, and without `health.unevidenced_no_needs` /
`social_care.unevidenced_no_needs`. Statutory units: A, B, C, D, E, F, G, H (H1 and H2, or a combined H),
I, J, K; each may be missing (no heading) or empty (heading, nothing under it). Advice is out of date
when dated more than 365 days before the plan's date. Counts are occurrences, so a pasted statement
counts each time it appears.

**Criteria** (0 = not met, 1 = partly, 2 = met; total out of 16):

| # | criterion | 2 | 1 | 0 |
| --- | --- | --- | --- | --- |
| 1 | child's voice (A) | the child's own words are recorded | — | not recorded |
| 2 | family views and aspirations (A) | parents' view and aspirations | one of them | neither |
| 3 | needs described specifically (B) | ≥ 80% of needs specific | ≥ 50% | < 50% |
| 4 | SMART outcomes (E) | ≥ 75% SMART and none is provision | ≥ 40% SMART | < 40% |
| 5 | provision specified (F) | ≥ 75% firm and no QFT-only area | ≥ 40% firm (or ≥ 75% with a QFT-only area) | < 40% |
| 6 | golden thread (B→E→F) | every area has need, outcome and provision | one area broken | two or more |
| 7 | health and social care (C, D) | both evidenced | one | neither |
| 8 | compliance (all units, advice current) | every unit present with content and no advice over 12 months old | exactly one of: a unit missing/empty, some advice over 12 months old | more |

Penalties: −1 if any statement is pasted in more than once; −1 if another child's name is left in
the plan.

**Grade**, applied in this order:

1. **Inadequate** if any limiting judgement holds: a core section (A, B, E, F or I) missing or empty;
   two or more statutory units missing or empty; criteria 3, 4 and 5 all 0 (needs, outcomes and
   provision all weak); total ≤ 6.
2. **Outstanding** if total ≥ 15, criteria 1, 3, 4, 5 and 6 all 2, no unit missing or empty, no penalty.
3. **Good** if total ≥ 11, criteria 1, 3, 4, 5 and 6 all at least 1, no unit missing or empty, and no
   other child's name.
4. **Requires Improvement** otherwise.

A combined Section H (H1 and H2 not separated) is recorded in the notes but not marked down: with
"None" in both it changes nothing for the child, and councils' templates differ.
"""
