"""Audio files: 16-bit PCM WAV written atomically (atomic.py) and read back."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from ..atomic import atomic_output


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    """Write mono float32 samples as 16-bit PCM WAV, atomically."""
    path = Path(path)
    with atomic_output(path, ".tmp") as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(to_int16(samples).tobytes())
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
