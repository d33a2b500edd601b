"""What the voices cannot say is dropped with a warning, never silently, and text with nothing to
say is one clear error (say), a warning (check) and a line in render's summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import REPO

from voicecast.cli.main import cli
from voicecast.text.speakable import describe, split_speakable
from voicecast.text.splitter import Sentence, split_text


@pytest.mark.parametrize("text,kept,dropped", [
    ("你好😀。", "你好。", ["😀"]),
    ("你好こんにちは。", "你好。", ["こんにちは"]),
    ("他说안녕하세요就走了。", "他说就走了。", ["안녕하세요"]),
    ("Привет мир. Hello.", " . Hello.", ["Привет", "мир"]),
    ("GPT😀4 and 👨‍👩‍👧 family 👍🏽!", "GPT 4 and  family !", ["😀", "👨‍👩‍👧", "👍🏽"]),
    ("气温20℃，β版本，café，cafe\u0301，$5，50%，≥3。", "气温20℃，β版本，café，cafe\u0301，$5，50%，≥3。", []),
])
def test_what_the_voices_cannot_say_is_dropped_and_named(text, kept, dropped):
    assert split_speakable(text) == (kept, dropped)


def test_the_quick_path_keeps_exactly_what_the_character_rule_keeps():
    """Text made only of common characters skips the character-by-character look; every character
    of those ranges, alone and after a letter, keeps or drops as the rule itself says."""
    from voicecast.text import speakable

    sample = [chr(c) for lo, hi in speakable._RANGES for c in range(lo, hi + 1)]
    for ch in sample:
        for before in ("", "a", "中"):
            text = before + ch
            slow = "".join(c for c in text if speakable._keeps(c, c != text[0] and before.isalpha()))
            assert split_speakable(text)[0].replace(" ", "") == slow.replace(" ", ""), repr(ch)
    assert split_speakable("ｶﾀｶﾅ is half-width kana")[1] == ["ｶﾀｶﾅ"]  # in the FF00 block, still dropped


def test_describe_names_the_kind():
    assert describe(["😀🎉", "こんにちは", "안녕"]) == "emoji 😀🎉, kana こんにちは, hangul 안녕"


def test_the_splitter_never_hands_an_engine_what_it_cannot_say():
    pieces = [p.text for p in split_text("你好😀。こんにちは。🎉🎉 谢谢！", "zh") if isinstance(p, Sentence)]
    assert pieces == ["你好。", "谢谢！"]


@pytest.mark.parametrize("text", ["😀😀🎉", "……", "こんにちは", "   ", "。！？"])
def test_say_with_nothing_to_say_is_one_clear_line(tmp_path, text):
    result = CliRunner().invoke(cli, ["say", text, "--voice", "zf_xiaoxiao", "-o", str(tmp_path / "x.wav")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "nothing to say" in lines[0], result.output
    assert not (tmp_path / "x.wav").exists()


def test_check_warns_about_what_will_not_be_spoken(tmp_path):
    script = tmp_path / "s.md"
    script.write_text("# 一\n\n主持人: 你好😀。\n\n嘉宾: 谢谢。こんにちは。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(script), "--voices", str(REPO / "voices.yaml")])
    assert "s.md:3: warning" in result.output and "emoji 😀" in result.output, result.output
    assert "s.md:5: warning" in result.output and "kana こんにちは" in result.output, result.output


@pytest.mark.slow
def test_say_and_render_name_what_they_skipped(tmp_path):
    result = CliRunner().invoke(cli, ["say", "你好😀。", "--voice", "zf_xiaoxiao", "-o", str(tmp_path / "x.wav")])
    assert result.exit_code == 0, result.output
    assert "not spoken" in result.output and "emoji 😀" in result.output
    script = tmp_path / "s.md"
    script.write_text("# 一\n\n主持人: 你好😀。\n\n嘉宾: 谢谢。안녕하세요。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(script), "--voices", str(REPO / "voices.yaml"), "-o", str(out),
                                      "--format", "mp3"])
    assert result.exit_code == 0, result.output
    assert "not spoken" in result.output and "😀" in result.output and "안녕하세요" in result.output
    report = json.loads((out / "render.json").read_text(encoding="utf-8"))
    assert report["unspoken"] == [{"line": 3, "text": "😀"}, {"line": 5, "text": "안녕하세요"}]
