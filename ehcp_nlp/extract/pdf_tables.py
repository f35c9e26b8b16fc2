"""Ruled tables in a PDF, found without letting pdfplumber parse the page.

The straight horizontal and vertical edges of the page's vector paths are
read with pdfium and handed to pdfplumber's table finder (the algorithm
behind ``pdfplumber.Page.find_tables``); each cell's text is read back with
pdfium. This keeps table pages about as fast as text pages. The finder is
given a stand-in page with only ``edges`` and ``bbox``; should a pdfplumber
release need more, :func:`find_tables` reports that the page's tables could
not be read (their text is then kept as ordinary lines) instead of failing.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .furniture import is_furniture

#: Soft line-end hyphens as pdfium reports them (and the line break after one).
SOFT_HYPHEN = re.compile("[\x02\xad\ufffe]\\s*")
_MAX_SEGMENTS = 2000     # paths with more segments are drawings, not table rules
_MAX_FORM_DEPTH = 4
_MIN_CELL_WIDTH = 8.0    # narrower empty cells are slivers between shading and borders
_TITLE_END = 0.6          # a cell line this much shorter than its longest ends a paragraph even without a full stop
_CELL_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25e6\u00b7\u25cf\u25a0\uf0b7\uf0a7-]|\d{1,2}[.)])\s")
_RULE_WIDTH = 2.5        # a filled box thicker than this both ways is shading, not a rule
#: User space to upright page for each page rotation (linear part only; offsets do not matter).
TURN = {0: (1, 0, 0, 1, 0, 0), 90: (0, -1, 1, 0, 0, 0), 180: (-1, 0, 0, -1, 0, 0), 270: (0, 1, -1, 0, 0, 0)}

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]


class TableFinderError(Exception):
    """pdfplumber's table finder could not work from the stand-in page."""


@dataclass
class Table:
    """A ruled table's non-empty rows and its box on the upright page (y grows upwards)."""

    rows: list[tuple[str, ...]]
    left: float
    bottom: float
    right: float
    top: float


def box(m: Matrix, left: float, bottom: float, right: float, top: float) -> Box:
    """Apply ``m`` to a box; return (left, bottom, right, top) of the result."""
    if m == TURN[0]:
        return left, bottom, right, top
    (x0, y0), (x1, y1) = apply(m, left, bottom), apply(m, right, top)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` and then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def page_objects(page: pdfium.PdfPage, turn: Matrix) -> tuple[list[tuple[object, Matrix]], int]:
    """Return the page's path objects, each with its matrix to the upright page, and its image count."""
    paths: list[tuple[object, Matrix]] = []
    images = 0
    stack = [(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, turn, 0)]
    while stack:
        parent, count, get, outer, depth = stack.pop()
        for i in range(max(count(parent), 0)):
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj) if obj else None
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                paths.append((obj, compose(_matrix(obj), outer)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                stack.append((obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                              compose(_matrix(obj), outer), depth + 1))
    return paths, images


def _matrix(obj: object) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return TURN[0]
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _edges(paths: list[tuple[object, Matrix]]) -> list[dict[str, object]]:
    """Horizontal and vertical straight segments of painted paths, as pdfplumber edges.

    pdfplumber's ``top`` grows downwards, so ``top = -y``.
    """
    edges: list[dict[str, object]] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, m in paths:
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if not 0 < count <= _MAX_SEGMENTS or not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        if not fill.value and not stroke.value:
            continue
        if not stroke.value and _is_shading(obj, m, count):
            continue
        start = prev = None
        for k in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                break
            point = apply(m, x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                _add_edge(edges, prev, point)
            prev = point
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, point, start)
                prev = start
    return edges


def _is_shading(obj: object, m: Matrix, count: int) -> bool:
    """A filled, unstroked area wider and taller than a rule: cell or line shading, not a border.

    Word and LibreOffice draw borders as strokes or as thin filled rectangles; a
    portal that shades each line of a label cell draws one filled box per line,
    whose edges would cut the cell into one row per line.
    """
    x, y = ctypes.c_float(), ctypes.c_float()
    xs, ys = [], []
    for k in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            return False
        px, py = apply(m, x.value, y.value)
        xs.append(px)
        ys.append(py)
    return min(max(xs) - min(xs), max(ys) - min(ys)) > _RULE_WIDTH


def _add_edge(edges: list[dict[str, object]], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, x1), (y0, y1) = sorted((p[0], q[0])), sorted((p[1], q[1]))
    if y1 - y0 <= 0.5 < x1 - x0:
        orientation, y0, y1 = "h", (y0 + y1) / 2, (y0 + y1) / 2
    elif x1 - x0 <= 0.5 < y1 - y0:
        orientation, x0, x1 = "v", (x0 + x1) / 2, (x0 + x1) / 2
    else:
        return
    edges.append({"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1,
                  "top": -y1, "bottom": -y0, "width": x1 - x0, "height": y1 - y0})


def find_tables(textpage: pdfium.PdfTextPage, paths: list[tuple[object, Matrix]], back: Matrix) -> list[Table]:
    """Find ruled tables with pdfplumber's table finder; read cell text with pdfium.

    Merged cells (``None`` in pdfplumber's rows) count once and keep their columns as ``""``. Empty rows and
    empty slivers (edges of cell shading, as Word draws it) are dropped.
    ``back`` turns the upright page back to PDF user space.
    """
    edges = _edges(paths)
    if min(sum(e["orientation"] == o for e in edges) for o in "hv") < 2:
        return []
    from pdfplumber.table import TableFinder  # imported late: it pulls in pdfminer (about 50 ms)

    try:
        found_tables = TableFinder(SimpleNamespace(edges=edges, bbox=(0, 0, 0, 0))).tables  # all it reads
    except (AttributeError, TypeError, KeyError) as exc:  # a pdfplumber release that needs more of the page
        raise TableFinderError(str(exc)) from exc
    tables = []
    for found in found_tables:
        rows = []
        for row in found.rows:
            # a cell covered by a merge (None) keeps its column as "" so columns stay aligned
            cells = [(cell, "" if cell is None else _cell_text(textpage, cell, back)) for cell in row.cells]
            rows.append(tuple(text for cell, text in cells
                              if text or cell is None or cell[2] - cell[0] >= _MIN_CELL_WIDTH))
        x0, top, x1, bottom = found.bbox
        tables.append(Table([r for r in rows if any(r)], left=x0, bottom=-bottom, right=x1, top=-top))
    return tables


def _cell_text(textpage: pdfium.PdfTextPage, bbox: Box, back: Matrix) -> str:
    """Text inside a cell box given as pdfplumber has it (top grows downwards, upright page).

    pdfium takes every character whose box touches the rectangle, so the box
    is shrunk a little to keep out descenders from the line above the cell.
    """
    x0, top, x1, bottom = bbox
    # the right edge is pulled in further: text in the next cell may start right on the border
    dx, dy = min(1.0, (x1 - x0) / 4), min(2.0, (bottom - top) / 4)
    left, low, right, high = box(back, x0 + dx, dy - bottom, x1 - min(4.0, (x1 - x0) / 4), -top - dy)
    text = textpage.get_text_bounded(left=left, bottom=low, right=right, top=high)
    text = "\n".join(cell_paragraphs(SOFT_HYPHEN.sub("\x00", text).splitlines()))
    return "" if is_furniture(text) else text  # e.g. a form's "Click or tap here to enter text."


def cell_paragraphs(lines: list[str]) -> list[str]:
    """Join the wrapped lines of a table cell into its paragraphs.

    Without positions, the length of a line stands for its width: a line that
    ends a sentence where the next line's first word would still have fitted ends
    a paragraph, as does a much shorter one (a title line) before a capital; a
    bullet starts one. ``\\x00`` marks
    a soft hyphen at a line end (the next line joins without a space).

    Example:
        >>> cell_paragraphs(["Daily reading with a trained TA for", "20 minutes.", "Weekly SALT."])
        ['Daily reading with a trained TA for 20 minutes.', 'Weekly SALT.']
    """
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if not lines:
        return []
    longest = max(len(line.replace("\x00", "")) for line in lines)
    paragraphs = [lines[0]]
    for last, line in zip(lines, lines[1:]):
        prev = paragraphs[-1]
        width, word = len(last.replace("\x00", "")), len(line.split()[0])
        ended = (last.endswith((".", "!", "?", ":", ";")) and width + 1 + word <= longest  # the next word would
                 or width < _TITLE_END * longest and not last.endswith((",", "\x00")))  # have fitted: a break
        if _CELL_BULLET.match(line) or (ended and (line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"“‘(")):
            paragraphs.append(line)
        elif prev.endswith("\x00"):
            paragraphs[-1] = prev[:-1] + line
        else:
            paragraphs[-1] = f"{prev} {line}"
    return [p.replace("\x00", "") for p in paragraphs]
