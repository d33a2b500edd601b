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
# Inflections and derivations: (ending, what replaces it in the stem).
_ENDINGS = (("'s", ""), ("s'", ""), ("'ll", ""), ("'re", ""), ("'ve", ""), ("'d", ""), ("n't", ""),
            ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y"), ("es", ""), ("s", ""),
            ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""), ("ers", ""), ("est", ""),
            ("ly", ""), ("ness", ""), ("ment", ""), ("ization", "ize"), ("ation", "ate"), ("ation", "e"))
_PREFIXES = ("super", "multi", "anti", "non", "pre", "post", "over", "under", "inter", "re", "un", "self", "hyper",
             "mega", "micro", "meta", "co")


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


def _known(word: str, prefixes: bool = True) -> bool:
    """In the dictionaries as it is, or as a stem with a regular ending (companies, sourcing,
    running, Orwell's) or after a common prefix (superintelligence)."""
    low = word.lower().replace("’", "'")
    words = english_words()
    if low in words:
        return True
    for ending, stem_end in _ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            stem = low[: -len(ending)]
            if stem + stem_end in words or (not stem_end and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words):
                return True
    return prefixes and any(low.startswith(p) and len(low) - len(p) >= 4 and _known(low[len(p):].lstrip("-"), False)
                            for p in _PREFIXES)


def confident(word: str, lexicon_words: set[str]) -> bool:
    """Whether ``word`` has a reading voicecast trusts (see the module's docstring)."""
    if word in lexicon_words or word.rstrip("*") in lexicon_words or _ACRONYM_RE.fullmatch(word):
        return True
    if "-" in word:
        return all(part.lower() in _PREFIXES or confident(part, lexicon_words) for part in word.split("-"))
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
