"""Recognise identifiers that have a shape: the front page's own values wherever they recur, and any
e-mail address, UPN, ULN, NHS number, postcode, street address, phone number or labelled date of birth
(the patterns of ``data/redaction.json``)."""
from __future__ import annotations

import re

from .frontpage import Value
from .results import Span
from .rules import Rules


def pattern_spans(text: str, rules: Rules, values: list[Value]) -> list[Span]:
    """Every identifier in ``text`` found by a pattern (overlapping spans are left to the redactor)."""
    p, spans = rules.patterns, []
    for pattern, kind in values:
        spans += [Span(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    for kind in ("email", "upn", "postcode"):
        spans += [Span(m.start(), m.end(), kind) for m in p[kind].finditer(text)]
    spans += [Span(m.start(), m.end(), "address") for m in p["street_address"].finditer(text)]
    spans += [Span(m.start(), m.end(), "nhs_number") for m in p["nhs_number"].finditer(text)]
    spans += [Span(m.start(1), m.end(1), "uln") for m in p["uln"].finditer(text)]
    spans += [Span(m.start(1), m.end(1), "date_of_birth") for m in p["dob_labelled"].finditer(text)]
    for m in p["phone"].finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if m.group().startswith("+44"):
            digits = "0" + digits[2:].lstrip("0")
        if len(digits) in rules.phone_digits:
            spans.append(Span(m.start(), m.end(), "phone"))
    return spans
