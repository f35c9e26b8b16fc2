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
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import InputError
from ..model import Document, ExtractionWarning
from .furniture import is_furniture
from .limits import Limits
from .pdf_blocks import _blocks, _joined_row, _Line, _Page, _row_goes_on  # noqa: F401 - importable from here
from .pdf_scan import damaged_pages
from .pdf_tables import SOFT_HYPHEN, TURN, Matrix, TableFinderError, apply, box, find_tables, page_objects


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
