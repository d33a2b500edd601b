"""Grapheme-to-phoneme for Kokoro: Mandarin with misaki (jieba + pypinyin), English with espeak-ng
(the espeakng-loader wheel ships the library), and code-switched sentences spliced from both.

Kokoro v1.0 reads misaki's phoneme alphabet. misaki's Mandarin front end leaves Latin letters in its
output (the model mumbles them: "GPT-4" comes out as "复四"), so every English run the splitter
marked inside a Mandarin sentence is phonemized as English and spliced in.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from types import SimpleNamespace

from ..text.charclass import HAN_READABLE
from ..text.lexicon import apply_replacements, split_lexicon
from ..text.splitter import Run, Sentence, code_switch_runs
from .normalize import normalize_zh, to_simplified

# Goes into the offline engine's cache identity. Bump it when a change here or in pinyin.py changes
# the phonemes of text that was said before, so cached audio with the old reading is made again.
# 2: agreed word readings, acronyms spelled letter by letter in Mandarin (issue 17).
# 3: the particle 的 (质|的变化 de5), 得到 never "must" (issue 26).
# 4: adverbs before a verb (更像 geng4, 曾受到 ceng2) (issue 26).
# 5: the preposition 为 beside a pronoun or after a modal, only where a predicate follows (为他加油 wei4,
#    称他为老师 wei2); adjectives (更难的 nan2, 好的。 hao3), clause-final modal particles (好吧 ba5) and
#    the modal 应 (计划应以 ying1), 弄清楚 nong4; g2pM's choice only where it is one of the character's readings (怪不得
#    de2, not nu:3) (issue 26).
PRONUNCIATION_VERSION = 5

# espeak-ng keeps process-global state: one phonemization at a time.
_espeak_lock = threading.Lock()

_HAN_RUNS_RE = re.compile(f"[{HAN_READABLE}]+|[^{HAN_READABLE}]+")


@lru_cache(maxsize=2)
def _en_g2p(british: bool = False):
    import logging

    from misaki.espeak import EspeakFallback

    g2p = EspeakFallback(british=british)
    # phonemizer warns about word-count mismatches on every call (harmless here). Its backend sets
    # its logger's level when it is created, so quieten it afterwards.
    logger = getattr(g2p.backend, "logger", None) or logging.getLogger("phonemizer")
    logger.setLevel(logging.ERROR)
    logging.getLogger("phonemizer").setLevel(logging.ERROR)
    return g2p


def zh_phonemes(text: str, lexicon: dict[str, str] | None = None) -> str:
    """Phonemes for a run of Mandarin text (no Latin letters): numbers written out, polyphones
    read in context (:mod:`voicecast.pronounce.pinyin`), then misaki's pinyin-to-phoneme mapping, one jieba
    word at a time as misaki itself does.

    The lexical reading is what goes to the model: Kokoro v1.0 learned from misaki's phonemes,
    which carry no tone sandhi, and realizes sandhi itself.
    """
    from misaki.zh import ZHG2P

    from ..text.lang import jieba_quiet
    from .pinyin import is_han, readings

    text = ZHG2P.map_punctuation(normalize_zh(to_simplified(text)))
    if not text.strip():
        return ""
    reads = readings(text, lexicon)
    out = []
    for m in _HAN_RUNS_RE.finditer(text):
        run = m.group(0)
        if not is_han(run[0]):
            out.append(run)
            continue
        words, pos = [], m.start()
        for word in jieba_quiet().lcut(run):
            words.append("".join(ZHG2P.py2ipa(reads[pos + k].pinyin) for k in range(len(word))))
            pos += len(word)
        out.append(" ".join(words))
    return "".join(out).replace(chr(815), "").strip()


def en_phonemes(text: str, british: bool = False, words: dict[str, str] | None = None,
                in_mandarin: bool = False) -> str:
    """Phonemes for English text, via espeak-ng; acronyms are spelled letter by letter (as a
    Mandarin voice says the letters best when ``in_mandarin``); the terms of ``words`` (a
    lexicon's phoneme entries, ``Sora: /sˈɔɹə/``) are read as given."""
    if words:
        pieces = []
        for term, piece in _split_terms(text, words):
            pieces.append(words[term][1:-1].strip() if term else en_phonemes(piece, british, None, in_mandarin))
        return " ".join(p for p in pieces if p)
    text = _DECIMAL_RE.sub(r"\1 point \2", text.strip())
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", text)  # GPT-4: "G P T four", not "minus four"
    text = re.sub(r"(?<=[A-Za-z0-9])\*", " star", text)  # Q*
    if not text:
        return ""
    parts = []
    pos = 0
    for m in _ACRONYM_RE.finditer(text):
        if m.group(1) in _WORD_ACRONYMS:
            continue
        parts.append(_espeak(text[pos : m.start()], british))  # "Chat" of ChatGPT: its own word
        parts.append((spell_in_mandarin if in_mandarin else spell)(m.group(1)) + ("z" if m.group(2) else ""))
        pos = m.end()
    parts.append(_espeak(text[pos:], british))
    return " ".join(p for p in parts if p)


def _split_terms(text: str, words: dict[str, str]) -> list[tuple[str | None, str]]:
    """``text`` cut into the lexicon's terms (``(term, term)``) and the text between them
    (``(None, text)``); a term only counts as a whole word (Sora, not Soraya)."""
    pattern = re.compile("(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in sorted(words, key=len, reverse=True))
                         + ")(?![A-Za-z0-9])")
    out: list[tuple[str | None, str]] = []
    pos = 0
    for m in pattern.finditer(text):
        out += [(None, text[pos : m.start()]), (m.group(0), m.group(0))]
        pos = m.end()
    out.append((None, text[pos:]))
    return [(t, piece) for t, piece in out if t or piece.strip()]


def _espeak(text: str, british: bool) -> str:
    if not any(ch.isalnum() for ch in text):
        return text.strip() if text.strip() in (",", ".", "!", "?", ";", ":") else ""
    with _espeak_lock:
        phonemes, _ = _en_g2p(british)(SimpleNamespace(text=text.strip()))
    return (phonemes or "").strip()


# Letter names in Kokoro's English phoneme alphabet (misaki's US set), for spelling acronyms.
LETTERS = {
    "A": "A", "B": "bi", "C": "si", "D": "di", "E": "i", "F": "ɛf", "G": "ʤi", "H": "Aʧ", "I": "I", "J": "ʤA",
    "K": "kA", "L": "ɛl", "M": "ɛm", "N": "ɛn", "O": "O", "P": "pi", "Q": "kju", "R": "ɑɹ", "S": "ɛs", "T": "ti",
    "U": "ju", "V": "vi", "W": "dʌbᵊlju", "X": "ɛks", "Y": "wI", "Z": "zi",
}


# A Mandarin voice says misaki's English diphthong symbol I (the letter I) so that AGI, AI and API
# are heard as "AGA", "AR", "一片"; spelled out as aɪ, much less often (BENCHMARKS.md, issue 17).
LETTERS_IN_MANDARIN = {**LETTERS, "I": "aɪ"}
_FIRST_VOWEL_RE = re.compile("[aeiouæɑɒɔəɛɪʊʌɜɐᵻAIOWY]")


def spell(acronym: str) -> str:
    """``AGI`` → ``ˌAʤˌiˈI``: one word, secondary stress on each letter, primary on the last."""
    letters = [LETTERS[ch] for ch in acronym.upper() if ch in LETTERS]
    return "".join(("ˈ" if i == len(letters) - 1 else "ˌ") + p for i, p in enumerate(letters))


def spell_in_mandarin(acronym: str) -> str:
    """``AGI`` → ``ˈA ʤˈi ˈaɪ``: each letter a stressed word of its own, as a Mandarin voice says
    letters most clearly (GPT was heard right 6 times in 6 so, 2 in 6 as one word)."""
    return " ".join(_FIRST_VOWEL_RE.sub(lambda m: "ˈ" + m.group(0), LETTERS_IN_MANDARIN[ch], count=1)
                    for ch in acronym.upper() if ch in LETTERS_IN_MANDARIN)


_DECIMAL_RE = re.compile(r"(\d)\.(\d)")
# Two to five capitals standing alone or after a lower-case word (a product name's case boundary,
# ChatGPT, OpenAI), before digits, a plural s or nothing: AGI, GPT-4, APIs.
_ACRONYM_RE = re.compile(r"(?<![A-Z])([A-Z]{2,5})(s?)(?![A-Za-z])")
# Acronyms that are read as words.
_WORD_ACRONYMS = {"NASA", "NATO", "UNESCO", "COVID", "OPEC", "LASER", "RADAR", "SARS", "FIFA", "NAFTA", "OK"}


_VERSION_TAIL_RE = re.compile(r"[-\s]?(\d+(?:\.\d+)?)$")
_STRESS = "ˈˌ"
_VOWELS = "aeiouæɑɒɔəɛɪʊʌɜɐᵻIAOWYQ"
# p/t/k opening a word or a stressed syllable, before a vowel or a glide or liquid and a vowel (kju,
# klˈɔd, twˈɪt); never after s (stˈɑɹ).
_ASPIRATE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s{_STRESS}]))([ptk])(?=[jwɹl]?[{_VOWELS}])|(?<!s)([ptk])(?=[jwɹl]?[{_STRESS}])")
_ASPIRATE_CH_RE = re.compile(rf"ʧ(?=[{_STRESS}]?[{_VOWELS}])")


_FINAL_SCHWA_RE = re.compile(r"ə(?![^\s,.!?;:])")


def for_mandarin_voice(phonemes: str) -> str:
    """English phonemes as a Mandarin voice says them most clearly: stops aspirated
    (:func:`aspirate`) and a word's final ə opened to ɑ, as Mandarin speakers say Sora and Tesla
    (a Mandarin voice drops a final ə: Sora was heard right 1 time in 6, Nvidia 2; with ɑ, 5 and 6)."""
    return _FINAL_SCHWA_RE.sub("ɑ", aspirate(phonemes))


def aspirate(phonemes: str) -> str:
    """Mark English p/t/k at the start of a word or stressed syllable, and ch before any vowel, as
    aspirated (pʰ tʰ kʰ ʧʰ). Mandarin voices learned plain p/t/k/ch as the unaspirated b/d/g/zh
    of pinyin (GPT came out as "GBD", WeChat as 一盖)."""
    phonemes = _ASPIRATE_RE.sub(lambda m: (m.group(1) or m.group(2)) + "ʰ", phonemes)
    return _ASPIRATE_CH_RE.sub("ʧʰ", phonemes)


def has_english(sentence: Sentence, lexicon: dict[str, str] | None = None) -> bool:
    """Whether a Mandarin sentence has an English run (after the lexicon's replacements)."""
    if sentence.lang != "zh":
        return False
    text = apply_replacements(sentence.text, split_lexicon(lexicon or {}).replacements)
    return any(run.lang == "en" and run.text.strip() for run in code_switch_runs(text, "zh"))


def sentence_phonemes(sentence: Sentence, lexicon: dict[str, str] | None = None, english_variant: str = "us") -> str:
    """Phonemes for one chunk: per code-switched run, in the run's language."""
    british = english_variant == "gb"
    replacements, readings_lexicon, words = split_lexicon(lexicon or {})
    text = apply_replacements(sentence.text, replacements)
    parts: list[str] = []
    runs: tuple[Run, ...] = code_switch_runs(text, "zh" if sentence.lang == "zh" else "en")
    for run in runs:
        if not run.text.strip():
            continue
        if run.lang == "zh":
            parts.append(zh_phonemes(run.text, readings_lexicon))
        elif sentence.lang == "zh":
            # English inside Mandarin: a trailing version number is read in Mandarin (GPT 四点五),
            # and the stops are aspirated so a Mandarin voice does not turn GPT into "GBD".
            m = _VERSION_TAIL_RE.search(run.text)
            head, tail = (run.text[: m.start()], m.group(1)) if m else (run.text, "")
            parts.append(for_mandarin_voice(en_phonemes(head, british, words, in_mandarin=True)))
            if tail:
                parts.append(zh_phonemes(tail))
        else:
            parts.append(en_phonemes(run.text, british, words))
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
