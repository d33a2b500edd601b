"""Music from voices.yaml, mixed at assembly: an intro before the first chapter (the speech starts
over its tail), a bed under the speech ducked by it, a sting between chapters, an outro after the
last. Read back independently: chapter marks by ffprobe, loudness by pyloudnorm, the bed's level
from the spectrum (the bed is a 55 Hz tone, below every fake voice's pitch). The music is made here
from tones; nothing is downloaded."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import decoded, tool

from voicecast.audio.audio_io import write_wav
from voicecast.audio.encode import ffmpeg_exe
from voicecast.engines.fake import FakeEngine
from voicecast.episode.music import loop_to, speech_gate
from voicecast.errors import VoiceConfigError
from voicecast.parsing import parse_file
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache

RATE = 24000
BED_HZ = 55.0
SCRIPT = """---
title: 音乐测试
---
# 第一章

甲: 大家好，欢迎收听本期节目。

乙: 谢谢邀请，很高兴来到这里。今天我们聊一聊开源模型的未来。

# 第二章

甲: 我们先从数据说起。

乙: 好的，这是一个很大的话题。

# 第三章

甲: 今天就到这里，谢谢大家，再见。
"""
VOICES = """speakers:
  甲: {kokoro: zm_yunxi}
  乙: {kokoro: zf_xiaoxiao}
pauses: {turn: 3000}
music: {intro: music/intro.wav, outro: music/outro.flac, sting: music/sting.wav, bed: music/bed.flac}
"""


def _tone(path: Path, seconds: float, freqs: list[float], amp: float = 0.3) -> Path:
    t = np.arange(int(seconds * RATE)) / RATE
    audio = (sum(np.sin(2 * np.pi * f * t) for f in freqs) * amp / len(freqs)).astype(np.float32)
    wav = path.with_suffix(".wav")
    write_wav(wav, audio, RATE)
    if path.suffix != ".wav":  # any format ffmpeg reads
        subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), str(path)], check=True)
        wav.unlink()
    return path


def _music(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _tone(folder / "intro.wav", 4.0, [261.6, 329.6, 392.0])
    _tone(folder / "outro.flac", 3.0, [196.0, 246.9, 293.7])
    _tone(folder / "sting.wav", 1.0, [880.0, 1320.0])
    _tone(folder / "bed.flac", 2.5, [BED_HZ])


def _render(root: Path, voices_text: str = VOICES, script_text: str = SCRIPT, engine: FakeEngine | None = None):
    (root / "voices.yaml").write_text(voices_text, encoding="utf-8")
    (root / "s.md").write_text(script_text, encoding="utf-8")
    voices = parse_voices(voices_text, str(root / "voices.yaml"))
    script = parse_file(root / "s.md", known_speakers=voices.known_speakers())
    return render(script, voices, RenderOptions(outdir=root / "out", formats=("mp3",)), engine=engine or FakeEngine(),
                  cache=SegmentCache(root / "cache"))


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    root = tmp_path_factory.mktemp("music")
    _music(root / "music")
    report = _render(root)
    return root, report


def _band_db(audio: np.ndarray, lo: float, hi: float) -> float:
    """Power in the band lo–hi Hz, in dB."""
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio)))) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / RATE)
    return float(10 * np.log10(spectrum[(freqs >= lo) & (freqs <= hi)].sum() + 1e-20))


def _cues(folder: Path) -> list[tuple[float, float]]:
    import webvtt

    def sec(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    return [(sec(c.start), sec(c.end)) for c in webvtt.read(str(folder / "episode.vtt"))]


def test_chapters_start_at_their_speech_and_the_intro_comes_first(episode):
    tool("ffprobe")
    root, report = episode
    out = root / "out"
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(out / "episode.mp3")],
                                      capture_output=True, text=True, check=True).stdout)
    starts = [float(c["start_time"]) for c in probe["chapters"]]
    cues = _cues(out)
    assert starts[0] == 0.0
    # Speech starts over the intro's tail: 4 s of intro, 1.5 s of it under the first words.
    assert cues[0][0] == pytest.approx(2.5, abs=0.05)
    assert report.chapters[0].speech_start_ms == 2500
    for start in starts[1:]:  # a later chapter starts at its first word, not at the sting before it
        first = min(c[0] for c in cues if c[0] >= start - 0.01)
        assert first == pytest.approx(start, abs=0.02)
    audio = decoded(out / "episode.mp3")
    for start in starts[1:]:  # the sting sits in the pause before the chapter: it belongs to the one before
        before = audio[int((start - 1.2) * RATE) : int(start * RATE)]
        after = audio[int(start * RATE) : int((start + 0.5) * RATE)]
        assert _band_db(before, 850, 1350) > _band_db(after, 850, 1350) + 20
    # The outro follows the last words.
    tail = audio[int((cues[-1][1] + 0.5) * RATE) : int((cues[-1][1] + 2.5) * RATE)]
    assert _band_db(tail, 190, 300) > _band_db(tail, 850, 1350) + 20


def test_loudness_and_the_bed_well_below_the_speech(episode):
    import pyloudnorm

    root, report = episode
    audio = decoded(root / "out" / "episode.mp3").astype(np.float64)
    assert pyloudnorm.Meter(RATE).integrated_loudness(audio) == pytest.approx(-16.0, abs=1.0)
    assert 20 * np.log10(np.abs(audio).max()) <= -0.9  # sample peak under the −1 dBTP ceiling
    cues = _cues(root / "out")
    speaking = np.concatenate([audio[int(s * RATE) : int(e * RATE)] for s, e in cues if e - s > 0.4])
    speech_db, bed_db = _band_db(speaking, 150, 4000), _band_db(speaking, BED_HZ - 5, BED_HZ + 5)
    assert bed_db <= speech_db - 10, (bed_db, speech_db)
    # In a long pause between turns (3 s) the bed comes back up; under speech it is ducked.
    # (the first such pause: the bed has faded in long before it, and the turn after it is under it)
    k = next(k for k in range(len(cues) - 1) if cues[k + 1][0] - cues[k][1] > 2.5)
    middle = audio[int((cues[k][1] + 1.6) * RATE) : int((cues[k + 1][0] - 0.3) * RATE)]
    under = audio[int(cues[k + 1][0] * RATE) : int(cues[k + 1][1] * RATE)]
    depth = (_band_db(middle, BED_HZ - 5, BED_HZ + 5) - 10 * np.log10(len(middle))) - (
        _band_db(under, BED_HZ - 5, BED_HZ + 5) - 10 * np.log10(len(under)))
    assert depth == pytest.approx(12.0, abs=3.0)
    reported = [c.bed_below_speech_db for c in report.chapters]
    assert all(r is not None and r <= -10 for r in reported), reported


def test_editing_a_sentence_resynthesizes_it_alone_and_mixes_again(episode, tmp_path):
    root, _ = episode
    import shutil

    shutil.copytree(root / "music", tmp_path / "music")
    shutil.copytree(root / "cache", tmp_path / "cache")
    engine = FakeEngine()
    report = _render(tmp_path, script_text=SCRIPT.replace("我们先从数据说起。", "我们先从算力说起。"), engine=engine)
    assert report.synthesized == 1 and [text for text, _ in engine.calls] == ["我们先从算力说起。"]
    # The music changes: nothing is synthesized, the chapters are mixed again.
    louder = VOICES.replace("music: {", "music: {bed_db: -18, ")
    before = (tmp_path / "out" / report.chapters[1].file).read_bytes()
    again = _render(tmp_path, voices_text=louder, script_text=SCRIPT.replace("我们先从数据说起。", "我们先从算力说起。"))
    assert again.synthesized == 0
    assert (tmp_path / "out" / again.chapters[1].file).read_bytes() != before
    assert again.chapters[1].bed_below_speech_db > report.chapters[1].bed_below_speech_db + 4


def test_bad_music_settings_name_the_file_and_field(tmp_path):
    (tmp_path / "music").mkdir()
    _tone(tmp_path / "music" / "bed.wav", 1.0, [BED_HZ])
    voices = tmp_path / "voices.yaml"
    for spec, field, words in (("{bed: music/none.wav}", "music.bed", "no such file"),
                               ("{bed: music/bed.wav, bed_db: 6}", "music.bed_db", "from -60 to 0"),
                               ("{bed: music/bed.wav, loud: 1}", "music.loud", "unknown key"),
                               ("music/bed.wav", "music", "must map")):
        with pytest.raises(VoiceConfigError) as err:
            parse_voices(f"music: {spec}\n", str(voices))
        assert f"{voices}: {field}: " in str(err.value) and words in str(err.value), str(err.value)


def test_the_front_matter_music_wins_over_voices_yaml(tmp_path):
    _music(tmp_path / "music")
    script = SCRIPT.replace("title: 音乐测试\n", "title: 音乐测试\nmusic: {intro: '', bed_db: -30}\n")
    report = _render(tmp_path, script_text=script)
    assert report.chapters[0].speech_start_ms is None  # no intro: the speech starts the episode
    assert report.chapters[1].bed_below_speech_db == pytest.approx(-42.0, abs=1.5)  # −30 and −12 under speech


def test_the_gate_is_down_before_a_word_starts_and_back_up_after_a_long_pause():
    speech = np.zeros(RATE * 6, np.float32)
    speech[RATE * 2 : RATE * 3] = 0.3
    gate = speech_gate(speech, RATE, attack_ms=40, release_ms=400)
    assert gate[RATE * 2] == pytest.approx(1.0) and gate[int(RATE * 1.9)] == 0.0
    assert gate[int(RATE * 3.9)] == pytest.approx(1.0)  # held through a pause under a second
    assert gate[int(RATE * 4.5)] == 0.0  # then released


def test_a_short_clip_loops_with_crossfades_and_no_clicks():
    clip = np.sin(2 * np.pi * 110 * np.arange(RATE) / RATE).astype(np.float32) * 0.5
    looped = loop_to(clip, RATE * 5, RATE, crossfade_ms=200)
    assert len(looped) == RATE * 5 and np.abs(looped).max() <= 0.72  # equal power: no doubled peaks
    assert np.abs(np.diff(looped)).max() < 0.05  # no jump where one repeat meets the next


def test_check_names_a_missing_music_file_in_the_front_matter(tmp_path):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    script = tmp_path / "s.md"
    script.write_text(SCRIPT.replace("title: 音乐测试\n", "title: 音乐测试\nmusic: {bed: gone.mp3}\n"), encoding="utf-8")
    (tmp_path / "voices.yaml").write_text("speakers:\n  甲: {kokoro: zm_yunxi}\n  乙: {kokoro: zf_xiaoxiao}\n",
                                          encoding="utf-8")
    checked = CliRunner().invoke(cli, ["check", str(script), "--voices", str(tmp_path / "voices.yaml")])
    assert checked.exit_code == 1
    assert f"{script}:1: error: front matter music.bed: no such file: {tmp_path / 'gone.mp3'}" in checked.output
    rendered = CliRunner().invoke(cli, ["render", str(script), "--voices", str(tmp_path / "voices.yaml"), "-o",
                                        str(tmp_path / "out"), "--quiet"])
    assert rendered.exit_code == 1 and "music.bed: no such file" in rendered.output
    assert not (tmp_path / "out").exists()  # refused before anything was synthesized or written


def test_stems_are_aligned_to_the_episode_one_per_speaker_and_the_music(tmp_path):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    _music(tmp_path / "music")
    (tmp_path / "voices.yaml").write_text(VOICES, encoding="utf-8")
    (tmp_path / "s.md").write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    help_text = CliRunner().invoke(cli, ["render", "--help"]).output
    assert "--stems" in help_text
    voices = parse_voices(VOICES, str(tmp_path / "voices.yaml"))
    script = parse_file(tmp_path / "s.md", known_speakers=voices.known_speakers())
    report = render(script, voices, RenderOptions(outdir=out, formats=("m4b",), stems=True), engine=FakeEngine(),
                    cache=SegmentCache(tmp_path / "cache"))
    assert sorted(p.name for p in (out / "stems").iterdir()) == ["music.flac", "乙.flac", "甲.flac"]
    assert {f for f in report.files if f.startswith("stems/")} == {"stems/music.flac", "stems/乙.flac", "stems/甲.flac"}
    stems = {p.stem: decoded(p) for p in (out / "stems").iterdir()}
    episode = decoded(out / "episode.m4b")
    length = round(report.duration_ms * RATE / 1000)
    assert all(abs(len(a) - length) <= RATE // 100 for a in stems.values())  # each as long as the episode
    # Each speaker's stem sounds where that speaker's cues are and nowhere else.
    import webvtt

    def sec(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    for cue in webvtt.read(str(out / "episode.vtt")):
        s, e = int(sec(cue.start) * RATE), int(sec(cue.end) * RATE)
        mine, other = (stems["甲"], stems["乙"]) if cue.voice == "甲" else (stems["乙"], stems["甲"])
        assert np.sqrt(np.mean(mine[s:e] ** 2)) > 0.02 and np.abs(other[s:e]).max() < 1e-3, cue.text
    # Played together they are the episode (lossless stems against the AAC episode: a small residual).
    n = min(len(episode), *(len(a) for a in stems.values()))
    together = sum(a[:n] for a in stems.values())
    residual = 10 * np.log10(np.mean((together - episode[:n]) ** 2) / np.mean(episode[:n] ** 2))
    assert residual < -20, residual
