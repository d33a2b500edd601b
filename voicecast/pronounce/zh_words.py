"""Word readings that several independent Chinese dictionaries agree on.

A polyphone inside a dictionary word (银行 hang2, 行长 zhang3, 率领 shuai4) is read as the word
says, but one dictionary alone is wrong often enough to cost more than it fixes: pypinyin's phrase
list overruled g2pM about as often wrongly as rightly on the CPP dev split. Where pypinyin's list
and the three large lists of pypinyin-dict (CC-CEDICT, the zdic word list, phrase-pinyin-data's
large list), three or four hold a word and all of those give one reading for a character, that
reading is trusted over the model (bench/polyphone.py --cv measures this on the dev split's two halves).

The table is built on first use from the installed packages' data (streamed, not imported: the
four lists hold a million words) and kept in the models dir, keyed by the packages' versions.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

SOURCES = ("cc_cedict", "zdic_cibs", "large_pinyin")  # pypinyin-dict's phrase lists; pypinyin's own is the 4th
AGREE = 3  # sources that must hold a word, all with one reading of the character, for it to count
LONGEST = 8
_FORMAT = 1
_ENTRY_RE = re.compile(r"^\s*'([^']+)':\s*(\[\[.*\]\]),?\s*$")
_SYLLABLE_RE = re.compile(r"\['([^']*)'")
_LOCK = threading.Lock()


def _versions() -> str:
    parts = []
    for name in ("pypinyin", "pypinyin-dict"):
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return f"{';'.join(parts)};format={_FORMAT};agree={AGREE}"


def _source_files(name: str) -> list[Path]:
    import pypinyin_dict.phrase_pinyin_data as data

    folder = Path(data.__file__).parent
    return sorted(p for p in folder.glob(f"{name}*.py") if re.fullmatch(rf"{name}(_\d+)?\.py", p.name))


def _stream(name: str) -> Iterator[tuple[str, list[str]]]:
    """``(word, first reading of each character with tone marks)`` from one of pypinyin-dict's
    generated modules, line by line."""
    for path in _source_files(name):
        with path.open(encoding="utf-8") as f:
            for line in f:
                m = _ENTRY_RE.match(line)
                if m:
                    yield m.group(1), _SYLLABLE_RE.findall(m.group(2))


def has_readings(ch: str) -> bool:
    """Whether pypinyin knows more than one reading of the character."""
    from pypinyin.constants import PINYIN_DICT

    return "," in PINYIN_DICT.get(ord(ch), "")


def build() -> dict[str, str]:
    """``word → readings`` ("yin2 hang2"; "?" where the sources differ) for every word of two to
    eight characters, holding a character with more than one reading, that AGREE sources list."""
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.contrib.tone_convert import to_tone3

    tone3: dict[str, str] = {}

    def t3(syllable: str) -> str:
        if syllable not in tone3:
            tone3[syllable] = to_tone3(syllable, neutral_tone_with_five=True).lower().replace("ü", "v")
        return tone3[syllable]

    def wanted(word: str) -> bool:
        return 2 <= len(word) <= LONGEST and any(map(has_readings, word))

    votes: dict[str, list] = {}

    def vote(word: str, syllables: list[str]) -> None:
        if len(syllables) != len(word) or not wanted(word):
            return
        readings = [t3(s) for s in syllables]
        entry = votes.get(word)
        if entry is None:
            votes[word] = [1, readings]
        else:
            entry[0] += 1
            entry[1] = [a if a == b else "?" for a, b in zip(entry[1], readings, strict=True)]

    for word, pys in PHRASES_DICT.items():
        vote(word, [p[0] for p in pys])
    for name in SOURCES:
        for word, syllables in _stream(name):
            vote(word, syllables)
    return {w: " ".join(r) for w, (n, r) in votes.items() if n >= AGREE and any(s != "?" for s in r)}


_TABLE: list[dict[str, str]] = []  # loaded once per process


def table(models_dir: Path | None = None) -> dict[str, str]:
    """The agreed readings, built once per package versions and kept in the models dir (default:
    settings' default one); empty when pypinyin-dict is not installed. Loaded once per process;
    ``models_dir`` matters on the first call."""
    if _TABLE:
        return _TABLE[0]
    try:
        import pypinyin_dict  # noqa: F401
    except ImportError:
        return {}
    from ..store import keep_table, read_kept_table
    from ..store import models_dir as default_models_dir

    key = hashlib.sha256(_versions().encode()).hexdigest()[:16]
    cached = (models_dir or default_models_dir()) / f"zh-word-readings-{key}.marshal"
    with _LOCK:
        if not _TABLE:
            kept = read_kept_table(cached)
            if kept is None:
                kept = build()
                keep_table(cached, kept, "zh-word-readings-")
            _TABLE.append(kept)
        return _TABLE[0]


def agreed_reading(text: str, pos: int, words: list[str] | None = None) -> str | None:
    """The agreed reading of ``text[pos]`` from the longest listed word around it, or None. Given
    the text's words (its segmentation, joined they are ``text``), a listed word counts only where
    it agrees with them: inside one word (银行 in 中国银行) or made of whole ones (湖北|黄陂), never
    across a boundary (人参 in 一家人|参加)."""
    table_ = table()
    fits = _fits(text, words)
    for length in range(min(LONGEST, len(text)), 1, -1):
        for start in range(max(0, pos - length + 1), min(pos, len(text) - length) + 1):
            readings = table_.get(text[start : start + length])
            if readings is not None and fits(start, start + length):
                syllable = readings.split()[pos - start]
                return None if syllable == "?" else syllable
    return None


def _fits(text: str, words: list[str] | None):
    """``fits(start, end)``: whether text[start:end] lies inside one of ``words`` or is made of whole ones."""
    if not words or "".join(words) != text:
        return lambda start, end: True
    owner: list[int] = []
    bounds = {0}
    for k, word in enumerate(words):
        owner.extend([k] * len(word))
        bounds.add(len(owner))
    return lambda start, end: owner[start] == owner[end - 1] or (start in bounds and end in bounds)
