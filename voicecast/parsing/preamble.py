"""What stands above the first labelled turn of a transcript: legends that name the labels
(``Z:朱青生 T:涂骏``), a list of the speakers, a play's header, the page's title, its site name and
chrome. None of it is anyone's speech; sentences there are narration. Pure decisions over the
blocks and the speaker table the transcript builder has made."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..text.charclass import han_count
from .blocks import Block, as_paragraph
from .chrome import is_site_name
from .clean import strip_markup
from .headings import clean_title, looks_like_heading, no_sentence_end
from .identities import fits, legend
from .labels import SCRIPT_HEADER_KEYS, Label, colon_form, inline_labels, label_at_start, name_key, plausible_name
from .speakers import SpeakerTable

LEGEND_CHARS = 300
_SPEECH_MARK_RE = re.compile(r"[。！？!?“”「」『』\"]")  # a sentence or a quotation: speech, never metadata
# A person's name in full in a page's intro, after any honorific: "Dr. Sarah Kim", "Tom Reyes".
_FULL_NAME_RE = re.compile(r"(?<![\w.])(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s+)?([A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2})(?![\w])")
_LIST_SPLIT_RE = re.compile(r"[,，、;；/]|\s+(?:and|&)\s+|和|與|与")


class Preamble:
    """The legends among ``blocks`` and where the talk begins; ``classify`` says what a short
    line above the first turn is."""

    def __init__(self, table: SpeakerTable, blocks: list[Block], label_speaker: Callable[[str], object | None],
                 trusted: bool):
        self.table = table
        self.label_speaker = label_speaker
        self.legends = set() if trusted else self._legends(blocks)
        self.first_turn = next((i for i, b in enumerate(blocks) if (text := as_paragraph(b)) is not None
                                and i not in self.legends and label_speaker(text) is not None), -1)
        self.title = ""
        if not trusted:
            self._initials_of_the_intro(blocks[: max(self.first_turn, 0)])

    def _initials_of_the_intro(self, blocks: list[Block]) -> None:
        """Initials that label turns (``TR:``, ``SK:``) are the person above the talk whose name in
        full has them (``Interview with Dr. Sarah Kim, conducted by Tom Reyes``), where one name
        alone has them and the name never labels a turn itself."""
        names: dict[str, set[str]] = {}
        for b in blocks:
            for m in _FULL_NAME_RE.finditer(as_paragraph(b) or ""):
                names.setdefault("".join(word[0] for word in m.group(1).split()), set()).add(m.group(1))
        for initials, found in names.items():
            name = next(iter(found))
            if len(found) == 1 and self.table.resolve(initials, at_start=True) is not None and not self.table.seen(name):
                self.table.name_as(initials, name)

    def _legends(self, blocks: list[Block]) -> set[int]:
        """The blocks, before any turn with speech, that are only a legend (``Z:朱青生 T:涂骏``):
        each names the speakers its labels stand for, and none is spoken."""
        found: set[int] = _cast_runs(blocks)
        for i, b in enumerate(blocks):
            raw = as_paragraph(b)
            if raw is None or i in found:
                continue
            if len(raw) > LEGEND_CHARS:  # a legend is a line, not a one-line copy of the whole talk
                if self.label_speaker(raw[:LEGEND_CHARS]) is not None:  # a label is read at the start
                    break
                continue
            text = strip_markup(" ".join(colon_form(line.strip()) for line in b.lines) if b.lines else colon_form(raw))
            if _cast_pairs(text):  # "雲龍(隱俠):楊麗花飾演/白月霜:許秀年飾演/…": who plays whom
                found.add(i)
                self._cast_typos(_cast_roles(text))
                continue
            pairs = self._legend_of(b, text)
            if pairs is None:
                if self.label_speaker(raw) is not None and not looks_like_heading(text):
                    break  # the talk has begun ("Transcript: Couch Talk with…" is a title, not a turn)
                continue
            found.add(i)
            named = Counter(label for label, _ in pairs)
            for label, name in pairs:
                if named[label] == 1:  # "嘉宾：王强、赵敏" names two people: 嘉宾 stands for neither
                    self.table.name_as(label, name)
        return found

    def _cast_typos(self, cast: list[str]) -> None:
        """With a cast list naming who speaks, a Han label used once that is no one of the cast,
        one character from exactly one label that is (``世安`` for ``玉安``, 潘玉安 in the cast), and
        written nowhere else in the document, is that label's speaker mistyped."""
        uses = self.table.label_uses()
        in_cast = [label for label in uses if any(label == role or fits(label, role) for role in cast)]
        for label, n in uses.items():
            if n != 1 or label in in_cast or len(label) < 2 or han_count(label) != len(label) \
                    or self.table.written(label) != 1:
                continue
            near = [other for other in in_cast if len(other) == len(label)
                    and sum(a != b for a, b in zip(other, label, strict=True)) == 1]
            if len(near) == 1 and (speaker := self.table.resolve(near[0], at_start=True)):
                self.table.name_as(label, speaker)

    def _legend_of(self, b: Block, text: str) -> list[tuple[str, str]] | None:
        """The ``(label, name)`` pairs of a block that is only a legend: read whole, or line by line
        where each line is a legend or a ``key: value`` line (``时间：…`` above ``主持：李想``)."""
        pairs = _legend_line(text)
        if pairs is None and len(b.lines) > 1:
            pairs = self._legend_by_line(b)
        if not pairs:
            return None
        named = Counter(label for label, _ in pairs)
        if any(named[label] > 1 and not self._speaks(name) for label, name in pairs):
            return None  # "白展堂:大嘴,我回来了" is a turn: a list in a legend is of people who speak
        people = {name for _, name in pairs}  # each named by one of its labels ("Interviewer", or its "TB")
        if not all(any(self._legend_pair(label, name, len(people)) for label, n in pairs if n == name) for name in people):
            return None
        return pairs

    @staticmethod
    def _legend_by_line(b: Block) -> list[tuple[str, str]] | None:
        """A block's legend pairs, each line a legend or a ``key: value`` line (else None)."""
        pairs: list[tuple[str, str]] = []
        for line in b.lines:
            one = strip_markup(colon_form(line.strip()))
            got = _legend_line(one)
            if got is None and not ((label := label_at_start(one)) is not None and _metadata(label)):
                return None
            pairs += got or []
        return pairs

    def _speaks(self, name: str) -> bool:
        return self.table.resolve(name) is not None or self.table.seen(name)

    def _legend_pair(self, label: str, name: str, pairs: int) -> bool:
        """``Guest: Wright Thompson`` names someone who labels turns; ``Z:朱青生`` (beside ``T:涂骏``)
        gives a label that labels turns a name. "Episode 42: Night Shifts" does neither, and one Han
        pair alone could be a short turn (``主持人：好的``)."""
        if self._speaks(name):
            return True
        return self.table.resolve(label) is not None and (pairs >= 2 or name.isascii())

    def short_lines(self, b: Block) -> list[str]:
        """The lines of a paragraph above the first turn that were printed as separate short lines
        (a site name, a series, a lesson title, one under the other), else the paragraph whole."""
        if len(b.lines) > 1 and all(looks_like_heading(strip_markup(line)) for line in b.lines):
            return [line.strip() for line in b.lines]
        return [b.text]

    def classify(self, raw: str) -> str | None:
        """Why a line above the first turn is never spoken (the first short line, not a site name,
        becomes ``self.title``), or ``None`` for a line that is narration."""
        text = strip_markup(raw)
        if self.cast_list(text):
            return "a list of the speakers above the first turn"
        label = label_at_start(text)
        if label is None and is_site_name(text):
            return "the site's name above the first turn"
        if not self.title and looks_like_heading(text):  # "Inside the Lab: A Conversation with…"
            self.title = clean_title(text)
            return "the first short line above the first turn: the title"
        if label is not None and _metadata(label):
            return "a key: value line above the first turn (metadata or a legend)"
        if label is not None and name_key(label.name) in SCRIPT_HEADER_KEYS:
            return "a play's header above the first turn (cast, place, time, writer)"
        if label is None and looks_like_heading(text):
            return "a short line above the first turn (a page title or page furniture)"
        spoken_label = label is not None and self.table.resolve(label.name, at_start=True) is not None
        if not spoken_label and no_sentence_end(text):
            return "a line above the first turn that ends no sentence (a headline, a blurb, page furniture)"
        if not spoken_label and _in_capitals(text) and self.table.speech_in_sentence_case():
            return "a block in capitals above the first turn (a cover page, a notice), where the talk is not"
        return None

    def cast_list(self, text: str) -> bool:
        """``SPEAKERS Dana Reyes, Sam Okafor``, ``人物：甲、乙``: two or more of the document's
        speakers, and nothing else but a word before the first (the list's own key)."""
        items = [it.strip() for it in _LIST_SPLIT_RE.split(text) if it.strip()]
        if len(items) < 2:
            return False
        named = [self.table.resolve(it) is not None for it in items]
        named[0] = named[0] or self.table.split_prefix(items[0]) is not None
        return all(named)


def _in_capitals(text: str) -> bool:
    """Three words or more, their letters (nearly) all capitals."""
    letters = re.findall(r"[A-Za-z]", text)
    return len(text.split()) >= 3 and len(letters) >= 10 and sum(c.islower() for c in letters) * 10 < len(letters)


def _legend_line(text: str) -> list[tuple[str, str]] | None:
    return legend(text, [(start, end, name) for start, end, name, _ in inline_labels(text)])


def _metadata(label: Label) -> bool:
    """``编剧:沙黑``, ``Host: Subash Jayaraman``: a key and a short value with no sentence in it."""
    return bool(label.rest) and looks_like_heading(label.rest.rstrip(",， ") or "x") \
        and not _SPEECH_MARK_RE.search(label.rest)


CAST_RUN = 4  # pairs in a row, each role once, that make a cast list one pair a paragraph


def _cast_pair(text: str) -> str | None:
    """The role of a ``role:actor`` paragraph (a short value, no sentence in it), else None."""
    text = strip_markup(text)
    label = label_at_start(text)
    if label is not None:
        role, rest = label.name, label.rest
    elif (m := _ROLES_RE.match(text)) and all(plausible_name(r) for r in m.group(1).split("/")):
        role, rest = m.group(1), m.group(2)  # "辛爷爷/老渔夫/桑子叔:圣燃": one actor, several roles
    else:
        return None
    value = re.sub(r"【[^】]*】|\[[^\]]*\]", "", rest).strip()
    sentence = _SPEECH_MARK_RE.search(rest) or re.search(r"[.,，;；]\s|[.,，;；]$", value)
    return name_key(role) if value and len(value) <= 16 and not sentence else None


_ROLES_RE = re.compile(r"^([^:：/\s]{1,12}(?:/[^:：/\s]{1,12})+)\s*[:：]\s*(\S.*)$")


def _cast_runs(blocks: list[Block]) -> set[int]:
    """An audio drama's or a dub's cast, one ``role:actor`` a paragraph (``温衡:林簌【清音社】``):
    CAST_RUN pairs or more in a row, no role twice, none of them a sentence, above the talk (a
    labelled paragraph that is no pair, or one too long to be one). A dialogue of short turns
    repeats its speakers, so it is never one."""
    found: set[int] = set()
    run: list[int] = []
    roles: set[str] = set()
    for i, b in enumerate(blocks):
        text = as_paragraph(b)
        role = _cast_pair(text) if text and len(text) <= LEGEND_CHARS else None
        if role is not None and role not in roles:
            run.append(i)
            roles.add(role)
            continue
        if len(run) >= CAST_RUN:
            found.update(run)
        if text and role is None and (len(text) > LEGEND_CHARS or label_at_start(strip_markup(text)) is not None):
            return found  # the talk has begun: a cast stands above it (a roll call inside it is speech)
        run, roles = ([i], {role}) if role is not None else ([], set())
    if len(run) >= CAST_RUN:
        found.update(run)
    return found


_PAIR_SEP_RE = re.compile(r"\s*[/|｜；;]\s*")


def _cast_roles(text: str) -> list[str]:
    """The roles of a slash-joined cast list, without what is said of them in brackets
    (``雲龍(隱俠)`` → ``雲龍``)."""
    labels = [label_at_start(p) for p in _PAIR_SEP_RE.split(text.strip()) if p]
    return [re.sub(r"[(（][^)）]*[)）]", "", lb.name).strip() for lb in labels if lb is not None]


def _cast_pairs(text: str) -> bool:
    """Three or more ``role:actor`` pairs in a row, split by slashes or bars, each value a few
    words with no sentence in it: a cast list (who plays or voices whom), not a dialogue."""
    pieces = [p for p in _PAIR_SEP_RE.split(text.strip()) if p]
    if len(pieces) < 3:
        return False
    labels = [label_at_start(p) for p in pieces]
    return all(lb is not None and lb.rest.strip() and len(lb.rest.strip()) <= 12 and not _SPEECH_MARK_RE.search(lb.rest)
               and "…" not in lb.rest for lb in labels)
