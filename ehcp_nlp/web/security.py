"""Safe on a shared council laptop: the checks every request passes before the app sees it.

- **Host** (DNS rebinding): a page on another site whose name is made to resolve to 127.0.0.1 sends
  its own name in ``Host``; only the served ``host:port`` (and ``localhost``/``127.0.0.1``/``[::1]``
  with the same port) are answered, anything else gets 400.
- **Origin and CSRF token**: a state-changing request (anything but GET, HEAD, OPTIONS) is refused
  with 403 when its ``Origin`` is present and not the served origin, or when it does not carry the
  ``X-CSRF-Token`` header equal to the token this server start made (every page carries it in
  ``<meta name="csrf-token" content="…">``).

Refusals are JSON ``{"error": "…"}``, like every other error of the API.
"""
from __future__ import annotations

import json
import secrets
from typing import Any, Awaitable, Callable

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_HEADER = "x-csrf-token"
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def new_token() -> str:
    """A fresh random CSRF token (made once per server start)."""
    return secrets.token_urlsafe(32)


def _host_name(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values answered: the served address, and the local names, with the port."""
    names = {_host_name(host).lower(), *LOCAL_NAMES}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # browsers leave out the default port
        hosts |= names
    return frozenset(hosts)


def allowed_origins(host: str, port: int) -> frozenset[str]:
    return frozenset(f"http://{value}" for value in allowed_hosts(host, port))


class SecurityMiddleware:
    """ASGI middleware applying the Host, Origin and CSRF-token checks (see the module's notes)."""

    def __init__(self, app: Callable[..., Awaitable[None]], host: str, port: int,
                 token: str | Callable[[], str]) -> None:
        self.app = app
        self.hosts = allowed_hosts(host, port)
        self.origins = allowed_origins(host, port)
        self._token = token

    @property
    def token(self) -> str:
        return self._token() if callable(self._token) else self._token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "").strip().lower()
        if host not in self.hosts:
            await _refuse(send, 400, "this address is not served here; open the address 'ehcp-nlp serve' printed")
            return
        method = scope.get("method", "GET").upper()
        if method not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None and origin.strip().lower() not in self.origins:
                await _refuse(send, 403, "refused: the request came from another site")
                return
            sent = headers.get(TOKEN_HEADER, "")
            if not sent or not secrets.compare_digest(sent.encode("utf-8", "replace"),
                                                      self.token.encode("utf-8")):
                await _refuse(send, 403, "refused: the page's token is missing or out of date; reload the page "
                                         "and try again")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
