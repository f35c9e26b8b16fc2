"""Recognise section headings, area-of-need sub-headings and Need | Outcome | Provision tables.

The heading variants live in ``ehcp_nlp/data/section_headings.json``; this
module compiles them once and answers questions about single blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import DataFileError
from ..model import Block
from ..resources import check_keys, compile_pattern, load_json

_DATA = "section_headings.json"
_KEYS = {"A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K"}
_END_PUNCT = (".", "?", "!", ";", ",")
_POSSESSIVE = re.compile(r"^(?:the|my|our|his|her|their)\s+", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+", re.IGNORECASE)


@dataclass(frozen=True)
class HeadingMatch:
    """A block recognised as the start of a section.

    Attributes:
        keys: section keys it opens (usually one; "Sections B, E and F" gives three).
        title: the heading text as written.
        strong: ``True`` when the block carried an explicit "Section X"/"Part X"
            label; such a heading may reopen a section already seen.
        rest: content that shared the heading's table row, if any.
    """

    keys: tuple[str, ...]
    title: str
    strong: bool
    rest: str = ""


@dataclass(frozen=True)
class _Rules:
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    bare_cell: re.Pattern[str]
    multi: re.Pattern[str]
    contents_line: re.Pattern[str]
    titles: tuple[tuple[str, re.Pattern[str]], ...]
    areas: tuple[tuple[str, re.Pattern[str]], ...]
    appendix: re.Pattern[str]
    columns: tuple[tuple[str, re.Pattern[str]], ...]
    max_heading_words: int
    max_title_only_words: int


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled heading rules (validated on first use)."""
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "labels", "max_heading_words", "max_title_only_words",
                             "sections", "h_combined_split", "areas", "appendix", "table_columns"},
               {"labels", "sections", "areas", "appendix", "table_columns"})
    unknown = set(data["sections"]) - _KEYS
    if unknown:
        raise DataFileError(f"data file {_DATA}: unknown section key(s) {sorted(unknown)}")
    labels = {k: compile_pattern(_DATA, v) for k, v in data["labels"].items()}
    return _Rules(
        **labels,
        titles=_compile_titles(data["sections"]),
        areas=_compile_titles(data["areas"]),
        appendix=compile_pattern(_DATA, data["appendix"]),
        columns=tuple((k, compile_pattern(_DATA, v)) for k, v in data["table_columns"].items()),
        max_heading_words=int(data.get("max_heading_words", 30)),
        max_title_only_words=int(data.get("max_title_only_words", 14)),
    )


def _compile_titles(table: dict[str, list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for key, patterns in table.items():
        joined = "|".join(f"(?:{p})" for p in patterns)
        compiled.append((key, compile_pattern(_DATA, rf"^(?:{joined})(?![A-Za-z])")))
    return tuple(compiled)


def normalise_key(raw: str) -> str:
    """'h 1' -> 'H1'; 'b' -> 'B'."""
    return re.sub(r"\s+", "", raw).upper()


def clean(text: str) -> str:
    """Collapse white space and strip bullets, quotes and trailing colons from a heading."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return text.strip(" \t*•#:–—-").strip()


def title_key(text: str) -> str | None:
    """The section key whose title ``text`` starts with, if any ("Special educational provision" -> "F")."""
    text = _POSSESSIVE.sub("", _LEADING_NUMBER.sub("", clean(text))).strip()  # "My personal budget"
    for key, pattern in rules().titles:
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


def is_appendix(block: Block) -> bool:
    """True for a heading-like block that starts an appendix ("Appendix 1: Advice received")."""
    return heading_like(block) and bool(rules().appendix.match(clean(block.text)))


def heading_like(block: Block, max_words: int | None = None) -> bool:
    """Could this block be a heading by its form alone (style, emphasis or shortness)?"""
    text = clean(block.text)
    words = len(text.split())
    limit = max_words or rules().max_title_only_words
    if not text or words > rules().max_heading_words or rules().contents_line.search(block.text):
        return False
    if block.kind == "heading" or block.emphasis:
        return True
    if block.kind == "table_row":
        return sum(1 for c in block.cells if c.strip()) == 1 and words <= limit
    return block.kind == "paragraph" and words <= limit and not text.endswith(_END_PUNCT)


def match_heading(block: Block) -> HeadingMatch | None:
    """Recognise ``block`` as a section heading, or return ``None``.

    Example:
        >>> match_heading(Block("paragraph", "PART E – OUTCOMES", emphasis=True)).keys
        ('E',)
        >>> match_heading(Block("paragraph", "Sam will read 50 words by July 2027.")) is None
        True
    """
    if block.kind == "list_item" or rules().contents_line.search(block.text):
        return None
    if block.kind == "table_row" and len([c for c in block.cells if c.strip()]) > 1:
        return _match_row(block)
    return _match_text(block, clean(block.text))


def _match_text(block: Block, text: str) -> HeadingMatch | None:
    if not text or len(text.split()) > rules().max_heading_words:
        return None
    r = rules()
    multi = r.multi.match(text)
    if multi:
        keys = tuple(normalise_key(k) for k in re.split(r"\s*(?:,|&|and)\s*", multi["keys"]))
        return HeadingMatch(keys, text, strong=True)
    found = r.strong.match(text)
    if found:
        return _labelled(found, text, strong=True, block=block)
    found = r.weak.match(text)
    if found and (heading_like(block, r.max_heading_words) or block.kind == "table_row"):
        match = _labelled(found, text, strong=False, block=block)
        if match:
            return match
    if heading_like(block):
        key = title_key(text)
        if key:
            return HeadingMatch((key,), text, strong=False)
    return None


def _labelled(found: re.Match[str], text: str, strong: bool, block: Block) -> HeadingMatch | None:
    """Decide whether a label ("Section F", "F.") plus what follows it is a heading."""
    key = normalise_key(found["key"])
    rest = clean(text[found.end():])
    titled = title_key(rest) if rest else None
    if key == "H" and titled in ("H1", "H2"):
        key = titled
    separated = text[found.end():].lstrip()[:1] in (":", ".", "-", "–", "—", ")", "(")
    styled = block.kind in ("heading", "table_row") or block.emphasis
    if strong:
        accepted = not rest or titled is not None or separated
    else:
        accepted = titled in (key, "H") or (styled and (bool(rest) or block.kind != "paragraph"))
    return HeadingMatch((key,), text, strong=strong) if accepted else None


def _match_row(block: Block) -> HeadingMatch | None:
    """A table row whose first filled cell is a section label ("Section B" | "Special educational needs")."""
    cells = [c.strip() for c in block.cells if c.strip()]
    first, others = clean(cells[0]), cells[1:]
    bare = rules().bare_cell.match(first)
    label_cell = Block("table_row", first, cells=(first,))
    match = (HeadingMatch((normalise_key(bare["key"]),), first, strong=True) if bare
             else _match_text(label_cell, first))
    if not match or not _has_label(first):
        return None  # a form row such as "School | Oak Primary" is content, not a heading
    rest = " | ".join(others)
    key = match.keys[0]
    if len(others) == 1 and title_key(others[0]) in (key, "H") and len(others[0].split()) <= 20:
        return HeadingMatch(match.keys, f"{first} {others[0]}", match.strong)
    return HeadingMatch(match.keys, first, match.strong, rest=rest)


def _has_label(text: str) -> bool:
    """Does the text carry a section letter ("Section B", "B.", "Part B", "B")?"""
    r = rules()
    return bool(r.bare_cell.match(text) or r.strong.match(text) or r.multi.match(text) or r.weak.match(text))


def table_columns(block: Block) -> dict[int, str] | None:
    """For a Need | Outcome | Provision header row, map cell index -> ``B``/``E``/``F``/``area``.

    Returns ``None`` unless the row names at least two of needs, outcomes and provision.
    """
    if block.kind != "table_row":
        return None
    mapping: dict[int, str] = {}
    for index, cell in enumerate(block.cells):
        text = clean(cell).lower()
        for role, pattern in rules().columns:
            if text and pattern.match(text) and role not in mapping.values():
                mapping[index] = role
                break
    return mapping if len(set(mapping.values()) - {"area"}) >= 2 else None
