"""Decide what kind of file a path holds from its first bytes, not just its name."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .limits import Limits

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


def sniff(path: Path, limits: Limits) -> str:
    """Return ``pdf``, ``docx``, ``text`` or ``markdown`` for a readable plan file.

    Raises:
        InputError: the file is missing, empty, too large or of a kind the
            tool cannot read; the message says what to do instead.
    """
    if not path.exists():
        raise InputError(path, "does not exist", "check the path and try again")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file", "give the path of one plan file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "is empty (0 bytes)", "check the file was saved or copied completely")
    if size > limits.max_file_bytes:
        raise InputError(path, f"is too large ({size // 2**20} MB, limit {limits.max_file_bytes // 2**20} MB)",
                         "split the file, or raise the limit with EHCP_NLP_MAX_FILE_MB")
    with path.open("rb") as handle:
        head = handle.read(1024)
    return _kind_from_head(path, head)


def _kind_from_head(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    # a PDF's header may follow a little junk; a text plan may mention "%PDF-" — the name decides then
    if head.lstrip().startswith(b"%PDF-") or (b"%PDF-" in head and suffix not in TEXT_SUFFIXES):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "is a legacy Word 97-2003 (.doc) file or a password-protected Word document",
                         "open it in Word, remove any password and save it as .docx or PDF")
    if head.startswith(b"{\\rtf"):
        raise InputError(path, "is a Rich Text (.rtf) file", "open it in Word and save it as .docx or PDF")
    if head.startswith(_IMAGE_MAGIC):
        raise InputError(path, "is an image with no text layer", "OCR it first (for example with ocrmypdf)")
    if suffix == ".pdf":
        raise InputError(path, "is named .pdf but is not a PDF (damaged or mislabelled)",
                         "re-export the plan as PDF from the original document")
    if suffix in (".docx", ".docm", ".dotx"):
        raise InputError(path, "is named .docx but is not a Word document (damaged or mislabelled)",
                         "re-save the plan from Word as .docx")
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if not suffix and _looks_like_text(head):
        return "text"
    raise InputError(path, f"has an unsupported file type ({suffix or 'no extension'})",
                     "give a PDF, Word .docx, .txt or .md file")


#: What an Office Open XML package holds, by the part that names it.
_OFFICE_PARTS = (("word/document.xml", "a Word document"), ("xl/workbook.xml", "an Excel workbook"),
                 ("ppt/presentation.xml", "a PowerPoint presentation"))
_WORD_SUFFIXES = (".docx", ".docm", ".dotx", "")


def _zip_kind(path: Path, suffix: str) -> str:
    """A zip-based file is read as Word if it holds a Word document's main part, whatever its name (a Word
    document saved or renamed as ``.pdf`` is still a Word document); otherwise say what it holds."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if suffix in _WORD_SUFFIXES:
            return "docx"  # the Word reader says how it is damaged
        raise InputError(path, "is a zip-based file that is not a Word document (it is damaged, or of another kind)",
                         "save the plan as .docx or PDF") from None
    holds = next((what for part, what in _OFFICE_PARTS if part in names), None)
    if holds == "a Word document":
        return "docx"
    if suffix in _WORD_SUFFIXES and holds is None:
        return "docx"  # the Word reader says what is missing
    raise InputError(path, f"is a zip-based file that is not a Word document{f' (it holds {holds})' if holds else ''}",
                     "save the plan as .docx or PDF")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    return b"\x00" not in head and sum(b < 9 or 13 < b < 32 for b in head) == 0
