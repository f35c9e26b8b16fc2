"""The rating model as plain numbers (parameters.json) gives what the scikit-learn model gives."""
import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from ehcp_nlp.rating.classifier import OrdinalClassifier, OrdinalModel, parameters, write_parameters
from ehcp_nlp.rating.suggest import load_rating_model
from ehcp_nlp.rating.plain import (MODEL_FILE, PARAMETERS_FILE, ModelError, PlainOrdinalModel,
                                   read_parameters)

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT = ROOT / "ehcp_nlp" / "data" / "models" / "default"
PLANS = ROOT / "tests" / "fixtures" / "plans"
SAMPLE = ROOT / "corpus" / "sample" / "sample_plan.docx"
TOLERANCE = 1e-9


def _same(sk: OrdinalModel, plain: PlainOrdinalModel, X: np.ndarray) -> None:
    """Probabilities and contributions agree to within TOLERANCE, row by row and in one batch."""
    assert plain.features == sk.features
    batch_sk, batch_plain = sk.predict_proba(X), plain.predict_proba(X)
    assert batch_sk.shape == batch_plain.shape == (len(X), 4)
    np.testing.assert_allclose(batch_plain, batch_sk, rtol=0, atol=TOLERANCE)
    for x in X[:50]:
        np.testing.assert_allclose(plain.predict_proba([x]), sk.predict_proba([x]), rtol=0, atol=TOLERANCE)
        np.testing.assert_allclose(plain.contributions(x), sk.contributions(x), rtol=0, atol=TOLERANCE)


@pytest.fixture(scope="module")
def shipped() -> tuple[OrdinalModel, PlainOrdinalModel]:
    plain = read_parameters(DEFAULT)
    assert plain is not None, (f"{DEFAULT / PARAMETERS_FILE} is missing or was not written from the model.skops "
                               "beside it; regenerate it with ehcp_nlp.rating.classifier.write_parameters")
    return OrdinalModel.load(DEFAULT), plain


def _fixture_features() -> np.ndarray:
    from ehcp_nlp.checks import review_plan
    from ehcp_nlp.plan import read_plan
    from ehcp_nlp.rating.features import features
    from ehcp_nlp.rating.scores import score_review

    paths = [p for p in sorted(PLANS.iterdir()) if p.suffix in (".docx", ".pdf", ".md", ".txt")
             and p.name != "README.md"] + [SAMPLE]
    rows = []
    for path in paths:
        review = review_plan(read_plan(path), kind="plan")
        rows.append(features(review, score_review(review))[0])
    return np.asarray(rows)


def test_shipped_model_same_probabilities_on_every_fixture_plan(shipped):
    X = _fixture_features()
    assert len(X) >= 25 and len({tuple(r) for r in X}) > 10  # many different plans, not one repeated
    sk, plain = shipped
    _same(sk, plain, X)
    assert len(set(sk.predict_proba(X).argmax(axis=1))) > 1  # the comparison covers more than one rating


def test_shipped_model_same_probabilities_on_random_feature_vectors(shipped):
    sk, plain = shipped
    mean, scale = sk.estimator.scaler_.mean_, sk.estimator.scaler_.scale_
    rng = np.random.default_rng(15)
    X = np.vstack([mean + scale * rng.normal(size=(3000, len(mean))),  # typical plans
                   mean + 6 * scale * rng.normal(size=(1000, len(mean))),  # far outside them: probabilities near 0 or 1
                   rng.uniform(0, 60, size=(500, len(mean)))])
    _same(sk, plain, X)
    probs = sk.predict_proba(X)
    assert probs.max() > 0.99 and (probs.argmax(axis=1) == 0).any() and (probs.argmax(axis=1) == 3).any()


def _toy(n: int = 200, seed: int = 0, classes: tuple[int, ...] = (0, 1, 2, 3)) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = np.clip(np.round(1.5 + 1.2 * X[:, 0] - 0.5 * X[:, 3] + 0.4 * rng.normal(size=n)), 0, 3).astype(int)
    keep = np.isin(y, classes)
    return X[keep], y[keep]


@pytest.mark.parametrize("calibrate, classes", [(True, (0, 1, 2, 3)), (False, (0, 1, 2, 3)), (True, (1, 2, 3)),
                                                (True, (0, 3))])
def test_saving_writes_parameters_that_give_the_same_probabilities(tmp_path, calibrate, classes):
    X, y = _toy(classes=classes)
    names = ["a", "b", "c", "d", "e"]
    model = OrdinalModel(tuple(names), OrdinalClassifier(calibrate=calibrate).fit(X, y))
    model.save(tmp_path, {"note": "test"})
    assert (tmp_path / PARAMETERS_FILE).is_file()
    plain = load_rating_model(tmp_path)
    assert isinstance(plain, PlainOrdinalModel)
    grid = np.random.default_rng(1).normal(scale=3, size=(500, 5))
    _same(model, plain, np.vstack([X, grid]))
    missing = sorted(set(range(4)) - set(classes))
    assert not plain.predict_proba(grid)[:, missing].any()  # a rating never seen in training stays at 0


def test_a_model_without_usable_parameters_is_loaded_with_skops(tmp_path):
    X, y = _toy()
    OrdinalModel.fit(X, y, list("abcde")).save(tmp_path, {})
    assert isinstance(load_rating_model(tmp_path), PlainOrdinalModel)
    saved = (tmp_path / PARAMETERS_FILE).read_text(encoding="utf-8")

    (tmp_path / PARAMETERS_FILE).unlink()  # saved by an older version
    assert isinstance(load_rating_model(tmp_path), OrdinalModel)

    (tmp_path / PARAMETERS_FILE).write_text("{not json", encoding="utf-8")  # damaged
    assert isinstance(load_rating_model(tmp_path), OrdinalModel)

    data = json.loads(saved)
    data["model_sha256"] = "0" * 64  # written from another model.skops: out of date
    (tmp_path / PARAMETERS_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert isinstance(load_rating_model(tmp_path), OrdinalModel)

    data = json.loads(saved)
    data["thresholds"] = data["thresholds"][:1]  # does not agree with itself
    (tmp_path / PARAMETERS_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert isinstance(load_rating_model(tmp_path), OrdinalModel)

    assert write_parameters(tmp_path) == tmp_path / PARAMETERS_FILE  # written again from model.skops
    assert (tmp_path / PARAMETERS_FILE).read_text(encoding="utf-8") == saved
    assert isinstance(load_rating_model(tmp_path), PlainOrdinalModel)


def test_parameters_alone_are_not_a_model(tmp_path):
    shutil.copy(DEFAULT / PARAMETERS_FILE, tmp_path / PARAMETERS_FILE)
    with pytest.raises(ModelError, match="train one"):
        load_rating_model(tmp_path)


class Payload:
    """A class skops does not know: a file holding one must not load."""


def test_an_untrusted_model_file_without_parameters_is_still_refused(tmp_path):
    import skops.io as sio

    sio.dump({"features": ["a"], "parts": {"x": Payload()}}, tmp_path / MODEL_FILE)
    with pytest.raises(ModelError, match="untrusted"):
        load_rating_model(tmp_path)


def test_a_part_that_cannot_be_written_leaves_the_model_to_skops(tmp_path):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    X, y = _toy()
    model = OrdinalModel.fit(X, y, list("abcde"))
    Z = model.estimator.scaler_.transform(X)
    model.estimator.thresholds_[0] = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=2) \
        .fit(Z, (y > 0).astype(int))
    with pytest.raises(TypeError, match="sigmoid"):
        parameters(model)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.save(tmp_path, {})
    assert any("skops" in str(w.message) for w in caught)
    assert not (tmp_path / PARAMETERS_FILE).exists()
    assert isinstance(load_rating_model(tmp_path), OrdinalModel)


def test_the_suggestion_is_the_same_either_way(tmp_path):
    from ehcp_nlp.pipeline import assess

    shutil.copytree(DEFAULT, tmp_path / "default")
    (tmp_path / "default" / PARAMETERS_FILE).unlink()
    plain = assess(SAMPLE, model_dir=str(DEFAULT))
    sk = assess(SAMPLE, model_dir=str(tmp_path / "default"))
    assert plain.rating is not None and sk.rating is not None
    assert plain.rating.suggested == sk.rating.suggested and plain.rating.reasons == sk.rating.reasons
    for rating, p in sk.rating.probabilities.items():
        assert abs(plain.rating.probabilities[rating] - p) < TOLERANCE
    assert abs(plain.rating.confidence - sk.rating.confidence) < TOLERANCE
    assert plain.to_dict() == sk.to_dict()
