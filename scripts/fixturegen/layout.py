"""The layout model: a plan laid out in one template style, before any file format.

A layout is a list of blocks in reading order: :class:`Heading` (a section
boundary), :class:`Line` (body paragraph, bullet or sub-heading),
:class:`TextBox`, :class:`PageBreak` and :class:`Table`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A section boundary. ``key`` is a section key, or "" for a heading that
    starts no section (front-page title, combined group heading, appendix)."""

    text: str
    key: str
    level: int = 1
    look: str = "style"  # style (Word heading style) | title | caps | bold


@dataclass(frozen=True)
class Line:
    """A body line: paragraph, bullet, sub-heading or area-of-need sub-heading.

    ``runs`` describes a tracked change as ("text" | "ins" | "del", text) pieces;
    ``text`` is then the accepted text (insertions kept, deletions dropped).
    """

    text: str
    kind: str = "para"  # para | bullet | sub | area
    look: str = "plain"  # plain | italic | bold | italic_bold | style | glyph
    level: int = 2
    runs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TextBox:
    """A paragraph (``anchor``) anchoring a floating text box holding ``lines``."""

    anchor: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Cell:
    """A table cell; a vertically merged cell is one ``restart`` cell followed by
    ``continue`` cells (empty) in the rows below."""

    lines: tuple[Line, ...] = ()
    span: int = 1
    vmerge: str | None = None  # None | restart | continue
    field: bool = False  # held in a content control; empty = placeholder text
    bold: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    role: str = "body"  # label | header | title | body


@dataclass(frozen=True)
class Table:
    """A table. ``label``: its first row labels this section key ("" = a label
    that starts no section). ``roles``: for a Needs | Outcomes | Provision table,
    each grid column's destination ("area", "B", "E" or "F")."""

    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    label: str | None = None
    roles: tuple[str, ...] = ()


def cell(text: str = "", **kw) -> Cell:
    """A cell holding one plain line (or nothing)."""
    return Cell((Line(text),) if text else (), **kw)


def grid(row: Row):
    """Yield (grid column, cell) for a row, honouring horizontal spans."""
    col = 0
    for c in row.cells:
        yield col, c
        col += c.span


def final_text(line: Line) -> str:
    """The text as printed: a tracked change shows its insertion, not its deletion."""
    return "".join(t for kind, t in line.runs if kind != "del") if line.runs else line.text


def merged_below(table: Table, r: int, c: int) -> int:
    """How many rows below (r, c) continue a vertical merge started there."""
    if dict(grid(table.rows[r])).get(c, Cell()).vmerge != "restart":
        return 0
    n = 0
    for row in table.rows[r + 1:]:
        below = dict(grid(row)).get(c)
        if below is None or below.vmerge != "continue":
            break
        n += 1
    return n
