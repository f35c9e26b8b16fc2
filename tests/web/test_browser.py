"""The auditor's workspace end to end in a real browser: Playwright driving Debian's Chromium.

The server runs with uvicorn in a background thread over a copy of the two-plan batch of
``conftest.reviewed_batch``, on a free port. No browser is downloaded: Playwright is pointed at the
Chromium on PATH (found as :mod:`tests.browser` finds it) and the tests are skipped without it.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.conftest import FIXTURES

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")

BROWSER = chromium()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed "
                                "(Debian: apt-get install chromium)")
UPLOAD = FIXTURES / "plans" / "post16_pfa.docx"
NAME = "Ann Auditor"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``create_app(outdir)`` served by uvicorn in a daemon thread on 127.0.0.1 and a free port."""

    def __init__(self, outdir: Path) -> None:
        import uvicorn

        from ehcp_nlp.web import create_app

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.app = create_app(outdir, port=self.port)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(reviewed_batch, tmp_path_factory):
    out = tmp_path_factory.mktemp("web-browser") / "out"
    shutil.copytree(reviewed_batch, out)
    with Server(out) as running:
        yield running
    if running.app.state.web.uploads is not None:
        running.app.state.web.uploads.wait(30)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=BROWSER, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "Failed to load resource" not in msg.text
           else None)
    # a failed load is reported with its address (the browser's own favicon.ico request is not the app's)
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
           and not r.url.endswith("/favicon.ico") else None)
    tab.errors = errors
    yield tab
    context.close()


def tab_to(page, selector: str, limit: int = 60, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab, as a keyboard user would) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} was not reached with Tab")


def test_upload_audit_with_the_keyboard_and_see_the_figures(server, page):
    base = server.base

    # -- upload a plan and wait until it is listed ----------------------------------------------
    page.goto(base + "/add")
    page.set_input_files("#files", str(UPLOAD))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#status.ok")
    deadline = time.monotonic() + 60
    while True:
        page.goto(base + "/")
        link = page.locator("table.plans a", has_text=UPLOAD.name)
        if link.count():
            break
        assert time.monotonic() < deadline, "the uploaded plan was not listed within 60 s"
        time.sleep(0.5)
    assert "Showing 4 of 4" in page.inner_text("#plan-count")  # two plans, the broken PDF and the upload

    # -- open its audit page --------------------------------------------------------------------
    link.click()
    page.wait_for_selector("#audit")
    plan_id = page.get_attribute("#audit", "data-plan-id")
    flags = page.locator("[data-flag-index]")
    assert flags.count() >= 2, "the uploaded plan should raise at least two flags"

    # -- the auditor's name, typed after tabbing to its box ---------------------------------------
    page.keyboard.press("Tab")  # from the top of the page: the skip link first
    tab_to(page, "#auditor-name")
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")  # leaving the box keeps the name in this browser

    # -- override the rating with a note, keyboard only -----------------------------------------
    suggested = page.eval_on_selector("#rating", "e => e.value")
    override = "Inadequate" if suggested != "Inadequate" else "Outstanding"
    tab_to(page, "#rating")
    page.keyboard.type(override[0])  # a select's option is chosen by typing its first letter
    assert page.eval_on_selector("#rating", "e => e.value") == override
    tab_to(page, "#rating-note")
    page.keyboard.type("Outcomes are not measurable.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Record rating"
    page.keyboard.press("Enter")
    page.wait_for_selector("#status.ok:has-text('Rating recorded')")
    assert f"auditor: {override} by {NAME}" in page.inner_text("#rating-history")

    # -- move between the flags with j and k, dismiss one with d ---------------------------------
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.get_attribute("[data-flag-index].current", "data-flag-index") == "1"
    page.keyboard.press("k")
    current = page.locator("[data-flag-index].current")
    assert current.get_attribute("data-flag-index") == "0"
    assert page.evaluate("document.activeElement.getAttribute('data-flag-index')") == "0"
    code = current.locator("code").first.inner_text()
    page.keyboard.press("d")  # no reason chosen yet: the reason box gets the focus
    assert page.evaluate("document.activeElement.id") == "reason-0"
    assert "Choose a reason" in page.inner_text("#status")
    page.keyboard.press("ArrowDown")  # the first reason: wrong
    assert page.eval_on_selector("#reason-0", "e => e.value") == "wrong"
    page.keyboard.press("Tab")
    page.keyboard.type("Not in this plan.")
    page.keyboard.press("Tab")  # Confirm
    page.keyboard.press("Tab")  # Dismiss
    assert page.evaluate("document.activeElement.value") == "dismiss"
    page.keyboard.press("Enter")
    page.wait_for_selector("#list-flag-0.decided-dismiss, [data-flag-index='0'].decided-dismiss")
    assert page.inner_text("[data-flag-index='0'] [data-verdict]") == f"Dismissed (wrong) by {NAME}: Not in this plan."

    # -- the verdicts are kept: reload, then the figures ------------------------------------------
    page.reload()
    assert "Dismissed (wrong) by " + NAME in page.inner_text("[data-flag-index='0'] [data-verdict]")
    assert override in page.inner_text("#rating-history")

    page.goto(base + "/precision")
    row = page.locator("tr", has=page.locator(f"code:text-is('{code}')"))
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert "wrong (1)" in cells[-1] or "wrong" in cells[-1]
    assert int(cells[-3]) >= 1  # dismissed

    page.goto(base + "/")
    plan_row = page.locator("tr", has=page.locator("a", has_text=UPLOAD.name))
    assert "audited" in plan_row.inner_text()

    page.goto(base + "/dashboard")
    assert page.locator("h1").count() == 1
    page.goto(base + "/moderation")
    assert page.locator("h1").count() == 1
    sample = [p["id"] for p in page.request.get(base + "/api/moderation").json()["sample"]]
    if plan_id in sample:  # the audited plan was drawn: its auditor's rating is shown
        moderation_row = page.locator("tr", has=page.locator("a", has_text=UPLOAD.name))
        assert override in moderation_row.inner_text() and NAME in moderation_row.inner_text()
    assert not page.errors, page.errors


def test_save_comments_and_add_a_missed_issue(server, page):
    """The draft comments edited and saved, and a passage selected in the plan text added as an issue the tool
    missed; both are still there after a reload (they are in the audit trail, not only in this browser)."""
    page.goto(server.base + "/")
    page.locator("table.plans a", has_text="nonverbal_lettered.docx").click()
    page.wait_for_selector("#audit")
    page.fill("#auditor-name", NAME)
    page.keyboard.press("Tab")

    # -- edit the comments and save them by keyboard ----------------------------------------------
    tab_to(page, "#draft-comments")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Auditor's addition: the outcomes need dates.")
    tab_to(page, "[data-save-comments]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#status.ok:has-text('Comments saved')")
    assert f"Last saved by {NAME}" in page.inner_text("#comments-saved")

    # -- select a passage in a section, then add it as a missed issue ------------------------------
    passage = page.evaluate("""() => {
        const section = document.querySelector('[data-section-text]');
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT,
            {acceptNode: n => n.parentElement.closest('h2, h3') ? NodeFilter.FILTER_REJECT
                              : (n.textContent.trim().length > 30 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP)});
        const node = walker.nextNode();
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, 25);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return {text: selection.toString(), section: section.getAttribute('data-section-key')};
    }""")
    page.wait_for_function("() => !document.getElementById('issue-selection').textContent.startsWith('No passage')")
    assert passage["text"][:20] in page.inner_text("#issue-selection")
    tab_to(page, "#issue-note", key="Shift+Tab")  # the form is above the plan text
    page.keyboard.type("Sleep needs are not described.")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_selector("#status.ok:has-text('The issue was added')")
    assert "Sleep needs are not described." in page.inner_text("#issue-list")

    page.reload()
    assert f"Last saved by {NAME}" in page.inner_text("#comments-saved")
    assert "Auditor's addition: the outcomes need dates." in page.input_value("#draft-comments")
    listed = page.inner_text("#issue-list")
    assert "Sleep needs are not described." in listed and passage["text"].strip()[:20] in listed
    page.goto(server.base + "/precision")
    assert page.title() == "Check precision – ehcp_nlp"
    missed = page.locator("table[aria-labelledby=missed-heading] tbody tr").all_inner_texts()
    assert [" ".join(row.split()) for row in missed] == [f"{passage['section']} 1"]
    assert not page.errors, page.errors


def test_add_a_named_folder(server, page, tmp_path):
    folder = tmp_path / "Spring plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "plans" / "primary_lettered.docx", folder / "primary_lettered.docx")
    page.goto(server.base + "/add")
    page.fill("#folder", str(folder))
    page.click("#folder-form button[type=submit]")
    page.wait_for_selector("#status.ok:has-text('1 file from')")
    page.wait_for_selector("#upload-progress:has-text('Finished')", timeout=60_000)
    assert "uploads/Spring plans/primary_lettered.docx" in page.inner_text("#upload-progress")
    page.fill("#folder", "/no/such/folder")
    page.click("#folder-form button[type=submit]")
    page.wait_for_selector("#status.error:has-text('is not a folder')")
    page.errors[:] = [e for e in page.errors if not e.startswith("400 ")]  # the refusal itself
    assert not page.errors, page.errors


def test_audit_page_screenshot(server, page, tmp_path):
    """The audit page renders in Chromium without errors; its screenshot is a PNG (as docs/workspace.png)."""
    page.goto(server.base + "/")
    page.locator("table.plans a", has_text="secondary_classic.docx").click()
    page.wait_for_selector("#audit")
    shot = tmp_path / "workspace.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not page.errors, page.errors
