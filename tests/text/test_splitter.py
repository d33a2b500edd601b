from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from voicecast.text.splitter import Pause, Sentence, chunk, code_switch_runs, sentences, split_text


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


def test_over_long_pieces_are_marked_as_clauses_and_pauses_pass_through():
    text = "第一部分很长很长，" * 10 + "结束。[pause 1500ms]下一句。"
    pieces = split_text(text, "zh", max_chars=40)
    sentences_ = [p for p in pieces if isinstance(p, Sentence)]
    assert all(len(p.text) <= 40 for p in sentences_)
    assert {p.ends for p in sentences_[:-2]} == {"clause"}
    assert Pause(1500) in pieces
    assert _texts(pieces)[-1] == "下一句。"


def _pieces_of(sentence: str, chunks: list[str]) -> list[int]:
    """Where each chunk starts in the sentence, asserting that the chunks are the sentence, in order,
    with only whitespace left out between them."""
    text, pos, starts = sentence.strip(), 0, []
    for c in chunks:
        assert c and c == c.strip(), chunks
        gap_end = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
        assert text.startswith(c, gap_end), (text[pos:], c)
        starts.append(gap_end)
        pos = gap_end + len(c)
    assert pos == len(text), (text, chunks)
    return starts


def _splits_a_token(text: str, p: int) -> bool:
    """A cut before text[p] splits a word or number: between two ASCII letters/digits ("1,0|00"),
    beside a joining mark that sits between them ("GPT-4.|5", "9|:46"; a comma or colon only
    between digits), after a currency sign ("$|1") or before a percent sign ("50|%")."""
    def an(i):
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    def joins(i):
        mark = text[i] if 0 <= i < len(text) else ""
        if mark and mark in ",:":
            return text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()
        return mark != "" and mark in "-./_@" and an(i - 1) and an(i + 1)

    a, b = p - 1, p
    return ((an(a) and an(b)) or joins(a) or joins(b) or (text[a] == "$" and text[b].isdigit())
            or (text[a].isdigit() and text[b] == "%"))


def _cuts_inside_a_token(sentence: str, chunks: list[str]) -> list[str]:
    text = sentence.strip()
    bad = []
    for start in _pieces_of(sentence, chunks)[1:]:
        if not text[start - 1].isspace() and _splits_a_token(text, start):
            bad.append(text[max(0, start - 6) : start] + "|" + text[start : start + 6])
    return bad


@pytest.mark.parametrize("text,limit", [
    ("1,000,000 个 9:46", 8),
    ("总额是10,000,000元，圆周率约3.14，日期2023-03-01上午9:46，占比1/2", 9),
    ("售价$1,000的GPT-4.5和v1.0版本上涨了50%，详见https://example.com/a/b?c=1或写信给ops@example.com", 10),
    ("The GPT-4.5 model costs $1,000 and rose 50% since v1.0 on 2023-03-01 at 9:46", 12),
])
def test_chunks_never_cut_inside_numbers_versions_urls_or_addresses(text, limit):
    chunks = chunk(text, limit)
    assert _cuts_inside_a_token(text, chunks) == [], chunks
    for token in re.findall(r"\S*[0-9]\S*|\S+@\S+|https?://\S+", text):
        pieces = re.findall(r"[$A-Za-z0-9][-$A-Za-z0-9.,:/%@_?=&]*[A-Za-z0-9%]|[0-9]", token)
        for piece in pieces:
            if re.search(r"[0-9]", piece) and not re.search(r"[\u4e00-\u9fff]", piece):
                assert any(piece in c for c in chunks), (piece, chunks)


def test_a_number_longer_than_the_limit_is_cut_before_or_after_it():
    assert chunk("价格1,234,567,890元整", 8) == ["价格", "1,234,567,890", "元整"]
    assert chunk("1,234,567,890元整", 8) == ["1,234,567,890", "元整"]
    assert chunk("see https://example.com/very/long/path ok", 12) == ["see", "https://example.com/very/long/path", "ok"]


_ALPHABET = st.sampled_from(list("我们的模型发布了好") + list("abcXYZ") + list("0123456789") + list(",.:/-%$@") +
                            [" ", "，", "。", "、"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=80).map("".join), st.integers(min_value=8, max_value=30))
@example("1,000,000 个 9:46", 8)
def test_property_chunks_fit_join_back_and_never_cut_inside_a_token(text, limit):
    if not text.strip():
        return
    chunks = chunk(text, limit)
    _pieces_of(text, chunks)  # joining the chunks gives back the sentence (whitespace between them aside)
    assert _cuts_inside_a_token(text, chunks) == [], chunks
    for c in chunks:
        # Over the limit only when nothing inside could be cut: one unbreakable Latin/number token.
        if len(c) > limit:
            assert not re.search(r"[\s\u4e00-\u9fff，。、]", c), (c, chunks)


import pytest  # noqa: E402

from voicecast.text.lang import detect_lang  # noqa: E402


@pytest.mark.parametrize("text", ["OpenAI和API。", "GPT-4o和o1。", "DeepMind的AlphaFold。", "Sam Altman说，OpenAI。",
                                  "用Python和Rust写。"])
def test_mandarin_with_english_words_is_mandarin(text):
    """Han grammar between the English words (和, 的, glued on), or a Chinese full stop: a Mandarin
    sentence that names English things, said by the Mandarin voice with its English words marked."""
    assert detect_lang(text) == "zh"


@pytest.mark.parametrize("text", ["This is what they call 关系 in China.", "The word 缘分 means fate, more or less.",
                                  "We shipped GPT-4 to users last year."])
def test_english_with_a_chinese_term_is_english(text):
    assert detect_lang(text) == "en"


def test_an_english_sentence_then_its_translation_are_two_sentences():
    text = "Well, it's very hard to decide. Is there any dish you would recommend? 呃,很难决定。有没有推荐的?"
    got = [(s.text, s.lang) for s in split_text(text, "zh") if isinstance(s, Sentence)]
    assert ("呃,很难决定。", "zh") in got
    assert all(lang == "en" for t, lang in got if "recommend" in t)
