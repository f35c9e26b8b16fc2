"""Read a Word ``.docx`` plan into a :class:`~ehcp_nlp.model.Document`, safely.

The file is treated as untrusted: zip sizes and compression ratios are
checked before anything is inflated, parts are inflated in chunks against a
budget (declared sizes are never trusted), and XML is parsed with entity
resolution and network access switched off. Only the main document part and
its styles are read; headers, footers, comments and footnotes are not.

Example:
    >>> from ehcp_nlp.extract.docx import read_docx          # doctest: +SKIP
    >>> doc = read_docx(Path("plan.docx"), Limits())          # doctest: +SKIP
    >>> doc.blocks[0].kind                                    # doctest: +SKIP
    'heading'
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Document, ExtractionWarning
from .docx_xml import W_BODY, BodyWalker, Styles
from .limits import MB, Limits

_MAIN_PART = "word/document.xml"
_STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CHUNK = MB
_RATIO_FLOOR = MB  # parts smaller than this are never refused for their ratio
_DAMAGED = "is damaged or truncated and cannot be opened as a Word document"
_RESAVE = "re-save it from Word, or export it as PDF"
#: Errors zipfile and zlib raise for corrupt, truncated or unsupported archives.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
               RuntimeError, KeyError)

_WARNINGS = {
    "tracked_changes": ("docx.tracked_changes", "The document contains tracked changes; its text "
                        "was read as if all changes had been accepted."),
    "text_boxes": ("docx.text_boxes", "Text from {n} text box(es) was read and placed after the "
                   "paragraph each is anchored to; check the reading order."),
    "placeholders": ("docx.placeholders", "{n} content control(s) still show the template's prompt "
                     "text; the prompts were left out."),
    "hidden_text": ("docx.hidden_text", "Text formatted as hidden was left out ({n} run(s))."),
    "alt_chunks": ("docx.alt_chunks", "{n} block(s) of content imported from another file (altChunk) "
                   "could not be read; open the plan in Word and re-save it to merge them."),
}


def read_docx(path: Path, limits: Limits) -> Document:
    """Read the body of a ``.docx`` file into blocks in reading order.

    Args:
        path: the Word file.
        limits: size limits protecting against zip bombs.

    Returns:
        A Document with ``format="docx"``, no page numbers, and warnings for
        tracked changes, text boxes and other content read or left out.

    Raises:
        InputError: the file is damaged, not a Word document, or would
            inflate beyond ``limits``; the message names the file.
    """
    body, styles, doubled = _load(path, limits)
    walker = BodyWalker(Styles(styles))
    try:
        blocks = walker.walk(body)
    except RecursionError:
        raise InputError(path, "is nested too deeply to read (tables or content controls inside "
                         "each other hundreds of levels deep)", _RESAVE) from None
    doubts = tuple(ExtractionWarning("docx.duplicate_part", f"{name} appears {count} times in the file and only "
                                     "the last copy was read: the file is damaged or was altered, so text may be "
                                     "missing or not what Word shows") for name, count in doubled)
    return Document(source=str(path), format="docx", blocks=tuple(blocks), pages=None,
                    warnings=doubts + _warnings(walker.counts))


def _warnings(counts: Counter[str]) -> tuple[ExtractionWarning, ...]:
    return tuple(ExtractionWarning(code=code, message=message.format(n=counts[key]))
                 for key, (code, message) in _WARNINGS.items() if counts[key])


def _load(path: Path, limits: Limits) -> tuple[etree._Element, etree._Element | None, list[tuple[str, int]]]:
    """The ``w:body`` element, the styles root (``None`` if there is no styles part), and the parts read
    that the archive holds more than once, with how many times."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_declared(archive, path, limits)
            budget = _Budget(path, limits)
            main = _main_part(archive, budget)
            root = _parse_part(archive, main, budget)
            styles_name = _styles_part(archive, main, budget)
            styles = _parse_part(archive, styles_name, budget) if styles_name else None
            names = [info.filename for info in archive.infolist()]
    except _ZIP_ERRORS:
        raise InputError(path, _DAMAGED, _RESAVE) from None
    doubled = [(name, names.count(name)) for name in (main, styles_name) if name and names.count(name) > 1]
    return _body(path, root), styles, doubled


def _body(path: Path, root: etree._Element) -> etree._Element:
    if isinstance(root.tag, str) and root.tag.startswith(_STRICT_W):
        raise InputError(path, "is saved in the Strict Open XML format, which cannot be read",
                         "open it in Word and save it as 'Word Document (*.docx)', or export it as PDF")
    body = root.find(W_BODY)
    if body is None:
        raise InputError(path, "is not a Word document (its main part has no document body)",
                         "save the plan from Word as .docx, or export it as PDF")
    return body


class _Budget:
    """Counts bytes actually inflated, refusing past ``limits.max_unzipped_bytes``."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits, self.used = path, limits, 0

    def spend(self, count: int, part_total: int, compressed: int) -> None:
        self.used += count
        if self.used > self.limits.max_unzipped_bytes:
            raise _too_big(self.path, self.limits)
        if _over_ratio(part_total, compressed, self.limits):
            raise _too_compressed(self.path, self.limits)


def _over_ratio(size: int, compressed: int, limits: Limits) -> bool:
    return size > _RATIO_FLOOR and size / max(compressed, 1) > limits.max_zip_ratio


def _too_big(path: Path, limits: Limits) -> InputError:
    return InputError(path, f"would inflate to more than the {limits.max_unzipped_bytes // MB} MB "
                      "unzipped-size limit (max_unzipped_bytes), so it was not read (possible zip bomb)",
                      "check it is a genuine Word document; re-save it from Word, or export it as PDF")


def _too_compressed(path: Path, limits: Limits) -> InputError:
    return InputError(path, f"has a part compressed more than {limits.max_zip_ratio:g} times "
                      "(the max_zip_ratio limit), so it was not read (possible zip bomb)",
                      "check it is a genuine Word document; re-save it from Word, or export it as PDF")


def _check_declared(archive: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """Refuse on the sizes the archive declares, before inflating anything."""
    members = archive.infolist()
    if sum(info.file_size for info in members) > limits.max_unzipped_bytes:
        raise _too_big(path, limits)
    for info in members:
        if _over_ratio(info.file_size, info.compress_size, limits):
            raise _too_compressed(path, limits)


def _parse_part(archive: zipfile.ZipFile, name: str, budget: _Budget) -> etree._Element:
    """Inflate ``name`` chunk by chunk into a safe feed parser."""
    info = archive.getinfo(name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    total = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                budget.spend(len(chunk), total, info.compress_size)
                parser.feed(chunk)
        return parser.close()
    except etree.LxmlError as err:
        line = f", line {err.lineno}" if getattr(err, "lineno", None) else ""
        raise InputError(budget.path, f"is damaged: its text could not be read (bad XML in {name}{line})",
                         _RESAVE) from None


def _main_part(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The main document part named by ``_rels/.rels``, else ``word/document.xml``."""
    names = set(archive.namelist())
    target = _rel_target(archive, "_rels/.rels", "", "/officeDocument", budget, names)
    name = target if target in names else _MAIN_PART
    if name not in names:
        raise InputError(budget.path, "is a zip file but not a Word document (it has no word/document.xml)",
                         "save the plan from Word as .docx, or export it as PDF")
    return name


def _styles_part(archive: zipfile.ZipFile, main: str, budget: _Budget) -> str | None:
    folder, leaf = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", leaf + ".rels")
    names = set(archive.namelist())
    target = _rel_target(archive, rels, folder, "/styles", budget, names)
    fallback = posixpath.join(folder, "styles.xml")
    return target if target in names else fallback if fallback in names else None


def _rel_target(archive: zipfile.ZipFile, rels: str, folder: str, kind: str, budget: _Budget,
                names: set[str]) -> str | None:
    """The part a relationship of type ending ``kind`` points to, if the rels part exists."""
    if rels not in names:
        return None
    for rel in _parse_part(archive, rels, budget).iter(_REL):
        target = rel.get("Target") or ""
        if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(joined)
    return None
