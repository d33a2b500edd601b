"""Auto-generated captions (the rolling kind video sites give): word timing tags are never spoken,
and a phrase the captions repeat in two or three cues is said once."""

from __future__ import annotations

from conftest import DATA

from voicecast.parsing import parse_file


def test_rolling_captions_are_said_once_without_timing_tags():
    script = parse_file(DATA / "subs" / "rolling_auto.vtt")
    spoken = " ".join(t.text for ch in script.chapters for t in ch.turns)
    assert "<" not in spoken and "00:" not in spoken
    compact = spoken.replace(" ", "")
    for phrase in ("欢迎收听本期节目", "今天我们请到了迪伦·帕特尔", "他研究芯片已经十年了", "是的"):
        assert compact.count(phrase) == 1, (phrase, spoken)


def test_a_speakers_own_short_repetition_across_cues_stays():
    from voicecast.parsing.captions import new_part

    assert new_part("I think, no", "no, I am sure.") == "no, I am sure."
    assert new_part("Welcome to the show", "Welcome to the show everyone") == "everyone"
    assert new_part("欢迎收听本期节目", "欢迎收听本期节目") == ""
