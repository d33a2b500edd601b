"""The real offline engine: the Kokoro-82M ONNX model from its PyPI parts, voices from npm.

These synthesize real audio (slow-ish: a few seconds each) and check duration, sample rate and
that the result is speech, not silence.
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import installed_models, tool

from voicecast.audio.audio_io import read_wav
from voicecast.cli.main import cli
from voicecast.engines import create_engine, engine_names
from voicecast.engines.kokoro import model as assets
from voicecast.engines.kokoro.engine import KokoroEngine, KokoroOptions
from voicecast.engines.kokoro.tokens import split_phonemes
from voicecast.errors import EngineError
from voicecast.text.splitter import Sentence, split_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def engine() -> KokoroEngine:
    # Assets are provisioned once into the shared models dir (conftest points it at a session dir).
    return KokoroEngine()


def _speak(engine, text, voice):
    pieces = [p for p in split_text(text, None, engine.max_chars) if isinstance(p, Sentence)]
    return np.concatenate([engine.synthesize(p, voice) for p in pieces])


def _assert_speech(audio: np.ndarray, sr: int, min_s: float, max_s: float):
    seconds = len(audio) / sr
    assert min_s <= seconds <= max_s, seconds
    assert audio.dtype == np.float32
    assert float(np.max(np.abs(audio))) > 0.1
    # Speech has energy in most 100 ms windows and varies; silence or a hum would not.
    frames = audio[: len(audio) // 2400 * 2400].reshape(-1, 2400)
    rms = np.sqrt((frames**2).mean(axis=1))
    assert (rms > 0.01).mean() > 0.5
    assert rms.std() > 0.005


def test_registry_has_builtin_engines():
    assert {"kokoro", "fake"} <= set(engine_names())
    assert create_engine("kokoro").sample_rate == 24000
    assert KokoroEngine.needs_network is False


def test_mandarin(engine):
    audio = _speak(engine, "欢迎收听本期节目。今天我们聊聊人工智能的未来。", "zf_xiaoxiao")
    _assert_speech(audio, 24000, 2.5, 9.0)


def test_english(engine):
    audio = _speak(engine, "We finished it last summer, and it took two years.", "af_heart")
    _assert_speech(audio, 24000, 1.5, 6.0)


def test_code_switched_sentence_differs_from_mumbled_letters(engine):
    mixed = Sentence("我们很快就会回顾GPT-4。", "zh", ())
    audio = engine.synthesize(mixed, "zm_yunxi")
    _assert_speech(audio, 24000, 1.2, 6.0)
    # The English run becomes English phonemes: GPT is spelled out, so it takes longer than "复四".
    short = engine.synthesize(Sentence("我们很快就会回顾复四。", "zh", ()), "zm_yunxi")
    assert len(audio) > len(short) * 1.15


def test_mandarin_voice_leans_english_only_in_sentences_with_english(engine):

    zf, af = installed_models().load_voice("zf_xiaoxiao"), installed_models().load_voice("af_jessica")
    mixed = Sentence("谷歌的Gemini和微软的Copilot都在竞争。", "zh", ())
    plain = Sentence("谷歌和微软都在竞争。", "zh", ())
    pack = engine.style_pack("zf_xiaoxiao", mixed)
    assert np.allclose(pack, 0.5 * zf + 0.5 * af)  # the default mix, with the voice's partner
    assert np.array_equal(engine.style_pack("zf_xiaoxiao", plain), zf)
    assert np.array_equal(engine.style_pack("zf_xiaoxiao", mixed, KokoroOptions(english_mix=0)), zf)
    assert np.array_equal(engine.style_pack("af_jessica", Sentence("Hello there.", "en", ())), af)
    other = engine.style_pack("zm_yunxi", mixed, KokoroOptions(english_mix=0.3, english_voice="am_adam"))
    assert np.allclose(other, 0.7 * installed_models().load_voice("zm_yunxi") + 0.3 * installed_models().load_voice("am_adam"))
    with pytest.raises(EngineError, match="not an English Kokoro voice"):
        engine.style_pack("zm_yunxi", mixed, KokoroOptions(english_voice="zf_xiaobei"))
    # The lexicon counts: a term replaced by Chinese leaves no English to lean toward.
    lexicon = KokoroOptions(lexicon=(("Gemini", "双子座"), ("Copilot", "副驾驶")))
    assert np.array_equal(engine.style_pack("zf_xiaoxiao", mixed, lexicon), zf)
    _assert_speech(engine.synthesize(mixed, "zf_xiaoxiao"), 24000, 1.5, 7.0)


def test_speed_changes_duration(engine):
    s = Sentence("这是一个测试句子，用来检查语速。", "zh", ())
    normal = engine.synthesize(s, "zf_xiaobei")
    fast = engine.synthesize(s, "zf_xiaobei", KokoroOptions(speed=1.5))
    assert len(fast) < len(normal) * 0.85


def test_over_long_chunk_is_split_not_truncated(engine):
    text = "，".join(["我们今天讨论人工智能对社会和经济的深远影响"] * 14) + "。"
    phonemes = engine.phonemes(Sentence(text, "zh", ()))
    assert len(phonemes) > 510
    parts = split_phonemes(phonemes)
    assert all(len(p) <= 510 for p in parts) and len(parts) >= 2
    audio = engine.synthesize(Sentence(text, "zh", ()), "zf_xiaoxiao")
    # Every part is spoken: far longer than one 510-token window could hold at normal speed.
    _assert_speech(audio, 24000, 25.0, 120.0)


def test_say_cli_writes_wav(tmp_path):
    out = tmp_path / "say.wav"
    result = CliRunner().invoke(cli, ["say", "你好，我是 voicecast。We speak English too.", "-o", str(out)])
    assert result.exit_code == 0, result.output
    audio, sr = read_wav(out)
    assert sr == 24000
    _assert_speech(audio, sr, 1.5, 8.0)
    text = tmp_path / "t.txt"
    text.write_text("第一句。第二句。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["say", "-f", str(text), "--voice", "zm_yunjian", "--speed", "1.2", "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_voices_and_models_cli():
    result = CliRunner().invoke(cli, ["voices", "--lang", "zh"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == ["zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi", "zm_yunjian", "zm_yunxi", "zm_yunxia", "zm_yunyang"]
    from voicecast.engines.kokoro import graph as kokoro_graph

    kokoro_graph.model_for_session(installed_models().ensure_model())
    result = CliRunner().invoke(cli, ["models", "list", "--json"])
    assert result.exit_code == 0 and '"installed": true' in result.output
    assert '"rewritten": true' in result.output
    result = CliRunner().invoke(cli, ["models", "list"])
    assert "fast graph: built" in result.output


def test_voice_files_match_recorded_checksums(engine):
    engine.synthesize(Sentence("好。", "zh", ()), "zf_xiaoxiao")
    sums = assets.voice_checksums()
    assert len(sums) == 54
    for name in ("zf_xiaoxiao", "af_heart"):
        assert assets.sha256_file(installed_models().voice_file(name)) == sums[name]


def test_npm_voice_source_is_real(tmp_path):
    tool("npm")  # the url source covers users without it; this one is tested wherever tests/run could install npm
    got = assets._voices_from_npm(tmp_path, lambda d, t: None)
    assert len(got) == 54
    assert assets.sha256_file(got["zm_yunxi"]) == assets.voice_checksums()["zm_yunxi"]


@pytest.mark.slow
def test_each_engine_owns_its_model_sessions():
    """Closing one engine frees its own model; another engine in the same process keeps speaking."""
    sentence = split_text("你好。", "zh", 120)[0]
    first, second = KokoroEngine(threads=1), KokoroEngine(threads=1)
    assert first.synthesize(sentence, "zf_xiaoxiao").size and second.synthesize(sentence, "zf_xiaoxiao").size
    first.close()
    assert not first._sessions.loaded() and second._sessions.loaded()
    assert second.synthesize(sentence, "zm_yunxi").size > 0
    second.close()
    assert not second._sessions.loaded()
