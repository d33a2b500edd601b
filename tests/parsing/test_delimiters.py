"""Labels delimited by a dash, a period after capitals, or a line break after a screenplay cue are
read as labels once the document shows the shape (two names, twice each); one use is prose."""

from __future__ import annotations

from voicecast.parsing import parse_text
from voicecast.parsing.delimiters import normalize_label_delimiters


def _turns(text):
    return [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def test_dash_labels_with_initials_later():
    text = ("Subash Jayaraman– Hello and welcome to the show.\n\nWright Thompson– Great to be here.\n\n"
            "SJ– It is my pleasure!\n\nWT-I do think cricket is changing.\n\nSJ– How so?\n")
    assert _turns(text) == [("Subash Jayaraman", "Hello and welcome to the show."),
                            ("Wright Thompson", "Great to be here."), ("Subash Jayaraman", "It is my pleasure!"),
                            ("Wright Thompson", "I do think cricket is changing."), ("Subash Jayaraman", "How so?")]


def test_period_after_capitals_and_colon_labels_beside_them():
    text = ("Q. What happened next?\nA. We left.\nQ. Why?\nA. It rained.\nTHE COURT: Proceed.\n"
            "S. O'BRIEN: Not a period label.\n")
    rewritten, where = normalize_label_delimiters(text)
    assert [name for _, name in where] == ["Q", "A", "Q", "A"]
    assert rewritten.splitlines()[-1] == "S. O'BRIEN: Not a period label."


def test_screenplay_cues_above_their_lines():
    text = ("INT. KITCHEN - EVENING\n\nTyler chops onions.\n\nAMANDA (O.S.)\nYou should turn on the lights.\n\n"
            "TYLER\nI would rather not.\n\nAMANDA (O.S.)\nStop whining.\n\nTYLER\nSoup's on!\n")
    speakers = [s for s, _ in _turns(text)]
    assert speakers[-4:] == ["AMANDA", "TYLER", "AMANDA", "TYLER"]
    assert _turns(text)[-1] == ("TYLER", "Soup's on!")


def test_one_use_or_sentences_are_not_labels():
    text = "Yes. I did.\nYes. Again.\nOkay. Fine.\nOkay. Sure.\nWell— maybe.\nMr. Smith came.\n"
    assert normalize_label_delimiters(text) == (text, [])
    wrapped = "主持人：您怎么看\nAPI\n这件事？\n\n嘉宾：好的\nAPI\n很有用。\n\n主持人：那\nAI\n呢？\n\n嘉宾：\nAI\n也是。\n"
    assert normalize_label_delimiters(wrapped) == (wrapped, [])


def test_a_whole_turn_in_quotes_is_that_label():
    text = "「阿寶:小姐,小姐…」\n「月霜:到底是什麼事呀!」\n「阿寶:潘公子中了頭名!」\n「月霜:真的嗎?」\n"
    assert _turns(text) == [("阿寶", "小姐,小姐…"), ("月霜", "到底是什麼事呀!"), ("阿寶", "潘公子中了頭名!"),
                            ("月霜", "真的嗎?")]


def test_a_numbered_dialogue_opens_with_its_label():
    text = ("1.A: Would you like to order now?\nB: Yes, the soup.\nA: Anything else?\nB: No.\n\n"
            "2.A: Good evening.\nB: A table for two.\n")
    assert [s for s, _ in _turns(text)] == ["A", "B", "A", "B", "A", "B"]


def test_a_script_table_with_a_name_column_and_a_stage_column():
    text = ("| 类型 | 剧情描述 | 名字 | 台词 |\n|------|---------|------|------|\n"
            "| TL | 【场景】教学楼大厅 | | |\n| | Kim走进大厅。 | | |\n| | | Kim | So! We need people! |\n"
            "| | | Matt | But how? |\n| | | Kim | We make a poster! |\n| | | Matt | Good idea. |\n")
    assert _turns(text) == [("Kim", "So! We need people!"), ("Matt", "But how?"), ("Kim", "We make a poster!"),
                            ("Matt", "Good idea.")]


def test_a_label_glued_to_its_speech():
    text = ("白展堂-老白掌柜的,喂……真走啦?\n白三娘:你管她叫什么?\n白展堂-老白呃……二姨?\n白三娘:等等,你上哪儿去呀?\n"
            "白展堂-老白你放心吧,我不会报官的。\n白三娘:站住!\n白展堂-老白六扇门……哎呀!\n")
    assert _turns(text) == [("白展堂-老白", "掌柜的,喂……真走啦?"), ("白三娘", "你管她叫什么?"), ("白展堂-老白", "呃……二姨?"),
                            ("白三娘", "等等,你上哪儿去呀?"), ("白展堂-老白", "你放心吧,我不会报官的。"), ("白三娘", "站住!"),
                            ("白展堂-老白", "六扇门……哎呀!")]


def test_the_same_words_after_every_label_are_speech_not_a_glued_label():
    text = "甲:你好。\n我觉得这个问题很重要。\n乙:是吗?\n我觉得这个问题很重要。\n甲:对。\n我觉得这个问题很重要。\n"
    assert normalize_label_delimiters(text) == (text, [])


def test_caption_chevrons_mark_a_change_of_speaker():
    """TV captions mark each change of speaker with ``>>`` and name nobody: every marker opens a turn,
    the lines below it continue that turn, and two voices take the unnamed turns in turn, so a change
    is heard as one. A marker before a name (``>> ANNOUNCER: …``) is that name's turn."""
    text = (">> GOOD EVENING AND WELCOME\n\nTO THE MEETING.\n\nPLEASE STAND.\n\n>> THANK YOU, MADAM CHAIR.\n\n"
            "WE ARE READY.\n\n>> ANNOUNCER: PLEASE BE SEATED.\n\n>> LET US BEGIN.\n")
    turns = _turns(text)
    assert [s for s, _ in turns] == ["Speaker 1"] * 3 + ["Speaker 2"] * 2 + ["ANNOUNCER", "Speaker 1"]
    assert [t for _, t in turns[:3]] == ["GOOD EVENING AND WELCOME", "TO THE MEETING.", "PLEASE STAND."]
    assert not any(">>" in t for _, t in turns)


def test_one_chevron_is_text_not_a_change_of_speaker():
    text = "The value was >> 3 in every case.\n\n>> that line quoted an email.\n"
    assert normalize_label_delimiters(text) == (text, [])


def test_bracketed_labels_of_a_live_text_feed():
    """A live-text feed names each item's speaker in brackets, items run together on one line with
    ``|`` between them and a bracketed clock time after each: names are speakers, times are not."""
    text = ("[记者] 发布会马上开始。 [09:46] | [主持人] 请大家关闭手机。 [09:59] | [主持人] 第一个问题。 [10:00] | "
            "[部长] 谢谢大家。 [10:02] | [记者] 现在提问。\n")
    turns = _turns(text)
    assert [s for s, _ in turns] == ["记者", "主持人", "主持人", "部长", "记者"]
    assert not any("|" in t or "[" in t for _, t in turns)


def test_sound_cues_in_brackets_are_not_labels():
    text = "[Music] Hello everyone and welcome.\n[Applause]\n[Music] Today we talk about bees.\n[Laughter] Right.\n"
    assert normalize_label_delimiters(text) == (text, [])


def test_a_chevron_before_a_bracketed_label_records_that_label():
    rewritten, where = normalize_label_delimiters(">> 【主持人】你好。\n>> 谢谢。\n>> 【主持人】再见。\n")
    assert where == [(1, "主持人"), (2, "Speaker 1"), (3, "主持人")]
    assert rewritten.splitlines()[1] == "Speaker 1: 谢谢。"


def test_a_slipped_delimiter_after_an_established_label_is_that_label():
    """'乙?我知道…' where the document writes '乙:' every time: the question mark stood in for the
    colon, the turn is 乙's (it answers 甲), and the mark is not said."""
    rows = ["甲:今天说段相声。", "乙:好啊。", "甲:说什么呢?", "乙:您说吧。", "甲:说一段歌曲。", "乙:歌曲?",
            "甲:对,相声表演歌曲。", "乙?我知道是相声,我问你内容是什么?", "甲:内容是唱歌。", "乙:那您唱吧。",
            "甲:好。", "乙:请。"]
    turns = _turns("\n".join(rows) + "\n")
    assert turns[7] == ("乙", "我知道是相声,我问你内容是什么?")
    assert [s for s, _ in turns] == ["甲", "乙"] * 6


def test_a_name_and_a_question_mark_inside_a_turn_stay_speech():
    rows = ["甲:今天说段相声。", "乙:好啊。", "甲:说什么呢?", "乙:您说吧。", "甲:说一段歌曲。",
            "甲?他说甲?我就是甲啊。", "乙:那您唱吧。", "甲:好。", "乙:请。"]
    turns = _turns("\n".join(rows) + "\n")
    assert any("甲?他说甲?" in t for _, t in turns)  # the same speaker again: not a slipped label


def test_caption_markers_after_a_clock_time_open_turns_too():
    from voicecast.parsing import parse_text

    text = ("10:02:15 >> good evening. i'm ana lopez.\n10:02:18 >> and i'm ben ortiz. the storm hit at noon.\n"
            "10:02:25 >> ben, how bad is it?\n10:02:29 >> very bad, ana.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert [s for s, _ in turns] == ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"], turns
    assert all(">>" not in t and "10:02" not in t for _, t in turns)


def test_a_chinese_dash_of_two_em_dashes_is_one_delimiter():
    from voicecast.parsing import parse_text

    text = "李华——欢迎收听。\n\n王强——谢谢。\n\n李华——开始吧。\n\n王强——好。\n"
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns == [("李华", "欢迎收听。"), ("王强", "谢谢。"), ("李华", "开始吧。"), ("王强", "好。")]


def test_an_action_in_brackets_where_an_established_label_has_its_colon_is_that_label():
    """``老拱(试图抓住她的手)你又粉又嫩!`` in a script that writes ``老拱:`` again and again: the
    bracketed action stands where the colon goes; the turn is 老拱's and the action is not said."""
    rows = ["老拱:喝酒!", "阿五:喝!", "老拱:今天的酒好像蘸了水。", "阿五:我也觉得。", "老拱:再来一碗。",
            "吴阿姨:酒来了。", "阿五:好。", "吴阿姨:来了来了。", "老拱(试图抓住吴阿姨的手)你的手又粉又嫩!",
            "吴阿姨（打掉他的手）我又不是好欺负的!", "阿五:哈哈。", "吴阿姨:你们两个。", "老拱:走了。"]
    turns = _turns("\n\n".join(rows) + "\n")
    assert turns[8] == ("老拱", "你的手又粉又嫩!")
    assert turns[9] == ("吴阿姨", "我又不是好欺负的!")
    assert [s for s, _ in turns][10:] == ["阿五", "吴阿姨", "老拱"]


def test_a_name_and_a_bracket_in_narration_or_the_same_speaker_stay_as_they_are():
    rows = ["老拱:喝酒!", "阿五:喝!", "老拱:今天的酒好像蘸了水。", "阿五:我也觉得。", "老拱:再来一碗。",
            "老拱（笑）这话我说过吗?", "阿五:说过。", "小栓(十岁)从里屋跑出来。", "阿五:你来干什么?"]
    turns = _turns("\n\n".join(rows) + "\n")
    assert ("老拱", "（笑）这话我说过吗?") not in turns and any("这话我说过吗" in t for _, t in turns)
    assert all(s != "小栓" for s, _ in turns)  # not a label the script writes: narration


def test_a_hearings_labels_with_a_title_and_a_surname_in_capitals_then_a_period():
    """The US Congress prints its hearings ``Mr. SMITH. Thank you…``, ``The CHAIRMAN. …``,
    ``Secretary JONES. …``: the period is the label's delimiter."""
    text = ("The CHAIRMAN. The committee will come to order. Today we hear from the Secretary.\n\n"
            "Mr. SMITH. Thank you, Mr. Chairman. I have a question for the Secretary.\n\n"
            "Secretary JONES. Go ahead.\n\nMr. SMITH. Why was the report late?\n\n"
            "Secretary JONES. We needed more data.\n\nThe CHAIRMAN. The gentleman's time has expired.\n")
    turns = _turns(text)
    assert [s for s, _ in turns] == ["The CHAIRMAN", "Mr. SMITH", "Secretary JONES", "Mr. SMITH", "Secretary JONES",
                                     "The CHAIRMAN"]
    assert turns[1][1] == "Thank you, Mr. Chairman. I have a question for the Secretary."


def test_prose_with_a_title_and_a_name_keeps_its_periods():
    text = ("Mr. Smith. That was all he said.\n\nThe End. Or so we thought.\n\nDr. Lee. A name we knew.\n\n"
            "Mr. Smith. Again, nothing more.\n")
    assert all(s is None for s, _ in _turns(text))


def test_a_slip_after_labels_written_in_bold_is_still_read():
    rows = ["**甲**:今天说段相声。", "**乙**:好啊。", "**甲**:说什么呢?", "**乙**:您说吧。", "**甲**:说一段歌曲。",
            "**乙**:歌曲?", "**甲**:对,相声表演歌曲。", "乙?我知道是相声,我问你内容是什么?", "**甲**:内容是唱歌。",
            "**乙**:那您唱吧。", "**甲**:好。", "**乙**:请。"]
    assert _turns("\n".join(rows) + "\n")[7] == ("乙", "我知道是相声,我问你内容是什么?")


def test_a_han_label_set_off_by_a_space_is_a_label_once_the_document_shows_the_shape():
    """``主持人 大家好。`` in a Chinese text, where no one writes a space: the label and its speech,
    as some copies drop the colon."""
    rows = ["主持人 大家好，欢迎收听本期节目。", "嘉宾 谢谢邀请。", "主持人 我们先聊聊您的新书。", "嘉宾 好的，这本书写了三年。",
            "主持人 为什么这么久？", "嘉宾 因为资料太多了。"]
    turns = _turns("\n".join(rows) + "\n")
    assert [s for s, _ in turns] == ["主持人", "嘉宾"] * 3
    assert turns[1] == ("嘉宾", "谢谢邀请。")


def test_lyrics_and_lists_with_spaces_stay_as_they_are():
    lyrics = "我爱你 中国\n我爱你 中国\n亲爱的 母亲\n我爱你 中国\n我为你 流泪\n"
    assert all(s is None for s, _ in _turns(lyrics))
    scores = "张三 九十分\n李四 八十五分\n张三 第一名\n李四 第二名\n"
    assert all(s is None for s, _ in _turns(scores))
