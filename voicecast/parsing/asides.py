"""Bracketed asides in the speech of a labelled script: stage directions (``(拜佛状)``,
``【二人退去】``), sound cues (``(LAUGHTER)``), editors' notes (``（註：…）``) and converter pinyin
(``國(guó)``). A listener hears none of them. A gloss stays: a bracket whose words are in the
other script than the sentence around it (``截距（Y-intercept）``, ``the word (缘分) again``) is the
speaker's or the translator's own term. Pure functions."""

from __future__ import annotations

import re

from ..charclass import HAN_RE, han_count

_ASIDE_RE = re.compile(r"[(（]([^()（）\n]{1,80})[)）]|【([^【】\n]{1,80})】|\[([^\[\]\n]{1,80})\]")
_LATIN_RE = re.compile(r"[A-Za-z]")
# Pinyin with tone marks, as converters add after each character: "(guó)", "(xiàn)".
_PINYIN_RE = re.compile(r"^[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*$")
_WINDOW = 24  # characters either side that tell the script of the sentence around a bracket


def _script(text: str) -> str:
    han, latin = han_count(text), len(_LATIN_RE.findall(text))
    if not han and not latin:
        return ""
    return "han" if han >= latin / 3 else "latin"  # a Han character carries about three letters' worth


def is_gloss(inside: str, before: str, after: str) -> bool:
    """A term in the other script than the sentence around it (not converter pinyin)."""
    if _PINYIN_RE.match(inside.strip()):
        return False
    own, around = _script(inside), _script(before[-_WINDOW:] + after[:_WINDOW])
    return bool(own and around and own != around)


def drop_asides(text: str) -> tuple[str, list[str]]:
    """``text`` without its asides, and the asides taken out (in order). Brackets with no words
    (``(2023)``, ``[1]``) and glosses stay."""
    dropped: list[str] = []

    def one(m: re.Match) -> str:
        inside = next(g for g in m.groups() if g is not None)
        if not (HAN_RE.search(inside) or _LATIN_RE.search(inside)):
            return m.group(0)
        if is_gloss(inside, text[: m.start()], text[m.end():]):
            return m.group(0)
        dropped.append(m.group(0))
        return " "

    out = _ASIDE_RE.sub(one, text)
    return (re.sub(r"[ \t]{2,}", " ", out).strip(), dropped) if dropped else (text, [])
