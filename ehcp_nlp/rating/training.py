"""Train and evaluate the rating model on audited plans (a labels CSV plus the plan files).

Example:
    >>> from ehcp_nlp.rating.training import load_dataset, cross_validate   # doctest: +SKIP
    >>> data = load_dataset("corpus/plans/labels.csv", "corpus/plans")       # doctest: +SKIP
    >>> cross_validate(data)["model"]["qwk"]                                  # doctest: +SKIP
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..model import Review
from ..errors import EhcpNlpError, InputError
from ..outputs.safe_text import restore_controls
from .augment import misreadings
from .features import FEATURES, features
from ..model import RATINGS
from .classifier import OrdinalModel
from .scores import score_review

_ALIASES = {r.lower(): r for r in RATINGS} | {"ri": "Requires Improvement"}


@dataclass
class Dataset:
    """Feature rows of audited plans, their ratings, and the files that could not be used."""

    files: list[str] = field(default_factory=list)
    X: list[list[float]] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # e.g. who wrote the plan: never on both sides of a fold
    weights: list[int] = field(default_factory=list)  # how many times a plan counts in training (default 1)
    failed: list[tuple[str, str]] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)  # kept to make misread training copies


def read_labels(path: str | Path) -> list[dict[str, str]]:
    """Rows of a labels CSV with at least ``file`` and ``rating`` (``audit_date``, ``auditor``, ``split``,
    ``group`` and ``weight`` optional)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(path, f"could not be read as a CSV file ({exc})", "save it as UTF-8 CSV") from None
    if not rows or not {"file", "rating"} <= set(rows[0]):
        raise InputError(path, "needs the columns 'file' and 'rating'", "add a header row: file,rating,audit_date,auditor")
    for number, row in enumerate(rows, start=2):
        rating = _ALIASES.get((row.get("rating") or "").strip().lower())
        if rating is None:
            raise InputError(path, f"line {number}: unknown rating {row.get('rating')!r}",
                             "use Outstanding, Good, Requires Improvement or Inadequate")
        row["rating"] = rating
        weight = (row.get("weight") or "1").strip() or "1"
        if not weight.isdigit() or int(weight) < 1:
            raise InputError(path, f"line {number}: weight {weight!r} is not a whole number of 1 or more",
                             "leave the weight empty (1) or give how many times the plan should count")
        row["weight"] = int(weight)
        row["file"] = restore_controls(row["file"])  # a name the tool wrote with its controls shown
    return rows


def load_dataset(labels: str | Path | Sequence[str | Path], plans: str | Path | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Dataset:
    """Review every labelled plan and turn it into a feature row; failures are recorded, not fatal.

    ``labels`` is one labels CSV or several (e.g. a council's own audits plus holistic ratings);
    each file is looked for in ``plans``, or, without it, beside the labels CSV that names it.
    """
    from ..checks import review_plan
    from ..plan import read_plan

    sources = [labels] if isinstance(labels, (str, Path)) else list(labels)
    rows = [(Path(plans) if plans else Path(source).parent, row) for source in sources for row in read_labels(source)]
    data = Dataset()
    for index, (folder, row) in enumerate(rows, start=1):
        path = folder / row["file"]
        try:
            review = review_plan(read_plan(path), kind="plan")
            x, _ = features(review, score_review(review))
        except EhcpNlpError as exc:
            data.failed.append((str(path), str(exc)))
            continue
        data.files.append(row["file"])
        data.reviews.append(review)
        data.X.append(x)
        data.y.append(RATINGS.index(row["rating"]))
        data.splits.append((row.get("split") or "").strip().lower())
        data.groups.append((row.get("group") or "").strip() or row["file"])
        data.weights.append(row["weight"])
        if progress:
            progress(index, len(rows))
    return data


def metrics(y_true: Any, y_pred: Any) -> dict[str, Any]:
    """Accuracy, within-one-grade agreement, macro-F1, quadratic weighted kappa, confusion matrix."""
    from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix, f1_score

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = list(range(len(RATINGS)))
    return {
        "n": int(len(y_true)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "within_one": float(np.mean(np.abs(y_true - y_pred) <= 1)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "qwk": float(cohen_kappa_score(y_true, y_pred, labels=labels, weights="quadratic")),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def fit_model(data: Dataset, rows: Any, seed: int = 0) -> OrdinalModel:
    """Fit on the plans at ``rows``, each also seen as the checks might misread it (:mod:`.augment`),
    and each counted as many times as its weight."""
    rows = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows)
    if data.weights:
        rows = np.repeat(rows, np.asarray(data.weights)[rows])
    X, y = [np.asarray(data.X)[rows]], [np.asarray(data.y)[rows]]
    if data.reviews:
        for i in rows:
            for review in misreadings(data.reviews[i], seed=seed * 100_003 + int(i)):
                X.append(np.asarray([features(review, score_review(review))[0]]))
                y.append(np.asarray([data.y[i]]))
    return OrdinalModel.fit(np.vstack(X), np.concatenate(y), FEATURES, seed=seed)


def cross_validate(data: Dataset, folds: int = 5, seed: int = 0, rows: Any = None) -> dict[str, Any]:
    """Stratified k-fold figures for the model and for a most-frequent-rating baseline.

    Folds are grouped by the labels' ``group`` column when it has one (plans by one writer, or
    sharing one source of statements, are never on both sides); ``rows`` restricts the plans used.
    """
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    rows = np.arange(len(data.y)) if rows is None else np.flatnonzero(rows) if np.asarray(rows).dtype == bool \
        else np.asarray(rows)
    X, y = np.asarray(data.X)[rows], np.asarray(data.y)[rows]
    groups = np.asarray(data.groups)[rows] if data.groups else np.asarray([str(i) for i in rows])
    smallest = min(int(c) for c in np.bincount(y) if c)  # every fold needs each rating at least once
    grouped = len(set(groups)) < len(groups)
    folds = max(2, min(folds, smallest, len(set(groups))))
    splitter = (StratifiedGroupKFold(folds, shuffle=True, random_state=seed) if grouped
                else StratifiedKFold(folds, shuffle=True, random_state=seed))
    predicted, baseline = np.zeros_like(y), np.zeros_like(y)
    for train, test in splitter.split(X, y, groups if grouped else None):
        model = fit_model(data, rows[train], seed)
        predicted[test] = model.predict_proba(X[test]).argmax(axis=1)
        baseline[test] = np.bincount(y[train]).argmax()
    figures = {"folds": folds, "grouped": grouped, "model": metrics(y, predicted),
               "baseline_most_frequent": metrics(y, baseline)}
    splits = np.asarray(data.splits)[rows] if data.splits else np.asarray([""] * len(rows))
    if len(set(splits) - {""}) > 1:  # the same folds' predictions, scored on each kind of plan
        figures["scored_by_split"] = {name: metrics(y[splits == name], predicted[splits == name])
                                      for name in sorted(set(splits) - {""})}
    return figures


def held_out(data: Dataset, seed: int = 0) -> dict[str, Any] | None:
    """Fit on rows whose ``split`` is ``train`` and score rows whose ``split`` is ``test`` (if the CSV has them)."""
    X, y, split = np.asarray(data.X), np.asarray(data.y), np.asarray(data.splits)
    train, test = split == "train", split == "test"
    if not test.any() or len(set(y[train])) < 2:
        return None
    model = fit_model(data, train, seed)
    baseline = np.full(test.sum(), np.bincount(y[train]).argmax())
    return {"train": int(train.sum()), "model": metrics(y[test], model.predict_proba(X[test]).argmax(axis=1)),
            "baseline_most_frequent": metrics(y[test], baseline)}


def evaluate(data: Dataset, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Cross-validation figures, by split as well when the labels name splits (plans whose statements
    the checks were tuned on behave differently from plans whose statements they never saw), plus
    held-out figures when the labels name a test split."""
    figures = cross_validate(data, folds, seed)
    splits = np.asarray(data.splits)
    by_split = {}
    for name in sorted(set(data.splits) - {""}):
        chosen = splits == name
        if chosen.sum() >= 2 * folds and len(set(np.asarray(data.y)[chosen])) > 1:
            by_split[name] = cross_validate(data, folds, seed, rows=chosen)
    figures["by_split"] = by_split
    figures["held_out"] = held_out(data, seed)
    return figures


def train(data: Dataset, out: str | Path, source: str, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Cross-validate, then fit on every plan and save the model with its record and model card."""
    if len(set(data.y)) < 2:
        raise EhcpNlpError("training needs plans with at least two different ratings")
    figures = evaluate(data, folds, seed)
    model = fit_model(data, np.arange(len(data.y)), seed)
    counts = {RATINGS[k]: int(v) for k, v in enumerate(np.bincount(data.y, minlength=len(RATINGS)))}
    meta = {"trained_on": source, "plans": len(data.y), "ratings": counts, "cross_validation": figures,
            "failed_files": [f for f, _ in data.failed]}
    model.save(out, meta)
    from .card import write_model_card

    write_model_card(Path(out), meta)
    return meta
