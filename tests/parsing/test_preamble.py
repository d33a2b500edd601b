"""Above the first labelled turn: the first short line is the title, other short lines and
`key: value` lines are the page's (never spoken), sentences are narration."""

from __future__ import annotations

from voicecast.parsing import parse_text
from voicecast.parsing.trace import Trace


def test_title_furniture_and_metadata_above_the_first_turn():
    text = ("霹靂城 第二集 幽靈魔刀之謎\n\n推薦 3 收藏 0 轉貼0\n\n编剧:沙黑\n\n时间:清末民初某年的春日\n\n"
            "这是一段开场的叙述，介绍了故事的背景。\n\n甲: 你好。\n\n乙: 你好啊。\n\n甲: 我们开始吧。\n\n乙: 好。\n")
    trace = Trace()
    script = parse_text(text, trace=trace)
    turns = [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]
    assert turns[0] == (None, "这是一段开场的叙述，介绍了故事的背景。")
    assert [s for s, _ in turns[1:]] == ["甲", "乙", "甲", "乙"]
    assert script.meta["title"] == "霹靂城 第二集 幽靈魔刀之謎"
    dropped = [text for _, _, text in sorted(trace.dropped)]
    assert dropped == ["霹靂城 第二集 幽靈魔刀之謎", "推薦 3 收藏 0 轉貼0", "编剧:沙黑", "时间:清末民初某年的春日"]


def test_prose_without_labels_keeps_its_short_lines():
    text = "第一部分\n\n他走了很远的路。\n\n后来\n\n他回到了家。\n"
    turns = [t.text for ch in parse_text(text).chapters for t in ch.turns]
    assert "他走了很远的路。" in turns and "他回到了家。" in turns


def test_a_legend_names_the_labels_and_is_not_spoken():
    text = "Z:朱青生 T:涂骏\n\nZ: 你好，今天我们谈谈艺术。\n\nT: 好的。\n\nZ: 你最早学的是什么？\n\nT: 油画。\n"
    script = parse_text(text)
    turns = [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]
    assert [s for s, _ in turns] == ["朱青生", "涂骏", "朱青生", "涂骏"]
    text = ("Guest: Wright Thompson\n\nHost: Subash Jayaraman\n\nHost: Hello and welcome.\n\nGuest: Thanks, man.\n\n"
            "Host: So how was India?\n\nGuest: Loud and wonderful.\n")
    speakers = [t.speaker for ch in parse_text(text).chapters for t in ch.turns]
    assert speakers == ["Subash Jayaraman", "Wright Thompson", "Subash Jayaraman", "Wright Thompson"]


def test_a_short_first_turn_is_not_a_legend():
    text = "主持人：好的\n\n嘉宾：我们开始吧。\n\n主持人：请讲。\n\n嘉宾：谢谢。\n"
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[0] == ("主持人", "好的")


def test_scenes_numbered_in_brackets_are_chapters():
    text = ("【1】外景、衚衕、夜\n\n白展堂: 有人吗?\n\n郭芙蓉: 没人。\n\n【2】內景、大堂、上午\n\n"
            "二人在大堂里坐着，谁也不说话。\n\n白展堂: 早啊。\n\n郭芙蓉: 早。\n")
    script = parse_text(text)
    assert [c.title for c in script.chapters] == ["外景、衚衕、夜", "內景、大堂、上午"]
    spoken = "".join(t.text for c in script.chapters for t in c.turns)
    assert "外景" not in spoken and "二人在大堂里坐着" in spoken
    # One bracketed number is not the document's pattern (the short-line rule may still take it).
    one = parse_text("甲: 你好。\n\n乙: 你好。\n\n【1】见附录\n\n甲: 好的。\n\n乙: 再见。\n")
    assert "见附录" not in [c.title for c in one.chapters]


def test_a_plays_header_lists_cast_place_and_time_and_none_of_it_is_said():
    """``人物:`` (the cast), ``地点:`` and ``时间:`` above a play are its header even when they hold
    sentences or quotes; none of those words is ever a speaker."""
    text = ("长明灯\n编剧:沙黑\n时间:清末民初某年的春日\n地点:中国鲁镇农村\n"
            "人物:“疯人”,各种各样的人(灰大妈、阔庭、方头、阿五、老拱)。\n舞台的大部分被一个茶馆占据。\n"
            "阿五:出来一下!\n灰大妈:我来了。\n阿五:再来一碗。\n灰大妈:好。\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns == [(None, "舞台的大部分被一个茶馆占据。"), ("阿五", "出来一下!"), ("灰大妈", "我来了。"),
                     ("阿五", "再来一碗。"), ("灰大妈", "好。")]
    script = parse_text("Cast: Amanda, Tyler.\n\nAMANDA: Hi.\n\nTYLER: Hello.\n\nAMANDA: Bye.\n\nTYLER: Bye.\n")
    assert [t.speaker for ch in script.chapters for t in ch.turns] == ["AMANDA", "TYLER", "AMANDA", "TYLER"]


def test_a_long_headline_and_a_blurb_above_the_first_turn_are_not_said():
    """A web page's headline can be long, and its blurb too; neither ends a sentence, so neither is
    an intro anyone says. The sentence under them is the narrator's."""
    headline = "Harbour Talks: Why the City Council Still Cannot Agree on Where the New Ferry Terminal Should Go"
    blurb = ("Harbour Talks | Two councillors and a ferry captain on tides, budgets and the long wait for a "
             "terminal that was promised in 2011")
    text = (f"{headline}\n\n{blurb}\n\nThis is an edited transcript of the evening programme.\n\n"
            "MARTA VOSS: Good evening and welcome.\n\nKEN ODA: Thank you for having me.\n\n"
            "MARTA VOSS: Where does the plan stand?\n\nKEN ODA: Nowhere yet, I am afraid.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[0] == (None, "This is an edited transcript of the evening programme.")
    assert [s for s, _ in turns[1:]] == ["MARTA VOSS", "KEN ODA", "MARTA VOSS", "KEN ODA"]


def test_a_notice_in_capitals_above_a_talk_in_mixed_case_is_not_said():
    text = ("Evening News\n\nTHIS TRANSCRIPT WAS MADE IN A HURRY. IT MAY CONTAIN ERRORS AND WILL BE CORRECTED LATER.\n\n"
            "ORAL HISTORY ARCHIVES: AN INTERVIEW WITH ROSA LINDQVIST, CONDUCTED BY JAN BERG and ELI MOSS, MAY 2, 2010\n\n"
            "JAN BERG: Good evening. Tell me where you grew up.\n\nROSA LINDQVIST: In a small town by the sea.\n\n"
            "JAN BERG: And your parents?\n\nROSA LINDQVIST: Fishermen, both of them.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert [s for s, _ in turns] == ["JAN BERG", "ROSA LINDQVIST", "JAN BERG", "ROSA LINDQVIST"], turns


def test_speech_in_capitals_before_the_first_turn_of_a_caption_transcript_is_said():
    """Captions written all in capitals: what comes before the first labelled turn is speech too."""
    text = ("GOOD EVENING, EVERYONE. WE BEGIN TONIGHT WITH THE STORM ON THE COAST.\n\n"
            "ANCHOR: THE WIND PICKED UP AFTER MIDNIGHT.\n\nREPORTER: IT IS STILL BLOWING HARD HERE.\n\n"
            "ANCHOR: STAY SAFE OUT THERE.\n\nREPORTER: WE WILL, THANK YOU.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[0] == (None, "GOOD EVENING, EVERYONE. WE BEGIN TONIGHT WITH THE STORM ON THE COAST.")


def test_the_page_above_a_transcript_flattened_into_one_paragraph_is_not_said():
    """A PDF copy: the cover lines, the viewer's chrome, then the whole talk in one paragraph whose
    turns are found inside it. What stands above that paragraph is the page's, as above any first turn."""
    talk = " ".join(["Ada Novak: Welcome. Where did you grow up?", "Ben Ortiz: In Lisbon, near the river.",
                     "Ada Novak: And your school?", "Ben Ortiz: A small one, with a big garden.",
                     "Ada Novak: Thank you, Ben.", "Ben Ortiz: Thank you."])
    text = ("CITY LIBRARY ORAL HISTORY PROJECT AN INTERVIEW WITH BEN ORTIZ\n\nZoom: 100%\n\n"
            f"Transcription\n\n1 {talk}\n")  # the page's number before its text
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert [s for s, _ in turns] == ["Ada Novak", "Ben Ortiz"] * 3, turns


def test_a_title_glued_before_the_first_label_of_a_one_line_talk_is_not_said():
    text = ("餐厅英语:点菜 Ordering餐厅英语:点菜 OrderingWAITER: Good evening. Are you ready to order? "
            "GUEST: Yes, the soup, please. WAITER: Anything to drink? GUEST: Just water, thanks. "
            "WAITER: Coming right up.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert [s for s, _ in turns] == ["WAITER", "GUEST", "WAITER", "GUEST", "WAITER"], turns


NEWS_PAGE = """对话李明：大模型下半场，拼的是什么

核心提示：在人工智能公司创业五年后，李明认为，真正的竞争才刚刚开始。

以下为对话实录：

科技日报：您怎么看今年的大模型竞争？

李明：我觉得上半场拼的是参数，下半场拼的是应用。

科技日报：应用方面最难的是什么？

李明：是找到真正愿意付费的用户。

科技日报：您的团队怎么做？

李明：我们先从一个很小的行业开始。
"""


def test_a_news_pages_headline_and_lead_above_the_talk():
    """The headline names the guest before a colon (对话李明：…) and is no turn; the lead under a key
    (核心提示：…) is the narrator's, the key not said; the talk starts with the first question."""
    script = parse_text(NEWS_PAGE)
    turns = [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]
    assert script.meta["title"] == "对话李明：大模型下半场，拼的是什么"
    assert turns[0] == (None, "在人工智能公司创业五年后，李明认为，真正的竞争才刚刚开始。"), turns
    assert [s for s, _ in turns if s] == ["科技日报", "李明"] * 3
    assert "核心提示" not in " ".join(t for _, t in turns)


_TALK = ("刘芳：张教授，今年的经济形势您怎么判断？\n\n张华：总体是稳中有进，但是压力也不小。\n\n"
         "刘芳：压力主要来自哪里？\n\n张华：外需疲软，国内消费恢复也比较慢。\n")
_VOICES = {"主持人": "主持人", "host": "主持人", "嘉宾": "嘉宾", "guest": "嘉宾"}  # as voices.yaml gives them


def test_a_legend_whose_names_carry_a_description_is_not_spoken():
    """``嘉宾：张华（北京大学经济学院教授）``, ``嘉宾：张华，北京大学经济学院教授``, ``【嘉宾】张华…``: the
    person's title after the name is the legend's, not a turn of 嘉宾 (with voices.yaml's 嘉宾 too)."""
    for legend in ("嘉宾：张华（北京大学经济学院教授）\n主持：刘芳\n\n", "【嘉宾】张华（北京大学经济学院教授）\n【主持】刘芳\n\n",
                   "【嘉宾】张华（北京大学经济学院教授）\n\n【主持】刘芳\n\n", "嘉宾：张华，北京大学经济学院教授\n\n主持人：刘芳\n\n",
                   "Guest: Wright Thompson, ESPN Senior Writer\nHost: Subash Jayaraman\n\n"):
        for known in ({}, _VOICES):
            script = parse_text(legend + _TALK, known_speakers=known)
            turns = [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]
            assert [s for s, _ in turns] == ["刘芳", "张华"] * 2, (legend, known, turns)
            assert len(script.chapters) == 1, legend


def test_a_first_turn_that_names_someone_after_the_label_is_still_said():
    """``主持人：李华，欢迎你`` opens the talk: a name and a comma, but what follows is speech, not a title."""
    text = ("主持人：李华，欢迎你来到节目\n\n李华：谢谢主持人。\n\n主持人：我们开始吧。\n\n李华：好的。\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[0] == ("主持人", "李华，欢迎你来到节目")


def test_a_legend_that_gives_a_role_several_people_is_not_spoken():
    """``嘉宾：王强（A公司CTO）、赵敏（B公司创始人）``: a panel's legend, also where voices.yaml names 嘉宾."""
    talk = ("李想：各位好，先请两位嘉宾介绍一下自己。\n\n王强：大家好，我是王强。\n\n赵敏：我是赵敏。\n\n"
            "李想：第一个问题，最难的是什么？\n\n王强：我觉得是成本。\n\n赵敏：我觉得是数据。\n")
    for legend in ("时间：2024年5月18日\n主持：李想（某科技媒体主编）\n嘉宾：王强（A公司CTO）、赵敏（B公司创始人）\n\n",
                   "主持人：李想\n\n嘉宾：王强、赵敏\n\n", "Host: Li Xiang\nGuests: Wang Qiang and Zhao Min\n\n"):
        if legend.startswith("Host"):
            talk_now = (talk.replace("李想", "Li Xiang").replace("王强", "Wang Qiang").replace("赵敏", "Zhao Min"))
        else:
            talk_now = talk
        titles = []
        for known in ({}, _VOICES):
            script = parse_text("圆桌对话 | 大模型落地的最后一公里\n\n" + legend + talk_now, known_speakers=known)
            speakers = [t.speaker for ch in script.chapters for t in ch.turns]
            assert len(speakers) == 6 and None not in speakers and len(set(speakers)) == 3, (legend, known, speakers)
            titles.append([ch.title for ch in script.chapters])
        assert titles[0] == titles[1] and len(titles[0]) == 1 and "主持" not in titles[0][0], (legend, titles)


def test_a_legend_that_gives_each_name_its_initials_names_the_labels():
    """``Interviewer: Tom Becker (TB)`` above ``TB: …`` turns: TB is Tom Becker; no line of it is said
    or made a chapter."""
    text = ("Transcript of the Interview with Dr. Elena Ruiz\nDate: 12 April 2022\nInterviewer: Tom Becker (TB)\n"
            "Interviewee: Elena Ruiz (ER)\n\nTB: Could you describe your early career?\n"
            "ER: I started as a nurse in Madrid.\nTB: What made you switch?\nER: Curiosity, mostly.\n"
            "TB: And did you find out?\nER: Partly.\n")
    script = parse_text(text)
    assert [t.speaker for ch in script.chapters for t in ch.turns] == ["Tom Becker", "Elena Ruiz"] * 3
    assert all("Interviewe" not in ch.title for ch in script.chapters)


def test_a_label_the_cast_list_lacks_one_character_from_a_cast_member_is_a_typo_for_them():
    """A cast list above an opera script names who speaks; ``世安:`` once, in no entry, one
    character from ``玉安`` (潘玉安 in the cast) and written nowhere else, is 玉安's turn mistyped.
    A minor role the cast omits (潘父) stays its own speaker."""
    cast = "雲龍(隱俠):楊麗花飾演/白月霜:許秀年飾演/潘玉安:柳青飾演/阿寶:高玉珊飾演\n\n"
    talk = ("月霜:好久不見了!\n\n世安:月霜,你好。\n\n月霜:玉安兄,你到現在才來。\n\n雲龍:姑娘認錯人了。\n\n"
            "月霜:你不是玉安?\n\n潘父:月霜,回家吧。\n\n玉安:月霜…步大哥!\n\n雲龍:在下告辭。\n\n月霜:等等!\n\n"
            "阿寶:小姐,小姐!\n\n雲龍:後會有期。\n\n阿寶:小姐快走。\n")
    speakers = [t.speaker for ch in parse_text(cast + talk).chapters for t in ch.turns]
    assert speakers.count("玉安") == 2 and "世安" not in speakers and speakers.count("潘父") == 1
    # Without a cast list nothing says who speaks: 世安 stays as written.
    assert "世安" in [t.speaker for ch in parse_text(talk).chapters for t in ch.turns]
    # Written elsewhere too, 世安 is someone of the story, not a slip.
    again = talk.replace("雲龍:在下告辭。", "雲龍:世安兄,在下告辭。")
    assert "世安" in [t.speaker for ch in parse_text(cast + again).chapters for t in ch.turns]
