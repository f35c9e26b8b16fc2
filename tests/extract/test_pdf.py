"""Tests for the PDF reader, on small PDFs drawn with reportlab in ``tmp_path``."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from ehcp_nlp.errors import InputError
from ehcp_nlp.extract import extract
from ehcp_nlp.extract.limits import Limits
from ehcp_nlp.extract.pdf import read_pdf
from ehcp_nlp.model import Document

STYLES = getSampleStyleSheet()
TOP = A4[1] - 100
BODIES = [("Sam", "football"), ("Ali", "drawing comics"), ("Joe", "building models"), ("Max", "swimming")]


def draw_lines(c: canvas.Canvas, lines: list[str], y: float = TOP, pitch: float = 14) -> None:
    """Draw one line per entry in 11 pt Helvetica; an empty entry leaves a blank line."""
    for text in lines:
        if text:
            c.setFont("Helvetica", 11)
            c.drawString(72, y, text)
        y -= pitch


def furniture(c: canvas.Canvas, page: int, total: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawCentredString(A4[0] / 2, A4[1] - 30, "OFFICIAL-SENSITIVE")
    c.drawString(72, 30, "EHCP for Sam Example - final")
    c.drawRightString(A4[0] - 72, 30, f"Page {page} of {total}")


def build(path: Path, story: list) -> Path:
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
    return path


def read(path: Path, **limits: int) -> Document:
    return read_pdf(path, Limits(**limits))


@pytest.fixture
def four_pages(tmp_path: Path) -> Path:
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page, (name, need) in enumerate(BODIES, start=1):
        furniture(c, page, 4)
        draw_lines(c, [f"{name} is a sociable child who talks about his family and pets and who enjoys",
                       f"{need} with his friends."])
        c.showPage()
    c.save()
    return path


def test_running_header_and_footer_are_dropped(four_pages: Path) -> None:
    doc = read(four_pages)
    assert doc.format == "pdf" and doc.pages == 4 and doc.source == str(four_pages)
    assert [b.page for b in doc.blocks] == [1, 2, 3, 4]
    assert [b.text for b in doc.blocks] == [
        f"{name} is a sociable child who talks about his family and pets and who enjoys {need} "
        "with his friends."
        for name, need in BODIES]
    assert not any(word in doc.text for word in ("OFFICIAL", "Page 1", "EHCP for Sam"))
    assert doc.warnings == ()


def test_heading_bullets_and_numbered_items(tmp_path: Path) -> None:
    path = build(tmp_path / "plan.pdf", [
        Paragraph("SECTION B: SPECIAL EDUCATIONAL NEEDS", STYLES["Heading1"]),
        Paragraph("Communication and interaction", STYLES["Heading2"]),
        Paragraph("Sam has a diagnosis of autism. He finds busy rooms hard. " * 3, STYLES["BodyText"]),
        Paragraph("\u2022 Sam needs a visual timetable.", STYLES["BodyText"]),
        Paragraph("\u2022 Sam needs time to process instructions.", STYLES["BodyText"]),
        Paragraph("1. Adults will check his understanding.", STYLES["BodyText"]),
        Paragraph("b) Daily check-in with a key adult.", STYLES["BodyText"]),
        Paragraph("- Movement breaks.", STYLES["BodyText"]),
        Paragraph("Sam's views are recorded in Section A.", STYLES["BodyText"]),
    ])
    blocks = read(path).blocks
    assert [(b.kind, b.text, b.emphasis) for b in blocks] == [
        ("paragraph", "SECTION B: SPECIAL EDUCATIONAL NEEDS", True),
        ("paragraph", "Communication and interaction", True),  # bold heading
        ("paragraph", ("Sam has a diagnosis of autism. He finds busy rooms hard. " * 3).strip(), False),
        ("list_item", "Sam needs a visual timetable.", False),
        ("list_item", "Sam needs time to process instructions.", False),
        ("list_item", "Adults will check his understanding.", False),
        ("list_item", "Daily check-in with a key adult.", False),
        ("list_item", "Movement breaks.", False),
        ("paragraph", "Sam's views are recorded in Section A.", False),
    ]
    assert {b.page for b in blocks} == {1}


def test_lines_join_gaps_split_and_short_lines_stand_alone(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    draw_lines(c, [
        "Section F: Special educational provision",  # same font, no gap: stands alone as short line
        "Sam will have a teaching assistant for 25 hours a week to support his learning in class and",
        "a multi-sensory approach to phonics, so that a ten-year-old can access the full curriculum in a "
        "multi-",
        "sensory way.",
        "",
        "A second paragraph starts after a blank line. Sam's reading age was assessed in May as",
        "10. He reads fluently but finds inference hard, and he enjoys books about animals and sport",
        "– especially football.",
        "COGNITION AND LEARNING",
        "Sam reads at an age-related level:",
        "2. a numbered item after a colon is a list item.",
    ])
    c.save()
    blocks = read(path).blocks
    assert [b.kind for b in blocks] == ["paragraph"] * 5 + ["list_item"]
    assert [b.text for b in blocks] == [
        "Section F: Special educational provision",
        "Sam will have a teaching assistant for 25 hours a week to support his learning in class and "
        "a multi-sensory approach to phonics, so that a ten-year-old can access the full curriculum in a "
        "multisensory way.",  # only the line-end hyphen, which pdfium marks as soft, is removed
        "A second paragraph starts after a blank line. Sam's reading age was assessed in May as 10. He reads "
        "fluently but finds inference hard, and he enjoys books about animals and sport – especially "
        "football.",  # a number or dash starting a wrapped line does not start a list item
        "COGNITION AND LEARNING",
        "Sam reads at an age-related level:",
        "a numbered item after a colon is a list item.",
    ]


def test_paragraph_carried_over_a_page_break_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    draw_lines(c, ["Progress towards the outcomes will be reviewed each term by the SENCo, the class"])
    c.showPage()
    draw_lines(c, ["teacher and Sam's parents.", "", "Next paragraph.", "", "NOT JOINED"])
    c.showPage()
    draw_lines(c, ["after a heading, a lower-case start stays apart.", "",
                   "A full line that stops mid-sentence at the foot of the page is carried on by the"])
    c.showPage()
    draw_lines(c, ["SENCo on the next page, even with a capital letter."])
    c.save()
    blocks = read(path).blocks
    assert [(b.text, b.page) for b in blocks] == [
        ("Progress towards the outcomes will be reviewed each term by the SENCo, the class "
         "teacher and Sam's parents.", 1),
        ("Next paragraph.", 2),
        ("NOT JOINED", 2),
        ("after a heading, a lower-case start stays apart.", 3),
        ("A full line that stops mid-sentence at the foot of the page is carried on by the "
         "SENCo on the next page, even with a capital letter.", 3),
    ]


def ruled_table(rows: list[list[object]], spans: list[tuple] = ()) -> Table:
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] + [("SPAN", a, b) for a, b in spans]
    return Table(rows, colWidths=[150, 150, 150], style=TableStyle(style))


def test_ruled_tables_with_merged_cell_between_paragraphs(tmp_path: Path) -> None:
    path = build(tmp_path / "plan.pdf", [
        Paragraph("Outcomes and provision are set out below.", STYLES["BodyText"]),
        ruled_table([["Need", "Outcome", "Provision"],
                     ["Sam finds reading hard", None, "Daily phonics"],
                     ["Sam is anxious at lunch", "Sam will eat in the hall", ""]],
                    spans=[((0, 1), (1, 1))]),
        Paragraph("Paragraph between the tables.", STYLES["BodyText"]),
        ruled_table([["Who", "What", "When"], ["SALT", "Therapy", "Weekly"]]),
        Paragraph("Paragraph after the tables.", STYLES["BodyText"]),
    ])
    blocks = read(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Outcomes and provision are set out below."),
        ("table_row", "Need | Outcome | Provision"),
        ("table_row", "Sam finds reading hard | Daily phonics"),
        ("table_row", "Sam is anxious at lunch | Sam will eat in the hall"),
        ("paragraph", "Paragraph between the tables."),
        ("table_row", "Who | What | When"),
        ("table_row", "SALT | Therapy | Weekly"),
        ("paragraph", "Paragraph after the tables."),
    ]
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [b.cells for b in rows[:3]] == [("Need", "Outcome", "Provision"),
                                           ("Sam finds reading hard", "", "Daily phonics"),
                                           ("Sam is anxious at lunch", "Sam will eat in the hall", "")]
    assert [(b.table, b.row, b.page) for b in rows] == [(0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 1), (1, 1, 1)]


def test_table_on_a_rotated_page(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setPageRotation(90)
    c.rotate(90)  # draw upright on the turned page: x runs up the sheet, y runs right to left
    c.translate(0, -A4[0])
    draw_lines(c, ["Landscape provision table"], y=A4[0] - 60)
    table = ruled_table([["Need", "Outcome", "Provision"], ["Reading", "Read fluently", "Phonics"]])
    table.wrapOn(c, A4[1], A4[0])
    table.drawOn(c, 72, A4[0] - 140)
    c.save()
    blocks = read(path).blocks
    assert [b.text for b in blocks] == ["Landscape provision table", "Need | Outcome | Provision",
                                        "Reading | Read fluently | Phonics"]


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), invariant=1, encrypt="secret")
    draw_lines(c, ["Confidential plan text."])
    c.save()
    with pytest.raises(InputError) as error:
        read(path)
    assert error.value.problem == "is password-protected"
    assert "remove the password" in error.value.action and error.value.path == str(path)


def test_truncated_pdf(four_pages: Path, tmp_path: Path) -> None:
    data = four_pages.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * 0.4)])
    with pytest.raises(InputError, match="damaged or not a valid PDF"):
        read(path)


def test_garbage_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"this is not a pdf at all\x00\x01\x02" * 50)
    with pytest.raises(InputError, match="damaged or not a valid PDF"):
        read(path)
    with pytest.raises(InputError, match="is named .pdf but is not a PDF"):
        extract(path)
    path.write_bytes(b"%PDF-1.7\n" + b"\x8f garbage \xff" * 100)
    with pytest.raises(InputError, match="damaged or not a valid PDF"):
        extract(path)


def draw_picture(c: canvas.Canvas) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(Image.new("RGB", (40, 40), "white")), 72, 400, width=300, height=300)


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    for _ in range(2):
        draw_picture(c)
        c.showPage()
    c.save()
    with pytest.raises(InputError) as error:
        read(path)
    assert error.value.problem == "has no text layer (it looks scanned)"
    assert "ocrmypdf" in error.value.action


def test_some_scanned_pages_give_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    draw_lines(c, ["Typed page one."])
    c.showPage()
    draw_picture(c)
    c.showPage()
    draw_picture(c)
    c.showPage()
    c.save()
    doc = read(path)
    assert [b.text for b in doc.blocks] == ["Typed page one."]
    [warning] = doc.warnings
    assert warning.code == "pdf.pages_without_text"
    assert warning.message.startswith("pages 2 and 3: no text layer (scanned?)") and warning.page is None


def test_page_limit(four_pages: Path) -> None:
    with pytest.raises(InputError, match=r"has too many pages \(4, limit 3\)"):
        read(four_pages, max_pages=3)


def test_extract_dispatches_pdf_by_content(four_pages: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "plan-without-suffix"
    renamed.write_bytes(four_pages.read_bytes())
    doc = extract(renamed)
    assert doc.format == "pdf" and len(doc.blocks) == 4


def test_table_ruled_with_filled_rectangles_inside_a_form(tmp_path: Path) -> None:
    """Word draws borders as thin filled rectangles; some producers put them in form XObjects."""
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    draw_lines(c, ["Before the table."])
    c.beginForm("rules")
    for x in (0, 150, 300):
        c.rect(x, 0, 0.5, 60, stroke=0, fill=1)
    for y in (0, 30, 60):
        c.rect(0, y, 300, 0.5, stroke=0, fill=1)
    c.endForm()
    c.saveState()
    c.translate(72, TOP - 90)
    c.doForm("rules")
    c.restoreState()
    for x, y, text in [(78, TOP - 50, "Area"), (228, TOP - 50, "Support"),
                       (78, TOP - 80, "Speech"), (228, TOP - 80, "Weekly therapy")]:
        c.drawString(x, y, text)
    draw_lines(c, ["After the table."], y=TOP - 120)
    c.save()
    assert [(b.kind, b.cells or b.text) for b in read(path).blocks] == [
        ("paragraph", "Before the table."),
        ("table_row", ("Area", "Support")),
        ("table_row", ("Speech", "Weekly therapy")),
        ("paragraph", "After the table."),
    ]


def test_table_finder_failure_keeps_text_and_warns(tmp_path, monkeypatch):
    """If a pdfplumber release needs more than the stand-in page offers, the text stays and a warning says so."""
    from ehcp_nlp.extract import pdf_tables

    class Broken:
        def __init__(self, page):
            raise AttributeError("'SimpleNamespace' object has no attribute 'chars'")

    import pdfplumber.table
    monkeypatch.setattr(pdfplumber.table, "TableFinder", Broken)
    path = build(tmp_path / "plan.pdf", [
        Paragraph("Outcomes and provision are set out below.", STYLES["BodyText"]),
        ruled_table([["Need", "Outcome", "Provision"], ["Sam finds reading hard", "Reads 50 words", "Daily phonics"]]),
    ])
    doc = read(path)
    assert any(w.code == "pdf.tables_unread" for w in doc.warnings)
    assert "Provision" in doc.text and not any(b.kind == "table_row" for b in doc.blocks)
    assert pdf_tables.TableFinderError


# --- statements whole (issue 10) --------------------------------------------------------------

def test_line_shading_inside_a_cell_does_not_cut_it_into_rows(tmp_path: Path) -> None:
    """A portal form shades each line of a label cell; the boxes are shading, not the table's rules."""
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    x0, x1, x2, top, bottom = 72, 250, 520, 700, 640
    c.setFillColor(colors.lightgrey)
    for k, y in enumerate((688, 674, 660)):  # one filled box behind each label line, as the portal draws it
        c.rect(x0 + 1, y - 3, 170, 12, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.setFont("Helvetica", 10)
    for y, text in zip((690, 676, 662), ("Has consent been", "obtained for this", "assessment?")):
        c.drawString(x0 + 3, y, text)
    c.drawString(x1 + 3, 690, "Yes")
    c.setLineWidth(0.8)
    for x in (x0, x1, x2):
        c.line(x, top, x, bottom)
    for y in (top, bottom):
        c.line(x0, y, x2, y)
    c.showPage()
    c.save()
    rows = [b.cells for b in read(path).blocks if b.kind == "table_row"]
    assert rows == [("Has consent been obtained for this assessment?", "Yes")]


@pytest.mark.parametrize("lines, paragraphs", [
    (["Daily reading with a trained TA for", "20 minutes, four pupils.", "Weekly SALT."],
     ["Daily reading with a trained TA for 20 minutes, four pupils.", "Weekly SALT."]),
    (["Sam reads at the level of a child two", "years younger. His spelling is weaker", "still."],
     ["Sam reads at the level of a child two years younger. His spelling is weaker still."]),
    (["Special Educational Needs and Provision", "Communication and interaction",
      "Children and young people with speech, language and communication needs", "may find it hard to talk."],
     ["Special Educational Needs and Provision", "Communication and interaction",
      "Children and young people with speech, language and communication needs may find it hard to talk."]),
    (["• Visual timetable reviewed daily with", "the class teacher", "• Movement breaks every 30 minutes"],
     ["• Visual timetable reviewed daily with the class teacher", "• Movement breaks every 30 minutes"]),
])
def test_cell_lines_join_into_paragraphs(lines, paragraphs):
    from ehcp_nlp.extract.pdf_tables import cell_paragraphs

    assert cell_paragraphs(lines) == paragraphs


def test_two_columns_keep_their_reading_order(tmp_path: Path) -> None:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    path = tmp_path / "columns.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1)
    half = (A4[0] - 100) / 2
    doc.addPageTemplates([PageTemplate(frames=[Frame(40, 40, half, A4[1] - 80), Frame(60 + half, 40, half, A4[1] - 80)])])
    text = ("Paragraph {}. Sam likes trains and Lego; he finds the hall noisy at lunchtime and Mum says he sleeps "
            "badly before PE days because he worries about changing in front of others.")
    doc.build([Paragraph(text.format(i), STYLES["BodyText"]) for i in range(1, 21)])
    paragraphs = [b.text for b in read(path).blocks]
    assert paragraphs == [text.format(i) for i in range(1, 21)]


def test_a_row_broken_by_the_page_is_joined_again():
    from ehcp_nlp.extract.pdf import _joined_row, _row_goes_on
    from ehcp_nlp.model import Block

    above = Block("table_row", "Social, emotional and | Jacob will feel less anxious.",
                  cells=("Social, emotional and", "Jacob will feel less anxious."), table=2, row=5)
    assert _row_goes_on(above, ("mental health", ""))
    assert _joined_row(above, ("mental health", "")).cells == ("Social, emotional and mental health",
                                                              "Jacob will feel less anxious.")
    label = Block("table_row", "What I find hard (B) | Nathan can follow a list.",
                  cells=("What I find hard (B)", "Nathan can follow a list."), table=1, row=2)
    assert _row_goes_on(label, ("", "He cannot yet tell the time."))  # a new paragraph of the same answer
    assert not _row_goes_on(label, ("Steps this year", "Nathan will ask for help."))  # a new row


def test_a_number_mid_page_is_text_not_a_page_number(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    draw_lines(c, ["Advice received:", "Reuben's views, gathered by Nadia Brooks, Independent Advocate, 2 May",
                   "2025", "Views of his parents, 28 April 2025", "", "", "", "", "Page 1 of 1"])
    c.showPage()
    c.save()
    text = read(path).text
    assert "2 May 2025" in text and "Page 1 of 1" not in text
