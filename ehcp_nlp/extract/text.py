"""Read plain-text and Markdown plans, whatever their encoding (UTF-8, UTF-16, cp1252)."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..model import Block, Document, ExtractionWarning
from .furniture import is_furniture, is_repeated, repeated_lines
from .limits import Limits

_BULLET = re.compile(r"^\s*(?:[-*+•▪◦·–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")  # the closing hashes are stripped after: no backtracking
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_BOLD = re.compile(r"^\*\*(.+)\*\*$|^__(.+)__$")
_MD_INLINE = re.compile(r"(\*\*|__|`)")
_END = (".", "?", "!", ":", ";", ",")


def decode(path: Path, raw: bytes) -> tuple[str, list[ExtractionWarning]]:
    """Decode bytes from a text file: BOMs first (UTF-32 before UTF-16, whose BOM begins UTF-32's), then
    UTF-32 or UTF-16 without a BOM judged from where the zero bytes fall, then UTF-8, then cp1252 with a
    warning. Stray NUL characters are dropped with a warning."""
    text, warnings = _decode(path, raw)
    if "\x00" in text:
        count = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(ExtractionWarning("text.nul", f"{count:,} NUL character(s) removed: the file may be "
                                                      "damaged or not plain text"))
    return text, warnings


def _decode(path: Path, raw: bytes) -> tuple[str, list[ExtractionWarning]]:
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _strict(path, raw, codec), []
    sample = raw[:4000]
    zeros = sample.count(b"\x00")
    if sample and zeros < len(sample) and len(sample) % 4 == 0 and zeros >= len(sample) * 5 // 8:
        quads = [sample[i::4].count(0) for i in range(4)]
        if quads[1] == quads[2] == quads[3] == len(sample) // 4 > quads[0]:
            return _strict(path, raw, "utf-32-le"), []
        if quads[0] == quads[1] == quads[2] == len(sample) // 4 > quads[3]:
            return _strict(path, raw, "utf-32-be"), []
    if sample and zeros < len(sample) and zeros > len(sample) // 4:
        codec = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return _strict(path, raw, codec), []
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        note = ExtractionWarning("text.encoding", "not UTF-8: read as Windows-1252 (cp1252)")
        return text, [note]


def _strict(path: Path, raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"could not be decoded as {codec} text ({exc.reason})",
                         "save it as UTF-8 text and try again") from None


def read_text(path: Path, limits: Limits, markdown: bool = False) -> Document:
    """Read a ``.txt`` or ``.md`` plan into blocks.

    Blank lines separate paragraphs; bullets and short heading-like lines are
    blocks of their own; lines of cells separated by `` | `` (or Markdown's
    ``|…|``) are table rows, consecutive ones one table; form feeds
    separate pages (so running headers and footers can be dropped).
    """
    text, warnings = decode(path, path.read_bytes())
    pages = [page.splitlines() for page in text.replace("\r\n", "\n").replace("\r", "\n").split("\f")]
    furniture = repeated_lines(pages)
    blocks: list[Block] = []
    table = -1
    for number, lines in enumerate(pages, start=1):
        page = number if len(pages) > 1 else None
        kept = [ln for ln in lines if not (is_furniture(ln) or is_repeated(ln, furniture))]
        table = _read_lines(kept, page, markdown, blocks, table)
    return Document(str(path), "markdown" if markdown else "text", tuple(blocks),
                    pages=len(pages) if len(pages) > 1 else None, warnings=tuple(warnings))


def _read_lines(lines: list[str], page: int | None, markdown: bool, out: list[Block], table: int) -> int:
    """Append the blocks of one page's lines to ``out``; return the last table index used."""
    paragraph: list[str] = []
    row = 0
    in_table = False

    def flush() -> None:
        if paragraph:
            out.append(Block("paragraph", " ".join(paragraph), page=page))
            paragraph.clear()

    for raw in lines:
        line = raw.strip()
        if line.startswith("|") or (markdown and line.count("|") >= 2) or " | " in line:
            flush()
            if _MD_RULE.match(line):
                continue
            if not in_table:
                table, row, in_table = table + 1, 0, True
            out.append(_table_row(line, page, table, row))
            row += 1
            continue
        in_table = False
        if not line:
            flush()
            continue
        block = _special_line(line, page, markdown)
        if block is None and paragraph and not _continues(paragraph[-1], line):
            flush()
        if block is not None:
            flush()
            out.append(block)
        else:
            paragraph.append(_MD_INLINE.sub("", line) if markdown else line)
    flush()
    return table


def _special_line(line: str, page: int | None, markdown: bool) -> Block | None:
    """A heading, bullet or emphasised line that must be a block of its own."""
    if markdown:
        heading = _MD_HEADING.match(line)
        if heading:
            title = heading[2].rstrip().rstrip("#").rstrip()
            return Block("heading", _MD_INLINE.sub("", title), page=page, level=len(heading[1]))
        bold = _MD_BOLD.match(line)
        if bold:
            return Block("paragraph", bold[1] or bold[2], page=page, emphasis=True)
    bullet = _BULLET.match(line)
    if bullet:
        return Block("list_item", _MD_INLINE.sub("", line[bullet.end():]) if markdown else line[bullet.end():],
                     page=page)
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 6 and line.upper() == line and len(line.split()) <= 20:
        return Block("paragraph", line, page=page, emphasis=True)
    return None


def _continues(previous: str, line: str) -> bool:
    """Is ``line`` a hard-wrapped continuation of ``previous`` (not a new line of its own)?

    Plans pasted into text keep one paragraph a line, so a new line starts a
    new block unless the previous line stops mid-sentence and this one starts
    in lower case.
    """
    return not previous.rstrip().endswith(_END) and line[:1].islower()


def _table_row(line: str, page: int | None, table: int, row: int) -> Block:
    cells = tuple("" if is_furniture(c) else _MD_INLINE.sub("", c).strip()
                  for c in line.strip().strip("|").split("|"))
    return Block("table_row", " | ".join(c for c in cells if c), page=page, cells=cells,
                 table=table, row=row)
