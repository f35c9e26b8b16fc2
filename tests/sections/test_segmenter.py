"""Segmentation of small hand-built documents: boundaries, tables, combined H, appendices."""
from ehcp_nlp.model import Block, Document
from ehcp_nlp.sections import segment


def P(text, **kw):
    return Block("paragraph", text, **kw)


def ROW(table, row, *cells):
    return Block("table_row", " | ".join(c for c in cells if c), cells=cells, table=table, row=row)


def plan_of(*blocks):
    return segment(Document("t.docx", "docx", tuple(blocks)))


def test_boundaries_preamble_and_missing():
    plan = plan_of(
        P("Education, Health and Care Plan"), P("Name: Kai Jones"),
        Block("heading", "Section A: About me", level=1), P("I like buses."), P("Mum says Kai is kind."),
        Block("heading", "Section B: Special educational needs", level=1), P("Kai reads 10 words."),
        P("Section E: Outcomes"), P("By July 2027 Kai will read 50 words."),
    )
    assert list(plan.sections) == ["A", "B", "E"]
    assert plan.sections["A"].text == "I like buses.\nMum says Kai is kind."
    assert plan.sections["E"].text == "By July 2027 Kai will read 50 words."
    assert plan.preamble.text == "Education, Health and Care Plan\nName: Kai Jones"
    assert plan.missing == ("C", "D", "F", "G", "H1", "H2", "I", "J", "K")


def test_empty_section_counts_as_missing():
    plan = plan_of(P("Section J: Personal budget"), P("Section K: Advice and information"), P("EP advice"))
    assert "J" in plan.sections and "J" in plan.missing and "K" not in plan.missing


def test_need_outcome_provision_table_is_split_into_b_e_and_f():
    plan = plan_of(
        P("Section B: Special educational needs"), P("Mia has Down syndrome."),
        ROW(0, 0, "Area of need", "Needs", "Outcomes", "Provision"),
        ROW(0, 1, "Cognition and learning", "Mia counts to 5.", "By July 2027 Mia will count to 20.", "Daily maths, 15 min, TA."),
        ROW(0, 2, "", "Mia forgets sounds.", "By July 2027 Mia will know 20 sounds.", "Phonics 3x weekly."),
        ROW(0, 3, "Communication and interaction", "", "", ""),
        ROW(0, 4, "Communication and interaction", "Mia uses single words.", "Mia will use 2-word phrases.", "SALT weekly."),
        P("Section G: Health provision"), P("Physiotherapy programme."),
    )
    b, e, f = (plan.sections[k] for k in "BEF")
    assert b.full_text.splitlines() == ["Mia has Down syndrome.", "Cognition and learning", "Mia counts to 5.",
                                        "Mia forgets sounds.", "Communication and interaction", "Mia uses single words."]
    assert b.text.splitlines() == ["Mia has Down syndrome.", "Mia counts to 5.", "Mia forgets sounds.",
                                   "Mia uses single words."]  # the area titles are headings, not content
    assert e.text.splitlines()[-1] == "Mia will use 2-word phrases."
    assert f.full_text.splitlines() == ["Cognition and learning", "Daily maths, 15 min, TA.", "Phonics 3x weekly.",
                                        "Communication and interaction", "SALT weekly."]
    assert [a.name for a in f.areas] == ["Cognition and learning", "Communication and interaction"]
    assert plan.sections["G"].text == "Physiotherapy programme."


def test_spanning_area_row_in_table():
    plan = plan_of(
        ROW(3, 0, "Needs", "Outcomes", "Provision"),
        ROW(3, 1, "Sensory and/or physical"),
        ROW(3, 2, "Leo tires quickly.", "Leo will walk 100 m.", "Physio 30 min weekly."),
    )
    assert plan.sections["E"].areas[0].name == "Sensory and/or physical"
    assert plan.sections["E"].areas[0].text == "Leo will walk 100 m."


def test_combined_h_not_split_is_reported_as_h():
    plan = plan_of(P("Section H: Social care provision"), P("Short breaks: 6 hours a month."),
                   P("Section I: Placement"), P("Oak School"))
    assert plan.sections["H"].text == "Short breaks: 6 hours a month."
    assert "H1" not in plan.missing and "H2" not in plan.missing
    assert any(w.code == "sections.h_not_split" for w in plan.warnings)


def test_combined_h_with_subsections_splits():
    plan = plan_of(P("SECTION H: SOCIAL CARE PROVISION", emphasis=True),
                   P("H1: Provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"),
                   P("Short breaks."), P("H2: Other social care provision"), P("None."))
    assert "H" not in plan.sections
    assert plan.sections["H1"].text == "Short breaks." and plan.sections["H2"].text == "None."


def test_area_subheadings_only_inside_b_e_f():
    plan = plan_of(P("Section A: About me"), P("Independent living"), P("I want my own flat."),
                   P("Section F: Special educational provision"), P("Independent living"), P("Travel training."))
    assert plan.sections["A"].areas == ()
    assert [a.name for a in plan.sections["F"].areas] == ["Independent living"]


def test_appendix_ends_sections_and_ignores_title_lookalikes():
    plan = plan_of(P("Section K: Advice and information"), P("EP advice, 3 March 2026"),
                   P("Appendix 1: Advice received"), P("Special educational provision"), P("Outcomes"))
    assert plan.sections["K"].text == "EP advice, 3 March 2026"
    assert plan.appendices[0].text == "Special educational provision\nOutcomes"
    assert "F" not in plan.sections


def test_repeated_title_inside_a_section_stays_body_text():
    plan = plan_of(P("Section E: Outcomes"), P("Reading by July."),
                   P("Section F: Special educational provision"), P("Outcomes"), P("Reading: 3 x 20 min."))
    assert plan.sections["E"].text == "Reading by July."
    assert plan.sections["F"].full_text == "Outcomes\nReading: 3 x 20 min."
    assert plan.sections["F"].text == "Reading: 3 x 20 min."  # a sub-heading is never content


def test_strong_label_reopens_a_section():
    plan = plan_of(P("Section B: Special educational needs"), P("One."), P("Section C: Health needs"),
                   P("Two."), P("Section B (continued)"), P("Three."))
    assert plan.sections["B"].text == "One.\nThree."


def test_outcome_table_continued_on_next_pdf_page():
    """Regression (corpus plan_097.pdf): rows of a Need | Outcome | Provision table that a page break
    turns into a new, headerless table stay in B, E and F."""
    def row(table, r, page, *cells):
        return Block("table_row", " | ".join(c for c in cells if c), cells=cells, table=table, row=r, page=page)

    plan = plan_of(
        row(0, 0, 3, "Needs", "Outcomes", "Provision"),
        row(0, 1, 3, "Reads 10 words.", "Will read 50 words by July.", "Phonics daily."),
        row(1, 0, 4, "Writes his name.", "Will write a sentence by July.", "Handwriting 3x weekly."),
        Block("paragraph", "Section G: Health provision", page=4), Block("paragraph", "None.", page=4),
    )
    assert plan.sections["E"].text.splitlines() == ["Will read 50 words by July.", "Will write a sentence by July."]
    assert plan.sections["F"].text.splitlines()[-1] == "Handwriting 3x weekly."
    assert "Writes his name." in plan.sections["B"].text and plan.sections["G"].text == "None."
