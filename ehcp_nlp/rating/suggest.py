"""Suggest a rating for one reviewed plan, with probabilities, confidence and plain-English reasons."""
from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import RatingSuggestion, Review
from ..resources import load_json
from .features import describe, features
from .plain import MODEL_FILE, RATINGS, ModelError, RatingModel, read_parameters
from .reading import ReadingQuality
from .scores import Scores, score_review

#: Below this probability for the top rating, the suggestion asks for an auditor's closer look.
CONFIDENCE_THRESHOLD = 0.6
_REASONS = 3
_EXTRA_COUNTS = {"child_voice": "child_voice.missing", "parent_view": "parent_view.missing",
                 "aspirations": "aspirations.missing"}


def default_model_dir() -> Path:
    """``EHCP_NLP_MODEL``, else the model shipped inside the package (``ehcp_nlp/data/models/default``), so an
    installed copy has it as well as a checkout."""
    env = os.environ.get("EHCP_NLP_MODEL")
    if env:
        return Path(env)
    return Path(str(resources.files("ehcp_nlp").joinpath("data", "models", "default")))


def load_rating_model(folder: str | Path) -> RatingModel:
    """The rating model in ``folder``: from ``parameters.json`` with numpy when it matches the
    ``model.skops`` beside it, else from ``model.skops`` with skops (see
    :meth:`~ehcp_nlp.rating.classifier.OrdinalModel.load` for the types it trusts)."""
    path = Path(folder) / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"{path}: no rating model here; train one with 'ehcp-nlp train'")
    plain = read_parameters(folder)
    if plain is not None:
        return plain
    from .classifier import OrdinalModel  # scikit-learn and skops, only for a model without usable parameters

    return OrdinalModel.load(folder)


@lru_cache(maxsize=4)
def load_model(folder: str) -> RatingModel:
    """The rating model in ``folder``, loaded once per process: from its ``parameters.json`` with numpy,
    or from ``model.skops`` with skops when that file is missing or out of date (see :mod:`.plain`)."""
    return load_rating_model(folder)


def suggest(review: Review, scores: Scores | None = None, model_dir: str | Path | None = None,
            reading: ReadingQuality | None = None) -> RatingSuggestion:
    """Suggest a rating for ``review`` with the model in ``model_dir`` (default: :func:`default_model_dir`).

    ``reading`` (see :mod:`.reading`) scales the confidence by the quality of the plan's reading; when
    that is what lowered it, the first reason says so.
    """
    scores = scores or score_review(review)
    folder = str(model_dir or default_model_dir())
    model = load_model(folder)
    x, facts = features(review, scores)
    probs = model.predict_proba([x])[0]
    best = int(probs.argmax())
    counts = describe(facts) | {k: facts.get(v) for k, v in _EXTRA_COUNTS.items()}
    reasons = explain(model, x, counts, best)
    confidence = float(probs[best]) * (reading.quality if reading else 1.0)
    if reading and reading.problems:
        reasons = [_capital(reading.problems[0])] + reasons[:_REASONS - 1]
    return RatingSuggestion(
        suggested=RATINGS[best], confidence=confidence,
        probabilities={r: float(p) for r, p in zip(RATINGS, probs)}, reasons=tuple(reasons),
        needs_closer_look=bool(confidence < CONFIDENCE_THRESHOLD), model=Path(folder).name,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def explain(model: RatingModel, x: list[float], counts: dict[str, Any], best: int) -> list[str]:
    """The aspects that pushed the suggestion most, in words ("7 of 9 outcomes are not SMART")."""
    contributions = dict(zip(model.features, model.contributions(x)))
    aspects = load_json("reasons.json")["aspects"]
    weights = {name: sum(contributions.get(f, 0.0) for f in a["features"]) for name, a in aspects.items()}
    weaknesses, strengths = [], []
    for name in sorted(weights, key=lambda n: -abs(weights[n])):
        text = _reason(aspects[name], counts, worse=weights[name] > 0)
        if text:
            (weaknesses if weights[name] > 0 else strengths).append(text)
        if len(weaknesses) + len(strengths) == _REASONS:
            break
    if best == 3 and counts.get("n_missing"):
        weaknesses.insert(0, _reason(aspects["statutory"], counts, worse=True))
    strengths = [f"Strength: {s}" for s in strengths]
    ordered = strengths + weaknesses if best <= 1 else weaknesses + strengths  # lead with what decided it
    return list(dict.fromkeys(r for r in ordered if r))[:_REASONS]


def _reason(aspect: dict[str, Any], counts: dict[str, Any], worse: bool) -> str:
    if worse:
        for count, template in aspect["weak"]:
            if counts.get(count):
                return template.format(**counts)
        return ""
    return aspect["strong"]
