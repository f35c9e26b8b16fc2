"""Within-plan consistency: another child's name, pronouns, dates out of order, copied sections."""
from ehcp_nlp.checks import review_plan
from ehcp_nlp.plan import read_plan

FRONT = "Education, Health and Care Plan\nName: Maya Kowalska\nParents: Amy Kowalska\nDate of birth: 3 March 2015\n" \
        "Date of plan: 1 June 2026\n\n"
NEEDS = ("Maya reads 40 common words by sight and her spelling age is 6 years 2 months.\n"
         "Maya becomes anxious when the timetable changes and she hides under her desk.\n"
         "Maya finds it hard to join a game at playtime; she stands at the edge and watches.\n"
         "Maya's handwriting is slow and she tires after a few lines.\n")


def _review(tmp_path, b=NEEDS, e="By July 2027, Maya will read 100 common words by sight.", k="", extra=""):
    text = (FRONT + "Section A: All about me\nI like drawing. Mum says Maya is kind.\n\n"
            f"Section B: Special educational needs\n{b}\n"
            f"Section E: Outcomes\n{e}\n\nSection F: Provision\nA 20-minute 1:1 reading session with a trained "
            f"teaching assistant every day.\n\nSection K: Advice and information\n{k or 'EP advice, 2 May 2026.'}\n"
            + extra)
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return review_plan(read_plan(path), kind="plan")


def _flags(review, code):
    return [f for f in review.flags if f.code == code]


def test_another_childs_name_is_flagged_once_with_its_count(tmp_path):
    review = _review(tmp_path, b=NEEDS + "Tyler finds it hard to make friends.\n",
                     e="By July 2027, Tyler will join a playground game with 2 peers on 3 days a week.")
    flags = _flags(review, "plan.other_child_name")
    assert len(flags) == 1 and flags[0].detail == {"name": "Tyler", "uses": 2} and "Maya" in flags[0].message


def test_parents_roles_and_ordinary_words_are_not_other_children(tmp_path):
    b = NEEDS + ("Amy says Maya sleeps badly.\nJo, the ELSA, sees Maya every Monday.\nHer brother Sam helps her read.\n"
                 "Having moved school, Maya is unsettled.\nAccess to a quiet room is needed.\n")
    assert not _flags(_review(tmp_path, b=b), "plan.other_child_name")


def test_a_sentence_with_the_other_pronoun_is_flagged(tmp_path):
    review = _review(tmp_path, b=NEEDS + "Maya loses his place when copying from the board.\n")
    flags = _flags(review, "plan.pronoun_mismatch")
    assert [f.evidence for f in flags] == ["Maya loses his place when copying from the board."]
    assert flags[0].detail == {"usual": "f", "found": "m"}
    assert not _flags(_review(tmp_path), "plan.pronoun_mismatch")
    # a pronoun after someone else is named is theirs, not the child's
    assert not _flags(_review(tmp_path, b=NEEDS + "Maya waits for her dad; he collects her at 3pm.\n"),
                      "plan.pronoun_mismatch")


def test_advice_dated_after_the_plan(tmp_path):
    flags = _flags(_review(tmp_path, k="EP advice, 2 May 2026.\nSpeech and language advice, 14 July 2026."),
                   "plan.dates_out_of_order")
    assert len(flags) == 1 and "14 July 2026" in flags[0].message and flags[0].detail["advice_date"] == "2026-07-14"
    assert not _flags(_review(tmp_path), "plan.dates_out_of_order")


def test_a_section_pasted_into_another(tmp_path):
    repeated = "Maya has asthma and uses a blue inhaler before PE; staff supervising PE are trained to help her."
    review = _review(tmp_path, extra=f"\nSection C: Health needs\n{repeated}\n\nSection G: Health provision\n{repeated}\n")
    flags = [f for f in _flags(review, "plan.copied_text") if "copy_of" in f.detail]
    assert [(f.section, f.detail["copy_of"]) for f in flags] == [("G", "C")]


def test_a_pasted_clause_is_cut_the_same_way_in_one_plan_and_across_a_cohort(tmp_path):
    """The plan-level copied-text check and the cohort's boilerplate both cut text with ``clause_spans``: a
    clause pasted after a semicolon is found by both, and the same clause is the evidence of both."""
    from ehcp_nlp.batch.cohort_boilerplate import boilerplate, normalise
    from ehcp_nlp.batch.records import PlanRecord

    pasted = "staff will give her a visual timetable at the start of every lesson."
    e = (f"By July 2027, Maya will read 100 common words by sight; {pasted}\n"
         f"By July 2027, Maya will join a game with 2 peers on 3 days a week; {pasted}")
    flags = [f for f in _flags(_review(tmp_path, e=e), "plan.copied_text") if "copy_of" not in f.detail]
    assert [f.evidence for f in flags] == [pasted]
    records = [PlanRecord(id=f"{n:016x}", sha256="", file=f"p{n}.docx", kind="plan",
                          statements={"E": [f"Maya will do task {n} each week; {pasted}"]}) for n in range(3)]
    items = boilerplate(records, {"boilerplate_min_words": 6, "boilerplate_min_plans": 3,
                                  "boilerplate_min_share": 0.0, "boilerplate_top": 5, "example_chars": 200}).items
    assert [item.key for item in items] == [normalise(pasted)]
