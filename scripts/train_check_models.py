#!/usr/bin/env python3
"""Train the second-opinion classifiers named in ehcp_nlp/data/learned_checks.json.

Each is a TF-IDF (words 1-2 and characters 2-5) + logistic regression pipeline,
trained on the *train* split of corpus/statements only (the test split stays
held out for scripts/evaluate_checks.py), and saved with skops to
ehcp_nlp/data/check_models/CODE.skops with a CODE.json record of what it was
trained on and its 5-fold cross-validated F1 and confident-prediction accuracy.

Usage: python scripts/train_check_models.py
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.checks.learned import settings  # noqa: E402

OUT = ROOT / "ehcp_nlp" / "data" / "check_models"


def pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        LogisticRegression(C=4, class_weight="balanced", max_iter=3000, random_state=0))


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
    return record


def main() -> int:
    for code, conf in settings().items():
        print(json.dumps(train(code, conf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
