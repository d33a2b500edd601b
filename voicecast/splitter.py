"""Sentence splitting and chunking: a turn's text becomes sentences that fit a TTS engine, each
with its language and its code-switched runs (``GPT-4`` inside Mandarin). Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import detect_lang

DEFAULT_MAX_CHARS = 200

_PAUSE_RE = re.compile(r"\[pause (\d+)ms\]")
# Mandarin sentence ends, with any closing quotes/brackets that belong to the sentence.
_ZH_END_RE = re.compile(r"(?:[。！？；]+|…{1,2}|\.{3,6}|(?<![A-Za-z0-9])[!?]+)[”’」』）)\]》\"']*")
# Where an over-long sentence may be broken, best first.
_SOFT_BREAKS = ("，,、；;：:", " ")
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
            sent_lang = detect_lang(sent, default=lang or "zh")
            chunks = chunk(sent, max_chars)
            for j, c in enumerate(chunks):
                ends = "sentence" if j == len(chunks) - 1 else "clause"
                out.append(Sentence(c, sent_lang, code_switch_runs(c, sent_lang), ends))
    for k in range(len(out) - 1, -1, -1):
        if isinstance(out[k], Sentence):
            s = out[k]
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


def _english_split(piece: str) -> list[str]:
    piece = piece.strip()
    if not piece or detect_lang(piece) != "en" or len(piece) < 20:
        return [piece] if piece else []
    return [s.strip() for s in _segmenter().segment(piece) if s.strip()]


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def chunk(sentence: str, max_chars: int) -> list[str]:
    """Break a sentence longer than ``max_chars`` at clause punctuation or spaces, never inside an
    English word or number; a long run of Han characters with no punctuation is cut between
    characters as a last resort."""
    sentence = sentence.strip()
    if len(sentence) <= max_chars:
        return [sentence]
    out = []
    rest = sentence
    while len(rest) > max_chars:
        cut = _best_cut(rest, max_chars)
        out.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        out.append(rest)
    return [c for c in out if c]


def _best_cut(text: str, max_chars: int) -> int:
    window = text[:max_chars]
    for breaks in _SOFT_BREAKS:
        # Prefer a cut in the latter part of the window so chunks are not tiny.
        for pos in range(len(window) - 1, max(0, max_chars // 3) - 1, -1):
            if window[pos] in breaks and not _inside_number(text, pos):
                return pos + 1
    for pos in range(max_chars, 0, -1):
        if not (_wordish(text[pos - 1]) and _wordish(text[pos])):
            return pos
    return max_chars  # one enormous token: nothing better to do


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-.'’_")


def _inside_number(text: str, pos: int) -> bool:
    """A comma or colon between digits (1,000 or 9:46) is not a clause break."""
    return 0 < pos < len(text) - 1 and text[pos] in ",:" and text[pos - 1].isdigit() and text[pos + 1].isdigit()


def code_switch_runs(sentence: str, lang: str) -> tuple[Run, ...]:
    """Runs of the sentence by language. In a Mandarin sentence each Latin-script stretch
    (``GPT-4``, ``OpenAI``, ``ChatGPT API``, ``Larry Summers``) is an ``en`` run; everything else,
    digits included, stays ``zh``. An English sentence is one ``en`` run."""
    if lang != "zh":
        return (Run(sentence, lang),)
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
