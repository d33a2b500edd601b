"""Pipeline features that do not depend on the voice (fast, with the fake engine): cover art,
spoken chapter titles, concurrency, format selection. End-to-end claims live in test_render.py."""

from __future__ import annotations

import base64
import json
import subprocess

import pytest
from conftest import load, tool
from mutagen.id3 import ID3

from voicecast.engines.fake import FakeEngine
from voicecast.errors import ScriptError
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache

# A 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
VOICES = """
speakers:
  甲: {kokoro: zm_yunxi}
  乙: {kokoro: zf_xiaoyi}
spoken_chapter_titles: true
"""


def _script(tmp_path):
    (tmp_path / "cover.png").write_bytes(PNG)
    script = tmp_path / "s.md"
    script.write_text("---\ntitle: 测试\ncover: cover.png\n---\n# 第一章\n\n甲: 你好。今天天气不错。\n\n乙: 是啊。\n\n"
                      "# 第二章\n\n甲: 再见。\n", encoding="utf-8")
    return script


def test_cover_art_spoken_titles_and_concurrency(tmp_path):
    script = _script(tmp_path)
    voices = parse_voices(VOICES)
    engine = FakeEngine()
    report = render(load(script, voices), voices, RenderOptions(outdir=tmp_path / "out", jobs=3), engine=engine,
                    cache=SegmentCache(tmp_path / "cache"))
    # Chapter titles are spoken by the narrator before each chapter's turns.
    assert ("第一章", "zf_xiaoxiao") in engine.calls and ("第二章", "zf_xiaoxiao") in engine.calls
    assert report.synthesized == 6 and [c.segments for c in report.chapters] == [4, 2]
    tags = ID3(tmp_path / "out" / "episode.mp3")
    assert tags.getall("APIC")[0].data == PNG
    assert ID3(tmp_path / "out" / report.chapters[0].file).getall("APIC")[0].mime == "image/png"
    probe = json.loads(subprocess.run([tool("ffprobe"), "-v", "error", "-show_streams", "-of", "json",
                                       str(tmp_path / "out" / "episode.m4b")], capture_output=True, text=True).stdout)
    assert any(s.get("disposition", {}).get("attached_pic") == 1 for s in probe["streams"])
    # Cues keep script order whatever order the workers finished in.
    vtt = (tmp_path / "out" / "episode.vtt").read_text(encoding="utf-8")
    order = [vtt.index(t) for t in ("第一章", "你好。", "今天天气不错。", "是啊。", "第二章", "再见。")]
    assert order == sorted(order)


def test_format_selection_and_missing_cover(tmp_path):
    script = _script(tmp_path)
    report = render(load(script, parse_voices(VOICES)), parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", formats=("m4b",)),
                    engine=FakeEngine(), cache=SegmentCache(tmp_path / "c"))
    assert "episode.m4b" in report.files and not (tmp_path / "o" / "episode.mp3").exists()
    (tmp_path / "cover.png").unlink()
    with pytest.raises(ScriptError, match="cover image 'cover.png' not found"):
        render(load(script, parse_voices(VOICES)), parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o"), engine=FakeEngine(),
               cache=SegmentCache(tmp_path / "c"))


def test_ctrl_c_during_concurrent_synthesis_starts_nothing_more(tmp_path, monkeypatch):
    """Ctrl-C while workers run: the running sentences finish and are cached, nothing queued
    starts, and the next render resumes from the cache."""
    import threading
    import time

    import voicecast.synthesis.schedule as schedule_mod

    script = tmp_path / "long.md"
    script.write_text("# 一\n\n" + "\n\n".join(f"甲: 第{i}句话在这里。" for i in range(40)) + "\n", encoding="utf-8")

    class Slow(FakeEngine):
        def synthesize(self, sentence, voice, options=None):
            time.sleep(0.05)
            return super().synthesize(sentence, voice)

    engine = Slow()
    real_wait = schedule_mod.wait
    interrupted = []

    def interrupted_wait(futures, return_when="ALL_COMPLETED"):
        if interrupted:  # the scheduler waiting for the running ones to finish
            return real_wait(futures, return_when=return_when)
        real_wait(futures, timeout=0.12)
        interrupted.append(True)
        raise KeyboardInterrupt

    monkeypatch.setattr(schedule_mod, "wait", interrupted_wait)
    cache = SegmentCache(tmp_path / "c")
    with pytest.raises(KeyboardInterrupt):
        render(load(script, parse_voices(VOICES)), parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", jobs=2), engine=engine, cache=cache)
    started = len(engine.calls)  # all 40 ran before the fix
    assert 1 <= started < 20
    assert cache.info().segments == started  # what ran is cached
    assert threading.active_count() < 10
    monkeypatch.setattr(schedule_mod, "wait", real_wait)
    report = render(load(script, parse_voices(VOICES)), parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", jobs=2), engine=Slow(),
                    cache=cache)
    assert report.cached == started and report.synthesized == 40 - started


def test_mp3_chapters_are_in_time_order_without_gaps_for_players_that_read_frame_order(tmp_path):
    """ffmpeg-based players (mpv, VLC, many Android apps) list chapters in the order of the CHAP
    frames. Thirteen chapters, so string order (chp10 < chp2) would show, with titles of every length
    (mutagen sorts frames by size)."""
    titles = [f"第{i}章" + "长" * ((i * 7) % 11) for i in range(1, 14)]
    script = tmp_path / "many.md"
    script.write_text("---\ntitle: 多章节\n---\n" + "".join(f"# {t}\n\n甲: 第{i}章的内容。\n\n" for i, t in
                                                             enumerate(titles, 1)), encoding="utf-8")
    report = render(load(script, parse_voices(VOICES)), parse_voices(VOICES), RenderOptions(outdir=tmp_path / "out", formats=("mp3", "m4b")),
                    engine=FakeEngine(), cache=SegmentCache(tmp_path / "cache"))
    for name in ("episode.mp3", "episode.m4b"):
        out = subprocess.run([tool("ffprobe"), "-v", "error", "-show_chapters", "-show_format", "-of", "json",
                              str(tmp_path / "out" / name)], capture_output=True, text=True, check=True).stdout
        probe = json.loads(out)
        chapters = probe["chapters"]
        assert [c["tags"]["title"] for c in chapters] == titles, name
        starts = [float(c["start_time"]) for c in chapters]
        ends = [float(c["end_time"]) for c in chapters]
        assert starts == sorted(starts) and starts[0] == 0, name
        assert all(abs(e - s) < 0.002 for e, s in zip(ends, starts[1:], strict=False)), (name, ends, starts)
        assert abs(ends[-1] - float(probe["format"]["duration"])) < 0.15, name
    # The report and the JSON chapters say the same: each chapter ends where the next begins.
    chapters = report.chapters
    assert all(a.end_ms == b.start_ms for a, b in zip(chapters, chapters[1:], strict=False))
    assert chapters[-1].end_ms == report.duration_ms
    marks = json.loads((tmp_path / "out" / "chapters.json").read_text(encoding="utf-8"))["chapters"]
    assert all(a["endTime"] == b["startTime"] for a, b in zip(marks, marks[1:], strict=False))
    toc = ID3(tmp_path / "out" / "episode.mp3").getall("CTOC")[0]
    assert toc.child_element_ids == [f"chp{i}" for i in range(13)]
