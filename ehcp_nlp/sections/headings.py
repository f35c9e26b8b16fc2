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
from functools import lru_cache

from ..errors import DataFileError
from ..model import Block
from ..resources import check_keys, compile_pattern, load_json

_DATA = "section_headings.json"
_END = (".", "?", "!", ";", ",")
_POSSESSIVE = re.compile(r"^(?:the|my|our|his|her|their)\s+", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'’]*")
_DATE_VALUE = re.compile(r"^\W*\d|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_CONJUNCTION = re.compile(r"\band\b|&|,|/")
_RELATION = re.compile(r"\b(?:relat\w*|to meet|for|which|that|of|to|in)\b")
#: The needs-outcomes-provision family: form fields may switch among these sections.
FAMILY = frozenset({"B", "C", "D", "E", "F", "G", "H", "H1", "H2"})
_COLUMN_TITLE_WORDS, _COLUMN_COVERAGE = 6, 0.6  # a column named by its title alone: short and all about it
_SECTION_ORDER = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")


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


@dataclass(frozen=True)
class _Rules:
    key: str
    numbered: re.Pattern[str]
    contents_line: re.Pattern[str]
    continued: re.Pattern[str]
    labels: tuple[re.Pattern[str], ...]
    multi: re.Pattern[str]
    bracket: re.Pattern[str]
    bare_cell: re.Pattern[str]
    facets: dict[str, re.Pattern[str]]
    stopwords: frozenset[str]
    known: tuple[tuple[str, re.Pattern[str]], ...]
    areas: tuple[tuple[str, re.Pattern[str]], ...]
    appendix: re.Pattern[str]
    columns: dict[str, re.Pattern[str]]
    max_heading_words: int
    max_title_words: int
    threshold: float
    field_threshold: float


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled heading rules (validated on first use)."""
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "labels", "max_heading_words", "max_title_words", "threshold", "field_threshold",
                             "stopwords", "facets", "known_titles", "h_combined_split", "areas", "area_label", "appendix",
                             "table_columns"},
               {"labels", "facets", "known_titles", "areas", "appendix", "table_columns"})
    unknown = set(data["known_titles"]) - set(_SECTION_ORDER)
    if unknown:
        raise DataFileError(f"data file {_DATA}: unknown section key(s) {sorted(unknown)}")
    facets = {"voice", "need", "outcome", "provision", "education", "health", "social", "csdpa", "other",
              "placement", "budget", "advice"}
    if set(data["facets"]) != facets:
        raise DataFileError(f"data file {_DATA}: facets must be exactly {sorted(facets)}")
    labels = data["labels"]
    key = labels["key"]
    sep = r"\s*(?:,|&|\band\b|/|-|–)\s*"
    key = rf"{key}(?![A-Za-z0-9])"
    return _Rules(
        key=key,
        numbered=compile_pattern(_DATA, labels["numbered"]),
        contents_line=compile_pattern(_DATA, labels["contents_line"]),
        continued=compile_pattern(_DATA, labels["continued"]),
        labels=(
            re.compile(rf"^(?:sections?|part)\s*(?P<key>{key})(?![A-Za-z0-9])", re.I),  # Section F, Part F
            re.compile(rf"^(?P<key>{key})\s*(?:[.:)|]|\s[-–—]|[-–—]\s|[-–—](?=[A-Z]))(?![a-z])"),  # F. / F: / F) / F –
            re.compile(rf"^\((?P<key>{key})\)\s*"),  # (F)
            re.compile(rf"^(?P<key>{key})\s+(?=[A-Z])"),  # A1 Summary, H1 Social care provision
        ),
        multi=re.compile(rf"^sections?\s+(?P<keys>{key}(?:\s*\([^)]{{0,160}}\))?(?:{sep}{key}(?:\s*\([^)]{{0,160}}\))?)+)",
                         re.I),
        bracket=re.compile(rf"\((?:sections?\s+)?(?P<keys>{key}(?:{sep}{key})*)\)|[-–—:]\s*sections?\s+(?P<tail>{key})\s*$",
                           re.I),
        bare_cell=re.compile(rf"^(?:section\s*)?(?P<key>{key})\s*[.:]?$", re.I),
        facets={name: compile_pattern(_DATA, "(?<![a-z])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")(?![a-z])")
                for name, patterns in data["facets"].items()},
        stopwords=frozenset(data.get("stopwords", ())),
        known=_compile_titles(data["known_titles"]),
        areas=_compile_titles(data["areas"], data.get("area_label", "")),
        appendix=compile_pattern(_DATA, data["appendix"]),
        columns={k: compile_pattern(_DATA, v) for k, v in data["table_columns"].items()},
        max_heading_words=int(data.get("max_heading_words", 30)),
        max_title_words=int(data.get("max_title_words", 16)),
        threshold=float(data.get("threshold", 3.0)),
        field_threshold=float(data.get("field_threshold", 1.5)),
    )


def _compile_titles(table: dict[str, list[str]], label: str = "") -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Title patterns by key, each anchored at the start, after an optional ``label`` ("Area of need:")."""
    compiled = []
    prefix = f"(?:{label})?" if label else ""
    for key, patterns in table.items():
        joined = "|".join(f"(?:{p})" for p in patterns)
        compiled.append((key, compile_pattern(_DATA, rf"^{prefix}(?:{joined})(?![A-Za-z])")))
    return tuple(compiled)


def normalise_key(raw: str) -> str:
    """'h 1' -> 'H1'; 'b' -> 'B'; 'A2' -> 'A' (the DfE template's parts of A); 'B3' -> 'B'."""
    key = re.sub(r"\s+", "", raw).upper()
    if len(key) == 2 and not (key[0] == "H" and key[1] in "12"):
        return key[0]
    return key


def clean(text: str) -> str:
    """Collapse white space and strip bullets, quotes and trailing colons from a heading."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return text.strip(" \t*•#:–—-").strip()


def section_rank(key: str) -> int:
    return _SECTION_ORDER.index(key) if key in _SECTION_ORDER else len(_SECTION_ORDER)


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
