"""Character classes, in one place, for parsing, splitting and pronunciation.

Each constant is the inside of a regular-expression class (``f"[{HAN}]"``), so classes combine
(``f"[{HAN}{LATIN}]"``). The compiled patterns and predicates below cover the common questions.
"""

from __future__ import annotations

import re
import unicodedata

# Han ideographs that pypinyin reads: the unified block and extension A.
HAN_READABLE = "\u3400-\u4dbf\u4e00-\u9fff"
# Han as text may carry it: the above and the compatibility ideographs (Big5 and Korean legacy forms).
HAN = HAN_READABLE + "\uf900-\ufaff"
KANA = "\u3040-\u30ff"
# Latin letters with their accented forms (Latin-1 and Latin Extended-A/B), without × and ÷.
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
DIGITS = "0-9"
# CJK punctuation, fullwidth forms and the ideographic space.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"

HAN_RE = re.compile(f"[{HAN}]")
CJK_RE = re.compile(f"[{HAN}{KANA}]")


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


_READABLE_RE = re.compile(f"[{HAN_READABLE}]")


def is_readable_han(ch: str) -> bool:
    """A Han character pypinyin has a reading for (no compatibility ideographs)."""
    return bool(_READABLE_RE.match(ch))


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced layout: wide and fullwidth characters (CJK) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
