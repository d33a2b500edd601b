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


def test_long_captions_without_speakers_become_paragraphs(tmp_path):
    sentences = [f"This is sentence number {i} of a long talk with no speaker names." for i in range(200)]
    cues = "".join(f"{i // 60:02d}:{i % 60:02d}.000 --> {i // 60:02d}:{i % 60:02d}.900\n{s}\n\n"
                   for i, s in enumerate(sentences))
    path = tmp_path / "talk.vtt"
    path.write_text("WEBVTT\n\n" + cues.replace("\n\n", "\n\n", 1), encoding="utf-8")
    script = parse_file(path)
    texts = [t.text for ch in script.chapters for t in ch.turns]
    paragraphs = [p for t in texts for p in t.split("\n\n")]
    assert len(paragraphs) >= 15 and max(len(p) for p in paragraphs) < 1000
    assert " ".join(paragraphs).count("sentence number") == 200


def test_chevrons_in_tv_captions_start_a_new_turn(tmp_path):
    path = tmp_path / "news.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\n>> good evening, welcome to the\n\n"
                    "2\n00:00:03,000 --> 00:00:05,000\nmeeting of the board.\n\n"
                    "3\n00:00:05,000 --> 00:00:07,000\n>> thank you, chair.\n\n"
                    "4\n00:00:07,000 --> 00:00:09,000\n>> CHAIR: let us begin.\n", encoding="utf-8")
    turns = [(t.speaker, t.text) for ch in parse_file(path).chapters for t in ch.turns]
    texts = [text for _, text in turns]
    assert texts[:2] == ["good evening, welcome to the meeting of the board.", "thank you, chair."]
    assert all(">>" not in text for text in texts)
    # nobody is named, but each ">>" is a change of speaker: two voices take the unnamed turns in turn
    assert [speaker for speaker, _ in turns] == ["Speaker 1", "Speaker 2", "CHAIR"]


def test_hash_marked_caption_lines_are_speech_not_chapters(tmp_path):
    path = tmp_path / "film.srt"
    path.write_text("".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nLine number {i} of the film.\n"
                            f"# 电影的第{i}句台词。\n\n" for i in range(1, 9)), encoding="utf-8")
    script = parse_file(path)
    assert len(script.chapters) == 1
    spoken = " ".join(t.text for t in script.chapters[0].turns)
    assert "#" not in spoken and "电影的第8句台词" in spoken and "Line number 8" in spoken


def test_unnamed_caption_voices_have_default_voices(tmp_path):
    """The two unnamed voices of ``>>`` captions render without a voices.yaml, in two distinct voices."""
    from voicecast.planning.check import check_script
    from voicecast.planning.voices import parse_voices

    path = tmp_path / "board.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\n>> good evening, welcome.\n\n"
                    "2\n00:00:03,000 --> 00:00:05,000\n>> thank you, chair.\n", encoding="utf-8")
    script = parse_file(path)
    assert {t.speaker for ch in script.chapters for t in ch.turns} == {"Speaker 1", "Speaker 2"}
    assert not [f.message for f in check_script(script, parse_voices("")) if "has no voice" in f.message]


def _srt(texts: list[str]) -> str:
    return "\n".join(f"{i}\n00:00:{i * 2:02d},000 --> 00:00:{i * 2 + 2:02d},000\n{t}\n" for i, t in enumerate(texts, 1))


def test_a_figure_caption_in_rolling_captions_is_no_speaker(tmp_path):
    """'右图：' opening a caption (the lecturer points at a slide) names nobody, and a rolling cue
    that repeats it is said once, not as a new turn."""
    path = tmp_path / "lecture.srt"
    path.write_text(_srt(["右图：这是一张照片", "右图：这是一张照片 上面有三个人", "上面有三个人 他们在讨论问题",
                          "他们在讨论问题 然后我们看下一张", "然后我们看下一张 左图：另一张照片",
                          "左图：另一张照片 是在北京拍的", "是在北京拍的 右图：第三张", "右图：第三张 是上海"]),
                    encoding="utf-8")
    script = parse_file(path)
    turns = [t for ch in script.chapters for t in ch.turns]
    assert {t.speaker for t in turns} == {None}
    assert all(not c.title or "图" not in c.title for c in script.chapters)
    compact = "".join(t.text for t in turns).replace(" ", "")
    for phrase in ("这是一张照片", "上面有三个人", "另一张照片", "是在北京拍的", "第三张"):
        assert compact.count(phrase) == 1, (phrase, compact)


def test_named_speakers_in_captions_still_open_turns(tmp_path):
    path = tmp_path / "named.srt"
    path.write_text(_srt(["主持人：欢迎大家", "嘉宾：谢谢邀请", "主持人：我们开始吧", "嘉宾：好的"]), encoding="utf-8")
    assert [t.speaker for ch in parse_file(path).chapters for t in ch.turns] == ["主持人", "嘉宾", "主持人", "嘉宾"]
