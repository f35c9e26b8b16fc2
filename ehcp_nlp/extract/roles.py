"""Give every piece of a document a role: the child's content, or the form's own text.

Council templates mix what is written about the child with the form itself:
headings, prompts and labels, statutory guidance under each heading, column
headers, placeholders ("{{ name }}", "Click or tap here to enter text."), blank
numbering and sign-off blocks. Only content is checked, scored or quoted. The
patterns live in ``data/roles.json``; text a batch has learnt is the council's
template (:class:`TemplateText`) counts as guidance or a prompt too.

Example:
    >>> from ehcp_nlp.model import Block, Document
    >>> doc = assign_roles(Document("x.docx", "docx", (
    ...     Block("table_row", "Name: | {{ name }}", cells=("Name:", "{{ name }}"), table=0, row=0),
    ...     Block("paragraph", "Please describe the child or young person's needs."),
    ...     Block("paragraph", "Ola reads 20 words on sight."))))
    >>> [b.roles for b in doc.blocks]
    [('prompt', 'placeholder'), ('guidance',), ('content',)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..model import Block, Document
from ..resources import check_keys, compile_pattern, load_json

_DATA = "roles.json"
_END = (".", "!", "?", ";")
_QUOTED = re.compile(r"[\"“”]")
_LETTER = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"\d+")
_TITLE_WORDS = 14  # longest emphasised or styled line taken for a heading
_CELL_TITLE_WORDS = 10
_FRONT_BLOCKS = 60  # blocks read for the child's and parents' names
_PERSONAL_MARGIN = 2.0
_SIGNOFF_WORDS = 30  # "Signed on behalf of … Council: name, role, date" is one long line
_LABEL_ROWS, _LABEL_RATIO = 0.6, 3.0  # a form table: most rows label | answer, answers three times as long


@dataclass(frozen=True)
class _Rules:
    placeholder: re.Pattern[str]
    placeholder_gate: tuple[str, ...]
    blank: re.Pattern[str]
    answer: re.Pattern[str]
    field_labels: re.Pattern[str]
    signoff: re.Pattern[str]
    signoff_gate: tuple[str, ...]
    signoff_columns: re.Pattern[str]
    guidance: tuple[tuple[re.Pattern[str], float, str, tuple[str, ...]], ...]
    guidance_threshold: float
    prompt: re.Pattern[str]
    prompt_max_words: int
    header_words: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled role patterns (validated on first use)."""
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "placeholder", "blank", "signoff", "guidance", "guidance_threshold",
                             "prompt", "prompt_max_words", "header_words", "answer", "signoff_columns",
                             "field_labels", "placeholder_gate", "signoff_gate"},
               {"placeholder", "blank", "signoff", "guidance", "prompt", "header_words", "answer"})
    guidance = []
    for cue in data["guidance"]:
        check_keys(_DATA, cue, {"pattern", "weight", "why", "gate"}, {"pattern", "weight", "why"})
        guidance.append((compile_pattern(_DATA, cue["pattern"]), float(cue["weight"]), cue["why"],
                         tuple(cue.get("gate", ()))))
    return _Rules(
        placeholder=compile_pattern(_DATA, "|".join(f"(?:{p})" for p in data["placeholder"])),
        placeholder_gate=tuple(data.get("placeholder_gate", ())),
        signoff_gate=tuple(data.get("signoff_gate", ())),
        blank=compile_pattern(_DATA, data["blank"]),
        answer=compile_pattern(_DATA, data["answer"]),
        field_labels=compile_pattern(_DATA, data.get("field_labels", "(?!)")),
        signoff=compile_pattern(_DATA, "|".join(f"(?:{p})" for p in data["signoff"])),
        signoff_columns=compile_pattern(_DATA, data.get("signoff_columns", "(?!)")),
        guidance=tuple(guidance),
        guidance_threshold=float(data.get("guidance_threshold", 2.0)),
        prompt=compile_pattern(_DATA, "|".join(f"(?:{p})" for p in data["prompt"])),
        prompt_max_words=int(data.get("prompt_max_words", 16)),
        header_words=compile_pattern(_DATA, data["header_words"]),
    )


def shape(text: str) -> str:
    """A piece of text as a template would repeat it: lower case, single spaces, digits as '#'."""
    return _DIGITS.sub("#", " ".join(text.lower().split())).strip(" .:;,-–—|")


@dataclass(frozen=True)
class TemplateText:
    """Pieces of text a batch found in many of its documents: that council's own template.

    Attributes:
        shapes: each piece's :func:`shape`.
        documents: how many documents the batch read to learn them.
    """

    shapes: frozenset[str] = field(default_factory=frozenset)
    documents: int = 0

    def __contains__(self, text: str) -> bool:
        return shape(text) in self.shapes


def is_placeholder(text: str) -> bool:
    """An unfilled field: a placeholder with nothing but a label beside it ("Name: {{ name }}")."""
    r = rules()
    if not _passes(text.lower(), r.placeholder_gate) or not r.placeholder.search(text):
        return False
    rest = r.placeholder.sub(" ", text).strip(" \t|-–")
    return not _LETTER.search(rest) or (len(rest.split()) <= 8 and rest.endswith((":", "?")))


def guidance_score(text: str) -> tuple[float, list[str]]:
    """How strongly a piece reads as the form's guidance, and why."""
    score, why = 0.0, []
    lower = text.lower()
    for pattern, weight, reason, gate in rules().guidance:
        if _passes(lower, gate) and pattern.search(text):
            score += weight
            why.append(reason)
    return score, why


def _passes(lower: str, gate: tuple[str, ...]) -> bool:
    """Does a piece hold one of a pattern's gate words (or has the pattern none)? A cheap test first."""
    return not gate or any(word in lower for word in gate)


def assign_roles(doc: Document, template: TemplateText | None = None) -> Document:
    """A copy of ``doc`` whose blocks carry the role of each of their parts."""
    headers = _column_headers(doc.blocks)
    signoff_tables = _signoff_tables(doc.blocks)
    label_tables = _label_tables(doc.blocks, headers)
    personal = _personal_pattern(doc.blocks)
    blocks = []
    for index, block in enumerate(doc.blocks):
        if block.table is not None and block.table in signoff_tables:
            roles = ("signoff",) * len(block.parts())
        elif index in headers:
            roles = tuple("placeholder" if is_placeholder(t) else "column_header" for _, t in block.parts())
        else:
            roles = _block_roles(block, template, personal)
            if block.table in label_tables and len([c for c in block.cells if c.strip()]) > 1:
                first = next(i for i, c in enumerate(block.cells) if c.strip())
                roles = tuple("prompt" if c == first and r == "content" else r
                              for (c, _), r in zip(block.parts(), roles))
        blocks.append(block.with_roles(roles))
    return Document(doc.source, doc.format, tuple(blocks), doc.pages, doc.warnings)


def _label_tables(blocks: tuple[Block, ...], headers: set[int]) -> set[int]:
    """Tables laid out as a form: a column of short labels beside longer answers ("Steps this year | …").

    A table with a column header row holds data, not labels; so does one of three columns or more.
    """
    found = set()
    for table, rows in _tables(blocks).items():
        if any(index in headers for index, _ in rows):
            continue
        paired = [[c.strip() for c in b.cells if c.strip()] for _, b in rows]
        if any(len(cells) > 2 for cells in paired):
            continue
        paired = [cells for cells in paired if len(cells) == 2]
        if len(paired) < 2 or len(paired) < _LABEL_ROWS * len(rows):
            continue
        labels = [cells[0] for cells in paired]
        answers = [" ".join(cells[1:]) for cells in paired]
        if all(len(t.split()) <= 8 and not t.endswith(_END) for t in labels) and \
                sum(map(len, answers)) >= _LABEL_RATIO * sum(map(len, labels)):
            found.add(table)
    return found


def _personal_pattern(blocks: tuple[Block, ...]) -> re.Pattern[str]:
    """Words that tie a passage to one child: he, she, his, her, or a name from the front page."""
    from ..frontpage import read_front_page

    front = read_front_page("\n".join(b.text for b in blocks[:_FRONT_BLOCKS]))
    names = [re.escape(n) for n in front.child_names + front.parent_names if len(n) > 2]
    return re.compile(r"\b(?:he|she|his|her|him|himself|herself" + "".join(f"|{n}" for n in names) + r")\b",
                      re.IGNORECASE)


def _block_roles(block: Block, template: TemplateText | None, personal: re.Pattern[str]) -> tuple[str, ...]:
    parts = block.parts()
    roles = []
    for cell, text in parts:
        same_cell = [t for c, t in parts if c == cell]
        roles.append(_part_role(block, text, same_cell, template, personal,
                                cell_first=bool(same_cell) and text == same_cell[0]))
    return tuple(roles)


def _part_role(block: Block, text: str, cell_parts: list[str], template: TemplateText | None,
               personal: re.Pattern[str], cell_first: bool) -> str:
    r = rules()
    words = len(text.split())
    if is_placeholder(text):
        return "placeholder"
    if r.blank.match(text):
        return "blank"
    if r.answer.match(text):
        return "content"  # "N/A", "None": a reply, even in bold
    if words <= _SIGNOFF_WORDS and _passes(text.lower(), r.signoff_gate) and r.signoff.search(text):
        return "signoff"
    if template is not None and text in template:
        return "prompt" if words <= r.prompt_max_words and not text.endswith(_END) else "guidance"
    if words >= 4 and not _QUOTED.search(text):
        score = guidance_score(text)[0]
        if score >= r.guidance_threshold + (_PERSONAL_MARGIN if personal.search(text) else 0.0):
            return "guidance"  # a passage about one child needs stronger cues to be the form's own text
    if words <= r.prompt_max_words and not _QUOTED.search(text) and (r.prompt.match(text)
                                                                     or r.field_labels.match(text)):
        return "prompt"
    if _titled(block, text, words, cell_parts, cell_first):
        return "heading"
    return "content"


def _titled(block: Block, text: str, words: int, cell_parts: list[str], cell_first: bool) -> bool:
    """A heading by its form: a heading style, or a short emphasised line, or a title line atop a one-cell row."""
    if text.endswith(_END) or words > _TITLE_WORDS:
        return False
    if block.kind == "heading":
        return True
    filled = [c for c in block.cells if c.strip()]
    if block.emphasis and (block.kind != "table_row" or len(filled) == 1):
        return True
    if block.kind == "table_row" and len(filled) == 1 and len(cell_parts) > 1 and words <= _CELL_TITLE_WORDS:
        # a one-cell row with a title over its text; in a row of several cells a short first line is content
        later = cell_parts[cell_parts.index(text) + 1:]
        return cell_first and any(len(t.split()) > words for t in later) or (
            not cell_first and bool(later) and _titled_run(cell_parts, text))
    return False


def _titled_run(cell_parts: list[str], text: str) -> bool:
    """A short line right under a cell's title line, before its longer text (e.g. an area of need)."""
    index = cell_parts.index(text)
    earlier = cell_parts[:index]
    return all(len(t.split()) <= _CELL_TITLE_WORDS and not t.endswith(_END) for t in earlier) and \
        any(len(t.split()) > _CELL_TITLE_WORDS for t in cell_parts[index + 1:])


def _tables(blocks: Iterable[Block]) -> dict[int, list[tuple[int, Block]]]:
    found: dict[int, list[tuple[int, Block]]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "table_row" and block.table is not None:
            found.setdefault(block.table, []).append((index, block))
    return found


def _column_headers(blocks: tuple[Block, ...]) -> set[int]:
    """Indices of rows that head the columns of a table (the first row, or the one under a title row)."""
    headers = set()
    for rows in _tables(blocks).values():
        start = 1 if len(rows) > 2 and len([c for c in rows[0][1].cells if c.strip()]) == 1 else 0
        if start < len(rows) - 1 and is_column_header(rows[start][1], [b for _, b in rows[start + 1:]]):
            headers.add(rows[start][0])
    return headers


def is_column_header(row: Block, below: list[Block]) -> bool:
    """Does ``row`` head the columns of the rows ``below`` it (short labels over longer cells, or bold)?"""
    cells = [c.strip() for c in row.cells if c.strip()]
    # a sentence in a cell is content; a one-word abbreviation ("No.", "Ref.") is still a label
    if len(cells) < 2 or any(len(c.split()) > 8 or c.endswith(_END) and len(c.split()) > 1 or is_placeholder(c)
                             for c in cells):
        return False
    if row.emphasis or sum(bool(rules().header_words.search(c)) for c in cells) >= max(2, len(cells) - 1):
        return True
    mean = sum(len(c) for c in cells) / len(cells)
    below_cells = [c for b in below for c in b.cells if c.strip()]
    return bool(below_cells) and sum(len(c) for c in below_cells) / len(below_cells) >= 2.5 * mean


def _signoff_tables(blocks: tuple[Block, ...]) -> set[int]:
    """Tables whose first row is a signature block's labels ("Name | Signature | Date")."""
    found = set()
    for table, rows in _tables(blocks).items():
        first = [c.strip() for c in rows[0][1].cells if c.strip()]
        if len(first) == 1 and len(first[0].split()) <= 12 and rules().signoff.search(first[0]) \
                and not first[0].lower().startswith("sign-off"):
            found.add(table)  # "Signed on behalf of the council" over its name / date rows
            continue
        for _, row in rows[:2]:  # under a one-cell title row ("Sign-off"), or first
            cells = [c.strip() for c in row.cells if c.strip()]
            signed = [bool(rules().signoff.search(c)) for c in cells]
            if len(cells) >= 2 and any(signed) and all(s or rules().signoff_columns.match(c)
                                                       for s, c in zip(signed, cells)):
                found.add(table)
            if len(cells) >= 2:
                break
    return found
