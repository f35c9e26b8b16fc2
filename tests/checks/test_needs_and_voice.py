"""Section B needs and Section A voice: rows that pass and rows that must be flagged."""
import pytest

from ehcp_nlp.checks import check_text
from ehcp_nlp.checks.rules.needs import judge_need


@pytest.mark.parametrize("text, vague", [
    ("Sam has ASD.", True),
    ("Keira needs support with her employability skills.", True),
    ("Kyra has anxiety around social situations which can impact on her college attendance.", True),
    ("Zac reads 12 of the 100 high-frequency words and cannot yet blend three sounds.", False),
    ("Reggie has Down syndrome. He reads about 30 words by sight but cannot yet blend sounds to read new words.",
     False),
    ("Leo covers his ears and crawls under the table when the class sings or the hand dryer is used.", False),
])
def test_need_vague(text, vague):
    assert ("need.vague" in {f.code for f in check_text("B", text)}) is vague


@pytest.mark.parametrize("text, verdict", [
    # what the child does or cannot yet do, and when: specific, with or without a score
    ("Tia finds it very hard to stay in her seat in assemblies and noisy lessons.", "specific"),
    ("Ben becomes distressed in the busy dining hall and refuses to eat.", "specific"),
    ("Omar has difficulty following spoken instructions without a picture prompt.", "specific"),
    # named or generalised: vague
    ("Omar has difficulties with his learning.", "vague"),
    ("Poor organisational skills", "vague"),
    ("Mia has sensory needs which affect her access to the curriculum.", "vague"),
    ("Cognitive processing difficulties underpin many of the problems he has in class.", "vague"),
    # strengths, family, language and history are not needs at all
    ("Ava is a cheerful girl who loves swimming with her grandad.", "not_a_need"),
    ("Luca speaks Italian at home with his father.", "not_a_need"),
    ("Ravi was referred to the community paediatrician in May 2023.", "not_a_need"),
    ("Reading", "not_a_need"),
])
def test_needs_are_judged_as_needs(text, verdict):
    assert judge_need(text) == verdict


def test_a_need_given_only_as_the_name_of_an_area_is_vague():
    assert "need.vague" in {f.code for f in check_text("B", "Social, emotional and mental health")}
    # under a heading with a description, the heading is not judged
    text = "Social, emotional and mental health\nTia hides under a table when the fire bell rings."
    assert check_text("B", text) == []


@pytest.mark.parametrize("text, missing", [
    ("I like trains and my dog. I find it hard when it is noisy.", False),
    ("Maisie told her nursery teacher: 'I like the puppets. I don't like it when the door bangs.'", False),
    ("Zofia reached for and held the bell, and pushed the spoon away.", False),
    ("Lucas told his mum 'I hate the noisy hall'.", False),
    ("Leila is a sociable young lady who enjoys shopping. She is reported to be anxious about exams.", True),
    ("From Mrs Hussain: 'I worry every morning about whether he will get into school.'", True),
    ("His teacher said: 'I have never seen him so settled.'", True),
    ("As his mum I feel he needs more help. We are worried about secondary school.", True),
    ("Jamal was unable to give his views.", True),
    ("Views were gathered using a talking mat in a session with the SENCo.", True),
])
def test_child_voice(text, missing):
    assert ("child_voice.missing" in {f.code for f in check_text("A", text)}) is missing


@pytest.mark.parametrize("text, missing", [
    # who signed the words decides whose they are
    ("I want to work in a bike shop when I leave school. - Tariq, Year 11", False),
    ("I feel nobody at school listens to us. - Tariq's dad", True),
    ("I like the trampoline and my cat. (Written by her teaching assistant.)", True),
    # an adult who speaks of the child as "he", guesses what they would say, or writes as a teacher
    ("I am anxious about whether he will manage the bus on his own.", True),
    ("If Nadia could tell you, she would say she loves the sensory room.", True),
    ("I will give all the pupils in my class more time to answer questions.", True),
    # the young person's own views, without "I": as "we", an instruction, a wish or a judgement
    ("Nobody we know has been asked what help we want.", False),
    ("Stop talking about me as if I am not in the room.", False),
    ("Explain things to me before the meeting, not during it.", False),
    ("Being allowed to leave lessons five minutes early to miss the crowds.", False),
    ("Teachers should ask before they touch my things.", False),
    ("When the teacher tells me the new words early I can look them up at home.", False),
    # prompts and third-person wording are not the child's
    ("Tell us what you enjoy doing at the weekend.", True),
    ("How I like to be helped: give Kofi extra time and show him pictures.", True),
    ("Describe the child's interests and what they are good at.", True),
    # a sentence saying views were not given does not cancel what the child showed in the next one
    ("Zac is too young to give his views in words. He showed us he enjoys the sand by returning to it again "
     "and again.", False),
])
def test_child_voice_by_who_speaks(text, missing):
    assert ("child_voice.missing" in {f.code for f in check_text("A", text)}) is missing


@pytest.mark.parametrize("text, missing", [
    # a table row's label cell is a heading for that row, not the child's words
    ("What I think | Milo, Ellis's keyworker, said that Ellis settles best when he arrives early.", True),
    # headings are never evidence; a family heading makes the lines under it the family's
    ("What my family say\nAspirations\nThe hope for Lily's future is that she will work with animals.", True),
    ("What I would like to achieve in the future\nOlivia's aspirations are to be an artist.", True),
    # an apposition names the speaker: "Charlie's foster carer, Laura told us"
    ("Charlie's foster carer, Laura told us: 'He is a different child at home.'", True),
    ("Sister's views\nI'm Scarlett's big sister. She copies everything I do.", True),
    ("The young person's views will be gathered at the next annual review.", True),
    ("The pupil questionnaire was sent home in November and again in January but was not returned.", True),
    # a line saying the child gave no views does not cancel their words elsewhere in the section
    ("What is important to me\nMe and my dad going fishing on Sundays\n"
     "Maya attended the review meeting but chose not to share her views.", False),
    ("Maya attended the review meeting but chose not to share her views. She likes drawing.", True),
])
def test_child_voice_in_a_section(text, missing):
    assert ("child_voice.missing" in {f.code for f in check_text("A", text)}) is missing


def test_parent_view_and_aspirations():
    text = "I like art. When I grow up I want to be a vet. Mum says Ana is kind and hopes she will go to college."
    assert {f.code for f in check_text("A", text)} == set()
    assert {f.code for f in check_text("A", "I like art.")} == {"parent_view.missing", "aspirations.missing"}


def test_strengths_under_a_strengths_label_are_not_judged_as_needs():
    from ehcp_nlp.checks.base import Context
    from ehcp_nlp.checks.engine import _check_units, unit_for

    text = "Strengths\nMia is kind and loves music.\nNeeds\nMia has ASD."
    unit = unit_for("B", text, cues=((0, 9), (38, 43)))
    flags = [f for f in _check_units([unit], Context(sections={"B": unit})) if f.code == "need.vague"]
    assert [f.evidence for f in flags] == ["Mia has ASD."]
