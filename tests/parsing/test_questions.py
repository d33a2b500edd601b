"""An interview printed as its questions in bold and the answers below them, with no labels
(magazines do it, Chinese and English): the questions are the interviewer's, the answers the
interviewee's, two voices (the role voices of 问/答 and Q/A)."""

from __future__ import annotations

from voicecast.parsing import parse_text

ZH = ("# 对话李明：回国十年\n\n十年前，李明从硅谷回到北京。\n\n**你为什么选择回国？**\n\n因为国内的机会更多。\n\n"
      "我当时在硅谷工作了五年，觉得是时候回来了。\n\n**回国后最大的困难是什么？**\n\n找人。好的工程师太难招了。\n\n"
      "**现在呢？**\n\n好多了。团队已经有两百人。\n")
EN = ("Intro: we spoke with the architect in May.\n\n**What drew you to bridges?**\n\nMy father built them.\n\n"
      "**Was it hard at first?**\n\nVery. Nobody would hire a woman.\n\n**And now?**\n\nNow they call me.\n")


def _turns(text: str) -> list[tuple[str | None, str]]:
    return [(t.speaker, t.text) for ch in parse_text(text).chapters for t in ch.turns]


def test_bold_questions_are_the_interviewers_and_the_paragraphs_under_them_the_answers():
    turns = _turns(ZH)
    assert turns[0] == (None, "十年前，李明从硅谷回到北京。")
    assert [s for s, _ in turns[1:]] == ["问", "答", "答", "问", "答", "问", "答"]
    assert turns[1] == ("问", "你为什么选择回国？") and turns[3] == ("答", "我当时在硅谷工作了五年，觉得是时候回来了。")
    assert [s for s, _ in _turns(EN)][1:] == ["Q", "A", "Q", "A", "Q", "A"]


def test_bold_lines_that_are_not_questions_or_a_labelled_talk_stay_as_they_are():
    headings = ZH.replace("**你为什么选择回国？**", "**一、回国**").replace("**现在呢？**", "**三、现在**")
    assert all(s is None for s, _ in _turns(headings))  # one question in bold: no interview layout
    labelled = ("**主持人：你为什么回国？**\n\n李明：因为机会。\n\n**主持人：难吗？**\n\n李明：难。\n\n"
                "**主持人：现在呢？**\n\n李明：好多了。\n")
    assert {s for s, _ in _turns(labelled)} == {"主持人", "李明"}


def test_a_saved_page_with_its_questions_in_strong_reads_the_same(tmp_path):
    from voicecast.parsing import parse_file

    page = tmp_path / "interview.html"
    page.write_text("<!DOCTYPE html><html><head><title>对话李明</title></head><body><article><h1>对话李明</h1>"
                    "<p>十年前，李明从硅谷回到北京。我们在他的办公室见到了他。</p>"
                    "<p><strong>你为什么选择回国？</strong></p><p>因为国内的机会更多，我觉得是时候回来了。</p>"
                    "<p><strong>回国后最大的困难是什么？</strong></p><p>找人。好的工程师太难招了。</p>"
                    "<p><strong>现在呢？</strong></p><p>好多了，团队已经有两百人。</p></article></body></html>",
                    encoding="utf-8")
    speakers = [t.speaker for ch in parse_file(page).chapters for t in ch.turns]
    assert speakers == [None, "问", "答", "问", "答", "问", "答"]


def test_unlabelled_answers_under_labelled_questions_are_the_answers():
    """``Q: Why did you run?`` / ``I was tired of complaining.``: only the questions are labelled;
    the paragraph under each is the answer, not more of the question."""
    en = ("An interview with the mayor.\n\nQ: Why did you run for office?\n\nI was tired of complaining.\n\n"
          "Q: What was the hardest part?\n\nFundraising. I hated it.\n\nIt never got easier.\n\n"
          "Q: Would you do it again?\n\nYes.\n")
    assert [s for s, _ in _turns(en)] == [None, "Q", "A", "Q", "A", "A", "Q", "A"]
    zh = "问：您为什么要竞选？\n\n我受够了抱怨。\n\n问：最难的是什么？\n\n筹款。\n\n问：还会再来吗？\n\n会的。\n"
    assert [s for s, _ in _turns(zh)] == ["问", "答"] * 3
    # With its answers labelled too, or questions that are no questions, nothing changes.
    both = zh.replace("我受够了", "答：我受够了").replace("筹款。", "答：筹款。").replace("会的。", "答：会的。")
    assert [s for s, _ in _turns(both)] == ["问", "答"] * 3
    notes = "问：本文作者是谁。\n\n张三。\n\n问：发表在哪里。\n\n人物杂志。\n\n问：何时。\n\n去年。\n"
    assert "答" not in [s for s, _ in _turns(notes)]
