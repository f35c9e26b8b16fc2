"""A small batch folder, reviewed once per test session, copied afresh for each test that writes to it."""
import shutil

import pytest

from ehcp_nlp.batch.runner import run_batch
from tests.conftest import FIXTURES

PLANS = FIXTURES / "plans"
HOST, PORT = "127.0.0.1", 8765
BASE = f"http://{HOST}:{PORT}"


@pytest.fixture(scope="session")
def reviewed_batch(tmp_path_factory):
    """Two fixture plans and one broken PDF, reviewed by the batch (template learning off, one process)."""
    root = tmp_path_factory.mktemp("web-batch")
    folder, out = root / "plans", root / "out"
    folder.mkdir()
    for name in ("secondary_classic.docx", "nonverbal_lettered.docx"):
        shutil.copy(PLANS / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    manifest = root / "manifest.csv"
    manifest.write_text("file,audit_month,key_stage\nsecondary_classic.docx,2026-03,KS4\n"
                        "nonverbal_lettered.docx,2026-04,KS2\n", encoding="utf-8")
    run_batch(folder, out, jobs=1, manifest=manifest, learn=False)
    return out


@pytest.fixture
def outdir(reviewed_batch, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed_batch, out)
    return out


@pytest.fixture
def app(outdir):
    from ehcp_nlp.web import create_app

    return create_app(outdir, HOST, PORT)


@pytest.fixture
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as test_client:
        test_client.headers["X-CSRF-Token"] = app.state.web.token
        yield test_client
