"""Text from a plan made safe for every export: shown as it is, never obeyed.

A plan is written by someone else and may carry, on purpose or not, text that a reader's software
would act on rather than show:

* **bidirectional controls** (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) reorder the text
  around them, so that ``plan\\u202etxt.exe`` looks like ``planexe.txt``. :func:`show_controls` replaces
  each with a visible marker such as ``[U+202E]``, and so does every writer (Markdown, HTML, cohort
  HTML, Word, CSV and XLSX). C0 control characters that XML cannot hold (they would break the Word and
  Excel files) are shown the same way; tabs and line breaks are kept.
* **formulas**: a spreadsheet cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (also after leading spaces) is run by Excel as a formula. :func:`safe_cell` stores such text
  with a leading apostrophe; :func:`safe_path_cell` prefixes ``./`` instead, for a file name that must
  still name the same file when the CSV is read back (``labels.csv``). A carriage return inside a cell
  becomes a line feed: Python's CSV writer does not quote a field for a lone carriage return, which
  spreadsheets (and Python's own reader) take for the end of the row — the rest would start a new one.
* **markup**: :func:`escape_html` for HTML; :func:`escape_markdown` for Markdown, where raw HTML
  (``<script>``, ``<img onerror>``, ``<svg onload>``), autolinks (``<http://…>``), links and images
  (``[text](url)``, ``![img](url)``), link definitions, code spans and emphasis come out as text.

Example:
    >>> show_controls("plan\\u202etxt.exe")
    'plan[U+202E]txt.exe'
    >>> safe_cell('=HYPERLINK("http://example.com","x")')
    '\\'=HYPERLINK("http://example.com","x")'
    >>> escape_markdown("<img src=x onerror=alert(1)> [click](http://example.com)")
    '&lt;img src=x onerror=alert(1)> [click\\\\](http://example.com)'
"""
from __future__ import annotations

import html
import re
from typing import Any

#: Characters that change the direction of the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: C0 controls XML 1.0 (Word and Excel files) cannot hold; tab, line feed and carriage return are allowed.
_XML_ILLEGAL = frozenset(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
#: A lone surrogate (a file name's byte that was not UTF-8, as Python keeps it) cannot be written at all.
_SHOWN = re.compile("[" + "".join(sorted(BIDI_CONTROLS | _XML_ILLEGAL)) + "\ud800-\udfff]")

#: What makes a spreadsheet cell a formula (Excel, LibreOffice, Google Sheets), with full-width forms.
FORMULA_LEADS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # skipped, like spaces, when looking for a formula's start


def show_controls(text: str) -> str:
    """``text`` with each bidirectional control (and each C0 control XML cannot hold, and each lone
    surrogate) replaced by a visible marker such as ``[U+202E]``; everything else is unchanged."""
    if not isinstance(text, str):
        return text
    return _SHOWN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


# -- spreadsheets ------------------------------------------------------------------------------------------------


def is_formula(value: Any) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula: text starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return, or with one of the first four after leading spaces (or invisible characters)."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    return value.lstrip().lstrip(_INVISIBLE).lstrip()[:1] in FORMULA_LEADS


def safe_cell(value: Any) -> Any:
    """A value for a CSV or XLSX cell: controls shown (:func:`show_controls`), carriage returns made line
    feeds, and text a spreadsheet would run as a formula stored with a leading apostrophe. Numbers and other
    values are unchanged; applying it twice changes nothing more."""
    return _cell(value, "'")


def safe_path_cell(path: Any) -> Any:
    """A relative file name for a CSV cell that is read back as a path (``labels.csv``): controls shown, and a
    name a spreadsheet would run as a formula prefixed with ``./``, which names the same file."""
    return _cell(path, "./")


def _cell(value: Any, guard: str) -> Any:
    """``value`` with controls shown and carriage returns made line feeds, ``guard`` put before text a spreadsheet
    would run as a formula (before or after that clean-up); other values unchanged."""
    if not isinstance(value, str):
        return value
    formula = is_formula(value)
    value = _one_line_end(show_controls(value))
    return guard + value if formula or is_formula(value) else value


def restore_cell(value: Any) -> Any:
    """The text of a cell :func:`safe_cell` wrote, without the apostrophe it added (carriage returns stay line
    feeds); for reading the tool's own sheets back."""
    if isinstance(value, str) and value.startswith("'") and (is_formula(value[1:]) or value[1:2] == "\n"):
        return value[1:]
    return value


_MARKER = re.compile(r"\[U\+([0-9A-F]{4})\]")


def restore_controls(text: str) -> str:
    """The text :func:`show_controls` marked, with the marked characters put back (for reading back a file
    name the tool wrote, e.g. in ``labels.csv``)."""
    return _MARKER.sub(lambda m: chr(int(m[1], 16)) if chr(int(m[1], 16)) in BIDI_CONTROLS | _XML_ILLEGAL
                       else m[0], text)


def _one_line_end(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# -- markup ------------------------------------------------------------------------------------------------------


def escape_html(text: str, quote: bool = True) -> str:
    """:func:`html.escape` with controls shown (:func:`show_controls`)."""
    return html.escape(show_controls(str(text)), quote=quote)


_MD_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\n|$)")  # a backslash that would escape what follows it
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # an ampersand that would start a character reference
_MD_CLOSE = re.compile(r"\](?=\s*[(\[:])")  # a ] that could close a link, an image or a link definition
_MD_QUOTE = re.compile(r"^( {0,3})>", re.M)  # a block quote marker
_MD_PLAIN = {"*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;"}
_MD_CHARS = re.compile("[*_`<]")


def escape_markdown(text: str) -> str:
    """``text`` for a Markdown document, to be shown as text however the Markdown is rendered.

    Raw HTML and autolinks cannot start (``<`` becomes ``&lt;``, an ``&`` that would start a character
    reference becomes ``&amp;``); a ``]`` that could close a link, an image or a link definition is
    escaped (``\\]``), so ``[text](url)`` and ``![img](url)`` stay text while a placeholder such as
    ``[CHILD]`` reads as it is; backticks, ``*`` and ``_`` are escaped, as is a ``>`` that would start a
    block quote and a backslash that would escape what follows it. Controls are shown
    (:func:`show_controls`). Ordinary text is unchanged.
    """
    text = show_controls(str(text))
    text = _MD_BACKSLASH.sub(r"\\\\", text)
    text = _MD_ENTITY.sub("&amp;", text)
    text = _MD_CHARS.sub(lambda m: _MD_PLAIN[m.group()], text)
    text = _MD_CLOSE.sub(r"\\]", text)
    return _MD_QUOTE.sub(r"\1\\>", text)


def guard_markdown_start(text: str) -> str:
    """Escaped Markdown that follows a ``]`` the writer put there (``[F3]``): an opening ``(``, ``[`` or ``:``
    is escaped so the two cannot make a link."""
    stripped = text.lstrip()
    if stripped[:1] in ("(", "[", ":"):
        at = len(text) - len(stripped)
        return text[:at] + "\\" + text[at:]
    return text
