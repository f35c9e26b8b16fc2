"""Tests for the DOCX reader: body walking, Word features python-docx drops, and hostile files."""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt

from ehcp_nlp.errors import InputError
from ehcp_nlp.extract import docx as docx_reader
from ehcp_nlp.extract.docx import read_docx
from ehcp_nlp.extract.limits import Limits
from ehcp_nlp.extract.roles import assign_roles

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECLS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())


def el(xml: str):
    """Parse one WordprocessingML element written with the prefixes in NS."""
    return parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {DECLS}", xml, count=1))


def p(text: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}<w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def tc(content: str, tcpr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def table(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def save(document, tmp_path: Path, name: str = "plan.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def inject(document, *fragments: str) -> None:
    """Append raw XML fragments to the body, before its final w:sectPr."""
    body = document.element.body
    for fragment in fragments:
        body.insert(len(body) - 1, el(fragment))


def docx_with(tmp_path: Path, *fragments: str) -> Path:
    """A DOCX whose body is the given raw XML fragments, in order."""
    document = docx.Document()
    inject(document, *fragments)
    return save(document, tmp_path)


def read(path: Path, limits: Limits | None = None):
    return read_docx(path, limits or Limits())


def kinds_texts(doc) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def codes(doc) -> set[str]:
    return {w.code for w in doc.warnings}


# -- paragraphs, headings, lists, emphasis ------------------------------------
def test_headings_lists_emphasis_and_furniture(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("EHCP for Sam", style="Title")
    document.add_paragraph("OFFICIAL-SENSITIVE")
    document.add_heading("Section A: About me", 1)
    document.add_paragraph("Sam likes trains.")
    document.add_paragraph("")
    document.add_paragraph("Enjoys Lego", style="List Bullet")
    document.add_paragraph("Indented note", style="List Paragraph")
    document.add_heading("Communication", 2)
    document.add_paragraph().add_run("Bold whole line").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Partly ").bold = True
    mixed.add_run("bold")
    document.add_paragraph("SECTION B NEEDS")
    document.add_paragraph("NEEDS")
    document.add_paragraph("Page 3 of 12")
    doc = read(save(document, tmp_path))
    assert kinds_texts(doc) == [
        ("heading", "EHCP for Sam"), ("heading", "Section A: About me"),
        ("paragraph", "Sam likes trains."), ("list_item", "Enjoys Lego"),
        ("list_item", "Indented note"), ("heading", "Communication"),
        ("paragraph", "Bold whole line"), ("paragraph", "Partly bold"),
        ("paragraph", "SECTION B NEEDS"), ("paragraph", "NEEDS"),
    ]
    assert [b.level for b in doc.blocks[:2]] == [1, 1] and doc.blocks[5].level == 2
    assert [b.emphasis for b in doc.blocks[6:]] == [True, False, True, False]
    assert (doc.source, doc.format, doc.pages) == (str(tmp_path / "plan.docx"), "docx", None)
    assert doc.warnings == ()


def test_custom_styles_outline_level_and_direct_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    custom = document.styles.add_style("EHCP Section", 1)
    custom.base_style = document.styles["Heading 2"]
    loud = document.styles.add_style("Loud", 1)
    loud.font.bold = True
    loud.font.size = Pt(14)
    document.add_paragraph("Section F: Provision", style="EHCP Section")
    document.add_paragraph("Styled bold", style="Loud")
    inject(document, p("Outline para", "<w:pPr><w:outlineLvl w:val='2'/></w:pPr>"),
           p("Numbered", "<w:pPr><w:numPr><w:ilvl w:val='0'/><w:numId w:val='1'/></w:numPr></w:pPr>"),
           p("Numbering off", "<w:pPr><w:pStyle w:val='ListBullet'/><w:numPr><w:numId w:val='0'/>"
             "</w:numPr></w:pPr>"))
    doc = read(save(document, tmp_path))
    assert kinds_texts(doc) == [("heading", "Section F: Provision"), ("paragraph", "Styled bold"),
                                ("heading", "Outline para"), ("list_item", "Numbered"),
                                ("paragraph", "Numbering off")]
    assert [b.level for b in doc.blocks] == [2, None, 3, None, None]
    assert doc.blocks[1].emphasis


# -- inline content ----------------------------------------------------------
def test_inline_wrappers_fields_and_special_characters(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path,
        "<w:p><w:r><w:t>See </w:t></w:r><w:hyperlink r:id='rId99'><w:r><w:t>the local offer</w:t></w:r>"
        "</w:hyperlink><w:smartTag w:uri='u' w:element='place'><w:r><w:t> in Leeds</w:t></w:r></w:smartTag>"
        "<w:fldSimple w:instr=' DATE '><w:r><w:t> today</w:t></w:r></w:fldSimple></w:p>",
        "<w:p><w:r><w:t>Name:</w:t><w:tab/><w:t>Sam</w:t><w:br/><w:t>Year</w:t><w:noBreakHyphen/>"
        "<w:t>5 </w:t><w:sym w:font='Wingdings' w:char='F0FE'/></w:r></w:p>",
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>Field result</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r><w:commentReference w:id='1'/>"
        "<w:bookmarkStart w:id='0' w:name='b'/><w:r><w:footnoteReference w:id='2'/></w:r></w:p>",
        "<w:p><w:customXml w:element='child'><w:r><w:t>Custom </w:t></w:r></w:customXml>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>filled in</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>"
        "<w:t>Click or tap here to enter text.</w:t></w:r></w:sdtContent></w:sdt></w:p>",
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Guidance: delete this</w:t></w:r>"
        "<w:r><w:t>Visible</w:t></w:r></w:p>",
    )
    doc = read(path)
    assert kinds_texts(doc) == [
        ("paragraph", "See the local offer in Leeds today"),
        ("paragraph", "Name:\tSam\nYear-5 ☒"),
        ("paragraph", "Field result"),
        ("paragraph", "Custom filled in\n«Click or tap here to enter text.»"),
        ("paragraph", "Visible"),
    ]
    assert codes(doc) == {"docx.placeholders", "docx.hidden_text"}
    # the unfilled control is kept as a line of its own, marked, so it counts as an empty field, never content
    assert assign_roles(doc).blocks[3].content == "Custom filled in"


def test_block_content_controls_with_and_without_placeholder(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path,
        "<w:sdt><w:sdtPr><w:alias w:val='Views'/></w:sdtPr><w:sdtContent>"
        + p("Sam wants to be a vet.") + p("He loves animals.") + "</w:sdtContent></w:sdt>",
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + p("Click or tap here to enter text.") + "</w:sdtContent></w:sdt>",
        "<w:sdt><w:sdtPr><w:showingPlcHdr w:val='false'/></w:sdtPr><w:sdtContent>"
        + p("Not a placeholder") + "</w:sdtContent></w:sdt>",
    )
    doc = read(path)
    assert kinds_texts(doc) == [("paragraph", "Sam wants to be a vet."), ("paragraph", "He loves animals."),
                                ("paragraph", "«Click or tap here to enter text.»"), ("paragraph", "Not a placeholder")]
    assert [b.role for b in assign_roles(doc).blocks] == ["content", "content", "placeholder", "content"]
    assert codes(doc) == {"docx.placeholders"}


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path,
        "<w:p><w:r><w:t xml:space='preserve'>Sam needs </w:t></w:r>"
        "<w:del w:id='1' w:author='QA'><w:r><w:delText>some</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='QA'><w:r><w:t>weekly</w:t></w:r></w:ins>"
        "<w:r><w:t xml:space='preserve'> speech therapy</w:t></w:r>"
        "<w:moveFrom w:id='3' w:author='QA'><w:r><w:t> from a therapist</w:t></w:r></w:moveFrom>"
        "<w:r><w:t>.</w:t></w:r></w:p>",
        "<w:p><w:moveTo w:id='4' w:author='QA'><w:r><w:t>Delivered by a therapist</w:t></w:r>"
        "</w:moveTo></w:p>",
    )
    doc = read(path)
    assert kinds_texts(doc) == [("paragraph", "Sam needs weekly speech therapy."),
                                ("paragraph", "Delivered by a therapist")]
    assert doc.text.count("weekly") == 1 and "some" not in doc.text and "from a therapist" not in doc.text
    assert codes(doc) == {"docx.tracked_changes"}


def test_text_box_read_once_after_its_anchor(tmp_path: Path) -> None:
    box = p("Text box heading") + p("Inside the box")
    path = docx_with(
        tmp_path,
        p("Before"),
        "<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
        "<wp:anchor><a:graphic><a:graphicData uri='x'><wps:wsp><wps:txbx><w:txbxContent>" + box
        + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" + box
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t xml:space='preserve'> text</w:t></w:r></w:p>",
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p("VML only box")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
        p("After"),
    )
    doc = read(path)
    assert kinds_texts(doc) == [("paragraph", "Before"), ("paragraph", "Anchor text"),
                                ("paragraph", "Text box heading"), ("paragraph", "Inside the box"),
                                ("paragraph", "VML only box"), ("paragraph", "After")]
    assert codes(doc) == {"docx.text_boxes"}


# -- tables ------------------------------------------------------------------
def test_merged_cells_counted_once(tmp_path: Path) -> None:
    path = docx_with(
        tmp_path,
        table(tc(p("Need"), "<w:gridSpan w:val='2'/>") + tc(p("Provision")),
              tc(p("Speech"), "<w:vMerge w:val='restart'/>") + tc(p("Sounds")) + tc(p("SALT weekly")),
              tc(p(""), "<w:vMerge/>") + tc(p("Words") + p("and phrases")) + tc(p("Group work")),
              tc(p("")) + tc("<w:p/>") + tc(p(" "))),
    )
    doc = read(path)
    assert kinds_texts(doc) == [("table_row", "Need | Provision"),
                                ("table_row", "Speech | Sounds | SALT weekly"),
                                ("table_row", "Words\nand phrases | Group work")]
    assert [b.cells for b in doc.blocks] == [("Need", "", "Provision"), ("Speech", "Sounds", "SALT weekly"),
                                            ("", "Words\nand phrases", "Group work")]
    assert [(b.table, b.row) for b in doc.blocks] == [(0, 0), (0, 1), (0, 2)]
    assert doc.text.count("Speech") == 1


def test_nested_table_rows_follow_parent_row(tmp_path: Path) -> None:
    inner = table(tc(p("Target")) + tc(p("Date")), tc(p("Say 50 words")) + tc(p("July")))
    path = docx_with(
        tmp_path,
        table(tc(p("Outcomes")) + tc(p("Short-term steps:") + inner + p("Review termly")),
              tc(p("Next")) + tc(p("Row"))),
        table(tc(p("Second table"))),
    )
    doc = read(path)
    assert [(b.kind, b.text, b.table, b.row) for b in doc.blocks] == [
        ("table_row", "Outcomes | Short-term steps:\nReview termly", 0, 0),
        ("table_row", "Target | Date", 1, 0),
        ("table_row", "Say 50 words | July", 1, 1),
        ("table_row", "Next | Row", 0, 1),
        ("table_row", "Second table", 2, 0),
    ]
    assert doc.text.count("Say 50 words") == 1


def test_table_rows_in_content_controls_deleted_rows_and_bold_rows(tmp_path: Path) -> None:
    bold = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Section E: Outcomes</w:t></w:r></w:p>"
    path = docx_with(
        tmp_path,
        "<w:tbl><w:tr>" + tc(bold) + "</w:tr>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tr>" + tc(p("Repeating row")) + "</w:tr></w:sdtContent></w:sdt>"
        "<w:tr><w:trPr><w:del w:id='1' w:author='QA'/></w:trPr>" + tc(p("Deleted row")) + "</w:tr>"
        "<w:tr><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>" + tc(p("Prompt"))
        + "</w:sdtContent></w:sdt>" + tc(p("Answer")) + "</w:tr></w:tbl>",
    )
    doc = read(path)
    assert [(b.text, b.cells, b.row, b.emphasis) for b in doc.blocks] == [
        ("Section E: Outcomes", ("Section E: Outcomes",), 0, True),
        ("Repeating row", ("Repeating row",), 1, False),
        ("Answer", ("", "Answer"), 2, False),
    ]
    assert codes(doc) == {"docx.tracked_changes", "docx.placeholders"}


def test_python_docx_tables_and_headers_not_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.add_paragraph("Running header text")
    document.sections[0].footer.add_paragraph("Footer text")
    grid = document.add_table(rows=2, cols=3)
    grid.cell(0, 0).text = "Area"
    grid.cell(0, 1).merge(grid.cell(0, 2)).text = "Provision"
    grid.cell(1, 0).text = "Health"
    doc = read(save(document, tmp_path))
    assert kinds_texts(doc) == [("table_row", "Area | Provision"), ("table_row", "Health")]
    assert doc.blocks[0].cells == ("Area", "Provision", "") and doc.blocks[1].cells == ("Health", "", "")
    assert "header" not in doc.text.lower() and "Footer" not in doc.text


def test_main_part_found_through_relationships_without_styles_part(tmp_path: Path) -> None:
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document2.xml"/></Relationships>')
    heading = p("Section B", "<w:pPr><w:pStyle w:val='Heading2'/></w:pPr>")
    xml = f'<w:document xmlns:w="{NS["w"]}"><w:body>{heading}{p("Body")}</w:body></w:document>'
    members = {"_rels/.rels": rels.encode(), "word/document2.xml": xml.encode()}
    path = write_zip(tmp_path / "odd.docx", members)
    doc = read(path)
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [("heading", "Section B", 2),
                                                               ("paragraph", "Body", None)]


# -- hostile and damaged files -------------------------------------------------
def small_docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Section A", 1)
    document.add_paragraph("Some text. " * 20)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def assert_refused(path: Path, *words: str, limits: Limits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read(path, limits)
    message = str(caught.value)
    assert message.startswith(str(path)) and all(w in message for w in words), message
    return caught.value


def test_truncated_file(tmp_path: Path) -> None:
    data = small_docx_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "damaged or truncated", "re-save it from Word")


def test_zip_without_document_part(tmp_path: Path) -> None:
    members = {"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}
    path = write_zip(tmp_path / "sheet.docx", members)
    assert_refused(path, "not a Word document", "word/document.xml")


def test_malformed_xml(tmp_path: Path) -> None:
    xml = f'<w:document xmlns:w="{NS["w"]}"><w:body><w:p><w:r><w:t>Broken</w:r></w:p></w:body></w:document>'
    path = write_zip(tmp_path / "broken.docx", {"word/document.xml": xml.encode()})
    assert_refused(path, "is damaged: its text could not be read")


def test_strict_open_xml_refused_with_advice(tmp_path: Path) -> None:
    xml = ('<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r>'
           '<w:t>Strict</w:t></w:r></w:p></w:body></w:document>')
    path = write_zip(tmp_path / "strict.docx", {"word/document.xml": xml.encode()})
    assert_refused(path, "Strict Open XML", "Word Document (*.docx)")


def test_absurdly_deep_nesting_refused(tmp_path: Path) -> None:
    depth = 400
    inner = "<w:tbl><w:tr><w:tc>" * depth + p("deep") + "</w:tc></w:tr></w:tbl>" * depth
    xml = f'<w:document xmlns:w="{NS["w"]}"><w:body>{inner}</w:body></w:document>'
    path = write_zip(tmp_path / "deep.docx", {"word/document.xml": xml.encode()})
    assert_refused(path, "nested too deeply")


def test_external_entities_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
           f'<w:document xmlns:w="{NS["w"]}"><w:body><w:p><w:r><w:t>Hi &x;</w:t></w:r></w:p>'
           '</w:body></w:document>')
    doc = read(write_zip(tmp_path / "xxe.docx", {"word/document.xml": xml.encode()}))
    assert "SECRET" not in doc.text and doc.text == "Hi"


def test_zip_bomb_of_400_mb_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(f'<w:document xmlns:w="{NS["w"]}"><w:body>'.encode())
            for _ in range(400):
                handle.write(chunk)
            handle.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2 << 20
    assert_refused(path, "300 MB", "max_unzipped_bytes", "zip bomb")


def test_highly_compressed_part_refused(tmp_path: Path) -> None:
    padding = b" " * (20 << 20)
    xml = f'<w:document xmlns:w="{NS["w"]}"><w:body>'.encode() + padding + b"</w:body></w:document>"
    path = write_zip(tmp_path / "dense.docx", {"word/document.xml": xml})
    assert_refused(path, "compressed more than 200 times", "max_zip_ratio")


def test_lower_limit_applies_to_declared_sizes(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(small_docx_bytes())
    assert read(path).blocks
    assert_refused(path, "max_unzipped_bytes", limits=Limits(max_unzipped_bytes=20_000))


def test_actual_inflated_size_checked_even_if_declared_sizes_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(small_docx_bytes())
    monkeypatch.setattr(docx_reader, "_check_declared", lambda *args: None)
    assert_refused(path, "max_unzipped_bytes", limits=Limits(max_unzipped_bytes=20_000))


def test_central_directory_understating_size(tmp_path: Path) -> None:
    xml = f'<w:document xmlns:w="{NS["w"]}"><w:body>{p("Real text") * 200}</w:body></w:document>'
    data = bytearray(write_zip(tmp_path / "x.zip", {"word/document.xml": xml.encode()}).read_bytes())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # declared uncompressed size: 100 bytes
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    assert_refused(path, "damaged")


def test_random_corruption_never_escapes_as_traceback(tmp_path: Path) -> None:
    data = small_docx_bytes()
    rng = random.Random(1234)
    path = tmp_path / "fuzz.docx"
    for attempt in range(150):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        cut = len(mutated) if attempt % 3 else rng.randrange(1, len(mutated))
        path.write_bytes(bytes(mutated[:cut]))
        try:
            read(path)
        except InputError as err:
            assert str(err).startswith(str(path))


def test_word_document_named_otherwise_is_read_as_word(tmp_path: Path) -> None:
    """A Word document saved or renamed as .pdf is still a Word document; another Office file says what it is."""
    from ehcp_nlp.extract import extract as read_document

    body = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Section A: Sam's views. Sam likes trains and wants to be a train driver.")
    document.save(body)
    named_pdf = tmp_path / "plan.pdf"
    named_pdf.write_bytes(body.getvalue())
    assert "Sam likes trains" in read_document(named_pdf).text
    workbook = tmp_path / "plan (2).pdf"
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match=r"not a Word document \(it holds an Excel workbook\)"):
        read_document(workbook)
    damaged = tmp_path / "plan (3).pdf"
    damaged.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError, match="not a Word document .it is damaged"):
        read_document(damaged)
