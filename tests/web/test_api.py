"""The auditor's workspace's JSON API, through Starlette's TestClient."""
import csv
import sqlite3
import time

import pytest

from ehcp_nlp.batch import audit
from ehcp_nlp.batch.labels import export_labels
from tests.web.conftest import BASE, PLANS


def _plans(client, **params):
    response = client.get("/api/plans", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _a_flagged_plan(client):
    return next(p for p in _plans(client)["plans"] if p["status"] == "ok" and p["flags"] >= 2)


def _wait_for_uploads(client, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get("/api/files/status").json()
        if not status["running"]:
            return status
        time.sleep(0.1)
    raise AssertionError("the uploads were not reviewed in time")


def test_plans_are_listed_lowest_probability_first_with_their_fields(client):
    data = _plans(client)
    assert data["count"] == data["total"] == 3
    rows = data["plans"]
    probabilities = [r["probability"] for r in rows if r["probability"] is not None]
    assert probabilities == sorted(probabilities) and rows[-1]["probability"] is None  # the broken file last
    for row in rows:
        assert {"id", "file", "kind", "suggested_rating", "probability", "closer_look", "audit_status"} <= set(row)
        assert row["audit_status"] == "not audited" and isinstance(row["closer_look"], bool)
    secondary = next(r for r in rows if r["file"] == "secondary_classic.docx")
    assert secondary["key_stage"] == "KS4" and secondary["audit_month"] == "2026-03"
    broken = next(r for r in rows if r["file"] == "broken.pdf")
    assert broken["status"] == "failed" and "not a PDF" in broken["error"]


def test_plans_filter_on_any_field(client):
    assert [r["file"] for r in _plans(client, key_stage="ks2")["plans"]] == ["nonverbal_lettered.docx"]
    assert [r["file"] for r in _plans(client, status="failed")["plans"]] == ["broken.pdf"]
    both = _plans(client, key_stage=["KS2", "KS4"])
    assert both["count"] == 2 and both["total"] == 3
    assert _plans(client, audit_status="audited")["count"] == 0
    assert _plans(client, q="secondary")["count"] == 1
    assert _plans(client, min_probability="0")["count"] == 2  # a failed file has no probability
    closer = _plans(client, closer_look="true")["count"] + _plans(client, closer_look="false")["count"]
    assert closer == 3
    bad = client.get("/api/plans", params={"colour": "red"})
    assert bad.status_code == 400 and "unknown filter" in bad.json()["error"]
    assert client.get("/api/plans", params={"max_probability": "lots"}).status_code == 400


def test_one_plan_has_its_review_and_numbered_flags(client):
    plan = _a_flagged_plan(client)
    data = client.get(f"/api/plans/{plan['id']}").json()
    assert data["id"] == plan["id"] and data["file"] == plan["file"]
    assert data["sections"] and data["rating"]["suggested"] == plan["suggested_rating"] and data["comments"]
    assert [f["index"] for f in data["flags"]] == list(range(plan["flags"]))
    assert all(f["code"] and f["decision"] is None for f in data["flags"])
    assert data["decisions"] == [] and data["flag_decisions"] == []
    assert client.get(f"/api/plans/{plan['id'][:8]}").json()["id"] == plan["id"]  # a unique prefix will do
    missing = client.get("/api/plans/0123456789abcdef")
    assert missing.status_code == 404 and "unknown plan" in missing.json()["error"]


def test_a_rating_decision_is_stored_and_shown(client, outdir):
    plan = _a_flagged_plan(client)
    response = client.post(f"/api/plans/{plan['id']}/rating",
                           json={"rating": "ri", "by": "J. Smith", "role": "auditor", "note": "outcomes vague"})
    assert response.status_code == 201, response.text
    decision = response.json()["decision"]
    assert decision["rating"] == "Requires Improvement" and decision["decided_by"] == "J. Smith"
    assert decision["source"] == "web" and decision["previous_rating"] == plan["suggested_rating"]
    assert response.json()["plan"]["audit_status"] == "audited"
    moderated = client.post(f"/api/plans/{plan['id']}/rating", json={"rating": "Good", "by": "M. Lee",
                                                                     "role": "moderator"})
    assert moderated.status_code == 201
    data = client.get(f"/api/plans/{plan['id']}").json()
    assert [(d["role"], d["rating"]) for d in data["decisions"]] == [("auditor", "Requires Improvement"),
                                                                    ("moderator", "Good")]
    assert _plans(client, audit_status="moderated")["plans"][0]["id"] == plan["id"]
    assert [d.rating for d in audit.decisions(outdir)] == ["Requires Improvement", "Good"]
    moderation = client.get("/api/moderation").json()
    assert moderation["agreement"]["audited"] == 1 and moderation["agreement"]["moderated"] == 1
    assert moderation["sample"] and {"auditor", "moderator", "suggested_rating"} <= set(moderation["sample"][0])


@pytest.mark.parametrize("body, status, words", [
    ({"rating": "Superb", "by": "J. Smith"}, 400, "unknown rating"),
    ({"rating": "Good"}, 400, "give your name"),
    ({"rating": "Good", "by": "J. Smith", "role": "boss"}, 400, "unknown role"),
    ([1, 2], 400, "not a JSON object"),
])
def test_bad_rating_requests_are_refused_with_a_json_error(client, body, status, words):
    plan = _a_flagged_plan(client)
    response = client.post(f"/api/plans/{plan['id']}/rating", json=body)
    assert response.status_code == status and words in response.json()["error"]


def test_flag_decisions_are_stored_shown_counted_and_exported(client, outdir, tmp_path):
    plan = _a_flagged_plan(client)
    data = client.get(f"/api/plans/{plan['id']}").json()
    first, second = data["flags"][0], data["flags"][1]
    confirm = client.post(f"/api/plans/{plan['id']}/flags/0", json={"verdict": "confirm", "by": "J. Smith"})
    assert confirm.status_code == 201, confirm.text
    dismiss = client.post(f"/api/plans/{plan['id']}/flags/1",
                          json={"verdict": "dismiss", "by": "J. Smith", "reason": "template text",
                                "note": "=HYPERLINK(\"x\")"})
    assert dismiss.status_code == 201
    assert dismiss.json()["flag_decision"]["code"] == second["code"]
    data = client.get(f"/api/plans/{plan['id']}").json()
    assert data["flags"][0]["decision"]["verdict"] == "confirm"
    assert data["flags"][1]["decision"]["reason"] == "template text"
    assert [d["flag_index"] for d in data["flag_decisions"]] == [0, 1]

    checks = {row["code"]: row for row in client.get("/api/precision").json()["checks"]}
    if first["code"] == second["code"]:
        row = checks[first["code"]]
        assert (row["confirmed"], row["dismissed"], row["precision"]) == (1, 1, 0.5)
    else:
        assert checks[first["code"]]["precision"] == 1.0 and checks[second["code"]]["precision"] == 0.0
    assert checks[second["code"]]["reasons"] == [{"reason": "template text", "count": 1}]
    assert all(row["precision"] is None for code, row in checks.items() if code not in (first["code"],
                                                                                        second["code"]))

    result = audit.verify(outdir)
    assert result.ok, result.problems
    assert result.flag_decisions == 2
    export_labels(outdir, tmp_path / "labels.csv")
    rows = list(csv.DictReader((tmp_path / "flag_decisions.csv").open(encoding="utf-8")))
    assert [(r["flag_index"], r["verdict"], r["reason"]) for r in rows] == [("0", "confirm", ""),
                                                                          ("1", "dismiss", "template text")]
    assert rows[1]["note"].startswith("'=") and rows[0]["file"] == plan["file"]


@pytest.mark.parametrize("path, body, status, words", [
    ("flags/0", {"verdict": "maybe", "by": "J. Smith"}, 400, "unknown verdict"),
    ("flags/0", {"verdict": "dismiss", "by": "J. Smith"}, 400, "unknown reason"),
    ("flags/0", {"verdict": "dismiss", "by": "J. Smith", "reason": "boring"}, 400, "unknown reason"),
    ("flags/0", {"verdict": "confirm"}, 400, "give your name"),
    ("flags/999", {"verdict": "confirm", "by": "J. Smith"}, 404, "has no flag 999"),
])
def test_bad_flag_decisions_are_refused(client, path, body, status, words):
    plan = _a_flagged_plan(client)
    response = client.post(f"/api/plans/{plan['id']}/{path}", json=body)
    assert response.status_code == status and words in response.json()["error"]


def test_flag_decisions_are_append_only_and_chained(client, outdir):
    plan = _a_flagged_plan(client)
    for verdict in ("confirm", "dismiss"):
        client.post(f"/api/plans/{plan['id']}/flags/0", json={"verdict": verdict, "by": "A", "reason": "wrong"})
    db = sqlite3.connect(outdir / "audit.db")
    for statement in ("UPDATE flag_decisions SET verdict = 'confirm'", "DELETE FROM flag_decisions",
                      "INSERT OR REPLACE INTO flag_decisions SELECT * FROM flag_decisions WHERE id = 1"):
        with pytest.raises(sqlite3.DatabaseError, match="never"):
            db.execute(statement)
    db.close()
    assert audit.verify(outdir).ok
    assert list(audit.latest_flags(outdir).values())[0].verdict == "dismiss"
    db = sqlite3.connect(outdir / "audit.db")  # tampering outside ehcp-nlp is found
    db.execute("DROP TRIGGER flag_decisions_are_kept_update")
    db.execute("UPDATE flag_decisions SET verdict = 'confirm', reason = '' WHERE id = 2")
    db.commit()
    db.close()
    problems = audit.verify(outdir).problems
    assert any("flag_decisions_are_kept_update was dropped" in p for p in problems)
    assert any("flag decision 2 was changed" in p for p in problems)


def test_upload_a_plan_and_a_bad_file(client):
    files = [("files", ("primary_lettered.docx", (PLANS / "primary_lettered.docx").read_bytes(),
                        "application/octet-stream")),
             ("files", ("../../broken.pdf", b"not a pdf either", "application/pdf")),
             ("files", ("virus.exe", b"MZ", "application/octet-stream"))]
    response = client.post("/api/files", files=files)
    assert response.status_code == 202, response.text
    data = response.json()
    assert [a["file"] for a in data["accepted"]] == ["uploads/primary_lettered.docx", "uploads/broken.pdf"]
    assert data["refused"][0]["file"] == "virus.exe" and "not a format" in data["refused"][0]["reason"]
    status = _wait_for_uploads(client)
    assert status["done"] == status["total"] == 2
    assert [r["file"] for r in status["reviewed"]] == ["uploads/primary_lettered.docx"]
    reasons = {f["file"]: f["reason"] for f in status["failures"]}
    assert set(reasons) == {"virus.exe", "uploads/broken.pdf"} and "not a PDF" in reasons["uploads/broken.pdf"]
    assert "\n" not in reasons["uploads/broken.pdf"]
    rows = {r["file"]: r for r in _plans(client)["plans"]}
    assert rows["uploads/primary_lettered.docx"]["status"] == "ok"
    assert rows["uploads/primary_lettered.docx"]["suggested_rating"]
    assert rows["uploads/broken.pdf"]["status"] == "failed"


def test_upload_limits(client, monkeypatch):
    monkeypatch.setenv("EHCP_NLP_MAX_UPLOAD_MB", "0.001")
    big = client.post("/api/files", files=[("files", ("plan.txt", b"x" * 5000, "text/plain"))])
    assert big.status_code == 413 and "limit" in big.json()["error"]
    assert client.post("/api/files", json={"files": []}).status_code == 415
    monkeypatch.delenv("EHCP_NLP_MAX_UPLOAD_MB")
    empty = client.post("/api/files", files=[("files", ("plan.txt", b"", "text/plain"))])
    assert empty.status_code == 202 and "is empty" in empty.json()["refused"][0]["reason"]


def test_cohort_figures(client):
    data = client.get("/api/cohort").json()
    assert data["counts"] and "distribution" in data and "checks" in data


def test_unknown_routes_and_methods_are_json_errors(client):
    assert client.get("/api/nothing").json()["error"].startswith("not found")
    response = client.delete("/api/plans")
    assert response.status_code == 405 and "error" in response.json()


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", ""])
def test_requests_for_another_host_are_refused(app, host):
    from starlette.testclient import TestClient

    with TestClient(app, base_url=BASE) as client:
        response = client.get("/api/plans", headers={"host": host})
    assert response.status_code == 400 and "not served" in response.json()["error"]


def test_local_names_are_served(app):
    from starlette.testclient import TestClient

    for base in ("http://localhost:8765", BASE):
        with TestClient(app, base_url=base) as client:
            assert client.get("/api/plans").status_code == 200


def test_state_changing_requests_need_the_token_and_the_origin(app, client):
    from starlette.testclient import TestClient

    plan = _a_flagged_plan(client)
    url, body = f"/api/plans/{plan['id']}/rating", {"rating": "Good", "by": "J. Smith"}
    with TestClient(app, base_url=BASE) as bare:
        missing = bare.post(url, json=body)
        wrong = bare.post(url, json=body, headers={"X-CSRF-Token": "guess"})
    assert missing.status_code == wrong.status_code == 403 and "token" in missing.json()["error"]
    other = client.post(url, json=body, headers={"Origin": "http://evil.example"})
    assert other.status_code == 403 and "another site" in other.json()["error"]
    assert client.post(url, json=body, headers={"Origin": BASE}).status_code == 201
    assert client.get(f"/api/plans/{plan['id']}").json()["decisions"][0]["decided_by"] == "J. Smith"
    assert app.state.web.token and len(app.state.web.token) >= 32


def test_the_templates_escape(app):
    template = app.state.web.templates.env.from_string("{{ text }}")
    assert template.render(text="<script>") == "&lt;script&gt;"
