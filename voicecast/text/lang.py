"""Language helpers shared by the parser and the splitter: which script a character is, which
language a piece of text is mostly in, and how to join wrapped lines."""

from __future__ import annotations

import re
from functools import lru_cache

from .charclass import CJK_RE, HAN

# Han ideographs (CJK unified + extension A + compatibility); kana is not expected but counts as CJK.
_CJK_RE = CJK_RE
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Mandarin grammar around English words: a Han character touching a Latin letter or digit with no
# space between (和, 的, 用…), or a full-width sentence mark. English prose sets a Chinese term off
# with spaces and ends with its own punctuation.
_HAN_GRAMMAR_RE = re.compile(rf"[A-Za-z0-9][{HAN}]|[{HAN}][A-Za-z0-9]|[。，！？、；：]")


def cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def latin_word_count(text: str) -> int:
    return len(_LATIN_WORD_RE.findall(text))


def detect_lang(text: str, default: str = "zh") -> str:
    """``"zh"`` or ``"en"``: the language most of the spoken syllables of ``text`` are in.

    A Han character is one syllable, an English word about one and a half; Mandarin text that
    mentions GPT-4 or Sam Altman stays Mandarin.
    """
    han = cjk_count(text)
    words = latin_word_count(text) * 1.5
    if han == 0 and words == 0:
        return default
    if han and words and han * 6 >= words and _HAN_GRAMMAR_RE.search(text):
        return "zh"  # "OpenAI和API。": Han glued to the English words, or a Chinese sentence mark
    if han and words and 0.5 <= han / words < 1.0:
        return default  # evenly mixed: the caller's (the script's) language decides
    return "zh" if han >= words else "en"


def _is_wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'’\"),.;:!?%")


def join_wrapped(lines: list[str]) -> str:
    """Join lines that a web page wrapped: with a space between English words, with nothing
    between Chinese ones, and with nothing after a hyphen that split a URL or word."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        prev, nxt = out[-1], line[0]
        if prev == "-" and len(out) > 1 and out[-2].isalnum() and nxt.isalnum():
            out += line
        elif _is_wordish(prev) and (nxt.isascii() and (nxt.isalnum() or nxt in "\"'(")):
            out += " " + line
        elif prev in ",.;:!?" and prev.isascii() and nxt.isascii():
            out += " " + line
        else:
            out += line
    return out


@lru_cache(maxsize=1)
def word_count(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a word it does not know)."""
    jieba = jieba_quiet()
    jieba.initialize()
    return jieba.dt.FREQ.get(word) or 0


def names_a_person(word: str) -> bool:
    """Whether jieba's dictionary tags ``word`` as a person's name (杨澜 nrfg, 白岩松 nr). Loads
    jieba's part-of-speech table (kept in the models dir after the first time), so ask only after
    cheaper checks."""
    from ..pronounce.pinyin import posseg

    return str(posseg().dt.word_tag_tab.get(word, "")).startswith("nr")


def jieba_quiet():
    """jieba (Chinese word segmentation), with its dictionary-loading chatter silenced (it is not
    ours to print). Loaded on first use."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba
