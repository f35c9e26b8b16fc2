"""Within-plan consistency: passages pasted word for word into several places."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from ..base import Context, Rule, register
from ..results import Flag

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_MIN_WORDS = 6


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


@register("plan.copied_text")
class CopiedText(Rule):
    """The same sentence pasted into several outcomes, needs or provision items is boilerplate, not a plan."""

    scope = "plan"

    def check(self, unit: None, ctx: Context) -> Iterable[Flag]:
        seen: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
        for key, section in ctx.sections.items():
            if key not in ("A", "B", "E", "F"):
                continue
            for statement in section.items:
                for match in _SENTENCE.finditer(statement.text):
                    sentence = match.group(0).strip()
                    if len(sentence.split()) >= _MIN_WORDS:
                        start = statement.start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
                        seen[_normal(sentence)].append((key, start, start + len(sentence), sentence))
        for places in seen.values():
            if len(places) < 2:
                continue
            where = ", ".join(sorted({k for k, *_ in places}))
            for key, start, end, sentence in places[1:]:
                yield self.flag(None, f"{self.info.message} (it appears {len(places)} times, in {where}).",
                                evidence=sentence, start=start, end=end, section=key, copies=len(places))
