"""Lay a PDF's text lines out as blocks: the page lines and ruled tables of :mod:`.pdf`, in reading
order, split where the line pitch, indentation, bullets or form say a new paragraph starts, joined where a
paragraph or a table row runs on over a page break."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Union

from ..model import Block
from .furniture import is_furniture, is_page_number, is_repeated, repeated_lines
from .pdf_tables import Table

#: Bullet glyphs, including Symbol and Wingdings bullets that pdfium reports in the private use area.
_GLYPH = ("[\u2022\u25aa\u25e6\u00b7\u25cf\u25cb\u25a0\u25a1\u25ba\u27a2\u2023\u2043"
          "\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\\s*")
#: Dashes and list numbers also occur at the start of wrapped lines ("... aged" / "10. He ...").
_WEAK = r"[-\u2013*o]\s+|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+"
_BULLET, _WEAK_BULLET = re.compile(f"^(?:{_GLYPH}|{_WEAK})"), re.compile(f"^(?:{_WEAK})")
_SENTENCE_END = (".", "!", "?", ";", ":")
_NEW_BLOCK_PITCH = 1.3   # a line pitch this many times the usual one starts a new block
_SHORT_LINE = 0.65       # a line ending before this share of the text width is "short"
_FULL_LINE = 0.9         # a line ending after this share of the text width is "full"
_EDGE_LINES = 2          # a page number is one of the two top or bottom lines of its page


@dataclass
class _Line:
    """One text line, positioned on the upright page in points (y grows upwards)."""

    text: str
    x0: float = 0.0    # left of the first character
    x1: float = 0.0    # right of the last character
    y0: float = 0.0    # bottom of the first character's font box
    y1: float = 0.0    # bottom of the last character's font box
    size: float = 0.0  # font size of the first character (else its font box height); 0 when unknown
    bold: bool = False
    soft_end: bool = False  # ends with a soft hyphen: join the next line without a space

    @property
    def caps(self) -> bool:
        return self.text.isupper() and sum(c.isalpha() for c in self.text) >= 2


@dataclass
class _Page:
    number: int
    lines: list[_Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_text: bool = False
    has_images: bool = False
    damaged: bool = False
    partly_damaged: bool = False
    tables_unread: bool = False



# --- ruled tables -----------------------------------------------------------

def _place_tables(lines: list[_Line], tables: list[Table]) -> list[Union[_Line, Table]]:
    """Drop lines inside tables and put each table before the first line below its top."""
    items: list[Union[_Line, Table]] = []
    pending = sorted((t for t in tables if t.rows), key=lambda t: -t.top)
    for line in lines:
        middle = line.y0 + line.size / 2
        if any(t.bottom < middle < t.top and t.left - 1 <= line.x0 <= t.right for t in tables):
            continue
        while pending and middle < pending[0].top:
            items.append(pending.pop(0))
        items.append(line)
    return items + pending


# --- blocks -----------------------------------------------------------------

def _blocks(pages: list[_Page]) -> list[Block]:
    """Drop page furniture, group lines into blocks and number the tables."""
    bodies = [_without_furniture(p.lines) for p in pages]
    # running headers and footers are looked for at the top and bottom of each page, not of pdfium's order
    shapes = repeated_lines([[line.text for line in sorted(body, key=lambda ln: -ln.y0)] for body in bodies])
    bodies = [[line for line in body if not is_repeated(line.text, shapes)] for body in bodies]
    measured = [line for body in bodies for line in body if line.size]
    pitch, margins = _layout(measured)
    blocks: list[Block] = []
    table, end = 0, None  # end: the last line of the last text block
    for page, body in zip(pages, bodies):
        for number, group in enumerate(_split(_place_tables(body, page.tables), pitch, margins)):
            if isinstance(group, Table):
                rows = list(group.rows)
                if number == 0 and rows and blocks and _row_goes_on(blocks[-1], rows[0]):
                    blocks[-1] = _joined_row(blocks[-1], rows.pop(0))  # a row broken by the page
                blocks += [Block(kind="table_row", text=" | ".join(c for c in cells if c), cells=cells,
                                 page=page.number, table=table, row=r) for r, cells in enumerate(rows)]
                table, end = table + 1, None
                continue
            block = _to_block(group, page.number)
            if number == 0 and end and _continues(blocks[-1], end, block, group, margins):
                last = blocks[-1]
                blocks[-1] = Block(kind=last.kind, text=f"{last.text} {block.text}", page=last.page)
            elif block.text:
                blocks.append(block)
            end = group[-1]
    return blocks


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """A page's lines without markings, and without page numbers where page numbers go (the top or
    bottom lines of the page); a number mid-page is text ("… 2 May" / "2025")."""
    by_height = sorted((line.y0 for line in lines), reverse=True)
    edge = set(by_height[:_EDGE_LINES] + by_height[-_EDGE_LINES:])
    return [line for line in lines if not is_furniture(line.text)
            or (is_page_number(line.text) and line.size and line.y0 not in edge)]


def _row_goes_on(prev: Block, cells: tuple[str, ...]) -> bool:
    """Whether the first row of a table at the top of a page finishes the last row of the page before.

    It does when the two have the same columns, the new row leaves some of them
    empty, and every cell it fills carries on a cell of the row above that stopped
    mid-sentence ("Social, emotional and" / "mental health"), or the new row has no
    label in its first column where the row above has one.
    """
    if prev.kind != "table_row" or len(prev.cells) != len(cells) or all(c.strip() for c in cells):
        return False
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if filled and len(cells) > 1 and not cells[0].strip() and prev.cells[0].strip() and all(
            prev.cells[i].strip() for i in filled):
        return True  # a label | answer row whose answer runs on: the new page's row has no label
    return bool(filled) and all(prev.cells[i].strip() and not prev.cells[i].rstrip().endswith(_SENTENCE_END)
                                and cells[i][:1].islower() for i in filled)


def _joined_row(prev: Block, cells: tuple[str, ...]) -> Block:
    joined = tuple((f"{a}\n{b}" if a.rstrip().endswith(_SENTENCE_END) and b[:1].isupper() else f"{a} {b}").strip()
                   if b.strip() else a for a, b in zip(prev.cells, cells))
    return Block(kind="table_row", text=" | ".join(c for c in joined if c), cells=joined, page=prev.page,
                 table=prev.table, row=prev.row)


def _layout(lines: list[_Line]) -> tuple[float, tuple[float, float]]:
    """The usual step from one line to the next (as a share of the font box height), and the
    left and right edges of the body text, across the document."""
    ratios = [(a.y1 - b.y0) / b.size for a, b in zip(lines, lines[1:])
              if abs(a.size - b.size) < 0.05 * b.size and 0 < a.y1 - b.y0 < 3 * b.size]
    pitch = statistics.quantiles(ratios, n=4)[0] if len(ratios) >= 4 else 1.2
    if not lines:
        return pitch, (0.0, 0.0)
    lefts, rights = sorted(line.x0 for line in lines), sorted(line.x1 for line in lines)
    return pitch, (lefts[len(lefts) // 20], rights[len(rights) * 19 // 20])


def _split(items: list[Union[_Line, Table]], pitch: float,
           margins: tuple[float, float]) -> list[Union[Table, list[_Line]]]:
    """Group a page's lines into blocks; each table stands alone."""
    groups: list[Union[Table, list[_Line]]] = []
    group: list[_Line] = []
    for item in items:
        if isinstance(item, Table):
            groups += [group, item] if group else [item]
            group = []
        elif group and _starts_block(group, item, pitch, margins):
            groups.append(group)
            group = [item]
        else:
            group.append(item)
    return groups + [group] if group else groups


def _starts_block(group: list[_Line], line: _Line, pitch: float, margins: tuple[float, float]) -> bool:
    """Whether ``line`` starts a new block rather than continuing ``group``."""
    prev, bullet = group[-1], _BULLET.match(group[0].text)
    left, right = margins
    short = right > left and prev.x1 - left < _SHORT_LINE * (right - left)
    if len(group) == 1 and bullet and bullet.end() == len(prev.text):
        return False  # a bullet glyph on a line of its own: its text follows
    if _BULLET.match(line.text) and (short or prev.text.endswith(_SENTENCE_END)
                                     or not _WEAK_BULLET.match(line.text)):
        return True
    if line.caps or prev.caps:
        return True
    if not prev.size or not line.size:
        return False  # position unknown
    if abs(line.size - prev.size) > 0.15 * max(line.size, prev.size) or line.bold != prev.bold:
        return True
    step = prev.y1 - line.y0
    if step <= 0 and line.x0 > prev.x1 and line.text[:1].islower() and not prev.text.endswith(_SENTENCE_END):
        return False  # the top of the next column carries on a sentence from the foot of this one
    if step <= 0 or step > pitch * _NEW_BLOCK_PITCH * line.size:
        return True
    ends = prev.text.endswith((*_SENTENCE_END, ","))
    if len(group) == 1 and short and not ends and line.text[:1].isupper():
        return True  # a short line standing alone (a heading, a form label)
    if short and line.text.endswith(":") and len(line.text.split()) <= 8:
        return True  # a form label after a short line (the last line of a heading or paragraph)
    return bool(bullet) and short and line.x0 <= group[0].x0 + 2  # text after a list item


def _to_block(lines: list[_Line], page: int) -> Block:
    text = lines[0].text
    for prev, line in zip(lines, lines[1:]):
        text += line.text if prev.soft_end else " " + line.text
    bullet = _BULLET.match(text)
    emphasis = all(line.caps for line in lines) or all(line.bold for line in lines)
    if bullet:
        return Block(kind="list_item", text=text[bullet.end():].strip(), page=page, emphasis=emphasis)
    return Block(kind="paragraph", text=text, page=page, emphasis=emphasis)


def _continues(prev: Block, end: _Line, block: Block, lines: list[_Line],
               margins: tuple[float, float]) -> bool:
    """Whether ``block`` (made of ``lines``), first on its page, carries on ``prev`` from the page before.

    It does when the page before stopped mid-sentence and this block starts in
    lower case, or the page before ended with a full line and this block does
    not look like a heading (it has more than one line or ends a sentence). A
    break between sentences is left alone: it looks like one between paragraphs.
    """
    if (prev.kind not in ("paragraph", "list_item") or block.kind != "paragraph" or prev.emphasis
            or block.emphasis or prev.text.endswith(_SENTENCE_END)):
        return False
    full = margins[0] + _FULL_LINE * (margins[1] - margins[0])
    heading_like = len(lines) == 1 and not block.text.endswith(_SENTENCE_END)
    return block.text[:1].islower() or (end.x1 >= full and not heading_like)

