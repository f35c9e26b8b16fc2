"""Builders for the bad inputs every reader must refuse politely."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MB = 1024 * 1024


def text_pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    y = 800
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is a picture of text: no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Section A: About me", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    from reportlab.lib.utils import ImageReader
    pdf.drawImage(ImageReader(buffer), 50, 500, width=500, height=170)
    pdf.showPage()
    pdf.save()
    return path


def minimal_docx(path: Path, body_xml: str = "<w:p><w:r><w:t>Section A: About me</w:t></w:r></w:p>") -> Path:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {ns}><w:body>{body_xml}</w:body></w:document>')
    return path


def docx_without_document_xml(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<styles/>")
    return path


def zip_bomb_docx(path: Path, inflated_mb: int = 320) -> Path:
    """A .docx whose document.xml inflates to ``inflated_mb`` MB of spaces (about 0.3 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = b" " * MB
            for _ in range(inflated_mb):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return path


def legacy_doc(path: Path) -> Path:
    """The first bytes of an OLE2 compound file, as Word 97-2003 writes."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    return path


def truncated(source: Path, path: Path, share: float = 0.4) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])
    return path


def raw_pdf(path: Path, content: bytes, compress: bool = True) -> Path:
    """A one-page PDF written by hand around ``content`` (its page content stream), with a valid xref."""
    import zlib

    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def text_heavy_pdf(path: Path, operators: int) -> Path:
    """One page drawing ``operators`` one-letter strings: tiny on disk, ruinous to lay out."""
    return raw_pdf(path, b"BT /F1 1 Tf 10 10 Td " + b"(a) Tj " * operators + b"ET")


def docx_with_attribute(path: Path, cell_xml: str) -> Path:
    """A .docx holding one table whose single cell's properties are ``cell_xml`` (e.g. a gridSpan)."""
    body = (f"<w:tbl><w:tr><w:tc><w:tcPr>{cell_xml}</w:tcPr><w:p><w:r><w:t>Section A: About me</w:t></w:r></w:p>"
            f"</w:tc></w:tr></w:tbl><w:p><w:r><w:t>Section B: Special educational needs</w:t></w:r></w:p>")
    return minimal_docx(path, body)
