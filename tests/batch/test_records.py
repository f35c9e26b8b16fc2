"""Stored records: read back as written, and records stored by earlier versions still read."""
from ehcp_nlp.batch.records import PlanRecord


def test_record_round_trip():
    record = PlanRecord(id="a" * 16, sha256="b" * 64, file="p.docx", kind="plan", suggested="Good", confidence=0.7,
                        needs_closer_look=True, scores={"A": 4}, meta={"setting": "Oak"})
    assert PlanRecord.from_dict(record.to_dict()) == record


def test_a_record_stored_by_an_earlier_version_keeps_its_closer_look_and_ignores_unknown_fields():
    old = {"id": "a" * 16, "sha256": "b" * 64, "file": "p.docx", "needs_review": True, "from_a_later_version": 1}
    record = PlanRecord.from_dict(old)
    assert record.needs_closer_look is True and record.file == "p.docx"
