"""Which speaker labels are one person: a transcript names someone in full once (``Lex Fridman``,
``SOLEDAD O'BRIEN, CNN ANCHOR``, ``张宏江``, ``葉劉淑儀``) and then shortens it (``Fridman``,
``S. O'BRIEN``, ``SJ``, ``张``, ``葉劉``). A short form is the person whose full name it fits when it
fits exactly one, and the two never answer each other (a person does not reply to themselves:
``甲`` and ``同学甲`` who alternate are two people). Pure: labels and their order in, a map out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..text.charclass import HAN, HAN_RE

_WORD_SPLIT_RE = re.compile(r"[\s·]+")
_LONGEST_HAN_NAME = 5  # 葉劉淑儀, 欧阳娜娜; longer runs are titles or phrases, not names
# "Phoebe and Joey", "AMANDA AND TYLER", "甲和乙": several people speaking together, not one name.
_GROUP_RE = re.compile(r"\b(?:and|&)\b|[&+/和与與及]", re.I)


_HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor sir dame rev".split())
# A Han surname and how one addresses its bearer (张教授, 李老师, 王总): the surname is the name.
_HAN_ADDRESS_RE = re.compile(rf"^([{HAN}]{{1,2}}?)(?:先生|女士|小姐|老师|老師|教授|博士|院士|主任|医生|醫生|律师|律師|总|總|董|局|部长|部長)$")


_COMMON_WORD = 500  # jieba's count above which a two-character word is a common noun, not a given name


def _personal(form: str) -> bool:
    """A Han name, not a surname and a title or common noun (陈主任, 陈秘书, 王经理): what follows the
    surname is no common word of two characters in jieba's dictionary (宏江, 大文 are none)."""
    from ..text.lang import word_count
    from .labels import ROLE_TITLES

    if _HAN_ADDRESS_RE.match(form) or any(form.endswith(t) for t in ROLE_TITLES if not t.isascii()):
        return False
    return len(form) != 3 or word_count(form[1:]) < _COMMON_WORD


def lookup_keys(form: str) -> set[str]:
    """What a name can be found by when a short form is looked for (its words, its initials; a Han
    name's characters): every form ``fits`` could join to ``form`` shares one with it."""
    if HAN_RE.search(form):
        return set(re.sub(r"\s+", "", form))
    words = _words(form)
    return set(words) | {"".join(w[0] for w in words), words[0][0] + words[-1][0]} if words else set()


def short_key(form: str) -> str:
    """The one lookup key a short form is found under (see :func:`lookup_keys`)."""
    if HAN_RE.search(form):
        return re.sub(r"\s+", "", form)[:1]
    words = _words(form)
    return words[-1] if words else ""  # the surname, a given name alone, or the initials


def _words(form: str) -> list[str]:
    """The words of a Latin name, lower case, honorifics out (``Mr. Pressman`` is ``pressman``)."""
    words = [w.strip(".").casefold() for w in _WORD_SPLIT_RE.split(form.strip()) if w.strip(".")]
    named = [w for w in words if w not in _HONORIFICS]
    return named or words


def fits(short: str, full: str) -> bool:
    """Whether the label ``short`` is a shortened form of the name ``full``."""
    if _GROUP_RE.search(full):
        return False
    if HAN_RE.search(short) or HAN_RE.search(full):
        s, f = re.sub(r"\s+", "", short), re.sub(r"\s+", "", full)
        if (m := _HAN_ADDRESS_RE.match(s)) and 2 <= len(f) <= _LONGEST_HAN_NAME and _personal(f):
            return f.startswith(m.group(1)) and len(f) > len(m.group(1))  # 张教授 → 张伟
        if not (HAN_RE.fullmatch(s[:1] or " ") and len(s) < len(f) <= _LONGEST_HAN_NAME):
            return False
        return f.startswith(s) or (len(s) >= 2 and f.endswith(s))  # surname, name prefix; given name
    sw, fw = _words(short), _words(full)
    if not sw or len(fw) < 2:
        return False
    if sw == fw:  # "Ken Oda" is "Dr. Ken Oda": the same name, the title on the longer form only
        return len(_WORD_SPLIT_RE.split(short.strip())) < len(_WORD_SPLIT_RE.split(full.strip()))
    if len(sw) < len(fw) and all(w in fw for w in sw):  # "Fridman", "Sam", "Dr Chesney" → the full name
        return True
    if len(sw) == 1 and sw[0].isalpha() and sw[0] in ("".join(w[0] for w in fw), fw[0][0] + fw[-1][0]):
        return True  # initials: "SJ" = Subash Jayaraman, "SH" = Sandra Stewart Holyoak
    # An initial and the rest: "S. O'Brien" = Soledad O'Brien (and not Miles O'Brien).
    return len(sw) == len(fw) and sw != fw and all(a == b or (len(a) == 1 and b.startswith(a))
                                                   for a, b in zip(sw, fw, strict=True))


def _called(form: str) -> str:
    """A Han label as the name it calls: spaces out, and 阿 before a name (阿武 calls 武)."""
    s = re.sub(r"\s+", "", form)
    return s[1:] if s.startswith("阿") and len(s) > 1 else s


def _reading(form: str) -> tuple[str, ...] | None:
    """How a Han label sounds, tones aside."""
    from pypinyin import lazy_pinyin  # only for documents with two Han labels of one length

    return tuple(lazy_pinyin(_called(form)))


def _han_length(form: str) -> int | None:
    s = _called(form)
    return len(s) if re.fullmatch(rf"[{HAN}]{{1,{_LONGEST_HAN_NAME}}}", s) else None


def _one_letter_apart(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return len(a) == len(b) >= 4 and a.isascii() and b.isascii() and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _slips(forms: dict[str, str], sequence: Sequence[str], answering: set[frozenset[str]]) -> dict[str, str]:
    """Labels that are another's typing slip, ``{key: the form used most}``: Han labels that read the
    same (a pinyin input method offers 老公 for 老拱), or a rare Latin label one letter from a common
    one (``Walter`` once among eight ``Waiter``) standing where that one would. Forms that answer
    each other are two people."""
    merged: dict[str, str] = {}
    uses = Counter(sequence)
    lengths = {k: n for k, f in forms.items() if (n := _han_length(f)) is not None}
    if len(lengths) > len(set(lengths.values())):  # two Han labels of one length: worth reading aloud
        groups: dict[tuple[str, ...], list[str]] = {}
        for key in lengths:
            reading = _reading(forms[key])
            if reading:
                groups.setdefault(reading, []).append(key)
        for keys in groups.values():
            if len(keys) > 1 and not any(frozenset((a, b)) in answering for a in keys for b in keys if a != b):
                head = max(keys, key=lambda k: (uses[k], -keys.index(k)))
                merged.update({k: head for k in keys if k != head})
    slips = {}
    for key, form in forms.items():
        common = [k for k, f in forms.items() if uses[k] >= 3 and uses[key] <= 2 and _one_letter_apart(form, f)]
        if len(common) == 1:
            slips[key] = common[0]
    read = [slips.get(k, k) for k in sequence]  # two slips side by side each stand in the other's place
    merged.update({k: c for k, c in slips.items() if _in_its_place([i for i, x in enumerate(sequence) if x == k], c, read)})
    return merged


def _in_its_place(places: list[int], common: str, sequence: Sequence[str]) -> bool:
    """Each of ``places`` (a rare label's uses) stands where ``common`` would: between two turns of
    the one person ``common`` talks with most. (Kate, once in a crowd scene beside Nate, is someone else.)"""
    partners = Counter(b for a, b in zip(sequence, sequence[1:], strict=False) if a == common and b != common)
    partners.update(a for a, b in zip(sequence, sequence[1:], strict=False) if b == common and a != common)
    if not partners:
        return False
    partner = partners.most_common(1)[0][0]
    return all(0 < i < len(sequence) - 1 and sequence[i - 1] == sequence[i + 1] == partner for i in places)


def translated(forms: dict[str, str], sequence: Sequence[str], speech_han: dict[str, bool]) -> dict[str, str]:
    """A dialogue given again in the other language, names translated too (``服务生`` for ``WAITER``),
    after the whole of it or after each turn: a translation keeps the order of who speaks, so the
    Han labels, in order, align one to one with the Latin ones, and each side speaks its own script.
    ``{key: key of the label it translates}`` (the later form to the one used first), or nothing."""
    sides = {k: bool(HAN_RE.search(f)) for k, f in forms.items()}
    latin = [k for k in sequence if k in sides and not sides[k]]
    han = [k for k in sequence if sides.get(k)]
    if min(len(latin), len(han)) < 4 or len(set(latin)) < 2 or len(set(latin)) != len(set(han)):
        return {}
    pairs: dict[str, str] = {}
    for h, lt in zip(han, latin, strict=False):
        if pairs.setdefault(h, lt) != lt:
            return {}
    if len(set(pairs.values())) != len(pairs) or len(pairs) != len(set(han)):
        return {}
    if not all(speech_han.get(h) is True and speech_han.get(lt) is False for h, lt in pairs.items()):
        return {}
    first = {k: sequence.index(k) for k in forms if k in sequence}
    return {a: b for h, lt in pairs.items() for a, b in [(h, lt) if first[lt] < first[h] else (lt, h)]}


def why_same(form: str, other: str) -> str:
    """Why ``same_person`` made the label ``form`` the person ``other`` (for ``parse --explain``)."""
    if fits(form, other):
        return "a short form of that name, and the two never talk to each other (no exchange back and forth)"
    if bool(HAN_RE.search(form)) != bool(HAN_RE.search(other)):
        return "its translation: the dialogue is given again in the other language, in the same order of speakers"
    if _han_length(form) is not None:
        return "it reads the same (a homophone typed for it), and the two never answer each other"
    return "one letter from it, used where that name would answer: a typing slip"


def _answering(sequence: Sequence[str], times: int = 1) -> set[frozenset[str]]:
    """Pairs of labels that follow each other somewhere (``times`` times at least): two people talking."""
    pairs = Counter(frozenset((a, b)) for a, b in zip(sequence, sequence[1:], strict=False) if a != b)
    return {pair for pair, n in pairs.items() if n >= times}


def same_person(forms: dict[str, str], sequence: Sequence[str],
                speech_han: dict[str, bool] | None = None) -> dict[str, str]:
    """``forms``: each speaker's key and display form; ``sequence``: the keys in the order they label
    turns; ``speech_han``: whether each key's speech is mostly Han. Returns ``{key: key of the person}``
    for every short form of someone named in full, typing slip, or translated name."""
    answering = _answering(sequence)
    # A full name and its short form side by side once is one person going on after an aside
    # (``PETER SAGAL, HOST:`` … ``SAGAL:``); two people who talk answer each other more than once.
    talking = _answering(sequence, times=2)
    merged: dict[str, str] = translated(forms, sequence, speech_han or {})
    for key, form in forms.items():
        fulls = [k for k, f in forms.items() if k != key and fits(form, f)]
        # Several forms it fits that are one name shortened (Dr. Chen, Dr. Maria Chen): the longest.
        fulls = [k for k in fulls if not any(fits(forms[k], forms[j]) for j in fulls if j != k)]
        if len(fulls) == 1 and frozenset((key, fulls[0])) not in talking:
            merged[key] = fulls[0]
    for key, to in _slips(forms, sequence, answering).items():
        if merged.get(to) == key:  # "Mr. Wu" short for "Mt. Wu", a slip for it: the slip wins
            del merged[to]
        merged.setdefault(key, to)
    # A full name that is itself short for another: follow to the end (each step is longer, and a
    # slip leads to the form used most, which slips to nothing; a cycle left anyway is cut).
    for key in list(merged):
        seen = {key}
        while merged.get(key) in merged and merged[key] not in seen:
            seen.add(merged[key])
            merged[key] = merged[merged[key]]
        if merged[key] == key:
            del merged[key]
    return merged


_VALUE_TAIL_RE = re.compile(r"[\s,，、;；/|]*(?:\band\b|和|及)?[\s,，、;；/|]*$", re.I)
_SENTENCE_RE = re.compile(r"[。！？!?]|\.\s|\.$")


def legend(line: str, labels: list[tuple[int, int, str]]) -> list[tuple[str, str]] | None:
    """``[(label, name), …]`` when ``line`` is only a legend: labels each followed by nothing but a
    name (``Z:朱青生 T:涂骏``, ``Guest: Wright Thompson, and``, ``主持人：魯健``); else None.
    ``labels``: the line's ``(start, end, label)`` in order, the first at its start."""
    if not labels or line[: labels[0][0]].strip():
        return None
    labels = _values_back(line, labels)
    pairs = []
    for k, (_, end, label) in enumerate(labels):
        value = line[end : labels[k + 1][0] if k + 1 < len(labels) else len(line)]
        value = _VALUE_TAIL_RE.sub("", value).strip()
        names = _people_in(value)
        if not value or _SENTENCE_RE.search(value) or not names:
            return None
        pairs += [(label.strip(), name) for name in names]
        if len(names) == 1 and (m := _ALIAS_RE.match(value)):  # "Tom Becker (TB)": TB labels Tom Becker's turns
            pairs.append((m.group("alias"), names[0]))
    return pairs


# A name and the short label the talk gives it, in brackets: "Tom Becker (TB)", "Elena Ruiz (ER)".
_ALIAS_RE = re.compile(r"^.+?\s*[(（](?P<alias>[A-Z]{1,4}|[A-Z][a-z]{1,3})[)）]$")


_LIST_RE = re.compile(r"\s*(?:[、,，;；]|\s(?:and|&)\s|和|与|與)\s*")


def _people_in(value: str) -> list[str]:
    """The names a legend's value gives: one person (``张华（北京大学教授）``), or a list of them
    (``王强（A公司CTO）、赵敏（B公司创始人）``, ``Wang Qiang and Zhao Min``); none when it is no names."""
    name = _person_in(value)
    if _name_shaped(name):
        return [name]
    items = [_person_in(item) for item in _LIST_RE.split(value) if item]
    if len(items) >= 2 and all(_name_shaped(item) for item in items):
        return items
    return []


def _values_back(line: str, labels: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``問：記者 陳：…``: read alone, ``記者 陳`` is a title and a name, but 問 has no value then;
    the word before the space is 問's value, the label is 陳."""
    out = list(labels)
    for k in range(len(out) - 1):
        start, end, label = out[k + 1]
        if not line[out[k][1] : start].strip() and " " in label.strip():
            cut = label.index(" ", label.index(label.strip()[0]))
            rest = label[cut:].lstrip()
            out[k + 1] = (start + len(label) - len(rest), end, rest)
    return out


_NICKNAME_RE = re.compile(r"\s*[「『“(（][^」』”)）]{1,8}[」』”)）]$")
# A name and who the person is: "张华（北京大学经济学院教授）", "周志华，南京大学教授", "Wright Thompson, ESPN Senior Writer".
_DESCRIBED_RE = re.compile(r"^(?P<name>[^,，(（]+?)\s*(?:[(（](?P<paren>[^()（）]+)[)）]|[,，]\s*(?P<comma>[^,，]+))$")
_ROLE_NOUNS_EN = frozenset("writer editor author professor host anchor correspondent reporter founder cofounder ceo cto "
                           "director scientist researcher journalist producer economist historian analyst".split())


def _described(text: str) -> bool:
    """Whether what follows a name after a comma says who the person is (a title, an organisation),
    not speech (``李华，欢迎你``)."""
    from .labels import ORG_SUFFIXES, ROLE_TITLES

    if HAN_RE.search(text):
        return text.endswith(ROLE_TITLES + ORG_SUFFIXES)
    words = text.split()
    return bool(words) and (all(w[:1].isupper() for w in words) or words[-1].casefold() in _ROLE_NOUNS_EN)


def _person_in(value: str) -> str:
    """The name in a legend's value: ``茶樓經理陳大文「阿陳」`` is 陳大文 (a title before the name, a
    nickname after it go), ``张华（北京大学教授）`` is 张华 (who the person is goes); any other value
    is itself."""
    m = _DESCRIBED_RE.match(value)
    if m and (m.group("paren") is not None or _described(m.group("comma").strip())) and _name_shaped(m.group("name")):
        return m.group("name")
    if not HAN_RE.search(value):
        return value
    from .labels import ROLE_TITLES

    core = _NICKNAME_RE.sub("", value)
    for title in sorted(ROLE_TITLES, key=len, reverse=True):
        at = core.rfind(title)
        if at >= 0 and not title.isascii() and re.fullmatch(rf"[{HAN}·]{{2,{_LONGEST_HAN_NAME}}}", core[at + len(title):]):
            return core[at + len(title):]
    return core


# Words no personal name is made of, whatever its case ("GOOD EVENING AND WELCOME" is speech).
_FUNCTION_WORDS = frozenset("a an and are at be for i in is it of on or our the this to we were with you".split())


def _name_shaped(value: str) -> bool:
    if HAN_RE.search(value):
        return bool(re.fullmatch(rf"[{HAN}·]{{2,{_LONGEST_HAN_NAME}}}", value))
    return (bool(re.fullmatch(r"(?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){1,3}", value))
            and not any(w.casefold() in _FUNCTION_WORDS for w in value.split()))
