"""Assembling a chapter: cached segments and silences joined once (linear time), then loudness
normalized per chapter to the podcast norm (−16 LUFS integrated, true peak ≤ −1 dBTP)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .plan import ChapterPlan, Segment, Silence

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.0
_LIMIT_DBTP = -1.5  # limiter ceiling, below the limit to allow for inter-sample error


@dataclass(frozen=True)
class Cue:
    """When a segment is heard inside its chapter."""

    start_ms: int
    end_ms: int
    text: str
    lang: str
    speaker: str | None


@dataclass
class ChapterAudio:
    samples: np.ndarray  # float32 mono, normalized
    sample_rate: int
    cues: list[Cue]
    loudness_lufs: float
    true_peak_dbtp: float

    @property
    def duration_ms(self) -> int:
        return int(round(len(self.samples) * 1000 / self.sample_rate))


def assemble(plan: ChapterPlan, audio_for: Callable[[Segment], np.ndarray], sample_rate: int,
             normalize: bool = True) -> ChapterAudio:
    """Join a chapter's segments and silences with one concatenation, then normalize it."""
    parts: list[np.ndarray] = []
    cues: list[Cue] = []
    pos = 0
    for item in plan.items:
        if isinstance(item, Silence):
            n = int(round(sample_rate * item.ms / 1000))
            parts.append(np.zeros(n, dtype=np.float32))
        else:
            audio = np.asarray(audio_for(item), dtype=np.float32)
            n = len(audio)
            parts.append(audio)
            cues.append(Cue(_ms(pos, sample_rate), _ms(pos + n, sample_rate), item.sentence.text, item.sentence.lang,
                            item.speaker))
        pos += n
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    if normalize and samples.size:
        samples = normalize_loudness(samples, sample_rate)
    return ChapterAudio(samples, sample_rate, cues, loudness(samples, sample_rate), true_peak_db(samples, sample_rate))


def _ms(samples: int, rate: int) -> int:
    return int(round(samples * 1000 / rate))


def loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4) in LUFS; −inf for silence or very short audio."""
    import pyloudnorm

    if len(samples) < int(0.4 * sample_rate):
        return float("-inf")
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples.astype(np.float64)))


def true_peak_db(samples: np.ndarray, sample_rate: int) -> float:
    """True peak in dBTP, estimated with 4× oversampling (as BS.1770 describes)."""
    if samples.size == 0:
        return float("-inf")
    from scipy.signal import resample_poly

    peak = float(np.max(np.abs(resample_poly(samples, 4, 1))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def normalize_loudness(samples: np.ndarray, sample_rate: int, target_lufs: float = TARGET_LUFS) -> np.ndarray:
    """Gain to the target loudness, then a look-ahead peak limiter so true peak stays ≤ −1 dBTP."""
    out = samples
    for _ in range(3):  # the limiter lowers loudness a little; make up for it and limit again
        measured = loudness(out, sample_rate)
        if not np.isfinite(measured) or abs(measured - target_lufs) < 0.1:
            break
        out = limit_peaks(out * np.float32(10 ** ((target_lufs - measured) / 20)), sample_rate)
    return out


def limit_peaks(samples: np.ndarray, sample_rate: int, ceiling_db: float = _LIMIT_DBTP,
                hold_ms: float = 5.0, release_ms: float = 60.0) -> np.ndarray:
    """A transparent brick-wall limiter: the gain each (oversampled) peak needs is held for a few
    ms around it and smoothed, so the gain never rises above what any nearby peak allows."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d
    from scipy.signal import resample_poly

    ceiling = 10 ** (ceiling_db / 20)
    over = np.abs(resample_poly(samples, 4, 1)).reshape(-1, 4).max(axis=1)[: len(samples)]
    if over.size < samples.size:
        over = np.pad(over, (0, samples.size - over.size))
    if float(over.max(initial=0.0)) <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(over, 1e-9))
    hold = max(1, int(sample_rate * (hold_ms + release_ms) / 1000))
    smooth = max(1, int(sample_rate * release_ms / 1000))
    gain = minimum_filter1d(needed, size=hold)
    gain = uniform_filter1d(gain, size=smooth)
    gain = np.minimum(gain, minimum_filter1d(needed, size=3))  # never above what a peak allows
    return (samples * gain).astype(np.float32)
