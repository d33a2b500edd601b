"""A voices.yaml lexicon as text: which entries are pinyin (``行长: hang2 zhang3``), which are
phonemes (``Sora: /sˈɔɹə/``), which replace text (``Llya: Ilya``); the entries a sentence uses; the
replacements applied. Pure functions, shared by every engine and by the reading front end."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

# One pinyin syllable with its tone number (5: neutral); ü written ü or v, as users and CEDICT do.
SYLLABLE_RE = re.compile(r"^[a-zü]+[1-5]$", re.I)


def is_syllable(value: str) -> bool:
    return bool(SYLLABLE_RE.match(value.replace("v", "ü").replace("V", "Ü")))


def is_pinyin(value: str) -> bool:
    """One or more syllables with tone numbers, separated by spaces."""
    syllables = value.split()
    return bool(syllables) and all(map(is_syllable, syllables))


class Lexicon(NamedTuple):
    """A voices.yaml lexicon by kind of entry."""

    replacements: dict[str, str]  # Llya: Ilya: the text is replaced before anything else
    pinyin: dict[str, str]  # 行长: hang2 zhang3: the reading of Han characters
    phonemes: dict[str, str]  # Sora: /sˈɔɹə/: what the offline engine says for an English term


def split_lexicon(lexicon: Mapping[str, str]) -> Lexicon:
    """An entry whose value is pinyin with tone numbers (``行长: hang2 zhang3``) fixes a reading;
    one between slashes (``Sora: /sˈɔɹə/``) gives a term's phonemes; any other value replaces the
    text before G2P."""
    pinyin = {t: v for t, v in lexicon.items() if is_pinyin(v)}
    phonemes = {t: v.strip() for t, v in lexicon.items() if is_phonemes(v)}
    return Lexicon({t: v for t, v in lexicon.items() if t not in pinyin and t not in phonemes}, pinyin, phonemes)


_PHONEMES_RE = re.compile(r"\s*/[^/\u3400-\u9fff]+/\s*")


def is_phonemes(value: str) -> bool:
    """Phonemes between two slashes (``/sˈɔɹə/``): no slash or Han character inside."""
    return bool(_PHONEMES_RE.fullmatch(value))


def lexicon_used(lexicon: Mapping[str, str], text: str) -> dict[str, str]:
    """The entries that can change how ``text`` is said: those whose term is in it, before or after
    the replacements (``Llya: Ilya`` brings in an entry for Ilya). Only these enter a sentence's
    cache key, so editing one entry re-renders only the sentences that use it."""
    replacements = split_lexicon(lexicon).replacements
    replaced = apply_replacements(text, {t: v for t, v in replacements.items() if t in text})
    return {t: v for t, v in lexicon.items() if t in text or t in replaced}


def apply_replacements(text: str, replacements: Mapping[str, str]) -> str:
    """Replace every term in one pass, longest first (so a term inside a longer one cannot win)."""
    if not replacements:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(replacements, key=len, reverse=True)))
    return pattern.sub(lambda m: replacements[m.group(0)], text)
