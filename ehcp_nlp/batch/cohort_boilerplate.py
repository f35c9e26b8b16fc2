"""Boilerplate: the same sentence, word for word (after normalising), in the statements of many plans.

Statements are cut into clauses as the plan-level check for pasted text cuts them
(:func:`ehcp_nlp.checks.statements.clause_spans`: at ``.``, ``!``, ``?`` and ``;`` and at line breaks,
whatever follows), so a repeated clause counts even where the statement splitter keeps it with its neighbour.
"""
from __future__ import annotations

import math
import re
from typing import Any

from ..checks.statements import clause_spans
from .cohort_data import percent
from .cohort_results import Boilerplate, RepeatedText
from .records import PlanRecord

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, punctuation and whitespace collapsed to single spaces."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def boilerplate(plans: list[PlanRecord], settings: dict[str, Any]) -> Boilerplate:
    """Sentences of B, E and F statements found in several *different* plans (repeats within one plan count once)."""
    min_words = settings["boilerplate_min_words"]
    min_plans = max(settings["boilerplate_min_plans"], math.ceil(settings["boilerplate_min_share"] * len(plans)))
    seen: dict[str, dict[str, Any]] = {}
    for record in plans:
        for section, statements in sorted(record.statements.items()):
            for statement in statements:
                for sentence in (statement[s:e] for s, e in clause_spans(statement)):
                    key = normalise(sentence)
                    if len(key.split()) < min_words:
                        continue
                    entry = seen.setdefault(key, {"text": " ".join(sentence.split()), "ids": [], "files": [],
                                                  "n": 0, "sections": set()})
                    entry["n"] += 1
                    entry["sections"].add(section)
                    if record.id not in entry["ids"]:
                        entry["ids"].append(record.id)
                        entry["files"].append(record.file)
    repeated = [(k, e) for k, e in seen.items() if len(e["ids"]) >= min_plans]
    repeated.sort(key=lambda item: (-len(item[1]["ids"]), -item[1]["n"], item[0]))
    affected = {i for _, e in repeated for i in e["ids"]}
    items = tuple(RepeatedText(_short(e["text"], settings["example_chars"]), k, len(e["ids"]), e["n"],
                               tuple(sorted(e["sections"])), tuple(e["ids"][:10]), tuple(e["files"][:10]))
                  for k, e in repeated[: settings["boilerplate_top"]])
    return Boilerplate(min_plans, min_words, len(affected), percent(len(affected), len(plans)), items)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 2].rsplit(" ", 1)[0] + " …"
