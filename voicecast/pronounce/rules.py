"""The context rules of the Mandarin reading front end (:mod:`voicecast.pronounce.pinyin`): after
the model's reading, word readings that several dictionaries agree on, then spoken-language readings
decided from jieba's part-of-speech tags (the particles 得 地 的, the preposition 为, adverbs,
adjectives and modal particles, erhua). Each works in place on the readings of one text, from its
tagged words; each is measured alone and left out in turn on both halves of the CPP dev split
(``bench/polyphone.py --frozen``) and read over every character it changes (BENCHMARKS.md).
"""

from __future__ import annotations

from ..text.charclass import is_readable_han as is_han
from ..text.lang import jieba_quiet

Tokens = list[tuple[str, str]]  # jieba.posseg's (word, part-of-speech flag) for the text


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
    segmenter = jieba_quiet().dt
    segmenter.check_initialized()  # its word list is filled on the first cut, which may not have come yet
    words = segmenter.FREQ
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


def _in_listed_word(text: str, pos: int) -> bool:
    """Whether a word the dictionaries agree on joins ``text[pos]`` with the character before or
    after it (jieba's one-character word is then a wrong cut: 更|改为, 三更, 曾|祖父)."""
    from .zh_words import table

    listed = table()
    return bool(listed.get(text[pos : pos + 2]) or (pos and listed.get(text[pos - 1 : pos + 1])))


def _ends_clause(word: str) -> bool:
    """Whether a token is the end of the text or a punctuation mark (Han characters are alphanumeric)."""
    return not any(ch.isalnum() for ch in word)


def _predicate_follows(tokens: Tokens, k: int) -> bool:
    """Whether a verb, an adjective or an idiom comes after the word after token ``k`` in its
    clause, before a punctuation mark or the passive 所 (为大家所熟知, 为他|所知)."""
    for word, flag in tokens[k + 2 :]:
        if not word.strip():
            continue
        passive = word == "所" or (word.startswith("所") and flag.startswith("v"))
        if passive or _ends_clause(word):
            return False
        if flag.startswith(_VERBISH):
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


# One-character words whose reading before a predicate is known, with their tag and the tags of the
# next word that make it one: the adverbs 更 geng4 "more" (not geng1 of 更改), 曾 ceng2 "once" (not
# zeng1 of 曾祖), 相 xiang1 "each other" (not xiang4 of 相貌), 都 dou1 "all" (not du1 of 首都), 还
# hai2 "still" (not huan2 "return"), and the modal 应 ying1 "should" (not ying4 "respond" of 应邀),
# which also comes before a preposition or an adverb (应以, 不应强行).
_ADVERB = ("d", ("v", "a"))
_BEFORE_PREDICATE = {"更": (*_ADVERB, "geng4"), "曾": (*_ADVERB, "ceng2"), "相": (*_ADVERB, "xiang1"),
                     "都": (*_ADVERB, "dou1"), "还": (*_ADVERB, "hai2"), "应": ("v", ("v", "p", "d"), "ying1")}
# Characters whose reading opening a verb (or a verbal idiom) is known: 弄 nong4 "do, make" (弄清楚),
# where long4 is the lane of 弄堂 and 35弄.
_VERB_OPENINGS = {"弄": "nong4"}


def _verb_opening(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """A character of :data:`_VERB_OPENINGS` opening a word of two or more characters that jieba
    tags a verb or an idiom takes its verb reading (弄清楚 nong4), unless the word is a listed one
    with another reading."""
    from .zh_words import agreed_reading

    words = [w for w, _ in tokens]
    for pos, word, flag, *_ in _each_token(tokens):
        if (len(word) > 1 and word[0] in _VERB_OPENINGS and flag.startswith(("v", "i", "l"))
                and not agreed_reading(text, pos, words)):
            base[pos] = _VERB_OPENINGS[word[0]]


# Adjectives whose adjective reading is one of several (好 hao3, not hao4 of 爱好; 难 nan2, not nan4 of
# 灾难; 少 shao3, not shao4 of 少年).
_ADJECTIVES = {"好": "hao3", "难": "nan2", "少": "shao3"}
# Modal particles, neutral at the end of a clause (好吧 ba5, 来啦 la5).
_PARTICLES = {"吧": "ba5", "啦": "la5", "啊": "a5", "呗": "bei5", "哇": "wa5", "呀": "ya5", "嘛": "ma5", "呢": "ne5",
              "吗": "ma5", "咯": "lo5", "哪": "na5"}


def _before_predicate(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """A word of :data:`_BEFORE_PREDICATE` standing as a word of its own, with its tag, before the
    next word's tags takes its reading there (它更像 geng4, 计划应以 ying1), unless a listed word
    joins it with a neighbour (更|改为 geng1, 三更, 曾|祖父)."""
    for pos, word, flag, _, _, nxt_flag in _each_token(tokens):
        tag, before, reading = _BEFORE_PREDICATE.get(word, ("", (), ""))
        if flag == tag and nxt_flag.startswith(before) and not _in_listed_word(text, pos):
            base[pos] = reading


def _adjective(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """An adjective of :data:`_ADJECTIVES` as a word of its own (tag a), after an adverb or ending
    its phrase (alone or with 的), takes its adjective reading (更难的问题 nan2, 好的。 hao3), unless a
    listed word joins it with a neighbour; 太子少保 (a title, shao4) is neither."""
    for k, (pos, word, flag, prev_flag, nxt, _) in enumerate(_each_token(tokens)):
        after = tokens[k + 2][0] if k + 2 < len(tokens) else ""
        ends = _ends_clause(nxt) or (nxt == "的" and _ends_clause(after))
        if word in _ADJECTIVES and flag == "a" and (prev_flag == "d" or ends) and not _in_listed_word(text, pos):
            base[pos] = _ADJECTIVES[word]


def _particle(text: str, tokens: Tokens, base: list[str | None]) -> None:
    """A modal particle of :data:`_PARTICLES` (tag y) that ends its clause after another character
    is neutral (好吧 ba5, 书哇？ wa5); 贴吧 and the cheer 啦啦啦 keep their full tones."""
    for pos, word, flag, _, nxt, _ in _each_token(tokens):
        if (word in _PARTICLES and flag == "y" and _ends_clause(nxt) and pos and is_han(text[pos - 1])
                and text[pos - 1] != word):
            base[pos] = _PARTICLES[word]


# Applied in this order after the model. Spoken-language readings that a model trained on
# encyclopedia text gets wrong are decided from jieba's part-of-speech tags. Each rule's worth is
# measured on both halves of the CPP dev split (bench/polyphone.py --frozen).
RULES = {"agreed": _agreed, "particle_de": _particle_de, "erhua": _erhua, "de": _de, "di": _di, "wei": _wei,
         "chang": _chang, "before_predicate": _before_predicate,
         "verb_opening": _verb_opening, "adjective": _adjective, "particle": _particle}
