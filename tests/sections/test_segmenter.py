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


# --- layouts councils use that the fixtures do not (issue 10) ----------------------------------

def test_contents_page_and_key_to_the_plan_open_no_section():
    plan = plan_of(
        P("Education, Health and Care Plan"), P("Contents"),
        P("Section A: Views, interests and aspirations"), P("Section B: Special educational needs"),
        P("Section E: Outcomes"), P("Section F: Special educational provision"),
        P("Section A: Views, interests and aspirations"), P("Sam likes trains."),
        P("Section B: Special educational needs"), P("Sam cannot yet blend three-sound words."),
    )
    assert plan.sections["A"].text == "Sam likes trains."
    assert plan.sections["B"].text == "Sam cannot yet blend three-sound words."
    assert "E" in plan.missing and "F" in plan.missing


def test_national_template_tables_split_into_sections_and_e_gathers_every_table():
    """The DfE layout: one table per area whose header names B | F | E, then C | G | E and D | H1 | H2 | E."""
    title = ("Special Educational Needs and Provision (B-F-E)\nCognition and learning\nChildren and young people "
             "may learn at a slower pace than their peers, even with appropriate differentiation.")
    plan = plan_of(
        P("A2 The views, interests and aspirations of the child and their parents", emphasis=True),
        P("Mia likes swimming."),
        ROW(0, 0, title), ROW(0, 1, "Strengths"), ROW(0, 2, "Mia remembers songs."),
        ROW(0, 3, "B – Special Educational Needs", "F – Special Educational Provision", "E – Outcomes"),
        ROW(0, 4, "Mia counts to 5.", "Daily maths, 15 minutes, trained TA.", "By July 2027 Mia will count to 20."),
        P("Sections C (health needs) and G (health provision)", emphasis=True),
        ROW(1, 0, "C – Health care needs", "G – Health care provision", "E – Outcomes"),
        ROW(1, 1, "Mia has epilepsy.", "Care plan reviewed by the epilepsy nurse.", "By July 2027 Mia will tell an adult."),
        P("Sections D (social care needs) and H1 and H2 (social care provision)", emphasis=True),
        ROW(2, 0, "D – Social care needs", "H1 – Social care provision (CSDPA s2)", "H2 – Other social care provision",
            "E – Outcomes"),
        ROW(2, 1, "Mia needs an adult near roads.", "Short breaks, 6 hours a month.", "None.", "By 2027 Mia will cross a road with an adult."),
    )
    assert plan.sections["E"].text.splitlines() == ["By July 2027 Mia will count to 20.",
                                                     "By July 2027 Mia will tell an adult.",
                                                     "By 2027 Mia will cross a road with an adult."]
    assert "Mia remembers songs." in plan.sections["B"].text and "Children and young people" not in plan.sections["B"].text
    assert plan.sections["G"].text == "Care plan reviewed by the epilepsy nurse."
    assert plan.sections["H1"].text == "Short breaks, 6 hours a month." and plan.sections["H2"].text == "None."
    assert [a.name for a in plan.sections["F"].areas] == ["Cognition and learning"]


def test_per_area_label_pairs_switch_between_b_f_and_e():
    plan = plan_of(
        P("Section 3: Special Educational Needs and Provision", emphasis=True),
        P("Communication and Interaction", emphasis=True),
        P("Identified Special Educational Need(s):", emphasis=True), P("Ali finds it hard to start a conversation."),
        P("Provision Relating to That Need:", emphasis=True), P("Weekly SALT group, 30 minutes, four pupils."),
        P("Intended Outcomes:", emphasis=True), P("By July 2027 Ali will start a conversation with a peer."),
        P("Cognition and Learning", emphasis=True),
        P("Identified Special Educational Need(s):", emphasis=True), P("Ali reads two years below his age."),
        P("Provision Relating to That Need:", emphasis=True), P("Daily reading, 20 minutes, trained TA."),
        P("Intended Outcomes:", emphasis=True), P("By July 2027 Ali will read 100 words on sight."),
    )
    assert plan.sections["B"].text.splitlines() == ["Ali finds it hard to start a conversation.",
                                                     "Ali reads two years below his age."]
    assert len(plan.sections["F"].text.splitlines()) == 2 and len(plan.sections["E"].text.splitlines()) == 2


def test_golden_thread_table_rows_go_to_their_sections():
    plan = plan_of(
        P("Section A: About me", emphasis=True), P("Ellis likes Minecraft."),
        P("Sections B, E and F: My needs, outcomes and provision", emphasis=True),
        ROW(0, 0, "Outcome 1", "Communication and interaction"),
        ROW(0, 1, "What I need help with (Section B)", "Ellis finds long instructions hard to follow in class."),
        ROW(0, 2, "Outcome by July 2027 (Section E)", "By July 2027 Ellis will follow three-part instructions."),
        ROW(0, 3, "Provision to meet this need (Section F)", "Weekly 1:1 speech and language therapy, 45 minutes."),
        ROW(0, 4, "How we will know", "His teaching assistant will keep a weekly tally."),
        P("Section C: Health needs", emphasis=True), P("None identified by the paediatrician in May 2025."),
    )
    assert plan.sections["B"].text == "Ellis finds long instructions hard to follow in class."
    assert plan.sections["E"].text.splitlines()[-1] == "His teaching assistant will keep a weekly tally."
    assert plan.sections["F"].text == "Weekly 1:1 speech and language therapy, 45 minutes."


def test_a_signature_block_ends_the_last_section():
    plan = plan_of(P("Section K: Advice and information", emphasis=True), P("EP advice, 3 March 2026"),
                   P("Signed on behalf of Oakham Council: J. Smith, SEND Officer, 4 June 2026"), P("J. Smith"))
    assert plan.sections["K"].text == "EP advice, 3 March 2026"


def test_a_title_read_the_way_that_fits_the_plan():
    """Two titles read as H; the first, about the family's care, is D (there is no other D)."""
    plan = plan_of(H("My care and family support"), P("Sam's parents care for him at night without help."),
                   H("Help from social care"), P("Short breaks: 6 hours a month from the CWD team."))
    assert plan.sections["D"].text.startswith("Sam's parents") and plan.sections["H"].text.startswith("Short breaks")


def H(text):
    return Block("heading", text, level=1)
