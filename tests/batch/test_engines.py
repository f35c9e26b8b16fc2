"""Where the reviews run: the local pool's time limit ends the process that overruns, and Dask (a LocalCluster, and a
real scheduler and worker on loopback) gives exactly the pool's results."""
import json
import shutil
import socket
import subprocess
import sys
import time

import pytest

from ehcp_nlp.batch import worker
from ehcp_nlp.batch.records import load_records, load_review
from ehcp_nlp.batch.runner import run_batch
from tests.conftest import FIXTURES

PLANS = FIXTURES / "plans"
VOLATILE = {"reviewed_at", "seconds"}


def _folder(root):
    folder = root / "plans"
    folder.mkdir(parents=True)
    for name in ("secondary_classic.docx", "primary_lettered.docx", "nonverbal_lettered.pdf"):
        shutil.copy(PLANS / name, folder / name)
    shutil.copy(PLANS / "primary_lettered.docx", folder / "copy of primary.docx")
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    return folder


def _results(out):
    """Every record and review, with the run's own folder (which differs between runs) taken out."""
    root = str(out.parent)
    records = {r.file: json.dumps({k: v for k, v in r.to_dict().items() if k not in VOLATILE}, sort_keys=True)
               for r in load_records(out)}
    reviews = {r.file: json.dumps(load_review(out, r.id), sort_keys=True) for r in load_records(out)}
    return ({k: v.replace(root, "<root>") for k, v in records.items()},
            {k: v.replace(root, "<root>") for k, v in reviews.items()})


@pytest.fixture(scope="module")
def pool_results(tmp_path_factory):
    root = tmp_path_factory.mktemp("pool")
    out = root / "out"
    result = run_batch(_folder(root), out, jobs=2, learn=False)
    assert result.reviewed == 3 and len(result.failed) == 1
    return _results(out)


def _slow_for_some(task):
    if "slow" in task.file:
        time.sleep(60)
    return _real_review_file(task)


_real_review_file = worker._review_file


def test_an_overrun_ends_its_process_and_the_rest_carry_on(tmp_path, monkeypatch):
    """No SIGALRM: the process reviewing the slow file is ended after the limit; the file fails with the reason and
    the other files (one reviewed after it, in the fresh process) are reviewed."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("a_slow.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"Section A\nAbout {name}. Sam likes trains and music.\n", encoding="utf-8")
    monkeypatch.setattr(worker, "_review_file", _slow_for_some)  # the workers are forked: they inherit it
    started = time.monotonic()
    result = run_batch(folder, tmp_path / "out", jobs=1, time_limit=3, learn=False)
    assert time.monotonic() - started < 40
    assert [file for file, _ in result.failed] == ["a_slow.txt"]
    assert "took longer than the 3 s limit, so it was stopped" in result.failed[0][1]
    assert result.reviewed == 2


dask = pytest.importorskip("distributed", reason="Dask is not installed (pip install -e '.[dev]')")


def test_dask_local_cluster_gives_the_pools_results(tmp_path, pool_results):
    out = tmp_path / "out"
    result = run_batch(_folder(tmp_path), out, jobs=2, learn=False, scheduler="local")
    assert result.reviewed == 3 and len(result.failed) == 1
    assert _results(out) == pool_results
    again = run_batch(tmp_path / "plans", out, jobs=2, learn=False, scheduler="local")  # nothing left to do
    assert again.reviewed == 0 and _results(out) == pool_results


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_real_scheduler_and_worker_on_loopback(tmp_path, pool_results):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = sys.executable.rsplit("/", 1)[0]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([f"{bin_dir}/dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0", "--no-show"], **quiet)
    workers = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the scheduler did not start"
                time.sleep(0.2)
        workers.append(subprocess.Popen([f"{bin_dir}/dask", "worker", address, "--nthreads", "1", "--nworkers", "1",
                                         "--host", "127.0.0.1", "--no-dashboard"], **quiet))
        out = tmp_path / "out"
        result = run_batch(_folder(tmp_path), out, jobs=1, learn=False, scheduler=address)
        assert result.reviewed == 3 and len(result.failed) == 1
        assert _results(out) == pool_results
    finally:
        for process in workers + [scheduler]:
            process.terminate()
        for process in workers + [scheduler]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path):
    from click.testing import CliRunner

    from ehcp_nlp.cli import main

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text("Section A\nSam likes trains.\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out"), "--scheduler", "nonsense"])
    assert bad.exit_code == 2 and "give 'local' or a scheduler address" in bad.output
    port = _free_port()  # nothing listens there
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out"),
                                       "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("error:") == 1 and "could not be reached" in result.output


def test_a_batch_worker_caps_its_own_memory_and_says_why(tmp_path, monkeypatch):
    """In a batch's worker the reading is not forked per file: the worker's own memory is capped, and a file that
    needs more is refused with the reason, the rest carrying on."""
    from tests import badfiles

    folder = tmp_path / "plans"
    folder.mkdir()
    badfiles.text_heavy_pdf(folder / "heavy.pdf", 1_000_000)
    (folder / "plan.txt").write_text("Section A\nSam likes trains and music.\n", encoding="utf-8")
    monkeypatch.setenv("EHCP_NLP_READ_MB", "48")
    result = run_batch(folder, tmp_path / "out", jobs=1, time_limit=60, learn=False)
    failed = dict(result.failed)
    assert list(failed) == ["heavy.pdf"] and "48 MB" in failed["heavy.pdf"] and "memory" in failed["heavy.pdf"]
    assert result.reviewed == 1


def test_an_overrun_pdf_is_explained(tmp_path):
    """A PDF stopped at the time limit is named with its own reason (its heaviest page)."""
    from tests.extract.test_hostile import _objects_pdf

    folder = tmp_path / "plans"
    folder.mkdir()
    _objects_pdf(folder / "objects.pdf", 300_000)
    result = run_batch(folder, tmp_path / "out", jobs=1, time_limit=1, learn=False)
    (file, reason), = result.failed
    assert "took longer than the 1 s limit" in reason and "page 1 holds 300,000 text-drawing operators" in reason


def test_the_template_learnt_in_several_processes_is_the_same(tmp_path):
    from ehcp_nlp.batch.engines import map_local
    from ehcp_nlp.batch.template import learn_template

    folder = _folder(tmp_path)
    for i in range(4):
        (folder / f"form_{i}.txt").write_text("Council EHC plan form\nSection A: views\nPlease describe the child.\n"
                                              f"Child {i} likes painting.\n", encoding="utf-8")
    paths = sorted(str(p) for p in folder.iterdir())
    alone = learn_template(paths)
    together = learn_template(paths, read_all=lambda function, items: map_local(function, items, 2, 60))
    assert together == alone and alone.pieces
