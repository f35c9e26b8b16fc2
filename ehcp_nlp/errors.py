"""Named exceptions. Each carries the file, what went wrong and what to do."""
from __future__ import annotations


class EhcpNlpError(Exception):
    """Base class for errors the command line reports as one ``error:`` line."""


class InputError(EhcpNlpError):
    """A file that cannot be read as a plan.

    Args:
        path: the file concerned.
        problem: what is wrong with it, in plain words.
        action: what the user can do about it.

    Example:
        >>> str(InputError("plan.pdf", "is password-protected", "remove the password and try again"))
        'plan.pdf: is password-protected; remove the password and try again'
    """

    def __init__(self, path: str, problem: str, action: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.action = action
        super().__init__(f"{self.path}: {problem}; {action}")


class DataFileError(EhcpNlpError):
    """A rule data file inside the package is malformed."""
