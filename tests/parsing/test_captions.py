"""Subtitle files (SRT, WebVTT) read as scripts: timings dropped, cues merged into turns, speakers
from voice tags and labels, sound descriptions never spoken, two-language files as bilingual."""

from __future__ import annotations

from conftest import DATA

from voicecast.parsing import detect_format, parse_file, parse_text
from voicecast.parsing.writer import to_markdown

SUBS = DATA / "subs"


def _turns(script):
    return [(t.speaker, t.lang, t.text) for ch in script.chapters for t in ch.turns]


def test_vtt_voice_tags_are_speakers_and_cues_merge_into_their_turns():
    script = parse_file(SUBS / "interview.vtt")
    assert script.source_format == "subtitles"
    assert _turns(script) == [
        ("Nora Lind", "en", "Welcome back. Today we talk about bridges that outlive their builders."),
        ("Amara Osei", "en", "Thank you, Nora. It is good to be here."),
        ("Nora Lind", "en", "What makes a bridge last a hundred years?"),
        ("Amara Osei", "en", "Water. Keep it out of the cables and the steel will outlive all of us."),
    ]
    spoken = " ".join(t for _, _, t in _turns(script))
    for junk in ("-->", "00:", "WEBVTT", "NOTE", "cue {", "Applause", "music", "<i>", "align"):
        assert junk not in spoken


def test_srt_label_prefixes_are_speakers_and_sound_descriptions_go():
    script = parse_file(SUBS / "labels_zh.srt")  # CRLF line ends, a label only where the speaker changes
    assert _turns(script) == [
        ("主持人", "zh", "欢迎收听本期节目。今天我们聊聊城市里的河流。"),
        ("嘉宾", "zh", "谢谢邀请。河流其实是城市的记忆。"),
        ("主持人", "zh", "为什么这么说？"),
        ("嘉宾", "zh", "因为每一座桥都记得它见过的人。"),
    ]


def test_two_language_subtitles_read_as_the_bilingual_format():
    script = parse_file(SUBS / "bilingual.srt")
    assert [(lang, text[:12]) for _, lang, text in _turns(script)] == [
        ("en", "We started t"), ("zh", "我们是在车库里创办这家公"), ("en", "Nobody belie"), ("zh", "没有人相信这些模型会成功"),
        ("en", "Now they run"), ("zh", "现在它们在每一部手机上运"),
    ]
    assert "Laughter" not in " ".join(t for _, _, t in _turns(script))


def test_dialogue_dashes_start_turns_and_detection_needs_timings():
    script = parse_file(SUBS / "dialogue_dashes.srt")
    assert [t for _, _, t in _turns(script)] == ["Are you ready?", "Almost. Give me a minute.", "We go live at nine."]
    assert detect_format((SUBS / "interview.vtt").read_text(encoding="utf-8")) == "subtitles"
    assert detect_format("主持人：你好。\n嘉宾：你好。\n主持人：今天 10:30 开会。\n") == "transcript"
    # The timings are the structure: a transcript line that holds a time range is not a subtitle file.
    assert parse_text("主持人：会议 9:00 --> 10:00 举行。\n\n嘉宾：好。\n").source_format == "transcript"


def test_import_of_a_subtitle_file_renders_the_same_turns():
    script = parse_file(SUBS / "interview.vtt")
    again = parse_text(to_markdown(script))
    assert [(t.speaker, t.text) for ch in again.chapters for t in ch.turns] == \
        [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]


def _srt(lines: list[str]) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n" for i, line in enumerate(lines, start=1))


def test_names_in_brackets_opening_the_cues_are_their_speakers():
    """``[JOHN] Are you coming?`` and ``（张三）你来了？``: a caption file that names each cue's
    speaker in brackets, as often as a label would; a sound in brackets stays unsaid."""
    english = _srt(["[JOHN] Are you coming?", "[MARY] In a minute.", "[JOHN] Hurry up, we are late.",
                    "[Sighs]", "[MARY] I said in a minute!", "[door slams]", "[JOHN] [laughs] Fine."])
    script = parse_text(english, fmt="subtitles")
    assert [(s, t) for s, _, t in _turns(script)] == [
        ("JOHN", "Are you coming?"), ("MARY", "In a minute."), ("JOHN", "Hurry up, we are late."),
        ("MARY", "I said in a minute!"), ("JOHN", "Fine.")]
    chinese = _srt(["（张三）你来了？", "（李四）我来了。", "（张三）外面冷吗？", "（李四）很冷。（笑）"])
    assert [(s, t) for s, _, t in _turns(parse_text(chinese, fmt="subtitles"))] == [
        ("张三", "你来了？"), ("李四", "我来了。"), ("张三", "外面冷吗？"), ("李四", "很冷。")]


def test_a_sound_in_brackets_opening_cues_is_no_speaker():
    text = _srt(["[Music] Welcome to the show.", "Today we talk about bridges.", "[Music] Thanks for listening.",
                 "[Applause] Good night.", "[Music] See you next week."])
    assert all(s is None for s, _, _ in _turns(parse_text(text, fmt="subtitles")))
