"""A bound on what a ZIP-based document (EPUB, DOCX) may inflate to, read from its central
directory before any entry is opened: an archive bomb gets one clear line, in milliseconds, with
its memory never spent. (zipfile reads an entry only up to the size the directory declares, so a
lying header ends in a CRC error, not in more memory.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import ScriptError

MAX_ENTRY_BYTES = 64 << 20  # one chapter, one picture: far below this in any real book
MAX_TOTAL_BYTES = 256 << 20
MAX_ENTRIES = 20_000


def check_archive(path: Path) -> None:
    """Refuse ``path`` when its entries would inflate past the bounds above. A file that is not a
    ZIP archive is left to its reader, which says so."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return
    if len(infos) > MAX_ENTRIES:
        raise ScriptError(f"holds {len(infos):,} files, more than a document has (at most {MAX_ENTRIES:,}); "
                          "it may be an archive bomb", str(path))
    big = max(infos, key=lambda i: i.file_size, default=None)
    total = sum(i.file_size for i in infos)
    if big is not None and (big.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES):
        raise ScriptError(f"too large when uncompressed: {total / 2**20:,.0f} MiB in all, {big.filename!r} alone "
                          f"{big.file_size / 2**20:,.0f} MiB (voicecast reads at most {MAX_ENTRY_BYTES >> 20} MiB a "
                          f"file and {MAX_TOTAL_BYTES >> 20} MiB in all); it may be an archive bomb", str(path))
