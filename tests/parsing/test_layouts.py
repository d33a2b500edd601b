"""Every transcript layout the importers promise, on small hand-written fixtures in tests/data."""

from __future__ import annotations

import pytest
from conftest import DATA

from voicecast.parsing import detect_format, parse_file, parse_text


def _turns(script_or_chapter):
    chapters = getattr(script_or_chapter, "chapters", [script_or_chapter])
    return [(t.speaker, t.text) for ch in chapters for t in ch.turns]


def test_own_format_front_matter_chapters_labels_pauses_comments():
    script = parse_file(DATA / "own_format.md")
    assert script.source_format == "voicecast"
    assert (script.title, script.language, script.meta["author"]) == ("检验节目", "zh", "voicecast 测试")
    assert [ch.title for ch in script.chapters] == ["", "第一章 开场", "第二章 技术"]
    intro, first, second = script.chapters
    assert _turns(intro) == [(None, "欢迎收听本期节目，这段话在第一章之前，是开场旁白。")]
    assert _turns(first) == [
        ("主持人", "欢迎收听本期节目。今天我们请到了一位老朋友。"),
        ("嘉宾", "谢谢邀请。We finished it last summer."),
        ("嘉宾", "这一段没有标签，是嘉宾的话的第二段。"),
        (None, "这里是旁白，介绍一下背景。"),
    ]
    assert first.turns[2].pause_after_ms == 2000
    assert first.turns[1].lang == "zh"
    assert second.turns[1].text == "我觉得 GPT-4.5 比 GPT-4 强很多。[pause 500ms] 真的。上午 9:46 我们开会，66% 的人同意。"
    spoken = " ".join(t for _, t in _turns(script))
    assert "注释" not in spoken


def test_labels_split_across_two_lines_and_prose_that_is_not_a_label():
    script = parse_file(DATA / "split_labels.txt")
    turns = _turns(script)
    assert [s for s, _ in turns] == ["Lex Fridman", "Sam Altman", "Lex Fridman", "Sam Altman", "Sam Altman", "Lex Fridman"]
    assert turns[2][1] == "你觉得 GPT-5 什么时候发布？"
    assert turns[3][1] == "我不知道，但今年会有新的模型。"
    # "Lex" / "Fridman是一名…" has no colon: prose, re-joined with a space, continuing the turn before.
    assert turns[4][1].startswith("Lex Fridman是一名研究人工智能的科学家")


def test_one_line_interview_with_inline_and_role_prefixed_labels():
    script = parse_file(DATA / "inline_blob.txt")
    turns = _turns(script)
    # The title set before the first label of the one-line talk is its title, not anyone's words.
    assert script.meta["title"] == "2023智源大会对话实录" and "实录" not in " ".join(t for _, t in turns)
    assert [s for s, _ in turns] == ["张宏江", "Sam Altman"] * 3
    assert turns[0][1] == "请问您怎么看待人工智能的安全问题？"
    assert turns[-1][1] == "谢谢邀请。"
    assert script.speakers == ["张宏江", "Sam Altman"]


def test_voices_yaml_aliases_name_the_speaker():
    text = "奥特曼：你好。\n\nLex：你好，欢迎。\n\n奥特曼：谢谢。\n"
    script = parse_text(text, known_speakers={"Sam Altman": "Sam Altman", "奥特曼": "Sam Altman", "Lex": "Lex Fridman"})
    assert [t.speaker for ch in script.chapters for t in ch.turns] == ["Sam Altman", "Lex Fridman", "Sam Altman"]


def test_short_standalone_lines_between_turns_are_chapters():
    script = parse_file(DATA / "plain_headings.txt")
    assert [ch.title for ch in script.chapters] == ["", "开场白", "模型与数据"]
    assert [len(ch.turns) for ch in script.chapters] == [2, 2, 3]
    # "上午 9:46" is a time, not a speaker label; the line continues the guest.
    assert _turns(script.chapters[2])[-1] == ("嘉宾", "上午 9:46 我们开始训练。")


def test_markdown_headings_and_plain_labels_without_front_matter():
    text = "# 标题\n\n## 第一部分\n\nA: Hello there.\n\nB: 你好。\n\n## 第二部分\n\nA: Bye.\n\nB: 再见。\n"
    script = parse_text(text)
    assert script.title == "标题"
    assert [ch.title for ch in script.chapters] == ["第一部分", "第二部分"]
    assert [(t.speaker, t.lang) for t in script.chapters[0].turns] == [("A", "en"), ("B", "zh")]


def test_web_junk_is_never_spoken():
    script = parse_file(DATA / "web_junk.md")
    assert script.title == "一篇网页文章"
    assert _turns(script) == [(None, "这是正文的第一段，请看官方公告。"), (None, "这一段有一个链接 和一个哈希。")]


def test_bilingual_each_line_its_own_turn_and_language():
    script = parse_file(DATA / "bilingual.txt")
    assert script.source_format == "bilingual"
    assert [t.lang for ch in script.chapters for t in ch.turns] == ["en", "zh", "en", "zh", "en", "en", "zh", "en"]


def test_encodings_traditional_big5_gb18030_and_bom():
    utf8 = parse_file(DATA / "traditional_utf8.txt")
    big5 = parse_file(DATA / "traditional_big5.txt")
    assert big5.meta["encoding"] == "big5"
    assert _turns(big5) == _turns(utf8)
    assert _turns(big5)[0] == ("張宏江", "歡迎來到智源大會。我們今天討論人工智慧的未來。")
    plain = parse_file(DATA / "plain_headings.txt")
    gb = parse_file(DATA / "plain_headings_gb18030.txt")
    bom = parse_file(DATA / "bom.txt")
    assert gb.meta["encoding"] == "gb18030"
    assert _turns(gb) == _turns(plain) == _turns(bom)


def test_format_detection():
    assert detect_format((DATA / "own_format.md").read_text()) == "voicecast"
    assert detect_format((DATA / "bilingual.txt").read_text()) == "bilingual"
    assert detect_format((DATA / "split_labels.txt").read_text()) == "transcript"


def test_running_timecodes_inside_prose_are_not_spoken():
    from voicecast.parsing import parse_text

    text = "".join(f"这是第{i}段回忆，我们住在河边。{i // 60:02d}:{i % 60:02d} " for i in range(1, 12)) + "\n"
    spoken = " ".join(t.text for ch in parse_text(text).chapters for t in ch.turns)
    assert ":" not in spoken and "这是第11段回忆" in spoken
    # A few times of day in prose stay.
    prose = "我们下午3:30开会，晚上8:00结束。第二天9:15又开了一次。\n"
    assert "3:30" in " ".join(t.text for ch in parse_text(prose).chapters for t in ch.turns)


def test_may_it_please_the_court_is_no_label():
    """An argument opens ``Mr. Chief Justice, and may it please the Court:``: the colon ends the
    advocate's sentence; "Court", after a lower-case word mid-sentence, is nobody's label."""
    text = ("CHIEF JUSTICE ROBERTS: We will hear argument first this morning.\n\n"
            "MR. OLSON: Mr. Chief Justice, and may it please the Court:\n\nThe question here is simple.\n\n"
            "JUSTICE THOMAS: Counsel, what is the best case?\n\nMR. OLSON: Hurley.\n\n"
            "CHIEF JUSTICE ROBERTS: Thank you.\n\n"
            "MS. WAXMAN: Mr. Chief Justice, and may it please the Court: The State has an interest.\n\n"
            "JUSTICE THOMAS: Why?\n")
    speakers = [t.speaker for ch in parse_text(text).chapters for t in ch.turns]
    assert "Court" not in speakers and "MS. WAXMAN" in speakers


def test_an_otter_export_says_only_the_talk(tmp_path):
    """An Otter.ai export opens with its title, date and length, a keywords block and the list of
    speakers, and ends with a credit: none of it is said; the speakers' list names nobody new."""
    text = ("Customer interview - Otter.ai\nMon, Oct 3, 2022 3:12PM • 45:10\n\nSUMMARY KEYWORDS\n"
            "price, families, old model, delivery\n\nSPEAKERS\nDana Reyes, Sam Okafor\n\n"
            "Dana Reyes  0:03\nHello and thanks for joining us today.\n\nSam Okafor  0:07\nHappy to be here.\n\n"
            "Dana Reyes  0:10\nLet us start with the price.\n\nSam Okafor  0:15\nIt is too high.\n\n"
            "Transcribed by https://otter.ai\n")
    script = parse_text(text)
    turns = _turns(script)
    assert turns == [("Dana Reyes", "Hello and thanks for joining us today."), ("Sam Okafor", "Happy to be here."),
                     ("Dana Reyes", "Let us start with the price."), ("Sam Okafor", "It is too high.")]
    assert all("SPEAKERS" not in ch.title and "KEYWORDS" not in ch.title for ch in script.chapters)


def test_focus_group_ids_in_brackets_are_speakers():
    text = ("[id1] I think the price is too high for families.\n[id2] I agree, it is a lot.\n"
            "[Moderator] Why do you say that?\n[id1] Because we compare it with the old one.\n"
            "[id3] For me it is fine.\n[Moderator] Thank you all.\n")
    assert [t.speaker for ch in parse_text(text).chapters for t in ch.turns] == [
        "id1", "id2", "Moderator", "id1", "id3", "Moderator"]


@pytest.mark.parametrize("header", ["Time | Speaker | Transcript\n", "时间 | 发言人 | 内容\n", ""])
def test_a_flattened_table_is_read_as_turns(header):
    """A transcript table copied without its pipes at the line ends and without its rule line."""
    rows = ("00:01 | Ana | Good morning, everyone, and welcome.\n00:05 | Ben | Morning, Ana. Glad to be here.\n"
            "00:09 | Ana | Let us start the meeting with the budget.\n00:14 | Ben | I have the numbers ready for you.\n")
    turns = _turns(parse_text(header + rows))
    assert turns == [("Ana", "Good morning, everyone, and welcome."), ("Ben", "Morning, Ana. Glad to be here."),
                     ("Ana", "Let us start the meeting with the budget."), ("Ben", "I have the numbers ready for you.")]


def test_lines_with_bars_that_are_no_table_stay_text():
    text = "首页 | 新闻 | 访谈\n\n主持人：欢迎收听。\n\n嘉宾：谢谢。\n\n主持人：开始吧。\n\n嘉宾：好 | 的。\n"
    assert [t.speaker for ch in parse_text(text).chapters for t in ch.turns][-4:] == ["主持人", "嘉宾", "主持人", "嘉宾"]


def test_a_podcast_page_with_a_time_after_each_label_says_only_the_talk():
    """``Maya Lin:  0:00`` over the speech (a blog's copy of an export): the time is never said; the
    page's player links and share buttons around the talk neither."""
    text = ("Home | Podcasts | About\n\nEpisode 112: The Future of Cities\nPosted by admin on March 3, 2024 | 4 Comments\n\n"
            "Listen on Apple Podcasts | Spotify | RSS\n\nTranscript\n\n"
            "Maya Lin:  0:00\nWelcome to Urban Futures. I'm Maya Lin, and my guest is\nthe architect Daniel Okoro.\n\n"
            "Daniel Okoro:  0:09\nThanks, Maya.\n\nMaya Lin:  0:12\nWhy do people fear density?\n\n"
            "Daniel Okoro:  1:16\nBecause they picture the worst examples.\n\n"
            "Transcribed by https://otter.ai\n\nShare this:\nTwitter\nFacebook\n\nRelated\n")
    script = parse_text(text)
    turns = _turns(script)
    assert turns == [("Maya Lin", "Welcome to Urban Futures. I'm Maya Lin, and my guest is the architect Daniel Okoro."),
                     ("Daniel Okoro", "Thanks, Maya."), ("Maya Lin", "Why do people fear density?"),
                     ("Daniel Okoro", "Because they picture the worst examples.")]
    assert all("Spotify" not in ch.title for ch in script.chapters)


@pytest.mark.parametrize("left, right", [("「", "」"), ("『", "』"), ("〔", "〕"), ("[", "]"), ("“", "”")])
def test_a_label_set_in_quotes_or_brackets_before_its_colon_is_a_label(left, right):
    """``「主持」：…``: the name in corner quotes, then the colon; the turn is the host's, not the
    guest's before it."""
    text = (f"{left}主持{right}：今晚的嘉賓是著名作家龍應台。\n\n龍應台：大家好。\n\n{left}主持{right}：您為什麼寫這本書？\n\n"
            f"龍應台：因為我想知道我父母經歷了什麼。\n\n{left}主持{right}：寫完以後呢？\n\n龍應台：我更理解他們了。\n")
    turns = _turns(parse_text(text))
    assert [s for s, _ in turns] == ["主持", "龍應台"] * 3, turns
    assert turns[0][1] == "今晚的嘉賓是著名作家龍應台。"
