"""Score blocks as section headings: by the section letter in any common form, by the title, by the form.

A council may write "Section A", "A.", "A)", "(A)", "A –", "Part A", "A1", a
letter in brackets after the title ("My learning needs (Section B)"), or no
letter at all. Titles are read by what they are about rather than matched
against a list of wordings: a title about *needs* and *health* is Section C,
one about *provision* and *social care* is H, one about *views* or *aspirations*
is A (facets in ``data/section_headings.json``). The form — a heading style,
bold or capitals, a table's first cell, a short line — adds to the score.
:mod:`.sequence` then chooses among the candidates for the whole document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Block
from .heading_rules import FAMILY, clean, normalise_key, rules, section_rank  # noqa: F401 - importable from here
from .titles import (_ITEM_CODES, _agrees, _item_number, area_of, known_title,  # noqa: F401 - importable from here
                     letter_keys, title_keys, title_readings)

_END = (".", "?", "!", ";", ",")
_DATE_VALUE = re.compile(r"^\W*\d|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_COLUMN_TITLE_WORDS, _COLUMN_COVERAGE = 6, 0.6  # a column named by its title alone: short and all about it


@dataclass(frozen=True)
class HeadingMatch:
    """A block (or a table row's first cell) read as the start of one or more sections.

    Attributes:
        keys: section keys it names (usually one; "Sections B, E and F" gives three).
        title: the heading text as written.
        strong: ``True`` when it carries a section letter ("Section F", "F.", "(F)").
        rest: content that shared the heading's table row, if any.
        score: how plausible a heading it is (see :func:`score_heading`).
        field: a form label whose answer is beside it or follows it ("Provision relating to that
            need:"); fields may recur (once per area of need or per outcome).
        continued: the heading says the section continues ("Section B (continued)").
    """

    keys: tuple[str, ...]
    title: str
    strong: bool
    rest: str = ""
    score: float = 0.0
    field: bool = False
    continued: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()



def is_appendix(block: Block) -> bool:
    """True for a heading-like block that starts an appendix ("Appendix 1: Advice received")."""
    return heading_like(block) and bool(rules().appendix.match(clean(block.text)))


def heading_like(block: Block, max_words: int | None = None) -> bool:
    """Could this block be a heading by its form alone (style, emphasis or shortness)?"""
    text = clean(block.text)
    words = len(text.split())
    limit = max_words or rules().max_title_words
    if not text or words > rules().max_heading_words or rules().contents_line.search(block.text):
        return False
    if block.kind == "heading" or block.emphasis:
        return True
    if block.kind == "table_row":
        return sum(1 for c in block.cells if c.strip()) == 1 and words <= limit
    return block.kind == "paragraph" and words <= limit and not text.endswith(_END)


# --- scoring ---------------------------------------------------------------------------------

def score_heading(block: Block) -> HeadingMatch | None:
    """Read ``block`` as a section heading and score it, or ``None`` if it names no section.

    A table row is read by its first filled cell; the other cells are its ``rest``.
    """
    if block.kind == "table_row" and len([c for c in block.cells if c.strip()]) > 1:
        return _score_row(block)
    first, _, rest = block.text.strip().partition("\n")
    if rest.strip():  # a title line atop a cell or paragraph ("... (B-F-E)" / area / description)
        match = _score_text(block, first, in_row=True)
        return replace(match, rest=rest.strip()) if match else None
    return _score_text(block, block.text)


def match_heading(block: Block) -> HeadingMatch | None:
    """``block`` as a section heading if it scores as one, else ``None``.

    Example:
        >>> match_heading(Block("paragraph", "PART E – OUTCOMES", emphasis=True)).keys
        ('E',)
        >>> match_heading(Block("paragraph", "Sam will read 50 words by July 2027.")) is None
        True
    """
    found = score_heading(block)
    return found if found and found.score >= rules().threshold else None


def _score_text(block: Block, raw: str, in_row: bool = False) -> HeadingMatch | None:
    r = rules()
    text = clean(raw.split("\n")[0] if in_row else raw)
    words = len(text.split())
    if (not text or words > r.max_heading_words or r.contents_line.search(raw)
            or (block.kind == "list_item" and not block.emphasis)):
        return None
    keys, title = letter_keys(text)
    t_keys, coverage = title_keys(title) if title else ((), 0.0)
    if keys and not _agrees(keys, t_keys) and r.labels[3].match(text):
        keys, title = (), text  # "A Key Adult": a capital letter, not a section label
        t_keys, coverage = title_keys(title)
    lettered = bool(keys)
    continued = bool(r.continued.search(text))
    if not keys and (not t_keys or words > r.max_title_words):
        return None
    if text.endswith((".", "!")) and not (keys and words <= 4):
        return None  # a sentence, not a heading
    field = text.endswith(":") or raw.rstrip().endswith(":")
    score = _form_score(block, text, words, in_row)
    if keys:
        score += 3.0
        if _agrees(keys, t_keys):
            score += 1.0
            if keys == ("H",) and set(t_keys) & {"H1", "H2"}:
                keys = tuple(k for k in t_keys if k in ("H1", "H2"))
        elif not title or continued:
            score += 0.5
        elif t_keys:
            score -= 0.5  # letter and title disagree: the letter is what the council wrote
    else:
        keys = t_keys
        score += 2.0 * coverage + (1.0 if known_title(title) else 0.0)
    if words > r.max_title_words:
        score -= 1.0
    return HeadingMatch(keys, text, strong=lettered, score=score, field=field, continued=continued,
                        alternatives=() if lettered else title_readings(title))


def _form_score(block: Block, text: str, words: int, in_row: bool) -> float:
    """What the block's form says: a heading style, emphasis, a table cell, a short line."""
    score = 0.0
    if block.kind == "heading":
        score += 2.0
    if block.emphasis:
        score += 1.5
    if block.kind == "table_row":
        score += 1.0 if not in_row else 0.5
    elif block.kind == "paragraph" and not text.endswith(_END) and words <= 12:
        score += 0.5
    return score


def _score_row(block: Block) -> HeadingMatch | None:
    """A table row whose first filled cell is a section label or title ("Section B" | "Special educational needs")."""
    cells = [c.strip() for c in block.cells if c.strip()]
    first, others = cells[0], cells[1:]
    r = rules()
    bare = r.bare_cell.match(clean(first))
    label = Block("table_row", first, cells=(first,), emphasis=block.emphasis)
    match = (HeadingMatch((normalise_key(bare["key"]),), clean(first), strong=True, score=4.0) if bare
             else _score_text(label, first, in_row=True))
    if not match:
        return None
    # "B5 | Individual maths sessions … | TA | weekly": a numbered need, outcome or provision item is
    # cited, not a section opened; only "A1 | About me" (a part's number and its title) heads a part
    codes = _ITEM_CODES.findall(first)
    item = bool(codes) and not _ITEM_CODES.sub("", first).strip(" ,;/&–—-") and any(_item_number(c) for c in codes)
    rest = " | ".join(others)
    key = match.keys[0]
    if len(others) == 1 and len(others[0].split()) <= 20 and "\n" not in others[0] and not _DATE_VALUE.search(others[0]):
        o_keys = letter_keys(others[0])[0] or title_keys(others[0])[0]
        if key in o_keys or (key == "H" and set(o_keys) & {"H1", "H2"}) or (match.strong and not o_keys
                                                                           and not others[0].endswith(_END)):
            return HeadingMatch(match.keys, f"{clean(first)} {others[0]}", match.strong,
                                score=match.score + 0.5, continued=match.continued)
    if item or not match.strong and match.score < r.field_threshold:
        return None  # a form row such as "Name | Oak Primary" is content, not a heading
    return HeadingMatch(match.keys, clean(first), match.strong, rest=rest, score=match.score, field=True,
                        continued=match.continued)


# --- tables carrying several sections ---------------------------------------------------------

def table_columns(block: Block) -> dict[int, str] | None:
    """For a header row naming two or more sections (Needs | Outcomes | Provision, B | F | E,
    C | G | E, D | H1 | H2 | E), map cell index -> section key, ``area`` or ``extra``.

    Example:
        >>> cells = ("B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes")
        >>> table_columns(Block("table_row", " | ".join(cells), cells=cells))
        {0: 'B', 1: 'F', 2: 'E'}
    """
    if block.kind != "table_row" or len([c for c in block.cells if c.strip()]) < 2:
        return None
    r = rules()
    mapping: dict[int, str] = {}
    for index, cell in enumerate(block.cells):
        text = clean(cell.split("\n")[0]).lower()
        if not text:
            continue
        if r.columns["area"].match(text):
            mapping[index] = "area"
            continue
        keys, title = letter_keys(cell.split("\n")[0])
        if not keys and (len(text.split()) > _COLUMN_TITLE_WORDS or text.endswith((".", "!", "?"))):
            continue  # a sentence is an answer, not a column's title
        if not keys and len(title.split()) <= _COLUMN_TITLE_WORDS:
            t_keys, coverage = title_keys(title)
            keys = t_keys if coverage >= _COLUMN_COVERAGE else ()
        if len(keys) == 1 and keys[0] not in mapping.values():
            mapping[index] = keys[0]
        elif not keys and r.columns["extra"].match(text):
            mapping[index] = "extra"
    if len(set(mapping.values()) - {"area", "extra"}) < 2:
        return None
    if any(clean(c) and i not in mapping for i, c in enumerate(block.cells)):
        return None  # a data row that happens to mention sections
    return mapping
