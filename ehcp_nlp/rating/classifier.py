"""An ordinal, calibrated rating model made only of scikit-learn parts, saved with skops.

The four ratings are ordered (Outstanding < Good < Requires Improvement <
Inadequate, best to worst). Following Frank and Hall (2001), one binary
classifier per threshold estimates P(rating worse than k); the class
probabilities are the differences. Each binary classifier is a logistic
regression on standardised features with sigmoid-calibrated probabilities;
an uncalibrated twin on the same features supplies the coefficients used to
explain a suggestion. The saved object is a plain dict of scikit-learn
estimators and lists, so skops loads it without trusting any project code.
Beside it, :meth:`OrdinalModel.save` writes the same model as plain numbers
(``parameters.json``, see :mod:`.plain`), which ``review`` applies with numpy
alone; :func:`write_parameters` adds that file to a model saved without it.
"""
from __future__ import annotations

import json
import platform
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

# RATINGS, ModelError and the file names live in .plain (no scikit-learn there) and are re-exported here
from .plain import META_FILE, MODEL_FILE, RATINGS, ModelError  # noqa: F401
from .plain import PARAMETERS_FILE, PARAMETERS_FORMAT, PARAMETERS_VERSION, file_digest

#: scikit-learn's own calibration internals, which skops does not trust by default; nothing else is allowed.
ALLOWED_TYPES = frozenset({"sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration"})


class OrdinalClassifier(ClassifierMixin, BaseEstimator):
    """An ordinal classifier as a scikit-learn estimator (Frank and Hall, 2001).

    The classes are taken in sorted order as best to worst (for ratings, 0 = Outstanding …
    3 = Inadequate). For each threshold k a logistic regression on standardised features estimates
    P(class > k), sigmoid-calibrated by internal cross-validation when every threshold has enough
    of both sides; the class probabilities are the differences. An uncalibrated twin of each
    threshold model gives the coefficients that explain a prediction (:meth:`contributions`).
    Usable in a ``Pipeline``, ``cross_val_score`` (see :data:`qwk_scorer`) and ``GridSearchCV``.

    Example:
        >>> import numpy as np
        >>> X = np.arange(40, dtype=float).reshape(-1, 1); y = np.repeat([0, 1, 2, 3], 10)
        >>> OrdinalClassifier().fit(X, y).predict([[0.0], [39.0]]).tolist()
        [0, 3]
    """

    def __init__(self, C: float = 0.03, class_weight: str | None = None, calibrate: bool = True,
                 random_state: int = 0) -> None:
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> "OrdinalClassifier":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
        from sklearn.utils.class_weight import compute_sample_weight
        from sklearn.utils.multiclass import check_classification_targets
        from sklearn.utils.validation import check_X_y

        X, y = check_X_y(X, y)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError("OrdinalClassifier needs at least two classes in y; got 1 class")
        self.n_features_in_ = X.shape[1]
        weight = compute_sample_weight(self.class_weight, y) if self.class_weight is not None else None
        self.scaler_ = StandardScaler().fit(X)
        Z = self.scaler_.transform(X)
        self.thresholds_, self.explainers_ = [], []
        for k in range(len(self.classes_) - 1):
            target = (codes > k).astype(int)
            folds = int(min(5, np.bincount(target, minlength=2).min()))
            base = LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)
            self.thresholds_.append(
                CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False).fit(Z, target, sample_weight=weight)
                if self.calibrate and folds >= 2 else base.fit(Z, target, sample_weight=weight))
            self.explainers_.append(LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)
                                    .fit(Z, target, sample_weight=weight))
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, rows summing to 1, columns in :attr:`classes_` order."""
        from sklearn.utils.validation import check_array, check_is_fitted

        check_is_fitted(self, "thresholds_")
        X = check_array(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but OrdinalClassifier is expecting "
                             f"{self.n_features_in_} features as input")
        Z = self.scaler_.transform(X)
        worse = np.column_stack([m.predict_proba(Z)[:, 1] for m in self.thresholds_])
        worse = np.minimum.accumulate(worse, axis=1)  # P(worse than k) cannot rise with k
        cumulative = np.column_stack([np.ones(len(Z)), worse, np.zeros(len(Z))])
        probs = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0, None)
        total = probs.sum(axis=1, keepdims=True)
        return np.divide(probs, total, out=np.full_like(probs, 1 / probs.shape[1]), where=total > 0)

    def predict(self, X: Any) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "thresholds_")
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def contributions(self, x: Sequence[float]) -> np.ndarray:
        """Each feature's push towards a worse class (positive) or a better one (negative)."""
        z = self.scaler_.transform(np.atleast_2d(x))[0]
        return np.mean([m.coef_[0] for m in self.explainers_], axis=0) * z

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags


def _quadratic_kappa(y_true: Any, y_pred: Any) -> float:
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(y_true, y_pred, weights="quadratic"))


def qwk_scorer():
    """A scorer for ``cross_val_score`` / ``GridSearchCV``: quadratic weighted kappa of the predictions."""
    from sklearn.metrics import make_scorer

    return make_scorer(_quadratic_kappa)


@dataclass
class OrdinalModel:
    """The shipped rating model: an :class:`OrdinalClassifier` over named features, saved as plain
    scikit-learn parts so skops loads it without trusting any project code."""

    features: tuple[str, ...]
    estimator: OrdinalClassifier

    @classmethod
    def fit(cls, X: np.ndarray, y: Sequence[int], features: Sequence[str], C: float = 0.03, weight: str | None = None,
            seed: int = 0) -> "OrdinalModel":
        """Fit on feature rows ``X`` and ratings ``y`` (0 = Outstanding … 3 = Inadequate)."""
        estimator = OrdinalClassifier(C=C, class_weight=weight, random_state=seed).fit(np.asarray(X), np.asarray(y))
        return cls(tuple(features), estimator)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probabilities of all four ratings, columns in :data:`RATINGS` order (a rating absent from the
        training plans has probability 0)."""
        probs = self.estimator.predict_proba(np.atleast_2d(X))
        full = np.zeros((len(probs), len(RATINGS)))
        full[:, self.estimator.classes_.astype(int)] = probs
        return full

    def contributions(self, x: Sequence[float]) -> np.ndarray:
        """Each feature's push towards a worse rating (positive) or a better one (negative)."""
        return self.estimator.contributions(x)

    @property
    def parts(self) -> dict[str, Any]:
        """The fitted scikit-learn parts, as saved."""
        e = self.estimator
        return {"scaler": e.scaler_, "thresholds": e.thresholds_, "explainers": e.explainers_,
                "classes": [int(c) for c in e.classes_]}

    @classmethod
    def from_parts(cls, features: Sequence[str], parts: dict[str, Any]) -> "OrdinalModel":
        estimator = OrdinalClassifier()
        estimator.scaler_, estimator.thresholds_ = parts["scaler"], list(parts["thresholds"])
        estimator.explainers_ = list(parts["explainers"])
        estimator.classes_ = np.asarray(parts.get("classes", range(len(parts["thresholds"]) + 1)))
        estimator.n_features_in_ = int(parts["scaler"].n_features_in_)
        return cls(tuple(features), estimator)

    # -- persistence ----------------------------------------------------------------------

    def save(self, folder: str | Path, meta: dict[str, Any]) -> None:
        """Write ``model.skops``, ``parameters.json`` (the same model as plain numbers, for ``review``) and
        ``meta.json`` (features, versions, training figures) to ``folder``."""
        import sklearn
        import skops
        import skops.io as sio

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        sio.dump({"features": list(self.features), "parts": self.parts}, folder / MODEL_FILE)
        _write_parameters_file(folder, self)
        record = {"features": list(self.features), "ratings": list(RATINGS), "saved": date.today().isoformat(),
                  "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                               "skops": skops.__version__, "numpy": np.__version__}, **meta}
        (folder / META_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> "OrdinalModel":
        """Load a saved model, refusing any object type skops does not trust by default except the
        two scikit-learn calibration classes in :data:`ALLOWED_TYPES`."""
        import skops.io as sio

        path = Path(folder) / MODEL_FILE
        if not path.is_file():
            raise ModelError(f"{path}: no rating model here; train one with 'ehcp-nlp train'")
        try:
            untrusted = set(sio.get_untrusted_types(file=path))
        except Exception as exc:  # a damaged or foreign file
            raise ModelError(f"{path}: not a readable rating model ({exc}); retrain it with 'ehcp-nlp train'") from None
        if untrusted - ALLOWED_TYPES:
            raise ModelError(f"{path}: refusing to load untrusted object types {sorted(untrusted - ALLOWED_TYPES)}; "
                             "only load models this tool trained")
        data = sio.load(path, trusted=sorted(untrusted))
        return cls.from_parts(data["features"], data["parts"])


# -- the same model as plain numbers (see .plain) ---------------------------------------------


def _linear(model: Any) -> dict[str, Any]:
    """A fitted binary ``LogisticRegression`` as plain numbers."""
    from sklearn.linear_model import LogisticRegression

    if type(model) is not LogisticRegression or model.coef_.shape[0] != 1:
        raise TypeError(f"not a binary logistic regression: {type(model).__name__}")
    return {"coef": model.coef_.tolist(), "intercept": model.intercept_.tolist()}


def _threshold(model: Any) -> dict[str, Any]:
    """One threshold model as plain numbers: a logistic regression, or a sigmoid calibration of one."""
    from sklearn.calibration import CalibratedClassifierCV, _CalibratedClassifier, _SigmoidCalibration

    if type(model) is not CalibratedClassifierCV:
        return {**_linear(model), "calibration": None}
    calibrations = []
    for part in model.calibrated_classifiers_:
        if type(part) is not _CalibratedClassifier or part.method != "sigmoid" or len(part.calibrators) != 1 \
                or type(part.calibrators[0]) is not _SigmoidCalibration or len(part.classes) != 2:
            raise TypeError("only a binary sigmoid calibration can be written as plain numbers")
        calibrator = part.calibrators[0]
        calibrations.append({**_linear(part.estimator), "a": float(calibrator.a_), "b": float(calibrator.b_)})
    return {"calibration": calibrations}


def parameters(model: OrdinalModel) -> dict[str, Any]:
    """Everything :class:`~.plain.PlainOrdinalModel` needs to compute ``model``'s probabilities and
    contributions, as JSON-ready numbers (``TypeError`` for a part it cannot write)."""
    e = model.estimator
    scaler = e.scaler_
    return {
        "format": PARAMETERS_FORMAT, "version": PARAMETERS_VERSION, "features": list(model.features),
        "classes": [int(c) for c in e.classes_],
        "scaler": {"mean": scaler.mean_.tolist() if scaler.with_mean else None,
                   "scale": scaler.scale_.tolist() if scaler.with_std else None},
        "thresholds": [_threshold(m) for m in e.thresholds_],
        "explainers": [_linear(m) for m in e.explainers_],
    }


def _write_parameters_file(folder: Path, model: OrdinalModel) -> Path | None:
    """Write ``parameters.json`` for ``model`` (saved as ``folder/model.skops``); ``None``, with a warning,
    for a model that cannot be written as plain numbers (``review`` then loads ``model.skops``)."""
    try:
        data = parameters(model)
    except TypeError as exc:
        warnings.warn(f"{folder}: {exc}; review will load {MODEL_FILE} with skops", stacklevel=3)
        (folder / PARAMETERS_FILE).unlink(missing_ok=True)
        return None
    data = {"model_sha256": file_digest(folder / MODEL_FILE), **data}
    path = folder / PARAMETERS_FILE
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def write_parameters(folder: str | Path) -> Path | None:
    """Add ``parameters.json`` to a model saved without it (loads ``model.skops`` with skops, with the
    usual allow-list); ``None`` if the model cannot be written as plain numbers.

    Example (the shipped model, once):
        python -c "from ehcp_nlp.rating.classifier import write_parameters; write_parameters('ehcp_nlp/data/models/default')"
    """
    folder = Path(folder)
    return _write_parameters_file(folder, OrdinalModel.load(folder))
