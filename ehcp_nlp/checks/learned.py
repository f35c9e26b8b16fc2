"""A second opinion from small text classifiers, for the checks whose word lists generalise least.

The rule decides unless its classifier is confident (see ``data/learned_checks.json``). The
classifiers are TF-IDF + logistic regression pipelines trained by
``scripts/train_check_models.py`` on the train split of the statement bank, shipped in
``ehcp_nlp/data/check_models/``. Beside each ``CODE.skops`` the training script writes the same
classifier as plain numbers (``CODE.parameters.json``: each vectoriser's vocabulary and IDF
weights, the coefficients and intercept), which :class:`PlainTextClassifier` applies with numpy
alone, so a review need not import scikit-learn or skops. Without that file, or when it was not
written from the ``.skops`` file now beside it, the ``.skops`` file is loaded with skops (no
untrusted types). If a model file is missing the rule alone decides.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

import numpy as np

from ..resources import load_json

_CONFIG = "learned_checks.json"
_CACHE: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 50000
PARAMETERS_FORMAT = "ehcp-nlp text classifier parameters"
PARAMETERS_VERSION = 1


def settings() -> dict[str, dict[str, Any]]:
    return load_json(_CONFIG)["checks"]


def model_path(code: str) -> Any:
    return resources.files("ehcp_nlp").joinpath("data", "check_models", f"{code}.skops")


def parameters_path(code: str) -> Any:
    return resources.files("ehcp_nlp").joinpath("data", "check_models", f"{code}.parameters.json")


class _Vectoriser:
    """A fitted ``TfidfVectorizer`` (default settings but for the analyser, n-gram range, ``min_df`` and
    ``sublinear_tf``), as plain numbers: the same terms, counts, IDF weights and L2 norm."""

    _TOKEN = re.compile(r"(?u)\b\w\w+\b")
    _WHITE_SPACES = re.compile(r"\s\s+")

    def __init__(self, data: dict[str, Any]) -> None:
        self.analyzer = data["analyzer"]
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown analyser {self.analyzer!r}")
        self.low, self.high = (int(n) for n in data["ngram_range"])
        self.sublinear_tf = bool(data["sublinear_tf"])
        self.vocabulary: dict[str, int] = data["vocabulary"]
        self.idf = np.asarray(data["idf"], dtype=np.float64)
        if len(self.idf) != len(self.vocabulary):
            raise ValueError("vocabulary and IDF weights differ in length")

    def terms(self, text: str) -> list[str]:
        """The n-grams scikit-learn's analyser makes of ``text`` (lower-cased)."""
        text = text.lower()
        if self.analyzer == "word":
            tokens = self._TOKEN.findall(text)
            grams = list(tokens) if self.low == 1 else []
            for n in range(max(self.low, 2), min(self.high + 1, len(tokens) + 1)):
                grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
            return grams
        grams = []
        for word in self._WHITE_SPACES.sub(" ", text).split():
            word = f" {word} "
            for n in range(self.low, self.high + 1):
                offset = 0
                grams.append(word[:n])
                while offset + n < len(word):
                    offset += 1
                    grams.append(word[offset:offset + n])
                if offset == 0:  # a short word counts once
                    break
        return grams

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices (ascending) and TF-IDF values of ``text``'s known terms, L2-normalised."""
        counts = Counter(self.vocabulary[t] for t in self.terms(text) if t in self.vocabulary)
        columns = np.asarray(sorted(counts), dtype=np.int64)
        values = np.asarray([counts[c] for c in columns], dtype=np.float64)
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        values *= self.idf[columns]
        norm = np.sqrt(np.dot(values, values))
        return columns, (values / norm if norm > 0 else values)


class PlainTextClassifier:
    """A TF-IDF (several vectorisers side by side) + binary logistic regression pipeline as plain
    numbers: the probabilities of scikit-learn's ``predict_proba`` with numpy alone."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != PARAMETERS_FORMAT or data.get("version") != PARAMETERS_VERSION:
            raise ValueError(f"not a {PARAMETERS_FORMAT} file of version {PARAMETERS_VERSION}")
        self.vectorisers = [_Vectoriser(v) for v in data["vectorisers"]]
        self.offsets = np.cumsum([0] + [len(v.idf) for v in self.vectorisers])
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = float(data["intercept"])
        if self.coef.shape != (int(self.offsets[-1]),):
            raise ValueError("coefficients and vocabularies differ in length")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(not the class), P(the class) for each text, as the scikit-learn pipeline's ``predict_proba``."""
        decision = np.empty(len(texts))
        for i, text in enumerate(texts):
            total = 0.0
            for offset, vectoriser in zip(self.offsets, self.vectorisers):
                columns, values = vectoriser.transform(text)
                total += float(np.dot(self.coef[offset + columns], values))
            decision[i] = total + self.intercept
        p = 1.0 / (1.0 + np.exp(-decision))
        return np.column_stack([1.0 - p, p])


def _plain(code: str) -> PlainTextClassifier | None:
    """The classifier from ``CODE.parameters.json`` when it was written from the ``CODE.skops`` shipped
    beside it, else ``None``."""
    path, skops_path = parameters_path(code), model_path(code)
    if not path.is_file() or not skops_path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("model_sha256") != hashlib.sha256(skops_path.read_bytes()).hexdigest():
            return None
        return PlainTextClassifier(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@lru_cache(maxsize=None)
def _model(code: str) -> Any:
    """The classifier for ``code`` (from its plain numbers when they match, else loaded with skops),
    or ``None`` when none is shipped or it holds untrusted types."""
    path = model_path(code)
    if not path.is_file():
        return None
    plain = _plain(code)
    if plain is not None:
        return plain
    import skops.io as sio

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
