"""Speakers are people, not strings: the short forms a transcript uses for someone it named in
full (surname, given name, initials, initial + surname, a Chinese surname or name prefix) are that
person, one voice; forms that answer each other, or fit two people, stay apart."""

from __future__ import annotations

import pytest

from voicecast.parsing import parse_text
from voicecast.planning.check import check_script
from voicecast.planning.voices import parse_voices


def _speakers(text: str) -> list[str | None]:
    return [t.speaker for ch in parse_text(text).chapters for t in ch.turns]


CASES = {
    "surname": ("Lex Fridman: Welcome to the podcast. Today I talk with Sam Altman.\n\n"
                "Sam Altman: Thanks for having me, it is great to be here.\n\n"
                "Fridman: Let us start with the early days.\n\n"
                "Sam Altman: Sure. It was a small team back then.\n\n"
                "Fridman: And how did it grow?\n\n"
                "Sam: Slowly at first, then very fast.\n",
                ["Lex Fridman", "Sam Altman", "Lex Fridman", "Sam Altman", "Lex Fridman", "Sam Altman"]),
    "all caps surname": ("PETER SAGAL, HOST: Welcome to the show.\n\nBILL KURTIS: Thank you, Peter.\n\n"
                         "SAGAL: Our first guest is here.\n\nKURTIS: Indeed she is.\n\nSAGAL: Let us begin.\n",
                         ["PETER SAGAL", "BILL KURTIS", "PETER SAGAL", "BILL KURTIS", "PETER SAGAL"]),
    "initials": ("Subash Jayaraman: Hello and welcome to the show.\n\nWright Thompson: Great to be here.\n\n"
                 "SJ: It is my pleasure. What did you see?\n\nWT: A lot of cricket.\n\nSJ: Tell me more.\n",
                 ["Subash Jayaraman", "Wright Thompson", "Subash Jayaraman", "Wright Thompson", "Subash Jayaraman"]),
    "initial and surname": ("SOLEDAD O'BRIEN, CNN ANCHOR: Good morning.\n\n"
                            "MILES O'BRIEN, CNN CORRESPONDENT: Good morning to you.\n\n"
                            "S. O'BRIEN: What is the news today?\n\nM. O'BRIEN: The launch went well.\n\n"
                            "S. O'BRIEN: Thank you, Miles.\n",
                            ["SOLEDAD O'BRIEN", "MILES O'BRIEN", "SOLEDAD O'BRIEN", "MILES O'BRIEN",
                             "SOLEDAD O'BRIEN"]),
    "chinese surname": ("张宏江: 欢迎大家来到今天的对话。\n\n王小川: 谢谢张老师的邀请。\n\n张: 我们先聊聊大模型。\n\n"
                        "王小川: 好的，我先说说我的看法。\n\n张: 请讲。\n",
                        ["张宏江", "王小川", "张宏江", "王小川", "张宏江"]),
    "honorific and surname": ("Interviewer: Where were you born, Mr. Pressman?\n\nJames Pressman: In Elizabeth.\n\n"
                              "Interviewer: And then?\n\nMr. Pressman: We moved.\n\nInterviewer: When?\n\n"
                              "Pressman: In 1950.\n",
                              ["Interviewer", "James Pressman"] * 3),
    "several short forms of one name": ("Dr. Maria Chen: Thanks for having me.\n\nHost: Welcome, Dr. Chen.\n\n"
                                        "Dr. Chen: Glad to be here.\n\nHost: Let us start.\n\nChen: Sure.\n\n"
                                        "Host: Great.\n",
                                        ["Dr. Maria Chen", "Host"] * 3),
    "surname and title": ("张伟（清华大学教授）：大家好。\n\n主持人：欢迎张教授。\n\n张教授：谢谢。我先说两句。\n\n"
                          "主持人：请讲。\n\n张教授：好的。\n\n主持人：谢谢。\n",
                          ["张伟", "主持人"] * 3),
    "role alone after role and name": ("主持人 李华：欢迎大家。\n\n嘉宾 王强：谢谢。\n\n李华：我们开始。\n\n王强：好。\n\n"
                                       "主持人：第一个问题。\n\n嘉宾：请讲。\n",
                                       ["李华", "王强"] * 3),
    "english role alone": ("Host Dana Reyes: Welcome.\n\nGuest Sam Okafor: Thanks.\n\nDana Reyes: First question.\n\n"
                           "Sam Okafor: Go ahead.\n\nHost: Why now?\n\nGuest: Because it is time.\n",
                           ["Dana Reyes", "Sam Okafor"] * 3),
    "each form once": ("Speakers: Ana Lopez (host), Ben Ortiz (guest)\n\nAna Lopez: Welcome.\n\nBen Ortiz: Thanks.\n\n"
                       "Ana: Let us begin.\n\nBen: Sure.\n",
                       ["Ana Lopez", "Ben Ortiz"] * 2),
    "role with the name in brackets": ("主持人（李华）：欢迎收听。\n\n嘉宾（王强）：谢谢。\n\n李华：开始吧。\n\n王强：好。\n",
                                       ["李华", "王强"] * 2),
    "honorific on the first mention": ("Dana Reyes: Welcome. I'm Dana Reyes.\n\nDr. Ken Oda: Thanks for having me.\n\n"
                                       "Dana Reyes: Why does the ocean glow?\n\nKen Oda: Tiny creatures make light.\n\n"
                                       "Dana: How tiny?\n\nKen: Smaller than rice.\n",
                                       ["Dana Reyes", "Dr. Ken Oda"] * 3),
    "role with a note in brackets": ("主持人（男）：歡迎收聽。\n\n嘉賓（女）：謝謝。\n\n主持人（男）：開始吧。\n\n"
                                     "嘉賓（女）：好。\n\n主持人（现场）：最后一个问题。\n",
                                     ["主持人", "嘉賓", "主持人", "嘉賓", "主持人"]),
    "chinese name prefix": ("葉劉淑儀: 我先講幾句。\n\n曾俊華: 請講。\n\n葉劉: 我認為稅制要改。\n\n曾俊華: 我同意一半。\n\n"
                            "葉劉: 哪一半？\n",
                            ["葉劉淑儀", "曾俊華", "葉劉淑儀", "曾俊華", "葉劉淑儀"]),
}


@pytest.mark.parametrize("case", CASES)
def test_short_forms_are_the_person_named_in_full(case):
    text, want = CASES[case]
    assert _speakers(text) == want


def test_forms_that_answer_each_other_are_two_people():
    """甲 and 同学甲 talk to each other: a suffix that alternates with the full form is someone else."""
    text = "同学甲: 你来了。\n\n甲: 我来了。\n\n同学甲: 坐吧。\n\n甲: 谢谢。\n"
    assert _speakers(text) == ["同学甲", "甲", "同学甲", "甲"]


def test_people_speaking_together_are_not_a_full_name():
    text = ("Phoebe: Hi.\n\nJoey: Hey.\n\nPhoebe and Joey: Together!\n\nJoey: Again.\n\nPhoebe: Sure.\n\n"
            "Phoebe and Joey: Done!\n")
    assert _speakers(text) == ["Phoebe", "Joey", "Phoebe and Joey", "Joey", "Phoebe", "Phoebe and Joey"]


def test_a_short_form_that_fits_two_people_stays_apart():
    text = ("Miles O'Brien: Good morning.\n\nSoledad O'Brien: Good morning.\n\n"
            "O'Brien: Which of us is this?\n\nMiles O'Brien: Nobody knows.\n\nO'Brien: Exactly.\n")
    assert "O'Brien" in _speakers(text)
    found = [f.message for f in check_script(parse_text(text), parse_voices("")) if "kept apart" in f.message]
    assert len(found) == 1 and "\"Miles O'Brien\" and \"Soledad O'Brien\"" in found[0] and "several people" in found[0]


def test_a_name_inside_prose_at_a_line_start_is_not_cut_into_a_speaker():
    text = ("Lex Fridman是一名研究科学家，也是一档播客的主持人。他的节目很受欢迎。\n\n"
            "Lex Fridman: 欢迎收听。\n\nSam Altman: 谢谢。\n\nLex Fridman: 我们开始吧。\n")
    assert _speakers(text) == [None, "Lex Fridman", "Sam Altman", "Lex Fridman"]


def test_a_homophone_typed_for_a_name_is_that_person():
    """Chinese is typed by sound: a pinyin input method gives 老公 for 老拱 and 阿伍 for 阿武. Labels
    that read the same (阿 before a name is how one calls that person) and never answer each other
    are one person; the form used most names them."""
    text = ("老拱: 好像蘸了点水。\n\n吴阿姨: 扯淡!\n\n阿武: 哦,这酒确实有点不一样。\n\n吴阿姨: 我说你们俩。\n\n"
            "老拱: 哎,加三个铜子。\n\n吴阿姨: 以前我的手真的是粉嫩嫩的。\n\n阿武: 我没有欺负她。\n\n"
            "老拱: 他们说昨天…\n\n吴阿姨: 别以为就你一个人聪明。\n\n老公: 其实我们都很乖。\n\n阿伍: 能和夹克一起。\n")
    assert _speakers(text) == ["老拱", "吴阿姨", "阿武", "吴阿姨", "老拱", "吴阿姨", "阿武", "老拱", "吴阿姨", "老拱", "阿武"]


def test_a_letter_slipped_in_a_rare_label_is_the_common_one():
    text = ("Waiter: Good evening.\n\nMr. Wu: A table for two.\n\nWaiter: This way.\n\nMr. Wu: Thank you.\n\n"
            "Walter: The menu, sir.\n\nMt. Wu: The soup, please.\n\nWaiter: Very good.\n\nMr. Wu: And tea.\n")
    assert _speakers(text) == ["Waiter", "Mr. Wu"] * 4


def test_names_a_letter_apart_that_talk_to_each_other_are_two_people():
    text = ("Dan: Hi Don.\n\nDon: Hi Dan.\n\nDan: How are you?\n\nDon: Fine.\n\n"
            "张伟: 你好。\n\n章伟: 你好,我也叫zhang wei。\n\n张伟: 真巧。\n")
    assert _speakers(text) == ["Dan", "Don", "Dan", "Don", "张伟", "章伟", "张伟"]


TRANSLATED = {
    "after the whole dialogue": ("WAITER: Good evening, I am John.\n\nDEREK: A table for two, please.\n\n"
                                 "WAITER: This way, sir.\n\nSANDY: What is the soup today?\n\nWAITER: French onion.\n\n"
                                 "DEREK: Two soups, then.\n\n服务生: 晚上好,我是约翰。\n\n迪瑞克: 请给我们两人的桌子。\n\n"
                                 "服务生: 这边请,先生。\n\n仙蒂: 今天是什么汤?\n\n服务生: 法式洋葱汤。\n"),
    "after each turn": ("Tom: Where is the station?\n\n汤姆: 车站在哪里?\n\nLucy: Turn left at the bank.\n\n"
                        "露西: 在银行左转。\n\nTom: Is it far?\n\n汤姆: 远吗?\n\nLucy: Five minutes.\n\n露西: 五分钟。\n"),
}


@pytest.mark.parametrize("case", TRANSLATED)
def test_a_dialogue_given_again_in_translation_keeps_its_voices(case):
    """A bilingual lesson gives the dialogue in English and again in Chinese, with the names
    translated too (服务生 for WAITER): a translation keeps the order of who speaks, so the two
    sequences of labels align, and each translated name is the person it translates."""
    speakers = _speakers(TRANSLATED[case])
    english = [s for s in speakers if s.isascii()]
    assert all(s.isascii() for s in speakers) and len(set(speakers)) == len(set(english)) in (2, 3)


def test_two_languages_spoken_by_different_people_stay_apart():
    """Four people, two who speak English and two Chinese, alternating: no turn translates another."""
    text = ("Tom: Hello, where are you from?\n\n小明: I am from Beijing.\n\nAmy: And you, 小红?\n\n"
            "小红: 我是上海人。\n\nTom: Nice to meet you both.\n\n小明: Nice to meet you.\n\nAmy: Shall we go?\n\n"
            "小红: 走吧。\n")
    assert len(set(_speakers(text))) == 4


# A quiz show as radio transcripts print it: every label in capitals, a full name (and role) on
# first mention, the surname after; asides between the turns, a title and a blurb above them, so
# that most paragraphs do not open with a label. Three people speak once.
QUIZ = """Quiz night: a holiday special with three panelists and a caller from Ohio

Quiz Night! Three panelists join us to talk about snow, parcels and a marathon run in costume.

Listen

(SOUNDBITE OF MUSIC)

ANNA BELL, BYLINE: The following program was recorded before an audience of real people.

(SOUNDBITE OF MUSIC)

TOM REED: From the studio in Denver, this is the quiz night, the weekly news quiz.

(APPLAUSE)

MARY COLE: I am so glad to be back here again.

(APPLAUSE)

REED: And here is your host at the city theater, Dan Ford.

(CHEERING)

DAN FORD, HOST:

Thank you, Tom. We have a great show for you tonight.

(LAUGHTER)

FORD: Our first caller is on the line. Hi, you are on the show.

LISA KING: Hi. My name is Lisa King, and I live in Ohio.

(LAUGHTER)

JOE PARK, QUIZ NIGHT WEATHER DESK CORRESPONDENT: And it is snowing in Ohio tonight.

FORD: Welcome, Lisa. What do you do there?

(LAUGHTER)

REED: She teaches, I bet.

(LAUGHTER)

FORD: Let us play.
"""


def test_once_used_labels_written_as_the_documents_speakers_are_are_speakers():
    turns = [t for ch in parse_text(QUIZ).chapters for t in ch.turns]
    assert [t.speaker for t in turns if t.speaker] == [
        "ANNA BELL", "TOM REED", "MARY COLE", "TOM REED", "DAN FORD", "DAN FORD", "LISA KING", "JOE PARK", "DAN FORD",
        "TOM REED", "DAN FORD"]
    spoken = " ".join(t.text for t in turns)
    assert "Quiz night" not in [t.speaker for t in turns]  # the title above: not in capitals as the speakers are
    for label in ("ANNA BELL", "TOM", "MARY COLE", "DAN FORD", "HOST", "LISA KING", "JOE PARK", "DESK"):
        assert label not in spoken, label


def test_initials_of_a_first_and_last_name_are_that_person():
    text = ("Karen Jane Miller: This begins an interview with Robert Lee, in Newark, on June 5, 2001.\n\n"
            "Robert Lee: Thank you for having me.\n\nKM: Where were you born?\n\nRL: In Newark, in 1924.\n\n"
            "KM: And your parents?\n\nRL: Both came from Italy.\n")
    assert _speakers(text) == ["Karen Jane Miller", "Robert Lee"] * 3
    # Initials are no style of writing names: a once-used name beside them is no title for it.
    third = text.replace("\n\nRL: Both", "\n\nPaul Stone: Which war, Robert?\n\nRL: Both")
    assert "Paul Stone" in _speakers(third)


def test_a_once_used_label_inside_prose_where_the_speakers_labels_stand_is_a_speaker():
    """A parody script written as prose: every label stands inside a paragraph after a sentence, and
    two of them speak once (the audience, a voice from the crowd)."""
    text = ("灯光亮起，舞台中央站着主持人。小雅:欢迎来到今晚的节目!今天的嘉宾是一位老船长。观众们热烈鼓掌。"
            "老船长:谢谢大家,谢谢!他向台下挥了挥手。小雅:您出海多少年了?\n\n"
            "老船长:四十年了。他笑着摸了摸胡子。全场观众:哇——!小雅示意大家安静。小雅:那您最难忘的是什么?"
            "老船长:是一场风暴。一位小朋友:您害怕吗?老船长:怕,但是不能说。\n")
    speakers = _speakers(text)
    assert "全场观众" in speakers and "一位小朋友" in speakers, speakers
    assert speakers.count("小雅") == 3 and speakers.count("老船长") == 4


_VOICES = {"主持人": "主持人", "host": "主持人", "嘉宾": "嘉宾", "guest": "嘉宾"}  # as voices.yaml gives them


def test_a_role_in_voices_yaml_written_with_a_name_is_that_person_later():
    """``主持人陈伟鸿：`` once, then ``陈伟鸿：``: one person. With voices.yaml's 主持人 the person takes
    that voice (its name); without it, the name."""
    text = ("主持人陈伟鸿：开复老师，欢迎您。\n\n李开复：谢谢，很高兴来到这里。\n\n陈伟鸿：您说这是最大的机会，为什么？\n\n"
            "李开复：因为它会重写所有的应用。\n\n陈伟鸿：那创业者应该怎么做？\n\n李开复：先找到真正的用户需求。\n")
    assert _speakers(text) == ["陈伟鸿", "李开复"] * 3
    known = parse_text(text, known_speakers=_VOICES)
    assert [t.speaker for ch in known.chapters for t in ch.turns] == ["主持人", "李开复"] * 3


def test_two_people_written_with_one_role_in_voices_yaml_keep_their_names():
    text = ("嘉宾 张三：大家好。\n\n嘉宾 李四：大家好。\n\n张三：我先说。\n\n李四：你说。\n\n张三：好的。\n\n李四：请。\n")
    script = parse_text(text, known_speakers=_VOICES)
    assert [t.speaker for ch in script.chapters for t in ch.turns] == ["张三", "李四"] * 3


def test_a_role_with_a_known_word_for_a_name_in_brackets_is_that_person_in_every_form():
    """``主持人（杨澜）``, ``杨澜``, ``杨``: jieba knows 杨澜 as a word, but the talk uses it as a label."""
    text = ("主持人（杨澜）：欢迎您来到节目。\n\n马云：谢谢。\n\n杨澜：您创业的时候，想过会有今天吗？\n\n"
            "马云：没有想过。\n\n杨澜：最难的时候是什么时候？\n\n马云：2001年。\n\n杨：那您怎么坚持下来的？\n\n马：相信。\n")
    speakers = _speakers(text)
    assert len(set(speakers[0::2])) == 1 and set(speakers[1::2]) == {"马云"}, speakers
