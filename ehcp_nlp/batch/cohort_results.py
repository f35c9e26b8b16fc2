"""What the cohort report's figures are: one frozen dataclass per kind, and :class:`Cohort` holding them all."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Counts:
    """How many documents of each kind the batch holds."""

    documents: int
    plans: int
    advice: int
    reviews: int
    failed: int
    rated: int  # plans with a suggested rating
    templates: int = 0  # unfilled forms: not reviewed
    unknown: int = 0  # not recognised as a plan, advice or review paperwork: not reviewed


@dataclass(frozen=True)
class DateRange:
    """The plans' own dates (ISO) and the audit months ("2026-03") the batch covers."""

    first_plan: str | None = None
    last_plan: str | None = None
    first_month: str | None = None
    last_month: str | None = None


@dataclass(frozen=True)
class RatingShare:
    """One row of the rating distribution."""

    rating: str
    count: int
    percent: float


@dataclass(frozen=True)
class CheckShare:
    """How many plans meet one check. ``strength``/``improvement`` are the report's sentences."""

    code: str
    title: str
    theme: str
    reference: str
    applicable: int
    met: int
    not_met: int
    met_percent: float
    not_met_percent: float
    strength: str = ""
    improvement: str = ""


@dataclass(frozen=True)
class MonthFigures:
    """One audit month: plans, suggested ratings (count and % of rated plans) and average scores."""

    month: str
    label: str
    plans: int
    rated: int
    counts: dict[str, int]
    percents: dict[str, float]
    average_total: float | None
    average_scores: dict[str, float]


@dataclass(frozen=True)
class ScoreAverages:
    """Average total and section scores over the plans that were scored."""

    plans: int
    total: float | None
    out_of: int | None
    sections: dict[str, float]


@dataclass(frozen=True)
class Recommendation:
    """One recommendation, with the figure that calls for it."""

    theme: str
    text: str
    basis: str
    percent: float
    count: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class RepeatedText:
    """A sentence found, word for word (after normalising), in several different plans."""

    text: str
    key: str
    plans: int
    occurrences: int
    sections: tuple[str, ...]
    ids: tuple[str, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class Boilerplate:
    """Sentences repeated across plans: the threshold used and the commonest ones."""

    min_plans: int
    min_words: int
    plans_affected: int
    percent_affected: float
    items: tuple[RepeatedText, ...] = ()


@dataclass(frozen=True)
class DocumentFlags:
    """One advice report or review form and what is wrong with it, for ranking."""

    id: str
    file: str
    group: str
    flags: int
    weight: int
    weak: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class GroupFigures:
    """One EP service (or setting): documents, how many are weak, and the commonest problems."""

    name: str
    documents: int
    weak: int
    weak_percent: float
    problems: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DocumentFigures:
    """Professional advice (kind ``advice``) or review paperwork (kind ``review``) across the batch."""

    kind: str
    code: str
    group_by: str
    group_label: str
    noun: str
    documents: int
    weak: int
    weak_percent: float
    sentence: str
    problems: tuple[tuple[str, int], ...] = ()
    groups: tuple[GroupFigures, ...] = ()
    ranked: tuple[DocumentFlags, ...] = ()


@dataclass(frozen=True)
class FailedFile:
    id: str
    file: str
    error: str


@dataclass(frozen=True)
class Cohort:
    """Every figure of the cohort report. ``agreement`` is passed through as given (or ``None``)."""

    counts: Counts
    dates: DateRange
    distribution: tuple[RatingShare, ...]
    checks: tuple[CheckShare, ...]
    strengths: tuple[CheckShare, ...]
    improvements: tuple[CheckShare, ...]
    months: tuple[MonthFigures, ...]
    trends: tuple[str, ...]
    averages: ScoreAverages
    recommendations: tuple[Recommendation, ...]
    next_steps: tuple[str, ...]
    boilerplate: Boilerplate
    advice: DocumentFigures
    reviews: DocumentFigures
    failed: tuple[FailedFile, ...]
    agreement: dict[str, Any] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    template: Any = None  # what the batch learnt is the council's template (a LearntTemplate), if anything

    @property
    def suggested_only(self) -> bool:
        """True while no auditor decisions are recorded (every rating is the tool's suggestion)."""
        return not self.agreement or not self.agreement.get("audited")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
