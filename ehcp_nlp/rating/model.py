"""An ordinal, calibrated rating model made only of scikit-learn parts, saved with skops.

The four ratings are ordered (Outstanding < Good < Requires Improvement <
Inadequate, best to worst). Following Frank and Hall (2001), one binary
classifier per threshold estimates P(rating worse than k); the class
probabilities are the differences. Each binary classifier is a logistic
regression on standardised features with sigmoid-calibrated probabilities;
an uncalibrated twin on the same features supplies the coefficients used to
explain a suggestion. The saved object is a plain dict of scikit-learn
estimators and lists, so skops loads it without trusting any project code.
"""
from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import numpy as np

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
#: scikit-learn's own calibration internals, which skops does not trust by default; nothing else is allowed.
ALLOWED_TYPES = frozenset({"sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration"})
MODEL_FILE = "model.skops"
META_FILE = "meta.json"


class ModelError(Exception):
    """A rating model file is missing, untrusted or does not fit this version."""


@dataclass
class OrdinalModel:
    """A fitted ordinal model: scaler, calibrated threshold classifiers and their explainers."""

    features: tuple[str, ...]
    parts: dict[str, Any]

    @classmethod
    def fit(cls, X: np.ndarray, y: Sequence[int], features: Sequence[str], C: float = 0.03, weight: str | None = None,
            seed: int = 0) -> "OrdinalModel":
        """Fit on feature rows ``X`` and ratings ``y`` (0 = Outstanding … 3 = Inadequate)."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        y = np.asarray(y)
        scaler = StandardScaler().fit(X)
        Z = scaler.transform(X)
        calibrated, explainers = [], []
        for k in range(len(RATINGS) - 1):
            target = (y > k).astype(int)
            base = LogisticRegression(C=C, max_iter=5000, random_state=seed, class_weight=weight)
            folds = int(min(5, np.bincount(target, minlength=2).min()))
            calibrated.append(CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False).fit(Z, target)
                              if folds >= 2 else base.fit(Z, target))
            explainers.append(LogisticRegression(C=C, max_iter=5000, random_state=seed, class_weight=weight).fit(Z, target))
        return cls(tuple(features), {"scaler": scaler, "thresholds": calibrated, "explainers": explainers})

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, rows summing to 1, columns in :data:`RATINGS` order."""
        Z = self.parts["scaler"].transform(np.atleast_2d(X))
        worse = np.column_stack([m.predict_proba(Z)[:, 1] for m in self.parts["thresholds"]])
        worse = np.minimum.accumulate(worse, axis=1)  # P(worse than k) cannot rise with k
        cumulative = np.column_stack([np.ones(len(Z)), worse, np.zeros(len(Z))])
        probs = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0, None)
        return probs / probs.sum(axis=1, keepdims=True)

    def contributions(self, x: Sequence[float]) -> np.ndarray:
        """Each feature's push towards a worse rating (positive) or a better one (negative)."""
        z = self.parts["scaler"].transform(np.atleast_2d(x))[0]
        coefs = np.mean([m.coef_[0] for m in self.parts["explainers"]], axis=0)
        return coefs * z

    # -- persistence ----------------------------------------------------------------------

    def save(self, folder: str | Path, meta: dict[str, Any]) -> None:
        """Write ``model.skops`` and ``meta.json`` (features, versions, training figures) to ``folder``."""
        import sklearn
        import skops
        import skops.io as sio

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        sio.dump({"features": list(self.features), "parts": self.parts}, folder / MODEL_FILE)
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
        return cls(tuple(data["features"]), data["parts"])

