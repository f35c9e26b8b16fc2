#!/usr/bin/env python3
"""Save a screenshot of the auditor's workspace (the audit page) to ``docs/workspace.png``.

Reviews two fixture plans into a temporary batch folder, serves it with ``ehcp-nlp serve``'s app
(uvicorn, in a background thread, on a free port) and photographs the audit page of one plan in
Debian's Chromium driven by Playwright (``pip install playwright``; no browser is downloaded), with
the auditor's name typed and the first flag selected with the ``j`` shortcut.

Usage: python scripts/screenshot_workspace.py [--out docs/workspace.png]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "workspace.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from ehcp_nlp.batch.runner import run_batch
    from tests.browser import chromium
    from tests.web.test_browser import Server

    browser_path = chromium()
    if browser_path is None:
        print("no Chromium on PATH (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    plans = ROOT / "tests" / "fixtures" / "plans"
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "plans", Path(tmp) / "out"
        folder.mkdir()
        for name in ("primary_lettered.docx", "post16_pfa.docx"):
            shutil.copy(plans / name, folder / name)
        run_batch(folder, out, jobs=1, learn=False)
        with Server(out) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.base + "/")
            page.locator("table.plans a", has_text="primary_lettered.docx").click()
            page.wait_for_selector("#audit")
            page.fill("#auditor-name", "A. Auditor")
            page.keyboard.press("Tab")  # leaving the box keeps the name; then j selects the first flag
            page.evaluate("document.activeElement.blur()")
            page.keyboard.press("j")
            page.evaluate("window.scrollTo(0, 0)")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
