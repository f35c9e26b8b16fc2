"""A table of heading variants across council templates: (block, expected keys or None)."""
import pytest

from ehcp_nlp.model import Block
from ehcp_nlp.sections.headings import area_of, match_heading, table_columns


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
