"""Sentence splitting and chunking: a turn's text becomes sentences that fit a TTS engine, each
with its language and its code-switched runs (``GPT-4`` inside Mandarin). Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .charclass import HAN_READABLE
from .lang import detect_lang
from .speakable import split_speakable

DEFAULT_MAX_CHARS = 200

_PAUSE_RE = re.compile(r"\[pause (\d+)ms\]")
# Mandarin sentence ends, with any closing quotes/brackets that belong to the sentence.
_ZH_END_RE = re.compile(r"(?:[。！？；]+|…{1,2}|\.{3,6}|(?<![A-Za-z0-9])[!?]+)[”’」』）)\]》\"']*")
# Where an over-long sentence may be broken, best first.
_SOFT_BREAKS = ("，,、；;：:", " ")
# A stretch of Han characters (group 1) or of anything else.
_HAN_STRETCH_RE = re.compile(f"([{HAN_READABLE}]+)|[^{HAN_READABLE}]+")
# An English run inside Mandarin: words, with digits, dots, hyphens, +, & and spaces inside.
_LATIN_RUN_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:[-.+&'’*][A-Za-z0-9]+|\*)*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9]*(?:[-.+&'’][A-Za-z0-9]+)*)*\+*\*?"
)


@dataclass(frozen=True)
class Run:
    """A stretch of one language inside a sentence."""

    text: str
    lang: str


@dataclass(frozen=True)
class Sentence:
    """A chunk to synthesize. ``ends`` tells what follows it: ``"clause"`` (an over-long sentence
    was broken here), ``"sentence"``, or ``"paragraph"`` (the end of the turn's text)."""

    text: str
    lang: str
    runs: tuple[Run, ...]
    ends: str = "sentence"


@dataclass(frozen=True)
class Pause:
    """An explicit pause (``[pause 2s]``) inside a turn."""

    ms: int


def split_text(text: str, lang: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> list[Sentence | Pause]:
    """Split a turn's text into sentences (and explicit pauses), chunked to ``max_chars``."""
    if max_chars < 8:
        raise ValueError("max_chars must be at least 8")
    out: list[Sentence | Pause] = []
    pieces = _PAUSE_RE.split(text)
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            out.append(Pause(int(piece)))
            continue
        for sent in sentences(piece):
            sent = split_speakable(sent)[0].strip()  # check, render and say report what is dropped
            if not any(ch.isalnum() for ch in sent):
                continue
            sent_lang = detect_lang(sent, default=lang or "zh")
            chunks = chunk(sent, max_chars)
            for j, c in enumerate(chunks):
                ends = "sentence" if j == len(chunks) - 1 else "clause"
                out.append(Sentence(c, sent_lang, code_switch_runs(c, sent_lang), ends))
    for k in range(len(out) - 1, -1, -1):
        s = out[k]
        if isinstance(s, Sentence):
            out[k] = Sentence(s.text, s.lang, s.runs, "paragraph")
            break
    return out


def sentences(text: str) -> list[str]:
    """Sentence boundaries: Mandarin punctuation first, then pysbd inside English stretches."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _ZH_END_RE.finditer(text):
        out.extend(_english_split(text[start : m.end()]))
        start = m.end()
    out.extend(_english_split(text[start:]))
    return [s for s in (x.strip() for x in out) if s and any(ch.isalnum() for ch in s)] or (
        [text] if any(ch.isalnum() for ch in text) else []
    )


# An English sentence end followed by Han text: the sentence ends there whatever the language.
_SCRIPT_CHANGE_RE = re.compile(rf"(?<=[.?!])\s+(?=[{HAN_READABLE}])")


def _english_split(piece: str) -> list[str]:
    out: list[str] = []
    for part in _SCRIPT_CHANGE_RE.split(piece.strip()):
        part = part.strip()
        if not part or detect_lang(part) != "en" or len(part) < 20:
            out += [part] if part else []
        else:
            out += [s.strip() for s in _segmenter().segment(part) if s.strip()]
    return out


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


# What a cut must never fall inside: a URL (up to whitespace or a non-ASCII character), or a run of
# ASCII letters and digits joined by the marks that hold words and numbers together (GPT-4.5, v1.0,
# 2023-03-01, 1/2, ops@example.com, don't), with a comma or colon only between digits (10,000,000,
# 9:46), a currency sign before it ($1,000) and a percent sign or ++ after it (50%, C++).
_UNBREAKABLE_RE = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+"
    r"|[$€£¥￥]?[A-Za-z0-9]+(?:(?:[-./_@'’+]|(?<=[0-9])[,:](?=[0-9]))[A-Za-z0-9]+)*(?:[%‰％]|\+{1,2})?"
)
# Never begin a chunk with these: they close what came before.
_NO_LEAD = set("，。、；：！？,.;:!?)）]】》」』”’%％…")


def chunk(sentence: str, max_chars: int) -> list[str]:
    """Break a sentence longer than ``max_chars`` at clause punctuation, then spaces, then between
    Han characters, never inside a word, number, URL or address. A single such token longer than
    the limit becomes a chunk of its own (cut before and after it, never inside)."""
    sentence = sentence.strip()
    out = []
    rest = sentence
    while len(rest) > max_chars:
        cut = _best_cut(rest, max_chars)
        out.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        out.append(rest)
    return [c for c in out if c]


def _cut_points(text: str) -> tuple[list[bool], list[bool]]:
    """(inside, leads): ``inside[p]`` when a cut before ``text[p]`` would split a token;
    ``leads[p]`` when ``text[p]`` closes what came before and should not begin a chunk."""
    inside = [False] * (len(text) + 1)
    for m in _UNBREAKABLE_RE.finditer(text):
        for p in range(m.start() + 1, m.end()):
            inside[p] = True
    leads = [p < len(text) and text[p] in _NO_LEAD for p in range(len(text) + 1)]
    return inside, leads


def _best_cut(text: str, max_chars: int) -> int:
    inside, leads = _cut_points(text)
    window = text[:max_chars]
    for breaks in _SOFT_BREAKS:
        # Prefer a cut in the latter part of the window so chunks are not tiny.
        for pos in range(len(window) - 1, max(0, max_chars // 3) - 1, -1):
            if window[pos] in breaks and not inside[pos + 1] and not leads[pos + 1]:
                return pos + 1
    for allowed in (lambda p: not inside[p] and not leads[p], lambda p: not inside[p]):
        for pos in range(max_chars, 0, -1):
            if allowed(pos):
                return pos
    # One token longer than the limit from the start: cut right after it.
    return next((p for p in range(max_chars + 1, len(text)) if not inside[p]), len(text))


def _han_runs(sentence: str, lang: str) -> tuple[Run, ...]:
    runs = []
    for m in _HAN_STRETCH_RE.finditer(sentence):
        runs.append(Run(m.group(0), "zh" if m.group(1) else lang))
    return tuple(runs) or (Run(sentence, lang),)


def code_switch_runs(sentence: str, lang: str) -> tuple[Run, ...]:
    """Runs of the sentence by language. In a Mandarin sentence each Latin-script stretch
    (``GPT-4``, ``OpenAI``, ``ChatGPT API``, ``Larry Summers``) is an ``en`` run; everything else,
    digits included, stays ``zh``. In an English sentence each stretch of Han characters is a
    ``zh`` run (``This is 中文 test``: no voice should say "Chinese letter")."""
    if lang != "zh":
        return _han_runs(sentence, lang)
    runs: list[Run] = []
    pos = 0
    for m in _LATIN_RUN_RE.finditer(sentence):
        if m.start() > pos:
            runs.append(Run(sentence[pos : m.start()], "zh"))
        runs.append(Run(m.group(0), "en"))
        pos = m.end()
    if pos < len(sentence):
        runs.append(Run(sentence[pos:], "zh"))
    return tuple(runs)
