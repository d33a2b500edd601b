"""Writing output atomically, in one place: write to a temp file beside the destination, then rename
it into place, so nobody ever sees half a file and a failed write leaves the old file as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_umask_lock = threading.Lock()
_umask: int | None = None


def _process_umask() -> int:
    """The process umask, read once. Reading it means setting it, so it is done under a lock and
    only once: chapters are published from an encoder thread while the main thread writes files."""
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = os.umask(0o022)
            os.umask(_umask)
        return _umask


def temp_beside(path: Path, suffix: str | None = None) -> Path:
    """An empty private temp file in ``path``'s folder (made if missing), named after ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix if suffix is None else suffix,
                               dir=path.parent)
    os.close(fd)
    return Path(tmp)


def publish(tmp: str | Path, dest: str | Path) -> None:
    """Give a finished temp file normal permissions (mkstemp makes it private) and rename it into place."""
    os.chmod(tmp, 0o666 & ~_process_umask())
    os.replace(tmp, dest)


@contextmanager
def atomic_output(dest: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """``with atomic_output(dest) as tmp:`` write ``tmp``; it becomes ``dest`` when the block ends
    without an error, and is removed when it raises."""
    dest = Path(dest)
    tmp = temp_beside(dest, suffix)
    try:
        yield tmp
        publish(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write bytes (or UTF-8 text) to ``path`` atomically."""
    with atomic_output(path, ".tmp") as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


@contextmanager
def scratch_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """A private temp folder inside ``parent`` (the outputs' own file system, so what is made there
    is renamed into place), removed with whatever is left in it when the block ends."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def probe_writable(folder: Path) -> None:
    """Make ``folder`` if missing and create and remove a file in it; OSError when either fails."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    os.close(fd)
    os.unlink(probe)
