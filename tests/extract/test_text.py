"""Plain-text and Markdown plans: encodings, blocks, page furniture."""
import pytest

from ehcp_nlp.extract import extract
from ehcp_nlp.plan import read_plan

PLAN = "Section A: About me\nZoë’s favourite thing is the café.\n\nSection B: Special educational needs\nZoë reads 40 words.\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8-sig", b""), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b""), ("cp1252", b""),
])
def test_encodings_are_read_correctly(tmp_path, encoding, prefix):
    path = tmp_path / "plan.txt"
    path.write_bytes(prefix + PLAN.encode(encoding))
    plan = read_plan(path)
    assert plan.sections["A"].text == "Zoë’s favourite thing is the café."
    assert plan.sections["B"].text == "Zoë reads 40 words."


def test_cp1252_is_reported_as_a_warning(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("cp1252"))
    assert [w.code for w in extract(path).warnings] == ["text.encoding"]


def test_markdown_headings_lists_and_tables(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# Education, Health and Care Plan\n\n## Section F: Special educational provision\n\n"
        "- **Daily** reading with a trained TA, 20 minutes.\n* Weekly SALT session.\n\n"
        "| Needs | Outcomes | Provision |\n|---|:---:|---|\n| Reads 10 words | Read 50 words by July 2027 | Phonics daily |\n",
        encoding="utf-8")
    blocks = extract(path).blocks
    assert [(b.kind, b.text) for b in blocks[:4]] == [
        ("heading", "Education, Health and Care Plan"),
        ("heading", "Section F: Special educational provision"),
        ("list_item", "Daily reading with a trained TA, 20 minutes."),
        ("list_item", "Weekly SALT session."),
    ]
    assert blocks[4].cells == ("Needs", "Outcomes", "Provision") and blocks[5].row == 1
    assert len(blocks) == 6


def test_hard_wrapped_lines_join_but_headings_do_not(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Section B: Special educational needs\nAmir finds it hard to settle when the\n"
                    "classroom is noisy.\nHe reads well.\n", encoding="utf-8")
    texts = [b.text for b in extract(path).blocks]
    assert texts == ["Section B: Special educational needs",
                     "Amir finds it hard to settle when the classroom is noisy.", "He reads well."]


def test_running_headers_and_footers_dropped_across_form_feed_pages(tmp_path):
    bodies = ["Jo likes trains.", "Jo reads 40 words.", "Jo walks to school."]
    pages = [f"OFFICIAL-SENSITIVE\nEHCP for Jo Bloggs\n{body}\nPage {n} of 3" for n, body in enumerate(bodies, 1)]
    path = tmp_path / "plan.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = extract(path)
    assert [b.text for b in doc.blocks] == bodies
    assert [b.page for b in doc.blocks] == [1, 2, 3]


def test_form_rows_without_leading_pipe_are_table_rows(tmp_path):
    """Regression: a table-form plan saved as text ("Section A | Views …") lost every section."""
    path = tmp_path / "plan.txt"
    path.write_text("Name | Leah Murphy\nDate of birth | 29 September 2022\n\nSection A | Views, interests and aspirations\n"
                    "Views | Leah signed that she likes 'swing'.\n", encoding="utf-8")
    plan = read_plan(path)
    assert [b.cells for b in extract(path).blocks][:2] == [("Name", "Leah Murphy"), ("Date of birth", "29 September 2022")]
    assert plan.sections["A"].full_text == "Views | Leah signed that she likes 'swing'."
    assert plan.sections["A"].text == "Leah signed that she likes 'swing'."  # "Views" is the form's label
