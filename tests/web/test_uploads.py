"""Adding plans in the workspace: a named folder, files left unreviewed when the server stopped, and a later
batch run into the same folder."""
import os
import shutil
import time

import pytest

from ehcp_nlp.batch.records import UPLOADS, load_records
from ehcp_nlp.batch.runner import run_batch
from tests.web.conftest import BASE, HOST, PLANS, PORT


def _wait(client, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get("/api/files/status").json()
        if not status["running"]:
            return status
        time.sleep(0.2)
    raise AssertionError("the added files were not reviewed in time")


def _files(outdir):
    return {r.file: r for r in load_records(outdir)}


def test_name_a_folder(client, outdir, tmp_path):
    source = tmp_path / "Autumn term"
    (source / "Year 6").mkdir(parents=True)
    shutil.copy(PLANS / "primary_lettered.docx", source / "Year 6" / "primary_lettered.docx")
    (source / "notes.pdf").write_bytes(b"this is not a PDF")
    (source / "empty.txt").write_bytes(b"")
    (source / "photo.jpg").write_bytes(b"\xff\xd8")
    response = client.post("/api/folders", json={"folder": str(source)})
    assert response.status_code == 202, response.text
    data = response.json()
    assert sorted(a["file"] for a in data["accepted"]) == ["uploads/Autumn term/Year 6/primary_lettered.docx",
                                                          "uploads/Autumn term/notes.pdf"]
    assert [r["reason"] for r in data["refused"]] == ["empty.txt: is empty"]
    status = _wait(client)
    failures = {f["file"]: f["reason"] for f in status["failures"]}
    assert "not a PDF" in failures["uploads/Autumn term/notes.pdf"]
    records = _files(outdir)
    assert records["uploads/Autumn term/Year 6/primary_lettered.docx"].ok
    assert (source / "notes.pdf").read_bytes() == b"this is not a PDF"  # the folder itself is not changed
    again = client.post("/api/folders", json={"folder": str(source)}).json()
    assert {a["file"] for a in again["accepted"]} == {a["file"] for a in data["accepted"]}  # not copied twice
    _wait(client)
    assert len([f for f in os.listdir(outdir / UPLOADS / "Autumn term" / "Year 6")]) == 1


@pytest.mark.parametrize("folder, words", [
    ("", "full path"), ("relative/folder", "full path"), ("/no/such/folder/anywhere", "is not a folder"),
])
def test_name_a_folder_refused(client, folder, words):
    response = client.post("/api/folders", json={"folder": folder})
    assert response.status_code == 400 and words in response.json()["error"]


def test_the_workspace_folder_itself_is_refused(client, outdir):
    response = client.post("/api/folders", json={"folder": str(outdir / "results")})
    assert response.status_code == 400 and "inside the workspace" in response.json()["error"]


def test_files_left_unreviewed_are_reviewed_at_the_next_start(outdir):
    from starlette.testclient import TestClient

    from ehcp_nlp.web import create_app

    (outdir / UPLOADS).mkdir()
    shutil.copy(PLANS / "primary_lettered.docx", outdir / UPLOADS / "waiting.docx")
    app = create_app(outdir, HOST, PORT)
    with TestClient(app, base_url=BASE) as client:
        status = _wait(client)
    assert status["total"] == 1 and status["reviewed"][0]["file"] == "uploads/waiting.docx"
    assert _files(outdir)["uploads/waiting.docx"].ok
    assert create_app(outdir, HOST, PORT).state.web.uploads.status()["total"] == 0  # nothing left to do


def test_failures_outlast_a_restart(client, outdir):
    client.post("/api/files", files=[("files", ("broken.pdf", b"not a pdf", "application/pdf"))])
    _wait(client)
    from ehcp_nlp.web import create_app

    status = create_app(outdir, HOST, PORT).state.web.uploads.status()
    assert [f["file"] for f in status["failures"]] == ["uploads/broken.pdf"]


def test_a_later_batch_keeps_the_workspace_rows(client, outdir, tmp_path):
    client.post("/api/files", files=[("files", ("added.docx", (PLANS / "primary_lettered.docx").read_bytes(),
                                                 "application/octet-stream"))])
    _wait(client)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(PLANS / "secondary_classic.docx", other / "secondary_classic.docx")
    run_batch(other, outdir, jobs=1, learn=False)
    files = _files(outdir)
    assert "uploads/added.docx" in files and "secondary_classic.docx" in files
    assert "nonverbal_lettered.docx" not in files  # the earlier batch folder's other file is set aside
    (outdir / UPLOADS / "added.docx").unlink()
    run_batch(other, outdir, jobs=1, learn=False)
    assert "uploads/added.docx" not in _files(outdir)  # a removed upload's row goes too
