"""Read a heading's words: the section letters it carries ("Section B", "(F)", "Sections C and G")
and what its title is about (facets such as *needs* and *health* make Section C), plus the area of
need a sub-heading names."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .heading_rules import _SECTION_ORDER, clean, normalise_key, rules, section_rank

_POSSESSIVE = re.compile(r"^(?:the|my|our|his|her|their)\s+", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'’]*")
_CONJUNCTION = re.compile(r"\band\b|&|,|/")
_RELATION = re.compile(r"\b(?:relat\w*|to meet|for|which|that|of|to|in)\b")


# --- letters ----------------------------------------------------------------------------------

def letter_keys(text: str) -> tuple[tuple[str, ...], str]:
    """The section letters a heading carries and the title left when they are taken out.

    Example:
        >>> letter_keys("Sections C (health needs) and G (health provision)")[0]
        ('C', 'G')
        >>> letter_keys("2.1 My education and training needs (B)")
        (('B',), 'My education and training needs')
        >>> letter_keys("A key adult will meet him")[0]
        ()
    """
    r = rules()
    text = clean(text)
    multi = r.multi.match(text)
    if multi:
        keys = re.findall(rf"(?<![A-Za-z]){r.key}(?![A-Za-z0-9])", re.sub(r"\([^)]*\)", " ", multi["keys"]))
        return _unique(normalise_key(k) for k in keys), clean(text[multi.end():])
    for pattern in r.labels:
        found = pattern.match(text)
        if found:
            return (normalise_key(found["key"]),), clean(text[found.end():])
    numbered = r.numbered.match(text)
    body = clean(text[numbered.end():]) if numbered else text
    bracket = r.bracket.search(body)
    if bracket and len(body.split()) <= r.max_heading_words:
        raw = bracket["keys"] or bracket["tail"]
        keys = re.findall(rf"{r.key}", raw)
        if any(_item_number(k) for k in keys):
            return (), body  # "Communication and interaction (B1–B3)": the needs it covers, not a section
        title = clean(body[:bracket.start()] + " " + body[bracket.end():])
        return _unique(normalise_key(k) for k in keys), title
    return (), body


_ITEM_CODES = re.compile(r"\b[A-K]\s?\d{1,2}[a-z]?\b|\band\b|\bto\b")


def _item_number(raw: str) -> bool:
    """'B3', 'E 1', 'B10': a numbered need, outcome or provision item; 'H1', 'H2' are sections, not items."""
    found = re.fullmatch(r"([A-K])\s?(\d{1,2})[a-z]?", raw.strip(), re.I)
    return bool(found) and not (found[1].upper() == "H" and found[2] in ("1", "2"))


def _unique(keys) -> tuple[str, ...]:
    """Keys once each, in order; H1 and H2 named together under one heading are one combined H."""
    found = list(dict.fromkeys(k for k in keys if k in _SECTION_ORDER))
    if {"H1", "H2"} <= set(found) or ("H" in found and {"H1", "H2"} & set(found)):
        found = [k for k in found if k not in ("H1", "H2")]
        if "H" not in found:
            found.append("H")
    return tuple(sorted(found, key=section_rank)) if len(found) > 1 else tuple(found)


# --- titles ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Facets:
    """A title read as facets: its normalised text, each facet's matches, and the facets it is about."""

    text: str
    hits: dict[str, list[re.Match[str]]]
    found: frozenset[str]


@lru_cache(maxsize=4096)
def _facets(title: str) -> _Facets | None:
    """The facets of a title (``None`` for an area of need such as "Health", or nothing at all)."""
    if area_of(title):  # "Health", "Communication and interaction": an area of need, not a section
        return None
    text = _POSSESSIVE.sub("", _LEADING_NUMBER.sub("", clean(title))).lower().replace("’", "'")
    if not text:
        return None
    hits = _longest_hits(text, rules().facets)
    found = {name for name, m in hits.items() if m} - _dependent_kinds(text, hits)
    return _Facets(text, hits, frozenset(found))


def title_readings(title: str) -> tuple[tuple[str, ...], ...]:
    """Other plausible readings of a title about social care or health, without its need or provision
    word: "My care and family support" is H (provision) or D (the family's care needs)."""
    facets = _facets(title)
    if facets is None or not facets.found & {"social", "health"}:
        return ()
    primary = _compose(facets.found)
    readings = [_compose(facets.found - {kind}) for kind in ("provision", "need") if kind in facets.found]
    return tuple(dict.fromkeys(r for r in readings if r and r != primary))


def title_keys(title: str) -> tuple[tuple[str, ...], float]:
    """The sections a title is about, and how much of the title that accounts for (0 to 1).

    Example:
        >>> title_keys("Health care provision reasonably required")[0]
        ('G',)
        >>> title_keys("Special Educational Needs and Provision")[0]
        ('B', 'F')
        >>> title_keys("The help I will get at school")[0]
        ('F',)
    """
    facets = _facets(title)
    keys = _compose(facets.found) if facets else ()
    if not keys:
        return (), 0.0
    covered = {i for ms in facets.hits.values() for m in ms for i in range(m.start(), m.end())}
    words = [w for w in _WORD.finditer(facets.text) if w.group(0) not in rules().stopwords]
    explained = sum(1 for w in words if any(i in covered for i in range(w.start(), w.end())))
    coverage = explained / len(words) if words else 1.0  # "All about me": nothing but the facet
    if not facets.found & {"need", "outcome", "provision", "voice", "placement", "budget", "advice"}:
        coverage *= 0.5  # a topic alone ("Health") is a weak title
    return keys, coverage


def _longest_hits(text: str, facets: dict[str, re.Pattern[str]]) -> dict[str, list[re.Match[str]]]:
    """Each facet's matches in ``text``, where overlapping matches give way to the longest:
    "family support" is about social care, not provision."""
    every = sorted(((m, name) for name, p in facets.items() for m in p.finditer(text) if m.end() > m.start()),
                   key=lambda mn: -(mn[0].end() - mn[0].start()))
    kept: list[tuple[re.Match[str], str]] = []
    for m, name in every:
        if all(m.end() <= k.start() or m.start() >= k.end() or name == other for k, other in kept):
            kept.append((m, name))
    hits: dict[str, list[re.Match[str]]] = {name: [] for name in facets}
    for m, name in sorted(kept, key=lambda mn: mn[0].start()):
        hits[name].append(m)
    return hits


def _dependent_kinds(text: str, hits: dict[str, list[re.Match[str]]]) -> set[str]:
    """Needs, outcomes or provision named only as what the title's first one relates to.

    "Needs and provision" names two sections; "Provision relating to that need" one.
    """
    found = sorted((m.start(), m.end(), kind) for kind in ("need", "outcome", "provision") for m in hits[kind][:1])
    dropped = set()
    for (_, end, _), (start, _, kind) in zip(found, found[1:]):
        between = text[end:start]
        if not _CONJUNCTION.search(between) or _RELATION.search(between):
            dropped.add(kind)
    return dropped


def _agrees(keys: tuple[str, ...], title_keys_: tuple[str, ...]) -> bool:
    """A letter and a title name the same section (H1 or H2 agree with a title about social care provision)."""
    return any(k == t or {k, t} in ({"H", "H1"}, {"H", "H2"}) for k in keys for t in title_keys_)


def _compose(found: set[str]) -> tuple[str, ...]:
    """Facets to sections: what (needs, outcomes, provision) for whom (education, health, social care)."""
    if "budget" in found:
        return ("J",)
    kinds = [k for k in ("need", "outcome", "provision") if k in found]
    if "placement" in found and not kinds:
        return ("I",)
    if "advice" in found and not kinds:
        return ("K",)
    topic = "social" if found & {"social", "csdpa"} else "health" if "health" in found else "education"
    if not kinds:
        if "voice" in found:
            return ("A",)
        return {"social": ("D",), "health": ("C",)}.get(topic, ()) if topic != "education" or "csdpa" in found else ()
    keys = []
    for kind in kinds:
        if kind == "outcome":
            keys.append("E")
        elif kind == "need":
            keys.append({"education": "B", "health": "C", "social": "D"}[topic])
        else:
            keys.append({"education": "F", "health": "G", "social": _social_provision(found)}[topic])
    return tuple(sorted(dict.fromkeys(keys), key=section_rank))


def _social_provision(found: set[str]) -> str:
    return "H1" if "csdpa" in found else "H2" if "other" in found else "H"


def known_title(title: str) -> str | None:
    """The section whose statutory wording ``title`` starts with, if any ("Special educational provision" -> F)."""
    text = _POSSESSIVE.sub("", _LEADING_NUMBER.sub("", clean(title))).strip()
    for key, pattern in rules().known:
        if pattern.match(text):
            return key
    return None


def area_of(text: str) -> str | None:
    """The area of need a short sub-heading names ("Speech, language and communication" -> C&I)."""
    text = _LEADING_NUMBER.sub("", clean(text))
    if len(text.split()) > 10:
        return None
    for name, pattern in rules().areas:
        if pattern.match(text):
            return name
    return None

