"""A second reading of a PDF's page content streams, with pdfminer (a dependency of pdfplumber), for
what pdfium does not say.

- :func:`damaged_pages`: pages whose content stream is damaged (a compressed stream that does not
  decompress whole, a content reference that leads nowhere). pdfium shows what it can of such a
  page and reports nothing, so text goes missing silently; one flipped bit in a compressed stream
  is enough.
- :func:`heaviest_page`: why a PDF was too costly to read, asked only after the guarded reading had
  to be ended (:mod:`.guard`), so that the error names the file's own problem ("page 1 holds
  2,000,000 text-drawing operators") rather than just the limit.

Both have their own budget of time and bytes, so they cannot hang in turn.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

_TEXT_OPERATORS = re.compile(rb"(?:T[Jj]|['\"])(?=[\s\[\]()<>/%]|$)")
_SECONDS = 5.0
_BYTES = 64 * 1024 * 1024


def damaged_pages(path: Path) -> list[int] | None:
    """Numbers of the pages whose content streams cannot be decoded whole (empty when all can), or None
    when the file does not read as a valid PDF throughout: pdfminer, reading strictly, cannot walk its
    pages (none of 180 sound PDFs, thirteen of them real council forms, fails this; pdfium reads on
    through such damage and says nothing)."""
    try:
        import pdfminer.settings
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1
    except ImportError:  # pragma: no cover - pdfplumber brings pdfminer
        return []
    strict, pdfminer.settings.STRICT = pdfminer.settings.STRICT, True  # a corrupt stream raises, not guesses
    start, damaged = time.monotonic(), []
    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                if time.monotonic() - start > _SECONDS:
                    break
                if not _decodes(page.attrs.get("Contents"), PDFStream, resolve1):
                    damaged.append(number)
    except Exception:  # the file's structure is damaged somewhere
        return None
    finally:
        pdfminer.settings.STRICT = strict
    return damaged


def _decodes(contents: object, stream_type: type, resolve: object) -> bool:
    """Does every content stream of a page decode whole? (No /Contents at all is a blank page.)"""
    if contents is None:
        return True
    try:
        contents = resolve(contents)  # type: ignore[operator]
        for stream in contents if isinstance(contents, list) else [contents]:
            stream = resolve(stream)  # type: ignore[operator]
            if not isinstance(stream, stream_type):
                return False
            stream.get_data()
    except Exception:
        return False
    return True


def heaviest_page(path: Path) -> str | None:
    """'page N holds M text-drawing operators' for the busiest page, or None if nothing stands out."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
    except ImportError:  # pragma: no cover - pdfplumber brings pdfminer
        return None
    start, worst = time.monotonic(), (0, 0)
    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                seen = 0
                count = 0
                for stream in page.contents:
                    data = stream.get_data() if hasattr(stream, "get_data") else b""
                    seen += len(data)
                    count += len(_TEXT_OPERATORS.findall(data[:_BYTES]))
                    if seen > _BYTES or time.monotonic() - start > _SECONDS:
                        break
                worst = max(worst, (count, number))
                if time.monotonic() - start > _SECONDS:
                    break
    except Exception:  # a damaged file: there is nothing more specific to say
        return None
    count, number = worst
    return f"page {number} holds {count:,} text-drawing operators" if count >= 20_000 else None
