"""Pipeline features that do not depend on the voice (fast, with the fake engine): cover art,
spoken chapter titles, concurrency, format selection. End-to-end claims live in test_render.py."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from mutagen.id3 import ID3

from voicecast.cache import SegmentCache
from voicecast.engines.fake import FakeEngine
from voicecast.errors import ScriptError
from voicecast.render import RenderOptions, render
from voicecast.voices import parse_voices

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
    report = render(script, voices, RenderOptions(outdir=tmp_path / "out", jobs=3), engine=engine,
                    cache=SegmentCache(tmp_path / "cache"))
    # Chapter titles are spoken by the narrator before each chapter's turns.
    assert ("第一章", "zf_xiaoxiao") in engine.calls and ("第二章", "zf_xiaoxiao") in engine.calls
    assert report["synthesized"] == 6 and [c["segments"] for c in report["chapters"]] == [4, 2]
    tags = ID3(tmp_path / "out" / "episode.mp3")
    assert tags.getall("APIC")[0].data == PNG
    assert ID3(tmp_path / "out" / report["chapters"][0]["file"]).getall("APIC")[0].mime == "image/png"
    if shutil.which("ffprobe"):
        probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json",
                                           str(tmp_path / "out" / "episode.m4b")], capture_output=True, text=True).stdout)
        assert any(s.get("disposition", {}).get("attached_pic") == 1 for s in probe["streams"])
    # Cues keep script order whatever order the workers finished in.
    vtt = (tmp_path / "out" / "episode.vtt").read_text(encoding="utf-8")
    order = [vtt.index(t) for t in ("第一章", "你好。", "今天天气不错。", "是啊。", "第二章", "再见。")]
    assert order == sorted(order)


def test_format_selection_and_missing_cover(tmp_path):
    script = _script(tmp_path)
    report = render(script, parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", formats=("m4b",)),
                    engine=FakeEngine(), cache=SegmentCache(tmp_path / "c"))
    assert "episode.m4b" in report["files"] and not (tmp_path / "o" / "episode.mp3").exists()
    (tmp_path / "cover.png").unlink()
    with pytest.raises(ScriptError, match="cover image 'cover.png' not found"):
        render(script, parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o"), engine=FakeEngine(),
               cache=SegmentCache(tmp_path / "c"))


def test_ctrl_c_during_concurrent_synthesis_starts_nothing_more(tmp_path, monkeypatch):
    """Ctrl-C while workers run: the running sentences finish and are cached, nothing queued
    starts, and the next render resumes from the cache."""
    import threading
    import time

    import voicecast.render as render_mod

    script = tmp_path / "long.md"
    script.write_text("# 一\n\n" + "\n\n".join(f"甲: 第{i}句话在这里。" for i in range(40)) + "\n", encoding="utf-8")

    class Slow(FakeEngine):
        def synthesize(self, sentence, voice, options=None):
            time.sleep(0.05)
            return super().synthesize(sentence, voice)

    engine = Slow()
    real_wait = render_mod.wait

    def interrupted_wait(futures, return_when):
        real_wait(futures, timeout=0.12)
        raise KeyboardInterrupt

    monkeypatch.setattr(render_mod, "wait", interrupted_wait)
    cache = SegmentCache(tmp_path / "c")
    with pytest.raises(KeyboardInterrupt):
        render(script, parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", jobs=2), engine=engine, cache=cache)
    started = len(engine.calls)  # all 40 ran before the fix
    assert 1 <= started < 20
    assert cache.info().segments == started  # what ran is cached
    assert threading.active_count() < 10
    monkeypatch.setattr(render_mod, "wait", real_wait)
    report = render(script, parse_voices(VOICES), RenderOptions(outdir=tmp_path / "o", jobs=2), engine=Slow(),
                    cache=cache)
    assert report["cached"] == started and report["synthesized"] == 40 - started
