"""Hard-wrapped text is read as the paragraphs it was written in: each printed line of a turn is not a
turn of its own. Old web pages (a 1989 interview: lines ended by <br>, or one <pre>), and plain text
with no blank lines whose lines stop at a margin in mid-sentence. Lines that end a sentence, labels,
and short standalone lines keep their own paragraphs."""

from __future__ import annotations

import pytest

from voicecast.parsing import parse_file, parse_text

TALK = [
    ("Q", "When did you first come to the university, and what was", "the department like in those years?"),
    ("A", "I came in 1952. The department was very small then, we had perhaps six faculty members",
     "and a handful of graduate students, and everybody knew everybody else."),
    ("Q", "Who was the chair of the department when you arrived there, and how did he", "run things?"),
    ("A", "Professor Hall was the chair. He was a remarkable man, very demanding but fair, and he",
     "built the department almost single handedly over the next twenty years."),
]
WHOLE = [(who, f"{a} {b}") for who, a, b in TALK]


def _turns(script) -> list[tuple[str | None, str]]:
    return [(t.speaker, t.text) for ch in script.chapters for t in ch.turns]


def _page(body: str) -> str:
    return (f"<html><head><title>Interview with J. Smith, 1989</title></head><body>"
            f"<h1>Interview with J. Smith</h1>\n{body}\n<p>Copyright 1989 Oral History Office.</p></body></html>")


@pytest.mark.parametrize("shape", ["br", "pre"])
def test_an_old_page_of_wrapped_lines_gives_one_turn_per_label(tmp_path, shape):
    if shape == "br":
        body = "<br>\n<br>\n".join(f"{who}: {a}<br>\n{b}" for who, a, b in TALK) + "<br>"
    else:
        body = "<pre>\n" + "\n\n".join(f"{who}: {a}\n{b}" for who, a, b in TALK) + "\n</pre>"
    path = tmp_path / f"smith_{shape}.html"
    path.write_text(_page(body), encoding="utf-8")
    assert _turns(parse_file(path)) == WHOLE


def test_plain_text_wrapped_at_a_margin_without_blank_lines():
    text = "\n".join(f"{who}: {a}\n{b}" for who, a, b in TALK) + "\n"
    assert _turns(parse_text(text)) == WHOLE


def test_lines_that_end_their_sentence_stay_apart():
    text = ("甲:今天我们来说一段相声，题目叫做《打电话》，大家都打过电话吧。\n"
            "他走到台前，向观众鞠了一躬。\n乙:打过，谁没打过电话啊，我天天都打电话。\n"
            "甲:那您打电话的时候有没有遇到过特别奇怪的事情\n乙:那可多了去了，我跟您说说吧。\n")
    turns = _turns(parse_text(text))
    assert turns[1] == (None, "他走到台前，向观众鞠了一躬。") or turns[1][1] == "他走到台前，向观众鞠了一躬。"
    assert len(turns) == 5


def test_a_short_line_after_a_long_one_is_not_pulled_into_it():
    text = ("Q: So let us talk about the early years of the lab and the people who were there\n"
            "The Early Years\n"
            "A: Well, it was a small group, and we all worked long hours in the basement.\n"
            "Q: How small was it, really, in the first few years after the war ended?\n"
            "A: Five of us.\n")
    heard = [t for _, t in _turns(parse_text(text))]
    assert "The Early Years" not in " ".join(heard[:1])


def test_a_line_going_on_in_lower_case_is_the_same_sentence_even_in_a_short_text():
    """Too few lines to show a margin, but a line cut in mid-sentence and a next line that goes on
    in lower case are one sentence, in English."""
    from voicecast.parsing import parse_text

    text = ("INTERVIEWER: So tell me how it began. It was a long\ntime ago, wasn't it?\n"
            "WALKER: It was. Nineteen sixty-two, in a small\ntown in Ohio.\nINTERVIEWER: And your family?\n"
            "WALKER: Farmers, all of them.\n")
    turns = [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]
    assert turns[:2] == [("INTERVIEWER", "So tell me how it began. It was a long time ago, wasn't it?"),
                         ("WALKER", "It was. Nineteen sixty-two, in a small town in Ohio.")], turns
    assert len(turns) == 4


def test_a_video_transcript_with_a_time_on_every_other_line_reads_as_running_text():
    """A copied YouTube transcript: ``0:00`` / ``hello everyone and welcome back to the`` / ``0:03`` /
    ``channel today…``. The captions cut phrases anywhere; said line by line, each would end in a
    pause mid-phrase. They are one running text, and no time is said."""
    captions = ["hello everyone and welcome back to the", "channel today we are going to talk about",
                "how to build a bridge that lasts a", "hundred years so let us get started",
                "the first thing you need is good steel", "and the second thing is a good design",
                "that keeps the water out of the cables", "because water is the enemy of steel"]
    text = "".join(f"0:{3 * i:02d}\n{line}\n" for i, line in enumerate(captions))
    turns = [t for ch in parse_text(text).chapters for t in ch.turns]
    assert len(turns) == 1 and turns[0].text == " ".join(captions)
    # A few times of day above paragraphs are no caption copy: the paragraphs stay apart.
    few = "9:00\nWe met at the station.\n\n9:30\nThe train was late.\n"
    assert len([t for ch in parse_text(few).chapters for t in ch.turns]) == 2
