"""Assembling a chapter: cached segments and silences joined once (linear time), then loudness
normalized per chapter to the podcast norm (−16 LUFS integrated, true peak ≤ −1 dBTP)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..planning.plan import ChapterPlan, Segment, Silence

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
    words: tuple[tuple[int, int, str], ...] = ()  # (start_ms, end_ms, text) inside the chapter, if known


@dataclass
class ChapterAudio:
    samples: np.ndarray  # float32 mono, normalized
    sample_rate: int
    cues: list[Cue]
    loudness_lufs: float
    true_peak_dbtp: float
    placements: list[tuple[int, int, str | None]] = field(default_factory=list)  # (first sample, samples, speaker)

    @property
    def duration_ms(self) -> int:
        return int(round(len(self.samples) * 1000 / self.sample_rate))


def assemble(plan: ChapterPlan, audio_for: Callable[[Segment], np.ndarray], sample_rate: int,
             normalize: bool = True, length_of: Callable[[Segment], int] | None = None,
             words_of: Callable[[Segment], tuple] | None = None) -> ChapterAudio:
    """Join a chapter's segments and silences in linear time, then normalize it.

    With ``length_of`` (segment → sample count, e.g. from a WAV header) the chapter buffer is
    allocated once and filled in place, so only one segment is in memory besides it. With
    ``words_of`` (segment → word timings relative to the segment) each cue carries its words.
    """
    lengths: list[int] = []
    samples: np.ndarray | None = None
    parts: list[np.ndarray] = []
    if length_of is not None:
        lengths = [int(round(sample_rate * i.ms / 1000)) if isinstance(i, Silence) else length_of(i) for i in plan.items]
        samples = np.zeros(sum(lengths), dtype=np.float32)
    cues: list[Cue] = []
    placements: list[tuple[int, int, str | None]] = []
    pos = 0
    for k, item in enumerate(plan.items):
        if isinstance(item, Silence):
            n = int(round(sample_rate * item.ms / 1000))
            if samples is None:
                parts.append(np.zeros(n, dtype=np.float32))
        else:
            audio = np.asarray(audio_for(item), dtype=np.float32)
            n = len(audio)
            if samples is None:
                parts.append(audio)
            else:
                if n != lengths[k]:
                    raise ValueError(f"segment {item.key[:12]} has {n} samples, its header said {lengths[k]}")
                samples[pos : pos + n] = audio
            start = _ms(pos, sample_rate)
            words = tuple((start + s, start + e, t) for s, e, t in words_of(item)) if words_of else ()
            cues.append(Cue(start, _ms(pos + n, sample_rate), item.sentence.text, item.sentence.lang, item.speaker,
                            words))
            placements.append((pos, n, item.speaker))
        pos += n
    if samples is None:
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        del parts
    if normalize and samples.size:
        samples, lufs, peak = normalize_loudness(samples, sample_rate, in_place=True)  # our own buffer
    else:
        lufs, peak = loudness(samples, sample_rate), true_peak_db(samples, sample_rate)
    return ChapterAudio(samples, sample_rate, cues, lufs, peak, placements)


def _ms(samples: int, rate: int) -> int:
    return int(round(samples * 1000 / rate))


_BLOCK = 1 << 20  # samples per processing block: memory stays bounded for long chapters


def _biquad(kind: str, fc: float, gain_db: float, q: float, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """RBJ audio-EQ-cookbook biquad coefficients (b, a), as BS.1770's K-weighting uses them."""
    a_gain = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * fc / rate
    alpha = np.sin(w0) / (2 * q)
    cos = np.cos(w0)
    if kind == "high_shelf":
        sq = 2 * np.sqrt(a_gain) * alpha
        b = [a_gain * ((a_gain + 1) + (a_gain - 1) * cos + sq), -2 * a_gain * ((a_gain - 1) + (a_gain + 1) * cos),
             a_gain * ((a_gain + 1) + (a_gain - 1) * cos - sq)]
        a = [(a_gain + 1) - (a_gain - 1) * cos + sq, 2 * ((a_gain - 1) - (a_gain + 1) * cos),
             (a_gain + 1) - (a_gain - 1) * cos - sq]
    else:  # high pass
        b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        a = [1 + alpha, -2 * cos, 1 - alpha]
    num, den = np.array(b), np.array(a)
    return num / den[0], den / den[0]


def loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4, mono) in LUFS; −inf for silence or under 400 ms.

    K-weighting runs block by block with the filter state carried over, and the gating works on
    100 ms sub-blocks (400 ms windows, 75 % overlap), so memory stays flat for any length.
    """
    from scipy.signal import lfilter, lfilter_zi

    step = int(round(0.1 * sample_rate))
    if len(samples) < 4 * step:
        return float("-inf")
    filters = [_biquad("high_shelf", 1500.0, 4.0, 1 / np.sqrt(2), sample_rate),
               _biquad("high_pass", 38.0, 0.0, 0.5, sample_rate)]
    states = [lfilter_zi(b, a) * 0.0 for b, a in filters]
    sums: list[np.ndarray] = []
    carry = np.zeros(0)
    for start in range(0, len(samples), _BLOCK):
        y = samples[start : start + _BLOCK].astype(np.float64)
        for i, (b, a) in enumerate(filters):
            y, states[i] = lfilter(b, a, y, zi=states[i])
        y = np.concatenate([carry, y])
        whole = len(y) // step * step
        sums.append((y[:whole] ** 2).reshape(-1, step).sum(axis=1))
        carry = y[whole:]
    sub = np.concatenate(sums)
    if len(sub) < 4:
        return float("-inf")
    windows = (sub[:-3] + sub[1:-2] + sub[2:-1] + sub[3:]) / (4 * step)
    power = windows[windows > 10 ** ((-70 + 0.691) / 10)]  # absolute gate, −70 LUFS
    if power.size == 0:
        return float("-inf")
    relative = 10 * np.log10(power.mean()) - 0.691 - 10  # relative gate, −10 LU
    gated = power[power > 10 ** ((relative + 0.691) / 10)]
    return float(-0.691 + 10 * np.log10(gated.mean())) if gated.size else float("-inf")


@lru_cache(maxsize=1)
def _interpolator() -> np.ndarray:
    """4× interpolation filter, 48 taps (12 per phase) as in BS.1770-4 Annex 2, as a (4, 12) array
    of polyphase components."""
    from scipy.signal import firwin

    taps = firwin(48, 0.25 * 0.9, window=("kaiser", 8.0)) * 4
    return taps.reshape(12, 4).T.astype(np.float32)


def _block_peaks(samples: np.ndarray, block: int = 16, floor: float = 0.0) -> np.ndarray:
    """The true (4× oversampled) peak magnitude of every ``block`` samples, as an array of
    ``ceil(len / block)`` values: memory is a sixteenth of the audio's. Stretches whose sample
    peak is below ``floor`` / 2 (more than interpolation can add) keep their plain peaks."""
    phases = _interpolator()
    n_blocks = -(-len(samples) // block)
    out = np.zeros(n_blocks, dtype=np.float32)
    step, pad = block * 4096, 12
    for start in range(0, len(samples), step):
        n = min(step, len(samples) - start)
        mags = np.abs(samples[start : start + n]).astype(np.float32)
        if not floor or float(mags.max()) >= floor / 2:
            lo = max(0, start - pad)
            chunk = samples[lo : start + n + pad].astype(np.float32)
            offset = start - lo
            for h in phases[1:]:
                y = np.abs(np.convolve(chunk, h, mode="full")[6 : 6 + len(chunk)])
                np.maximum(mags, y[offset : offset + n], out=mags)
        whole = n // block * block
        b0 = start // block
        out[b0 : b0 + whole // block] = mags[:whole].reshape(-1, block).max(axis=1)
        if whole < n:
            out[b0 + whole // block] = mags[whole:].max()
    return out


def true_peak_db(samples: np.ndarray, sample_rate: int) -> float:
    """True peak in dBTP, estimated with 4× oversampling (as BS.1770 describes)."""
    if samples.size == 0:
        return float("-inf")
    peak = float(_block_peaks(samples).max())
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def normalize_loudness(samples: np.ndarray, sample_rate: int, target_lufs: float = TARGET_LUFS,
                       in_place: bool = False) -> tuple[np.ndarray, float, float]:
    """Gain to the target loudness, then a look-ahead peak limiter so true peak stays ≤ −1 dBTP.
    Returns the samples with their final loudness (LUFS) and true peak (dBTP). ``in_place`` may
    overwrite ``samples`` (a buffer the caller owns) instead of copying it."""
    out = samples if not in_place else samples.view()
    measured = loudness(out, sample_rate)
    for _ in range(3):  # the limiter lowers loudness a little; make up for it and limit again
        if not np.isfinite(measured) or abs(measured - target_lufs) < 0.25:
            break
        gain = np.float32(10 ** ((target_lufs - measured) / 20))
        if out is samples:
            out = out * gain  # the one copy: the caller's samples stay as they were (unless in_place)
        else:
            out *= gain
        out = limit_peaks(out, sample_rate, in_place=True)
        measured = loudness(out, sample_rate)
    return out, measured, true_peak_db(out, sample_rate)


def limit_peaks(samples: np.ndarray, sample_rate: int, ceiling_db: float = _LIMIT_DBTP,
                hold_ms: float = 5.0, release_ms: float = 60.0, in_place: bool = False) -> np.ndarray:
    """A transparent brick-wall limiter: the gain each (oversampled) peak needs is held for a few
    ms around it and smoothed, so the gain never rises above what any nearby peak allows. The gain
    curve is computed per 16-sample block, which keeps long chapters fast and memory flat."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = np.float32(10 ** (ceiling_db / 20))
    block = 16
    peaks = _block_peaks(samples, block, floor=float(ceiling))
    if float(peaks.max(initial=0.0)) <= ceiling:
        return samples
    whole = len(samples) // block * block
    needed = np.minimum(np.float32(1.0), ceiling / np.maximum(peaks, np.float32(1e-9)))
    rate = sample_rate / block
    hold = max(3, int(rate * (hold_ms + release_ms) / 1000) | 1)
    smooth = max(1, int(rate * release_ms / 1000))
    gain = uniform_filter1d(minimum_filter1d(needed, size=hold), size=smooth)
    # A neighbour's lower need wins at block edges, so no peak slips through between blocks.
    gain = np.minimum(gain, np.minimum(np.roll(gain, 1), np.roll(gain, -1)))
    out = samples if in_place else samples.copy()
    out[:whole].reshape(-1, block)[...] *= gain[: whole // block, None]
    if whole < len(out):
        out[whole:] *= gain[-1]
    return out
