"""A second opinion from small text classifiers, for the checks whose word lists generalise least.

The rule decides unless its classifier is confident (see ``data/learned_checks.json``). The
classifiers are TF-IDF + logistic regression pipelines trained by
``scripts/train_check_models.py`` on the train split of the statement bank, shipped in
``ehcp_nlp/data/check_models/`` and loaded with skops (no untrusted types). If a model file is
missing the rule alone decides.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ..resources import load_json

_CONFIG = "learned_checks.json"
_CACHE: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 50000


def settings() -> dict[str, dict[str, Any]]:
    return load_json(_CONFIG)["checks"]


def model_path(code: str) -> Any:
    return resources.files("ehcp_nlp").joinpath("data", "check_models", f"{code}.skops")


@lru_cache(maxsize=None)
def _model(code: str) -> Any:
    """The classifier for ``code``, or ``None`` when none is shipped or it holds untrusted types."""
    import skops.io as sio

    path = model_path(code)
    if not path.is_file():
        return None
    with resources.as_file(path) as file:
        if sio.get_untrusted_types(file=file):
            return None
        return sio.load(file, trusted=[])


def clear_cache() -> None:
    """Forget every classifier score."""
    _CACHE.clear()


def prime(code: str, texts: list[str]) -> None:
    """Score many texts in one batch (much faster than one at a time) for :func:`probability`."""
    model = _model(code)
    todo = [t for t in dict.fromkeys(texts) if (code, t) not in _CACHE]
    if model is None or not todo:
        return
    if len(_CACHE) + len(todo) > _CACHE_LIMIT:
        _CACHE.clear()
    for text, p in zip(todo, model.predict_proba(todo)[:, 1]):
        _CACHE[(code, text)] = float(p)


def probability(code: str, text: str) -> float | None:
    """P(``code`` applies to ``text``) from the classifier, or ``None`` without a model."""
    if (code, text) not in _CACHE:
        prime(code, [text])
    return _CACHE.get((code, text))


def verdict(code: str, text: str) -> bool | None:
    """``True``/``False`` when the classifier is confident enough to overrule the rule, else ``None``.

    A check whose ``clear_below`` is ``null`` only ever gains flags from its classifier.
    """
    p = probability(code, text)
    if p is None:
        return None
    conf = settings()[code]
    if p >= conf["flag_above"]:
        return True
    clear = conf.get("clear_below")
    return False if clear is not None and p <= clear else None
