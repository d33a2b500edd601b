"""From raw text to paragraphs: classify each line (heading, metadata, junk, pause, text), re-join
speaker labels split across two lines, and group wrapped lines into paragraphs with their line
numbers. Shared by every importer."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ScriptError
from ..text.charclass import HAN
from ..text.lang import join_wrapped
from .clean import is_end_marker, is_junk_line, is_links_key, meta_field
from .headings import bold_heading, looks_like_heading, markdown_heading, no_sentence_end
from .layout import is_time_line

_PAUSE_RE = re.compile(
    r"\[\s*(?:pause|停顿|停|静音)\s*[:：]?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|sec|secs|seconds?|秒|毫秒)?\s*\]",
    re.I,
)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+•]\s+|\d{1,3}[.)、]\s+)")
_LATIN_FRAGMENT_RE = re.compile(r"^[A-Za-z][A-Za-z.'’-]*(?: [A-Za-z][A-Za-z.'’-]*){0,2}$")
_CJK_FRAGMENT_RE = re.compile(f"^[{HAN}·]{{1,6}}$")
_LABEL_TAIL_RE = re.compile(rf"^(?P<word>[A-Za-z][A-Za-z.'’-]*|[{HAN}·]{{1,4}})\s*[:：]")


@dataclass
class Block:
    """A paragraph or a structural line. ``kind`` is one of ``text``, ``heading``, ``bold``,
    ``meta``, ``pause``, ``junk`` (a line never spoken, kept to say so). ``line`` is 1-based in the source."""

    kind: str
    text: str
    line: int
    level: int = 0  # heading level for ``heading``; 1 if numbered for ``bold``
    value: int = 0  # pause length in ms for ``pause``
    raw: str = ""  # the source line of a ``bold`` block
    lines: tuple[str, ...] = ()  # the source lines a ``text`` block joins


def pause_ms(match: re.Match) -> int:
    num = float(match.group("num"))
    unit = (match.group("unit") or "s").lower()
    return int(round(num if unit in ("ms", "毫秒") else num * 1000))


def parse_pause(text: str, path: str | None = None, line: int | None = None) -> int | None:
    """The length in ms of a line that is only a pause directive (``[pause 2s]``), else ``None``."""
    m = _PAUSE_RE.fullmatch(text.strip())
    if not m:
        if re.fullmatch(r"\s*\[\s*(?:pause|停顿)\b[^\]]*\]\s*", text, re.I):
            raise ScriptError(f"bad pause directive {text.strip()!r}; write e.g. [pause 2s] or [pause 500ms]", path, line)
        return None
    ms = pause_ms(m)
    if ms > 60_000:
        raise ScriptError(f"pause of {ms} ms is longer than a minute; use at most [pause 60s]", path, line)
    return ms


def normalize_inline_pauses(text: str) -> str:
    """Rewrite inline pause directives to the canonical ``[pause Nms]`` the splitter reads."""
    return _PAUSE_RE.sub(lambda m: f"[pause {pause_ms(m)}ms]", text)


def merge_split_labels(lines: list[str]) -> list[str]:
    """``Lex`` / ``Fridman:text`` → ``Lex Fridman:text``; ``Lex Fridman`` / ``:text`` → ``Lex Fridman:text``.

    A first line followed by a line without the colon (``Fridman是一名…``) is prose and stays. A
    ``Word:`` line after a short line is only merged when the split is the document's habit: the
    whole name labels a line elsewhere, the same split recurs, or ``Word:`` never labels a line on
    its own (so a heading ``Introduction`` before ``Lex: hi`` stays a heading). The merged text keeps
    its line count (an empty line replaces the second) so line numbers stay true.
    """
    def key(name: str) -> str:
        return re.sub(r"[\s*]+", "", name).lower()

    starts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    candidates: list[tuple[int, str, str | None]] = []
    for i, line in enumerate(lines):
        m = _LABEL_TAIL_RE.match(line.lstrip().lstrip("*"))
        if m:
            starts[key(m.group("word"))] += 1
        if i + 1 < len(lines):
            first = lines[i].strip().strip("*").strip()
            nxt = lines[i + 1].lstrip()
            if not first:
                continue
            if nxt[:1] in (":", "：") and (_LATIN_FRAGMENT_RE.match(first) or _CJK_FRAGMENT_RE.match(first)):
                candidates.append((i, first, None))
                continue
            t = _LABEL_TAIL_RE.match(nxt)
            if t and _LATIN_FRAGMENT_RE.match(first) and t.group("word")[0].isascii():
                candidates.append((i, first, t.group("word")))
                pairs[(key(first), key(t.group("word")))] += 1
    out = list(lines)
    consumed: set[int] = set()
    for i, first, word in candidates:
        if i in consumed:
            continue
        nxt = out[i + 1].lstrip()
        if word is None:
            out[i], out[i + 1] = first + nxt, ""
        else:
            whole = key(first + word)
            habitual = starts[whole] > 0 or pairs[(key(first), key(word))] >= 2 or starts[key(word)] <= 1
            if not habitual:
                continue
            out[i], out[i + 1] = first + " " + nxt, ""
        consumed.update((i, i + 1))
    return out


def blank_separated(lines: list[str]) -> bool:
    """Do blank lines separate paragraphs (so single newlines are wraps)?"""
    marks = [bool(ln.strip()) for ln in lines]
    if True in marks:  # blank lines before the first and after the last line say nothing
        first = marks.index(True)
        last = len(marks) - 1 - marks[::-1].index(True)
        marks = marks[first : last + 1]
    nonblank = sum(marks)
    blank = len(marks) - nonblank
    return nonblank > 0 and blank >= 0.2 * nonblank


_SENTENCE_END = set("。！？!?.…；;:：")
_CLOSERS = "”’」』\"')）]】"
MARGIN_SHARE = 0.2  # of the lines: how many must stop at the margin in mid-sentence to call the text wrapped


def _mid_sentence(line: str) -> bool:
    end = line.rstrip().rstrip(_CLOSERS)
    return bool(end) and end[-1] not in _SENTENCE_END


def right_margin(lines: list[str]) -> int | None:
    """The width a text without blank lines was wrapped at, when it was: several of its lines (a
    fifth or more) reach near the widest lines and stop in mid-sentence. ``None`` for text whose
    lines are its paragraphs (one turn a line ends each with its punctuation)."""
    texts = [ln.strip() for ln in lines if ln.strip()]
    if len(texts) < 6:
        return None
    width = sorted(map(len, texts))[int(len(texts) * 0.9)]
    stopped = sum(1 for t in texts if len(t) >= 0.6 * width and _mid_sentence(t))
    return width if stopped >= 3 and stopped >= MARGIN_SHARE * len(texts) else None


def runs_on(previous: str, line: str, margin: int | None) -> bool:
    """In text wrapped at ``margin``, does ``line`` go on with the sentence ``previous`` stopped in?
    A long line cut in mid-sentence, and a next line that is not a short line of its own. Without a
    margin, English says it by case: a line cut after a word, and a next one going on in lower case."""
    if not _mid_sentence(previous):
        return False
    if _LATIN_TAIL_RE.search(previous) and _LOWER_START_RE.match(line):
        return True
    return bool(margin) and len(previous.strip()) >= 0.6 * (margin or 0) and not looks_like_heading(line)


_LATIN_TAIL_RE = re.compile(r"[A-Za-z,]$")
_LOWER_START_RE = re.compile(r"^\s*[a-z]")


def structural_block(line: str, idx: int, header: bool, path: str | None = None) -> Block | None:
    """The block a line is on its own (a heading, bold line, header metadata, junk or a pause), or
    ``None`` for a line of text. ``header``: no text came before it, within the first 20 lines."""
    heading = markdown_heading(line)
    if heading:
        return Block("heading", heading[1], idx, level=heading[0])
    bold = bold_heading(line)
    if bold:
        return Block("bold", bold[0], idx, level=int(bold[1]), raw=line)
    meta = meta_field(line) if header else None
    if meta:
        return Block("meta", f"{meta[0]}\t{meta[1]}", idx)
    if is_junk_line(line):
        return Block("junk", line.strip(), idx)
    ms = parse_pause(line, path, idx)
    if ms is not None:
        return Block("pause", "", idx, value=ms)
    return None


def as_paragraph(b: Block) -> str | None:
    """The paragraph a block is read as, if it is one: a text block's, or a line wholly in bold
    that is no numbered heading (a question set in bold, a legend in bold)."""
    if b.kind == "text":
        return b.text
    return b.raw if b.kind == "bold" and not b.level else None


class _Links:
    """The headlines right under a links key (``相关阅读``, ``Related stories``), blank lines between
    them or not: links to other pages, up to the first line that ends a sentence."""

    AFTER_KEY = 10  # headlines read as links under one key, at most
    CHARS = 80

    def __init__(self) -> None:
        self.key, self.left = "", 0

    def under(self, line: str) -> bool:
        """Whether ``line`` (not blank) is a link under the last key; a key starts a new box."""
        if self.key and self.left and no_sentence_end(line) and len(line.strip()) <= self.CHARS:
            self.left -= 1
            return True
        self.key, self.left = (line.strip(), self.AFTER_KEY) if is_links_key(line) else ("", 0)
        return False


def _structure(line: str, idx: int, header: bool, path: str | None, seen: dict | None) -> Block | None:
    """:func:`structural_block`, or what a previous pass over the same line found (``seen``)."""
    if seen is not None and seen.get(idx, (None,))[0] == (line, header):
        return seen[idx][1]
    block = structural_block(line, idx, header, path)
    if seen is not None:
        seen[idx] = ((line, header), block)
    return block


def to_blocks(text: str, starts_paragraph: Callable[[str], bool] | None = None,
              path: str | None = None, seen: dict | None = None) -> tuple[list[Block], int | None]:
    """Group the lines of ``text`` into blocks. ``starts_paragraph(line)`` tells whether a text line
    opens a new paragraph even without a blank line before it (a speaker label does). ``seen``: the
    structural blocks of a previous pass over the same text, by line (a second pass reuses them).

    Returns the blocks and the line of an end marker (``·END·``), after which nothing is read.
    """
    lines = merge_split_labels(text.split("\n"))
    wraps = blank_separated(lines)
    margin = None if wraps else right_margin(lines)
    blocks: list[Block] = []
    para: list[str] = []
    para_line = 0
    end_line = None
    seen_content = False
    links = _Links()

    def flush() -> None:
        nonlocal para
        if para:
            joined = join_wrapped(para)
            if joined:
                blocks.append(Block("text", joined, para_line, lines=tuple(para)))
        para = []

    for idx, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if is_end_marker(line):
            flush()
            end_line = idx
            blocks.append(Block("junk", f"end marker {line.strip()!r}: the {len(lines) - idx} lines after it", idx))
            break
        if is_time_line(line):  # a caption copy's time (layout.caption_copy): its captions run on
            blocks.append(Block("junk", f"a caption's time: {line.strip()}", idx))
            continue
        if links.under(line):
            flush()
            blocks.append(Block("junk", f"a link under {links.key!r}: {line.strip()}", idx))
            continue
        block = _structure(line, idx, not seen_content and idx <= 20, path, seen)
        if block is not None:
            flush()
            blocks.append(block)
            continue
        seen_content = True
        goes_on = wraps or (bool(para) and runs_on(para[-1], line, margin))
        if not goes_on or not para or _LIST_ITEM_RE.match(line) or (starts_paragraph is not None and starts_paragraph(line)):
            flush()
            para_line = idx
        para.append(line)
    flush()
    return blocks, end_line
