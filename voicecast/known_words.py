"""Which Latin-script words the offline engine reads with confidence, for ``voicecast check``.

A word is read with confidence when the lexicon (built in or voices.yaml) has it, when it is an
acronym that is spelled letter by letter (AGI, GPT, APIs), or when misaki's English dictionaries
(the gold and silver lists Kokoro's phonemes were made with, about 180,000 words) hold it or its
stem. Anything else (most names) goes to espeak-ng's letter-to-sound rules, which guess.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*\*?")
_ACRONYM_RE = re.compile(r"[A-Z]{1,5}s?")
_CASE_PARTS_RE = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|$)|[A-Z]?[a-z]+|[A-Z]+")
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "er", "ers", "ly")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word (lower case) in misaki's US gold and silver dictionaries."""
    import misaki

    folder = Path(misaki.__file__).parent / "data"
    words: set[str] = set()
    for name in ("us_gold.json", "us_silver.json"):
        with (folder / name).open(encoding="utf-8") as f:
            words.update(w.lower() for w in json.load(f))
    return frozenset(words)


def _known(word: str) -> bool:
    low = word.lower().replace("’", "'")
    words = english_words()
    if low in words:
        return True
    return any(low.endswith(s) and len(low) > len(s) + 2 and low[: -len(s)] in words for s in _SUFFIXES)


def confident(word: str, lexicon_words: set[str]) -> bool:
    """Whether ``word`` has a reading voicecast trusts (see the module's docstring)."""
    if word in lexicon_words or word.rstrip("*") in lexicon_words or _ACRONYM_RE.fullmatch(word):
        return True
    if "-" in word:
        return all(confident(part, lexicon_words) for part in word.split("-"))
    if _known(word):
        return True
    parts = _CASE_PARTS_RE.findall(word)  # ChatGPT: Chat + GPT; DeepMind: Deep + Mind
    return len(parts) > 1 and all(confident(p, lexicon_words) for p in parts)


def unsure_words(text: str, lexicon: dict[str, str]) -> list[str]:
    """The Latin-script words of ``text`` without a confident reading, in order, each once."""
    covered = set(lexicon)
    for term in lexicon:
        covered.update(_WORD_RE.findall(term))
    out: list[str] = []
    for word in _WORD_RE.findall(text):
        if word not in out and not confident(word, covered):
            out.append(word)
    return out
