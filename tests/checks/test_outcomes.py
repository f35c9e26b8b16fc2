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



@pytest.mark.parametrize("text, missing", [
    # a matter of degree, however it is worded, is no yardstick ...
    ("By July 2027, Theo will use a broader range of signs at snack time.", ["M"]),
    ("By the end of Year 9, Theo will be calmer when his timetable changes.", ["M"]),
    ("By July 2027, Theo will spell more words accurately in his homework.", ["M"]),
    ("By July 2027, Theo will consistently hang up his coat when he arrives.", ["M"]),
    ("By the end of Year 2, Theo will wear his splints for most of the school day.", ["M"]),
    # ... but a bound is, and a comparative that names a person or begins a compound is no degree
    ("By July 2027, Theo will stay in assembly for at least 10 minutes.", []),
    ("By July 2027, Theo will leave the classroom no more than once a day.", []),
    ("By July 2027, Theo will read a bedtime story to his younger sister.", []),
    ("By July 2027, Theo will write all the upper-case letters from memory.", []),
    ("By the end of Year 8, Theo will join a range of lunchtime clubs.", ["M"]),
    ("By the end of Year 6, Theo will be as organised as possible.", ["S", "M"]),
    # a verb in the time frame is no deed; "show" with a change is no deed either
    ("By the time he starts Year 7, Theo will be ready for secondary school.", ["S", "M"]),
    ("By the end of Year 4, Theo will show an improvement in his spelling.", ["S", "M"]),
    ("By July 2027, Theo will cut out a circle with minimal help.", ["M"]),
    ("By the end of Year 5, Theo will demonstrate an awareness of fire safety.", ["S", "M"]),
    # a score on a named assessment is a deed; a bare score is not
    ("By July 2027, Theo will score 9 out of 10 on his weekly number-bond quiz.", []),
    ("By July 2027, Theo will achieve 9 out of 10.", ["S"]),
    # a count with a word between the number and the thing counted, and a fraction of attempts
    ("By July 2027, Theo will name 12 everyday kitchen objects from photographs.", []),
    ("By July 2027, Theo will catch a large ball in 4/5 throws.", []),
    # time frames written tersely, as a label, or relative to the next holiday
    ("By end Y5, Theo will tie his shoelaces without help.", []),
    ("Spring term 2027: Theo will tie his shoelaces without help.", []),
    ("By next Easter, Theo will tie his shoelaces without help.", []),
    ("From September 2026, Theo will tie his shoelaces without help.", ["T"]),
    ("By Autumn 2 2026, Theo will tie his shoelaces without help.", []),
    # a date that can only be the deadline, wherever it sits; not one that says where the child started
    ("Theo will swim 10 metres unaided at his lesson in June 2027.", []),
    ("01.07.27 – Theo will swim 10 metres unaided.", []),
    ("Theo will swim 10 metres unaided (3 metres at baseline, May 2026).", ["T"]),
    ("In May 2026 Theo joined the swimming club; he will swim 10 metres unaided.", ["T"]),
    # a named qualification is a deed and its own measure; a vague degree wrapped round a criterion is not
    ("By July 2027, Theo will gain the Entry Level 2 certificate in cooking.", []),
    ("By July 2027, Theo will travel to college as independently as possible.", ["M"]),
    ("By July 2027, Theo will make two steps of progress in reading.", ["S"]),
    ("By July 2027, Theo will be ready to start his work placement.", ["S", "M"]),
    ("At the end of the football season (May 2027), Theo will tie his boots without help.", []),
    ("In time for his move to college in September 2027, Theo will catch the train on his own.", []),
])
def test_degree_and_time_frames_as_written(text, missing):
    assert smart_missing(text) == missing


@pytest.mark.parametrize("text", [
    # a table row: the outcome's area, its time frame and its source in cells of their own
    "Physical and sensory | By July 2027 | Theo will climb the nursery stairs one foot per step holding the rail "
    "| Physiotherapy report, May 2026",
    # where the child starts from, then the outcome
    "Theo needs an adult beside him before he will go into the hall. By July 2027 he will walk into assembly "
    "with his class on 4 days out of 5.",
    # the outcome, then its measure pointing back to it
    "By the end of Year 6 I want to be able to tell my teacher when the classroom is too loud. I will do this "
    "using my help card on 4 out of 5 days.",
    # the outcome, then what it links to
    "By July 2027, Theo will pour his own drink from a jug without spilling at 4 snack times out of 5. "
    "(Linked to his wish to help at home.)",
    # the outcome, then how we will know, under a label
    "By July 2027, Theo will write a shopping list for a class cooking session. How we will know: it will "
    "have at least six items, spelt so that an adult can read them, written without help.",
    # a table row whose time frame and evidence come after the outcome
    "Independent living | Theo will make a cup of tea for a visitor, boiling the kettle safely | By the end of "
    "Year 11 (July 2027) | Checked by his key worker on three visits",
    # where the child starts from, written as a baseline
    "Currently Theo reaches the classroom on time on two days a week. By the end of the spring term 2027 he "
    "will arrive by 8:50 on at least 9 days out of 10.",
    # a wish, then the step towards it
    "In the longer term Theo would like to work with animals. By July 2028 he will feed and clean out the "
    "school rabbits on his own twice a week.",
])
def test_the_parts_of_one_outcome_are_judged_together(text):
    assert [f for f in check_text("E", text) if f.code == "outcome.not_smart"] == []


def test_two_outcomes_on_one_line_are_still_judged_one_by_one():
    text = ("By July 2027, Theo will count to 20 without help. Theo will get better at sharing.")
    flags = [f for f in check_text("E", text) if f.code == "outcome.not_smart"]
    assert [f.evidence for f in flags] == ["Theo will get better at sharing."]
