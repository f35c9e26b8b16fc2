"""Document kind from structure: plan, advice, review, template or unknown, with the evidence."""
from ehcp_nlp.model import Block, Document
from ehcp_nlp.sections import segment


def P(text, **kw):
    return Block("paragraph", text, **kw)


def kind_of(*blocks):
    plan = segment(Document("x.docx", "docx", tuple(blocks)))
    return plan.kind, plan.kind_evidence


PLAN_SECTIONS = [
    P("Section A: About me", emphasis=True), P("Sam likes trains and his dog."),
    P("Section B: Special educational needs", emphasis=True), P("Sam cannot yet blend three-sound words."),
    P("Section C: Health needs", emphasis=True), P("No health needs, confirmed by the paediatrician on 3 May 2025."),
    P("Section D: Social care needs", emphasis=True), P("No social care needs: the CWD team assessed Sam in April 2025."),
    P("Section E: Outcomes", emphasis=True), P("By July 2027 Sam will read 100 words on sight."),
    P("Section F: Special educational provision", emphasis=True), P("Daily phonics, 20 minutes, trained TA."),
]


def test_a_plan_is_known_by_its_sections_and_title():
    kind, evidence = kind_of(P("Education, Health and Care Plan", emphasis=True), *PLAN_SECTIONS)
    assert kind == "plan" and any("statutory sections" in e for e in evidence)


def test_a_plan_without_a_title_is_still_a_plan():
    assert kind_of(*PLAN_SECTIONS)[0] == "plan"


def test_advice_form_asking_for_sections_is_advice():
    """A social care form with prompts "Section D" and "Section E" is advice, not a plan."""
    kind, evidence = kind_of(
        P("EHC needs assessment: Advice and information relating to Social Care", emphasis=True),
        P("Section D: Social Care Needs:", emphasis=True), P("Please see the parents' form."),
        P("Section E: Outcomes sought for the child or young person", emphasis=True), P("N/A"),
        P("Advice completed by Shelby Patterson, social worker"))
    assert kind == "advice" and "titled as advice or a report" in evidence


def test_a_psychologist_letter_is_advice():
    assert kind_of(P("Dear Colleague,"), P("Re: Mason Greaves, Year 8 – psychological advice for his EHC needs "
                                           "assessment"),
                   P("I observed Mason in two lessons and I met with his mother on 2 October 2025, and his teachers "
                     "describe him as quiet and hard-working in class."),
                   P("I assessed his reading with the YARC and his accuracy is in the average range."),
                   P("Tom Whitworth, Educational Psychologist"))[0] == "advice"


def test_annual_review_of_a_plan_is_review_paperwork():
    kind, evidence = kind_of(P("EDUCATION, HEALTH AND CARE PLAN", emphasis=True),
                             P("ANNUAL REVIEW REPORT", emphasis=True),
                             P("Progress towards outcomes: Sam met outcome 1 and has made progress towards outcome 2."),
                             P("Since the last review Sam has started the phonics programme."),
                             P("Proposed amendments to Section F: add weekly SALT."))
    assert kind == "review" and "titled as an EHC plan" not in evidence


def test_a_blank_form_is_a_template():
    rows = [Block("table_row", f"{label}: | «Click or tap here to enter text.»",
                  cells=(f"{label}:", "«Click or tap here to enter text.»"), table=0, row=i)
            for i, label in enumerate(["Name", "Date of birth", "School", "Views", "Needs", "Outcomes", "Provision"])]
    kind, evidence = kind_of(P("Education, Health and Care Plan", emphasis=True), *rows)
    assert kind == "template" and evidence[0].startswith("looks like an unfilled template: 7 of 7 fields")


def test_a_form_with_only_section_a_filled_is_a_template():
    cover = [("Name:", "Leo Fairbrother"), ("Date of birth:", "1 May 2018"), ("School:", "Oak Primary"),
             ("Year group:", "Year 2"), ("Parents:", "Amy and Joe Fairbrother"), ("Plan date:", "2 June 2025"),
             ("Case worker:", "Ann Lee")]
    blocks = [P("Education, Health and Care Plan", emphasis=True)]
    blocks += [Block("table_row", f"{a} | {b}", cells=(a, b), table=0, row=i) for i, (a, b) in enumerate(cover)]
    blocks += [P("Section A: About me", emphasis=True), P("Leo likes dinosaurs and the slide at the park.")]
    for letter, title in [("B", "Special educational needs"), ("C", "Health needs"), ("D", "Social care needs"),
                          ("E", "Outcomes"), ("F", "Special educational provision"), ("I", "Placement")]:
        blocks += [P(f"Section {letter}: {title}", emphasis=True), P("[Enter details]")]
    kind, evidence = kind_of(*blocks)
    assert kind == "template" and "sections have nothing written in them yet" in evidence[0]


def test_something_else_is_unknown():
    kind, evidence = kind_of(P("Minutes of the parish council meeting"), P("The hall roof will be repaired in May."))
    assert kind == "unknown" and evidence[0].startswith("not recognised as a plan")
