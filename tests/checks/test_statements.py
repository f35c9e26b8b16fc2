"""Statement splitting keeps offsets and areas, and keeps continuations with their statement."""
import pytest

from ehcp_nlp.checks.statements import split_statements

TEXT = ("Cognition and learning\n"
        "• Daily phonics, 15 minutes, e.g. RWI. This will be delivered by a trained TA. • Weekly SALT.\n"
        "Short-term targets:\n"
        "1. Sam will read 20 words. 2. Sam will write his name.\n"
        "Dr. Patel will review this in March 2027.")


def test_statements_offsets_point_into_the_section_text():
    statements = split_statements("F", TEXT)
    for s in statements:
        assert TEXT[s.start:s.end] == s.text
    assert [s.text for s in statements] == [
        "Daily phonics, 15 minutes, e.g. RWI. This will be delivered by a trained TA.",
        "Weekly SALT.",
        "Sam will read 20 words.",
        "Sam will write his name.",
        "Dr. Patel will review this in March 2027.",
    ]
    assert {s.area for s in statements} == {"Cognition and learning"}


@pytest.mark.parametrize("section, text, expected", [
    ("E", "By July 2027 Ava will count to 20. Progress will be measured termly.", 1),
    ("E", "Ava will count to 20 by July 2027. Ava will name 10 colours by July 2027.", 2),
    ("B", "Ava has autism. She covers her ears in the hall. She leaves the room.", 1),
    ("F", "Reading intervention (Toe by Toe) for 20 minutes daily; delivered by a TA.", 1),
])
def test_statement_counts(section, text, expected):
    assert len(split_statements(section, text)) == expected


def test_cues_are_never_statements_but_name_what_follows():
    text = "Strengths | Mia remembers every song.\nCognition and learning\nNeeds | Mia counts to 5."
    cues = ((0, 9), (38, 60), (61, 66))
    statements = split_statements("B", text, cues)
    assert [(s.text, s.heading, s.area) for s in statements] == [
        ("Mia remembers every song.", "Strengths", None),
        ("Mia counts to 5.", "Needs", "Cognition and learning")]


def test_provision_details_belong_to_the_item_above():
    """The five parts of a provision item written as labelled lines are judged together."""
    text = ("1. Support required: Weekly social communication group.\n2. Who will provide it: a trained TA.\n"
            "3. How often: weekly, 30 minutes.\n4. Support required: Daily phonics.")
    statements = split_statements("F", text)
    assert len(statements) == 2 and statements[0].text.endswith("weekly, 30 minutes.")
    assert all(text[s.start:s.end] == s.text for s in statements)


def test_item_numbers_and_cross_references_stay_with_the_outcome_in_section_e():
    # the step in the next cell ("Uses his help card") says how the outcome will be met: one statement
    row = "E1. Kieran will ask for help in all lessons. | Uses his help card. Needs B1, B2."
    assert [s.text for s in split_statements("E", row)] == [row]
    # two outcomes on one row stay two
    row = "E1. Kieran will ask for help in all lessons. | Kieran will use his help card. Needs B1, B2."
    assert [s.text for s in split_statements("E", row)] == ["E1. Kieran will ask for help in all lessons.",
                                                            "Kieran will use his help card. Needs B1, B2."]
    cell = "By July 2027 Sam will read 50 words. University; less TA support."
    assert [s.text for s in split_statements("E", cell)] == [cell]
    # outside Section E a short sentence without a verb is still its own statement
    assert len(split_statements("A", "I like trains. Blue trains especially.")) == 2


def test_an_outcome_and_its_step_in_one_table_row_are_judged_apart():
    row = ("E2 | Kacper will be able to play with his friends. | "
           "Kacper will take turns in a simple game with one peer and an adult. | B3")
    assert [s.text for s in split_statements("E", row)] == [
        "E2 | Kacper will be able to play with his friends.",
        "Kacper will take turns in a simple game with one peer and an adult. | B3"]
    titled = "Independence and physical | Maisie will dress herself for PE in 10 minutes by July 2026."
    assert [s.text for s in split_statements("E", titled)] == [titled]


def test_an_item_number_is_no_measure():
    from ehcp_nlp.checks.rules.outcomes import smart_missing

    assert smart_missing("E1 | Kacper will improve his communication skills.") == ["S", "M", "T"]


def test_an_outcome_introducing_its_list_with_a_colon_is_still_an_outcome():
    """A label before a colon is passed over ("Measured by: …"), but not when it holds the outcome's own
    "will" ("Zara will: …"), so two outcomes on one line stay two."""
    line = ("By the end of Reception, Zara will: climb the steps to the slide without help. | "
            "By July 2027 Zara will put on her coat by herself.")
    assert len(split_statements("E", line)) == 2
    line = "By July 2027 Zara will put on her coat by herself. | Measured by: her key person's weekly notes"
    assert [s.text for s in split_statements("E", line)] == [line]

