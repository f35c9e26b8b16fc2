"""The batch run: every file reviewed once, failures recorded, tables written, resumable after a kill."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from ehcp_nlp.batch.records import load_records
from ehcp_nlp.batch.runner import discover, read_manifest, run_batch
from ehcp_nlp.cli import main
from tests.conftest import FIXTURES

PLANS = FIXTURES / "plans"


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "plans"
    (src / "term1").mkdir(parents=True)
    for path in sorted(PLANS.glob("*_classic.docx")) + sorted(PLANS.glob("*_lettered.pdf")):
        shutil.copy(path, src / "term1" / path.name)
    (src / "broken.pdf").write_bytes(b"not a pdf at all")
    (src / "advice").mkdir()
    (src / "advice" / "ep_sam.txt").write_text("Educational Psychology Advice\n\nRecommendations\nSam would benefit "
                                                "from a visual timetable. Staff should consider movement breaks.\n",
                                                encoding="utf-8")
    (src / "advice" / "ar_sam.txt").write_text("Annual Review of EHC plan\n\nSam has had a good year. No changes "
                                                "needed.\n", encoding="utf-8")
    (src / "notes.odt").write_bytes(b"ignored: not a plan format")
    return src


def test_batch_reviews_each_file_records_failures_and_writes_tables(folder, tmp_path):
    out = tmp_path / "out"
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,audit_month,ep_service\nterm1/secondary_classic.docx,2026-03,North EP Service\n",
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "2",
                                       "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    records = load_records(out)
    assert len(records) == len(discover(folder)) == 8
    kinds = {r.file: r.kind for r in records}
    assert kinds["advice/ep_sam.txt"] == "advice" and kinds["advice/ar_sam.txt"] == "review"
    ep = next(r for r in records if r.file == "advice/ep_sam.txt")
    assert ep.flags and {f["code"] for f in ep.flags} == {"advice.weak"} and ep.suggested is None
    failed = [r for r in records if not r.ok]
    assert [r.file for r in failed] == ["broken.pdf"] and "not a PDF" in failed[0].error
    secondary = next(r for r in records if r.file == "term1/secondary_classic.docx")
    assert secondary.meta == {"audit_month": "2026-03", "ep_service": "North EP Service"} and secondary.month == "2026-03"
    assert secondary.suggested == "Inadequate" and secondary.flags
    for name in ("plans.csv", "plans.xlsx", "flags.csv", "failed.csv"):
        assert (out / name).stat().st_size > 0
    header = (out / "plans.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-6:] == ["Auditor", "Auditor rating", "Auditor notes", "Moderator", "Moderator rating",
                           "Moderator notes"]
    review = json.loads(next((out / "results").glob(f"{secondary.id}.json")).read_text())["review"]
    assert review["rating"]["suggested"] == "Inadequate" and review["comments"]["marker"]
    again = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "1"])
    assert "reviewed 0, skipped 7 already done, failed 1" in again.output


def test_auditor_entries_survive_a_rerun(folder, tmp_path):
    import pandas as pd

    out = tmp_path / "out"
    run_batch(folder, out, jobs=1)
    from ehcp_nlp.batch.tables import write_tables

    write_tables(out, load_records(out))
    sheet = pd.read_excel(out / "plans.xlsx", dtype=str).fillna("")
    sheet.loc[0, "Auditor rating"], sheet.loc[0, "Auditor"] = "Good", "R. Patel"
    sheet.to_excel(out / "plans.xlsx", index=False)
    shutil.copy(PLANS / "post16_pfa.docx", folder / "post16_pfa.docx")  # a new plan arrives
    run_batch(folder, out, jobs=1)
    write_tables(out, load_records(out))
    again = pd.read_excel(out / "plans.xlsx", dtype=str).fillna("")
    row = again[again["id"] == sheet.loc[0, "id"]].iloc[0]
    assert (row["Auditor rating"], row["Auditor"]) == ("Good", "R. Patel") and len(again) == len(sheet) + 1


def test_a_bad_manifest_is_one_line_error(folder, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("name,month\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "o"), "--manifest", str(manifest)])
    assert result.exit_code == 1 and result.output.strip().splitlines()[-1].startswith("error:")
    with pytest.raises(Exception, match="unknown kind"):
        manifest.write_text("file,kind\na.pdf,letter\n", encoding="utf-8")
        read_manifest(manifest)


def test_killed_batch_loses_nothing_and_redoes_nothing(tmp_path):
    src = tmp_path / "plans"
    src.mkdir()
    for path in sorted(PLANS.glob("*.docx")) + sorted(PLANS.glob("*.pdf")):
        shutil.copy(path, src / path.name)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ehcp_nlp.cli", "batch", str(src), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    results = out / "results"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(results.glob("*.json")) if results.is_dir() else []) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # no chance to tidy up, like a power cut
    process.wait()
    finished = {p.name: p.read_bytes() for p in results.glob("*.json")}
    assert 4 <= len(finished) < 24, "the run should have been stopped part-way"
    assert all(json.loads(data)["record"]["status"] == "ok" for data in finished.values())  # no half-written file
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert f"skipped {len(finished)} already done" in result.output
    assert all((results / name).read_bytes() == data for name, data in finished.items())  # not redone
    assert len([r for r in load_records(out) if r.ok]) == 24


def test_an_output_folder_of_an_earlier_version_is_carried_on_not_redone(tmp_path):
    """Earlier versions kept each result in ``OUTDIR/reviews``: that folder becomes ``results``, nothing redone."""
    src = tmp_path / "plans"
    src.mkdir()
    for path in sorted(PLANS.glob("*_classic.docx"))[:2]:
        shutil.copy(path, src / path.name)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(src), "-o", str(out), "--jobs", "1"]).exit_code == 0
    (out / "results").rename(out / "reviews")  # as an earlier version left it
    (out / ".results-index.json").rename(out / ".reviews-index.json")
    stored = {p.name: p.read_bytes() for p in (out / "reviews").glob("*.json")}
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 already done" in result.output
    assert not (out / "reviews").exists() and not (out / ".reviews-index.json").exists()
    assert {p.name: p.read_bytes() for p in (out / "results").glob("*.json")} == stored
    assert len(load_records(out)) == 2


def test_confirmed_ratings_reach_the_report_and_the_labels(folder, tmp_path):
    import pandas as pd

    from ehcp_nlp.rating.training import read_labels

    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "1"]).exit_code == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "until auditors confirm them" in report
    sheet = pd.read_excel(out / "plans.xlsx", dtype=str).fillna("")
    plans = sheet[sheet["kind"] == "plan"].index
    sheet.loc[plans, "Auditor rating"] = sheet.loc[plans, "Suggested rating"]
    sheet.loc[plans, "Auditor"] = "H. Marsh"
    first = plans[0]
    sheet.loc[first, "Moderator rating"], sheet.loc[first, "Moderator"] = "Inadequate", "T. Aziz"
    sheet.to_excel(out / "plans.xlsx", index=False)
    result = runner.invoke(main, ["confirm", str(out), "--from", str(out / "plans.xlsx")])
    assert result.exit_code == 0, result.output
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Quadratic weighted kappa" in report and "Moderation and agreement" in report
    sample = runner.invoke(main, ["moderation-sample", str(out), "--share", "0.2"])
    assert sample.exit_code == 0 and (out / "moderation_sample.csv").is_file()
    labels = tmp_path / "labels.csv"
    assert runner.invoke(main, ["export-labels", str(out), "-o", str(labels)]).exit_code == 0
    rows = read_labels(labels)
    assert len(rows) == len(plans) and {r["auditor"] for r in rows} == {"H. Marsh", "T. Aziz"}


def test_batch_learns_the_council_template_and_sets_it_aside(tmp_path):
    """A stock sentence in every document of the folder is the council's template: never judged."""
    from ehcp_nlp.batch.template import load_template

    src = tmp_path / "plans"
    src.mkdir()
    stock = "Access to support as required across the school day."
    for i, child in enumerate(["Ava", "Ben", "Cai", "Dee", "Eli"]):
        (src / f"plan_{i}.txt").write_text(
            f"Education, Health and Care Plan\nName: {child} Smith\n\nSection A: About me\n{child} likes music.\n\n"
            f"Section B: Special educational needs\n{child} cannot yet blend three-sound words.\n\n"
            f"Section E: Outcomes\nBy July 2027 {child} will read 50 words on sight.\n\n"
            f"Section F: Special educational provision\n{stock}\nDaily phonics for {10 + i} minutes with a trained TA.\n",
            encoding="utf-8")
    out = tmp_path / "out"
    run_batch(src, out, jobs=1)
    learnt = load_template(out)
    assert learnt.documents == 5 and stock in [p.example for p in learnt.set_aside]
    flags = [f for r in load_records(out) for f in r.flags]
    assert not [f for f in flags if stock in f["evidence"]]
    from ehcp_nlp.batch.cohort_report import write_cohort_report

    page = write_cohort_report(out).read_text(encoding="utf-8")
    assert 'id="template"' in page and stock in page
    plain = tmp_path / "plain"
    run_batch(src, plain, jobs=1, learn=False)
    assert [f for r in load_records(plain) for f in r.flags if stock in f["evidence"]]
