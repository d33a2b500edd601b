"""End to end with the real offline engine: render a short bilingual multi-chapter script and read
the results back with real readers (ffprobe, mutagen, a BS.1770 loudness meter)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import numpy as np
import pyloudnorm
import pytest
from click.testing import CliRunner
from conftest import DATA, REPO, load, tool
from mutagen.id3 import ID3

from voicecast.audio.encode import ffmpeg_exe
from voicecast.cli.main import cli
from voicecast.engines.kokoro.engine import KokoroEngine
from voicecast.episode.assembler import true_peak_db
from voicecast.errors import VoicecastError
from voicecast.planning.voices import load_voices
from voicecast.render import RenderOptions, render

pytestmark = pytest.mark.slow



def _render(script, outdir, cache_dir, *extra):
    env = {"VOICECAST_CACHE_DIR": str(cache_dir)}
    result = CliRunner().invoke(cli, ["render", str(script), "--voices", str(REPO / "voices.yaml"), "-o", str(outdir),
                                      *map(str, extra)], env=env)
    assert result.exit_code == 0, result.output
    return json.loads((outdir / "render.json").read_text(encoding="utf-8"))


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _decode(path):
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "24000", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768


def _ffprobe_chapters(path):
    out = subprocess.run([tool("ffprobe"), "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(path)],
                         capture_output=True, check=True, text=True).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("render")
    script = root / "episode.md"
    shutil.copy(DATA / "episode.md", script)
    outdir, cache = root / "out", root / "cache"
    report = _render(script, outdir, cache)
    return script, outdir, cache, report


def test_render_report_and_files(rendered):
    _, outdir, _, report = rendered
    assert report["engine"] == "kokoro"
    assert [c["title"] for c in report["chapters"]] == ["开场", "模型", "结尾"]
    assert report["synthesized"] == 5 and report["cached"] == 0
    assert [c["segments"] for c in report["chapters"]] == [2, 2, 1]
    first, second, third = report["chapters"]
    assert first["start_ms"] == 0 and first["end_ms"] == second["start_ms"] < second["end_ms"] == third["start_ms"]
    assert report["duration_ms"] == third["end_ms"]
    for name in ["episode.mp3", "episode.m4b", "episode.srt", "episode.vtt", "chapters.json", *(c["file"] for c in report["chapters"])]:
        assert (outdir / name).is_file() and (outdir / name).stat().st_size > 0, name
    assert not list(outdir.glob(".*")) and not list((outdir / "chapters").glob(".*"))  # no temp files left


def test_mp3_chapters_read_back_with_ffprobe_and_mutagen(rendered):
    _, outdir, _, report = rendered
    probe = _ffprobe_chapters(outdir / "episode.mp3")
    chapters = probe["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["开场", "模型", "结尾"]
    for got, want in zip(chapters, report["chapters"], strict=True):
        assert abs(float(got["start_time"]) * 1000 - want["start_ms"]) <= 1
        assert abs(float(got["end_time"]) * 1000 - want["end_ms"]) <= 1
    assert abs(float(probe["format"]["duration"]) * 1000 - report["duration_ms"]) < 150
    tags = ID3(outdir / "episode.mp3")
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]
    assert tags["TIT2"].text == ["双语测试节目"]
    chap = tags.getall("CHAP")
    assert [c.sub_frames["TIT2"].text[0] for c in sorted(chap, key=lambda c: c.start_time)] == ["开场", "模型", "结尾"]
    one = ID3(outdir / report["chapters"][1]["file"])
    assert one["TRCK"].text == ["2/3"] and one["TALB"].text == ["双语测试节目"]
    assert "主持人" in one["TPE1"].text[0] and "嘉宾" in one["TPE1"].text[0]


def test_m4b_chapters_read_back_with_ffprobe(rendered):
    _, outdir, _, report = rendered
    probe = _ffprobe_chapters(outdir / "episode.m4b")
    assert [c["tags"]["title"] for c in probe["chapters"]] == ["开场", "模型", "结尾"]
    starts = [float(c["start_time"]) * 1000 for c in probe["chapters"]]
    assert all(abs(a - c["start_ms"]) <= 30 for a, c in zip(starts, report["chapters"], strict=True))
    assert probe["format"]["tags"]["title"] == "双语测试节目"


def test_loudness_of_each_chapter_is_podcast_norm(rendered):
    _, outdir, _, report = rendered
    for c in report["chapters"]:
        audio = _decode(outdir / c["file"])
        assert abs(pyloudnorm.Meter(24000).integrated_loudness(audio.astype(np.float64)) + 16.0) <= 1.0, c["file"]
        assert true_peak_db(audio, 24000) <= -0.5  # -1 dBTP before MP3 encoding; the codec adds a little
        assert c["true_peak_dbtp"] <= -1.0


def test_subtitles_and_json_chapters(rendered):
    _, outdir, _, report = rendered
    vtt = (outdir / "episode.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.")
    assert "欢迎收听本期节目。" in vtt and "It is a big step forward." in vtt
    srt = (outdir / "episode.srt").read_text(encoding="utf-8")
    assert srt.startswith("1\n00:00:00,")
    chapters = json.loads((outdir / "chapters.json").read_text(encoding="utf-8"))
    assert chapters["version"] == "1.2.0"
    assert [c["title"] for c in chapters["chapters"]] == ["开场", "模型", "结尾"]
    assert chapters["chapters"][1]["startTime"] == report["chapters"][1]["start_ms"] / 1000


def _seconds(clock: str) -> float:
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_subtitles_read_back_with_independent_parsers(rendered):
    """webvtt-py and srt (not voicecast's reader) parse every cue: in order, inside the episode,
    the same cues in both files, speakers named in the VTT voice spans, every sentence there."""
    import srt
    import webvtt

    _, outdir, _, report = rendered
    vtt = webvtt.read(str(outdir / "episode.vtt"))
    subs = list(srt.parse((outdir / "episode.srt").read_text(encoding="utf-8")))
    assert len(vtt) == len(subs) >= 5
    previous_end = 0.0
    for v, s in zip(vtt, subs, strict=True):
        start, end = _seconds(v.start), _seconds(v.end)  # webvtt-py's *_in_seconds drop the milliseconds
        assert previous_end <= start < end <= report["duration_ms"] / 1000 + 0.001
        assert abs(s.start.total_seconds() - start) < 0.001 and abs(s.end.total_seconds() - end) < 0.001
        assert v.text.replace("\n", "") == s.content.replace("\n", "")
        previous_end = end
    assert {v.voice for v in vtt} >= {"主持人", "嘉宾"}
    spoken = "".join(v.text.replace("\n", "") for v in vtt)
    assert "欢迎收听本期节目。" in spoken and "It is a big step forward." in spoken.replace("step\nforward", "step forward")


def test_one_sentence_edit_resynthesizes_exactly_that_chunk(rendered, tmp_path):
    script, outdir, cache, report = rendered
    before = {c["file"]: _sha(outdir / c["file"]) for c in report["chapters"]}
    episode_before = _sha(outdir / "episode.mp3")
    edited = tmp_path / "episode.md"
    edited.write_text(script.read_text(encoding="utf-8").replace("你怎么看 GPT-4？", "你怎么看 GPT-5？"), encoding="utf-8")
    copy = tmp_path / "out"
    shutil.copytree(outdir, copy)
    again = _render(edited, copy, cache)
    assert again["synthesized"] == 1
    assert [c["synthesized"] for c in again["chapters"]] == [0, 1, 0]
    assert again["cached"] == 4
    after = {c["file"]: _sha(copy / c["file"]) for c in again["chapters"]}
    changed = [f for f in after if after[f] != before[f]]
    assert changed == [report["chapters"][1]["file"]]
    assert _sha(copy / "episode.mp3") != episode_before
    # Rendering again with nothing changed synthesizes nothing and rewrites no chapter file.
    third = _render(edited, copy, cache)
    assert third["synthesized"] == 0
    assert {c["file"]: _sha(copy / c["file"]) for c in third["chapters"]} == after


def test_chapter_option_limits_synthesis(rendered, tmp_path):
    script, outdir, cache, _ = rendered
    edited = tmp_path / "episode.md"
    text = script.read_text(encoding="utf-8")
    edited.write_text(text.replace("感谢收听，我们下期再见。", "感谢收听，下期再见。").replace("欢迎收听本期节目。", "欢迎收听。"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(edited), "--voices", str(REPO / "voices.yaml"), "-o", str(tmp_path / "o"),
                                      "--chapter", "结尾"], env={"VOICECAST_CACHE_DIR": str(cache)})
    assert result.exit_code != 0
    assert "chapter 1 (开场) has 1 sentences not rendered yet" in result.output
    result = CliRunner().invoke(cli, ["render", str(edited), "--voices", str(REPO / "voices.yaml"), "-o", str(tmp_path / "o"),
                                      "--chapter", "1", "--chapter", "结尾", "--quiet"],
                                env={"VOICECAST_CACHE_DIR": str(cache)})
    assert result.exit_code == 0 and result.output == ""  # --quiet: no bar, no summary
    report = json.loads((tmp_path / "o" / "render.json").read_text(encoding="utf-8"))
    assert report["synthesized"] == 2


class _Interrupting(KokoroEngine):
    """The real engine, interrupted (as by Ctrl-C) after a number of chunks."""

    def __init__(self, stop_after):
        super().__init__()
        self.left = stop_after

    def synthesize(self, *args, **kwargs):
        if self.left == 0:
            raise KeyboardInterrupt
        self.left -= 1
        return super().synthesize(*args, **kwargs)


def test_interrupted_render_resumes_from_the_cache(tmp_path):
    from voicecast.synthesis.cache import SegmentCache

    voices = load_voices(REPO / "voices.yaml")
    cache = SegmentCache(tmp_path / "cache")
    opts = RenderOptions(outdir=tmp_path / "out", formats=("mp3",))
    with pytest.raises(KeyboardInterrupt):
        render(load(DATA / "episode.md", voices), voices, opts, engine=_Interrupting(stop_after=3), cache=cache)
    assert cache.info().segments == 3
    assert not (tmp_path / "out" / "episode.mp3").exists()  # nothing half-written
    report = render(load(DATA / "episode.md", voices), voices, opts, engine=KokoroEngine(), cache=cache)
    assert report.synthesized == 2 and report.cached == 3
    assert (tmp_path / "out" / "episode.mp3").is_file() and not (tmp_path / "out" / "episode.m4b").exists()


def test_errors_come_before_any_synthesis(tmp_path):
    from voicecast.engines.fake import FakeEngine

    voices = load_voices(REPO / "voices.yaml")
    fake = FakeEngine()
    bad_speaker = tmp_path / "s.md"
    bad_speaker.write_text("---\ntitle: t\n---\n# 一\n\n主持人: 你好。\n\n陌生人: 我是谁？\n", encoding="utf-8")
    with pytest.raises(VoicecastError, match=r"no fake voice|no kokoro voice"):
        render(load(bad_speaker, voices), voices, RenderOptions(outdir=tmp_path / "o", engine="kokoro"), engine=fake)
    with pytest.raises(VoicecastError, match="matches no chapter"):
        render(load(DATA / "episode.md", voices), voices, RenderOptions(outdir=tmp_path / "o", engine="kokoro", chapters=["第九章"]),
               engine=fake)
    empty = tmp_path / "e.md"
    empty.write_text("---\ntitle: t\n---\n# 一\n\n<!-- 只有注释 -->\n", encoding="utf-8")
    with pytest.raises(VoicecastError, match="nothing to speak"):
        render(load(empty, voices), voices, RenderOptions(outdir=tmp_path / "o", engine="kokoro"), engine=fake)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(VoicecastError, match="cannot write there"):
        render(load(DATA / "episode.md", voices), voices, RenderOptions(outdir=blocker / "out", engine="kokoro"), engine=fake)
    assert fake.calls == []


def test_render_cli_error_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(cli, ["render", str(DATA / "episode.md"), "--chapter", "99", "-o", str(tmp_path / "o"),
                                      "--voices", str(REPO / "voices.yaml")])
    assert result.exit_code != 0
    assert "no chapter 99; chapters are: 1. 开场; 2. 模型; 3. 结尾" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["render", str(DATA / "episode.md"), "-o", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "no voices.yaml was found; pass --voices FILE" in result.output


def test_an_interrupted_first_render_keeps_the_chapters_it_published(tmp_path):
    """A first render that publishes as it goes, stopped in chapter 2: chapter 1 stays listenable
    (its file, the episode so far, a report that says 1/3); the run again completes it, keeps
    chapter 1's file byte for byte and removes the audio so far; re-rendering the finished episode
    publishes nothing early (its old files stay until the new ones are complete)."""
    from voicecast.synthesis.cache import SegmentCache

    voices = load_voices(REPO / "voices.yaml")
    cache = SegmentCache(tmp_path / "cache")
    out = tmp_path / "out"
    opts = RenderOptions(outdir=out, formats=("mp3",))
    seen: list[dict] = []

    def published(folder):
        seen.append(json.loads((folder / "render.json").read_text(encoding="utf-8")))

    with pytest.raises(KeyboardInterrupt):
        render(load(DATA / "episode.md", voices), voices, opts, engine=_Interrupting(stop_after=3), cache=cache,
               published=published)
    assert [r["rendering"] for r in seen] == ["1/3"] and [c["title"] for c in seen[0]["chapters"]] == ["开场"]
    assert not (out / "episode.mp3").exists() and not list(out.glob(".work-*"))
    so_far = _ffprobe_chapters(out / "episode-so-far.mp3")
    assert abs(float(so_far["format"]["duration"]) * 1000 - seen[0]["duration_ms"]) < 80
    first = _sha(out / seen[0]["chapters"][0]["file"])

    report = render(load(DATA / "episode.md", voices), voices, opts, engine=KokoroEngine(), cache=cache,
                    published=published)
    assert [r["rendering"] for r in seen[1:]] == ["1/3", "2/3"] and report.rendering == ""
    assert _sha(out / report.chapters[0].file) == first
    assert (out / "episode.mp3").is_file() and not (out / "episode-so-far.mp3").exists()

    seen.clear()
    script = (DATA / "episode.md").read_text(encoding="utf-8").replace("再见", "相见")
    edited = tmp_path / "edited.md"
    edited.write_text(script, encoding="utf-8")
    render(load(edited, voices), voices, opts, engine=KokoroEngine(), cache=cache, published=published)
    assert seen == [] and not (out / "episode-so-far.mp3").exists()
