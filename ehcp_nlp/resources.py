"""Load the rule data files shipped inside the package (``ehcp_nlp/data``)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from .errors import DataFileError


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """Return the parsed contents of ``ehcp_nlp/data/NAME`` (cached)."""
    path = resources.files("ehcp_nlp").joinpath("data", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"data file {name} could not be read: {exc}") from exc


def check_keys(name: str, entry: dict[str, Any], allowed: Iterable[str],
               required: Iterable[str] = ()) -> None:
    """Raise :class:`DataFileError` for unknown or missing keys in one entry."""
    unknown = set(entry) - set(allowed)
    if unknown:
        raise DataFileError(f"data file {name}: unknown key(s) {sorted(unknown)} in {entry!r}")
    absent = set(required) - set(entry)
    if absent:
        raise DataFileError(f"data file {name}: missing key(s) {sorted(absent)} in {entry!r}")


def compile_pattern(name: str, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a regular expression from a data file, naming the file if it is bad."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataFileError(f"data file {name}: bad pattern {pattern!r}: {exc}") from exc
