"""Chapter headings in their many shapes: Markdown ``#``, bold numbered lines (``**8\\. 标题**``),
short standalone lines between turns, and numbered sections whose heading runs into the text."""

from __future__ import annotations

import re
from collections import Counter

from ..text.charclass import han_count, is_han
from ..text.script import Chapter, Turn
from .clean import is_end_marker, strip_markup
from .labels import SCRIPT_HEADER_KEYS, name_key

_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
# "**1.OpenAI 董事会风波**", "**8\. 关于7万亿**", "**6.关于 Q** *" (the star that belongs to Q* fell outside)
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)(?P<body>[^*_].*?)(?:\*\*|__)\s*(?P<tail>\*?)\s*$")
_NUMBER_PREFIX_RE = re.compile(
    r"^\s*(?:(?P<num>\d{1,3})\s*\\?[.、．)）]|[一二三四五六七八九十百]{1,3}\s*[、．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*"
)
_TOC_CAPTION_RE = re.compile(r"^(?:本期|本文|全文)?(?:目录|目錄|内容|內容|提纲|提綱)$|^(?:table of )?contents$|^in this episode$", re.I)
_RUN_IN_RE = re.compile(r"^(?P<num>\d{1,2})[.、．](?!\d)\s*(?P<body>\S.*)$")
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TERMINAL_PUNCT = "。！？!?；;…."
_CLOSING_QUOTES = "”’」』\"'）)"
_QUESTION_OR_BANG = "?？!！"
# Words that open the body of a section after a run-in heading.
BODY_STARTERS = ("谈到", "聊到", "提到", "说到", "关于", "回顾", "据", "随着", "对于", "当被问到", "在被问到", "被问到")


def markdown_heading(line: str) -> tuple[int, str] | None:
    m = _MD_HEADING_RE.match(line)
    if not m:
        return None
    return len(m.group(1)), clean_title(m.group(2))


def bold_heading(line: str) -> tuple[str, bool] | None:
    """``(title, numbered)`` when the whole line is one bold run that is not a label or end marker."""
    m = _BOLD_LINE_RE.match(line)
    if not m or is_end_marker(line):
        return None
    body = m.group("body").strip() + m.group("tail")
    if "**" in body or "__" in body:
        return None  # several bold runs: a labelled paragraph with emphasis, not a heading
    if body.rstrip("*").rstrip().endswith((":", "：")):
        return None  # a bold speaker label on its own line
    numbered = bool(_NUMBER_PREFIX_RE.match(body))
    title = clean_title(body)
    if not title:
        return None
    return title, numbered


def clean_title(text: str) -> str:
    """A heading's speakable title: markup, leading "1." numbering and a section's closing colon
    (``第一幕:``) removed."""
    text = _NUMBER_PREFIX_RE.sub("", text.replace("\\.", ".").strip(), count=1)
    title = strip_markup(text)
    return title.rstrip(":：").rstrip() if _SECTION_COLON_RE.match(title) else title


# A section's number alone before a colon: "第一幕:", "Act 2:", "Scene One:".
_SECTION_COLON_RE = re.compile(r"^(?:第[\d一二三四五六七八九十百零〇两]{1,4}[幕场場集回章节節部篇期讲講]|(?:act|scene|part|chapter|episode)"
                               r"\s+(?:\d{1,3}|[ivxlc]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten))\s*[:：]$", re.I)


def looks_like_heading(text: str) -> bool:
    """A short line with no sentence punctuation at its end: a heading when it stands between
    turns. A section's number before a colon (``第一幕:``) is one too."""
    t = text.strip()
    if _SECTION_COLON_RE.match(t):
        return True
    end = t.rstrip(_CLOSING_QUOTES)  # "…不二价。”" ends its sentence inside the quote
    if not end or end[-1] in _TERMINAL_PUNCT or t[-1] in ":：，," or not any(ch.isalnum() for ch in t):
        return False
    han = han_count(t)
    if not han:
        return len(t) <= 60 and len(t.split()) <= 8
    # Han text is measured in characters; a Latin word in it (a bilingual title) counts as two.
    words = _LATIN_WORD_RE.findall(t)
    return len(t) - sum(map(len, words)) + 2 * len(words) <= 24


def no_sentence_end(text: str) -> bool:
    """A line of any length whose end closes no sentence (a headline, a blurb, a row of links):
    above a transcript's first turn such a line is the page's, not an intro anyone says."""
    t = text.strip()
    end = t.rstrip(_CLOSING_QUOTES)
    return bool(end) and end[-1] not in _TERMINAL_PUNCT and t[-1] not in ":：，," and len(t) <= 300 \
        and any(ch.isalnum() for ch in t)


_HEADER_KEY_RE = re.compile(r"^\s*[*_【\[]*\s*([^\W\d_][\w ]{0,23}?)\s*[*_】\]]*\s*[:：]")
_WHOLE_BRACKET_RE = re.compile(r"^\s*(?:(?:[(（][^()（）]*[)）]|【[^【】]*】|\[[^\[\]]*\])\s*)+$")
_ORDINAL_RE = re.compile(r"\d|第|[一二三四五六七八九十]+\s*[场場幕集回章节節]|\b(?:act|scene|part)\b", re.I)


def is_stage_direction(text: str) -> bool:
    """A line wholly in brackets, one group or several, with no number (``【二人退去】``, ``(LAUGHTER)``,
    ``【雨声】【脚步声】``): a direction or a cue, never a heading; a heading in brackets is numbered
    (``【第一场】``, ``[Scene 2]``)."""
    return bool(_WHOLE_BRACKET_RE.match(text)) and not _ORDINAL_RE.search(text)


def is_direction(text: str) -> bool:
    """A line that directs the play, never said and no heading: a stage direction
    (``【二人退去】``) or a play header's line (``场景:学校``, ``时间:清晨``)."""
    key = _HEADER_KEY_RE.match(text)
    if key and name_key(key.group(1)) in SCRIPT_HEADER_KEYS:
        return True
    bare = text.strip().strip("*_ ")
    return bool(bare) and bare[0] in "(（[【<" and bare[-1] in ")）]】>" and is_stage_direction(strip_markup(text))


# A script's scene line: when and where, in two to four short items ("夜晚,客房。", "日 内 客厅").
_SCENE_TIMES = {"日", "夜", "晨", "晚", "白天", "夜晚", "夜里", "夜裡", "深夜", "午夜", "半夜", "清晨", "早晨", "早上", "上午",
                "中午", "午后", "午後", "下午", "傍晚", "黄昏", "黃昏", "凌晨", "晚上", "黎明", "次日", "当夜", "當夜", "内景",
                "內景", "外景", "内", "內", "外", "室内", "室內", "室外"}
_SCENE_SPLIT_RE = re.compile(r"[,，、\s/]+")


def is_scene_line(text: str) -> bool:
    """``夜晚,客房。``: a time of day (or 内景/外景) and a place, each a word or two, nothing else."""
    items = [it for it in _SCENE_SPLIT_RE.split(text.strip().rstrip("。.")) if it]
    return 2 <= len(items) <= 4 and any(it in _SCENE_TIMES for it in items) \
        and all(len(it) <= 6 and all(is_han(ch) for ch in it) for it in items)


def is_toc_caption(text: str) -> bool:
    """``本期目录``, ``Contents``: the line above a table of contents."""
    return bool(_TOC_CAPTION_RE.match(strip_markup(text).strip(" :：")))


def run_in_number(line: str) -> int | None:
    """The section number of a line like ``1.GPT-5何时发布?在被问到…`` (no space after the dot)."""
    m = _RUN_IN_RE.match(line)
    return int(m.group("num")) if m else None


def sentence_starters(lines: list[str]) -> Counter[str]:
    """How often each 2- and 3-character string opens a sentence in the document: frequent subjects
    (``奥特曼``) mark where a run-in heading stops and the body begins."""
    counts: Counter[str] = Counter()
    for line in lines:
        for sent in re.split(r"[。！？!?；\n]|(?<=[，,])", line):
            sent = sent.strip(" “”\"'‘’「」")
            if len(sent) >= 3 and all(is_han(c) for c in sent[:3]):
                counts[sent[:2]] += 1
                counts[sent[:3]] += 1
    return counts


def split_run_in(line: str, starters: Counter[str]) -> tuple[str, str]:
    """Split ``1.GPT-5何时发布?在被问到…`` into ``("GPT-5何时发布?", "在被问到…")``."""
    m = _RUN_IN_RE.match(line)
    body = m.group("body") if m else line
    # 1. A question or exclamation mark early on ends the heading.
    for i, ch in enumerate(body[:40]):
        if ch in _QUESTION_OR_BANG and i >= 2:
            return body[: i + 1].strip(), body[i + 1 :].strip()
    # 2. A full stop: the first sentence is the heading when it is short.
    stop = re.search(r"[。.](?!\d)", body)
    if stop and stop.start() <= 24:
        return body[: stop.start()].strip(), body[stop.end() :].strip()
    # 3. The body starts with a discourse opener or a subject that often opens sentences here.
    best = None
    for i in range(4, min(len(body), 40)):
        rest = body[i:]
        if not is_han(rest[:1]) or body[i - 1] in "“「‘\"":
            continue
        if rest.startswith(BODY_STARTERS) or starters[rest[:3]] >= 3 or starters[rest[:2]] >= 4:
            best = i
            break
    if best is not None:
        return body[:best].strip(), body[best:].strip()
    # 4. No clue: a short line is all heading; a long one keeps its first clause as the heading.
    if len(body) <= 24:
        return body.strip(), ""
    clause = re.search(r"[，,:：]", body)
    if clause and clause.start() <= 24:
        return body[: clause.start()].strip(), body[clause.end() :].strip()
    return body[:16].strip(), body[16:].strip()


_TITLE_SEPARATORS = " :：-–—·.、,，"


def _bare(text: str) -> str:
    """Text compared as a title: case and whitespace aside, closing punctuation gone."""
    return re.sub(r"\s+", " ", text).strip().rstrip("。.!！?？").casefold()


def drop_title_repeats(chapter: Chapter) -> list[Turn]:
    """Take from a chapter the first lines that say its title again, whole or in pieces
    (``第一章`` then ``源头`` under the title ``第一章 源头``, as books set their chapter openings),
    so the title is said once, as the chapter's; returns what was taken."""
    title = _bare(chapter.title)
    at = 0
    gone: list[Turn] = []
    while title and chapter.turns and chapter.turns[0].speaker is None:
        piece = _bare(chapter.turns[0].text)
        found = title.find(piece, at) if piece else -1
        if found < 0 or title[at:found].strip(_TITLE_SEPARATORS):
            break
        at = found + len(piece)
        gone.append(chapter.turns.pop(0))
    return gone


_BRACKET_NUMBER_RE = re.compile(r"^\s*[【\[［]\s*(\d{1,3})\s*[】\]］]\s*(?P<title>\S.*)$")


def bracket_numbered(text: str) -> str | None:
    """The title of a heading numbered in brackets (``【6】外景、房頂、夜``, a script's scene), if
    ``text`` is one: the number, then a short line with no sentence end."""
    m = _BRACKET_NUMBER_RE.match(text)
    return m.group("title").strip() if m and looks_like_heading(m.group("title")) else None


def has_run_in_sections(texts: list[str]) -> bool:
    """Two or more paragraphs numbered 1., 2., … in order, heading running into the text."""
    positions = [(i, n) for i, n in ((i, run_in_number(text)) for i, text in enumerate(texts)) if n is not None]
    numbers = [n for _, n in positions]
    if len(numbers) < 2 or numbers[0] != 1 or any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        return False
    # Sections have bodies between their headings; a numbered list's items stand side by side.
    gaps = [b - a for (a, _), (b, _) in zip(positions, positions[1:], strict=False)]
    return sum(1 for g in gaps if g > 1) * 2 >= len(gaps)
