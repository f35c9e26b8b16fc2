"""The audit trail can be trusted: append-only against REPLACE and upserts, a hash chain that ``audit-verify``
checks, a head record that stops ``confirm`` writing to an emptied or truncated database, durable writes, and
formula cells in an imported sheet listed rather than dropped or evaluated."""
import errno
import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone

import click
import pytest
from click.testing import CliRunner

from ehcp_nlp.batch import audit
from ehcp_nlp.batch.audit import decisions, import_sheet, record_decision, row_hash, verify
from ehcp_nlp.cli_audit import audit_verify, confirm
from ehcp_nlp.errors import EhcpNlpError
from ehcp_nlp.model import RATINGS
from tests.batch.test_audit import _file, _filled_sheet, _id, _make_batch, _one_error_line

O, G, RI, I = RATINGS
COLUMNS = "id, plan_id, file, role, rating, previous_rating, decided_by, decided_at, note, source, prev_hash, hash"


@pytest.fixture
def batch(tmp_path):
    out = tmp_path / "out"
    return out, _make_batch(out)


@pytest.fixture
def trail(batch):
    """A batch with three decisions recorded, on three successive days."""
    out, _ = batch
    for n, (rating, day) in enumerate([(G, 2), (RI, 3), (I, 4)], start=1):
        record_decision(out, _file(n), "auditor", rating, by="J. Smith", when=f"2026-03-0{day}T10:00:00")
    return out


@pytest.fixture
def cli():
    group = click.Group()
    for command in (confirm, audit_verify):
        group.add_command(command)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, [str(a) for a in args])


def _sql(out, *statements):
    """Change audit.db as someone with the file and the sqlite3 shell could (recursive triggers off, the default)."""
    db = sqlite3.connect(out / "audit.db", isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def _rows(out):
    db = sqlite3.connect(out / "audit.db")
    try:
        return db.execute(f"SELECT {COLUMNS} FROM decisions ORDER BY id").fetchall()
    finally:
        db.close()


def _problems(out):
    result = verify(out)
    assert all("\n" not in p for p in result.problems)
    return result.problems


def _verified(out, count):
    result = verify(out)
    assert result.ok, result.problems
    assert result.decisions == count
    return result


DROP_UPDATE = "DROP TRIGGER decisions_are_kept_update"
DROP_DELETE = "DROP TRIGGER decisions_are_kept_delete"


def _restore(name):
    return audit._TRIGGERS[name]


# -- append-only -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("statement", [
    "INSERT OR REPLACE INTO decisions (id, plan_id, file, role, rating, decided_at) "
    "VALUES (2, 'x', 'x.docx', 'auditor', 'Outstanding', '2026-03-03T10:00:00+00:00')",
    "REPLACE INTO decisions (id, plan_id, file, role, rating, decided_at) "
    "VALUES (2, 'x', 'x.docx', 'auditor', 'Outstanding', '2026-03-03T10:00:00+00:00')",
    "INSERT INTO decisions (id, plan_id, file, role, rating, decided_at) "
    "VALUES (2, 'x', 'x.docx', 'auditor', 'Outstanding', '2026-03-03T10:00:00+00:00') "
    "ON CONFLICT (id) DO UPDATE SET rating = excluded.rating",
    "INSERT INTO decisions (id, plan_id, file, role, rating, decided_at) "
    "VALUES (2, 'x', 'x.docx', 'auditor', 'Outstanding', '2026-03-03T10:00:00+00:00') ON CONFLICT DO NOTHING",
    "UPDATE OR REPLACE decisions SET id = 3 WHERE id = 2",
    "UPDATE decisions SET rating = 'Outstanding'",
    "DELETE FROM decisions WHERE id = 2",
    "INSERT OR REPLACE INTO audit_info (key, value) VALUES ('chain_added_at', '2020-01-01')",
])
def test_decisions_cannot_be_replaced_upserted_updated_or_deleted(trail, statement):
    before = _rows(trail)
    _sql(trail, "INSERT INTO audit_info (key, value) VALUES ('chain_added_at', '2026-03-01')")  # something to replace
    with pytest.raises(sqlite3.DatabaseError, match="never"):
        _sql(trail, statement)
    assert _rows(trail) == before
    assert [d.rating for d in decisions(trail)] == [G, RI, I]


def test_a_new_row_with_a_new_id_is_still_allowed_and_verify_sees_it(trail):
    """Appending is what the table is for; a row added outside ehcp-nlp has no hash and is reported."""
    _sql(trail, "INSERT INTO decisions (plan_id, file, role, rating, decided_at) "
                "VALUES ('x', 'x.docx', 'auditor', 'Good', '2026-03-05T10:00:00+00:00')")
    assert [d.id for d in decisions(trail)] == [1, 2, 3, 4]
    assert _problems(trail) == ["decision 4 has no hash: it was added outside ehcp-nlp; restore audit.db from a "
                                "backup"]


# -- the chain -------------------------------------------------------------------------------------------------------


def test_each_decision_carries_the_hash_of_the_one_before(trail, cli):
    rows = _rows(trail)
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[0][-2] == audit.GENESIS
    for before, row in zip(rows, rows[1:]):
        assert row[-2] == before[-1]
    for row in rows:
        assert row[-1] == row_hash(audit.Decision(*row[:10]), row[-2]) and len(row[-1]) == 64
    changed = audit.Decision(*rows[1][:10])
    assert row_hash(changed, rows[1][-2]) != row_hash(audit.Decision(*{**changed.to_dict(), "rating": G}.values()),
                                                       rows[1][-2])

    head = json.loads((trail / "audit.db.head.json").read_text(encoding="utf-8"))
    assert (head["decisions"], head["last_id"], head["last_hash"]) == (3, 3, rows[-1][-1])
    result = cli("audit-verify", trail)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["audit trail verified: 3 decisions",
                                          f"last hash: {rows[-1][-1]} (keep a note of it elsewhere to detect a "
                                          "rewritten trail later)"]
    assert result.stderr == ""


def test_verify_detects_an_edited_decision(trail, cli):
    _sql(trail, DROP_UPDATE, "UPDATE decisions SET rating = 'Good' WHERE id = 2", _restore("decisions_are_kept_update"))
    assert _problems(trail) == ["decision 2 was changed after it was recorded: its contents no longer match its "
                                "hash; restore audit.db from a backup"]
    result = cli("audit-verify", trail)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["problem: decision 2 was changed after it was recorded: its contents no "
                                          "longer match its hash; restore audit.db from a backup"]
    assert "Traceback" not in result.output


def test_verify_detects_an_edit_rehashed_to_hide_it(trail):
    rows = _rows(trail)
    edited = audit.Decision(*{**audit.Decision(*rows[1][:10]).to_dict(), "rating": G}.values())
    _sql(trail, DROP_UPDATE, f"UPDATE decisions SET rating = 'Good', hash = '{row_hash(edited, rows[1][-2])}' "
                             "WHERE id = 2", _restore("decisions_are_kept_update"))
    assert _problems(trail) == ["decision 3 does not follow on from the one before it (decision 2 was changed and "
                                "rehashed, or one was deleted); restore audit.db from a backup"]


def test_verify_detects_a_rewritten_end_through_the_head(trail):
    """Rehashing every decision from the edit on keeps the chain whole, but not the head record."""
    rows = _rows(trail)
    previous = rows[1][-2]
    statements = [DROP_UPDATE]
    for row in rows[1:]:
        decision = audit.Decision(*{**audit.Decision(*row[:10]).to_dict(), "note": "rewritten"}.values())
        digest = row_hash(decision, previous)
        statements.append(f"UPDATE decisions SET note = 'rewritten', prev_hash = '{previous}', hash = '{digest}' "
                          f"WHERE id = {row[0]}")
        previous = digest
    _sql(trail, *statements, _restore("decisions_are_kept_update"))
    assert _problems(trail) == ["decision 3 does not match the hash audit.db.head.json records for it: the audit "
                                "trail was rewritten; restore audit.db from a backup"]


def test_verify_detects_a_deleted_decision(trail, cli):
    _sql(trail, DROP_DELETE, "DELETE FROM decisions WHERE id = 2", _restore("decisions_are_kept_delete"))
    assert _problems(trail) == ["decision 2 is missing: deleted from the audit trail; restore audit.db from a backup",
                                f"{trail / 'audit.db'}: holds 2 decisions, but audit.db.head.json records 3: the "
                                "audit trail was emptied or truncated; restore audit.db from a backup"]
    result = cli("audit-verify", trail)
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 2


def test_verify_detects_the_last_decision_deleted(trail):
    _sql(trail, DROP_DELETE, "DELETE FROM decisions WHERE id = 3", _restore("decisions_are_kept_delete"))
    assert _problems(trail) == [f"{trail / 'audit.db'}: holds 2 decisions, but audit.db.head.json records 3: the "
                                "audit trail was emptied or truncated; restore audit.db from a backup"]


@pytest.mark.parametrize("name", list(audit._TRIGGERS))
def test_verify_detects_a_dropped_trigger(trail, cli, name):
    _sql(trail, f"DROP TRIGGER {name}")
    problems = _problems(trail)
    assert problems == [f"trigger {name} was dropped: {audit._GUARDS[name]} are no longer refused; restore audit.db "
                        "from a backup"]
    result = cli("audit-verify", trail)
    assert result.exit_code == 1 and result.stdout.strip() == f"problem: {problems[0]}"


def test_verify_detects_an_altered_trigger(trail):
    _sql(trail, "DROP TRIGGER decisions_are_kept_replace",
         "CREATE TRIGGER decisions_are_kept_replace BEFORE INSERT ON decisions WHEN 0 BEGIN SELECT 1; END")
    assert _problems(trail) == ["trigger decisions_are_kept_replace was altered: replacements of decisions "
                                "(INSERT OR REPLACE, upserts) may no longer be refused; restore audit.db from a backup"]


def test_verify_detects_a_back_dated_decision(trail, cli):
    """Appended as someone who knows the chain would: hashed correctly, but dated before its predecessor."""
    last = _rows(trail)[-1]
    forged = audit.Decision(4, _id(1), _file(1), "auditor", O, G, "J. Smith", "2026-03-01T09:00:00+00:00", "", "cli")
    values = ", ".join("NULL" if v is None else repr(v) for v in (*audit._values(forged), last[-1],
                                                                  row_hash(forged, last[-1])))
    _sql(trail, f"INSERT INTO decisions ({COLUMNS}) VALUES ({values})")
    result = verify(trail)
    assert result.problems == ["decision 4 is dated 2026-03-01T09:00:00+00:00, before decision 3 "
                               "(2026-03-04T10:00:00+00:00): it was back-dated; restore audit.db from a backup"]
    assert result.notes == ["1 decision recorded after audit.db.head.json was last written (an interrupted "
                            "'confirm', or added outside ehcp-nlp); the next 'ehcp-nlp confirm' brings it up to date"]
    shown = cli("audit-verify", trail)
    assert shown.exit_code == 1 and shown.stderr.startswith("note: 1 decision recorded after")


def test_decisions_are_stamped_in_order(trail):
    with pytest.raises(EhcpNlpError, match="cannot be dated 2026-03-03T00:00:00.*before the last one recorded"):
        record_decision(trail, _file(4), "auditor", G, by="x", when="2026-03-03")
    ahead = datetime.now(timezone.utc) + timedelta(hours=1)                 # another computer's clock is ahead
    record_decision(trail, _file(4), "auditor", G, by="x", when=ahead)
    behind = record_decision(trail, _file(5), "auditor", G, by="y")          # this one's is behind it
    assert behind.decided_at == ahead.isoformat(timespec="seconds")
    _verified(trail, 5)


# -- emptied, truncated or deleted -------------------------------------------------------------------------------------


def test_confirm_refuses_an_emptied_database(trail, cli):
    (trail / "audit.db").write_bytes(b"")                                  # truncate -s 0 audit.db
    result = cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x")
    _one_error_line(result, "audit.db", "emptied or truncated", "it is empty", "records 3",
                    "restore audit.db from a backup")
    assert (trail / "audit.db").stat().st_size == 0                        # no new history started in it
    sheet = trail / "returned.csv"
    sheet.write_text(f"id,file,Auditor rating\n{_id(7)},{_file(7)},Good\n", encoding="utf-8")
    _one_error_line(cli("confirm", trail, "--from", sheet), "emptied or truncated")
    assert decisions(trail) == []                                          # reading does not write either
    assert (trail / "audit.db").stat().st_size == 0
    assert _problems(trail) == [f"{trail / 'audit.db'}: is empty, but audit.db.head.json records 3: the audit trail "
                                "was emptied or truncated; restore audit.db from a backup"]


def test_confirm_refuses_a_truncated_or_deleted_database(trail, cli, tmp_path):
    backup = tmp_path / "early.db"
    backup.write_bytes((trail / "audit.db").read_bytes())
    record_decision(trail, _file(4), "auditor", G, by="x")
    (trail / "audit.db").write_bytes(backup.read_bytes())                  # an older copy put back: 3 of 4
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "emptied or truncated", "holds 3 decisions", "records 4")
    assert len(decisions(trail)) == 3
    assert any("holds 3 decisions, but audit.db.head.json records 4" in p for p in _problems(trail))

    (trail / "audit.db").unlink()
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "is missing", "records 4 decisions", "restore audit.db from a backup")
    assert not (trail / "audit.db").exists()
    result = cli("audit-verify", trail)
    assert result.exit_code == 1 and "is missing, but audit.db.head.json records 4 decisions" in result.stdout


def test_a_missing_or_damaged_head_is_reported(trail, cli):
    head = trail / "audit.db.head.json"
    head.unlink()
    assert _problems(trail) == [f"{head}: is missing, so a truncated audit trail cannot be detected; restore it from "
                                "the backup of audit.db (the next 'ehcp-nlp confirm' writes a new one)"]
    record_decision(trail, _file(4), "auditor", G, by="x")                 # writes a new one
    _verified(trail, 4)
    head.write_text("{not json", encoding="utf-8")
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "audit.db.head.json", "is damaged")
    assert _problems(trail) == [f"{head}: is damaged; restore it from the backup of audit.db, or delete it if "
                                "'ehcp-nlp audit-verify' finds no other problem"]


# -- audit-verify on things that are not an audit trail ----------------------------------------------------------------


def test_audit_verify_on_a_damaged_or_missing_database_is_one_error_line(batch, cli, tmp_path):
    out, _ = batch
    _one_error_line(cli("audit-verify", out), "audit.db", "not found", "ehcp-nlp confirm")
    (out / "audit.db").write_bytes(b"not sqlite either, but long enough to have a header" * 40)
    _one_error_line(cli("audit-verify", out), str(out / "audit.db"), "not a readable audit database",
                    "restore audit.db from a backup")
    (out / "audit.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)   # a damaged header
    _one_error_line(cli("audit-verify", out), str(out / "audit.db"), "restore audit.db from a backup")
    _one_error_line(cli("audit-verify", tmp_path / "nowhere"), "no such folder")
    (out / "audit.db").write_bytes(b"")                                    # empty, and nothing ever recorded
    result = cli("audit-verify", out)
    assert result.exit_code == 0 and result.stdout == "audit trail verified: 0 decisions\n"


def test_an_empty_database_left_by_an_older_version_is_used(batch):
    out, _ = batch
    (out / "audit.db").write_bytes(b"")                                    # a failed first 'confirm', no head
    record_decision(out, _file(1), "auditor", G, by="x")
    _verified(out, 1)


# -- upgrading a database from before the chain ------------------------------------------------------------------------


SCHEMA_1 = (  # as ehcp-nlp 0.1.0 created it
    """CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL,
    file            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('auditor', 'moderator')),
    rating          TEXT NOT NULL CHECK (rating IN ('Outstanding', 'Good', 'Requires Improvement', 'Inadequate')),
    previous_rating TEXT,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'cli'
)""",
    "CREATE INDEX decisions_by_plan ON decisions (plan_id, role, id)",
    "CREATE TRIGGER decisions_are_kept_update BEFORE UPDATE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never changed; record a new decision instead'); END",
    "CREATE TRIGGER decisions_are_kept_delete BEFORE DELETE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never deleted; record a new decision instead'); END",
    "PRAGMA user_version = 1",
)


def _schema_1(out, count):
    """audit.db as ehcp-nlp wrote it before the chain (schema 1), with ``count`` decisions."""
    db = sqlite3.connect(out / "audit.db", isolation_level=None)
    for statement in SCHEMA_1:
        db.execute(statement)
    for n in range(count):
        db.execute("INSERT INTO decisions (plan_id, file, role, rating, previous_rating, decided_by, decided_at) "
                   "VALUES (?, ?, 'auditor', 'Good', ?, 'J. Smith', ?)", (_id(n), _file(n), RATINGS[n % 4],
                                                                           f"2026-02-0{n + 1}T09:00:00+00:00"))
    db.close()


def test_a_database_from_before_the_chain_is_read_as_it_is_and_chained_on_the_next_write(batch, cli):
    out, _ = batch
    _schema_1(out, 2)
    before = (out / "audit.db").read_bytes()
    assert [d.id for d in decisions(out)] == [1, 2]
    assert (out / "audit.db").read_bytes() == before                      # reading does not upgrade
    assert _problems(out) == [f"{out / 'audit.db'}: has no hash chain yet (it was written by an older ehcp-nlp), so a "
                              "changed decision cannot be detected; the next 'ehcp-nlp confirm' adds it"]

    record_decision(out, _file(5), "moderator", RI, by="A. Patel")
    db = sqlite3.connect(out / "audit.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == audit.SCHEMA_VERSION
    db.close()
    rows = _rows(out)
    assert [r[0] for r in rows] == [1, 2, 3] and rows[0][-2] == audit.GENESIS and rows[2][-2] == rows[1][-1]
    result = _verified(out, 3)
    assert len(result.notes) == 1 and result.notes[0].startswith("the hash chain was added on ")
    assert "over the 2 decisions recorded before then" in result.notes[0]
    shown = cli("audit-verify", out)
    assert shown.exit_code == 0 and shown.stdout.startswith("audit trail verified: 3 decisions")
    assert shown.stderr.startswith("note: the hash chain was added on")
    with pytest.raises(sqlite3.DatabaseError, match="never"):
        _sql(out, "REPLACE INTO decisions (id, plan_id, file, role, rating, decided_at) "
                  "VALUES (1, 'x', 'x', 'auditor', 'Good', '2026-01-01')")


def test_an_empty_database_from_before_the_chain_needs_no_note(batch):
    out, _ = batch
    _schema_1(out, 0)
    record_decision(out, _file(1), "auditor", G, by="x")
    assert _verified(out, 1).notes == []


# -- durable writes, full disks, unwritable databases ------------------------------------------------------------------


def test_writes_are_synced_before_success_is_reported(batch, monkeypatch):
    out, _ = batch
    modes, synced = [], []
    real_insert, real_fsync = audit.ratings._insert, os.fsync

    def insert(db, *args):
        modes.append(db.execute("PRAGMA synchronous").fetchone()[0])
        return real_insert(db, *args)

    def fsync(fd):
        synced.append(fd)
        return real_fsync(fd)

    monkeypatch.setattr(audit.ratings, "_insert", insert)
    monkeypatch.setattr(os, "fsync", fsync)
    record_decision(out, _file(1), "auditor", G, by="x")
    assert modes == [2]                                                    # PRAGMA synchronous = FULL
    assert len(synced) >= 2                                                # the head file and its folder
    assert not [p for p in out.iterdir() if p.name.startswith(".audit.db")]
    if os.name == "posix":                                                 # shared folders: the umask's, not 0600
        umask = os.umask(0)
        os.umask(umask)
        for name in ("audit.db", "audit.db.head.json"):
            assert (out / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


@pytest.mark.parametrize("failure", [
    sqlite3.OperationalError("database or disk is full"),
    OSError(errno.ENOSPC, "No space left on device"),
])
def test_a_full_disk_never_leaves_an_empty_database(batch, cli, monkeypatch, failure):
    out, _ = batch

    def full(*args, **kwargs):
        raise failure

    target = "_initialise" if isinstance(failure, sqlite3.Error) else "_publish"
    monkeypatch.setattr(audit.database, target, full)
    result = cli("confirm", out, "--plan", _file(1), "--rating", "Good", "--by", "x")
    _one_error_line(result, "audit.db", "nothing was recorded")
    assert "disk is full" in result.stderr or "No space left" in result.stderr
    assert not (out / "audit.db").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".audit.db")]  # no temporary files left either
    monkeypatch.undo()
    assert record_decision(out, _file(1), "auditor", G, by="x").id == 1


def test_a_full_disk_or_a_read_only_database_changes_nothing(trail, cli, monkeypatch):
    before = (trail / "audit.db").read_bytes(), (trail / "audit.db.head.json").read_bytes()

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    def read_only(path):
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)

    monkeypatch.setattr(audit.ratings, "_insert", full)
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "the disk is full", "nothing was recorded")
    monkeypatch.undo()
    monkeypatch.setattr(audit.database, "_open", read_only)
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "audit.db", "cannot be written", "nothing was recorded")
    assert ((trail / "audit.db").read_bytes(), (trail / "audit.db.head.json").read_bytes()) == before
    monkeypatch.undo()
    _verified(trail, 3)


def test_a_head_that_cannot_be_written_is_reported(trail, cli, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit.head, "_write_synced", full)
    _one_error_line(cli("confirm", trail, "--plan", _file(7), "--rating", "Good", "--by", "x"),
                    "audit.db.head.json", "could not be written", "the decisions were recorded")
    monkeypatch.undo()
    result = verify(trail)
    assert result.ok and result.decisions == 4 and result.notes[0].startswith("1 decision recorded after")
    record_decision(trail, _file(8), "auditor", G, by="x")                 # brings the head up to date
    assert _verified(trail, 5).notes == []


# -- formula cells in an imported sheet --------------------------------------------------------------------------------


def test_formula_cells_are_listed_as_skipped_not_dropped_or_evaluated(batch, cli):
    out, records = batch
    lines = {r.file: n for n, r in enumerate(records, start=2)}
    path, _ = _filled_sheet(out, records, {
        lines[_file(0)]: {"Auditor rating": "Good"},
        lines[_file(1)]: {"Auditor rating": '="Out"&"standing"'},              # read as empty by pandas
        lines[_file(2)]: {"Auditor rating": "RI", "Auditor notes": '=HYPERLINK("http://x","see")'},
        lines[_file(3)]: {"Auditor rating": "Inadequate", "Moderator rating": "=B4"},
        lines[_file(4)]: {"id": "=A5", "Auditor rating": "Good"},
    })
    result = import_sheet(out, path, by="Team")
    assert [(d.plan_id, d.role, d.rating) for d in result.added] == [(_id(0), "auditor", G), (_id(3), "auditor", I)]
    assert [str(s) for s in result.skipped] == [
        f"line {lines[_file(1)]}: the Auditor rating cell holds a formula; type the rating instead",
        f"line {lines[_file(2)]}: the Auditor notes cell holds a formula; type the notes instead",
        f"line {lines[_file(3)]}: the Moderator rating cell holds a formula; type the rating instead",
        f"line {lines[_file(4)]}: the id cell holds a formula; use the plans.xlsx that 'ehcp-nlp batch' wrote",
    ]
    shown = cli("confirm", out, "--from", path)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("recorded 0 auditor and 0 moderator decisions; 2 unchanged; 4 rows skipped "
                                   f"(line {lines[_file(1)]}: the Auditor rating cell holds a formula; type the "
                                   "rating instead")
    assert f"skipped: line {lines[_file(4)]}: the id cell holds a formula" in shown.stderr
    _verified(out, 2)


def test_a_formula_on_a_row_the_sheet_reader_drops_is_still_listed(batch):
    """A last row holding nothing but a formula is trimmed by pandas as empty; it is reported all the same."""
    from openpyxl import load_workbook

    out, records = batch
    path, _ = _filled_sheet(out, records, {})
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    last = sheet.max_row + 1
    sheet.cell(row=last, column=header.index("Auditor rating") + 1, value='="Good"')
    book.save(path)
    result = import_sheet(out, path)
    assert [str(s) for s in result.skipped] == [f"line {last}: the Auditor rating cell holds a formula; type the "
                                                "rating instead"]
    assert result.added == []


def test_audit_verify_help_has_an_example():
    result = CliRunner().invoke(audit_verify, ["--help"])
    assert result.exit_code == 0 and "Example: ehcp-nlp audit-verify " in result.output
