"""Writing files atomically (temp name, then rename), so nobody ever sees half a file: audio and
any other output."""

from __future__ import annotations

import os
import tempfile
import threading
import wave
from pathlib import Path

import numpy as np

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


def publish(tmp: str | Path, dest: str | Path) -> None:
    """Give a finished temp file normal permissions (mkstemp makes it private) and rename it into place."""
    os.chmod(tmp, 0o666 & ~_process_umask())
    os.replace(tmp, dest)


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write bytes (or UTF-8 text) to ``path`` through a temp file beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    """Write mono float32 samples as 16-bit PCM WAV, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            w.writeframes(to_int16(samples).tobytes())
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples and the sample rate of a 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM WAV is supported")
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        channels = w.getnchannels()
        rate = w.getframerate()
    if channels > 1:
        frames = frames.reshape(-1, channels).mean(axis=1)
    return (frames.astype(np.float32) / 32767.0), rate


def voiced_span(audio: np.ndarray, sample_rate: int, threshold_db: float = -45.0, keep_ms: int = 25) -> tuple[int, int]:
    """(start, end) sample indices without an engine's leading and trailing near-silence, keeping a
    short natural margin; the assembler adds the real pauses. (0, 0) for pure silence."""
    if audio.size == 0:
        return 0, 0
    peak = float(np.max(np.abs(audio)))
    if peak == 0:
        return 0, 0
    loud = np.flatnonzero(np.abs(audio) > peak * 10 ** (threshold_db / 20))
    keep = int(sample_rate * keep_ms / 1000)
    return max(0, int(loud[0]) - keep), min(audio.size, int(loud[-1]) + keep)
