"""Text normalization and phonemes for Kokoro: Mandarin, English and code-switched sentences."""

from __future__ import annotations

import re

import pytest

from voicecast.pronounce.g2p import aspirate, en_phonemes, sentence_phonemes
from voicecast.pronounce.normalize import normalize_zh, to_simplified
from voicecast.text.splitter import Sentence, split_text


@pytest.mark.parametrize("text, spoken", [
    ("2023年3月", "二零二三年三月"),
    ("上午9:46开会", "上午九点四十六分开会"),
    ("9:05", "九点零五分"),
    ("10:00", "十点整"),
    ("66%的人", "百分之六十六的人"),
    ("12.5%", "百分之十二点五"),
    ("7万亿美元", "七万亿美元"),
    ("10倍", "十倍"),
    ("3.5版本", "三点五版本"),
    ("1,000,000个", "一百万个"),
    ("2024-03-19", "二零二四年三月十九日"),
    ("$3.5亿", "三点五亿美元"),
    ("1-2个", "一到二个"),
    ("-5度", "负五度"),
    ("30℃", "三十摄氏度"),
])
def test_mandarin_numbers_dates_times_units(text, spoken):
    assert normalize_zh(text) == spoken


def test_traditional_is_read_as_simplified():
    assert to_simplified("奧特曼：謝謝邀請，人工智慧") == "奥特曼：谢谢邀请，人工智慧"
    assert normalize_zh(to_simplified("2023年3月發佈")) == "二零二三年三月发布"


def _phonemes(text, lexicon=None):
    return " | ".join(sentence_phonemes(s, lexicon) for s in split_text(text, None) if isinstance(s, Sentence))


def test_code_switched_english_is_phonemized_as_english_not_left_as_letters():
    ph = _phonemes("我们很快就会回顾GPT-4，OpenAI的AGI计划和ChatGPT API以及Larry Summers。")
    # misaki alone leaves the Latin letters in; every one must be replaced by phonemes.
    assert not re.search(r"GPT|OpenAI|AGI|API|Larry|Summers", ph)
    assert "ʤˈi pʰˈi tʰˈi" in ph  # G P T, each letter a word, aspirated for a Mandarin voice
    assert "sˈʌməɹz" in ph and "lˈæɹi" in ph
    assert "sɨ↘" in ph  # the 4 of GPT-4 read in Mandarin: 四


def test_english_sentence_keeps_numbers_and_abbreviations():
    ph = en_phonemes("Mr. Smith paid $3.5 million for GPT-4.5 APIs.")
    assert "mˈɪstəɹ" in ph and "mˈɪliən" in ph and "pˈYnt" in ph
    assert "ˌAˌpiˈIz" in ph
    assert not re.search(r"[A-Z]{2}", ph.replace("ˈI", "").replace("ˌA", ""))


def test_aspiration_only_on_stressed_onsets():
    assert aspirate("ˌʤiˌpiˈti") == "ˌʤiˌpʰiˈtʰi"
    assert aspirate("ˈOpən") == "ˈOpən"
    assert aspirate("wˈiʧæt") == "wˈiʧʰæt"  # ch before a vowel, stressed or not
    assert aspirate("kˈæʧ") == "kʰˈæʧ"  # not at the end
    # Before a glide or liquid the stop is aspirated too (Q, Claude, Twitter), after s it is not (star).
    assert aspirate("kjˈu stˈɑɹ") == "kʰjˈu stˈɑɹ"
    assert aspirate("klˈɔd") == "kʰlˈɔd" and aspirate("twˈɪtəɹ") == "tʰwˈɪtəɹ"


def test_lexicon_pinyin_and_spelled_forms_win():
    plain = _phonemes("银行行长来了。")
    forced = _phonemes("银行行长来了。", {"行长": "hang2 zhang3"})
    assert "xa↗ŋʈʂa↓ŋ".replace("ʈʂ", "ꭧ") in forced
    wrong = _phonemes("银行行长来了。", {"行长": "xing2 chang2"})
    assert wrong != forced and plain
    assert _phonemes("JADGPT is here.", {"JADGPT": "ChatGPT"}) == _phonemes("ChatGPT is here.")


@pytest.mark.parametrize("name, words", [("ChatGPT", "Chat GPT"), ("OpenAI", "Open AI"), ("YouTube", "You Tube"),
                                         ("DeepMind", "Deep Mind"), ("iPhone", "i Phone"), ("GitHub", "Git Hub"),
                                         ("macOS", "mac OS"), ("WeChat", "We Chat")])
def test_mixed_case_names_are_read_as_their_words_and_letters(name, words):
    """A product name is split at its case boundaries: words read as words, capitals spelled."""
    assert en_phonemes(name) == en_phonemes(words)


def test_lexicon_phonemes_are_read_as_given_and_only_as_whole_words():
    from voicecast.text.lexicon import lexicon_used, split_lexicon

    lexicon = {"Sora": "/sˈɔɹɑ/", "Sam Altman": "/sˈæm ˈɔltmən/", "Llya": "Ilya", "行长": "hang2 zhang3"}
    kinds = split_lexicon(lexicon)
    assert kinds.phonemes == {"Sora": "/sˈɔɹɑ/", "Sam Altman": "/sˈæm ˈɔltmən/"}
    assert kinds.replacements == {"Llya": "Ilya"} and kinds.pinyin == {"行长": "hang2 zhang3"}
    assert en_phonemes("Sora and Soraya", words=kinds.phonemes).startswith("sˈɔɹɑ ")
    assert "sˈɔɹɑ" not in en_phonemes("Soraya", words=kinds.phonemes)
    zh = _phonemes("我们聊聊Sora和Sam Altman。", lexicon)
    assert "sˈɔɹɑ" in zh and "sˈæm ˈɔltmən" in zh
    assert lexicon_used(lexicon, "我们聊聊Sora。") == {"Sora": "/sˈɔɹɑ/"}
    assert lexicon_used({"Llya": "Ilya", "Ilya": "/ˈɪljə/"}, "Llya说") == {"Llya": "Ilya", "Ilya": "/ˈɪljə/"}


def test_acronyms_are_spelled_as_a_mandarin_voice_says_them_best():
    # Each letter its own stressed word, the letter I as aɪ (issue 17's trials: BENCHMARKS.md).
    assert "ˈA ʤˈi ˈaɪ" in _phonemes("人们对什么是AGI有着不同的定义。")
    assert "sˈi ˈi ˈO" in _phonemes("他是这家公司的CEO。")
    assert "ˈA pʰˈi ˈaɪz" in _phonemes("他们开放了APIs。")
    assert "ˌAˌʤiˈI" in _phonemes("We use AGI.")  # English voices keep one word and misaki's symbol


def test_han_characters_inside_an_english_sentence_are_read_in_mandarin():
    from voicecast.text.splitter import code_switch_runs

    assert [r.lang for r in code_switch_runs("This is 中文 test.", "en")] == ["en", "zh", "en"]
    ph = _phonemes("This is 中文 test.")
    assert "ʧˈInizlˌɛTəɹ" not in ph and "ʧˈIniz" not in ph  # espeak's "Chinese letter"
    assert "ꭧʊ→ŋwə↗n" in ph  # 中文 in Mandarin phonemes


def test_the_offline_engines_cache_identity_names_the_pronunciation_version():
    from voicecast.engines.kokoro.engine import KokoroEngine
    from voicecast.pronounce.g2p import PRONUNCIATION_VERSION

    assert KokoroEngine().identity().endswith(f":p{PRONUNCIATION_VERSION}")  # new readings are not served from old audio


def test_a_final_schwa_is_opened_for_a_mandarin_voice():
    # Sora, Nvidia: a Mandarin voice drops a final ə ("Sor", "NV"); Mandarin speakers say a full a.
    assert "sˈɔɹɑ" in _phonemes("我们聊聊Sora。") and "sˈɔɹə" in _phonemes("We talk about Sora.")
    assert "ˈɛnvˈɪdiɑ" in _phonemes("Nvidia的芯片卖得很好。")
    assert "ˈɔltmən" in _phonemes("Altman说了。")  # only at the end of a word
