"""The Mandarin reading front end: the lexical pinyin of every Han character, with polyphones
(了 行 长 重 得 还 地 传 调 为 …) disambiguated in context by g2pM's model, and the spoken form
after tone sandhi kept separate.

Every character first takes pypinyin's reading, looked up per jieba word (银行 yin2 hang2). g2pM
(a 1.7 MB numpy BiLSTM shipped in its PyPI wheel) then predicts the polyphonic characters it
knows, and :data:`RULES` follow: word readings that several dictionaries agree on
(:mod:`voicecast.pronounce.zh_words`), then spoken-language rules. Each rule's worth is measured on the two
halves of the CPP dev split (``bench/polyphone.py --cv``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..text.charclass import HAN_READABLE
from ..text.lang import jieba_quiet, posseg
from ..text.lexicon import is_syllable

_HAN_RE = re.compile(f"[{HAN_READABLE}]")
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两第")


@dataclass(frozen=True)
class Reading:
    char: str
    pinyin: str | None  # "hang2"; neutral tone is 5; None for anything that is not a Han character


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


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
    """g2pM's reading for every character it knows more than one reading of."""
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
            if is_syllable(guess):
                base[i] = guess


Tokens = list[tuple[str, str]]  # jieba.posseg's (word, part-of-speech flag) for the text


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


def _agreed(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """A polyphone inside a word that three or four dictionaries list (:mod:`voicecast.pronounce.zh_words`),
    all with one reading, takes that reading over the model's guess."""
    from .zh_words import agreed_reading, has_readings

    words = [word for word, _ in tokens]
    for i, ch in enumerate(text):
        if base[i] and has_readings(ch):
            agreed = agreed_reading(text, i, words)
            if agreed:
                base[i] = agreed


# Words ending in 儿 where 儿 is a full syllable (a child, a son…), not the erhua suffix.
NOT_ERHUA = {
    "女儿", "男儿", "婴儿", "幼儿", "孤儿", "少儿", "胎儿", "患儿", "健儿", "宠儿", "侄儿", "孙儿", "妻儿", "乞儿",
    "混血儿", "新生儿", "婴幼儿", "流浪儿", "弃儿", "育儿", "托儿", "生儿", "孩儿", "犬儿", "幸运儿", "宁馨儿",
}


def _erhua(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """The erhua suffix (玩儿, 一会儿, 哪儿) is not a syllable of its own: it becomes a toneless
    er5 that rounds off the syllable before it. Only where what comes before 儿 is a word of its
    own: 笛卡儿 (Descartes) and other names keep a full er2."""
    words = jieba_quiet().dt.FREQ
    pos = 0
    for word, _ in tokens:
        end = pos + len(word) - 1
        if (len(word) >= 2 and word.endswith("儿") and word not in NOT_ERHUA and base[end] in ("er2", "er5")
                and words.get(word[:-1])):
            base[end] = "er5"
        pos += len(word)


_VERBISH = ("v", "a", "ad", "an", "vn", "vd", "i", "l")


def _each_token(tokens: Tokens):
    """``(position, word, flag, previous flag, next word, next flag)`` for each token."""
    pos = 0
    for k, (word, flag) in enumerate(tokens):
        prev_flag = tokens[k - 1][1] if k else ""
        nxt, nxt_flag = tokens[k + 1] if k + 1 < len(tokens) else ("", "")
        yield pos, word, flag, prev_flag, nxt, nxt_flag
        pos += len(word)


def _de(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """The structural particle 得 (跑得快 de5), 得 before 了/到 (得了 de2), and 得 as "must" after a
    pronoun or adverb (你得去, 还得努力 dei3), never in a word the dictionaries agree on (得到 de2)."""
    from .zh_words import agreed_reading

    words = [w for w, _ in tokens]
    for pos, word, flag, prev_flag, nxt, nxt_flag in _each_token(tokens):
        # 得 alone before a verb, or a verb starting with 得 that no list holds (得去 of 你得去).
        must = (nxt_flag.startswith(("v", "ad")) if word == "得"
                else word.startswith("得") and flag == "v" and not agreed_reading(text, pos, words))
        if must and prev_flag in ("r", "d") and not nxt.startswith(("了", "到")):
            base[pos] = "dei3"
        elif word == "得":
            if nxt.startswith(("了", "到")):
                base[pos] = "de2"
            elif flag == "ud" and prev_flag.startswith(_VERBISH):
                base[pos] = "de5"


def _particle_de(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """的 as a word of its own that jieba tags as the structural particle (uj) is de5, even where a
    listed word made with its neighbour says otherwise (质|的 of 质的变化: 质的 zhi4 di4 is a target).
    Its other readings are inside words (目的 di4, 的确 di2, 的士 di1)."""
    for pos, word, flag, *_ in _each_token(tokens):
        if word == "的" and flag == "uj":
            base[pos] = "de5"


def _di(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """The adverbial particle 地 before a verb or adjective (慢慢地走 de5)."""
    for pos, word, flag, _, _, nxt_flag in _each_token(tokens):
        if word == "地" and flag == "uv" and nxt_flag.startswith(("v", "a", "d", "p")):
            base[pos] = "de5"


def _predicate_follows(tokens: Tokens, k: int) -> bool:
    """Whether a verb, an adjective or an idiom comes after the word after token ``k`` in its
    clause, before a punctuation mark or the passive 所 (为大家所熟知, 为他|所知)."""
    for word, flag in tokens[k + 2 :]:
        if not word.strip():
            continue
        passive = word == "所" or (word.startswith("所") and flag.startswith("v"))
        if passive or not any(is_han(ch) or ch.isalnum() for ch in word):
            return False
        if flag.startswith(("v", "a", "i", "l")):
            return True
    return False


# Modal verbs, after which 为 with a predicate after it is "for" (能为祖国做, 需要为它编写).
_MODALS = {"能", "能够", "可以", "可", "应该", "应", "应当", "需要", "要", "想", "想要", "会", "愿意", "愿", "肯", "敢",
           "得", "必须", "该", "打算", "准备", "希望"}


def _wei(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """The preposition 为 "for" beside a pronoun or after a modal verb, with a predicate after it
    (他为人民服务, 应该为他加油, 你能为祖国做 wei4); where none follows, 为 is "as, to be" and the
    model decides (称他为老师, 以他为榜样, 可以为零 wei2)."""
    for k, (pos, word, flag, prev_flag, _, nxt_flag) in enumerate(_each_token(tokens)):
        beside = "r" in (prev_flag, nxt_flag) or (k and tokens[k - 1][0] in _MODALS)
        if word == "为" and flag == "p" and beside and _predicate_follows(tokens, k):
            base[pos] = "wei4"


def _chang(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """The adjective 长 (很长 chang2), but 长得 / 长大 / 长高 (grow) stay zhang3."""
    for pos, word, flag, _, nxt, _ in _each_token(tokens):
        if word == "长" and flag == "a" and not nxt.startswith(("得", "大", "高", "成", "出", "满", "着", "了")):
            base[pos] = "chang2"


# Adverbs whose adverb reading is one of several (更 geng4 "more", not geng1 of 更改; 曾 ceng2 "once",
# not zeng1 of 曾祖; 相 xiang1 "each other", not xiang4 of 相貌).
_ADVERBS = {"更": "geng4", "曾": "ceng2", "相": "xiang1"}


def _adverb(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """An adverb of :data:`_ADVERBS` standing as a word of its own (jieba's tag d) before a verb or
    an adjective takes its adverb reading (它更像 geng4), unless a word the dictionaries agree on
    joins it with a neighbour (更|改为 geng1, 三更, 曾|祖父: jieba's cut is wrong there)."""
    from .zh_words import table

    listed = table()
    for pos, word, flag, _, _, nxt_flag in _each_token(tokens):
        if (word in _ADVERBS and flag == "d" and nxt_flag.startswith(("v", "a"))
                and not listed.get(text[pos : pos + 2]) and not (pos and listed.get(text[pos - 1 : pos + 1]))):
            base[pos] = _ADVERBS[word]


# Applied in this order after the model. Spoken-language readings that a model trained on
# encyclopedia text gets wrong are decided from jieba's part-of-speech tags. Each rule's worth is
# measured on both halves of the CPP dev split (bench/polyphone.py --cv).
RULES = {"agreed": _agreed, "particle_de": _particle_de, "erhua": _erhua, "de": _de, "di": _di, "wei": _wei,
         "chang": _chang, "adverb": _adverb}


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
