"""Where voicecast keeps what it derives and downloads (the models dir: models, voice packs,
rewritten graphs, lookup tables built from installed packages), and keeping a lookup table there
for the next start."""

from __future__ import annotations

import marshal
from pathlib import Path

from . import settings
from .atomic import write_atomic


def models_dir() -> Path:
    """The default models dir: the user cache dir's (settings.defaults; the command line passes
    ``$VOICECAST_MODELS_DIR`` when it is set)."""
    return settings.defaults().models_dir


def read_kept_table(path: Path) -> dict | None:
    """A lookup table kept in the models dir (marshal), or None when it is missing or unreadable."""
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return table if isinstance(table, dict) and table else None


def keep_table(path: Path, table: dict, family: str) -> None:
    """Keep a lookup table for the next start, and drop the tables of its family (the files whose
    names start with ``family``) that older package versions left. A failed write only costs the
    next start the work of building it again."""
    try:
        write_atomic(path, marshal.dumps(table))
        for stale in path.parent.glob(f"{family}*{path.suffix}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
