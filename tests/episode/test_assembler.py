"""Assembly in linear time with per-chapter loudness normalization, checked against pyloudnorm."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from voicecast.episode.assembler import assemble, limit_peaks, loudness, normalize_loudness, true_peak_db
from voicecast.planning.plan import ChapterPlan, Segment, Silence
from voicecast.text.splitter import Sentence


def _speechlike(seconds: float, rate: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    syllables = (np.sin(2 * np.pi * 4 * t) > 0).astype(np.float32)
    return (0.3 * np.sin(2 * np.pi * 220 * t) * syllables + 0.02 * rng.standard_normal(len(t))).astype(np.float32)


@pytest.mark.parametrize("rate", [24000, 44100, 48000])
def test_loudness_matches_pyloudnorm(rate):
    x = _speechlike(12, rate)
    assert loudness(x, rate) == pytest.approx(pyloudnorm.Meter(rate).integrated_loudness(x.astype(np.float64)), abs=0.01)
    assert loudness(x[: rate // 10], rate) == float("-inf")
    assert loudness(np.zeros(rate * 2, dtype=np.float32), rate) == float("-inf")


def test_normalized_to_minus_16_lufs_with_true_peak_below_minus_1():
    rate = 24000
    x = _speechlike(20, rate) * 0.05
    x[rate * 5 : rate * 5 + 50] = 0.9  # a click that would clip at the target gain
    y, lufs, peak = normalize_loudness(x, rate)
    assert lufs == pytest.approx(loudness(y, rate)) and peak == pytest.approx(true_peak_db(y, rate))
    assert pyloudnorm.Meter(rate).integrated_loudness(y.astype(np.float64)) == pytest.approx(-16.0, abs=0.3)
    assert true_peak_db(y, rate) <= -1.0


def test_limiter_leaves_quiet_audio_alone():
    x = _speechlike(3, 24000) * 0.1
    assert limit_peaks(x, 24000) is x


def test_assemble_places_cues_and_silences_exactly():
    rate = 1000
    a = np.full(500, 0.1, dtype=np.float32)
    b = np.full(250, 0.1, dtype=np.float32)
    seg = lambda text, key: Segment(Sentence(text, "zh", ()), None, "v", key, ())  # noqa: E731
    plan = ChapterPlan(1, "t", "01-t", [seg("甲。", "a"), Silence(300), seg("乙。", "b")])
    audio = assemble(plan, lambda s: {"a": a, "b": b}[s.key], rate, normalize=False)
    assert len(audio.samples) == 1050
    assert [(c.start_ms, c.end_ms, c.text) for c in audio.cues] == [(0, 500, "甲。"), (800, 1050, "乙。")]
