"""What a Mandarin or English voice can say. Characters of other scripts (kana, hangul, Cyrillic,
Arabic, …), emoji and pictographs are dropped before synthesis and reported, never passed to an
engine that would skip them silently or make noise of them. Pure functions.

Kept: Han, Latin and Greek letters (the engines read α, β), digits and other numbers, punctuation,
currency and maths signs, whitespace, and the few symbols the normalizer reads (℃, °, ‰).
"""

from __future__ import annotations

import unicodedata

_LETTER_SCRIPTS = ("CJK ", "LATIN ", "GREEK ", "FULLWIDTH LATIN ", "IDEOGRAPHIC ", "HALFWIDTH IDEOGRAPHIC ")
_READ_SYMBOLS = set("℃℉°‰№")
_HAN_EXTRA = set("〇々")


def _keeps(ch: str, after_kept_letter: bool) -> bool:
    if ch.isspace():
        return True
    cat = unicodedata.category(ch)
    if cat[0] in "NP" or cat in ("Sm", "Sc") or (cat == "Sk" and ch.isascii()) or ch in _READ_SYMBOLS:
        return True
    if cat[0] == "L":
        return ch in _HAN_EXTRA or unicodedata.name(ch, "").startswith(_LETTER_SCRIPTS)
    if cat[0] == "M":  # a combining accent goes with the letter it sits on
        return after_kept_letter
    return False  # other symbols (emoji, ©, ™, arrows), format and control characters


# Every character of the ranges nearly all text is written in that a voice keeps wherever it
# stands (no combining marks among them): a text made only of these needs no character-by-character
# look. Derived from _keeps itself, so the two cannot disagree.
_RANGES = ((0x09, 0x0D), (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF),
           (0xFF00, 0xFFEF))
_SURELY_KEPT = frozenset(ch for lo, hi in _RANGES for ch in map(chr, range(lo, hi + 1))
                         if unicodedata.category(ch)[0] != "M" and _keeps(ch, False))


def kind_of(ch: str) -> str:
    """A short name for what a dropped character is: "emoji", "kana", "hangul", "cyrillic", …"""
    name = unicodedata.name(ch, "")
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    if unicodedata.category(ch)[0] == "L" and name:
        return name.split()[0].lower()
    return "emoji" if ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) < 0x2800 else "symbol"


def split_speakable(text: str) -> tuple[str, list[str]]:
    """(the text without what no voice can say, the dropped runs in order). A dropped run between
    two Latin letters or digits leaves a space, so the words on either side stay apart."""
    if _SURELY_KEPT.issuperset(text):
        return text, []
    out: list[str] = []
    dropped: list[str] = []
    run = ""
    kept_letter = False
    for ch in text:
        if _keeps(ch, kept_letter):
            if run:
                if out and out[-1].isascii() and out[-1].isalnum() and ch.isascii() and ch.isalnum():
                    out.append(" ")
                if run.strip():
                    dropped.append(run.strip())
                run = ""
            out.append(ch)
            kept_letter = unicodedata.category(ch)[0] == "L"
        else:
            run += ch
            kept_letter = False
    if run.strip():
        dropped.append(run.strip())
    return "".join(out), dropped


def describe(dropped: list[str], limit: int = 5) -> str:
    """``emoji 😀🎉, kana こんにちは`` for a warning."""
    parts = []
    for run in dropped[:limit]:
        kinds = sorted({kind_of(ch) for ch in run if not ch.isspace()})
        parts.append(f"{'/'.join(kinds)} {run}")
    more = f" and {len(dropped) - limit} more" if len(dropped) > limit else ""
    return ", ".join(parts) + more
