"""A novel's quoted dialogue is narration: a name with a verb of saying or thinking before quoted
words (刘福笑道：“…”, 王掌柜心想：…) is the book's sentence, every word of it spoken, however often it
recurs; a script's label before quotes (阿坏:“…”) stays a label."""

from __future__ import annotations

from voicecast.parsing import parse_text

NOVEL = ("第一回 进城\n\n那天清晨，刘福挑着担子进了城。街上人来人往，十分热闹。\n\n"
         "刘福笑道：“今天的菜真新鲜，一定能卖个好价钱。”\n\n王掌柜便道：“你这菜怎么卖？”\n\n"
         "刘福笑道：“三文钱一斤，不二价。”\n\n王掌柜心想：这价钱倒也公道。于是他说道：“给我来十斤。”\n\n"
         "刘福笑道：“好嘞！”\n")


def test_a_novels_dialogue_is_narration_with_every_word():
    script = parse_text(NOVEL)
    turns = [t for ch in script.chapters for t in ch.turns]
    assert {t.speaker for t in turns} == {None}
    spoken = "".join(t.text for t in turns) + "".join(ch.title for ch in script.chapters)
    for sentence in NOVEL.split("\n\n"):
        assert sentence.strip().replace(" ", "") in spoken.replace(" ", ""), sentence


def test_a_scripts_labels_before_quotes_stay_labels():
    text = "阿坏:“各位朋友，大家好！”\n阿闹:“这里是欢笑星期六！”\n阿坏:“我是阿坏。”\n阿闹:“我是阿闹。”\n"
    assert [t.speaker for ch in parse_text(text).chapters for t in ch.turns] == ["阿坏", "阿闹", "阿坏", "阿闹"]
