"""Speaker label shapes: ``Name:`` at the start of a paragraph or inside a one-line copy, and the
role words around a name (``主持人 李华``, ``研究院理事长王明提问``, ``Dana, Host``). Which candidates
really are speakers is decided over the whole document by :mod:`.speakers`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.charclass import HAN, LATIN

LETTER = LATIN

# Labels that mean "narration", not a speaker.
NARRATOR_LABELS = {"旁白", "narrator", "narration", "旁白者", "解说", "解說", "画外音", "畫外音", "voiceover", "voice-over"}

# "**Sam Altman：**text", "**Lex Fridman** ：text", "主持人: text", "Sam Altman:text"
_START_LABEL_RE = re.compile(
    r"^\s*(?P<b1>\*\*|__)?\s*(?P<name>(?:[^:：*_\n]|_(?!_)){1,64}?)\s*(?P<b2>\*\*|__)?\s*[:：]\s*(?P<b3>\*\*|__)?\s*"
    r"(?P<rest>.*)$",
    re.S,
)
# A label in a Chinese square bracket, its colon optional: "【主持人】…", "［主持人］…", "〖主持人〗…".
_BRACKET_LABEL_RE = re.compile(r"^\s*[【［〖]\s*(?P<name>[^】］〗\n]{1,20}?)\s*[】］〗]\s*[:：]?\s*(?P<rest>.*)$", re.S)
# A bullet before a turn, as Chinese news transcripts print them: "◆主持人：…", "● 王芳：…".
_BULLETS = frozenset("◆◇■□●○▲△▶►★☆※•▪▫◎◉♦")
# A Latin name of one to four words, and a number after "#" where a transcript numbers the people
# it cannot name ("UNIDENTIFIED PERSON #1", "CALLER #2").
_LATIN_NAME_RE = re.compile(rf"^[{LETTER}][{LETTER}0-9_.'’-]*(?: [{LETTER}0-9][{LETTER}0-9.'’-]*){{0,3}}(?: ?#\d{{1,2}})?$")
_CJK_NAME_RE = re.compile(rf"^[{HAN}·{LETTER}0-9 ]{{1,12}}$")
_HAS_CJK_RE = re.compile(rf"[{HAN}]")
_NICKNAME_DASH_RE = re.compile(rf"(?<=[{HAN}])-(?=[{HAN}])")
_HAN_OR_DOT_RE = re.compile(rf"[{HAN}·]")
_KEY_JUNK_RE = re.compile(r"[\s·.\-_'’,]+")
_HONORIFIC_RE = re.compile(r"^(?:dr|mr|mrs|ms|prof|st|sr|jr|[A-Za-z])\.$", re.I)
_PAREN_ROLE_RE = re.compile(r"(?P<core>[^()（）]{1,32}?)\s*[(（](?P<role>[^()（）]{1,40})[)）]")
_NUMBERED_SIDE_RE = re.compile(r"(?P<side>Q|A|问|答|問)\s*\d{1,3}", re.I)
_COMMA_ROLE_RE = re.compile(rf"(?P<core>[{LETTER}][^,，]*?)\s*[,，]\s*(?P<role>[{LETTER}][{LETTER} -]{{1,48}})")

# Titles and roles written before a name (both scripts); "主持人 李华" is 李华.
ROLE_TITLES = (
    "联合创始人", "聯合創始人", "首席执行官", "首席執行官", "理事长", "理事長", "董事长", "董事長", "秘书长", "秘書長",
    "总经理", "總經理", "副总裁", "副總裁", "执行长", "執行長", "主持人", "创始人", "創始人", "研究员", "研究員",
    "科学家", "科學家", "工程师", "工程師", "合伙人", "合夥人", "记者", "記者", "嘉宾", "嘉賓", "来宾", "來賓", "教授",
    "博士", "院长", "院長", "主任", "会长", "會長", "总裁", "總裁", "主播", "主编", "主編", "总编", "總編", "部长",
    "部長", "局长", "局長", "市长", "市長", "校长", "校長", "所长", "所長", "经理", "經理", "总监", "總監", "书记",
    "書記", "导演", "導演", "作家", "律师", "律師", "医生", "醫生", "CEO", "CTO", "COO",
)
# How the names of organisations end: "研究院", "基金会", "OpenSense公司", "财经周刊社".
ORG_SUFFIXES = ("院", "会", "會", "所", "公司", "大学", "大學", "部", "局", "中心", "集团", "集團", "银行", "銀行", "实验室",
                "實驗室", "报", "報", "社", "台", "网", "網", "署", "委", "厅", "廳", "处", "處", "组", "組", "团", "團",
                "馆", "館", "校", "厂", "廠", "周刊", "週刊", "杂志", "雜誌", "频道", "頻道", "Inc", "Ltd", "Labs", "AI")
ROLE_WORDS_EN = {"host", "co-host", "cohost", "guest", "interviewer", "interviewee", "moderator", "reporter",
                 "presenter", "panelist", "audience", "caller", "speaker"}
# Verbs after a name: "王明提问:" is 王明. Not a bare 道: names end with it (梁文道, 王道); "笑道"
# and "说道" are verbs.
SPEECH_VERBS = ("提问", "提問", "发问", "發問", "回答", "表示", "回应", "回應", "补充", "補充", "追问", "追問", "笑道",
                "说道", "說道", "插话", "插話", "插嘴", "接话", "接話", "问", "問", "答", "说", "說", "称", "稱")
_PRONOUN_SPEECH_RE = re.compile(r"^(?:他|她|我|你|它|我们|他们|她们|你们|大家|有人|对方|我們|他們|她們|你們|對方)"
                                r"(?:说|說|道|问|問|表示|称|稱|回答|认为|認為|提到|补充|補充|笑称|笑稱)?$")
# Words that start a line followed by a colon but are never speakers.
NOT_NAMES = {
    "注意", "注", "比如", "例如", "总结", "问题", "答案", "提示", "备注", "结论", "原因", "首先", "其次", "最后",
    "另外", "此外", "同时", "总之", "然而", "但是", "所以", "因此", "重点", "摘要", "导语", "前言", "编者按", "要点",
    "note", "example", "warning", "tip", "ps", "p.s", "summary", "update", "edit", "tl;dr", "http", "https",
}


# A reference to a picture or a table, as a lecturer or a caption says it: "右图：", "如下表:", "Figure 2:".
_FIGURE_RE = re.compile(r"^(?:左|右|上|下|前|后|後|如|见|見|本|该|該|此|附|插)?(?:图|圖|表|图片|圖片)\s*\d*$"
                        r"|^(?:figure|fig\.?|table|chart|image|photo)\s*\d*[a-z]?$", re.I)


# The header of a play or screenplay: "人物:…" (the cast), "地点:", "时间:", "Cast:", "Setting:".
# Whatever follows them, these words are never a speaker.
SCRIPT_HEADER_KEYS = {"人物", "角色", "出场人物", "出場人物", "登场人物", "登場人物", "主要人物", "人物表", "演员表",
                      "演員表", "编剧", "編劇", "导演", "導演", "原著", "地点", "地點", "时间", "時間", "场景", "場景",
                      "布景", "时代", "時代", "cast", "characters", "setting", "time", "place", "writer",
                      "director", "dramatispersonae", "castofcharacters"}


# The key a page writes before its lead or summary ("核心提示：…", "编者按：…", "Summary: …"): the
# text is the narrator's, the key is not said, and it is never a speaker.
LEAD_KEYS = {"导语", "導語", "核心提示", "内容提要", "內容提要", "提要", "摘要", "编者按", "編者按", "编者的话", "編者的話",
             "按语", "按語", "引言", "summary", "abstract", "editorsnote", "standfirst"}
_LEAD_RE = re.compile(r"^\s*[*_【\[]*\s*(?:" + "|".join(sorted((k for k in LEAD_KEYS if not k.isascii()), key=len, reverse=True))
                      + r"|summary|abstract|editor'?s note)\s*[*_】\]]*\s*[:：]\s*(?=\S)", re.I)


def without_lead_key(paragraph: str) -> str | None:
    """``核心提示：在…`` → ``在…``: the text of a paragraph that opens with a lead's key, else None."""
    m = _LEAD_RE.match(paragraph)
    return paragraph[m.end():] if m else None


# A note to the reader opening a paragraph ("注:本剧根据…", "（註：此段…", "Note: …"): never said.
_NOTE_RE = re.compile(r"^\s*[(（\[【]?\s*(?:注|註|注释|註釋|附注|附註|备注|備註|译注|譯注|原注|原註|作者注|作者註|编注|編註"
                      r"|notes?|n\.\s?b\.?|translator'?s note|editor'?s note|author'?s note)\s*[:：】\])）]", re.I)


def is_note(paragraph: str) -> bool:
    """A paragraph that is a note to the reader, not speech."""
    return bool(_NOTE_RE.match(paragraph))


def colon_form(line: str) -> str:
    """A line that opens with a label in brackets written as a colon label: ``【嘉宾】张华`` →
    ``嘉宾：张华`` (what :func:`inline_labels` reads); any other line as it is."""
    m = _BRACKET_LABEL_RE.match(line)
    return f"{m.group('name')}：{m.group('rest')}" if m and m.group("rest").strip() else line


def name_key(name: str) -> str:
    """Matching key: case-, space- and punctuation-insensitive (``SamAltman`` = ``Sam Altman``)."""
    return _KEY_JUNK_RE.sub("", name).lower()


NARRATOR_KEYS = {name_key(n) for n in NARRATOR_LABELS}


@dataclass(frozen=True)
class Label:
    name: str  # as written
    rest: str  # the text after the colon
    bold: bool


@lru_cache(maxsize=8192)
def split_role(name: str) -> tuple[str, str]:
    """``(name, role)``: ``主持人 李华`` → ``("李华", "主持人")``, ``Dana, Host`` → ``("Dana", "Host")``,
    ``研究院理事长王明提问`` → ``("研究院理事长王明", "")`` (the verb goes; what precedes the title is
    for the speaker table to judge). A bare role (``主持人``) is its own name."""
    name = name.strip()
    m = _PAREN_ROLE_RE.fullmatch(name)  # "张宏江（智源研究院理事长）", "Sam Altman (CEO, OpenAI)"
    if m:
        core, inside = split_role(m.group("core"))[0], m.group("role").strip()
        if _is_role(core) and not _is_role(inside) and _personal_name(inside):
            return inside, core  # "主持人（李华）": the role, then the name in brackets
        return core, inside
    m = _NUMBERED_SIDE_RE.fullmatch(name)  # "Q1", "问2": one side of a numbered interview
    if m:
        return m.group("side"), ""
    m = _COMMA_ROLE_RE.fullmatch(name)
    role_words = m.group("role").split() if m else []
    # "Dana, Host"; a longer role only written as titles are ("CNN WHITE HOUSE CORRESPONDENT").
    if m and (len(role_words) <= 3 or (len(role_words) <= 5 and all(w[0].isupper() for w in role_words))):
        return m.group("core").strip(), m.group("role").strip()
    core = name
    for verb in SPEECH_VERBS:
        if core.endswith(verb) and len(core) > len(verb) + 1 and _HAS_CJK_RE.search(core[-len(verb) - 1]):
            core = core[: -len(verb)]
            break
    for title in ROLE_TITLES:
        if core.startswith(title) and len(core.strip()) > len(title) + 1:
            return core[len(title):].strip(), title
    parts = core.split()
    if 2 <= len(parts) <= 4 and parts[0].lower() in ROLE_WORDS_EN and all(w[:1].isupper() and w.replace("-", "").isalpha()
                                                                        for w in parts[1:]):
        return " ".join(parts[1:]), parts[0]  # "Host Dana", "Guest Sam Okafor"
    return core, ""


def _personal_name(word: str) -> bool:
    """``李华``, ``陈大文``, ``杨澜``: two to four Han characters that jieba's dictionary does not know
    as a word, or knows as a person's name (``男``, ``现场``, ``电话`` are other words)."""
    if not re.fullmatch(rf"[{HAN}]{{2,4}}", word):
        return False
    from ..text.lang import names_a_person, word_count

    return word_count(word) < 5 or names_a_person(word)


def _is_role(word: str) -> bool:
    """``主持人``, ``Host``: a role title or word, not a name."""
    return word in ROLE_TITLES or word.lower() in ROLE_WORDS_EN or word in NARRATOR_LABELS


@lru_cache(maxsize=8192)
def plausible_name(name: str) -> bool:
    """Could ``name`` (role words included) be a speaker's label, before any counting?"""
    name = split_role(name)[0].strip()
    if not name or len(name) > 32:
        return False
    if name.lower() in NOT_NAMES or name in NOT_NAMES or _FIGURE_RE.search(name):
        return False
    if re.match(r"^\d+\s*[.、．]", name) or re.fullmatch(r"[\d\s:.]+", name):
        return False
    if any(ch in name for ch in "，。！？,;；!?()（）[]【】《》“”\"/\\|<>=@&%$") or "#" in name[:-3]:
        return False  # a "#" only numbers a person at the end ("UNIDENTIFIED PERSON #1")
    if _HAS_CJK_RE.search(name):
        name = _NICKNAME_DASH_RE.sub("", name)  # "白展堂-老白": a name and the nickname it goes by
        if not _CJK_NAME_RE.match(name) or len(re.sub(rf"[{LETTER}0-9 ]", "", name)) > 10:
            return False
        return not _PRONOUN_SPEECH_RE.match(name)
    return bool(_LATIN_NAME_RE.match(name))


_QUOTE_PAIRS = {"「": "」", "“": "”", "『": "』"}


def label_at_start(paragraph: str) -> Label | None:
    """The ``Name:`` (or ``【Name】``) label that opens a paragraph, if it is shaped like one. A
    whole turn in quotes (``「阿寶:小姐,小姐…」``, as scripts on some pages write every line) is
    that label, and its closing quote goes with the opening one."""
    stripped = paragraph.lstrip()
    if stripped[:1] in _BULLETS:
        paragraph = stripped = stripped[1:].lstrip()
    close = _QUOTE_PAIRS.get(stripped[:1])
    if close is not None and (label := _label_at_start(stripped[1:])) is not None:
        rest = label.rest[:-1].rstrip() if label.rest.endswith(close) and close not in label.rest[:-1] else label.rest
        return Label(name=label.name, rest=rest, bold=label.bold)
    return _label_at_start(paragraph)


# A name in quotes or brackets, then its colon: "「主持」：…", "[Host]: …" (the pair must match).
_QUOTED_NAME_RE = re.compile(r"^\s*(?P<open>[「『〔\[“])(?P<name>[^」』〕\]”\n]{1,20})(?P<close>[」』〕\]”])\s*[:：]\s*(?P<rest>.*)$",
                             re.S)
_NAME_QUOTES = {"「": "」", "『": "』", "〔": "〕", "[": "]", "“": "”"}


def _quoted_name(paragraph: str) -> re.Match | None:
    m = _QUOTED_NAME_RE.match(paragraph)
    return m if m and _NAME_QUOTES[m.group("open")] == m.group("close") else None


_LIST_NUMBER_RE = re.compile(r"^\d{1,3}\s*[.)、．]\s*(?=\S)")


def _label_at_start(paragraph: str) -> Label | None:
    m = _BRACKET_LABEL_RE.match(paragraph) or _quoted_name(paragraph)
    if m and plausible_name(m.group("name")):
        return Label(name=m.group("name").strip(), rest=m.group("rest").strip(), bold=False)
    m = _START_LABEL_RE.match(paragraph)
    if not m:
        return None
    name = _LIST_NUMBER_RE.sub("", m.group("name").strip())  # "1.A: …": a numbered dialogue's first line
    rest = m.group("rest")
    if not plausible_name(name):
        return None
    # "上午 9:46" is a time, not a label; "https://…" is a link.
    if (name[-1].isdigit() and rest[:1].isdigit()) or rest.startswith("//"):
        return None
    bold = bool(m.group("b1") and (m.group("b2") or m.group("b3")))
    return Label(name=name, rest=rest.strip(), bold=bold)


# Where an inline label stands: after a sentence end or a space ("turn"), or inside a clause.
_SENTENCE_END = "。！？!?…”」』）)]."


_TITLE_BEFORE_RE = re.compile("(" + "|".join(t for t in ROLE_TITLES if not t.isascii()) + ") $")
_TITLE_SPACED_RE = re.compile("(?:" + "|".join(t for t in ROLE_TITLES if not t.isascii()) + ") ")
_WORD_BEFORE_RE = re.compile(rf"([{LETTER}0-9][{LETTER}0-9'’.-]*)$")


def inline_labels(line: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, name, at_boundary)`` for every label-shaped ``Name:`` inside a line.
    ``at_boundary``: it stands after a sentence end, a space or the line start, where a new turn
    can begin; a label in mid-clause (``…，首先由秘书长郑海涛发问:``) is only taken when it contains
    a speaker confirmed elsewhere."""
    found = []
    for m in re.finditer(r"[:：]", line):
        pos = m.start()
        if pos == 0 or (line[pos - 1].isdigit() and line[pos + 1 : pos + 2].isdigit()) or line[pos + 1 : pos + 3] == "//":
            continue
        start = _name_start(line, pos)
        if start is None:
            continue
        name = line[start:pos].strip()
        if name and (plausible_name(name) or split_role(name)[0] != name or len(name) > 10):
            before = line[max(0, start - 8) : start].rstrip()
            at_boundary = (start == 0 or (line[start - 1].isspace() and not _in_clause(before, name))
                           or (before[-1:] or " ") in _SENTENCE_END
                           or bool(_TITLE_SPACED_RE.match(name)))  # "…的未来主持人 李华:" is set off too
            found.append((start, m.end(), name, at_boundary))
    return found


_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|this|that|our|your|his|her|their|its|of|to|for|with|by)$")


def _in_clause(before: str, name: str) -> bool:
    """``…and may it please the Court:``: one capitalised word right after an article or a
    preposition is a noun of the sentence, not a label (``Voices and Consent Lex Fridman:`` still
    opens a turn; a caption's ``…to DANA: yes`` writes the name in capitals)."""
    return (name.isascii() and " " not in name.strip() and not name.isupper()
            and bool(_DETERMINER_BEFORE_RE.search(before)))


def _name_start(line: str, colon: int) -> int | None:
    end = colon
    while end > 0 and line[end - 1] in " \t":
        end -= 1
    if end == 0:
        return None
    if _HAN_OR_DOT_RE.match(line[end - 1]):
        start = end
        while start > 0 and end - start < 24 and _HAN_OR_DOT_RE.match(line[start - 1]):
            start -= 1
        # "主持人 李华:" — a title before the name, across one space, belongs to the label (and
        # only the title: what is glued before it, "开源的未来主持人 李华:", is the text's own).
        window = max(0, start - 8)
        m = _TITLE_BEFORE_RE.search(line[window:start])
        if m:
            start = window + m.start(1)
        return start
    return _latin_name_start(line, end)


def _latin_name_start(line: str, end: int) -> int | None:
    """Up to four capitalised words before the colon (``Nora Lind``, ``DR. ELENA ROSSI``, ``Speaker 1``)."""
    starts: list[int] = []
    pos = end
    while len(starts) < 4:
        window = max(0, pos - 40)
        m = _WORD_BEFORE_RE.search(line[window:pos])
        if not m:
            break
        word = m.group(1)
        if not (word[0].isupper() or word[0].isdigit()) or (word.endswith(".") and not _HONORIFIC_RE.match(word)):
            break
        if m.start(1) == 0 and window > 0 and re.match(rf"[{LETTER}0-9'’.-]", line[window - 1]):
            break  # a word longer than the window: no name
        starts.append(window + m.start(1))
        pos = window + m.start(1)
        if pos == 0 or line[pos - 1] != " ":
            break
        pos -= 1
    while starts and line[starts[-1]].isdigit():  # a name starts with a letter: "2 Speaker 1" is "Speaker 1"
        starts.pop()
    return starts[-1] if starts else None
