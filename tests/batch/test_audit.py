"""Moderation and confirmation: the decisions store, the moderation sample, agreement figures, labels, CLI."""
import csv
import math
import sqlite3
from datetime import datetime, timezone

import click
import pytest
from click.testing import CliRunner

from ehcp_nlp.batch import audit
from ehcp_nlp.batch.agreement import agreement, agreement_figures
from ehcp_nlp.batch.audit import decisions, import_sheet, latest, record_decision
from ehcp_nlp.batch.labels import export_labels
from ehcp_nlp.batch.moderation import SAMPLE_COLUMNS, moderation_sample, write_moderation_sample
from ehcp_nlp.batch.records import PlanRecord, load_records, save
from ehcp_nlp.batch.tables import write_tables
from ehcp_nlp.cli_audit import confirm, export_labels as export_labels_command, moderation_sample as sample_command
from ehcp_nlp.errors import EhcpNlpError
from ehcp_nlp.model import RATINGS
from ehcp_nlp.rating.training import read_labels

O, G, RI, I = RATINGS
# 30 plans: suggested ratings 3 O, 9 G, 12 RI, 6 I, over two audit months; plus advice and a failed file
SUGGESTED = [O] * 3 + [G] * 9 + [RI] * 12 + [I] * 6


def _id(n: int) -> str:
    return f"{n:04x}beef{n:08x}"


def _make_batch(outdir):
    for n, rating in enumerate(SUGGESTED):
        save(outdir, PlanRecord(id=_id(n), sha256=_id(n) * 4, file=f"plans/plan_{n:03d}.docx", kind="plan",
                                suggested=rating, confidence=0.7,
                                meta={"audit_month": "2026-03" if n % 2 else "2026-04", "key_stage": "KS2"}),
             review=None)
    save(outdir, PlanRecord(id=_id(100), sha256="a", file="advice/ep_001.pdf", kind="advice"), review=None)
    save(outdir, PlanRecord(id=_id(101), sha256="b", file="plans/broken.pdf", status="failed",
                            error="not a PDF"), review=None)
    return load_records(outdir)


@pytest.fixture
def batch(tmp_path):
    out = tmp_path / "out"
    return out, _make_batch(out)


def _file(n: int) -> str:
    return f"plans/plan_{n:03d}.docx"


# -- decisions -----------------------------------------------------------------------------------------------------


def test_decisions_keep_history_and_fill_previous_rating(batch):
    out, _ = batch
    when = datetime(2026, 3, 14, 10, 30, tzinfo=timezone.utc)
    first = record_decision(out, _id(5), "auditor", "good", by="J. Smith", when=when)    # suggested Good
    second = record_decision(out, _file(5), "auditor", "RI", by="J. Smith", note="provision vague")
    moderated = record_decision(out, _id(5)[:6], "moderator", "Inadequate", by="A. Patel")
    other = record_decision(out, _id(20), "moderator", "Good", by="A. Patel")            # never audited

    assert (first.rating, first.previous_rating, first.decided_at) == (G, G, "2026-03-14T10:30:00+00:00")
    assert (second.rating, second.previous_rating, second.note) == (RI, G, "provision vague")
    assert (moderated.previous_rating, moderated.role, moderated.file) == (RI, "moderator", _file(5))
    assert other.previous_rating is None
    assert [d.id for d in decisions(out)] == [1, 2, 3, 4]                     # nothing overwritten
    assert latest(out, "auditor")[_id(5)] == second
    assert set(latest(out, "moderator")) == {_id(5), _id(20)}
    assert datetime.fromisoformat(second.decided_at).utcoffset().total_seconds() == 0

    db = sqlite3.connect(out / "audit.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == audit.SCHEMA_VERSION
    for statement in ("UPDATE decisions SET rating = 'Good'", "DELETE FROM decisions"):
        with pytest.raises(sqlite3.DatabaseError, match="never"):
            db.execute(statement)
    db.close()


@pytest.mark.parametrize("plan, rating, message", [
    ("ffffff", "Good", "unknown plan 'ffffff'"),
    (_id(1)[:5], "Good", "at least 6 characters"),
    ("0001feed", "Good", "unknown plan '0001feed'"),  # a prefix of no plan
    (_file(1), "Goodish", "unknown rating 'Goodish'"),
    (_file(1), "", "unknown rating ''"),
])
def test_bad_decisions_are_refused_with_one_line(batch, plan, rating, message):
    out, _ = batch
    with pytest.raises(EhcpNlpError, match=message) as info:
        record_decision(out, plan, "auditor", rating, by="x")
    assert "\n" not in str(info.value)
    assert decisions(out) == []


def test_ambiguous_prefix_and_unknown_role_are_refused(tmp_path):
    out = tmp_path / "out"
    save(out, PlanRecord(id="abcdef0000000001", sha256="1", file="a.docx", kind="plan"), review=None)
    save(out, PlanRecord(id="abcdef0000000002", sha256="2", file="b.docx", kind="plan"), review=None)
    with pytest.raises(EhcpNlpError, match="matches 2 documents"):
        record_decision(out, "abcdef", "auditor", "Good", by="x")
    with pytest.raises(EhcpNlpError, match="unknown role 'boss'"):
        record_decision(out, "a.docx", "boss", "Good", by="x")
    assert record_decision(out, "abcdef0000000002", "auditor", "requires improvement", by="x").rating == RI


def _filled_sheet(out, records, fill):
    """plans.xlsx as the batch writes it, with cells filled in as an auditor would: {row: {column: value}}."""
    from openpyxl import load_workbook

    write_tables(out, records)
    book = load_workbook(out / "plans.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for line, values in fill.items():
        for column, value in values.items():
            sheet.cell(row=line, column=header.index(column) + 1, value=value)
    book.save(out / "plans.xlsx")
    return out / "plans.xlsx", {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}


def test_import_sheet_records_once_and_reports_bad_rows(batch):
    out, records = batch
    lines = {r.file: n for n, r in enumerate(records, start=2)}
    fill = {
        lines[_file(0)]: {"Auditor": "J. Smith", "Auditor rating": "good", "Auditor notes": "clear outcomes"},
        lines[_file(1)]: {"Auditor": "J. Smith", "Auditor rating": "RI", "Moderator": "A. Patel",
                          "Moderator rating": "Good"},
        lines[_file(2)]: {"Auditor rating": "Goodish"},
        lines[_file(3)]: {"Auditor rating": "Inadequate"},  # no name: falls back to --by
        lines[_file(4)]: {"id": "ffffffffffffffff", "file": "gone.docx", "Auditor rating": "Good"},
    }
    path, where = _filled_sheet(out, records, fill)
    assert where[_file(0)] == lines[_file(0)]

    result = import_sheet(out, path, by="Team lead")
    assert (result.added_by_role("auditor"), result.added_by_role("moderator"), result.unchanged) == (3, 1, 0)
    assert [str(s) for s in result.skipped] == [f"line {lines[_file(2)]}: unknown rating 'Goodish'",
                                                f"line {lines[_file(4)]}: unknown plan 'ffffffffffffffff'"]
    assert result.summary().startswith("recorded 3 auditor and 1 moderator decisions; 0 unchanged; 2 rows skipped "
                                       f"(line {lines[_file(2)]}: unknown rating 'Goodish'")
    auditor, moderator = latest(out, "auditor"), latest(out, "moderator")
    assert (auditor[_id(0)].rating, auditor[_id(0)].decided_by, auditor[_id(0)].note) == (G, "J. Smith", "clear outcomes")
    assert auditor[_id(0)].source == "plans.xlsx" and auditor[_id(0)].previous_rating == O  # the suggestion
    assert auditor[_id(3)].decided_by == "Team lead"
    assert (moderator[_id(1)].rating, moderator[_id(1)].previous_rating) == (G, RI)

    again = import_sheet(out, path)
    assert (len(again.added), again.unchanged, len(again.skipped)) == (0, 4, 2)
    assert len(decisions(out)) == 4

    # the batch rewrites the tables, carrying the entries over; a changed rating is a new decision
    path, _ = _filled_sheet(out, records, {lines[_file(0)]: {"Auditor rating": "Outstanding"}})
    third = import_sheet(out, path)
    assert [(d.plan_id, d.rating, d.previous_rating) for d in third.added] == [(_id(0), O, G)]
    assert third.unchanged == 3 and len(decisions(out)) == 5


def test_import_csv_finds_plans_by_file_when_excel_mangled_the_id(batch, tmp_path):
    out, _ = batch
    sheet = tmp_path / "returned.csv"
    sheet.write_text("id,file,Auditor,Auditor rating\n1.23E+15,plans/plan_007.docx,Sam,Requires improvement\n"
                     ",,,\n", encoding="utf-8-sig")
    result = import_sheet(out, sheet)
    assert [(d.plan_id, d.rating, d.source) for d in result.added] == [(_id(7), RI, "returned.csv")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,file,rating\nx,y,Good\n", encoding="utf-8")
    with pytest.raises(EhcpNlpError, match="no 'Auditor rating' or 'Moderator rating' column"):
        import_sheet(out, bad)


def test_an_interrupted_import_records_nothing(batch, tmp_path, monkeypatch):
    out, _ = batch
    record_decision(out, _file(9), "auditor", "Good", by="J. Smith")
    sheet = tmp_path / "plans.csv"
    sheet.write_text("id,file,Auditor rating\n" + "".join(f"{_id(n)},{_file(n)},Inadequate\n" for n in range(4)),
                     encoding="utf-8")
    real, calls = audit.spreadsheet._insert, []

    def stop_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(audit.spreadsheet, "_insert", stop_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        import_sheet(out, sheet)
    monkeypatch.undo()
    assert [d.plan_id for d in decisions(out)] == [_id(9)]              # the two rows inserted were rolled back
    assert len(import_sheet(out, sheet).added) == 4


def test_a_database_from_a_newer_version_is_refused(batch):
    out, _ = batch
    db = sqlite3.connect(out / "audit.db")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(EhcpNlpError, match="newer ehcp-nlp"):
        decisions(out)


# -- moderation sample ---------------------------------------------------------------------------------------------


def test_moderation_sample_is_stratified_big_enough_and_reproducible(batch):
    out, records = batch
    plans = [r for r in records if r.ok and r.kind == "plan"]
    sample = moderation_sample(records, share=0.2, seed=0)
    assert len(sample) >= math.ceil(0.2 * len(plans)) == 6
    assert all(r.ok and r.kind == "plan" for r in sample)
    strata = {(r.suggested, r.month) for r in plans}
    assert {(r.suggested, r.month) for r in sample} == strata          # every (rating, month) represented
    assert len(sample) == len(strata) == 8                             # 8 strata > 6 needed
    assert [r.id for r in moderation_sample(list(reversed(records)), seed=0)] == [r.id for r in sample]
    others = [[r.id for r in moderation_sample(records, seed=s)] for s in (1, 2, 3)]
    assert any(ids != [r.id for r in sample] for ids in others)

    half = moderation_sample(records, share=0.5, seed=0)
    assert len(half) == 15 and sum(r.suggested == RI for r in half) == 6  # proportional: 12 of 30 → 6 of 15
    assert len(moderation_sample(records, share=1.0)) == 30
    unstratified = moderation_sample(records, share=0.2, by_month=False)
    assert len(unstratified) == 6 and {r.suggested for r in unstratified} == {O, G, RI, I}
    with pytest.raises(ValueError):
        moderation_sample(records, share=0)


def test_moderation_sample_avoids_plans_already_moderated(batch):
    out, records = batch
    first = moderation_sample(records, seed=0)
    again = moderation_sample(records, seed=0, moderated={r.id for r in first})
    outstanding_march = [r for r in records if r.suggested == O and r.month == "2026-03"]
    assert len(outstanding_march) == 1                                  # a stratum with nothing else
    assert {r.id for r in first} & {r.id for r in again} == {outstanding_march[0].id}


def test_write_moderation_sample_csv(batch):
    out, records = batch
    record_decision(out, _file(1), "auditor", "Good", by="J. Smith")
    moderation = write_moderation_sample(out, share=0.2, seed=0)
    with (out / "moderation_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == SAMPLE_COLUMNS
    assert [r["id"] for r in rows] == [p.id for p in moderation.plans] and moderation.population == 30
    plan1 = next(r for r in rows if r["file"] == _file(1))              # the only Outstanding in March
    assert (plan1["suggested rating"], plan1["auditor rating"], plan1["month"]) == (O, G, "2026-03")
    assert plan1["reason"] == "stratum Outstanding / 2026-03"


# -- agreement -----------------------------------------------------------------------------------------------------

# by hand: O=0 G=1 RI=2 I=3; weights (i-j)²/9. Observed: (3,2) (0,2) (1,1)×2 (2,2)×2 → Σw·O = 1/9 + 4/9 = 5/9.
# Marginals first [1,2,2,1], second [0,2,4,0]; Σw·E = (18 + 8 + 4 + 12) / 6 / 9 = 7/9; κ = 1 - 5/7 = 2/7.
PAIRS = [(I, RI), (O, RI), (G, G), (RI, RI), ("requires improvement", "RI"), (G, G), (None, G), (G, float("nan"))]


def test_agreement_on_a_hand_made_example():
    result = agreement(PAIRS)
    assert result.n == 6 and result.agreed == 4
    assert result.exact == pytest.approx(4 / 6) and result.within_one == pytest.approx(5 / 6)
    assert result.kappa == pytest.approx(2 / 7)
    assert [c.label for c in result.upgrades] == ["Inadequate → Requires Improvement: 1"]
    assert [c.label for c in result.downgrades] == ["Outstanding → Requires Improvement: 1"]
    assert result.confusion == [[0, 0, 1, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 1, 0]]
    assert result.sentences() == ["1 plan was upgraded from Inadequate to Requires Improvement",
                                  "1 plan was downgraded from Outstanding to Requires Improvement",
                                  "Judgements were agreed for all other moderated plans."]
    data = result.to_dict("auditor rating", "moderator rating")
    assert data["kappa"] == round(2 / 7, 4) and data["upgraded"] == data["downgraded"] == 1
    assert data["confusion"]["labels"] == list(RATINGS)


def test_agreement_with_too_few_plans():
    assert agreement([]) is None and agreement([(None, G), ("x", G)]) is None
    one = agreement([(G, RI)])
    assert one.n == 1 and one.kappa is None and one.kappa_note.startswith("not enough plans")
    same = agreement([(G, G), (G, G)])
    assert same.kappa is None and "not enough plans" in same.kappa_note and same.exact == 1.0
    assert same.sentences() == ["Judgements were agreed for all 2 moderated plans."]
    assert agreement([(G, G), (G, RI)]).kappa == pytest.approx(0.0)     # one rater never varies


def test_agreement_figures_from_the_decisions(batch):
    out, records = batch
    # suggested: 0-2 O, 3-11 G, 12-23 RI, 24-29 I
    for n, rating in [(0, RI), (3, G), (4, G), (12, RI), (13, RI), (24, I), (25, I), (26, I), (27, RI), (28, I)]:
        record_decision(out, _file(n), "auditor", rating, by="J. Smith")
    record_decision(out, _file(24), "moderator", RI, by="A. Patel")     # upgraded I → RI
    record_decision(out, _file(13), "moderator", RI, by="A. Patel")     # agreed
    record_decision(out, _file(13), "auditor", G, by="J. Smith")        # later auditor change does not hide it
    record_decision(out, _file(29), "moderator", G, by="A. Patel")      # not audited: left out

    figures = agreement_figures(out, records)
    assert (figures["audited"], figures["moderated"]) == (10, 2)
    assert figures["moderated_share"] == pytest.approx(0.2) and figures["below_target"] is False
    tool = figures["tool_vs_auditor"]
    assert tool["n"] == 10 and tool["agreed"] == 7 and tool["first"] == "suggested rating"
    # plan 13: the auditor's latest rating (Good) counts against the suggestion (Requires Improvement)
    assert [c["label"] for c in tool["upgrades"]] == ["Requires Improvement → Good: 1",
                                                      "Inadequate → Requires Improvement: 1"]
    assert [c["label"] for c in tool["downgrades"]] == ["Outstanding → Requires Improvement: 1"]
    assert tool["sentences"][0] == ("1 plan was upgraded by the auditor from the suggested Requires Improvement "
                                    "to Good")
    moderation = figures["auditor_vs_moderator"]
    assert moderation["n"] == 2 and moderation["upgraded"] == 1 and moderation["kappa"] is not None
    assert figures["sentences"] == ["20% of audits were moderated (2 of 10).", "Of those:",
                                    "1 plan was upgraded from Inadequate to Requires Improvement",
                                    "Judgements were agreed for all other moderated plans."]


def test_agreement_figures_before_any_decision(batch):
    out, records = batch
    figures = agreement_figures(out, records)
    assert figures["audited"] == 0 and figures["moderated_share"] is None
    assert figures["tool_vs_auditor"] is None and figures["auditor_vs_moderator"] is None
    assert figures["sentences"] == ["No plans have been audited yet."]
    assert not (out / "audit.db").exists()  # reading never creates the database


# -- labels --------------------------------------------------------------------------------------------------------


def test_export_labels_prefers_the_moderator_and_is_readable_for_training(batch, tmp_path):
    out, _ = batch
    record_decision(out, _file(1), "auditor", "Good", by="J. Smith", when="2026-03-02T09:00:00")
    record_decision(out, _file(2), "auditor", "Inadequate", by="J. Smith", when="2026-03-03")
    record_decision(out, _file(1), "moderator", "RI", by="A. Patel", when="2026-03-20T16:00:00")
    record_decision(out, "advice/ep_001.pdf", "auditor", "Good", by="J. Smith")   # advice: not a label
    target = tmp_path / "labels.csv"
    assert export_labels(out, target) == 2
    assert target.read_text(encoding="utf-8").splitlines()[0] == "file,rating,audit_date,auditor"
    rows = read_labels(target)
    assert [(r["file"], r["rating"], r["audit_date"], r["auditor"]) for r in rows] == [
        (_file(1), RI, "2026-03-20", "A. Patel"), (_file(2), I, "2026-03-03", "J. Smith")]
    assert export_labels(out, target, role_order=("auditor",)) == 2
    assert read_labels(target)[0]["rating"] == G


# -- command line --------------------------------------------------------------------------------------------------


@pytest.fixture
def cli():
    group = click.Group()
    for command in (sample_command, confirm, export_labels_command):
        group.add_command(command)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, [str(a) for a in args])


def _one_error_line(result, *words):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


def test_cli_moderation_sample(batch, cli):
    out, _ = batch
    result = cli("moderation-sample", out, "--seed", 3)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("drew 8 of 30 plans (27%) from 8 strata; wrote ")
    assert (out / "moderation_sample.csv").is_file()
    low = cli("moderation-sample", out, "--share", 0.1)
    assert low.exit_code == 0 and low.stderr.startswith("warning: a share of 10% is below the 20%")
    _one_error_line(cli("moderation-sample", out, "--share", 1.5), "--share 1.5", "0.2")
    _one_error_line(cli("moderation-sample", out, "--share", 0), "--share 0")
    _one_error_line(cli("moderation-sample", out.parent / "nowhere"), "no such folder")
    empty = out.parent / "empty"
    empty.mkdir()
    _one_error_line(cli("moderation-sample", empty), "no reviewed documents", "ehcp-nlp batch")


def test_cli_confirm_one_plan_and_sheet(batch, cli, tmp_path):
    out, _ = batch
    result = cli("confirm", out, "--plan", _id(4)[:8], "--rating", "ri", "--by", "J. Smith")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"recorded auditor rating Requires Improvement for {_file(4)} (was Good)"
    result = cli("confirm", out, "--plan", _file(4), "--rating", "Good", "--by", "A. Patel", "--role", "Moderator",
                 "--note", "needs are clear")
    assert result.exit_code == 0 and "recorded moderator rating Good" in result.stdout
    assert latest(out, "moderator")[_id(4)].note == "needs are clear"

    sheet = tmp_path / "plans.csv"
    sheet.write_text(f"id,file,Auditor,Auditor rating,Moderator,Moderator rating\n"
                     f"{_id(4)},{_file(4)},J. Smith,RI,A. Patel,Good\n"
                     f"{_id(5)},{_file(5)},J. Smith,Good,,\n"
                     f"{_id(6)},{_file(6)},J. Smith,Goodish,,\n", encoding="utf-8")
    result = cli("confirm", out, "--from", sheet, "--by", "Team")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("recorded 1 auditor and 0 moderator decision; 2 unchanged; 1 row skipped "
                                     "(line 4: unknown rating 'Goodish')")


@pytest.mark.parametrize("args, words", [
    (["--plan", "plans/plan_001.docx", "--rating", "Goodish", "--by", "x"], ["unknown rating 'Goodish'"]),
    (["--plan", "nothing-like-it", "--rating", "Good", "--by", "x"], ["unknown plan 'nothing-like-it'"]),
    (["--plan", "plans/plan_001.docx", "--rating", "Good"], ["--by"]),
    (["--plan", "plans/plan_001.docx", "--by", "x"], ["--rating"]),
    (["--plan", "plans/plan_001.docx", "--rating", "Good", "--by", "x", "--role", "boss"], ["unknown --role"]),
    ([], ["--from", "--plan"]),
    (["--from", "x.csv", "--plan", "y"], ["not both"]),
    (["--from", "x.csv", "--rating", "Good"], ["--rating go with --plan"]),
    (["--from", "missing.xlsx"], ["missing.xlsx", "not found"]),
])
def test_cli_confirm_errors_are_one_line(batch, cli, args, words):
    out, _ = batch
    _one_error_line(cli("confirm", out, *args), *words)
    assert decisions(out) == []


def test_cli_confirm_reports_a_damaged_sheet_and_database(batch, cli, tmp_path):
    out, _ = batch
    damaged = tmp_path / "plans.xlsx"
    damaged.write_bytes(b"this is not a zip file")
    _one_error_line(cli("confirm", out, "--from", damaged), "could not be read as a spreadsheet")
    (out / "audit.db").write_bytes(b"not sqlite either, but long enough to have a header" * 40)
    _one_error_line(cli("confirm", out, "--plan", _file(1), "--rating", "Good", "--by", "x"), "audit.db")


def test_cli_export_labels(batch, cli, tmp_path):
    out, _ = batch
    target = tmp_path / "labels.csv"
    _one_error_line(cli("export-labels", out, "-o", target), "no confirmed ratings yet", "ehcp-nlp confirm")
    assert not target.exists()
    record_decision(out, _file(3), "auditor", "Good", by="J. Smith")
    result = cli("export-labels", out, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote 1 label (0 moderated, 1 audited only) to {target}"
    assert read_labels(target)[0]["file"] == _file(3)


def test_cli_help_has_an_example():
    for command in (sample_command, confirm, export_labels_command):
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0 and "Example: ehcp-nlp " in result.output
