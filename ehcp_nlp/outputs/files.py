"""Write output files so that an interrupted run never leaves a half-written file behind."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator


@contextmanager
def atomic_open(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A file handle on a temporary file beside ``path`` that replaces ``path`` only if the block finishes;
    for outputs too large to build in memory first."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        # a file name that is not valid UTF-8 (its bytes kept as surrogates) is written as \udcff, not a crash
        text = {"encoding": "utf-8", "errors": "backslashreplace", "newline": ""}
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else text)) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    with atomic_open(path, binary=isinstance(data, bytes)) as handle:
        handle.write(data)
