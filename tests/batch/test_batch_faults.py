"""The batch owns its processes and its rows: killed, starved of disk, fed links, locked folders, files
edited between and during runs — nothing left running, nothing lost, nothing read that should not be,
no row that no longer stands for a file (issue 13, "Batch faults")."""
import csv
import errno
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ehcp_nlp.batch import folder as folder_module, runner, worker
from ehcp_nlp.batch.cohort import cohort_figures
from ehcp_nlp.batch.records import SUPERSEDED, file_id, load_records, open_regular, path_id
from ehcp_nlp.batch.runner import LINK_OUT, READING, BatchRunError, Task, review_task, run_batch
from ehcp_nlp.cli import main
from tests.conftest import FIXTURES

PLANS = FIXTURES / "plans"
TEXT_PLAN = (PLANS / "nonverbal_lettered.txt").read_text(encoding="utf-8")
ON_LINUX = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()


def _plan(path: Path, note: str) -> Path:
    """A small text plan whose content (so id) differs by ``note``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXT_PLAN + f"\nNote for the file: {note}.\n", encoding="utf-8")
    return path


def _text_folder(root: Path, count: int = 3) -> Path:
    for n in range(count):
        _plan(root / f"plan_{n}.txt", f"number {n}")
    return root


def _batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args), "--no-learn-template"])


# -- processes ------------------------------------------------------------------------------------------------------


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent, process group) of every running (not zombie) process."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[0] != b"Z":
                found.append((int(entry), int(fields[1]), int(fields[2])))
    return found


def _heed_ctrl_c():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a run started in the background inherits it ignored


@pytest.mark.skipif(not ON_LINUX, reason="reads /proc")
def test_killing_the_parent_leaves_no_worker_running(tmp_path):
    """SIGTERM, SIGINT or SIGKILL to the batch's own process alone (not its group): within a few seconds
    no process of the run is left; SIGTERM and SIGINT stop it as Ctrl-C does (status 130)."""
    runs = {}
    for name in ("SIGTERM", "SIGINT", "SIGKILL"):
        src = tmp_path / name / "plans"
        src.mkdir(parents=True)
        for path in sorted(PLANS.glob("*_classic.docx"))[:3] + sorted(PLANS.glob("*_classic.pdf"))[:3]:
            shutil.copy(path, src / path.name)
        out = tmp_path / name / "out"
        command = [sys.executable, "-m", "ehcp_nlp.cli", "batch", str(src), "-o", str(out), "--jobs", "2",
                   "--no-learn-template"]
        with (tmp_path / name / "stderr").open("w") as stderr:
            runs[name] = (subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
                                           preexec_fn=_heed_ctrl_c), out)
    try:
        deadline = time.monotonic() + 60
        waiting = dict(runs)
        while waiting and time.monotonic() < deadline:  # kill each once its two workers are up (loading the model)
            running = _processes()
            for name, (process, out) in list(waiting.items()):
                if len([p for p in running if p[1] == process.pid]) >= 2:
                    os.kill(process.pid, getattr(signal, name))
                    del waiting[name]
            time.sleep(0.02)
        assert not waiting, f"no worker started in {list(waiting)}"
        codes = {name: process.wait(timeout=30) for name, (process, _) in runs.items()}
        deadline = time.monotonic() + 5
        left = [p for p in _processes() if p[2] in {process.pid for process, _ in runs.values()}]
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = [p for p in _processes() if p[2] in {process.pid for process, _ in runs.values()}]
        assert left == [], "processes of the run left behind"
        assert codes == {"SIGTERM": 130, "SIGINT": 130, "SIGKILL": -signal.SIGKILL}
        for name, (_, out) in runs.items():
            said = (tmp_path / name / "stderr").read_text(encoding="utf-8")
            assert "Traceback" not in said and "Exception ignored" not in said, said
            assert name == "SIGKILL" or said.rstrip().endswith("run the same command again to carry on"), said
            assert all(json.loads(p.read_text())["record"]["status"] == "ok" for p in (out / "results").glob("*.json"))
            if name != "SIGKILL":
                assert not (out / READING).exists(), "the run's private copies are tidied away"
        killed = runs["SIGKILL"][1]
        runner._reading_folder(killed)  # the next run tidies what a killed run left
        assert [p.name for p in (killed / READING).iterdir()] == [str(os.getpid())]
    finally:  # whatever happened, nothing of these runs outlives the test
        for process, _ in runs.values():
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def _orphan(parent):
    worker._die_with_parent(parent)
    time.sleep(30)  # pragma: no cover - only if the watch failed


def _watched(parent):
    worker._watch_parent(parent)


@pytest.mark.parametrize("check", [_orphan, _watched])
def test_a_worker_ends_itself_when_its_parent_is_gone(check):
    """A worker started after its parent was gone ends at once; one whose parent goes while it works is
    ended by its watching thread (where the kernel does not end it: not Linux)."""
    process = multiprocessing.get_context("fork").Process(target=check, args=(os.getpid() + 10**6,))
    process.start()
    process.join(timeout=5)
    assert process.exitcode == 1


# -- rows -----------------------------------------------------------------------------------------------------------


def test_edited_deleted_and_moved_files_leave_no_stale_row(tmp_path):
    src, out = _text_folder(tmp_path / "plans", 4), tmp_path / "out"
    assert _batch(src, "-o", out, "--jobs", "1").exit_code == 0
    before = {r.file: r.id for r in load_records(out)}
    _plan(src / "plan_0.txt", "edited after the first run")
    (src / "plan_1.txt").unlink()
    (src / "moved").mkdir()
    (src / "plan_2.txt").rename(src / "moved" / "plan_2.txt")
    result = _batch(src, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert ("reviewed 1, skipped 2 already done, failed 0, 2 row(s) of edited or deleted files set aside"
            in result.output)
    after = {r.file: r.id for r in load_records(out)}
    assert after == {"plan_0.txt": file_id(src / "plan_0.txt")[0], "moved/plan_2.txt": before["plan_2.txt"],
                     "plan_3.txt": before["plan_3.txt"]}
    assert sorted(p.stem for p in (out / "results" / SUPERSEDED).glob("*.json")) == sorted(
        [before["plan_0.txt"], before["plan_1.txt"]])  # set aside, not destroyed
    assert cohort_figures(load_records(out)).counts.documents == 3
    with (out / "plans.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted(row["file"] for row in csv.DictReader(handle)) == sorted(after)


def test_a_file_changed_mid_run_gets_the_id_of_the_bytes_read(tmp_path):
    src, out = _text_folder(tmp_path / "plans", 2), tmp_path / "out"
    old_id = file_id(src / "plan_0.txt")[0]

    def edit(todo, skipped):  # after the files were listed and hashed, before any is read
        _plan(src / "plan_0.txt", "a different child entirely")
        (src / "plan_0.txt").write_text((src / "plan_0.txt").read_text() + "Zebedee likes trampolines.\n")

    run_batch(src, out, jobs=1, learn=False, on_start=edit)
    new_id, new_sha = file_id(src / "plan_0.txt")
    record = next(r for r in load_records(out) if r.file == "plan_0.txt")
    assert (record.id, record.sha256) == (new_id, new_sha) != old_id
    stored = json.loads((out / "results" / f"{new_id}.json").read_text(encoding="utf-8"))
    assert "Zebedee likes trampolines" in json.dumps(stored["review"])
    assert stored["review"]["source"] == str(src / "plan_0.txt")  # the file's own path, not the private copy
    assert not (out / "results" / f"{old_id}.json").exists()


def test_an_unreadable_file_keeps_one_row_with_a_stable_id(tmp_path, monkeypatch):
    src, out = _text_folder(tmp_path / "plans", 2), tmp_path / "out"
    locked = src / "plan_1.txt"
    real_file_id = folder_module.file_id

    def refuse(path):
        if Path(path).name == locked.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_file_id(path)

    monkeypatch.setattr(folder_module, "file_id", refuse)  # permissions do not bind root, so the refusal is simulated
    for _ in range(2):
        result = _batch(src, "-o", out, "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert "failed: plan_1.txt: could not be read (Permission denied)" in result.output
    failed = [r for r in load_records(out) if not r.ok]
    expected = "unreadable-" + hashlib.sha256(b"plan_1.txt").hexdigest()[:16]
    assert [(r.file, r.id) for r in failed] == [("plan_1.txt", expected)] and path_id("plan_1.txt") == expected
    monkeypatch.setattr(folder_module, "file_id", real_file_id)
    assert _batch(src, "-o", out, "--jobs", "1").exit_code == 0  # readable again: its failed row goes
    assert all(r.ok for r in load_records(out)) and len(load_records(out)) == 2


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    src, out = _text_folder(tmp_path / "plans", 1), tmp_path / "out"
    _plan(src / "locked" / "hidden_plan.txt", "in a locked folder")
    real_scandir = os.scandir

    def scandir(*args):
        if args and isinstance(args[0], (str, os.PathLike)) and Path(args[0]).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(args[0]))
        return real_scandir(*args)

    monkeypatch.setattr(os, "scandir", scandir)  # as chmod 000 would, were the tests not run as root
    result = _batch(src, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "reviewed 1, skipped 0 already done, failed 0, 1 folder(s) not read" in result.output
    assert ("not read: locked: could not be listed (Permission denied); the files in it were not reviewed"
            in result.output)


def test_links_are_not_followed_out_of_the_folder(tmp_path, monkeypatch):
    secret = "Zq9 secret line that must never be read"
    outside = tmp_path / "elsewhere"
    _plan(outside / "passwd", secret)
    _plan(outside / "folder" / "plan.txt", secret)
    src, out = _text_folder(tmp_path / "plans", 4), tmp_path / "out"
    (src / "passwd.txt").symlink_to(outside / "passwd")
    (src / "linked_out").symlink_to(outside / "folder")
    (src / "again.txt").symlink_to(src / "plan_0.txt")  # inside the folder: read once, as plan_0.txt
    (src / "sub").mkdir()
    (src / "sub" / "up.txt").symlink_to(Path("..") / ".." / "elsewhere" / "passwd")
    learnt_from = []
    from ehcp_nlp.batch import template

    real_learn = template.learn_template
    monkeypatch.setattr(template, "learn_template", lambda paths: learnt_from.extend(paths) or real_learn(paths))
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"failed: passwd.txt: {LINK_OUT}" in result.output and f"failed: sub/up.txt: {LINK_OUT}" in result.output
    assert "not read: linked_out: a link to a folder outside the folder, not followed" in result.output
    assert "skipped 1 already done" in result.output  # again.txt is plan_0.txt
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".csv", ".html"):
            assert secret not in path.read_text(encoding="utf-8"), path
    assert learnt_from and not [p for p in learnt_from if "elsewhere" in str(Path(p).resolve())]
    records = {r.file: r for r in load_records(out)}
    link = records["passwd.txt"]
    assert (link.status, link.error, link.id) == ("failed", f"passwd.txt: {LINK_OUT}", path_id("passwd.txt"))
    swapped = src / "plan_3.txt"
    swapped.unlink()
    swapped.symlink_to(outside / "passwd")  # a file swapped for a link after it was listed is not opened
    with pytest.raises(OSError):
        open_regular(swapped)


# -- a full disk ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_the_runs_problem_not_the_plans(tmp_path, monkeypatch, jobs):
    from ehcp_nlp.outputs import files

    src, out = _text_folder(tmp_path / "plans", 3), tmp_path / "out"
    real_write = files.write_atomic
    written = []

    def write_atomic(path, data):
        if Path(path).parent.name == "results" and written:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        return real_write(path, data)

    monkeypatch.setattr(files, "write_atomic", write_atomic)
    result = _batch(src, "-o", out, "--jobs", jobs)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1 and len(errors) == 1 and "the disk is full" in errors[0], result.output
    assert "no plan has been recorded as failed" in errors[0] and "Traceback" not in result.output
    assert [r.status for r in load_records(out)] == ["ok"]  # the one saved before the disk filled
    assert multiprocessing.active_children() == []  # the workers were ended with the run
    monkeypatch.setattr(files, "write_atomic", real_write)
    again = _batch(src, "-o", out, "--jobs", jobs)
    assert again.exit_code == 0 and "reviewed 2, skipped 1 already done, failed 0" in again.output
    assert [r.status for r in load_records(out)] == ["ok"] * 3


def test_a_private_copy_that_cannot_be_written_is_the_runs_problem(tmp_path, monkeypatch):
    plan = _plan(tmp_path / "plans" / "plan.txt", "one")
    blocked = tmp_path / "out" / READING / "1"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the run's folder should be")
    monkeypatch.setattr(worker, "_READING", str(blocked))
    ids = file_id(plan)
    with pytest.raises(BatchRunError, match="could not be written"):
        review_task(Task(str(plan), "plan.txt", ids[0], ids[1], {}, str(plan)))
