"""A table of heading variants across council templates: (block, expected keys or None)."""
import pytest

from ehcp_nlp.model import Block
from ehcp_nlp.sections.headings import area_of, letter_keys, match_heading, table_columns, title_keys, title_readings


def P(text, **kw):
    return Block("paragraph", text, **kw)


def H(text):
    return Block("heading", text, level=1)


def ROW(*cells):
    return Block("table_row", " | ".join(c for c in cells if c), cells=cells, table=0, row=0)


HEADINGS = [
    (H("Section A: The views, interests and aspirations of the child and their parents"), ("A",)),
    (P("Section A – The views, interests and aspirations of Ali and his parents"), ("A",)),
    (P("Section A The views, interests and aspirations"), ("A",)),
    (P("PART B – SPECIAL EDUCATIONAL NEEDS", emphasis=True), ("B",)),
    (P("Part C: Health needs related to SEN"), ("C",)),
    (P("A. All about me"), ("A",)),
    (P("B. My special educational needs"), ("B",)),
    (P("E: Outcomes"), ("E",)),
    (P("F) Special educational provision"), ("F",)),
    (P("I. Placement"), ("I",)),
    (H("H1: Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"), ("H1",)),
    (P("Section H2 – Other social care provision"), ("H2",)),
    (P("SECTION H: SOCIAL CARE PROVISION", emphasis=True), ("H",)),
    (P("Special educational provision"), ("F",)),
    (P("Health provision"), ("G",)),
    (P("Social care needs"), ("D",)),
    (P("Placement"), ("I",)),
    (P("Personal budget"), ("J",)),
    (P("J. My personal budget"), ("J",)),
    (P("My health needs"), ("C",)),
    (P("Advice and information"), ("K",)),
    (P("Outcomes"), ("E",)),
    (H("The special educational needs of the young person"), ("B",)),
    (P("Sections B, E and F: Needs, outcomes and provision"), ("B", "E", "F")),
    (P("Section B (continued)"), ("B",)),
    (ROW("Section B", "Special educational needs"), ("B",)),
    (ROW("B", "Ellie has a diagnosis of autism and finds transitions hard."), ("B",)),
    (ROW("Section K: Advice and information", ""), ("K",)),
    # letters in other places and forms
    (P("My learning needs (Section B)"), ("B",)),
    (P("2.1 My education and training needs (B)"), ("B",)),
    (P("Part 3: Outcomes (Section E)"), ("E",)),
    (P("(A) Views, interests and aspirations"), ("A",)),
    (ROW("A1", "Summary of the child or young person's history"), ("A",)),
    (P("Other (H2) Social Care Provision", emphasis=True), ("H2",)),
    (P("3c Social care provision – Section H (H1 and H2)", emphasis=True), ("H",)),
    (P("Sections C (health care needs) and G (health care provision)"), ("C", "G")),
    # person-centred titles with no letter, read by what they are about
    (H("The help I will get at school"), ("F",)),
    (H("Help from health services"), ("G",)),
    (H("Where I will learn"), ("I",)),
    (H("Who has given advice"), ("K",)),
    (H("What I want to achieve"), ("E",)),
    (H("All about me"), ("A",)),
    (H("My health"), ("C",)),
    (H("Section 3: Special Educational Needs and Provision"), ("B", "F")),
]

NOT_HEADINGS = [
    P("Sam will read 50 high-frequency words by July 2027."),
    P("Section F of the plan sets out the support Sam needs in class every day."),
    P("I like football and my dog Biscuit."),
    P("A key adult will meet Sam at the gate each morning."),
    Block("list_item", "Special educational provision for reading"),
    P("Section A ........ 3"),
    P("Health"),
    P("Ali needs help with communication and interaction in noisy places."),
    P("Special educational provision will be delivered by a specialist teacher for two hours a week."),
    ROW("Name", "Ellie Brown"),
    P("I. I find it hard when it is noisy."),
    P("A Key Adult", emphasis=True),
    ROW("Placement named from", "24 February 2025 (continuing placement)"),
    P("E.g. a visual timetable"),
]


@pytest.mark.parametrize("block, keys", HEADINGS, ids=[b.text[:40] for b, _ in HEADINGS])
def test_heading_variants_are_recognised(block, keys):
    match = match_heading(block)
    assert match is not None and match.keys == keys


@pytest.mark.parametrize("block", NOT_HEADINGS, ids=[b.text[:40] for b in NOT_HEADINGS])
def test_body_text_is_not_a_heading(block):
    assert match_heading(block) is None


def test_row_label_with_content_keeps_the_content():
    match = match_heading(ROW("B", "Ellie has a diagnosis of autism and finds transitions hard."))
    assert match.rest == "Ellie has a diagnosis of autism and finds transitions hard."


@pytest.mark.parametrize("text, area", [
    ("Communication and Interaction", "Communication and interaction"),
    ("Speech, language and communication needs", "Communication and interaction"),
    ("Social, Emotional and Mental Health (SEMH)", "Social, emotional and mental health"),
    ("Sensory and/or physical", "Sensory and/or physical"),
    ("Physical and sensory", "Sensory and/or physical"),
    ("Independent living", "Independent living"),
    ("Ellie finds communication and interaction hard in groups of more than three children", None),
])
def test_area_of_need(text, area):
    assert area_of(text) == area


def test_need_outcome_provision_header_maps_columns():
    assert table_columns(ROW("Area of need", "Needs", "Outcomes", "Provision")) == {
        0: "area", 1: "B", 2: "E", 3: "F"}
    assert table_columns(ROW("Name", "Date of birth")) is None


@pytest.mark.parametrize("title, keys", [
    ("Provision relating to that need", ("F",)),
    ("Identified special educational need(s)", ("B",)),
    ("Special educational needs and provision", ("B", "F")),
    ("Health care needs which relate to their special educational needs", ("C",)),
    ("Any other social care provision reasonably required", ("H2",)),
    ("Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970", ("H1",)),
    ("How we will know", ("E",)),
    ("Communication and interaction", ()),
    ("Health", ()),
    ("Strengths", ()),
])
def test_titles_are_read_by_what_they_are_about(title, keys):
    assert title_keys(title)[0] == keys


def test_a_title_about_social_care_may_be_read_two_ways():
    assert title_keys("My care and family support")[0] == ("H",)
    assert ("D",) in title_readings("My care and family support")


def test_letters_come_out_with_the_title_that_is_left():
    assert letter_keys("Sections B, E and F: Needs, outcomes and provision") == (("B", "E", "F"),
                                                                               "Needs, outcomes and provision")


@pytest.mark.parametrize("cells, expected", [
    (("B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"), {0: "B", 1: "F", 2: "E"}),
    (("C - Health care needs which relate to their special educational needs", "G – Health care provision",
      "E – Outcomes"), {0: "C", 1: "G", 2: "E"}),
    (("D – Social care needs", "H1 – Social care provision which must be made under section 2 of the Chronically "
      "Sick and Disabled Persons Act 1970", "H2 – Any other social care provision", "E – Outcomes"),
     {0: "D", 1: "H1", 2: "H2", 3: "E"}),
    (("Need", "Outcome", "Provision", "Who", "How often"), {0: "B", 1: "E", 2: "F", 3: "extra", 4: "extra"}),
    (("Support I will get (F)", "Health support as needed."), None),  # an answer, not a column title
])
def test_tables_carrying_several_sections(cells, expected):
    assert table_columns(ROW(*cells)) == expected


@pytest.mark.parametrize("block", [
    ROW("B5", "Individual maths sessions using on-screen tools, with an adult scribing.", "TA", "3 x 30 min weekly"),
    ROW("B1, B2", "Direct speech and language therapy on aided language.", "Specialist SaLT", "45 minutes weekly"),
    ROW("B4–B 6", "Teaching in a class of no more than 8 students.", "Class teacher", "Daily"),
    P("Communication and interaction (B1–B3)"),
])
def test_numbered_items_cited_in_a_row_or_a_bracket_are_not_sections(block):
    assert match_heading(block) is None or match_heading(block).keys != ("B",)


def test_a_parts_number_with_its_title_still_heads_the_part():
    assert match_heading(ROW("A1", "About me")).keys == ("A",)
    assert match_heading(ROW("H1", "Social care provision under the CSDPA 1970")).keys == ("H1",)
