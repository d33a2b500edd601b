"""The content-addressed segment cache: every synthesized chunk is stored once, keyed by
everything that changes its audio, written atomically (safe when two renders run at once)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio_io import read_wav, write_atomic, write_wav


def cache_dir() -> Path:
    """``$VOICECAST_CACHE_DIR`` or the user cache dir."""
    env = os.environ.get("VOICECAST_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicecast")) / "segments"


def segment_key(engine_identity: str, voice: str, text: str, lang: str, options: dict) -> str:
    """SHA-256 over the engine (and model checksum), voice, options, normalized text and lexicon."""
    payload = json.dumps(
        {"engine": engine_identity, "voice": voice, "text": " ".join(text.split()), "lang": lang, "options": options},
        ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
        return self.path(key).is_file()

    def get(self, key: str) -> tuple[np.ndarray, int] | None:
        p = self.path(key)
        try:
            audio, rate = read_wav(p)
        except (FileNotFoundError, EOFError):
            return None
        except Exception:  # a damaged entry is re-synthesized, never trusted
            p.unlink(missing_ok=True)
            return None
        try:
            os.utime(p)  # recently used: kept by `cache prune --max-size`
        except OSError:
            pass
        return audio, rate

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
        return write_wav(self.path(key), audio, sample_rate)

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
