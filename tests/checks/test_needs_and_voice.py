"""Section B needs and Section A voice: rows that pass and rows that must be flagged."""
import pytest

from ehcp_nlp.checks import check_text


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


def test_parent_view_and_aspirations():
    text = "I like art. When I grow up I want to be a vet. Mum says Ana is kind and hopes she will go to college."
    assert {f.code for f in check_text("A", text)} == set()
    assert {f.code for f in check_text("A", "I like art.")} == {"parent_view.missing", "aspirations.missing"}
