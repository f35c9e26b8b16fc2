"""The cohort report's figures, computed from a batch's records (no HTML here).

Everything a council's steering-group audit report shows — the rating distribution with counts and
percentages, month-by-month improvements, average section scores, strengths and areas for
improvement as "80% (263) plans …" sentences, recommendations tied to the figures behind them —
plus what only a batch reading every plan can see: the same sentence pasted into many plans, weak
professional advice by EP service, and review paperwork that amends nothing, by setting.

The wording (per flag code: a strength phrase, an improvement phrase and a theme with its
recommendation) and the thresholds are data, in ``ehcp_nlp/data/cohort.json``.

Example:
    >>> from ehcp_nlp.batch.records import load_records          # doctest: +SKIP
    >>> cohort = cohort_figures(load_records("batch-out"))        # doctest: +SKIP
    >>> cohort.improvements[0].improvement                        # doctest: +SKIP
    'Better identification of need required in 47% (154) plans.'
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from ..errors import DataFileError
from ..model import RATINGS, SECTION_KEYS
from ..resources import check_keys, load_json
from .records import PlanRecord

DATA = "cohort.json"
_SEVERITY = {"major": 3, "minor": 1, "info": 0}
_CHECK_KEYS = ("title", "theme", "requires", "strength", "improvement")


# ----------------------------------------------------------------------------- results


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


# ----------------------------------------------------------------------------- data


@lru_cache(maxsize=None)
def wording() -> dict[str, Any]:
    """``cohort.json``, checked: every check entry has exactly the known keys and a known theme."""
    data = load_json(DATA)
    check_keys(DATA, data, ("_comment", "settings", "checks", "recommendations", "documents", "boilerplate",
                            "next_steps"), ("settings", "checks", "recommendations", "documents"))
    for code, entry in data["checks"].items():
        check_keys(DATA, entry, _CHECK_KEYS, _CHECK_KEYS)
        if entry["theme"] not in data["recommendations"]:
            raise DataFileError(f"data file {DATA}: {code} has unknown theme {entry['theme']!r}")
    return data


def _references() -> dict[str, str]:
    return {r["code"]: r.get("reference", "") for r in load_json("rules.json")["rules"]}


# ----------------------------------------------------------------------------- helpers


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, to one decimal place (0 when ``whole`` is 0)."""
    return round(100 * part / whole, 1) if whole else 0.0


def fmt_percent(value: float, decimals: int = 0) -> str:
    """``47%`` (or ``9.5%`` with ``decimals=1``; a whole number never shows ``.0``)."""
    text = f"{value:.{decimals}f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def share(part: int, whole: int) -> str:
    """The seed report's way of giving a figure: ``47% (154)``."""
    return f"{fmt_percent(percent(part, whole))} ({part})"


def month_label(month: str, with_year: bool = True) -> str:
    """``2026-03`` -> ``March 2026`` (or ``March``); anything else is returned as it is."""
    try:
        when = date(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        return month
    return when.strftime("%B %Y") if with_year else when.strftime("%B")


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 1) if values else None


def _capital(text: str) -> str:
    """The first letter in upper case ("'no health needs' was …" -> "'No health needs' was …")."""
    at = next((i for i, ch in enumerate(text) if ch.isalpha()), 0)
    return text[:at] + text[at:at + 1].upper() + text[at + 1:]


def _is_plan(record: PlanRecord) -> bool:
    return record.ok and record.kind in ("plan", "")


def _missing_sections(record: PlanRecord) -> set[str]:
    missing = {f["section"] for f in record.flags if f["code"] == "section.missing"}
    if {"H1", "H2"} <= missing:
        missing.add("H")
    return missing


# ----------------------------------------------------------------------------- plan figures


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


# ----------------------------------------------------------------------------- boilerplate

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, punctuation and whitespace collapsed to single spaces."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def boilerplate(plans: list[PlanRecord], settings: dict[str, Any]) -> Boilerplate:
    """Sentences of B, E and F statements found in several *different* plans (repeats within one plan count once)."""
    min_words = settings["boilerplate_min_words"]
    min_plans = max(settings["boilerplate_min_plans"], math.ceil(settings["boilerplate_min_share"] * len(plans)))
    seen: dict[str, dict[str, Any]] = {}
    for record in plans:
        for section, statements in sorted(record.statements.items()):
            for statement in statements:
                for sentence in _SENTENCE.split(statement):
                    key = normalise(sentence)
                    if len(key.split()) < min_words:
                        continue
                    entry = seen.setdefault(key, {"text": " ".join(sentence.split()), "ids": [], "files": [],
                                                  "n": 0, "sections": set()})
                    entry["n"] += 1
                    entry["sections"].add(section)
                    if record.id not in entry["ids"]:
                        entry["ids"].append(record.id)
                        entry["files"].append(record.file)
    repeated = [(k, e) for k, e in seen.items() if len(e["ids"]) >= min_plans]
    repeated.sort(key=lambda item: (-len(item[1]["ids"]), -item[1]["n"], item[0]))
    affected = {i for _, e in repeated for i in e["ids"]}
    items = tuple(RepeatedText(_short(e["text"], settings["example_chars"]), k, len(e["ids"]), e["n"],
                               tuple(sorted(e["sections"])), tuple(e["ids"][:10]), tuple(e["files"][:10]))
                  for k, e in repeated[: settings["boilerplate_top"]])
    return Boilerplate(min_plans, min_words, len(affected), percent(len(affected), len(plans)), items)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 2].rsplit(" ", 1)[0] + " …"


# ----------------------------------------------------------------------------- advice and reviews


def _problems(flag: dict[str, str], main_code: str, titles: dict[str, str]) -> list[str]:
    """The reasons a flag gives ("nothing is quantified; …" after the rule's message), else what its check's
    improvement phrase says ("another child's name was left in the plan")."""
    message = flag.get("message", "")
    if flag["code"] == main_code and ": " in message:
        reasons = [r.strip().rstrip(".") for r in message.rsplit(": ", 1)[1].split(";")]
        return [r for r in reasons if r] or [flag["code"]]
    return [titles.get(flag["code"], flag["code"])]


def document_figures(records: list[PlanRecord], kind: str) -> DocumentFigures:
    """Advice reports or review forms: how many are weak, ranked worst first, and by service or setting.

    Documents are ranked by the severity of their flags (major 3, minor 1), then by how many problems
    they were flagged for.
    """
    spec = wording()["documents"][kind]
    titles = {code: e["improvement"] for code, e in wording()["checks"].items()}
    docs = [r for r in records if r.ok and r.kind == kind]
    ranked = []
    for r in docs:
        problems = [p for f in r.flags for p in _problems(f, spec["code"], titles)]
        group = (r.meta.get(spec["group_by"]) or "").strip()
        ranked.append(DocumentFlags(r.id, r.file, group, len(r.flags),
                                    sum(_SEVERITY.get(f["severity"], 1) for f in r.flags),
                                    spec["code"] in r.flag_counts(), tuple(dict.fromkeys(problems))))
    ranked.sort(key=lambda d: (-d.weight, -len(d.problems), -d.flags, d.file))
    weak = sum(d.weak for d in ranked)
    groups = _groups(ranked, spec["ungrouped"]) if any(d.group for d in ranked) else ()
    sentence = f"{_capital(spec['improvement'])} in {share(weak, len(docs))} {spec['noun']}." if docs else ""
    return DocumentFigures(kind, spec["code"], spec["group_by"], spec["group_label"], spec["noun"], len(docs), weak,
                           percent(weak, len(docs)), sentence, _commonest(ranked), groups, tuple(ranked))


def _commonest(docs: Iterable[DocumentFlags], top: int = 5) -> tuple[tuple[str, int], ...]:
    counts = Counter(p for d in docs for p in d.problems)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def _groups(ranked: list[DocumentFlags], ungrouped: str) -> tuple[GroupFigures, ...]:
    by_group: dict[str, list[DocumentFlags]] = defaultdict(list)
    for d in ranked:
        by_group[d.group or ungrouped].append(d)
    groups = [GroupFigures(name, len(ds), sum(d.weak for d in ds), percent(sum(d.weak for d in ds), len(ds)),
                           _commonest(ds, 3)) for name, ds in by_group.items()]
    groups.sort(key=lambda g: (g.name == ungrouped, -g.weak_percent, -g.weak, g.name))
    return tuple(groups)


# ----------------------------------------------------------------------------- recommendations


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


# ----------------------------------------------------------------------------- the whole cohort


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
