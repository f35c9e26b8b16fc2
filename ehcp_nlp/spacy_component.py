"""``ehcp_checks``: the checks as a spaCy pipeline component, for data scientists who work in spaCy.

Added to any pipeline, it checks each document's text as (part of) one section of a plan and writes
the flags to ``doc.spans["ehcp_flags"]``: each span is the flag's evidence, labelled with its code,
with the flag's ``code``, ``severity`` and ``message`` as span attributes (``span._.ehcp_code``,
``span._.ehcp_severity``, ``span._.ehcp_message``). ``displacy.render(doc, style="span",
options={"spans_key": "ehcp_flags"})`` shows them. The factory is registered with spaCy as an entry
point (``spacy_factories``), so ``nlp.add_pipe("ehcp_checks")`` finds it once ehcp-nlp is installed.
The checks parse the text with the project's own pipeline, whatever the host pipeline is.

Example:
    >>> import spacy
    >>> from ehcp_nlp import spacy_component  # registers the factory (the entry point does this when installed)
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("ehcp_checks", config={"section": "F"})
    >>> doc = nlp("Access to a small group as required.")
    >>> [(span.label_, span._.ehcp_severity) for span in doc.spans["ehcp_flags"]]
    [('provision.unquantified', 'major'), ('provision.vague_wording', 'major')]
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "ehcp_flags"
_ATTRIBUTES = ("ehcp_code", "ehcp_severity", "ehcp_message")
SECTIONS = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K", "advice", "review")

for _name in _ATTRIBUTES:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class EhcpChecks:
    """The component: flags for each document's text, as spans (see the module's text)."""

    def __init__(self, section: str = "F") -> None:
        key = section if section in ("advice", "review") else section.upper()
        if key not in SECTIONS:
            raise ValueError(f"unknown section {section!r}; use A to K, H1, H2, advice or review")
        self.section = key

    def __call__(self, doc: Doc) -> Doc:
        from .checks.engine import check_text

        spans = []
        for flag in check_text(self.section, doc.text):
            span = doc.char_span(flag.start, flag.end, label=flag.code, alignment_mode="expand")
            if span is None:  # the evidence does not lie on this document's text (a heading, say)
                continue
            span._.ehcp_code, span._.ehcp_severity, span._.ehcp_message = flag.code, flag.severity, flag.message
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("ehcp_checks", default_config={"section": "F"})
def make_ehcp_checks(nlp: Language, name: str, section: str) -> EhcpChecks:
    """The ``ehcp_checks`` factory: ``section`` is the section the documents are checked as."""
    return EhcpChecks(section)


def render(doc: Doc, **options: Any) -> str:
    """The flags of ``doc`` as displaCy's span view (HTML)."""
    from spacy import displacy

    return displacy.render(doc, style="span", options={"spans_key": SPANS_KEY, **options}, jupyter=False)
