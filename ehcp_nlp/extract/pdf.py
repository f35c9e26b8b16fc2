"""Read a PDF into blocks in reading order.

Text and line positions come from pypdfium2, which is fast. Ruled tables are
looked for only on pages that draw vector paths: the straight edges of those
paths are read with pdfium and handed to pdfplumber's table finder (the
algorithm behind ``pdfplumber.Page.find_tables``), and each cell's text is
read back with pdfium. Letting pdfplumber parse a page itself costs about 100
times pdfium's text extraction of that page (see ``scripts/bench_extract.py``),
which breaks the speed budget once a plan has a table on one page in twenty.

Example:
    >>> from ehcp_nlp.extract.pdf import read_pdf    # doctest: +SKIP
    >>> doc = read_pdf(Path("plan.pdf"), Limits())  # doctest: +SKIP
"""
from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputError
from ..model import Block, Document, ExtractionWarning
from .furniture import is_furniture, is_page_number, is_repeated, repeated_lines
from .limits import Limits
from .pdf_scan import damaged_pages
from .pdf_tables import SOFT_HYPHEN, TURN, Matrix, Table, TableFinderError, apply, box, find_tables, page_objects

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


def read_pdf(path: Path, limits: Limits) -> Document:
    """Read a PDF file into a Document.

    Args:
        path: the PDF file.
        limits: resource limits; ``max_pages`` is enforced here.

    Returns:
        The blocks in reading order, each with its 1-based ``page``.

    Raises:
        InputError: the PDF is damaged, password-protected, too long or has
            no text layer at all.
    """
    pdf = _open(path)
    try:
        repaired = not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf)
        count = len(pdf)
        if count > limits.max_pages:
            raise InputError(path, f"has too many pages ({count}, limit {limits.max_pages})",
                             "split the PDF into smaller files and try again")
        pages = [_read_page(pdf, index) for index in range(count)]
    finally:
        pdf.close()
    if not pages or all(page.damaged for page in pages):
        raise InputError(path, "is damaged (no readable pages)",
                         "re-export the plan as PDF from the original document")
    damaged = damaged_pages(path)  # content pdfium read only in part, without a word
    if not any(page.has_text for page in pages):
        if repaired or damaged is None or damaged:  # no text because the file is damaged, not scanned
            raise InputError(path, "is damaged (no text could be read from it)",
                             "re-export the plan as PDF from the original document")
        raise InputError(path, "has no text layer (it looks scanned)",
                         "OCR it first, for example with ocrmypdf, then try again")
    for number in damaged or ():
        if number <= len(pages):
            pages[number - 1].partly_damaged = True
    notes = [ExtractionWarning("pdf.repaired", "the file's index (cross-reference table) is damaged and was "
                               "rebuilt while reading, so some text may be missing or out of place; re-export "
                               "the plan as PDF from the original document")] if repaired else []
    if damaged is None and not repaired:
        notes.append(ExtractionWarning("pdf.damaged_structure", "the file does not read as a valid PDF throughout "
                                       "(its structure is damaged), so some text may be missing or wrong; "
                                       "re-export the plan as PDF from the original document"))
    return Document(source=str(path), format="pdf", blocks=tuple(_blocks(pages)),
                    pages=count, warnings=tuple(notes + _warnings(pages)))


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # pdfium's last error can be left over from an earlier file: a password is only claimed when the
        # file has an encryption dictionary at all
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and not _encrypted(path):
            raise InputError(path, "is damaged or not a valid PDF",
                             "re-export the plan as PDF from the original document") from None
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(path, "is password-protected", "remove the password (or ask the sender "
                             "for an unprotected copy) and try again") from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(path, "is encrypted in a way that cannot be read",
                             "ask the sender for an unprotected copy and try again") from None
        raise InputError(path, "is damaged or not a valid PDF",
                         "re-export the plan as PDF from the original document") from None
    except OSError as exc:
        raise InputError(path, f"could not be opened ({exc.strerror or exc})",
                         "check the file is readable and try again") from None


def _encrypted(path: Path) -> bool:
    """Does the file name an encryption dictionary (``/Encrypt`` in its trailer)?"""
    try:
        return b"/Encrypt" in path.read_bytes()
    except OSError:
        return True


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
    """Read one page's lines and ruled tables; a page pdfium cannot read is marked damaged."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return _Page(index + 1, damaged=True)
    try:
        rotation = page.get_rotation()
        rotation = rotation if rotation in TURN else 0
        textpage = page.get_textpage()
        table_failed = False
        try:
            lines = _lines(textpage, TURN[rotation])
            paths, images = page_objects(page, TURN[rotation])
            try:
                tables = find_tables(textpage, paths, TURN[(360 - rotation) % 360]) if paths else []
            except TableFinderError:
                tables, table_failed = [], True
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        return _Page(index + 1, damaged=True)
    finally:
        page.close()
    has_text = any(not is_furniture(line.text) for line in lines) or any(t.rows for t in tables)
    return _Page(index + 1, lines, tables, has_text=has_text, has_images=images > 0, tables_unread=table_failed)


# --- text lines -----------------------------------------------------------

def _lines(textpage: pdfium.PdfTextPage, turn: Matrix) -> list[_Line]:
    """Split the page text into lines and look up each line's position and font."""
    lines = []
    offset = 0
    for raw in re.split(r"(\r\n|\r|\n)", textpage.get_text_range()):
        stripped = raw.strip()
        if stripped:
            first = offset + len(raw) - len(raw.lstrip())
            lines.append(_measure(textpage, stripped, first, first + len(stripped) - 1, turn))
        offset += len(raw)
    return lines


def _measure(textpage: pdfium.PdfTextPage, text: str, first: int, last: int, turn: Matrix) -> _Line:
    """Make a line: left and right from the font boxes of its first and last characters, heights from
    their baselines, and its size from the font size (a character's box varies with the glyph)."""
    line = _Line(" ".join(SOFT_HYPHEN.sub("", text).split()), soft_end=bool(SOFT_HYPHEN.match(text[-1])))
    start = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
    end = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, last)
    head, tail = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    if (start < 0 or end < 0 or not pdfium_c.FPDFText_GetLooseCharBox(textpage, start, head)
            or not pdfium_c.FPDFText_GetLooseCharBox(textpage, end, tail)):
        return line  # position unknown: the line continues the block before it
    line.x0, line.y0, _, top = box(turn, head.left, head.bottom, head.right, head.top)
    _, line.y1, line.x1, _ = box(turn, tail.left, tail.bottom, tail.right, tail.top)
    size = pdfium_c.FPDFText_GetFontSize(textpage, start)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    if size > 1 and pdfium_c.FPDFText_GetCharOrigin(textpage, start, ox, oy):
        line.y0 = apply(turn, ox.value, oy.value)[1] - 0.2 * size  # a descender below the baseline
        if pdfium_c.FPDFText_GetCharOrigin(textpage, end, ox, oy):
            line.y1 = apply(turn, ox.value, oy.value)[1] - 0.2 * size
        line.size = size
    else:
        line.size = top - line.y0
    line.bold = _is_bold(textpage, start) and _is_bold(textpage, end)
    return line


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    """Bold by font weight, or by font name for fonts that give no weight (such as Helvetica-Bold)."""
    if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600:
        return True
    name = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, None)
    return any(word in name.value.lower() for word in (b"bold", b"black", b"heavy"))


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


def _warnings(pages: list[_Page]) -> list[ExtractionWarning]:
    """Warn about scanned pages (no text but images) and pages pdfium could not read."""
    found = [("pdf.pages_without_text", [p.number for p in pages if not p.has_text and p.has_images],
              "no text layer (scanned?), so any text there is missing; "
              "OCR the file (for example with ocrmypdf) to include it"),
             ("pdf.damaged_pages", [p.number for p in pages if p.damaged],
              "could not be read (damaged), so any text there is missing"),
             ("pdf.damaged_content", [p.number for p in pages if p.partly_damaged and not p.damaged],
              "part of the page's content is damaged, so some of its text may be missing; re-export the "
              "plan as PDF from the original document"),
             ("pdf.tables_unread", [p.number for p in pages if p.tables_unread],
              "have ruled tables that could not be read as tables; their text is kept as plain lines")]
    return [ExtractionWarning(code, f"{_pages(numbers)} {problem}",
                              page=numbers[0] if len(numbers) == 1 else None)
            for code, numbers, problem in found if numbers]


def _pages(numbers: list[int]) -> str:
    """``page 3`` or ``pages 2, 5 and 7``."""
    if len(numbers) == 1:
        return f"page {numbers[0]}:"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}:"
