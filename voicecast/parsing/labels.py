"""Speaker labels: finding ``Name:`` at the start of a paragraph or inside a one-line blob,
deciding which candidates really are speakers, and mapping every spelling to one canonical name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Labels that mean "narration", not a speaker.
NARRATOR_LABELS = {"旁白", "narrator", "narration", "旁白者", "解说"}

# "**Sam Altman：**text", "**Lex Fridman** ：text", "主持人: text", "Sam Altman:text"
_START_LABEL_RE = re.compile(
    r"^\s*(?P<b1>\*\*|__)?\s*(?P<name>[^:：*_\n]{1,40}?)\s*(?P<b2>\*\*|__)?\s*[:：]\s*(?P<b3>\*\*|__)?\s*(?P<rest>.*)$",
    re.S,
)
# Inside a line: a name right after a sentence end or a space, then a colon.
_INLINE_LABEL_RE = re.compile(
    r"(?:^|(?<=[。！？!?…”」』）)\]\s.]))"
    r"(?P<name>[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}|[\u4e00-\u9fff·]{2,10})\s*[:：]"
)
_LATIN_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9.'’-]*(?: [A-Za-z0-9][A-Za-z0-9.'’-]*){0,3}$")
_CJK_NAME_RE = re.compile(r"^[\u4e00-\u9fff·A-Za-z0-9 ]{1,12}$")
_HAS_CJK_RE = re.compile(r"[\u4e00-\u9fff]")

ROLE_PREFIXES = (
    "理事长", "董事长", "主持人", "记者", "嘉宾", "教授", "博士", "院长", "主任", "会长", "总裁", "首席执行官",
    "联合创始人", "创始人", "CEO", "主播", "对话", "访谈",
)
ROLE_SUFFIXES = ("提问", "回答", "表示", "回应", "补充", "追问", "问", "答", "说", "道", "称")
_PRONOUN_SPEECH_RE = re.compile(r"^(?:他|她|我|你|它|我们|他们|她们|你们|大家|有人|对方)(?:说|道|问|表示|称|回答|认为|提到|补充|笑称)?$")
# Words that start a line followed by a colon but are never speakers.
NOT_NAMES = {
    "注意", "注", "比如", "例如", "总结", "问题", "答案", "提示", "备注", "结论", "原因", "首先", "其次", "最后",
    "另外", "此外", "同时", "总之", "然而", "但是", "所以", "因此", "重点", "摘要", "导语", "前言", "编者按", "要点",
    "note", "example", "warning", "tip", "ps", "p.s", "summary", "update", "edit", "tl;dr", "http", "https",
}


def name_key(name: str) -> str:
    """Matching key: case-, space- and punctuation-insensitive (``SamAltman`` = ``Sam Altman``)."""
    return re.sub(r"[\s·.\-_'’]+", "", name).lower()


_NARRATOR_KEYS = {re.sub(r"\s+", "", n).lower() for n in NARRATOR_LABELS}


@dataclass(frozen=True)
class Label:
    name: str  # as written
    rest: str  # the text after the colon
    bold: bool


def plausible_name(name: str) -> bool:
    """Could ``name`` be a speaker's name (before any counting)?"""
    name = name.strip()
    if not name or len(name) > 32:
        return False
    if name.lower() in NOT_NAMES or name in NOT_NAMES:
        return False
    if re.match(r"^\d+\s*[.、．]", name) or re.fullmatch(r"[\d\s:.]+", name):
        return False
    if any(ch in name for ch in "，。！？,;；!?()（）[]【】《》“”\"/\\|<>=#@&%$"):
        return False
    if _HAS_CJK_RE.search(name):
        if not _CJK_NAME_RE.match(name) or len(re.sub(r"[A-Za-z0-9 ]", "", name)) > 10:
            return False
        return not _PRONOUN_SPEECH_RE.match(name)
    return bool(_LATIN_NAME_RE.match(name))


def label_at_start(paragraph: str) -> Label | None:
    """The ``Name:`` label that opens a paragraph, if it is shaped like one."""
    m = _START_LABEL_RE.match(paragraph)
    if not m:
        return None
    name = m.group("name").strip()
    rest = m.group("rest")
    if not plausible_name(name):
        return None
    # "上午 9:46" is a time, not a label.
    if name[-1].isdigit() and rest[:1].isdigit():
        return None
    bold = bool(m.group("b1") and (m.group("b2") or m.group("b3")))
    return Label(name=name, rest=rest.strip(), bold=bold)


def inline_labels(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of every label-shaped ``Name:`` inside a line."""
    found = []
    for m in _INLINE_LABEL_RE.finditer(line):
        name = m.group("name").strip()
        if plausible_name(name) or _strip_role(name) != name:
            found.append((m.start("name"), m.end(), name))
    return found


def _strip_role(name: str) -> str:
    core = name
    for suffix in ROLE_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            break
    for prefix in ROLE_PREFIXES:
        if core.startswith(prefix) and len(core) > len(prefix) + 1:
            core = core[len(prefix):]
            break
    return core


class SpeakerTable:
    """Decides which label candidates are speakers and gives each its canonical name.

    A candidate is a speaker when it is bold, labels two or more paragraphs, is named in
    voices.yaml (``known``: alias or name → canonical name), or ``trust`` is set (voicecast's own
    format, where every label is deliberate). Role-prefixed or -suffixed forms
    (``理事长张宏江提问``) map to the speaker inside them.
    """

    def __init__(self, known: dict[str, str] | None = None, trust: bool = False):
        self.known = {name_key(k): v for k, v in (known or {}).items()}
        self.trust = trust
        self.dense = False  # set when most paragraphs open with a label: then one use is enough
        self._counts: Counter[str] = Counter()
        self._bold: set[str] = set()
        self._forms: dict[str, Counter[str]] = {}
        self._order: dict[str, int] = {}

    def observe(self, name: str, bold: bool = False) -> None:
        key = name_key(name)
        self._counts[key] += 1
        self._forms.setdefault(key, Counter())[name] += 1
        self._order.setdefault(key, len(self._order))
        if bold:
            self._bold.add(key)

    def _confirmed_key(self, key: str, at_start: bool = False) -> bool:
        return (key in self.known or self.trust or (self.dense and at_start) or key in self._bold
                or self._counts[key] >= 2)

    def resolve(self, name: str, at_start: bool = False) -> str | None:
        """The canonical speaker for a label as written, ``""`` for narration, or ``None`` if the
        label is not a speaker (the text is prose). ``at_start``: the label opens a paragraph."""
        key = name_key(name)
        if key in _NARRATOR_KEYS:
            return ""
        if key in self.known:
            return self.known[key]
        core = name_key(_strip_role(name))
        if core != key and (core in self.known or (self._counts[core] and self._confirmed_key(core))):
            return self.known.get(core) or self._display(core)
        if not self._confirmed_key(key, at_start):
            return None
        # "奥特曼说:" twice is prose quoting, not a label; three times in a transcript is a pattern.
        if not self.trust and re.search(r"(?:说|道|称|表示)$", name) and self._counts[key] < 3:
            return None
        return self._display(key)

    def split_prefix(self, name: str) -> tuple[str, str] | None:
        """For an inline run like ``我们开始吧张宏江`` that ends with a confirmed speaker's name:
        ``(prose_before, canonical)``; a role title before the name is not prose."""
        for key in sorted(self._counts, key=len, reverse=True):
            if len(key) < 2 or not self._confirmed_key(key):
                continue
            for form in self._forms[key]:
                if name != form and name.endswith(form):
                    before = name[: -len(form)]
                    if before in ROLE_PREFIXES:
                        before = ""
                    return before, self.known.get(key) or self._display(key)
        return None

    def _display(self, key: str) -> str:
        forms = self._forms.get(key)
        if not forms:
            return key
        # A spelling with spaces (more readable, as voices.yaml writes it), then the most frequent.
        return max(forms.items(), key=lambda kv: (" " in kv[0], kv[1]))[0]
