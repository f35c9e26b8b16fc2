"""The auditor's workspace: a local web app over a batch output folder (``ehcp-nlp serve OUTDIR``).

:func:`create_app` builds the Starlette application: the JSON API (:mod:`.api`), the HTML pages
(:mod:`.pages`, when present), the static files, and the security middleware (:mod:`.security`)
that refuses requests for another host (DNS rebinding) and state-changing requests from another
origin or without the page's CSRF token. Everything the app shows or records lives in the batch
folder: the stored results (``results/``) and the decisions (``audit.db``).
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
