"""Redact personal identifiers from a plan's text before it is exported.

One :class:`Redactor` serves one plan. It learns the child's and the family's
names, the date of birth, NHS number, UPN/ULN and address from the plan's
front page (:mod:`ehcp_nlp.frontpage`), finds other people with spaCy's named
entity recogniser (``PERSON``) and with titles ("Mrs Hussain", "Dr Owen"),
and finds identifiers that have a shape (NHS numbers, UPNs, postcodes, street
addresses, phone numbers, e-mail addresses, a date after "date of birth")
with the patterns in ``data/redaction.json``. Every identifier becomes a
placeholder that stays the same for the whole plan:

* the child (full name, any part of it, the name they are known by) is
  ``[CHILD]``; a possessive keeps its ending ("Kai's" → "[CHILD]'s");
* each parent or carer on the front page is ``[PARENT 1]``, ``[PARENT 2]`` …
  in the order the front page lists them, for the full name and for the first
  name alone;
* a surname shared by the child and a parent (or by two parents) is
  ``[FAMILY NAME]`` when it stands alone ("Mrs Okafor" → "Mrs [FAMILY NAME]");
  a surname only one of them has is that person's placeholder;
* anyone else is ``[PERSON 1]``, ``[PERSON 2]`` … numbered in order of first
  appearance; the full name, the surname after a title and the first name
  alone all keep the same number. Titles stay in the text ("Dr [PERSON 2]");
* ``[DATE OF BIRTH]``, ``[NHS NUMBER]``, ``[UPN]``, ``[ULN]``, ``[ADDRESS]``,
  ``[POSTCODE]``, ``[PHONE]``, ``[EMAIL]``.

Ordinary words stay: names are matched only as capitalised words (never
"may" or "will"), never inside phrases such as "Summer term" or "May 2025",
and a ``PERSON`` found by the model must look like a name, must not be a
word on the stop-list (months, "Mum", "Staff", subjects …), a known term
("Makaton", "Lego", "Zones of Regulation"), part of an organisation
("Linden Lodge School") or a word of the address or setting. Dates other
than the date of birth, ages, times and school names are kept.

The work is shared among small recognisers, in the manner of Microsoft
Presidio: :mod:`.frontpage` (the front page's names and identifiers),
:mod:`.patterns` (identifiers with a shape), :mod:`.names` (people's names),
:mod:`.people` (the registry that numbers them) and :mod:`.redactor` (which
runs them, resolves overlapping spans and replaces them).

Without the English model (not installed, or ``EHCP_NLP_NO_MODEL=1``) the
front page, titles and patterns still work and a :class:`ModelMissingWarning`
says so.

Example:
    >>> r = Redactor.from_front_page("Name: Kai Parker\\nDate of birth: 31 May 2008\\nParents: Lisa Parker")
    >>> r.redact("Kai's mum, Lisa, says Kai was born on 31/05/2008 and may start in May 2025.").text
    "[CHILD]'s mum, [PARENT 1], says [CHILD] was born on [DATE OF BIRTH] and may start in May 2025."
"""
from __future__ import annotations
from __future__ import annotations

from ..nlp import get_ner as _ner  # noqa: F401 - the entity recogniser, for measurements and tests
from .redactor import Redactor, plan_texts
from .results import Redacted, Replacement
from .rules import load_rules as _rules  # noqa: F401 - swapped by ``evaluate_redaction.py --no-name-list``

__all__ = ["Redacted", "Redactor", "Replacement", "plan_texts"]
