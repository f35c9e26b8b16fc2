"""Section F: quantified, firm, more than Quality First Teaching."""
import pytest

from ehcp_nlp.checks import check_text
from ehcp_nlp.checks.rules.provision import nature


def codes(text):
    return {f.code for f in check_text("F", text)}


@pytest.mark.parametrize("text, expected", [
    ("30 minutes of 1:1 phonics daily with a trained teaching assistant.", set()),
    ("Speech and language therapy: 6 sessions of 45 minutes a term from a speech and language therapist, "
     "with a programme carried out by a trained TA 3 x 15 minutes weekly.", set()),
    ("A 5-minute meet and greet with Mrs Hughes at the classroom door every morning.", set()),
    ("Regular support from a TA.", {"provision.unquantified", "provision.vague_wording"}),
    ("Access to a small group as required.", {"provision.unquantified", "provision.vague_wording"}),
    ("Up to 3 hours a week of support from a teaching assistant.", {"provision.vague_wording"}),
    ("Visual timetable.", {"provision.unquantified", "provision.qft_only"}),
    ("Seating near the front of the class, away from distractions.", {"provision.unquantified", "provision.qft_only"}),
    ("A personalised visual timetable made by the specialist teacher and checked with Sam by his TA "
     "for 5 minutes each morning.", set()),
    ("Lego therapy in a group of 3 led by a trained TA, 45 minutes weekly.", set()),
    ("A 12-week block of Talkabout sessions starting in May 2027, 30 minutes weekly with the ELSA.", set()),
])
def test_provision_checks(text, expected):
    assert codes(text) == expected


def test_vague_words_are_named_in_the_message():
    [flag] = [f for f in check_text("F", "Access to a quiet space where possible.") if f.code == "provision.vague_wording"]
    assert flag.detail["words"] == ["access to", "where possible"] and "'where possible'" in flag.message


def test_framing_sentence_is_not_a_provision_item():
    text = ("The provision below will be delivered by Hillcrest Primary School and overseen by the SENCo.\n"
            "Daily phonics for 15 minutes with a trained TA.")
    assert check_text("F", text) == []


@pytest.mark.parametrize("text, expected", [
    # universal by nature: what a class teacher does for every pupil, however it is worded
    ("Speak to the pupil face to face and keep background chatter down.", "universal"),
    ("Adjust the pace of lessons and adapt the curriculum for the whole class.", "universal"),
    ("Stools and tables at a height that lets children rest their feet flat.", "universal"),
    ("All staff to be aware of his sensory needs.", "universal"),
    ("The form tutor will remind Nia of homework deadlines every Monday.", "universal"),
    ("Teachers model how to set out a calculation before pupils try one.", "universal"),
    # individual: made or arranged for this child
    ("A key adult will meet Tom at the gate for 10 minutes every morning.", "individual"),
    ("Teaching in a class of no more than 6 pupils.", "individual"),
    ("Makaton training for the class teacher and the two teaching assistants.", "individual"),
    ("A place in the resourced provision for deaf pupils.", "individual"),
    ("Specialist teaching from the dyslexia service.", "individual"),
    # unquantified support is vague, not ordinarily available
    ("Support in class as needed.", "unclear"),
    ("Help from an adult at lunchtime.", "unclear"),
    ("Sessions at the Child Development Centre.", "unclear"),
])
def test_provision_is_judged_by_its_nature(text, expected):
    assert nature(text)[0] == expected


def test_quantifying_a_classroom_strategy_does_not_make_it_individual():
    assert "provision.qft_only" in codes("Movement breaks every 20 minutes, led by the class teacher.")
    assert "provision.qft_only" not in codes("A trained teaching assistant will give Hannah her inhaler at 12.00 "
                                             "daily.")
