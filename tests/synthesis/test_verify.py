"""render --verify with the real offline engine and the real Whisper base (faster-whisper): a
sentence whose cached audio was garbled (another sentence's audio under its key) is flagged and
synthesized again until it is heard right; a sentence the engine always garbles is listed as still
wrong in render.json, the render's summary and `voicecast check`."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import REPO, installed_models, load

from voicecast.cli.main import cli
from voicecast.engines.kokoro.engine import DEFAULT_OPTIONS, KokoroEngine
from voicecast.planning.plan import plan_script, with_settings
from voicecast.planning.voices import load_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache
from voicecast.synthesis.verify import THRESHOLD, error_rate, units
from voicecast.text.splitter import Sentence

EXAMPLE = REPO / "examples" / "interview.md"


def test_units_are_toneless_syllables_and_words():
    assert units("他说：GPT-4 很好。", "zh") == units("她说 gpt 四很好", "zh")  # homophones, digits read
    assert units("It's a big step forward.", "en") == ["it's", "a", "big", "step", "forward"]
    assert error_rate("欢迎收听本期节目。", "欢迎收听本期节目", "zh") == 0
    assert error_rate("欢迎收听本期节目。", "", "zh") == 1
    assert error_rate("欢迎收听本期节目。", "谢谢邀请很高兴", "zh") > THRESHOLD


@pytest.mark.slow
def test_verify_on_the_example_flags_a_garbled_sentence_and_fixes_it(tmp_path):
    shutil.copytree(EXAMPLE.parent, tmp_path / "examples")
    script = tmp_path / "examples" / "interview.md"
    voices = load_voices(REPO / "voices.yaml")
    engine = KokoroEngine()
    segs = [s for p in plan_script(load(script, voices), voices, "kokoro", engine.identity(), engine.max_chars)
            for s in p.segments]
    target = next(s for s in segs if s.sentence.text.startswith("今天我们请到了"))
    cache = SegmentCache(tmp_path / "cache")
    other = Sentence("谢谢主持人，很高兴来到这里和大家聊天。", "zh", ())
    cache.put(target.key, engine.synthesize(other, target.voice), engine.sample_rate)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(script), "--voices", str(REPO / "voices.yaml"), "-o", str(out),
                                      "--format", "mp3", "--verify"], env={"VOICECAST_CACHE_DIR": str(cache.root)})
    assert result.exit_code == 0, result.output
    report = json.loads((out / "render.json").read_text(encoding="utf-8"))
    flagged = report["verify"]["flagged"]
    assert report["verify"]["checked"] == len({s.key for s in segs})
    assert [c["text"] for c in flagged] == [target.sentence.text], flagged
    assert flagged[0]["error"] > THRESHOLD and flagged[0]["fixed_with"].startswith("speed")
    assert report["verify"]["still_failing"] == 0 and "1 synthesized again and heard right" in result.output
    # The episode is made from the new take (slower), which is in the cache under its own key.
    slower = with_settings(target, engine.identity(), target.voice, {**dict(target.options), "speed": 0.85})
    assert cache.has(slower.key)
    heard = json.loads((cache.root / "verified" / slower.key[:2] / f"{slower.key}.json").read_text(encoding="utf-8"))
    assert error_rate(target.sentence.text, heard["heard"], "zh") <= THRESHOLD


class _Garbling(KokoroEngine):
    """The real engine, except that one sentence always comes out as another one."""

    def speak(self, sentence, voice, options=DEFAULT_OPTIONS):
        if sentence.text.startswith("欢迎收听本期节目"):
            sentence = Sentence("然后我们换一个完全不同的话题，聊聊天气。", sentence.lang, ())
        return super().speak(sentence, voice, options)


@pytest.mark.slow
def test_a_sentence_no_setting_fixes_is_listed_in_the_report_and_by_check(tmp_path):
    voices = load_voices(REPO / "voices.yaml")
    script_path = REPO / "tests" / "data" / "episode.md"
    root = tmp_path / "output"
    opts = RenderOptions(root=root, formats=("mp3",), verify=True)
    report = render(load(script_path, voices), voices, opts, engine=_Garbling(),
                    cache=SegmentCache(tmp_path / "cache"))
    failing = [c for c in report.verify["flagged"] if not c["fixed_with"]]
    assert [c["text"] for c in failing] == ["欢迎收听本期节目。"] and report.verify["still_failing"] == 1
    assert failing[0]["line"] == 8
    saved = json.loads((root / "双语测试节目" / "render.json").read_text(encoding="utf-8"))
    assert saved["verify"] == report.verify
    checked = CliRunner().invoke(cli, ["check", str(script_path), "--voices", str(REPO / "voices.yaml")],
                                 env={"VOICECAST_OUTPUT_DIR": str(root)})
    assert f"{script_path}:8: warning: not heard right in the last render" in checked.output, checked.output
    assert np.isfinite(failing[0]["error"])


def test_whisper_is_joined_once_into_the_models_dir():
    from voicecast.synthesis.asr import MODEL_NAME, whisper_dir

    path = whisper_dir(installed_models().root)
    assert path.name == MODEL_NAME and (path / "model.bin").stat().st_size > 100_000_000
    joined = (path / "model.bin").stat().st_mtime_ns
    assert whisper_dir(installed_models().root) == path and (path / "model.bin").stat().st_mtime_ns == joined
