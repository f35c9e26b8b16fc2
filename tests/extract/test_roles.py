"""Block roles: what each piece of a document is for (content, or the form's own text)."""
import pytest

from ehcp_nlp.extract.roles import TemplateText, assign_roles, is_placeholder, shape
from ehcp_nlp.model import Block, Document


def P(text, **kw):
    return Block("paragraph", text, **kw)


def ROW(table, row, *cells, **kw):
    return Block("table_row", " | ".join(c for c in cells if c), cells=cells, table=table, row=row, **kw)


def roles_of(*blocks, template=None):
    return [b.part_roles() for b in assign_roles(Document("x.docx", "docx", tuple(blocks)), template).blocks]


@pytest.mark.parametrize("text, role", [
    ("{{ child_views }}", "placeholder"),
    ("Name: {{ name }}", "placeholder"),
    ("«Click or tap here to enter text.»", "placeholder"),
    ("Click or tap to enter a date.", "placeholder"),
    ("[Enter details]", "placeholder"),
    ("YES/ NO", "placeholder"),
    ("1.", "blank"),
    ("•", "blank"),
    ("---", "blank"),
    ("Signed on behalf of Oakham County Council: J. Smith, SEND Officer, 3 March 2025", "signoff"),
    ("Please describe the child or young person's needs and how they affect learning.", "guidance"),
    ("Children and young people with speech, language and communication needs may find it hard to be understood.",
     "guidance"),
    ("This section must set out every special educational need identified.", "guidance"),
    ("Each outcome below is set for the end of the key stage unless another date is given.", "guidance"),
    ("This draft follows your guidelines and is SMART-aligned.", "guidance"),
    ("Date of birth:", "prompt"),
    ("Is the child known to social care?", "prompt"),
    ("Details of any personal budget (including direct payments)", "prompt"),
    ("Type", "prompt"),
    ("Ola reads 20 words on sight and blends three-sound words with a prompt.", "content"),
    ("None.", "content"),
    ("N/A", "content"),
    ('Sam said: "I like the computer but the hall is too loud."', "content"),
    ("Mill Brook Primary School", "content"),
])
def test_role_of_a_paragraph(text, role):
    assert roles_of(P(text)) == [(role,)]


def test_bold_short_line_is_a_heading_but_a_bold_answer_is_content():
    assert roles_of(P("What I find hard", emphasis=True), P("N/A", emphasis=True)) == [("heading",), ("content",)]


def test_a_passage_about_the_child_needs_stronger_cues_to_be_guidance():
    """'this section' and a statute read like a form's note, but this line states Sam's H1 provision."""
    text = ("No provision under the Chronically Sick and Disabled Persons Act 1970 has been identified for Sam. "
            "This section is marked as follows.")
    assert roles_of(P("Name: Sam Okafor"), P(text))[1] == ("content",)
    generic = "This section must describe any provision under the Chronically Sick and Disabled Persons Act 1970."
    assert roles_of(P(generic)) == [("guidance",)]


def test_label_and_answer_in_one_row():
    assert roles_of(ROW(0, 0, "Date of birth:", "3 March 2016"), ROW(0, 1, "School:", "{{ school }}")) == [
        ("prompt", "content"), ("prompt", "placeholder")]


def test_column_header_row_over_longer_rows():
    rows = roles_of(ROW(0, 0, "Need", "Provision", "Outcome"),
                    ROW(0, 1, "Sam cannot yet blend sounds.", "Daily phonics with a trained TA, 20 minutes.",
                        "By July 2027 Sam will read 50 words."))
    assert rows[0] == ("column_header",) * 3 and rows[1] == ("content",) * 3


def test_a_form_row_is_not_taken_for_a_header():
    """Short cells over equally short cells are a form's label | answer rows, not a header and data."""
    assert roles_of(ROW(0, 0, "Name of school", "Oak Primary"), ROW(0, 1, "Year group", "Year 4"))[0] == (
        "prompt", "content")


def test_label_column_of_a_form_table():
    """A two-column table of short labels beside long answers: the labels are prompts."""
    rows = roles_of(ROW(0, 0, "Steps this year", "By December 2025, Ellis will follow two-part instructions in class."),
                    ROW(0, 1, "How we will know", "His teaching assistant will keep a tally every half term."))
    assert rows == [("prompt", "content"), ("prompt", "content")]


def test_signature_block_table():
    rows = roles_of(ROW(0, 0, "Sign-off"), ROW(0, 1, "Local authority officer name", "Signature", "Date"),
                    ROW(0, 2, "H. Greaves", "signed electronically", "21 March 2025"))
    assert all(set(r) == {"signoff"} for r in rows)


def test_title_lines_atop_a_cell_are_headings_and_its_description_guidance():
    cell = ("Special Educational Needs and Provision (B-F-E)\nCommunication and interaction\n"
            "Children and young people with speech, language and communication needs may find it hard to say "
            "what they want to or to understand what is said to them.")
    assert roles_of(ROW(0, 0, cell)) == [("heading", "heading", "guidance")]


def test_text_a_batch_learnt_is_template():
    template = TemplateText(frozenset({shape("Provision must be detailed and specific.")}), documents=12)
    assert roles_of(P("Provision must be detailed and specific."), template=template) == [("guidance",)]


def test_placeholder_beside_words_is_only_a_placeholder_when_they_are_a_label():
    assert is_placeholder("School: [Enter name]") and not is_placeholder("Custom filled in «Click here to enter text.»")


def test_a_numbering_column_headed_no_dot_still_heads_the_table():
    rows = roles_of(ROW(0, 0, "No.", "Outcome by July 2027", "Steps by June 2026", "Linked needs"),
                    ROW(0, 1, "E1", "Ellis will travel to college by bus on his own on 4 days in 5.",
                        "Ellis completes travel training on the home-college route.", "B3, B4"))
    assert rows[0] == ("column_header",) * 4
