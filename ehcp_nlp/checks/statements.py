"""Split a section's text into statements (outcomes, provision items, needs), keeping offsets.

Outcomes and provision arrive as bullets, numbered lists, table cells (one
line each) or run-on paragraphs. Each line is split at bullets and at
sentence ends; a sentence that only continues the one before ("This will be
delivered by…", "Sessions will…") stays with it. Area-of-need sub-headings
are not statements: they set the ``area`` of the statements under them (unless
Section B has nothing else: then the named areas are its needs).

Example:
    >>> [s.text for s in split_statements("F", "• Daily phonics, 15 min. • Weekly SALT.")]
    ['Daily phonics, 15 min.', 'Weekly SALT.']
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..nlp import has_model, parse
from ..sections.headings import area_of
from .lexicon import ModuleLexicon, lexicon
from ..model import Statement

_BULLET = re.compile(r"(?:^|\s)[•▪◦●■►✓·]\s*"  # a bullet glyph, anywhere
                     r"|(?:^|(?<=[.:;!?])\s+)(?:[-*–]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")  # "- ", "2.", "b)" opening a line or sentence
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]?\s+(?=[\"“‘(]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+|\n+")  # for repeated text: any sentence end, semicolon or line break
#: Needs (B) and provision items (F) are written as a paragraph or bullet whose later sentences
#: qualify the first ("Targets are reviewed every 6 weeks."): the line, not the sentence, is judged.
_WHOLE_LINE_SECTIONS = frozenset({"B", "F"})
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|approx|Dr|Mr|Mrs|Ms|Miss|No|St|vs|incl|min|mins|hrs|wk|p\.w|Yr)\.|\b[A-Z]\.)$")


def _lex() -> ModuleLexicon:
    """The word lists this module declares in ``rules.json`` (``modules``)."""
    return lexicon().module(__name__)


@lru_cache(maxsize=1)
def _continuation() -> re.Pattern[str]:
    return _lex().pattern("continuation", anchored=True)


def split_statements(section: str, text: str, cues: tuple[tuple[int, int], ...] = ()) -> list[Statement]:
    """Statements of ``text`` (one section's text) with their offsets and area of need.

    ``cues`` are spans of headings and form labels in ``text``: never statements, though an
    area-of-need heading among them sets the area of what follows. A line that gives one of a
    provision item's details ("Who will provide it: …", "How often: …") belongs to the item above, as do
    the bullets of a list a statement introduces ("…, including:") and a line that only carries the one
    above on ("This is so that …").
    """
    statements: list[Statement] = []
    area: str | None = None
    heading: str | None = None
    frame: str | None = None  # Section E: the last line that speaks of the outcomes as a set ("… are for July 2028")
    offset = 0
    after_cue = in_list = False
    named: list[Statement] = []  # area headings, in case nothing is written under any of them
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        for s, e, is_cue in _segments(line, start, cues):
            piece = line[s:e].strip()
            named_area = area_of(piece) if len(piece.split()) <= 8 else None
            if named_area:
                area, heading = named_area, None
                named.append(Statement(section, piece, start + s, start + s + len(piece), named_area, None))
                continue
            if is_cue or _is_label(piece):
                after_cue, heading = is_cue, piece.rstrip(":").strip()
                continue
            if section == "E" and _frames_outcomes(piece):
                # not an outcome but what the outcomes are and when they are for: the time frame it gives
                # holds for the outcomes after it, under any sub-heading, until another frame gives one
                if frame is None or gives_time_frame(piece) or not gives_time_frame(frame):
                    frame = piece
                after_cue = True
                continue
            listing = (in_list and bool(_LIST_LINE.match(line)) or _lists_on(statements[-1], line)) if statements \
                else False
            in_list = listing
            if statements and not after_cue and (_detail().match(piece) or listing or _carries_on(piece)
                                                 or section == "E" and _fragment(piece)):
                last = statements[-1]  # "How often: daily" (the provision item above, in its five parts), or
                # the items of a list the statement above introduced ("… all speech sounds, including:")
                statements[-1] = Statement(section, text[last.start:start + e], last.start, start + e, last.area,
                                           last.heading)
                continue
            after_cue = False
            under = " — ".join(h for h in (heading, frame) if h) or None
            for ps, pe in _pieces(line, s, e, sentences=section not in _WHOLE_LINE_SECTIONS,
                                  fragments=section == "E"):
                statements.append(Statement(section, line[ps:pe], start + ps, start + pe, area, under))
    if section == "B" and not statements:
        return named  # needs given only as the names of areas: the names are what there is to judge
    return statements


_CELL = re.compile(r"\s+\|\s+")  # a table row's cells, as extraction joins them
_ITEM_CODE = re.compile(r"^\(?[A-Z]{0,2}\d{1,2}(?:\.\d{1,2})?[a-z]?[.):]?$")
_REFERENCE = re.compile(r"\b(?:[A-K]\d{1,2}[a-z]?|needs?|outcomes?|sections?|links?|linked|to|and|see|also)\b"
                        r"|[^\w]+", re.I)


def _fragment(piece: str) -> bool:
    """A piece of a Section E table row that is no statement of its own: cross-references ("Needs B1,
    B2.", "E1, E2") or a few words without a verb ("University; less TA support", an area's title)."""
    if not _REFERENCE.sub("", piece).strip():
        return True
    if len(piece.split()) > 6:
        return False
    if has_model():
        return not any(t.pos_ in ("VERB", "AUX") for t in parse(piece))
    return not re.search(r"\b(?:will|can|to|is|are)\b", piece, re.I)


def _carries_on(line: str) -> bool:
    """A line that only carries the statement above on ("This is so that …", "which …"); a line opening
    with "Because …" usually has its own main clause ("Because he is misunderstood, he becomes upset")."""
    return bool(_continuation().match(line)) and not line.lstrip().lower().startswith("because")


def _lists_on(statement: Statement, line: str) -> bool:
    """A bullet line under a statement that ends by introducing a list (with a colon)."""
    return bool(_LIST_LINE.match(line)) and statement.text.rstrip().endswith(":") and not _is_label(statement.text)


_LIST_LINE = re.compile(r"^\s*(?:[•▪◦●■►·*–-]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")


@lru_cache(maxsize=1)
def _detail() -> re.Pattern[str]:
    """A provision detail's label, after any bullet or typed number ("2. Who will provide it:")."""
    return re.compile(r"^\s*(?:[•▪◦●■►·*–-]|\(?\d{1,2}[.)]|\(?[a-h][.)])?\s*(?:"
                      + _lex().pattern("provision_detail").pattern + ")", re.I)


def _segments(line: str, start: int, cues: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int, bool]]:
    """The line cut into stretches that are cues (headings, labels) and stretches that are not, as
    offsets within the line; a table row's `` | `` left at the edge of a stretch is dropped."""
    end = start + len(line)
    inside = sorted((max(a, start) - start, min(b, end) - start) for a, b in cues if a < end and b > start)
    position = 0
    for a, b in inside + [(len(line), len(line))]:
        s, e = position, a
        while s < e and line[s] in " |":
            s += 1
        while e > s and line[e - 1] in " |":
            e -= 1
        if e > s:
            yield s, e, False
        if b > a:
            yield a, b, True
        position = max(position, b)


def _frames_outcomes(piece: str) -> bool:
    """Does the line speak of Section E's outcomes as a set ("The outcomes below are for the end of Key
    Stage 2", "Steps are reviewed termly") rather than state one?"""
    return bool(_lex().pattern("outcome_frame", anchored=True).match(piece))


def gives_time_frame(text: str) -> bool:
    """Does a heading or frame over outcomes give them a time frame ("Outcomes for the end of Key Stage 2",
    "Outcome by July 2027", "The outcomes below are for July 2028")?"""
    lex = _lex()
    return bool(lex.search("time_frame", text) or lex.search("date", text)
                or re.search(r"\bend of\b", text, re.I) and lex.search("stage_reference", text))


def _is_label(line: str) -> bool:
    """Short lines ending in a colon ("Short-term targets:") introduce statements; they are not statements."""
    return line.endswith(":") and len(line.split()) <= 10


def _pieces(line: str, start: int, end: int, sentences: bool = True,
            fragments: bool = False) -> Iterator[tuple[int, int]]:
    """Offsets of the statements in ``line[start:end]``: split at bullets, then (if asked) at sentence ends;
    with ``fragments`` (Section E) also at table cells, keeping a piece that is only a fragment or an
    item number with its neighbour."""
    for s, e in _split_at(line, _bullet_cuts(line, start, end), start, end):
        if not sentences:
            yield s, e
            continue
        cuts = _sentence_cuts(line, s, e)
        if fragments:  # Section E: an outcome and its steps share a table row but are judged one by one
            cuts = sorted(cuts + [(m.start(), m.end()) for m in _CELL.finditer(line, s, e)])
        merged: list[list[int]] = []
        for ss, ee in _split_at(line, cuts, s, e):
            piece = line[ss:ee]
            before = line[merged[-1][0]:merged[-1][1]] if merged else ""
            if merged and (_continuation().match(piece) or _ITEM_CODE.match(before)
                           or fragments and (_fragment(piece) or len(merged) == 1 and _fragment(before))):
                # "C1." numbers the sentence after it, "Independence and physical | …" titles it, and
                # "Needs B1, B2." only points back: one statement
                merged[-1][1] = ee
            else:
                merged.append([ss, ee])
        if fragments:
            merged = _around_outcomes(line, merged)
        yield from ((a, b) for a, b in merged)


def _around_outcomes(line: str, pieces: list[list[int]]) -> list[list[int]]:
    """Section E: each piece of a line that states an outcome (see :func:`_states_outcome`) with the rest of the
    line joined to it, as writers and auditors read an outcome: its area, time frame, starting point, steps,
    success criteria, evidence or the wish it serves go with the outcome before them, or the one after if
    they come first. A line with no piece that states an outcome is left as it was cut."""
    states = [_states_outcome(line[a:b]) for a, b in pieces]
    if len(pieces) < 2 or not any(states):
        return pieces
    grouped: list[list[int]] = []
    pending: int | None = None  # the start of what comes before the first outcome
    for (a, b), outcome in zip(pieces, states):
        if outcome:
            grouped.append([a if pending is None else pending, b])
            pending = None
        elif grouped:
            grouped[-1][1] = b
        elif pending is None:
            pending = a
    return grouped


def _states_outcome(piece: str) -> bool:
    """Does a piece of an outcome line say what the child will do or achieve: "will", "can" or "be able to"
    in a clause of its own (not after "before", "when", "which" …), and not only pointing back ("I will do
    this …", "It will be …")? A short label before a colon is passed over ("Step 1, by July 2027: he will …"),
    so "How we will know: it will be five sentences long" is a measure, not an outcome.

    Example:
        >>> _states_outcome("By July 2027, Nia will read 40 words.")
        True
        >>> _states_outcome("Nia needs an adult beside her before she will start.")
        False
    """
    lex = _lex()
    label = _LABEL.match(piece)
    passed = label and len(label.group(1).split()) <= _LABEL_WORDS and (
        _QUESTION.match(label.group(1)) or not lex.search("outcome_clause", label.group(1)))
    body = piece[label.end():] if passed else piece  # "Zara will: move safely …" keeps its "will"
    if _continuation().match(body) or lex.search("back_reference", body):
        return False
    return any(not lex.search("subordinator", re.split(r"[,;:()]", body[:found.start()])[-1])
               for found in lex.findall("outcome_clause", body))


_LABEL = re.compile(r"^\s*([^:|]{1,80}?):\s+")  # "Measured by: …", "Success looks like: …", "Step 1, by July: …"
_LABEL_WORDS = 8
_QUESTION = re.compile(r"\s*(?:how|what|when|where|why|who)\b", re.I)  # "How we will know: …" is a label


def _bullet_cuts(line: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _BULLET.finditer(line, start, end)]


def _sentence_cuts(line: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = []
    for m in _SENTENCE_END.finditer(line, start, end):
        if not _ABBREVIATION.search(line[max(start, m.start() - 8):m.start()].rstrip("\"”’')")):
            cuts.append((m.start(), m.end()))
    return cuts


def _split_at(line: str, cuts: list[tuple[int, int]], start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the non-blank stretches of ``line[start:end]`` between ``cuts`` (stripped)."""
    position = start
    for cut_start, cut_end in cuts + [(end, end)]:
        s, e = position, min(cut_start, end)
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        position = max(position, cut_end)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` is, cut at sentence ends as statements are (abbreviations such as
    "e.g." and "Dr." kept whole), each span stripped of the whitespace around it.

    Example:
        >>> text = "Mum says he likes Dr. Khan. He said: “I like trains.”"
        >>> [text[s:e] for s, e in sentence_spans(text)]
        ['Mum says he likes Dr. Khan.', 'He said: “I like trains.”']
    """
    return list(_split_at(text, _sentence_cuts(text, 0, len(text)), 0, len(text)))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`); ``[text]`` if it has none.

    Example:
        >>> split_sentences("Mum says he likes Dr. Khan. He said: “I like trains.”")
        ['Mum says he likes Dr. Khan.', 'He said: “I like trains.”']
    """
    return [text[s:e] for s, e in sentence_spans(text)] or [text]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of ``text`` is, for spotting text pasted from elsewhere: cut at ``.``, ``!``, ``?``
    and ``;`` followed by a space, and at line breaks, whatever follows, so a repeated clause is found even
    where the sentence splitter keeps it with its neighbour. Spans are stripped of the whitespace around them.

    Example:
        >>> text = "He will have access to a quiet space; staff will check in daily.\\nhe is happy"
        >>> [text[s:e] for s, e in clause_spans(text)]
        ['He will have access to a quiet space;', 'staff will check in daily.', 'he is happy']
    """
    return list(_split_at(text, [(m.start(), m.end()) for m in _CLAUSE_END.finditer(text)], 0, len(text)))
