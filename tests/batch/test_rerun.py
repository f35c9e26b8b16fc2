"""Every file gets its row (the same content under several names is reviewed once and listed under each), and a
run with nothing to do does nothing: no language model loaded, no table or report written."""
import csv
import shutil

import pytest

from ehcp_nlp.batch import outputs
from ehcp_nlp.batch.records import INDEX, iter_records, load_records
from ehcp_nlp.batch.runner import run_batch
from tests.conftest import FIXTURES

PLANS = FIXTURES / "plans"


def _rows(out):
    with open(out / "plans.csv", encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def test_same_content_under_two_names_gets_two_rows(tmp_path):
    """A Word plan also saved as .pdf (the same bytes): reviewed once, listed under both names; and a text file
    whose copy is named .pdf (which cannot be read as a PDF) is read under the name that works."""
    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    shutil.copy(PLANS / "primary_lettered.docx", folder / "plan.docx")
    shutil.copy(PLANS / "primary_lettered.docx", folder / "plan.pdf")
    text = "Educational Psychology Advice\n\nRecommendations\nSam would benefit from a visual timetable.\n"
    (folder / "advice.pdf").write_text(text, encoding="utf-8")  # sorted first: tried first, and fails
    (folder / "advice.txt").write_text(text, encoding="utf-8")
    result = run_batch(folder, out, jobs=1, learn=False)
    assert result.reviewed == 2 and not result.failed
    records = {r.file: r for r in load_records(out)}
    assert set(records) == {"advice.txt", "plan.docx"}
    assert records["plan.docx"].also == ["plan.pdf"] and records["advice.txt"].also == ["advice.pdf"]
    outputs.write_outputs(out)
    rows = _rows(out)
    assert set(rows) == {"advice.pdf", "advice.txt", "plan.docx", "plan.pdf"}
    assert rows["plan.pdf"]["Same content as"] == "plan.docx" and rows["plan.docx"]["Same content as"] == ""
    assert rows["plan.pdf"]["status"] == rows["plan.docx"]["status"] == "ok"
    assert rows["plan.pdf"]["Suggested rating"] == rows["plan.docx"]["Suggested rating"] != ""
    assert rows["advice.pdf"]["Same content as"] == "advice.txt" and rows["advice.pdf"]["status"] == "ok"
    (folder / "plan.docx").unlink()  # the other name carries on
    run_batch(folder, out, jobs=1, learn=False)
    records = {r.file: r for r in load_records(out)}
    assert records["plan.pdf"].ok and records["plan.pdf"].also == []


@pytest.fixture
def finished(tmp_path):
    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    for name in ("secondary_classic.docx", "primary_lettered.docx"):
        shutil.copy(PLANS / name, folder / name)
    run_batch(folder, out, jobs=1, learn=False)
    assert outputs.write_outputs(out)
    return folder, out


def test_nothing_to_do_writes_nothing(finished, monkeypatch):
    folder, out = finished
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}

    def no_model(*args, **kwargs):
        raise AssertionError("the language model was loaded with nothing to review")

    monkeypatch.setattr("ehcp_nlp.batch.runner._prepare", no_model)
    result = run_batch(folder, out, jobs=1, learn=False)
    assert result.skipped == 2 and result.reviewed == 0
    assert outputs.write_outputs(out) == []
    monkeypatch.undo()
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == stamps


def test_outputs_are_written_again_when_something_changed(finished):
    folder, out = finished
    (out / "flags.csv").unlink()
    assert "flags.csv" in outputs.write_outputs(out)  # an output deleted
    assert outputs.write_outputs(out) == []
    shutil.copy(PLANS / "post16_pfa.docx", folder / "post16_pfa.docx")
    run_batch(folder, out, jobs=1, learn=False)
    assert outputs.write_outputs(out)  # a new review
    assert "post16_pfa.docx" in _rows(out)
    with open(out / "plans.csv", "a", encoding="utf-8") as handle:  # an output changed by hand
        handle.write("\n")
    assert outputs.write_outputs(out)


def test_the_record_index_follows_the_result_files(finished):
    folder, out = finished
    before = list(iter_records(out))
    assert (out / INDEX).is_file()
    (out / INDEX).write_text("not json", encoding="utf-8")  # a damaged copy is rebuilt
    assert [r.id for r in iter_records(out)] == [r.id for r in before]
    from ehcp_nlp.batch.records import relabel

    relabel(out, before[0].id, "renamed.docx")
    assert next(r for r in iter_records(out) if r.id == before[0].id).file == "renamed.docx"
