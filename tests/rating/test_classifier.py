"""The ordinal rating model: probabilities, order, persistence, refusal of untrusted files."""
import numpy as np
import pytest
import skops.io as sio

from ehcp_nlp.rating.classifier import ModelError, OrdinalModel
from ehcp_nlp.rating.training import metrics


def _data(n=160, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    y = np.clip(np.round(1.5 + 1.2 * X[:, 0] + 0.3 * rng.normal(size=n)), 0, 3).astype(int)
    return X, y


def test_probabilities_sum_to_one_and_follow_the_order():
    X, y = _data()
    model = OrdinalModel.fit(X, y, ["a", "b", "c", "d"])
    probs = model.predict_proba(X)
    assert np.allclose(probs.sum(axis=1), 1)
    low, high = model.predict_proba([[-3, 0, 0, 0]])[0], model.predict_proba([[3, 0, 0, 0]])[0]
    assert low.argmax() == 0 and high.argmax() == 3
    assert model.contributions([3, 0, 0, 0])[0] > 0  # pushes towards worse


def test_save_load_round_trip(tmp_path):
    X, y = _data()
    model = OrdinalModel.fit(X, y, ["a", "b", "c", "d"])
    model.save(tmp_path, {"note": "test"})
    again = OrdinalModel.load(tmp_path)
    assert np.allclose(again.predict_proba(X[:5]), model.predict_proba(X[:5]))


class Payload:
    """A class skops does not know: a file holding one must not load."""


def test_untrusted_object_is_refused(tmp_path):
    sio.dump({"features": ["a"], "parts": {"x": Payload()}}, tmp_path / "model.skops")
    with pytest.raises(ModelError, match="untrusted"):
        OrdinalModel.load(tmp_path)


def test_damaged_model_file_is_a_clear_error(tmp_path):
    (tmp_path / "model.skops").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="not a readable rating model"):
        OrdinalModel.load(tmp_path)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="train one"):
        OrdinalModel.load(tmp_path)


def test_metrics():
    m = metrics([0, 1, 2, 3, 2], [0, 2, 2, 1, 2])
    assert m["accuracy"] == 0.6 and m["within_one"] == 0.8 and m["confusion"][3][1] == 1
    assert 0 < m["qwk"] < 1


def test_the_classifier_is_a_scikit_learn_estimator():
    import warnings

    from sklearn.utils.estimator_checks import check_estimator

    from ehcp_nlp.rating.classifier import OrdinalClassifier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        failed = [r["check_name"] for r in check_estimator(OrdinalClassifier(), on_fail=None) if r["status"] == "failed"]
    assert failed == []


def test_the_classifier_works_in_a_pipeline_with_grouped_folds_and_the_kappa_scorer():
    from sklearn.model_selection import GroupKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ehcp_nlp.rating.classifier import OrdinalClassifier, qwk_scorer

    X, y = _data(200)
    groups = np.arange(len(y)) % 5  # e.g. the writer of each plan: no writer on both sides of a fold
    scores = cross_val_score(make_pipeline(StandardScaler(), OrdinalClassifier()), X, y, groups=groups,
                             cv=GroupKFold(5), scoring=qwk_scorer())
    assert len(scores) == 5 and scores.mean() > 0.6
