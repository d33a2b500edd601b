"""What a page prints around a script that nobody in the audio says: the site's chrome (counters,
reader-mode notices, 'remember our address', subscription appeals, the site's own name), a
writer's note, stage directions in brackets standing alone, the stage note after a quoted line,
and a script's scene line (time and place) read as the scene's title, never as speech."""

from __future__ import annotations

import pytest

from voicecast.parsing import parse_text
from voicecast.parsing.chrome import is_chrome_line
from voicecast.parsing.clean import is_junk_line
from voicecast.parsing.trace import Trace


def _turns(text: str) -> list[tuple[str | None, str]]:
    return [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def _heard(text: str) -> str:
    script = parse_text(text)
    return " ".join([c.title for c in script.chapters] + [t.text for c in script.chapters for t in c.turns])


@pytest.mark.parametrize("line", [
    "阅读 2381 评论 12 点赞 40",
    "推荐 5 收藏 2 转发 0 订阅本站",
    "Views 1,204 · Comments 3 · Likes 17",
    "收藏本站，下次阅读更方便",
    "本站网址：请记住我们的新地址",
    "若页面显示不全，请退出阅读模式或取消转码后再试",
    "如需转载请联系本网站",
    "成为我们的会员，支持独立新闻",
    "歡迎訂閱本台，長期支持我們的報道",
    "Become a member to support our journalism",
    # The page's controls: a button's words, no sentence (download, print, embed, a setting to turn off).
    "Download PDF",
    "Print this page",
    "下载全文，离线阅读",
    "Turn off autoplay for videos?",
    "关闭自动播放",
    # A comment's byline under a post: who wrote it, then their words.
    "river_otter22 said...",
    "Maria Lopez wrote:",
    # The site's disclaimer: a notice under its own key.
    "免责声明：本站内容仅供参考，不代表本站观点。",
    "版權聲明 : 轉載請註明出處",
    "Disclaimer: the views expressed here are the guest's own.",
    # Account, sharing and player controls; a counter alone; the transcript speaking of itself;
    # when it was posted and by whom.
    "登录 | 注册",
    "Log in / Register",
    "Sign in",
    "分享到微博",
    "Copy link",
    "Listen to this article",
    "点击播放",
    "阅读量 3.4万",
    "Comments (7)",
    "980 views",
    "Episode Transcript",
    "This transcript was machine-generated and may contain errors.",
    "以下文字由AI自动转写，可能有误",
    "本文为速记稿，未经本人审阅",
    # Where to share it or hear it: the platforms' names alone, or after their key.
    "Twitter",
    "Facebook  LinkedIn  Email",
    "Listen on Apple Podcasts | Spotify | RSS",
    "Subscribe: Apple Podcasts · Google Podcasts · Overcast",
    "微信 微博 QQ空间",
    "收听：小宇宙 | 喜马拉雅 | 网易云音乐",
    # The page's rights notice; the editor's note on how the interview was cut.
    "Copyright © 2021 NPR. All rights reserved. Visit our website terms of use and permissions pages at "
    "www.npr.org for further information.",
    "© 2024 The Example Times Company",
    "版权所有 © 2023 某某网 京ICP备12345678号",
    "This interview has been edited for length and clarity.",
    "This conversation has been condensed and edited.",
    "本文经受访者审定，有删节。",
    # The page's staff credits.
    "责编 李强 | 校对 张丽",
    "责任编辑：王明",
    "校对：张丽  审核：李强",
    "Edited by Jane Doe | Photos by Ken Lee",
    "記者／林小美　攝影／王大同",
    "文/张三 图/李四",
    "撰文｜林小美",
    "Size: px",
    "Start display at page:",
    "Page 3 of 12",
    "Zoom in",
    "Full screen",
    "第 1 页 / 共 5 页",
    "共12页",
    "上一页 下一页",
    "全屏阅读",
])
def test_page_chrome_lines(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize("line", [
    "甲: 我昨天阅读了三本书，评论了两篇。",
    "他说他收藏了很多邮票。",
    "我们支持这个决定，也愿意成为会员国的一员。",
    "推荐你去看看这部电影。",
    "The views of 3 members were heard.",
    "老王：转码？那是什么？",
    "Download it tonight and tell us what you think.",
    "下载以后，我每天都听。",
    "He said...",
    "And then she wrote:",
    "Print media is not dead, she said.",
    "他发表了一份声明：公司不会裁员。",
    "我登录以后才发现密码错了。",
    "Sign in here, she said, and I did.",
    "The transcript of that trial was lost for years.",
    "他们的评论很多。",
    "Play it again.",
    "Twitter.",
    "I listen on Spotify.",
    "微信和微博都很好用。",
    "Email me.",
    "Copyright law is a mess, she said.",
    "We edited the film for length, and it hurt.",
    "My interview got edited out of the film.",
    "这本书的版权所有人是我的父亲。",
    "编辑说他很忙。",
    "校对工作很辛苦。",
    "记者：你好",
    "Edited by hand, every page of it.",
    "Size: it matters, he said.",
    "Start at the beginning.",
    "Page three of the report says so.",
    "Zoom in on that, please.",
    "我们翻到第3页。",
    "他在全屏上看了一遍。",
])
def test_speech_is_not_chrome(line):
    assert not is_chrome_line(line)


def test_site_names_above_the_first_turn_are_not_said_and_the_lesson_is_the_title():
    text = ("好好学英语网\n快乐英语口语\n第 12 课: At the Station在车站\n\n"
            "Clerk : Where to, sir? 先生，去哪里？\n\nMr. Li : Beijing, please. 请到北京。\n\n"
            "Clerk : One way or return? 单程还是往返？\n\nMr. Li : One way. 单程。\n")
    script = parse_text(text)
    heard = " ".join(t.text for c in script.chapters for t in c.turns)
    assert "英语网" not in heard and "快乐英语口语" not in heard and "第 12 课" not in heard
    assert [t.speaker for c in script.chapters for t in c.turns] == ["Clerk", "Mr. Li", "Clerk", "Mr. Li"]


def test_a_writers_note_is_never_said_nor_a_speaker():
    text = ("注:本剧根据真实故事改编，人物均为虚构，配音时可以自由发挥。\n\n"
            "张三:你来了。\n\n李四:来了。\n\n张三:坐吧。\n\n李四:好。\n\n"
            "註：此段為即興，可略過。\n\n张三:走吧。\n")
    turns = _turns(text)
    assert all("根据真实故事" not in t and "即興" not in t for _, t in turns)
    assert {s for s, _ in turns} == {"张三", "李四"}


def test_a_bracketed_stage_direction_alone_is_no_heading():
    text = ("【3】內景、客廳、夜\n\n【老李在燈下看報紙，小王推門進來】\n\n小王: 還沒睡啊?\n\n老李: 等你呢。\n\n"
            "小王: 我回來晚了。\n\n老李: 沒事。\n\n【4】外景、街道、晨\n\n小王: 早!\n")
    script = parse_text(text)
    assert [c.title for c in script.chapters] == ["內景、客廳、夜", "外景、街道、晨"]
    assert "看報紙" not in _heard(text)
    # Two cues side by side are still cues: "【雨声】【脚步声渐近】".
    two = text.replace("【老李在燈下看報紙，小王推門進來】", "【雨聲】【腳步聲漸近】")
    assert [c.title for c in parse_text(two).chapters] == ["內景、客廳、夜", "外景、街道、晨"]
    assert "雨聲" not in _heard(two)


def test_the_stage_note_after_a_quoted_line_is_not_said():
    text = ("老张:「你去哪儿?」\n\n小李:「出去走走。」转身离开。\n\n老张:「早点回来。」\n\n小李:「知道了!」\n\n"
            "老张:「路上小心,」他叹了口气,「天黑了。」\n")
    turns = _turns(text)
    assert turns[1] == ("小李", "「出去走走。」")
    assert "转身离开" not in _heard(text)
    assert turns[4] == ("老张", "「路上小心,」他叹了口气,「天黑了。」")  # between two quotes it stays


def test_quoted_speech_in_an_interview_keeps_what_follows_the_quote():
    text = ("主持人:你怎么看?\n\n嘉宾:「慢慢来」是我的口头禅,我一直这么做。\n\n主持人:为什么?\n\n嘉宾:因为急不来。\n")
    assert _turns(text)[1] == ("嘉宾", "「慢慢来」是我的口头禅,我一直这么做。")


@pytest.mark.parametrize("scene", ["夜晚,客房。", "日 内 客厅", "清晨，院子里", "外景、街道、晨"])
def test_a_scene_line_is_the_scenes_title(scene):
    text = f"{scene}\n白掌柜:你回来了?\n伙计:回来了。\n白掌柜:吃饭了吗?\n伙计:吃了。\n"
    trace = Trace()
    script = parse_text(text, trace=trace)
    heard = " ".join(t.text for c in script.chapters for t in c.turns)
    assert scene.rstrip("。") not in heard
    assert [t.speaker for c in script.chapters for t in c.turns] == ["白掌柜", "伙计", "白掌柜", "伙计"]


def test_a_sentence_about_the_night_is_no_scene_line():
    text = "夜晚,他一个人走回了客房。\n白掌柜:你回来了?\n伙计:回来了。\n白掌柜:吃饭了吗?\n伙计:吃了。\n"
    assert _turns(text)[0] == (None, "夜晚,他一个人走回了客房。")


def test_a_cast_list_of_role_actor_pairs_is_not_said():
    text = ("長亭送別\n\n張生:李明飾演/鶯鶯:王芳飾演/紅娘:趙玉配音\n\n第一場\n\n"
            "「鶯鶯:你要走了嗎?」\n「張生:明日便走。」\n「紅娘:小姐,天色晚了。」\n「鶯鶯:知道了。」\n")
    turns = _turns(text)
    assert all("飾演" not in t and "配音" not in t for _, t in turns)
    assert [s for s, _ in turns] == ["鶯鶯", "張生", "紅娘", "鶯鶯"]


def test_a_short_dialogue_on_one_line_is_not_a_cast_list():
    text = "甲:你好。/乙:你好。/甲:走吧。/乙:好的。\n\n甲:再见。\n\n乙:再见。\n"
    assert "走吧" in _heard(text) and "好的" in _heard(text)  # sentences: speech, not a cast list


def test_a_cast_list_one_pair_a_line_is_not_said():
    """An audio drama's cast: role:voice actor, one pair a paragraph, every role once. None of it is
    speech, though the roles speak later."""
    cast = ["小雨:青柠【星河社】", "阿山:石头", "小雨妈妈:海风【星河社】", "老师/校长:木木", "同学们:阿蓝 小北 七七",
            "邻居:小舟"]
    talk = ["老师:同学们,今天我们学习新的课文。", "小雨:老师,我没有带书。", "老师:那你和阿山一起看吧。",
            "阿山:好的,给你。", "小雨:谢谢你!"]
    text = "\n\n".join(["第一期", *cast, *talk]) + "\n"
    turns = _turns(text)
    heard = " ".join(t for _, t in turns)
    for line in cast:
        assert line.split(":")[1] not in heard, line
    assert [s for s, _ in turns] == ["老师", "小雨", "老师", "阿山", "小雨"], turns


def test_a_run_of_short_turns_is_a_dialogue_not_a_cast_list():
    english = "Sam Altman: Hi.\n\nLex Fridman: Hello Sam.\n\nSam: Good to be here.\n\nLex: Let us go.\n\nSam: Sure.\n"
    assert len(_turns(english)) == 5
    text = "甲:走吗\n\n乙:走\n\n甲:去哪\n\n乙:北京\n\n甲:好啊,那我们明天就出发吧。\n\n乙:一言为定。\n"
    assert [s for s, _ in _turns(text)] == ["甲", "乙", "甲", "乙", "甲", "乙"]


@pytest.mark.parametrize("line", ["Posted on May 3, 2022 by editor", "Updated 9:12 AM ET, Fri June 2, 2023",
                                  "发布于 2022-05-03 10:20", "By Ana Ruiz, Reuters", "8点26分", "上午10:15", "8:26 AM"])
def test_bylines_dates_and_clock_times_alone_are_never_said(line):
    assert is_junk_line(line)


@pytest.mark.parametrize("line", ["Posted letters took weeks to arrive back then.", "更新于是成了每天的工作。",
                                  "By the way, I was there.", "8点26分的时候，他来了。"])
def test_sentences_that_begin_like_them_are_said(line):
    assert not is_junk_line(line)


CLOCK_PAGE = """访谈｜守灯塔的人

主持人：欢迎收听本期节目，今天我们请到了一位守灯塔的人。

嘉宾：谢谢，很高兴来。

8点26分

主持人：您是怎么开始守灯塔的？

嘉宾：我的祖父就守过。

上午10:15

主持人：会觉得孤单吗？

嘉宾：有时候会。
"""


def test_a_clock_time_alone_on_its_line_is_no_heading_and_not_said():
    script = parse_text(CLOCK_PAGE)
    assert [c.title for c in script.chapters] == [""] or all("点" not in c.title for c in script.chapters)
    heard = _heard(CLOCK_PAGE)
    assert "8点26分" not in heard and "10:15" not in heard
    assert [t.speaker for c in script.chapters for t in c.turns] == ["主持人", "嘉宾"] * 3


@pytest.mark.parametrize("cue", ["音效：敲门声", "【音效：铃声响起】", "SFX: door slams", "MUSIC: theme up, then under",
                                 "背景音乐：《夜曲》渐起", "Sound effect: a phone rings"])
def test_a_sound_cue_line_is_neither_said_nor_a_chapter(cue):
    text = (f"第一幕\n\n{cue}\n\n林老师：同学们，上课了。\n\n辛达夷：老师好！\n\n{cue}\n\n"
            "林老师：今天讲第三课。\n\n辛达夷：好的。\n")
    _left_out(text, ["第一幕"], ("敲门", "铃声", "door", "theme", "夜曲", "phone"), ["林老师", "辛达夷"] * 2)


def _left_out(text: str, titles: list[str], words: tuple[str, ...], speakers: list[str]) -> None:
    """The chapters are ``titles``, none of ``words`` is heard, the turns are ``speakers``'."""
    assert [c.title for c in parse_text(text).chapters] == titles
    heard = _heard(text)
    assert all(word not in heard for word in words)
    assert [s for s, _ in _turns(text)] == speakers


def test_an_unbracketed_sound_cue_after_the_speech_is_not_said():
    text = ("林老师：(怒吼)辛达夷 拍桌子的音效\n\n辛达夷：啊，是林老师，对不起。\n\n林老师：坐下！\n\n"
            "辛达夷：是。 关门声效\n")
    turns = _turns(text)
    assert turns[0] == ("林老师", "辛达夷")
    assert turns[3] == ("辛达夷", "是。")
    # A sentence about a sound is speech: the word stands inside it, not after a space at its end.
    said = "林老师：这段的音效做得真好。\n\n辛达夷：是啊，音效师很用心。\n\n林老师：下次再听。\n"
    assert [t for _, t in _turns(said)] == ["这段的音效做得真好。", "是啊，音效师很用心。", "下次再听。"]



@pytest.mark.parametrize("speech", ["林老师：音乐：是我这辈子最爱的东西。", "Music is what got me through it.",
                                    "MUSIC DIRECTOR: We start at eight."])
def test_speech_that_begins_like_a_cue_is_said(speech):
    text = f"主持人：你最爱什么？\n\n{speech}\n\n主持人：明白了。\n"
    assert speech.split("：", 1)[-1].split(": ", 1)[-1][:6] in _heard(text)


@pytest.mark.parametrize("direction", ["(LAUGHTER)", "（二人上场）", "[Music]", "【嘈杂的校园】"])
def test_a_heading_above_a_stage_direction_is_the_chapters_title(direction):
    text = (f"第一幕\n\n{direction}\n\n林老师：同学们，上课了。\n\n辛达夷：老师好！\n\n第二幕\n\n{direction}\n\n"
            "林老师：今天讲第三课。\n\n辛达夷：好的。\n")
    assert [c.title for c in parse_text(text).chapters] == ["第一幕", "第二幕"]
    assert "幕" not in " ".join(t for _, t in _turns(text))


@pytest.mark.parametrize("heading", ["第一幕:", "第二场：", "Act 2:", "Scene One:"])
def test_a_section_number_before_a_colon_is_a_heading(heading):
    text = f"{heading}\n\n场景:学校\n\n林老师：同学们，上课了。\n\n辛达夷：老师好！\n\n林老师：坐下吧。\n"
    assert [c.title for c in parse_text(text).chapters] == [heading.rstrip(":：")]
    assert all("学校" not in t and "幕" not in t for _, t in _turns(text))


@pytest.mark.parametrize("cue", ["【隐约林老师授课声】", "（铃声）", "(LAUGHTER) ", "[door opens] "])
def test_a_label_after_a_cue_on_its_line_starts_that_speakers_turn(cue):
    text = (f"陈主任：这就是三班，你直接进去就好。\n\n温衡：谢谢主任。\n\n{cue}林老师：同学们，把书打开。\n\n"
            "温衡：老师好。\n\n林老师：你是新来的吧？\n\n陈主任：我先走了。\n")
    turns = _turns(text)
    assert turns[2] == ("林老师", "同学们，把书打开。")
    assert [s for s, _ in turns] == ["陈主任", "温衡", "林老师", "温衡", "林老师", "陈主任"]


@pytest.mark.parametrize("cue", ["SOUND OF WIND", "MUSIC UP AND UNDER", "SFX DOOR SLAMS", "音乐起", "音乐渐弱",
                                 "END OF EPISODE", "[END OF TAPE 1, SIDE A]", "(END OF SEGMENT 2)"])
def test_a_radio_scripts_cue_or_the_end_of_a_recording_is_neither_said_nor_a_chapter(cue):
    text = (f"JOHN: Mary? Are you awake?\n\nMARY: I am now.\n\n{cue}\n\nJOHN: The truck won't start.\n\n"
            "MARY: Then we walk.\n\nJOHN: In this snow?\n")
    _left_out(text, [""], ("WIND", "UNDER", "SLAMS", "音乐", "EPISODE", "TAPE", "SEGMENT"), ["JOHN", "MARY"] * 2 + ["JOHN"])


@pytest.mark.parametrize("line", ["SOUND ENGINEER: We are rolling.", "End of story, she said.", "Music saved my life.",
                                  "音乐起来的时候，我哭了。"])
def test_lines_that_begin_like_a_cue_are_said(line):
    text = f"JOHN: Mary? Are you awake?\n\nMARY: I am now.\n\n{line}\n\nJOHN: The truck won't start.\n"
    assert line.split(": ", 1)[-1][:8] in _heard(text)


def test_a_headline_with_a_tag_in_brackets_is_no_turn():
    """``【專訪】陳文茜：我們這一代人的焦慮`` heads the page: a tag, a name and a title, not a cue
    before a label (the rule for ``【授课声】林老师:…`` must not take it)."""
    text = ("【專訪】陳文茜：我們這一代人的焦慮\n\n記者問：您最近在忙什麼？\n\n陳文茜答：在寫一本書，關於氣候。\n\n"
            "記者問：為什麼是氣候？\n\n陳文茜答：因為時間不多了。\n")
    turns = _turns(text)
    assert all("焦慮" not in t for _, t in turns)
    assert [s for s, _ in turns] == ["記者", "陳文茜", "記者", "陳文茜"]


@pytest.mark.parametrize("key", ["延伸閱讀：", "相关阅读", "Related stories", "推薦閱讀"])
def test_the_links_under_a_related_reading_key_are_not_said(key):
    text = ("記者問：您最近在忙什麼？\n\n陳文茜答：在寫一本書，關於氣候。\n\n記者問：為什麼是氣候？\n\n"
            f"陳文茜答：因為時間不多了。\n\n{key}\n陳文茜：氣候變遷不是明天的事\n\n"
            "專訪李安：拍電影就是拍人心\n")
    heard = _heard(text)
    assert "氣候變遷" not in heard and "拍人心" not in heard and "閱讀" not in heard and "Related" not in heard
    assert _turns(text)[-1] == ("陳文茜", "因為時間不多了。")


def test_the_talk_goes_on_after_a_related_reading_box_in_its_middle():
    text = ("記者問：您最近在忙什麼？\n\n陳文茜答：在寫一本書，關於氣候。\n\n相关阅读：\n陳文茜：氣候變遷不是明天的事\n\n"
            "記者問：為什麼是氣候？\n\n陳文茜答：因為時間不多了。\n")
    assert [t for _, t in _turns(text)][-2:] == ["為什麼是氣候？", "因為時間不多了。"]


@pytest.mark.parametrize("header", ["BY MR. LANE:", "CROSS-EXAMINATION", "DIRECT EXAMINATION BY MS. COX:"])
def test_a_court_transcripts_examination_header_is_not_said(header):
    text = ("THE COURT: Please be seated. Mr. Lane, you may proceed.\nMR. LANE: Thank you, Your Honor.\n"
            f"{header}\nQ. Where were you on the night of June 4th?\nA. At home.\nQ. Alone?\nA. With my sister.\n"
            "THE COURT: Let's take a short recess.\n")
    turns = _turns(text)
    assert all("BY" not in t and "EXAMINATION" not in t for _, t in turns)
    assert [s for s, _ in turns] == ["THE COURT", "MR. LANE", "Q", "A", "Q", "A", "THE COURT"]


@pytest.mark.parametrize("heading", ["MUSIC AND MEMORY", "SOUND AND FURY"])
def test_a_heading_about_music_in_capitals_is_still_a_heading(heading):
    text = (f"JOHN: Mary? Are you awake?\n\nMARY: I am now.\n\n{heading}\n\nJOHN: The truck won't start.\n\n"
            "MARY: Then we walk.\n")
    assert [c.title for c in parse_text(text).chapters][-1] == heading


@pytest.mark.parametrize("stamp", ["(00:00)", "(1:02:15)", "（00:42）", "[00:07]"])
def test_a_timestamp_right_after_a_labels_colon_is_not_said(stamp):
    text = (f"Lex Fridman: {stamp} Hello and welcome.\nDana Reyes: {stamp} Thanks for having me.\n"
            f"Lex Fridman: {stamp} Let's start.\nDana Reyes: {stamp} Sure.\n")
    assert [t for _, t in _turns(text)] == ["Hello and welcome.", "Thanks for having me.", "Let's start.", "Sure."]
    # A time inside the speech is the speaker's: "We met at (9:30) sharp" stays.
    assert "9:30" in _heard("Lex Fridman: We met at (9:30) sharp.\nDana Reyes: Yes.\nLex Fridman: Right.\n")


@pytest.mark.parametrize("colon", ["∶", "﹕", "︰", "︓"])
def test_the_colons_pdf_and_old_pages_write_are_colons(colon):
    """``主持人∶欢迎收听`` (U+2236, as Word and PDF copies write it), ``﹕``, ``︰``: a label's colon.
    Between two digits (``比分1∶2``) the mark is a ratio and stays."""
    text = f"主持人{colon}欢迎收听。\n\n嘉宾{colon}谢谢。\n\n主持人{colon}我们开始吧。\n\n嘉宾{colon}比分是1{colon}2。\n"
    turns = _turns(text)
    assert [s for s, _ in turns] == ["主持人", "嘉宾", "主持人", "嘉宾"]
    assert turns[3][1] == f"比分是1{colon}2。"


@pytest.mark.parametrize("row", ["◆{}：{}", "●{}：{}", "▶ {}：{}", "［{}］{}", "〖{}〗{}"])
def test_labels_after_a_bullet_or_in_other_square_brackets(row):
    """``◆主持人：…`` (a bullet glued to the label, as Chinese news transcripts print turns) and
    ``［主持人］…`` / ``〖主持人〗…`` (the other square brackets) are labels."""
    turns = [("主持人", "欢迎收听。"), ("李明", "谢谢。"), ("主持人", "我们开始吧。"), ("李明", "好的。")]
    text = "\n\n".join(row.format(s, t) for s, t in turns) + "\n"
    assert _turns(text) == turns
