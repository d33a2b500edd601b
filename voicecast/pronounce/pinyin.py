"""The Mandarin reading front end: the lexical pinyin of every Han character, with polyphones
(了 行 长 重 得 还 地 传 调 为 …) disambiguated in context by g2pM's model, and the spoken form
after tone sandhi kept separate.

Every character first takes pypinyin's reading, looked up per jieba word (银行 yin2 hang2). g2pM
(a 1.7 MB numpy BiLSTM shipped in its PyPI wheel) then predicts the polyphonic characters it
knows, and the context rules of :mod:`voicecast.pronounce.rules` follow: word readings that several
dictionaries agree on (:mod:`voicecast.pronounce.zh_words`), then spoken-language rules. Each rule's
worth is measured on the two halves of the CPP dev split (``bench/polyphone.py --frozen``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..text.charclass import is_readable_han
from ..text.lang import jieba_quiet, posseg
from ..text.lexicon import is_syllable
from .rules import RULES, Tokens

_NUMERALS = set("〇零一二三四五六七八九十百千万亿两第")


@dataclass(frozen=True)
class Reading:
    char: str
    pinyin: str | None  # "hang2"; neutral tone is 5; None for anything that is not a Han character


is_han = is_readable_han


_MODEL_LOCK = threading.Lock()
_MODEL: list = []


def _model():
    """g2pM, loaded once. Under a lock: it prints while loading, and silencing it swaps the
    process-wide sys.stdout, which two threads loading at once would leave swapped for good."""
    if _MODEL:
        return _MODEL[0]
    with _MODEL_LOCK:
        if not _MODEL:
            import contextlib
            import io

            from g2pM import G2pM

            with contextlib.redirect_stdout(io.StringIO()):
                _MODEL.append(G2pM())
    return _MODEL[0]




def load_tables(models_dir: Path) -> None:
    """Load the front end's lookup tables (jieba's part-of-speech tags, the agreed word readings),
    keeping them in ``models_dir`` for the next start; the engine and the command line call this
    with their models dir before the first reading (else the tables are kept in the default one)."""
    from .zh_words import table

    posseg(models_dir)
    table(models_dir)


def _normalize(py: str) -> str:
    """g2pM/CEDICT spellings to pypinyin's TONE3 style: lowercase, ü as v."""
    return py.lower().replace("u:", "v").replace("ü", "v")


def _dictionary(text: str) -> list[str | None]:
    """pypinyin's reading per character, looked up per jieba word (so word readings such as 银行
    yin2 hang2 come first)."""
    from pypinyin import Style, lazy_pinyin

    out: list[str | None] = []
    for word in jieba_quiet().lcut(text):
        if len(word) > 1 and all(is_han(ch) for ch in word):
            pys = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
            if len(pys) == len(word):
                out += [_normalize(p) for p in pys]
                continue
        for ch in word:
            out.append(_normalize(lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0]) if is_han(ch) else None)
    return out


def _predicted(text: str, base: list[str | None]) -> None:
    """g2pM's reading for every character it knows more than one reading of, where it is one of
    that character's readings: the model chooses among all its classes, and gave 怪不得 nu:3 and
    甭 pan1 (the dictionary's reading stays then)."""
    model = _model()
    if not any(ch in model.cedict and len(model.cedict[ch]) > 1 for ch in text):
        return
    predicted = model(text, char_split=True, tone=True)
    if len(predicted) != len(text):
        return
    for i, ch in enumerate(text):
        prons = model.cedict.get(ch)
        if prons and len(prons) > 1:
            guess = _normalize(predicted[i])
            if is_syllable(guess) and guess in (_normalize(p) for p in prons):
                base[i] = guess


def model_readings(text: str) -> tuple[list[str | None], Tokens]:
    """The readings before any rule (dictionary, then model) and the text's tagged words."""
    base = _dictionary(text)
    _predicted(text, base)
    return base, [(t.word, t.flag) for t in posseg().cut(text)]


def apply_rules(text: str, tokens: Tokens, base: list[str | None], rules: tuple[str, ...] | None = None) -> None:
    """:data:`RULES` in order (or only those named), in place."""
    for name in RULES if rules is None else [r for r in RULES if r in rules]:
        RULES[name](text, tokens, base)


def readings(text: str, lexicon: dict[str, str] | None = None, rules: tuple[str, ...] | None = None) -> list[Reading]:
    """One :class:`Reading` per character of ``text``: pypinyin's word readings, g2pM's
    prediction for the polyphones it knows, then :data:`RULES` (all of them, or the names in
    ``rules``). ``lexicon`` maps terms to pinyin with tone numbers (``行长: hang2 zhang3``) and wins
    over everything."""
    base, tokens = model_readings(text)
    apply_rules(text, tokens, base, rules)
    for term, value in (lexicon or {}).items():
        syllables = value.split()
        if len(syllables) != len(term) or not all(is_syllable(_normalize(s)) for s in syllables):
            continue
        for m in re.finditer(re.escape(term), text):
            for k, syl in enumerate(syllables):
                base[m.start() + k] = _normalize(syl)
    return [Reading(ch, py if is_han(ch) else None) for ch, py in zip(text, base, strict=True)]


def _tone(py: str | None) -> int:
    return int(py[-1]) if py and py[-1].isdigit() else 0


def _reduplicated_verbs(chars: list[str], out: list[str | None]) -> None:
    """看看, 想想, 试试: the second syllable of a reduplicated verb is neutral (天天, 慢慢 are not verbs
    and keep their tone)."""
    pos = 0
    for t in posseg().cut("".join(chars)):
        second = out[pos + 1] if len(t.word) == 2 else None
        if second and t.word[0] == t.word[1] and t.flag.startswith("v"):
            out[pos + 1] = second[:-1] + "5"
        pos += len(t.word)


def spoken(reads: list[Reading]) -> list[Reading]:
    """Tone sandhi as it is spoken: 不 before a fourth tone → bu2; 一 before a fourth tone → yi2 and
    before other tones → yi4 (not in numbers, ordinals or at the end); third tone before third
    tone → second tone (runs: all but the last); the second syllable of a reduplicated verb is
    neutral (看看 kan4 kan5)."""
    out = [r.pinyin for r in reads]
    chars = [r.char for r in reads]
    n = len(out)
    _reduplicated_verbs(chars, out)

    def next_han(i: int) -> int | None:
        return i + 1 if i + 1 < n and out[i + 1] else None

    for i, ch in enumerate(chars):
        j = next_han(i)
        if ch == "不" and out[i] == "bu4" and j is not None and _tone(out[j]) == 4:
            out[i] = "bu2"
        elif ch == "一" and out[i] == "yi1" and j is not None:
            before = chars[i - 1] if i else ""
            if before in _NUMERALS or chars[j] in _NUMERALS:
                continue
            out[i] = "yi2" if _tone(out[j]) == 4 else ("yi4" if _tone(out[j]) in (1, 2, 3) else out[i])
    i = 0
    while i < n:  # runs of third tones: every one but the last becomes a second tone
        if _tone(out[i]) == 3:
            k = i
            while k + 1 < n and _tone(out[k + 1]) == 3:
                k += 1
            for m in range(i, k):
                out[m] = (out[m] or "")[:-1] + "2"  # a third tone: never None
            i = k + 1
        else:
            i += 1
    return [Reading(r.char, p) for r, p in zip(reads, out, strict=True)]
