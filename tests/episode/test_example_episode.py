"""The example episode a newcomer renders first (examples/interview.md, the real offline engine)
sounds produced: an intro, a bed under the talk, a sting between chapters and an outro. Each is
found in the decoded episode by a matched filter against its own file; chapter marks are read by
ffprobe, loudness by pyloudnorm, the bed's level under the speech from the stems."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import REPO, decoded, tool

from voicecast.cli.main import cli

RATE = 24000
MUSIC = REPO / "examples" / "music"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    cache = out.parent / "cache"
    result = CliRunner().invoke(cli, ["render", str(REPO / "examples" / "interview.md"), "--voices",
                                      str(REPO / "voices.yaml"), "-o", str(out), "--stems", "--quiet"],
                                env={"VOICECAST_CACHE_DIR": str(cache)})
    assert result.exit_code == 0, result.output
    report = json.loads((out / "render.json").read_text(encoding="utf-8"))
    assert report["synthesized"] > 0  # a fresh cache: the engine spoke every sentence
    return out, decoded(out / "episode.mp3", RATE)


def _cues(out) -> list[tuple[float, float, str]]:
    cues = json.loads((out / "cues.json").read_text(encoding="utf-8"))
    return [(c["start_ms"] / 1000, c["end_ms"] / 1000, c.get("speaker", "")) for c in cues]


def _matches(audio: np.ndarray, clip: np.ndarray, count: int) -> list[tuple[float, float]]:
    """The ``count`` best places (seconds, normalized correlation) of ``clip`` in ``audio``, a
    second apart at least."""
    size = 1 << int(np.ceil(np.log2(len(audio) + len(clip))))
    corr = np.fft.irfft(np.fft.rfft(audio, size) * np.conj(np.fft.rfft(clip, size)), size)[: len(audio) - len(clip) + 1]
    energy = np.concatenate([[0.0], np.cumsum(audio**2)])
    ncc = corr / (np.sqrt(energy[len(clip):] - energy[: -len(clip)] + 1e-12) * np.linalg.norm(clip))
    picks: list[int] = []
    for at in np.argsort(ncc)[::-1]:
        if all(abs(at - p) > RATE for p in picks):
            picks.append(int(at))
        if len(picks) == count:
            break
    return [(p / RATE, float(ncc[p])) for p in picks]


@pytest.mark.slow
def test_the_example_has_an_intro_stings_and_an_outro_around_chapters_that_start_at_speech(example):
    out, audio = example
    probe = json.loads(subprocess.run([tool("ffprobe"), "-v", "error", "-show_chapters", "-of", "json",
                                       str(out / "episode.mp3")], capture_output=True, text=True, check=True).stdout)
    starts = [float(c["start_time"]) for c in probe["chapters"]]
    cues = _cues(out)
    assert len(starts) == 3 and starts[0] == 0.0
    for start in starts[1:]:  # a later chapter's mark is its first word
        assert min(c[0] for c in cues if c[0] >= start - 0.01) == pytest.approx(start, abs=0.02)
    intro = decoded(MUSIC / "intro.mp3", RATE)
    (at, score), = _matches(audio, intro, 1)
    assert at == pytest.approx(0.0, abs=0.02) and score > 0.7
    assert len(intro) / RATE - 3.0 < cues[0][0] < len(intro) / RATE  # the first words over the intro's tail
    stings = sorted(_matches(audio, decoded(MUSIC / "sting.mp3", RATE), 2))
    for (at, score), start in zip(stings, starts[1:], strict=True):
        last_word = max(c[1] for c in cues if c[1] <= start)
        assert score > 0.9 and last_word - 0.05 <= at and at + 1.2 <= start + 0.01, (at, score, start)
    (at, score), = _matches(audio, decoded(MUSIC / "outro.mp3", RATE), 1)
    assert score > 0.8 and at >= cues[-1][1] - 0.05
    assert len(audio) / RATE == pytest.approx(at + 7.0, abs=0.1)  # the outro ends the episode


@pytest.mark.slow
def test_the_example_is_at_minus_16_lufs_with_the_bed_well_under_the_speech(example):
    import pyloudnorm

    out, audio = example
    assert pyloudnorm.Meter(RATE).integrated_loudness(audio) == pytest.approx(-16.0, abs=1.0)
    music = decoded(out / "stems" / "music.flac", RATE)
    speech = sum(decoded(p, RATE) for p in (out / "stems").glob("*.flac") if p.stem != "music")
    for start, end, _ in _cues(out):
        span = slice(int(start * RATE), int(end * RATE))
        speech_db = 10 * np.log10(np.mean(speech[span] ** 2))
        bed_db = 10 * np.log10(np.mean(music[span] ** 2) + 1e-20)
        assert -60 < bed_db <= speech_db - 10, (start, bed_db, speech_db)  # there, and well under the words
