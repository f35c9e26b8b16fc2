"""The rating model as plain numbers, applied with numpy alone: what ``review`` uses to suggest a rating.

Training saves the fitted :class:`~ehcp_nlp.rating.classifier.OrdinalClassifier` twice: as scikit-learn
parts with skops (``model.skops``, the record training and evaluation load) and as the few numbers
a suggestion needs (``parameters.json``): the feature names, the scaler's means and scales, each
threshold's logistic-regression coefficients and intercept with its sigmoid calibration, and the
explainers' coefficients. :class:`PlainOrdinalModel` computes from them exactly what the scikit-learn
estimator computes, in the same order of operations, so a cold ``review`` need not import
scikit-learn or skops (about 1.3 s of a cold start) to apply a few hundred numbers.

``parameters.json`` records the SHA-256 of the ``model.skops`` it was written from; if that file has
changed since, or ``parameters.json`` is missing or not understood (a model saved by an older
version), :func:`ehcp_nlp.rating.suggest.load_rating_model` loads ``model.skops`` with skops instead, with the same
allow-list of trusted types as before. Nothing here imports scikit-learn or skops.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

from ..model import RATINGS

MODEL_FILE = "model.skops"
META_FILE = "meta.json"
PARAMETERS_FILE = "parameters.json"
#: What ``parameters.json`` says it is; a file of another format or version is not used.
PARAMETERS_FORMAT = "ehcp-nlp ordinal rating model parameters"
PARAMETERS_VERSION = 1


class ModelError(Exception):
    """A rating model file is missing, untrusted or does not fit this version."""


class RatingModel(Protocol):
    """What a suggestion needs of a rating model, whichever way it was loaded."""

    features: tuple[str, ...]

    def predict_proba(self, X: Any) -> np.ndarray: ...

    def contributions(self, x: Sequence[float]) -> np.ndarray: ...


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, in hex: ties ``parameters.json`` to the ``model.skops`` it came from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expit(x: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-x), without overflow for large negative x."""
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out


@dataclass(frozen=True)
class _Linear:
    """One binary logistic regression: ``coef`` (1 × n_features) and ``intercept`` (1,)."""

    coef: np.ndarray
    intercept: np.ndarray

    def decision(self, Z: np.ndarray) -> np.ndarray:
        """Its decision function, as scikit-learn's ``LinearClassifierMixin.decision_function``."""
        return (Z @ self.coef.T + self.intercept).reshape(-1)


@dataclass(frozen=True)
class _Threshold:
    """P(rating worse than k): a logistic regression, sigmoid-calibrated when ``calibrations`` is given.

    ``calibrations`` holds one ``(model, a, b)`` per calibrated classifier (one for the default
    ``ensemble=False``); their probabilities are averaged, as ``CalibratedClassifierCV`` does.
    """

    model: _Linear | None
    calibrations: tuple[tuple[_Linear, float, float], ...] = ()

    def worse(self, Z: np.ndarray) -> np.ndarray:
        if not self.calibrations:
            return _expit(self.model.decision(Z))  # LogisticRegression.predict_proba(Z)[:, 1]
        total = np.zeros((len(Z), 2))
        for model, a, b in self.calibrations:
            proba = np.zeros((len(Z), 2))
            proba[:, 1] = _expit(-(a * model.decision(Z) + b))  # _SigmoidCalibration.predict
            proba[:, 0] = 1.0 - proba[:, 1]
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            total += proba
        total /= len(self.calibrations)
        return total[:, 1]


class PlainOrdinalModel:
    """The rating model from ``parameters.json``: the same probabilities and contributions as the
    scikit-learn :class:`~ehcp_nlp.rating.classifier.OrdinalModel` it was written from, with numpy alone.

    Example:
        >>> model = PlainOrdinalModel.from_parameters(json.loads(
        ...     '{"format": "ehcp-nlp ordinal rating model parameters", "version": 1, "features": ["x"],'
        ...     ' "classes": [0, 1], "scaler": {"mean": [0.0], "scale": [1.0]},'
        ...     ' "thresholds": [{"coef": [[2.0]], "intercept": [0.0], "calibration": null}],'
        ...     ' "explainers": [{"coef": [[2.0]], "intercept": [0.0]}]}'))
        >>> model.predict_proba([[0.0]]).round(3).tolist()
        [[0.5, 0.5, 0.0, 0.0]]
    """

    def __init__(self, features: Sequence[str], classes: Sequence[int], mean: np.ndarray | None,
                 scale: np.ndarray | None, thresholds: Sequence[_Threshold], explainers: Sequence[np.ndarray]) -> None:
        self.features = tuple(features)
        self.classes = np.asarray(classes, dtype=int)
        self.mean, self.scale = mean, scale
        self.thresholds, self.explainers = tuple(thresholds), tuple(explainers)

    @classmethod
    def from_parameters(cls, data: dict[str, Any]) -> "PlainOrdinalModel":
        """Build the model from the parsed ``parameters.json``; :class:`ModelError` if it is not one."""
        try:
            if data.get("format") != PARAMETERS_FORMAT or data.get("version") != PARAMETERS_VERSION:
                raise ModelError(f"not a {PARAMETERS_FORMAT} file of version {PARAMETERS_VERSION}")
            features = [str(f) for f in data["features"]]
            n = len(features)
            scaler = data["scaler"]
            mean = None if scaler["mean"] is None else _vector(scaler["mean"], n)
            scale = None if scaler["scale"] is None else _vector(scaler["scale"], n)
            thresholds = []
            for item in data["thresholds"]:
                calibration = item.get("calibration")
                if calibration is None:
                    thresholds.append(_Threshold(_linear(item, n)))
                else:
                    thresholds.append(_Threshold(None, tuple((_linear(c, n), float(c["a"]), float(c["b"]))
                                                             for c in calibration)))
            explainers = [_linear(item, n).coef[0] for item in data["explainers"]]
            classes = [int(c) for c in data["classes"]]
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"parameters not understood ({exc!r})") from None
        if len(classes) != len(thresholds) + 1 or not thresholds or len(explainers) != len(thresholds) \
                or not set(classes) <= set(range(len(RATINGS))):
            raise ModelError("parameters not understood (classes, thresholds and explainers do not agree)")
        return cls(features, classes, mean, scale, thresholds, explainers)

    def _scaled(self, X: Any) -> np.ndarray:
        """``StandardScaler.transform``: subtract the means, divide by the scales."""
        Z = np.array(X, dtype=np.float64)  # a copy, as the scaler makes one
        if Z.ndim != 2 or Z.shape[1] != len(self.features):
            raise ValueError(f"X has {Z.shape[-1] if Z.ndim else 0} features, but the rating model is expecting "
                             f"{len(self.features)} features as input")
        if not np.isfinite(Z).all():
            raise ValueError("Input X contains NaN or infinity.")
        if self.mean is not None:
            Z -= self.mean
        if self.scale is not None:
            Z /= self.scale
        return Z

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities of all four ratings, columns in :data:`RATINGS` order (a rating absent from the
        training plans has probability 0), as ``OrdinalModel.predict_proba``."""
        Z = self._scaled(np.atleast_2d(X))
        worse = np.column_stack([t.worse(Z) for t in self.thresholds])
        worse = np.minimum.accumulate(worse, axis=1)  # P(worse than k) cannot rise with k
        cumulative = np.column_stack([np.ones(len(Z)), worse, np.zeros(len(Z))])
        probs = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0, None)
        total = probs.sum(axis=1, keepdims=True)
        probs = np.divide(probs, total, out=np.full_like(probs, 1 / probs.shape[1]), where=total > 0)
        full = np.zeros((len(probs), len(RATINGS)))
        full[:, self.classes] = probs
        return full

    def contributions(self, x: Sequence[float]) -> np.ndarray:
        """Each feature's push towards a worse rating (positive) or a better one (negative)."""
        z = self._scaled(np.atleast_2d(x))[0]
        return np.mean(list(self.explainers), axis=0) * z


def _vector(values: Any, n: int) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (n,) or not all(math.isfinite(v) for v in array):
        raise ModelError(f"parameters not understood (expected {n} finite numbers)")
    return array


def _linear(item: dict[str, Any], n: int) -> _Linear:
    coef = np.asarray(item["coef"], dtype=np.float64)
    intercept = np.asarray(item["intercept"], dtype=np.float64)
    if coef.shape != (1, n) or intercept.shape != (1,) or not np.isfinite(coef).all() \
            or not np.isfinite(intercept).all():
        raise ModelError(f"parameters not understood (a linear model needs 1 × {n} coefficients and one intercept)")
    return _Linear(coef, intercept)


def read_parameters(folder: str | Path) -> PlainOrdinalModel | None:
    """The model from ``folder``'s ``parameters.json``, or ``None`` when there is none, it cannot be
    used, or it was not written from the ``model.skops`` now beside it."""
    folder = Path(folder)
    path, skops_file = folder / PARAMETERS_FILE, folder / MODEL_FILE
    if not path.is_file() or not skops_file.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("model_sha256") != file_digest(skops_file):
            return None
        return PlainOrdinalModel.from_parameters(data)
    except (OSError, UnicodeDecodeError, ValueError, ModelError):
        return None
