"""The facing API: what ``import ehcp_nlp`` offers, the spaCy component, the shipped model as package data, and
every docstring example of the package run as a doctest."""
from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import ehcp_nlp

PACKAGE = Path(ehcp_nlp.__file__).parent


def test_the_package_exports_the_pipeline_and_the_result_types():
    from ehcp_nlp.model import Assessment
    from ehcp_nlp.model import Flag, Review
    from ehcp_nlp.pipeline import assess

    assert ehcp_nlp.assess is assess and ehcp_nlp.Assessment is Assessment
    assert ehcp_nlp.Flag is Flag and ehcp_nlp.Review is Review
    for name in ehcp_nlp.__all__:
        assert getattr(ehcp_nlp, name) is not None, name
    with pytest.raises(AttributeError):
        ehcp_nlp.no_such_thing  # noqa: B018


def test_importing_the_package_is_light():
    code = "import sys, ehcp_nlp; print(sorted(m for m in ('spacy', 'sklearn', 'numpy', 'click') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_py_typed_and_the_default_model_are_package_data():
    from ehcp_nlp.rating.suggest import default_model_dir

    assert (PACKAGE / "py.typed").is_file()
    folder = default_model_dir()
    assert folder.is_relative_to(PACKAGE) and (folder / "model.skops").is_file() and (folder / "parameters.json").is_file()


def test_the_spacy_component_is_registered_as_an_entry_point():
    """A new process that never imports ehcp_nlp finds the factory through the entry point."""
    code = ("import spacy\nnlp = spacy.blank('en')\nnlp.add_pipe('ehcp_checks', config={'section': 'E'})\n"
            "doc = nlp('Sam will improve his reading.')\n"
            "print([(s.label_, s._.ehcp_code, s._.ehcp_severity) for s in doc.spans['ehcp_flags']])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[('outcome.not_smart', 'outcome.not_smart', 'major')]", result.stderr[-2000:]


def test_displacy_shows_the_flags():
    import spacy

    from ehcp_nlp.spacy_component import render

    nlp = spacy.blank("en")
    nlp.add_pipe("ehcp_checks", config={"section": "F"})
    doc = nlp("Access to a small group as required.")
    html = render(doc)
    assert "provision.vague_wording" in html and "provision.unquantified" in html and "small" in html
    with pytest.raises(ValueError, match="unknown section"):
        spacy.blank("en").add_pipe("ehcp_checks", config={"section": "Z"})


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
