"""Training plans as the checks might misread them, so the rating model does not trust every flag.

The checks are built and tuned on the statements of the training plans, so
on those plans they are almost never wrong; on plans they have not seen they
misjudge roughly one statement in twenty (see the held-out figures in the
README). A model trained only on perfectly read plans learns that one flag on
an otherwise clean plan means "not Outstanding", and marks good plans down.
:func:`misread` returns a copy of a review with a share of the statement-level
judgements the rating relies on flipped at random (a flag dropped, or raised
on a statement that had none); training adds such copies of every plan with
the auditor's rating unchanged. The rate and the number of copies were fixed
before the held-out plans were scored and are not tuned on them.
"""
from __future__ import annotations

import dataclasses
import random
from typing import Iterator

from ..checks.base import load_rules
from ..model import Flag, Review

#: statement-level checks behind the rating's "share of … items" features, by the section they judge
CODES = {"B": ("need.vague",), "E": ("outcome.not_smart",),
         "F": ("provision.unquantified", "provision.vague_wording", "provision.qft_only")}
RATE = 0.05
COPIES = 2


def misread(review: Review, rng: random.Random, rate: float = RATE) -> Review:
    """A copy of ``review`` with each statement-level judgement in :data:`CODES` flipped with chance ``rate``."""
    judged = {code for codes in CODES.values() for code in codes}
    flagged = {(f.code, f.section, f.start) for f in review.flags if f.code in judged}
    flags = [f for f in review.flags if f.code not in judged or rng.random() >= rate]
    for statement in review.statements:
        for code in CODES.get(statement.section, ()):
            if (code, statement.section, statement.start) not in flagged and rng.random() < rate:
                flags.append(_invented(code, statement))
    return dataclasses.replace(review, flags=tuple(flags))


def misreadings(review: Review, seed: int, copies: int = COPIES, rate: float = RATE) -> Iterator[Review]:
    """``copies`` misread copies of one review, reproducible from ``seed``."""
    rng = random.Random(seed)
    for _ in range(copies):
        yield misread(review, rng, rate)


def _invented(code: str, statement) -> Flag:
    info = next(r.info for r in load_rules() if r.info.code == code)
    detail = {"missing": ["T"]} if code == "outcome.not_smart" else {}
    return Flag(code, statement.section, info.severity, info.message, statement.text, statement.start,
                statement.end, info.id, info.reference, detail)
