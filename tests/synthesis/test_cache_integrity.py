"""A cache entry that was truncated or corrupted on disk is detected by its checksum and
re-synthesized, never assembled into an episode."""

from __future__ import annotations

import pytest
from conftest import load

from voicecast.engines.fake import FakeEngine
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache

VOICES = parse_voices("speakers:\n  甲: {kokoro: zm_yunxi}\n  乙: {kokoro: zf_xiaoyi}\n")


def _script(tmp_path):
    path = tmp_path / "s.md"
    path.write_text("---\ntitle: 缓存\n---\n# 一\n\n甲: 第一句话。第二句话比较长一些。\n\n乙: 第三句。\n\n# 二\n\n甲: 最后一句。\n",
                    encoding="utf-8")
    return path


def _damage(how, path):
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) * 2 // 3])
    elif how == "flipped":  # one sample changed in the middle: the file still reads as a valid WAV
        middle = len(raw) // 2 & ~1
        path.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x40]) + raw[middle + 1 :])
    elif how == "header":
        path.write_bytes(b"RIFX" + raw[4:])
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["truncated", "flipped", "header", "empty"])
def test_a_damaged_entry_is_resynthesized_and_the_episode_is_unchanged(tmp_path, how):
    script, cache = _script(tmp_path), SegmentCache(tmp_path / "cache")
    render(load(script, VOICES), VOICES, RenderOptions(outdir=tmp_path / "a", formats=("mp3",)), engine=FakeEngine(), cache=cache)
    entries = sorted(cache.root.glob("??/*.wav"))
    assert len(entries) == 4
    victim = max(entries, key=lambda p: p.stat().st_size)
    _damage(how, victim)
    engine = FakeEngine()
    report = render(load(script, VOICES), VOICES, RenderOptions(outdir=tmp_path / "b", formats=("mp3",)), engine=engine,
                    cache=cache)
    assert engine.calls == [("第二句话比较长一些。", "zm_yunxi")]  # only the damaged one, again
    assert report.synthesized == 1
    for a, b in zip(sorted((tmp_path / "a/chapters").glob("*.mp3")), sorted((tmp_path / "b/chapters").glob("*.mp3")),
                    strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert cache.get(victim.stem) is not None


def test_get_refuses_a_damaged_entry(tmp_path):
    import numpy as np

    cache = SegmentCache(tmp_path)
    cache.put("ab" * 32, np.linspace(-0.5, 0.5, 24000, dtype=np.float32), 24000)
    path = cache.path("ab" * 32)
    assert cache.has("ab" * 32) and cache.get("ab" * 32) is not None
    _damage("flipped", path)
    assert not cache.has("ab" * 32) and cache.get("ab" * 32) is None
    # Left in place for the re-synthesized entry to replace atomically (another render may be doing so).
    cache.put("ab" * 32, np.zeros(100, dtype=np.float32), 24000)
    assert cache.get("ab" * 32)[0].shape == (100,)
