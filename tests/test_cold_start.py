"""A cold review loads only what its output needs: no scikit-learn or skops, no entity recogniser for text/JSON.

Each test reviews the sample plan in a fresh Python process (``python -c``), as ``ehcp-nlp review``
would, and reports which modules and spaCy components it ended up with.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "corpus/sample/sample_plan.docx"
HEAVY = ("sklearn", "skops", "scipy", "pandas", "openpyxl")

_SCRIPT = """
import json, sys
STUB
from ehcp_nlp.cli import main
try:
    main(ARGS, standalone_mode=False)
finally:
    from ehcp_nlp.nlp import get_nlp
    sys.stdout.flush()
    print("\\nMODULES " + json.dumps({
        "loaded": sorted({m.split(".")[0] for m in sys.modules}),
        "redact": "ehcp_nlp.redact" in sys.modules,
        "rating_model": type(__import__("ehcp_nlp.rating.suggest", fromlist=["x"]).load_model(
            str(__import__("ehcp_nlp.rating.suggest", fromlist=["x"]).default_model_dir()))).__name__,
        "pipes": get_nlp().pipe_names,
    }))
"""
#: Replaces the checks' own text classifiers (ehcp_nlp/checks/learned.py, still loaded with skops) by none.
_NO_CHECK_CLASSIFIERS = "import ehcp_nlp.checks.learned as learned; learned._model = lambda code: None"


def _cold_review(*options: str, stub: str = "") -> dict:
    """Review the sample plan in a new process with ``options``; what it loaded."""
    env = {k: v for k, v in os.environ.items() if k not in ("EHCP_NLP_MODEL", "EHCP_NLP_NO_MODEL")}
    script = _SCRIPT.replace("STUB", stub).replace("ARGS", repr(["review", SAMPLE, *options]))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stdout.rsplit("\nMODULES ", 1)
    assert len(line) == 2, done.stdout[-2000:]
    return json.loads(line[1])


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_review_outside_the_checks_classifiers_loads_neither_scikit_learn_nor_skops(fmt):
    found = _cold_review("--format", fmt, stub=_NO_CHECK_CLASSIFIERS)
    assert found["rating_model"] == "PlainOrdinalModel"
    assert not set(HEAVY) & set(found["loaded"]), set(HEAVY) & set(found["loaded"])
    assert "spacy" in found["loaded"] and "numpy" in found["loaded"]  # the report is not empty


def test_a_cold_review_loads_neither_scikit_learn_nor_skops():
    found = _cold_review()
    assert "sklearn" not in found["loaded"] and "skops" not in found["loaded"]


def test_text_and_json_reviews_load_no_entity_recogniser():
    for fmt in ("text", "json"):
        found = _cold_review("--format", fmt, stub=_NO_CHECK_CLASSIFIERS)
        assert not found["redact"] and "ner" not in found["pipes"], found
        assert "tagger" in found["pipes"]


def test_a_redacted_export_loads_the_redaction(tmp_path):
    found = _cold_review("--format", "md", "-o", str(tmp_path / "review.md"), stub=_NO_CHECK_CLASSIFIERS)
    assert found["redact"] and "ner" not in found["pipes"]  # the recogniser is redaction's own pipeline
    assert (tmp_path / "review.md").read_text(encoding="utf-8").strip()
