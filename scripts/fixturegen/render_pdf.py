"""PDF rendering of a layout with reportlab platypus.

Every page carries the running header "OFFICIAL-SENSITIVE" and the footer
"Page N of M". Only the standard Helvetica fonts are used (nothing embedded),
and ``invariant=1`` makes the output byte-identical between runs.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .layout import Heading, Line, PageBreak, Table, TextBox, final_text, grid, merged_below

rl_config.invariant = 1

MARKING = "OFFICIAL-SENSITIVE"
PLACEHOLDER = "Click or tap here to enter text."
GREY = colors.HexColor("#D9D9D9")
BLUE = colors.HexColor("#BDD7EE")


def _style(name: str, **kw) -> ParagraphStyle:
    base = {"fontName": "Helvetica", "fontSize": 10, "leading": 13, "spaceAfter": 5}
    return ParagraphStyle(name, **(base | kw))


STYLES = {
    "body": _style("body"),
    "italic": _style("italic", fontName="Helvetica-Oblique"),
    "bold": _style("bold", fontName="Helvetica-Bold", spaceBefore=4, keepWithNext=1),
    "italic_bold": _style("italic_bold", fontName="Helvetica-BoldOblique", spaceBefore=4, keepWithNext=1),
    "caps": _style("caps", fontName="Helvetica-Bold", spaceBefore=12, spaceAfter=6, keepWithNext=1),
    "title": _style("title", fontName="Helvetica-Bold", fontSize=20, leading=24, alignment=TA_CENTER,
                    spaceAfter=12),
    "h1": _style("h1", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=12, spaceAfter=6,
                 keepWithNext=1, textColor=colors.HexColor("#1F3864")),
    "h2": _style("h2", fontName="Helvetica-Bold", fontSize=11.5, leading=14, spaceBefore=8, keepWithNext=1,
                 textColor=colors.HexColor("#2F5496")),
    "h3": _style("h3", fontName="Helvetica-BoldOblique", fontSize=10.5, leading=13, spaceBefore=6,
                 keepWithNext=1),
    "bullet": _style("bullet", leftIndent=16, bulletIndent=5),
    "box": _style("box", fontName="Helvetica-Oblique", borderWidth=0.75, borderColor=colors.HexColor("#404040"),
                  borderPadding=7, backColor=colors.HexColor("#F2F2F2"), leftIndent=8, rightIndent=8,
                  spaceBefore=10, spaceAfter=14),
    "cell": _style("cell", fontSize=9, leading=11, spaceAfter=3),
    "cell_bold": _style("cell_bold", fontName="Helvetica-Bold", fontSize=9, leading=11, spaceAfter=3),
    "cell_bullet": _style("cell_bullet", fontSize=9, leading=11, spaceAfter=3, leftIndent=10, bulletIndent=1),
    "cell_italic": _style("cell_italic", fontName="Helvetica-Oblique", fontSize=9, leading=11, spaceAfter=3),
    "placeholder": _style("placeholder", fontSize=9, leading=11, textColor=colors.HexColor("#808080")),
}


class _FurnitureCanvas(canvas.Canvas):
    """Draws the marking and "Page N of M" once the page count is known."""

    pages = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica-Bold", 9)
            self.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, MARKING)
            self.setFont("Helvetica", 9)
            self.drawCentredString(A4[0] / 2, 1.0 * cm, f"Page {number} of {total}")
            super().showPage()
        _FurnitureCanvas.pages = total
        super().save()


def render_pdf(layout: list, title: str) -> tuple[bytes, int]:
    """The layout as PDF bytes, and its number of pages."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=title, author="SEND Casework Officer",
                            subject="Education, Health and Care Plan (fictional test fixture)",
                            creator="ehcp_nlp scripts/make_fixtures.py", invariant=1)
    story = []
    for block in layout:
        story += _flowables(block, doc.width)
    doc.build(story, canvasmaker=_FurnitureCanvas)
    return buf.getvalue(), _FurnitureCanvas.pages


def _para(text: str, style: str, **kw) -> Paragraph:
    return Paragraph(escape(text), STYLES[style], **kw)


def _flowables(block, width: float) -> list:
    if isinstance(block, Heading):
        style = {"title": "title", "caps": "caps", "bold": "bold"}.get(block.look, f"h{block.level}")
        return [_para(block.text, style)]
    if isinstance(block, Line):
        return [_line(block, cell=False)]
    if isinstance(block, TextBox):
        return [_para(block.anchor, "body"), Spacer(1, 4)] + [_para(t, "box") for t in block.lines]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Table):  # keep an area's title and header rows with its first strand
        table = _table(block, width)
        return [KeepTogether([table]) if block.roles else table, Spacer(1, 10)]
    raise TypeError(block)


def _line(line: Line, cell: bool) -> Paragraph:
    text = final_text(line)
    if line.kind == "bullet":
        return _para(text, "cell_bullet" if cell else "bullet", bulletText="\u2022")
    if cell:
        return _para(text, "cell_italic" if line.look == "italic" else "cell")
    if line.kind in ("sub", "area") and line.look == "style":
        return _para(text, f"h{line.level}")
    return _para(text, {"italic": "italic", "bold": "bold", "italic_bold": "italic_bold"}.get(line.look, "body"))


def _table(table: Table, width: float) -> RLTable:
    ncols = len(table.widths)
    data = [["" for _ in range(ncols)] for _ in table.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for r, row in enumerate(table.rows):
        if row.role in ("label", "header", "title"):
            commands.append(("BACKGROUND", (0, r), (-1, r), BLUE if row.role == "title" else GREY))
        for c, spec in grid(row):
            if spec.vmerge == "continue":
                continue
            if spec.field and not spec.text:
                data[r][c] = [_para(PLACEHOLDER, "placeholder")]
            else:
                data[r][c] = [_para(x.text, "cell_bold") if spec.bold else _line(x, cell=True)
                              for x in spec.lines]
            bottom = r + merged_below(table, r, c)
            if spec.span > 1 or bottom > r:
                commands.append(("SPAN", (c, r), (c + spec.span - 1, bottom)))
    return RLTable(data, colWidths=[width * w for w in table.widths], style=TableStyle(commands),
                   hAlign="LEFT", splitByRow=1)
