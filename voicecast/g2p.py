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

from .charclass import HAN_READABLE
from .normalize import normalize_zh, to_simplified
from .splitter import Run, Sentence, code_switch_runs

_PINYIN_RE = re.compile(r"^(?:[a-zü]+[1-5])(?:\s+[a-zü]+[1-5])*$", re.I)
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
    read in context (:mod:`voicecast.pinyin`), then misaki's pinyin-to-phoneme mapping, one jieba
    word at a time as misaki itself does.

    The lexical reading is what goes to the model: Kokoro v1.0 learned from misaki's phonemes,
    which carry no tone sandhi, and realizes sandhi itself.
    """
    from misaki.zh import ZHG2P

    from .pinyin import is_han, jieba_quiet, readings

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


def en_phonemes(text: str, british: bool = False) -> str:
    """Phonemes for English text, via espeak-ng; acronyms are spelled letter by letter."""
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
        parts.append(spell(m.group(1)) + ("z" if m.group(2) else ""))
        pos = m.end()
    parts.append(_espeak(text[pos:], british))
    return " ".join(p for p in parts if p)


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


def spell(acronym: str) -> str:
    """``AGI`` → ``ˌAʤˌiˈI``: secondary stress on each letter, primary on the last."""
    letters = [LETTERS[ch] for ch in acronym.upper() if ch in LETTERS]
    return "".join(("ˈ" if i == len(letters) - 1 else "ˌ") + p for i, p in enumerate(letters))


_DECIMAL_RE = re.compile(r"(\d)\.(\d)")
# Two to five capitals standing alone or after a lower-case word (a product name's case boundary,
# ChatGPT, OpenAI), before digits, a plural s or nothing: AGI, GPT-4, APIs.
_ACRONYM_RE = re.compile(r"(?<![A-Z])([A-Z]{2,5})(s?)(?![A-Za-z])")
# Acronyms that are read as words.
_WORD_ACRONYMS = {"NASA", "NATO", "UNESCO", "COVID", "OPEC", "LASER", "RADAR", "SARS", "FIFA", "NAFTA", "OK"}


_VERSION_TAIL_RE = re.compile(r"[-\s]?(\d+(?:\.\d+)?)$")
_STRESS = "ˈˌ"
_VOWELS = "aeiouæɑɒɔəɛɪʊʌɜɐᵻIAOWYQ"
_ASPIRATE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s{_STRESS}]))([ptk])(?=[{_VOWELS}])|([ptk])(?=[{_STRESS}])")
_ASPIRATE_CH_RE = re.compile(rf"ʧ(?=[{_STRESS}]?[{_VOWELS}])")


def aspirate(phonemes: str) -> str:
    """Mark English p/t/k at the start of a stressed syllable, and ch before any vowel, as
    aspirated (pʰ tʰ kʰ ʧʰ). Mandarin voices learned plain p/t/k/ch as the unaspirated b/d/g/zh
    of pinyin (GPT came out as "GBD", WeChat as 一盖)."""
    phonemes = _ASPIRATE_RE.sub(lambda m: (m.group(1) or m.group(2)) + "ʰ", phonemes)
    return _ASPIRATE_CH_RE.sub("ʧʰ", phonemes)


def split_lexicon(lexicon: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """``(text replacements, pinyin readings)``: an entry whose value is pinyin with tone numbers
    (``行长: hang2 zhang3``) fixes a reading; any other value replaces the text before G2P."""
    pinyin = {t: v for t, v in lexicon.items() if _PINYIN_RE.match(v.strip())}
    return {t: v for t, v in lexicon.items() if t not in pinyin}, pinyin


def apply_replacements(text: str, replacements: dict[str, str]) -> str:
    """Replace every term in one pass, longest first (so a term inside a longer one cannot win)."""
    if not replacements:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(replacements, key=len, reverse=True)))
    return pattern.sub(lambda m: replacements[m.group(0)], text)


def has_english(sentence: Sentence, lexicon: dict[str, str] | None = None) -> bool:
    """Whether a Mandarin sentence has an English run (after the lexicon's replacements)."""
    if sentence.lang != "zh":
        return False
    text = apply_replacements(sentence.text, split_lexicon(lexicon or {})[0])
    return any(run.lang == "en" and run.text.strip() for run in code_switch_runs(text, "zh"))


def sentence_phonemes(sentence: Sentence, lexicon: dict[str, str] | None = None, english_variant: str = "us") -> str:
    """Phonemes for one chunk: per code-switched run, in the run's language."""
    british = english_variant == "gb"
    replacements, readings_lexicon = split_lexicon(lexicon or {})
    text = apply_replacements(sentence.text, replacements)
    parts: list[str] = []
    runs: tuple[Run, ...] = code_switch_runs(text, sentence.lang) if sentence.lang == "zh" else (Run(text, "en"),)
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
            parts.append(aspirate(en_phonemes(head, british)))
            if tail:
                parts.append(zh_phonemes(tail))
        else:
            parts.append(en_phonemes(run.text, british))
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
