"""Open a page in headless Chromium over the DevTools pipe and report its console errors.

Only the standard library is used: Chromium's ``--remote-debugging-pipe`` reads
DevTools commands on file descriptor 3 and writes replies on 4, each a JSON
message ended by a NUL byte. The page is loaded from a file (no network), and
every console error, uncaught exception and failed resource load is returned.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def chromium() -> str | None:
    """The path of a Chromium-like browser on PATH, or ``None``."""
    return next((shutil.which(name) for name in CANDIDATES if shutil.which(name)), None)


class _Pipe:
    def __init__(self, browser: str, profile: str) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # the child must see the two pipe ends as fds 3 and 4 (copied high first, in case they are 3 or 4 already)
        def _fds() -> None:
            high_r, high_w = os.dup2(to_child_r, 100), os.dup2(from_child_w, 101)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
        self.proc = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "--hide-scrollbars", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return event
        raise TimeoutError(method)

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            os.write(self._to_child, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_child)
        os.close(self._from_child)


class Browser:
    """One headless Chromium for several pages (starting it takes most of the time)::

        with Browser() as browser:
            result = browser.open(Path("report.html"))
    """

    def __init__(self, browser: str | None = None, width: int = 1200, height: int = 900) -> None:
        self.path = browser or chromium()
        if self.path is None:
            raise RuntimeError("no Chromium on PATH")
        self.width, self.height = width, height

    def __enter__(self) -> "Browser":
        self._profile = tempfile.TemporaryDirectory()
        self._pipe = _Pipe(self.path, self._profile.name)
        return self

    def __exit__(self, *exc: object) -> None:
        self._pipe.close()
        self._profile.cleanup()

    def open(self, page: Path, screenshot: Path | None = None, focus: str | None = None) -> dict:
        """Load ``page`` in a new tab; return ``{"errors": [...], "title": str, "focusable": int}``.

        ``focus`` is a CSS selector of an element to scroll to and focus before the screenshot (as a
        keyboard user reaching it with Tab would).
        """
        pipe = self._pipe
        pipe.events.clear()
        target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                pipe.send(f"{domain}.enable", session=session)
            pipe.send("Emulation.setDeviceMetricsOverride",
                      {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
                      session=session)
            pipe.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
            pipe.wait_for("Page.loadEventFired")
            time.sleep(0.1)  # let late console messages arrive
            info = pipe.send("Runtime.evaluate", {"expression": "JSON.stringify({title: document.title, "
                             "focusable: document.querySelectorAll('[tabindex], a[href], button').length})",
                             "returnByValue": True}, session=session)["result"]["value"]
            if focus:
                result = pipe.send("Runtime.evaluate", {"expression": f"(() => {{ const e = document.querySelector("
                                   f"{json.dumps(focus)}); e.scrollIntoView({{block: 'center'}}); e.focus(); "
                                   "return window.scrollY; })()", "returnByValue": True}, session=session)
                if "exceptionDetails" in result:
                    raise RuntimeError(f"could not focus {focus}: {result['exceptionDetails'].get('text')}")
                time.sleep(0.1)
            if screenshot:
                shot = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            return {"errors": _errors(pipe.events), **json.loads(info)}
        finally:
            pipe.send("Target.closeTarget", {"targetId": target})


def _errors(events: list[dict]) -> list[str]:
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append("console: " + " ".join(str(a.get("value", a.get("description", "")))
                                                 for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            errors.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            errors.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.loadingFailed":
            errors.append("network: " + params.get("errorText", ""))
    return errors


def load(page: Path, screenshot: Path | None = None, focus: str | None = None, **options: object) -> dict:
    """Open one page in a browser of its own (see :class:`Browser`)."""
    with Browser(**options) as browser:
        return browser.open(page, screenshot, focus)
