"""Section E: SMART letters, outcomes that are provision, aspiration links."""
import pytest

from ehcp_nlp.checks import check_text
from ehcp_nlp.checks.rules.outcomes import smart_missing

SMART = [
    ("By the end of Year 4, Sam will read 100 high-frequency words accurately in 4 out of 5 checks.", []),
    ("By July 2027, Ava will travel from home to college on the bus independently on 4 days out of 5.", []),
    ("Within 12 months Leo will use 3-word phrases to ask for help in 3 lessons a day.", []),
    ("By the end of Key Stage 2, Mia will write a paragraph of five sentences without adult prompting.", []),
    ("Sam will improve his reading.", ["S", "M", "T"]),
    ("In Year 4, Maya will improve her reading.", ["S", "M", "T"]),
    ("By the end of Year 5, Jo will develop his confidence.", ["S", "M"]),
    ("Jacob will be able to write more independently.", ["M", "T"]),
    ("Amy will read 50 words accurately.", ["T"]),
    ("By July 2027, Amy will read more books with her 2 siblings at home.", ["M"]),
    ("By the end of the autumn term, Jacob will show better emotional regulation on 4 out of 5 days.", ["S"]),
    # an observable task the child can or cannot yet do is its own measure
    ("By the end of Year 2, Ola will be able to put on her coat and zip it up independently.", []),
    ("By next term, Kit will make his own way from the gate to his classroom.", []),
    ("I will be able to order my own lunch in the canteen by the end of Year 8.", []),
    # time frames as practice writes them
    ("Kit will count objects to 10 on 4 out of 5 occasions by next term.", []),
    ("By her Year 10 annual review, Ana will type 20 words a minute.", []),
    ("Within the current academic year, Ana will type 20 words a minute.", []),
    ("By April 16, Ana will name 10 colours.", []),
    ("In Year 4, Ana will name 10 colours.", ["T"]),
    # the deed may come as "by doing", a participle or "will be doing"
    ("By July 2027, Kit will build friendships by taking turns in a board game on 3 out of 4 days.", []),
    ("By July 2027, Kit will be attending all his lessons on 5 days a week.", []),
    # light verbs: concrete with a concrete object, vague with an abstract one or a bare score
    ("By July 2027, Kit will manage his own bus fare and timetable on 4 school days out of 5.", []),
    ("By July 2027, Kit will manage his anxiety.", ["S", "M"]),
    ("By July 2027, Kit will achieve 4 out of 5.", ["S"]),
    ("By July 2027, Kit will spend less time out of class.", ["M"]),
]


@pytest.mark.parametrize("text, missing", SMART)
def test_smart_letters(text, missing):
    assert smart_missing(text) == missing


@pytest.mark.parametrize("text, expected", [
    ("Ali will receive weekly speech and language therapy.", True),
    ("Staff will use a visual timetable with Finn.", True),
    ("Kenzie will continue to receive physiotherapy from the NHS team.", True),
    ("Tilly will attend a social skills group led by the ELSA.", True),
    ("By the end of Year 10, Imogen will attend all her lessons on 90% of days.", False),
    ("Staff will teach Ivy to use PECS so that, by the end of the spring term, she hands over a picture "
     "to ask for snack without prompting at 4 out of 5 snack times.", False),
    ("By the end of Year 3, Ola will ask for help using her card in 3 out of 4 lessons.", False),
])
def test_outcome_is_provision(text, expected):
    codes = {f.code for f in check_text("E", text)}
    assert ("outcome.is_provision" in codes) is expected


def test_not_smart_message_names_missing_letters_and_keeps_evidence():
    [flag] = [f for f in check_text("E", "Sam will improve his reading.") if f.code == "outcome.not_smart"]
    assert flag.detail["missing"] == ["S", "M", "T"] and "no time frame" in flag.message
    assert flag.evidence == "Sam will improve his reading." and (flag.start, flag.end) == (0, 29)


def test_a_heading_with_a_time_frame_times_the_outcomes_under_it():
    from ehcp_nlp.checks.base import Context
    from ehcp_nlp.checks.engine import _check_units, unit_for

    text = "Outcomes for the end of Key Stage 2\nMia will write a paragraph of five sentences unaided."
    unit = unit_for("E", text, cues=((0, 35),))
    assert [f for f in _check_units([unit], Context(sections={"E": unit})) if f.code == "outcome.not_smart"] == []
    assert [f.detail["missing"] for f in check_text("E", text.split("\n")[1])] == [["T"]]


def test_an_outcome_opening_with_following_is_not_a_framing_line():
    text = "Following the 2026 annual review, Zain will work on his spelling."
    assert "outcome.not_smart" in {f.code for f in check_text("E", text)}


def _not_smart(text: str) -> list[tuple[str, list[str]]]:
    from ehcp_nlp.checks.base import Context
    from ehcp_nlp.checks.engine import _check_units, unit_for

    unit = unit_for("E", text)
    return [(f.evidence, f.detail["missing"]) for f in _check_units([unit], Context(sections={"E": unit}))
            if f.code == "outcome.not_smart"]


def test_a_line_about_the_outcomes_as_a_set_times_every_outcome_after_it_and_is_not_one():
    text = ("The outcomes below are for the end of Key Stage 2 (July 2028); steps are reviewed termly.\n"
            "Communication and interaction\n"
            "Mia will start and end a conversation with a peer at least twice a week.\n"
            "Cognition and learning\n"
            "Mia will read 100 common words accurately.")
    assert _not_smart(text) == []
    # without the framing line the same outcomes have no time frame
    assert [missing for _, missing in _not_smart(text.split("\n", 1)[1])] == [["T"], ["T"]]

