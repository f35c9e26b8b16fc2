"""Plain-text and Markdown renderings of a layout."""
from __future__ import annotations

from .layout import Heading, Line, Table, TextBox, final_text, grid

BULLET_GLYPH = "\u2022"


def render_text(layout: list, markdown: bool = False) -> bytes:
    """A layout as UTF-8 text: one paragraph per line, blank lines between."""
    out: list[str] = []
    for block in layout:
        if isinstance(block, Heading):
            prefix = ("# " if block.look == "title" else "## ") if markdown else ""
            out.append(prefix + block.text)
        elif isinstance(block, Line):
            out.append(_line(block, markdown))
        elif isinstance(block, TextBox):
            out += [block.anchor, *block.lines]
        elif isinstance(block, Table):
            out.append("\n".join(_table(block, markdown)))
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _line(line: Line, markdown: bool) -> str:
    text = final_text(line)
    if line.kind == "bullet":
        return ("- " if markdown else f"{BULLET_GLYPH} ") + text
    if line.kind in ("sub", "area") and markdown:
        return "### " + text
    return text


def _table(table: Table, markdown: bool) -> list[str]:
    """Markdown pipe table (first row as its header), or one " | " line per row."""
    lines = []
    for i, row in enumerate(table.rows):
        cells = [c.text.replace("\n", " ") for _, c in grid(row)]
        if markdown:
            cells += [""] * (len(table.widths) - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + " --- |" * len(table.widths))
        else:
            lines.append(" | ".join(c for c in cells if c))
    return lines
