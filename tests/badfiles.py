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
