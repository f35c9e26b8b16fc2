#!/usr/bin/env python3
"""Train the second-opinion classifiers named in ehcp_nlp/data/learned_checks.json.

Each is a TF-IDF (words 1-2 and characters 2-5) + logistic regression pipeline,
trained on the *train* split of corpus/statements only (the test split stays
held out for scripts/evaluate_checks.py), and saved with skops to
ehcp_nlp/data/check_models/CODE.skops with a CODE.json record of what it was
trained on and its 5-fold cross-validated F1 and confident-prediction accuracy, and
CODE.parameters.json, the same classifier as plain numbers (what a review applies, with numpy).

Usage: python scripts/train_check_models.py
       python scripts/train_check_models.py --parameters-only   (write CODE.parameters.json from the
                                                                 shipped CODE.skops files, no training)
"""
from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.checks.learned import PARAMETERS_FORMAT, PARAMETERS_VERSION, settings  # noqa: E402

OUT = ROOT / "ehcp_nlp" / "data" / "check_models"


def pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        LogisticRegression(C=4, class_weight="balanced", max_iter=3000, random_state=0))


def parameters(model) -> dict:
    """The pipeline as plain numbers for ehcp_nlp.checks.learned.PlainTextClassifier (refuses settings it
    does not implement)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    union, lr = model.steps[0][1], model.steps[-1][1]
    if type(model) is not Pipeline or len(model.steps) != 2 or type(union) is not FeatureUnion \
            or union.transformer_weights is not None or type(lr) is not LogisticRegression or lr.coef_.shape[0] != 1:
        raise TypeError("expected TF-IDF vectorisers side by side and a binary logistic regression")
    expected = {"binary": False, "input": "content", "lowercase": True, "max_features": None, "norm": "l2",
                "preprocessor": None, "smooth_idf": True, "stop_words": None, "strip_accents": None,
                "token_pattern": r"(?u)\b\w\w+\b", "tokenizer": None, "use_idf": True, "vocabulary": None}
    vectorisers = []
    for _, v in union.transformer_list:
        params = v.get_params()
        if type(v) is not TfidfVectorizer or any(params[k] != value for k, value in expected.items()) \
                or params["analyzer"] not in ("word", "char_wb"):
            raise TypeError(f"a vectoriser with settings the plain classifier does not implement: {v!r}")
        vocabulary = {term: int(i) for term, i in sorted(v.vocabulary_.items(), key=lambda item: item[1])}
        vectorisers.append({"analyzer": params["analyzer"], "ngram_range": list(params["ngram_range"]),
                            "sublinear_tf": params["sublinear_tf"], "vocabulary": vocabulary, "idf": v.idf_.tolist()})
    return {"format": PARAMETERS_FORMAT, "version": PARAMETERS_VERSION, "classes": [bool(c) for c in lr.classes_],
            "vectorisers": vectorisers, "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}


def write_parameters(code: str) -> Path:
    """Write CODE.parameters.json from the shipped CODE.skops (tied to it by its SHA-256)."""
    import skops.io as sio

    path = OUT / f"{code}.skops"
    model = sio.load(path, trusted=[])
    data = {"model_sha256": hashlib.sha256(path.read_bytes()).hexdigest(), **parameters(model)}
    out = OUT / f"{code}.parameters.json"
    out.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def train(code: str, conf: dict) -> dict:
    import skops.io as sio
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    items = [json.loads(line) for path in sorted((ROOT / "corpus" / "statements").glob(conf["corpus"]))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    train_items = [i for i in items if i["split"] == "train" and i["section"] == conf["section"]]
    X = [i["text"] for i in train_items]
    y = np.array([code in i["labels"] for i in train_items])
    p = cross_val_predict(pipeline(), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                          method="predict_proba")[:, 1]
    tp, fp, fn = int(((p >= .5) & y).sum()), int(((p >= .5) & ~y).sum()), int(((p < .5) & y).sum())
    clear = conf.get("clear_below")
    confident = (p >= conf["flag_above"]) | ((p <= clear) if clear is not None else False)
    record = {"code": code, "trained_on": f"corpus/statements/{conf['corpus']} (train split)",
              "items": len(X), "positives": int(y.sum()), "cv_f1": round(2 * tp / (2 * tp + fp + fn), 3),
              "confident_share": round(float(confident.mean()), 3),
              "confident_accuracy": round(float(((p >= .5) == y)[confident].mean()), 3)}
    OUT.mkdir(parents=True, exist_ok=True)
    model = pipeline().fit(X, y)
    sio.dump(model, OUT / f"{code}.skops", compression=zipfile.ZIP_DEFLATED)
    (OUT / f"{code}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    write_parameters(code)
    return record


def main() -> int:
    if "--parameters-only" in sys.argv[1:]:
        for code in settings():
            print(write_parameters(code))
        return 0
    for code, conf in settings().items():
        print(json.dumps(train(code, conf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
