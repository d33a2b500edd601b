from __future__ import annotations

import pytest

from voicecast.splitter import Pause, Sentence, chunk, code_switch_runs, sentences, split_text


def _texts(pieces):
    return [p.text for p in pieces if isinstance(p, Sentence)]


def test_mandarin_boundaries_keep_closing_quotes():
    assert sentences("他说：“好的。”然后走了！真的吗？是的；对……最后一句") == [
        "他说：“好的。”", "然后走了！", "真的吗？", "是的；", "对……", "最后一句"]
    assert sentences("「你来了。」她笑着说。") == ["「你来了。」", "她笑着说。"]


@pytest.mark.parametrize("text", [
    "GPT-3.5 和 GPT-4.5 都在上午 9:46 发布。",
    "Mr. Smith met Dr. Jones at 9:46 a.m. to discuss e.g. GPT-4.5 pricing of $3.5 million.",
])
def test_never_splits_numbers_versions_times_or_abbreviations(text):
    assert sentences(text) == [text]


def test_english_uses_pysbd_and_mixed_turns_get_per_sentence_language():
    pieces = split_text("谢谢邀请。We finished it last summer. It took two years.", "zh")
    assert [(p.text, p.lang) for p in pieces] == [
        ("谢谢邀请。", "zh"), ("We finished it last summer.", "en"), ("It took two years.", "en")]
    assert [p.ends for p in pieces] == ["sentence", "sentence", "paragraph"]


def test_code_switched_runs_inside_mandarin():
    runs = code_switch_runs("我认为ChatGPT API和Larry Summers都提到了GPT-4与OpenAI的AGI。", "zh")
    assert [(r.text, r.lang) for r in runs] == [
        ("我认为", "zh"), ("ChatGPT API", "en"), ("和", "zh"), ("Larry Summers", "en"), ("都提到了", "zh"),
        ("GPT-4", "en"), ("与", "zh"), ("OpenAI", "en"), ("的", "zh"), ("AGI", "en"), ("。", "zh")]
    assert [r.lang for r in code_switch_runs("他在2023年3月说了66%。", "zh")] == ["zh"]


def test_chunks_break_at_clause_punctuation_or_spaces_never_inside_words():
    long_zh = "这是一个非常长的句子，里面有很多的逗号，还有顿号、以及其他的标点符号，我们需要把它切开，才能让引擎处理"
    parts = chunk(long_zh, 30)
    assert "".join(parts) == long_zh
    assert all(len(p) <= 30 for p in parts)
    assert all(p.endswith(("，", "、")) for p in parts[:-1])
    words = "internationalization " * 10
    parts = chunk(words.strip(), 50)
    assert all(len(p) <= 50 for p in parts)
    assert " ".join(parts).split() == words.split()
    assert chunk("1,000,000 个 9:46", 8) == ["1,000,000", "个 9:46"] or all(",0" not in p[:1] for p in chunk("1,000,000 个 9:46", 8))


def test_over_long_pieces_are_marked_as_clauses_and_pauses_pass_through():
    text = "第一部分很长很长，" * 10 + "结束。[pause 1500ms]下一句。"
    pieces = split_text(text, "zh", max_chars=40)
    sentences_ = [p for p in pieces if isinstance(p, Sentence)]
    assert all(len(p.text) <= 40 for p in sentences_)
    assert {p.ends for p in sentences_[:-2]} == {"clause"}
    assert Pause(1500) in pieces
    assert _texts(pieces)[-1] == "下一句。"
