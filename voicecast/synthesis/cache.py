"""The content-addressed segment cache: every synthesized chunk is stored once, keyed by
everything that changes its audio, written atomically (safe when two renders run at once).

Each entry is a 16-bit mono PCM WAV carrying, after its audio, a ``vcsm`` chunk with the SHA-256 of
the audio bytes. An entry is used only when its RIFF structure is whole and the checksum matches;
anything else (truncated, a flipped bit, an entry from before checksums) counts as missing and is
synthesized again, and the new entry replaces it atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import settings
from ..atomic import write_atomic
from ..audio.audio_io import to_int16

log = logging.getLogger(__name__)
_CHECKSUM_CHUNK = b"vcsm"  # voicecast: SHA-256 of the data chunk


class DamagedEntry(ValueError):
    """Raised when a cache file is not a whole entry whose checksum matches its audio."""


def entry_bytes(audio: np.ndarray, sample_rate: int) -> bytes:
    """A cache entry: RIFF/WAVE with ``fmt``, ``data`` and the checksum chunk."""
    pcm = to_int16(audio).tobytes()
    fmt = struct.pack("<HHIIHH", 1, 1, sample_rate, sample_rate * 2, 2, 16)
    body = b"".join([b"WAVE", b"fmt ", struct.pack("<I", len(fmt)), fmt, b"data", struct.pack("<I", len(pcm)), pcm,
                     _CHECKSUM_CHUNK, struct.pack("<I", 32), hashlib.sha256(pcm).digest()])
    return b"RIFF" + struct.pack("<I", len(body)) + body


def read_entry(raw: bytes) -> tuple[np.ndarray, int]:
    """(float32 samples, sample rate) of a whole, unaltered entry; :class:`DamagedEntry` otherwise."""
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE" or struct.unpack("<I", raw[4:8])[0] != len(raw) - 8:
        raise DamagedEntry("not a whole RIFF/WAVE file")
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(raw):
        size = struct.unpack("<I", raw[pos + 4 : pos + 8])[0]
        if pos + 8 + size > len(raw):
            raise DamagedEntry("a chunk runs past the end of the file")
        chunks[raw[pos : pos + 4]] = raw[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size & 1)
    fmt, data, check = chunks.get(b"fmt "), chunks.get(b"data"), chunks.get(_CHECKSUM_CHUNK)
    if pos != len(raw) or fmt is None or len(fmt) < 16 or data is None or check is None:
        raise DamagedEntry("chunks missing (or an entry written before checksums)")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if (tag, channels, bits) != (1, 1, 16):
        raise DamagedEntry("not 16-bit mono PCM")
    if hashlib.sha256(data).digest() != check:
        raise DamagedEntry("the audio does not match its checksum")
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32767.0, rate


def cache_dir() -> Path:
    """The default segment cache: the user cache dir's (settings.defaults; the command line passes
    ``$VOICECAST_CACHE_DIR`` when it is set)."""
    return settings.defaults().cache_dir


@dataclass
class CacheInfo:
    path: str
    segments: int
    bytes: int


class SegmentCache:
    """Lossless 16-bit PCM WAV files under ``root/ab/abcdef….wav``."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else cache_dir()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def has(self, key: str) -> bool:
        """A whole entry with a matching checksum is here (reads and checks it)."""
        return self._load(key, touch=False) is not None

    def get(self, key: str) -> tuple[np.ndarray, int] | None:
        """The entry's (samples, rate), or None when it is missing or damaged. A damaged file is
        left for the re-synthesized entry to replace atomically: deleting it here could delete the
        good entry another render has just renamed into place."""
        return self._load(key, touch=True)

    def _load(self, key: str, touch: bool) -> tuple[np.ndarray, int] | None:
        p = self.path(key)
        try:
            got = read_entry(p.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, DamagedEntry) as exc:
            log.warning("cache entry %s is damaged (%s); it will be synthesized again", p, exc)
            return None
        if touch:
            try:
                os.utime(p)  # recently used: kept by `cache prune --max-size`
            except OSError:
                pass
        return got

    def frames(self, key: str) -> int:
        """Sample count of a cached segment, from its WAV header (no audio read)."""
        import wave

        with wave.open(str(self.path(key)), "rb") as w:
            return w.getnframes()

    def words(self, key: str) -> tuple[tuple[int, int, str], ...]:
        """The word timings stored with a segment (start_ms, end_ms, text), if its engine gave any."""
        try:
            data = json.loads(self.path(key).with_suffix(".json").read_text(encoding="utf-8"))
            return tuple((int(s), int(e), str(t)) for s, e, t in data["words"])
        except (OSError, ValueError, KeyError, TypeError):
            return ()

    def put(self, key: str, audio: np.ndarray, sample_rate: int, words=()) -> Path:
        """Store a segment; word timings (objects with start_ms/end_ms/text) go in a JSON file
        beside it, written first, so a WAV present means its timings are too."""
        if words:
            write_atomic(self.path(key).with_suffix(".json"),
                         json.dumps({"words": [[w.start_ms, w.end_ms, w.text] for w in words]}, ensure_ascii=False))
        return write_atomic(self.path(key), entry_bytes(audio, sample_rate))

    def info(self) -> CacheInfo:
        files = list(self.root.glob("??/*.wav")) if self.root.is_dir() else []
        return CacheInfo(str(self.root), len(files), sum(f.stat().st_size for f in files))

    def prune(self, older_than_days: float | None = None, max_bytes: int | None = None) -> tuple[int, int]:
        """Delete entries unused for ``older_than_days``, then the least recently used until the
        cache fits ``max_bytes``. Returns (files removed, bytes freed)."""
        if not self.root.is_dir():
            return 0, 0
        entries = sorted((f.stat().st_mtime, f.stat().st_size, f) for f in self.root.glob("??/*.wav"))
        removed = freed = 0
        now = time.time()
        keep = []
        for mtime, size, f in entries:
            if older_than_days is not None and now - mtime > older_than_days * 86400:
                f.unlink(missing_ok=True)
                f.with_suffix(".json").unlink(missing_ok=True)
                removed += 1
                freed += size
            else:
                keep.append((mtime, size, f))
        if max_bytes is not None:
            total = sum(s for _, s, _ in keep)
            for _, size, f in keep:
                if total <= max_bytes:
                    break
                f.unlink(missing_ok=True)
                f.with_suffix(".json").unlink(missing_ok=True)
                removed += 1
                freed += size
                total -= size
        for tmp in self.root.glob("??/.*.tmp"):  # temp files of a killed render
            if now - tmp.stat().st_mtime > 3600:
                tmp.unlink(missing_ok=True)
        return removed, freed
