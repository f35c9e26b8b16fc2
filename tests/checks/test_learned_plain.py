"""The checks' classifiers as plain numbers (CODE.parameters.json) give what the scikit-learn pipelines give."""
import json
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from ehcp_nlp.checks import learned

ROOT = Path(__file__).resolve().parent.parent.parent
ODD = ["", "   ", "a", "I", "Ünïcode café naïve — “quotes”\ttabs\nand  newlines", "x" * 3, "1:1 30 mins 3x weekly",
       "the the the the", "Speech and Language Therapy (SALT)"]


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for path in sorted((ROOT / "corpus" / "statements").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 1000
    return texts + ODD


@pytest.mark.parametrize("code", sorted(learned.settings()))
def test_plain_classifier_gives_the_pipelines_probabilities(code):
    plain = learned._plain(code)
    assert plain is not None, f"{learned.parameters_path(code)} is missing or out of date: run " \
                              "python scripts/train_check_models.py --parameters-only"
    pipeline = sio.load(str(learned.model_path(code)), trusted=[])
    texts = _texts()
    expected, found = pipeline.predict_proba(texts), plain.predict_proba(texts)
    np.testing.assert_allclose(found, expected, rtol=0, atol=1e-9)
    assert expected[:, 1].min() < 0.2 and expected[:, 1].max() > 0.8  # both verdicts are covered


def test_out_of_date_parameters_fall_back_to_skops(monkeypatch, tmp_path):
    code = "provision.qft_only"
    data = json.loads(learned.parameters_path(code).read_text(encoding="utf-8"))
    data["model_sha256"] = "0" * 64
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(learned, "parameters_path", lambda c: stale)
    assert learned._plain(code) is None
    learned._model.cache_clear()
    try:
        assert type(learned._model(code)).__name__ == "Pipeline"
    finally:
        learned._model.cache_clear()
