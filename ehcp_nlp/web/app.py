"""The web app's assembly: :func:`create_app` over a batch folder (see :mod:`ehcp_nlp.web`)."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from .state import STATIC, WebState

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
log = logging.getLogger(__name__)


def create_app(outdir: str | os.PathLike[str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> Any:
    """The Starlette application serving the batch folder ``outdir`` (created if new) at ``host:port``.

    The JSON API is mounted first, then the HTML pages of :mod:`ehcp_nlp.web.pages` (if that module
    is there), the static files at ``/static``, and the security middleware (Host, Origin and CSRF
    token checks, :mod:`ehcp_nlp.web.security`) around all of it. ``app.state.web`` is the
    :class:`~ehcp_nlp.web.state.WebState`.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from .api import api_routes, error_handlers
    from .uploads import Uploads
    from .security import SecurityMiddleware

    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    state = WebState(folder)
    state.uploads = Uploads(state)
    waiting = state.uploads.resume()
    if waiting:
        log.warning("%d added file(s) were not yet reviewed when the workspace last stopped; reviewing them now",
                    waiting)
    routes: list[Any] = list(api_routes(state))
    routes.extend(_page_routes(state))
    if STATIC.is_dir():
        routes.append(Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"))
    app = Starlette(routes=routes, exception_handlers=error_handlers(),
                    middleware=[Middleware(SecurityMiddleware, host=host, port=port, token=state.token)])
    app.state.web = state
    app.state.host, app.state.port = host, port
    return app


def _page_routes(state: WebState) -> list[Any]:
    """The HTML pages' routes, or none if the pages module is not there (the API still works)."""
    try:
        from . import pages
    except ImportError as exc:
        if getattr(exc, "name", None) not in ("ehcp_nlp.web.pages", None):
            log.warning("the pages could not be loaded (%s); only the API is served", exc)
        return []
    page_routes = getattr(pages, "page_routes", None)
    return list(page_routes(state)) if page_routes is not None else []
