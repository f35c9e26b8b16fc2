"""Redaction of personal identifiers (ehcp_nlp.redact)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ehcp_nlp import redact
from ehcp_nlp.nlp import ModelMissingWarning
from ehcp_nlp.plan import read_plan
from ehcp_nlp.redact import Redacted, Redactor, Replacement, plan_texts

PLANS = Path(__file__).parent / "fixtures" / "plans"

FRONT = """EDUCATION, HEALTH AND CARE PLAN
Name | Kai Parker
Known as | KJ
Date of birth | 31 May 2008
NHS number | 999 138 6874
UPN | R884380723586
Address | 12 Chapel Row, Holtby, KM2 3YN
Parents | Louise Parker and Liam Quinn
School | Harbour House School
Date of plan | 14 June 2025
EHC coordinator | Hannah Pryce"""

BODY = ("Kai's mum, Louise, and Liam Quinn met Mrs Hussain and Dr Owen at Harbour House School on "
        "3 March 2025. Kai was born on 31/05/2008 and lives at 12 Chapel Row, Holtby. Call Louise on "
        "07700 900 418 or +44 1632 960 417, or e-mail louise.parker@example.com. NHS number 9991386874, "
        "UPN R884380723586, ULN: 4410298375. Mr Parker came too. Post to KM2 3YN.")


@pytest.fixture
def no_model(monkeypatch):
    """The fallback without the English model (EHCP_NLP_NO_MODEL=1), with the cached pipeline cleared."""
    monkeypatch.setenv("EHCP_NLP_NO_MODEL", "1")
    redact._ner.cache_clear()
    yield
    redact._ner.cache_clear()


def _has_model() -> bool:
    try:
        return redact._ner() is not None
    except Exception:  # pragma: no cover - a broken install
        return False


needs_model = pytest.mark.skipif(not _has_model(), reason="the spaCy English model is not installed")


def test_every_kind_of_identifier_is_replaced():
    r = Redactor.from_front_page(FRONT)
    out = r.redact(BODY)
    for secret in ("Kai", "Louise", "Liam", "Quinn", "Parker", "Hussain", "Owen", "31/05/2008", "Chapel Row",
                   "Holtby", "07700", "1632", "louise.parker", "9991386874", "R884380723586", "4410298375",
                   "KM2 3YN"):
        assert secret not in out.text, secret
    assert out.text.startswith("[CHILD]'s mum, [PARENT 1], and [PARENT 2] met Mrs [PERSON 1] and Dr [PERSON 2] "
                               "at Harbour House School on 3 March 2025.")
    kinds = {x.kind for x in out.replacements}
    assert kinds == {"child", "parent", "person", "family", "date_of_birth", "address", "phone", "email",
                     "nhs_number", "upn", "uln", "postcode"}
    assert "Mr [FAMILY NAME] came too" in out.text  # an adult with the child's surname
    assert r.placeholders()["[PARENT 2]"] == "parent" and r.placeholders()["[EMAIL]"] == "email"


def test_front_page_itself_is_redacted_but_plan_date_and_school_stay():
    out = Redactor.from_front_page(FRONT).redact(FRONT).text
    assert "Name | [CHILD]\nKnown as | [CHILD]\nDate of birth | [DATE OF BIRTH]\nNHS number | [NHS NUMBER]" in out
    assert "UPN | [UPN]\nAddress | [ADDRESS]\nParents | [PARENT 1] and [PARENT 2]" in out
    assert "School | Harbour House School\nDate of plan | 14 June 2025\nEHC coordinator | [PERSON 1]" in out


def test_placeholders_are_stable_across_texts_and_people_numbered_in_order():
    r = Redactor.from_front_page(FRONT)
    first = r.redact("Dr Ruth Okoye saw Kai. Mrs Hussain was there.").text
    second = r.redact("Mrs Hussain phoned Louise. Later Dr Okoye and Ruth wrote to Kai Parker.").text
    assert first == "Dr [PERSON 1] saw [CHILD]. Mrs [PERSON 2] was there."
    assert second == "Mrs [PERSON 2] phoned [PARENT 1]. Later Dr [PERSON 1] and [PERSON 1] wrote to [CHILD]."
    batch = Redactor.from_front_page(FRONT).redact_many(["Dr Ruth Okoye saw Kai. Mrs Hussain was there.",
                                                         "Mrs Hussain phoned Louise."])
    assert [b.text for b in batch] == [first, "Mrs [PERSON 2] phoned [PARENT 1]."]


def test_possessives_capitals_and_parent_first_names():
    r = Redactor.from_front_page("Name: Maisie Okafor\nParents: Chiamaka Okafor and David Okafor")
    out = r.redact("Maisie's parents, Chiamaka and David, say MAISIE'S VIEWS matter. Chiamaka Okafor agreed. "
                   "The Okafor family and Mrs Okafor. ‘Maisie’ said it.").text
    assert out == ("[CHILD]'s parents, [PARENT 1] and [PARENT 2], say [CHILD]'S VIEWS matter. [PARENT 1] agreed. "
                   "The [FAMILY NAME] family and Mrs [FAMILY NAME]. ‘[CHILD]’ said it.")


def test_a_name_that_is_also_a_word_only_where_it_is_the_name():
    r = Redactor.from_front_page("Name: May Hill\nParents: Rose Hill\nSchool: Hope Academy")
    text = ("She may join the club. Staff will help. May enjoys art and will start in May 2025. "
            "In May, Mrs May visited. We hope Rose will come; a rose grows on the hill by Rose Hill Primary School. "
            "Hope Academy is near.")
    out = r.redact(text).text
    assert out == ("She may join the club. Staff will help. [CHILD] enjoys art and will start in May 2025. "
                   "In May, Mrs [PERSON 1] visited. We hope [PARENT 1] will come; a rose grows on the hill by "
                   "Rose Hill Primary School. Hope Academy is near.")
    summer = Redactor.from_front_page("Name: Summer Jones").redact("In the Summer term, Summer will swim.").text
    assert summer == "In the Summer term, [CHILD] will swim."


def test_date_of_birth_in_any_form_but_other_dates_stay():
    r = Redactor.from_front_page("Name: Kai Parker\nDate of birth: 31 May 2008")
    text = ("Born 31/05/2008 (31st May 2008, 2008-05-31, 31.5.08). Date of plan: 31 May 2025. Reviewed on "
            "14/06/2025 at 9:30am; attendance 75%; he is 16 years old. DOB: 01/02/2009 for his brother.")
    out = r.redact(text).text
    assert out == ("Born [DATE OF BIRTH] ([DATE OF BIRTH], [DATE OF BIRTH], [DATE OF BIRTH]). Date of plan: "
                   "31 May 2025. Reviewed on 14/06/2025 at 9:30am; attendance 75%; he is 16 years old. "
                   "DOB: [DATE OF BIRTH] for his brother.")


def test_identifier_patterns_without_a_front_page():
    r = Redactor()
    text = ("Tel 01632 960123, (01632) 960 417, 07700900461, +44 (0)7700 900 233 or 020 7946 0000; "
            "nhs 943 476 5919; UPN A123456789012; postcode AV4 7QT; j.smith@example.org; "
            "lives at Flat 3, 88 Canal Street, Ravensby, RV2 4LP. Code of Practice 9.69; 12.5% of 300; "
            "Year 5; 10:15-11:00; 01/02/2025; £1,850.")
    out = r.redact(text).text
    assert out == ("Tel [PHONE], [PHONE], [PHONE], [PHONE] or [PHONE]; nhs [NHS NUMBER]; UPN [UPN]; postcode "
                   "[POSTCODE]; [EMAIL]; lives at [ADDRESS]. Code of Practice 9.69; 12.5% of 300; Year 5; "
                   "10:15-11:00; 01/02/2025; £1,850.")


@needs_model
def test_ordinary_words_and_programmes_are_not_people():
    r = Redactor.from_front_page("Name: Kai Parker\nSchool: Hillcrest Primary School")
    text = ("Kai uses Makaton, PECS and Lego therapy. Staff follow the Zones of Regulation and Attention Autism. "
            "Mum and Dad and his Nan help. The SENCo at Hillcrest Primary School and the Speech and Language "
            "Therapy Service will review it in Year 5. He likes Minecraft and Harry Potter. "
            "Maintained special school. Mornings are hard.")
    out = r.redact(text)
    assert out.text == text.replace("Kai uses", "[CHILD] uses")
    assert [x.kind for x in out.replacements] == ["child"]


@needs_model
def test_people_the_front_page_does_not_name_are_found():
    r = Redactor.from_front_page("Name: Jacob Whitfield")
    out = r.redact("Jacob said his friends Alfie and Kacper help him. His key person, Jade, and "
                   "Laura Mistry, Speech and Language Therapist, visit.").text
    assert out == ("[CHILD] said his friends [PERSON 1] and [PERSON 2] help him. His key person, [PERSON 3], "
                   "and [PERSON 4], Speech and Language Therapist, visit.")


def test_map_span_around_replacements():
    r = Redactor.from_front_page("Name: Kai Parker\nParents: Louise Parker")
    text = "Kai and Louise Parker like the park."
    out = r.redact(text)
    assert out.text == "[CHILD] and [PARENT 1] like the park."
    park = text.index("park")
    assert out.text[slice(*out.map_span(park, park + 4))] == "park"
    assert out.map_span(0, 3) == (0, len("[CHILD]"))
    assert out.text[slice(*out.map_span(4, 7))] == "and"
    inside = text.index("Parker") + 2  # partly inside a replacement: grows to the whole placeholder
    assert out.text[slice(*out.map_span(inside, inside + 9))] == "[PARENT 1] like"
    assert out.map_span(len(text), len(text)) == (len(out.text), len(out.text))
    manual = Redacted("[X] b", (Replacement(0, 3, "[X]", "child"),))
    assert manual.map_span(1, 2) == (0, 3) and manual.map_span(4, 5) == (4, 5)


def test_without_the_model_front_page_names_and_patterns_still_go(no_model):
    with pytest.warns(ModelMissingWarning):
        r = Redactor.from_front_page(FRONT)
        out = r.redact(BODY)
    assert redact._ner() is None
    for secret in ("Kai", "Louise", "Liam", "Parker", "Hussain", "Owen", "31/05/2008", "Chapel Row", "07700",
                   "louise.parker", "9991386874", "R884380723586", "4410298375", "KM2 3YN"):
        assert secret not in out.text, secret
    assert "Harbour House School on 3 March 2025" in out.text


def test_a_fixture_plan_keeps_none_of_its_front_page_identifiers():
    plan = read_plan(PLANS / "secondary_classic.docx")
    redactor = Redactor.for_plan(plan)
    texts = plan_texts(plan)
    redacted = redactor.redact_many(texts)
    identifiers = ["Connor", "Lacey", "Donna", "3 February 2012", "999 562 7781", "R381207212044", "Canal Street",
                   "Ravensby, RV2", "RV2 4LP", "07700900461", "Tyler"]
    assert any("Connor" in t for t in texts)
    for out in redacted:
        for secret in identifiers:
            assert not re.search(rf"\b{re.escape(secret)}\b", out.text), (secret, out.text[:200])
    joined = "\n".join(o.text for o in redacted)
    assert "Date of plan: 20 June 2025" in joined and "Riverside Academy" in joined
    assert {"[CHILD]", "[PARENT 1]", "[DATE OF BIRTH]", "[NHS NUMBER]", "[UPN]", "[ADDRESS]", "[PHONE]"} <= \
        set(redactor.placeholders())
    again = Redactor.for_plan(plan).redact_many(texts)
    assert [a.text for a in again] == [r.text for r in redacted]  # deterministic, numbered in plan order
