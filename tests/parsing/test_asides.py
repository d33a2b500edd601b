"""Stage directions, sound cues, notes and converter pinyin in brackets are not said in a labelled
script; a gloss in the other script (截距（Y-intercept）) and brackets without words stay."""

from __future__ import annotations

from voicecast.parsing import parse_text
from voicecast.parsing.asides import drop_asides


def _turns(text):
    return [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def test_stage_directions_and_cues_are_not_said():
    text = ("阿坏: (敲桌子)大家好,我们开始吧。\n\n阿闹: 好啊。(拜佛状)保佑我们。\n\n阿坏: 【二人退去】\n\n"
            "阿闹: 再见。\n")
    assert _turns(text) == [("阿坏", "大家好,我们开始吧。"), ("阿闹", "好啊。保佑我们。"), ("阿闹", "再见。")]
    text = ("SAGAL: Welcome back. (LAUGHTER) Our guest is here.\n\nKURTIS: Thanks. (CHEERING)\n\n"
            "SAGAL: (Reading) First question.\n\nKURTIS: Go ahead.\n")
    assert _turns(text) == [("SAGAL", "Welcome back. Our guest is here."), ("KURTIS", "Thanks."),
                            ("SAGAL", "First question."), ("KURTIS", "Go ahead.")]


def test_glosses_numbers_and_plain_prose_stay():
    assert drop_asides("只看斜率，忽略 Y 轴截距（Y-intercept）。") == ("只看斜率，忽略 Y 轴截距（Y-intercept）。", [])
    assert drop_asides("It was 2023 (2024) [1].")[0] == "It was 2023 (2024) [1]."
    assert drop_asides("我覺(jué)得很好")[0] == "我覺得很好"  # no space inside a word
    # Prose with no speaker labels keeps every word, brackets included.
    assert _turns("他走进来（手里拿着一本书），坐下了。\n") == [(None, "他走进来（手里拿着一本书），坐下了。")]


def test_a_speaker_cutting_in_inside_brackets_is_heard_in_their_voice():
    """``(阿闹插话:也就是第一名)`` inside 阿坏's turn: 阿闹 says it, then 阿坏 goes on. A bracket that
    labels no speaker of the document stays a stage direction."""
    text = ("阿坏:欢迎收看。\n阿闹:大家好。\n阿坏:优胜者(阿闹插话:也就是第一名)将获得奖励,(拍桌子)积分最少的"
            "(阿闹插话:也就是最后一名)要受罚。\n阿闹:好。\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[2:] == [("阿坏", "优胜者"), ("阿闹", "也就是第一名"), ("阿坏", "将获得奖励,积分最少的"),
                         ("阿闹", "也就是最后一名"), ("阿坏", "要受罚。"), ("阿闹", "好。")]
