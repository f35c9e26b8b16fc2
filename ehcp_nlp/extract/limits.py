"""Resource limits for reading untrusted files, validated on creation."""
from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much a single file may cost to read.

    Attributes:
        max_file_bytes: refuse files larger than this on disk (default 200 MB,
            ``EHCP_NLP_MAX_FILE_MB`` overrides).
        max_unzipped_bytes: refuse a DOCX whose parts would inflate beyond this
            in total (default 300 MB): protects against zip bombs.
        max_zip_ratio: refuse a DOCX part compressed more than this many times
            (default 200; ordinary Word XML compresses about 5-20 times).
        max_pages: refuse PDFs with more pages than this (default 3,000).
        max_read_seconds: reading one file (parsing, not checking) must end within this
            (default 20 s, ``EHCP_NLP_READ_SECONDS`` overrides); see :mod:`.guard`.
        max_read_mb: memory the reading may take beyond what the program already uses
            (default 2,048 MB, ``EHCP_NLP_READ_MB`` overrides).
        max_text_chars: refuse a document holding more text than this once read (default
            2,000,000 characters, several hundred pages; a plan is rarely a tenth of it).
    """

    max_file_bytes: int = 200 * MB
    max_unzipped_bytes: int = 300 * MB
    max_zip_ratio: float = 200.0
    max_pages: int = 3000
    max_read_seconds: float = 20.0
    max_read_mb: int = 2048
    max_text_chars: int = 2_000_000

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_unzipped_bytes", "max_zip_ratio", "max_pages", "max_read_seconds",
                     "max_read_mb", "max_text_chars"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")

    @classmethod
    def from_env(cls) -> "Limits":
        """Defaults, with ``EHCP_NLP_MAX_FILE_MB``, ``EHCP_NLP_READ_SECONDS`` and ``EHCP_NLP_READ_MB``
        applied when set (a value that is not a positive number is ignored)."""
        changes: dict[str, float | int] = {}
        for variable, name, scale in (("EHCP_NLP_MAX_FILE_MB", "max_file_bytes", MB),
                                      ("EHCP_NLP_READ_SECONDS", "max_read_seconds", 0),
                                      ("EHCP_NLP_READ_MB", "max_read_mb", 1)):
            value = _positive(os.environ.get(variable))
            if value is not None:
                changes[name] = value if scale == 0 else int(value * scale)
        return cls(**changes)


def _positive(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and 0 < value < float("inf") else None
