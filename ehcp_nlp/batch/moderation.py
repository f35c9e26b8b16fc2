"""Which plans to moderate: a reproducible, stratified sample of a batch's plans.

The seed audit report moderated 7% of audits and committed to "moderate at least 20% of all
assurance activity so we can be confident in the consistency of our benchmarking". A sample that
is only random can miss the rarer ratings altogether, so plans are grouped into strata — by the
tool's suggested rating and, when known, the audit month — and every stratum gives at least one
plan; the rest of the sample is shared between strata in proportion to their size.

Within a stratum the order is pseudo-random but fixed by the seed: each plan is ranked by a hash
of ``(seed, plan id)``. The same folder and seed therefore always give the same sample, whatever
order the plans are listed in, and plans added later do not reshuffle the earlier picks. Plans a
moderator has already re-rated go to the back of their stratum, so they are only drawn when the
stratum has nothing else.

The sample's cells go through :func:`~ehcp_nlp.outputs.safe_text.safe_cell`, as ``plans.csv``'s do: a file
name such as ``=HYPERLINK(…).txt`` is written with a leading apostrophe, so Excel shows it and does not run
it, and bidirectional controls are shown as ``[U+202E]``.

Example:
    >>> sample = write_moderation_sample("qa/autumn-2025", share=0.2, seed=0)   # doctest: +SKIP
    >>> len(sample.plans), sample.population                                      # doctest: +SKIP
    (66, 329)
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Sequence

from ..outputs.files import write_atomic
from ..outputs.safe_text import safe_cell
from .records import PlanRecord, load_records

SAMPLE_FILE = "moderation_sample.csv"
SAMPLE_COLUMNS = ("id", "file", "suggested rating", "auditor rating", "month", "reason")
#: The share the seed report's QA team commits to moderate.
TARGET_SHARE = 0.2
NO_SUGGESTION = "no suggested rating"


@dataclass(frozen=True)
class ModerationSample:
    """A drawn sample: the plans (in file order), how many plans it was drawn from, and why each was picked."""

    plans: list[PlanRecord]
    population: int
    strata: int
    reasons: dict[str, str]
    path: Path | None = None

    @property
    def share(self) -> float:
        return len(self.plans) / self.population if self.population else 0.0


def is_plan(record: PlanRecord) -> bool:
    """Whether a record is an EHCP (not EP advice or review paperwork)."""
    return (record.kind or record.meta.get("kind") or "plan") == "plan"


def stratum_of(record: PlanRecord, strata: Sequence[str] = ("suggested",), by_month: bool = True) -> tuple[str, ...]:
    """The stratum of a plan: the values of ``strata`` (``suggested``, ``month``, ``kind`` or a manifest
    column such as ``key_stage``), then its audit month when known and ``by_month``."""
    values = []
    for name in strata:
        if name == "suggested":
            values.append(record.suggested or NO_SUGGESTION)
        elif name == "month":
            values.append(record.month or "")
        elif name == "kind":
            values.append(record.kind or "")
        else:
            values.append((record.meta.get(name) or "").strip())
    if by_month and "month" not in strata:
        values.append(record.month or "")
    return tuple(values)


def stratum_label(key: tuple[str, ...]) -> str:
    """``"Good / 2026-03"`` (values left out when unknown)."""
    return " / ".join(v for v in key if v) or "all plans"


def moderation_sample(records: Sequence[PlanRecord], share: float = TARGET_SHARE, seed: int = 0,
                      strata: Sequence[str] = ("suggested",), *, by_month: bool = True,
                      moderated: Collection[str] = ()) -> list[PlanRecord]:
    """A stratified sample of the reviewed plans (status ok, kind plan) for moderation, in file order.

    Args:
        records: the batch's records (others than reviewed plans are left out).
        share: the least share of plans to draw, in (0, 1]; the count is rounded up.
        seed: fixes the draw; the same records and seed give the same sample.
        strata: what to stratify by (see :func:`stratum_of`); the audit month is added when ``by_month``.
        moderated: ids of plans a moderator has already re-rated; drawn only when a stratum has nothing else.

    Every stratum gives at least one plan, so the sample can be larger than ``share`` when there are
    many small strata.
    """
    return draw_with_reasons(records, share, seed, strata, by_month, moderated)[0]


def draw_with_reasons(records: Sequence[PlanRecord], share: float, seed: int, strata: Sequence[str],
                      by_month: bool, moderated: Collection[str]) -> tuple[list[PlanRecord], int, int, dict[str, str]]:
    """The sample as :func:`moderation_sample` draws it, with what lies behind it: the plans drawn, how many
    plans it was drawn from, how many strata, and why each plan was drawn (by id)."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be more than 0 and at most 1, not {share}")
    pool = [r for r in records if r.ok and is_plan(r)]
    done = set(moderated)
    groups: dict[tuple[str, ...], list[PlanRecord]] = {}
    for record in pool:
        groups.setdefault(stratum_of(record, strata, by_month), []).append(record)
    for key, members in groups.items():  # fresh plans first, each part in the seed's order
        members.sort(key=lambda r: (r.id in done, _rank(seed, r.id), r.file))
    fresh = {key: sum(r.id not in done for r in members) for key, members in groups.items()}
    target = math.ceil(share * len(pool) - 1e-9)
    taken = {key: 1 for key in groups}  # at least one from every stratum
    while sum(taken.values()) < target:
        open_fresh = [k for k in groups if taken[k] < fresh[k]]
        candidates = open_fresh or [k for k in groups if taken[k] < len(groups[k])]
        # the stratum furthest below its proportional share; ties broken by the seed
        best = max(candidates, key=lambda k: (share * len(groups[k]) - taken[k], -_rank(seed, "|".join(k))))
        taken[best] += 1
    picked, reasons = [], {}
    for key, members in groups.items():
        for record in members[:taken[key]]:
            picked.append(record)
            reasons[record.id] = f"stratum {stratum_label(key)}" + (" (moderated before)" if record.id in done else "")
    picked.sort(key=lambda r: (r.file, r.id))
    return picked, len(pool), len(groups), reasons


def write_moderation_sample(outdir: str | os.PathLike[str], share: float = TARGET_SHARE, seed: int = 0,
                            strata: Sequence[str] = ("suggested",), by_month: bool = True,
                            records: Sequence[PlanRecord] | None = None) -> ModerationSample:
    """Draw the sample of a batch (leaving out plans already moderated where possible) and write
    ``OUTDIR/moderation_sample.csv`` with each plan's suggested and latest auditor rating."""
    from .audit import latest

    records = load_records(outdir) if records is None else records
    moderated, audited = latest(outdir, "moderator"), latest(outdir, "auditor")
    plans, population, count, reasons = draw_with_reasons(records, share, seed, strata, by_month, moderated)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SAMPLE_COLUMNS)
    for record in plans:
        auditor = audited.get(record.id)
        writer.writerow([safe_cell(value) for value in (
            record.id, record.file, record.suggested or "", auditor.rating if auditor else "", record.month or "",
            reasons[record.id])])
    path = Path(outdir) / SAMPLE_FILE
    write_atomic(path, buffer.getvalue())
    return ModerationSample(plans, population, count, reasons, path)


def _rank(seed: int, key: str) -> int:
    """A pseudo-random but reproducible number for ``key`` under ``seed``."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:8], "big")
