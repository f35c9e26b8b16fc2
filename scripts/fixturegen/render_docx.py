"""DOCX rendering of a layout with python-docx, plus the raw WordprocessingML
python-docx has no API for: content controls, a text box with a VML fallback,
tracked changes and PAGE / NUMPAGES fields.

Output is deterministic: fixed core properties and fixed zip entry dates.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from .layout import Cell, Heading, Line, PageBreak, Table, TextBox, grid, merged_below

MARKING = "OFFICIAL-SENSITIVE"
PLACEHOLDER = "Click or tap here to enter text."
AUTHOR = "SEND Casework Officer"
REVISION_DATE = "2025-06-30T10:15:00Z"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (f'xmlns:w="{_W}" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:w10="urn:schemas-microsoft-com:office:word"')


def render_docx(layout: list, title: str, pages: int, when: datetime) -> bytes:
    """The layout as a .docx file; ``pages`` is the cached NUMPAGES value."""
    doc = Document()
    writer = _Writer(doc)
    _setup(doc, title, pages, when)
    for block in layout:
        writer.block(block)
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _setup(doc, title: str, pages: int, when: datetime) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    placeholder = doc.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(MARKING).bold = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Page ")
    _field(foot, "PAGE", "1")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES", str(pages))
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, AUTHOR, AUTHOR
    props.subject, props.keywords = "Education, Health and Care Plan", "fictional; test fixture"
    props.comments = "Fictional plan written for ehcp_nlp tests. No real child."
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def _field(paragraph, instr: str, cached: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end)."""
    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instr} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(cached)
    char("end")


class _Writer:
    def __init__(self, doc):
        self.doc = doc
        self.ids = 0

    def next_id(self) -> int:
        self.ids += 1
        return self.ids

    def block(self, block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Line):
            self.line(self.doc.add_paragraph(), block)
        elif isinstance(block, TextBox):
            self.text_box(block)
        elif isinstance(block, PageBreak):
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Table):
            self.table(block)

    def heading(self, h: Heading) -> None:
        if h.look == "title":
            self.doc.add_paragraph(h.text, style="Title")
        elif h.look == "style":
            self.doc.add_paragraph(h.text, style=f"Heading {h.level}")
        else:  # caps / bold: a Normal paragraph in bold
            p = self.doc.add_paragraph()
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.keep_with_next = True
            p.add_run(h.text).bold = True

    def line(self, p, line: Line) -> None:
        """Fill paragraph ``p`` with a line (style, glyph, emphasis, tracked runs)."""
        if line.kind == "bullet" and line.look != "glyph":
            p.style = self.doc.styles["List Bullet"]
        elif line.kind in ("sub", "area") and line.look == "style":
            p.style = self.doc.styles[f"Heading {line.level}"]
        if line.kind == "bullet" and line.look == "glyph":
            p.add_run("\u2022\t")
            p.paragraph_format.left_indent = Cm(0.63)
            p.paragraph_format.first_line_indent = Cm(-0.63)
        bold = line.look in ("bold", "italic_bold")
        italic = line.look in ("italic", "italic_bold")
        for kind, text in line.runs or (("text", line.text),):
            if kind == "text":
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None
            else:
                p._p.append(self.revision(kind, text))

    def revision(self, kind: str, text: str):
        tag, t = ("w:ins", "w:t") if kind == "ins" else ("w:del", "w:delText")
        return parse_xml(
            f'<{tag} {nsdecls("w")} w:id="{self.next_id() + 100}" w:author="{AUTHOR}" '
            f'w:date="{REVISION_DATE}"><w:r><{t} xml:space="preserve">{escape(text)}</{t}></w:r></{tag}>')

    def text_box(self, box: TextBox) -> None:
        p = self.doc.add_paragraph(box.anchor)
        run = p.add_run()
        run._r.append(parse_xml(_text_box_xml(box.lines, self.next_id())))

    def table(self, table: Table) -> None:
        ncols = len(table.widths)
        t = self.doc.add_table(rows=len(table.rows), cols=ncols)
        t.style = self.doc.styles["Table Grid"]
        total = Cm(17.0)
        for c, width in enumerate(table.widths):
            t.columns[c].width = int(total * width)
            for r in range(len(table.rows)):
                t.cell(r, c).width = int(total * width)
        for r, row in enumerate(table.rows):
            for c, spec in grid(row):
                if spec.vmerge == "continue":
                    continue
                target = t.cell(r, c)
                bottom = r + merged_below(table, r, c)
                if spec.span > 1 or bottom > r:
                    target = target.merge(t.cell(bottom, c + spec.span - 1))
                self.fill(target, spec, row.role)

    def fill(self, target, spec: Cell, role: str) -> None:
        if role in ("label", "header", "title"):
            shade = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                              f'w:fill="{"D9D9D9" if role != "title" else "BDD7EE"}"/>')
            target._tc.get_or_add_tcPr().append(shade)
        p = target.paragraphs[0]
        if spec.field:
            p._p.append(self.content_control(spec.text))
            return
        for i, line in enumerate(spec.lines):
            para = p if i == 0 else target.add_paragraph()
            self.line(para, line if not spec.bold else Line(line.text, line.kind, "bold"))

    def content_control(self, text: str):
        """A plain-text content control; empty means Word's placeholder is showing."""
        empty = not text
        shown = PLACEHOLDER if empty else text
        style = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>' if empty else ""
        n = self.next_id()
        return parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Field {n}"/><w:tag w:val="field{n}"/>'
            f'<w:id w:val="{81000 + n}"/>{"<w:showingPlcHdr/>" if empty else ""}<w:text/></w:sdtPr>'
            f'<w:sdtContent><w:r>{style}<w:t xml:space="preserve">{escape(shown)}</w:t></w:r>'
            f'</w:sdtContent></w:sdt>')


def _text_box_xml(lines: tuple[str, ...], n: int) -> str:
    """A floating text box: DrawingML (wps) with a VML fallback holding the same text."""
    paras = "".join(f'<w:p><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>'
                    for t in lines)
    content = f"<w:txbxContent>{paras}</w:txbxContent>"
    cx, cy = 5400000, 720000
    return (
        f'<mc:AlternateContent {_NS}><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="{251659264 + n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>190500</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="F2F2F2"/></a:solidFill>'
        f'<a:ln w="9525"><a:solidFill><a:srgbClr val="404040"/></a:solidFill></a:ln></wps:spPr>'
        f'<wps:txbx>{content}</wps:txbx>'
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" '
        f'bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape id="Text Box {n}" o:spid="_x0000_s{1025 + n}" '
        f'xmlns:o="urn:schemas-microsoft-com:office:office" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:0;margin-top:15pt;width:425.2pt;height:56.7pt;'
        f'z-index:{251659264 + n}" fillcolor="#f2f2f2" strokecolor="#404040">'
        f'<v:textbox>{content}</v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict>'
        f'</mc:Fallback></mc:AlternateContent>')
