"""The audit page's extras: the Word audit form, saved comments, and issues the tool missed."""
import io
import json
import sqlite3

import pytest

from ehcp_nlp.batch import audit
from tests.web.conftest import PLANS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(client, name="secondary_classic.docx"):
    plans = client.get("/api/plans").json()["plans"]
    return next(p for p in plans if p["file"].endswith(name))


def _section_passage(client, plan_id):
    plan = client.get(f"/api/plans/{plan_id}").json()
    key, value = next((k, v) for k, v in plan["sections"].items() if len((v or {}).get("text") or "") > 40)
    text = value["text"]
    return key, 10, 40, text[10:40]


def test_the_word_audit_form_is_downloaded_from_the_original_file(client, app, reviewed_batch):
    app.state.web.source_dir = reviewed_batch.parent / "plans"
    plan = _plan(client)
    response = client.get(f"/plans/{plan['id']}/audit-form.docx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert response.headers["content-disposition"] == 'attachment; filename="secondary_classic-audit-form.docx"'
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert text.strip()
    page = client.get(f"/plans/{plan['id']}").text
    assert f'href="/plans/{plan["id"]}/audit-form.docx"' in page


def test_the_audit_form_is_a_json_404_when_the_file_is_gone(client):
    plan = _plan(client)  # no source folder known, and not an upload kept in the output folder
    response = client.get(f"/plans/{plan['id']}/audit-form.docx")
    assert response.status_code == 404
    assert "no longer there" in response.json()["error"]
    assert client.get("/plans/ffffffffffffffff/audit-form.docx").status_code == 404


def test_edited_comments_are_saved_append_only_and_the_latest_shown(client, outdir):
    plan = _plan(client)
    url = f"/api/plans/{plan['id']}/comments"
    assert client.post(url, json={"text": "First draft.", "by": "J. Smith"}).status_code == 201
    assert client.post(url, json={"text": "Second <b>draft</b>.", "by": "A. Jones"}).status_code == 201
    saved = client.get(f"/api/plans/{plan['id']}").json()["saved_comments"]
    assert saved["text"] == "Second <b>draft</b>." and saved["decided_by"] == "A. Jones"
    page = client.get(f"/plans/{plan['id']}").text
    assert "Second &lt;b&gt;draft&lt;/b&gt;." in page and "Save the comments" in page
    assert len(audit.auditor_notes(outdir, plan["id"])) == 2
    db = sqlite3.connect(audit.db_path(outdir))
    for statement in ("UPDATE auditor_notes SET text = 'x'", "DELETE FROM auditor_notes",
                      "INSERT OR REPLACE INTO auditor_notes (id, plan_id, file, kind, text, decided_at, prev_hash, hash)"
                      " VALUES (1, 'a', 'b', 'comments', 'c', 'd', 'e', 'f')"):
        with pytest.raises(sqlite3.DatabaseError):
            db.execute(statement)
    db.close()
    assert audit.verify(outdir).ok


@pytest.mark.parametrize("body, words", [({"text": "x"}, "by"), ({"by": "J. Smith", "text": "  "}, "text")])
def test_bad_comments_are_refused(client, body, words):
    response = client.post(f"/api/plans/{_plan(client)['id']}/comments", json=body)
    assert response.status_code == 400 and words in response.json()["error"]


def test_comments_need_the_csrf_token(client):
    del client.headers["X-CSRF-Token"]
    response = client.post(f"/api/plans/{_plan(client)['id']}/comments", json={"text": "x", "by": "J"})
    assert response.status_code == 403


def test_an_issue_the_tool_missed_is_recorded_listed_and_counted(client, outdir):
    plan = _plan(client)
    section, start, end, text = _section_passage(client, plan["id"])
    response = client.post(f"/api/plans/{plan['id']}/issues",
                           json={"section": section, "start": start, "end": end, "text": text,
                                 "note": "outcome not specific", "by": "J. Smith"})
    assert response.status_code == 201, response.text
    issue = response.json()["issue"]
    assert (issue["section"], issue["span_start"], issue["span_end"]) == (section, start, end)
    assert client.get(f"/api/plans/{plan['id']}").json()["added_issues"][0]["note"] == "outcome not specific"
    page = client.get(f"/plans/{plan['id']}").text
    assert "Issues added by the auditor (1)" in page and "outcome not specific" in page
    assert "Add an issue the tool missed" in page and "data-section-text=" in page
    precision = client.get("/precision").text
    assert "Issues the tool missed" in precision and f"<th scope=\"row\">{section}</th><td class=\"num\">1</td>" in precision
    assert audit.verify(outdir).ok


@pytest.mark.parametrize("change, words", [
    ({"text": "not what the section says"}, "not the text of section"),
    ({"section": "Z"}, "no section"),
    ({"start": 5, "end": 2}, "start before end"),
    ({"start": "1"}, "whole numbers"),
    ({"note": ""}, "note"),
    ({"by": ""}, "by"),
])
def test_bad_issues_are_refused(client, outdir, change, words):
    plan = _plan(client)
    section, start, end, text = _section_passage(client, plan["id"])
    body = {"section": section, "start": start, "end": end, "text": text, "note": "missed", "by": "J. Smith"}
    response = client.post(f"/api/plans/{plan['id']}/issues", json=body | change)
    assert response.status_code == 400 and words in response.json()["error"]
    assert audit.auditor_notes(outdir) == []


def test_verify_notices_an_edited_note(client, outdir):
    plan = _plan(client)
    client.post(f"/api/plans/{plan['id']}/comments", json={"text": "Saved.", "by": "J. Smith"})
    db = sqlite3.connect(audit.db_path(outdir))
    db.execute("DROP TRIGGER auditor_notes_are_kept_update")
    db.execute("UPDATE auditor_notes SET text = 'Changed.'")
    db.commit()
    db.close()
    problems = " ".join(audit.verify(outdir).problems)
    assert "auditor_notes_are_kept_update was dropped" in problems and "auditor note 1 was changed" in problems


def test_the_head_counts_auditor_notes(client, outdir):
    """Notes removed from the end of the table (triggers dropped first) are caught by the head record, and no
    further note is written over the gap."""
    plan = _plan(client)
    for text in ("First.", "Second."):
        assert client.post(f"/api/plans/{plan['id']}/comments", json={"text": text, "by": "J. Smith"}).status_code == 201
    head = json.loads(audit.head_path(outdir).read_text(encoding="utf-8"))
    assert head["auditor_notes"] == 2 and head["note_last_id"] == 2
    db = sqlite3.connect(audit.db_path(outdir))
    db.execute("DROP TRIGGER auditor_notes_are_kept_delete")
    db.execute("DELETE FROM auditor_notes WHERE id = 2")
    db.commit()
    db.close()
    problems = " ".join(audit.verify(outdir).problems)
    assert "holds 1 auditor note, but audit.db.head.json records 2" in problems
    response = client.post(f"/api/plans/{plan['id']}/comments", json={"text": "Third.", "by": "J. Smith"})
    assert response.status_code == 409 and "auditor notes were emptied or truncated" in response.json()["error"]


def test_verify_notices_a_back_dated_note(client, outdir):
    """The notes are checked by the same chain checker as the flag decisions, dates included."""
    plan = _plan(client)
    for text in ("First.", "Second."):
        client.post(f"/api/plans/{plan['id']}/comments", json={"text": text, "by": "J. Smith"})
    db = sqlite3.connect(audit.db_path(outdir))
    db.execute("DROP TRIGGER auditor_notes_are_kept_update")
    db.execute("UPDATE auditor_notes SET decided_at = '2001-01-01T00:00:00+00:00' WHERE id = 2")
    db.commit()
    db.close()
    problems = " ".join(audit.verify(outdir).problems)
    assert "auditor note 2 is dated 2001-01-01T00:00:00+00:00, before auditor note 1: it was back-dated" in problems
