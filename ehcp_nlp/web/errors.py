"""The one error type of the web app's handlers: a request refused, with its status and a one-line message."""
from __future__ import annotations


class ApiError(Exception):
    """A request the API refuses: ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, " ".join(message.split())
