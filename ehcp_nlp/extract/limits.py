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
    """

    max_file_bytes: int = 200 * MB
    max_unzipped_bytes: int = 300 * MB
    max_zip_ratio: float = 200.0
    max_pages: int = 3000

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_unzipped_bytes", "max_zip_ratio", "max_pages"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")

    @classmethod
    def from_env(cls) -> "Limits":
        """Defaults, with ``EHCP_NLP_MAX_FILE_MB`` applied when set."""
        value = os.environ.get("EHCP_NLP_MAX_FILE_MB")
        return cls(max_file_bytes=int(float(value) * MB)) if value else cls()
