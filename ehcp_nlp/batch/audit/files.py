"""Files written beside ``audit.db`` safely: new hidden files, synced, renamed into place."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _write_synced(file: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``file``, sync it, rename it into place and sync the folder."""
    fd, temporary = _new_file_beside(file)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(file.parent)


def _new_file_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, hidden file in ``path``'s folder, open for writing, with the permissions the umask gives
    (as audit.db always had, so colleagues sharing the folder can still use it; ``mkstemp`` would give 0600)."""
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), \
                candidate
        except FileExistsError:
            continue


def _fsync_folder(folder: Path) -> None:
    """Sync a folder's entries (a rename or a new link) to disk, where the system allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
