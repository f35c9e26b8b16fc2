"""Front-page fields: labelled lines, table rows and "This plan is about …"."""
from ehcp_nlp.frontpage import read_front_page


def test_labelled_lines_and_rows():
    front = read_front_page(
        "EDUCATION, HEALTH AND CARE PLAN\nName | Finley Quinn\nKnown as | Fin\nDate of birth: 12 January 2018\n"
        "NHS number: 999 138 6874\nUPN: R884380723586\nAddress: 31 Marlowe Road, Saltford End, KM2 3YN\n"
        "Parents | Louise Quinn and Liam Quinn\nSchool: Harbour House School\nDate of plan: 10 August 2026")
    assert front.get("child_name") == "Finley Quinn"
    assert front.first_name == "Fin"
    assert front.child_names == ("Finley Quinn", "Fin", "Finley", "Quinn")
    assert front.parent_names == ("Louise Quinn", "Liam Quinn", "Louise", "Quinn", "Liam")
    assert front.get("nhs_number") == "999 138 6874"
    assert front.get("address").endswith("KM2 3YN")
    assert front.get("setting") == "Harbour House School"
    assert front.get("plan_date") == "10 August 2026"


def test_sentence_form_and_relationships_in_brackets():
    front = read_front_page("This plan is about Kai Parker.\nParent/carer: Mrs Lisa Begum (foster carer)")
    assert front.child_names[0] == "Kai Parker"
    assert front.parent_names == ("Lisa Begum", "Lisa", "Begum")


def test_no_front_page():
    front = read_front_page("")
    assert front.fields == {} and front.child_names == () and front.first_name == ""
