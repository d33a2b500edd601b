"""The importer for transcripts as the web gives them, and the shared builder that voicecast's own
Markdown format uses too: paragraphs in, chapters of speaker turns out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..text.lang import detect_lang
from ..text.script import Chapter, Script, Turn
from .asides import after_the_quote, drop_asides, interjections
from .blocks import Block, normalize_inline_pauses
from .clean import drop_dangling_colon, strip_markup
from .delimiters import normalize_label_delimiters
from .headings import (
    bracket_numbered,
    clean_title,
    drop_title_repeats,
    has_run_in_sections,
    is_direction,
    is_scene_line,
    is_toc_caption,
    looks_like_heading,
    no_sentence_end,
    run_in_number,
    sentence_starters,
    split_run_in,
)
from .inline import Piece, mostly_punctuated, split_inline, trailing_heading
from .labels import is_note, label_at_start, without_lead_key
from .paragraphs import read_paragraphs
from .preamble import Preamble
from .speakers import SpeakerTable
from .trace import Trace

_CUE_OPENERS = ("【",)  # a bracket that may hold a cue before the label that follows it
_HEADING_CHARS = 400  # markup included: a line longer than this is never a heading, so it is not cleaned to ask
# "1. 我认为…", "- item": list markers are layout, not speech.
_LIST_MARKER_RE = re.compile(r"^\s*(?:\d{1,3}[.)、]\s+|[-*+•]\s+)")


@dataclass
class BuildOptions:
    trust_labels: bool = False  # voicecast's own format: every label is deliberate
    known_speakers: dict[str, str] = field(default_factory=dict)  # alias/name → canonical
    title_from_h1: bool = True  # a lone H1 on the first line is the title, not a chapter
    detect_loose_headings: bool = True  # short standalone lines and run-in numbered sections
    language: str | None = None  # the script's language when the source says it (front matter)
    trace: Trace | None = None  # collects the evidence for `voicecast parse --explain`


def parse_transcript(text: str, title: str = "", known_speakers: dict[str, str] | None = None,
                     path: str | None = None, trace: Trace | None = None, loose_headings: bool = True) -> Script:
    """Parse a transcript copied from the web (Markdown-ish, plain ``Speaker: text``, one-line blobs)."""
    opts = BuildOptions(known_speakers=dict(known_speakers or {}), trace=trace, detect_loose_headings=loose_headings)
    return build_script(text, opts, title, path, "transcript")


def build_script(text: str, opts: BuildOptions, title: str = "", path: str | None = None,
                 source_format: str = "transcript") -> Script:
    rewrites: list[tuple[int, str]] = []
    if not opts.trust_labels:  # "Name– text", "Q. text", a label glued to its speech: written "Name: text"
        text, rewrites = normalize_label_delimiters(text)
    table = SpeakerTable(opts.known_speakers, trust=opts.trust_labels)
    table.shaped({name for _, name in rewrites})
    if opts.trace is not None:
        opts.trace.table = table

    blocks = read_paragraphs(text, table, opts.trust_labels, path)

    meta: dict[str, str] = {}
    for b in blocks:
        if b.kind == "meta":
            key, value = b.text.split("\t", 1)
            meta.setdefault(key, value.strip(" *"))
    if opts.trace is not None:
        for b in blocks:
            if b.kind == "junk":
                opts.trace.drop(b.line, "junk line", b.text)
    blocks = [b for b in blocks if b.kind not in ("meta", "junk")]

    h1s = [b for b in blocks if b.kind == "heading" and b.level == 1]
    if opts.title_from_h1 and len(h1s) == 1 and blocks and blocks[0] is h1s[0]:
        title = h1s[0].text or title
        meta.setdefault("title", h1s[0].text)
        blocks = blocks[1:]

    builder = _Builder(table, opts, blocks)
    chapters = builder.run()
    if builder.pre.title:
        meta.setdefault("title", builder.pre.title)
    turns = [t for ch in chapters for t in ch.turns]
    language = opts.language or _dominant_lang(turns)
    for t in turns:  # evenly mixed turns take the script's language
        t.lang = detect_lang(t.text, default=language)
    return Script(title=title or meta.get("title", ""), language=language, chapters=chapters, meta=meta,
                  source_format=source_format)


def _dominant_lang(turns: list[Turn]) -> str:
    weight = {"zh": 0, "en": 0}
    for t in turns:
        weight[t.lang] += len(t.text)
    return "zh" if weight["zh"] >= weight["en"] else "en"


_FLAT_PREAMBLE_BLOCKS = 10  # a flattened talk's paragraph comes within the first blocks of the page
_PAGE_NUMBER_RE = re.compile(r"\s*\d{1,4}\s*")


class _Builder:
    """Walks the blocks once, keeping the current chapter and speaker."""

    def __init__(self, table: SpeakerTable, opts: BuildOptions, blocks: list[Block]):
        self.table = table
        self.opts = opts
        self.blocks = blocks
        self.chapters: list[Chapter] = [Chapter(title="", line=1)]
        self.speaker: str | None = None
        has_structure = any(b.kind in ("heading",) or (b.kind == "bold" and b.level) for b in blocks)
        texts = [b for b in blocks if b.kind == "text"]
        self.has_labels = any(self._label_speaker(b.text) is not None for b in texts[:400])
        self.run_in = opts.detect_loose_headings and not has_structure and has_run_in_sections([b.text for b in texts])
        self.starters = sentence_starters([b.text for b in texts]) if self.run_in else None
        self.inline_headings = self._inline_headings(texts)
        # Scenes numbered in brackets (【5】…, 【6】…): two or more make them the document's headings.
        self.bracketed = sum(1 for b in texts if bracket_numbered(b.text)) >= 2
        # Legends above the talk name its labels; the first labelled turn after them ends the preamble.
        self.quoted = table.quotes_speech()
        self.pre = Preamble(table, blocks, self._label_speaker, opts.trust_labels)
        start = None if self.has_labels or opts.trust_labels else self._flat_talk(texts)
        self.flat = start is not None
        if start is not None:  # its first paragraph ends the preamble, as a first labelled turn does
            self.pre.first_turn = start

    def _flat_talk(self, texts: list[Block]) -> int | None:
        """Where a talk flattened into paragraphs whose turns are found inside them (a PDF or a
        one-line copy) begins, near the top of the page: the index of its first such paragraph."""
        for b in texts[:_FLAT_PREAMBLE_BLOCKS + 1]:
            # Two turns show early in such a paragraph: its first few thousand characters say.
            if sum(1 for piece in split_inline(b.text[:4000], self.table, None) if piece.speaker) >= 2:
                return self.blocks.index(b)
        return None

    def _label_speaker(self, paragraph: str):
        """``(speaker, label)`` for a paragraph that opens with a speaker's label, else None. A
        bracket that names no speaker, with a label and a sentence right after it
        (``【隐约林老师授课声】林老师:同学们,把书打开。``), is a cue before that label."""
        label = label_at_start(paragraph)
        if not label:
            return None
        resolved = self.table.resolve(label.name, at_start=True)
        if resolved is None and paragraph.lstrip().startswith(_CUE_OPENERS) and (inner := label_at_start(label.rest)) \
                and not looks_like_heading(inner.rest):  # "【專訪】陳文茜：我們這一代人的焦慮" is a headline
            label, resolved = inner, self.table.resolve(inner.name, at_start=True)
        return None if resolved is None else (resolved, label)

    @property
    def chapter(self) -> Chapter:
        return self.chapters[-1]

    def new_chapter(self, title: str, line: int, why: str = "") -> None:
        if self.opts.trace is not None and why:
            self.opts.trace.heading(line, title, why)
        if not self.chapters[-1].turns and not self.chapters[-1].title and len(self.chapters) == 1:
            self.chapters[-1] = Chapter(title=title, line=line, pause_before_ms=self.chapters[-1].pause_before_ms)
        else:
            self.chapters.append(Chapter(title=title, line=line))
        self.speaker = None

    def add_turn(self, speaker: str | None, raw: str, line: int) -> None:
        text = drop_dangling_colon(strip_markup(normalize_inline_pauses(_LIST_MARKER_RE.sub("", raw))))
        if not (self.has_labels and not self.opts.trust_labels):
            self._append(speaker, text, line)
            return
        for who, words in interjections(text, self._bracket_label):  # "(阿闹插话:也就是第一名)"
            self._append(speaker if who is None else who, words, line)

    def _bracket_label(self, inside: str) -> tuple[str, str] | None:
        label = label_at_start(inside)
        speaker = self.table.resolve(label.name) if label and label.rest.strip() else None
        return (speaker, label.rest) if speaker and label else None

    def _append(self, speaker: str | None, text: str, line: int) -> None:
        if self.has_labels and not self.opts.trust_labels:  # a script: its stage directions are not said
            text, asides = drop_asides(text)
            if self.quoted:
                text, note = after_the_quote(text)
                asides += [note] if note else []
            if asides and self.opts.trace is not None:
                self.opts.trace.drop(line, "bracketed aside in a script (stage direction, cue or note)",
                                     " ".join(asides))
        if not text or not any(ch.isalnum() for ch in text):
            return
        self.chapter.turns.append(Turn(speaker=speaker, text=text, lang=detect_lang(text), line=line))

    def run(self) -> list[Chapter]:
        texts_after = self._next_text_index()
        toc = self._table_of_contents(texts_after)
        for i, b in enumerate(self.blocks):
            if i in toc:
                if self.opts.trace is not None:
                    self.opts.trace.drop(b.line, "table of contents (repeats the chapters' headings)", b.text)
                continue
            if b.kind == "heading":
                self.new_chapter(b.text, b.line, "Markdown heading")
            elif b.kind == "bold":
                if b.level or self._is_loose_heading(i, b.text, texts_after):
                    self.new_chapter(b.text, b.line, "bold line" + (", numbered" if b.level else " before a labelled turn"))
                else:  # emphasis, not a heading: an ordinary paragraph (a legend, a question set in bold)
                    para = Block("text", b.raw, b.line)
                    if not self._preamble_line(i, para, texts_after):
                        self.text_block(i, para, texts_after)
            elif b.kind == "pause":
                if self.chapter.turns:
                    self.chapter.turns[-1].pause_after_ms += b.value
                else:
                    self.chapter.pause_before_ms += b.value
            elif b.kind == "text":
                if not self._preamble_line(i, b, texts_after):
                    self.text_block(i, b, texts_after)
        # Drop a leading untitled chapter that ended up empty.
        if len(self.chapters) > 1 and not self.chapters[0].title and not self.chapters[0].turns:
            self.chapters.pop(0)
        for chapter in self.chapters:
            for gone in drop_title_repeats(chapter):
                if self.opts.trace is not None:
                    self.opts.trace.drop(gone.line, "the chapter's title said again at its start", gone.text)
        return self.chapters

    def _table_of_contents(self, texts_after: list[int | None]) -> set[int]:
        """Lines before the first chapter that repeat two or more of its later headings are a table
        of contents (with the ``目录`` line above them): read once, as the chapters themselves."""
        def is_heading(i: int, b: Block) -> bool:
            return b.kind == "heading" or (b.kind in ("bold", "text") and bool(b.level or self._is_loose_heading(i, b.text, texts_after)))

        first = next((i for i, b in enumerate(self.blocks) if is_heading(i, b)), None)
        if first is None or sum(1 for b in self.blocks[:first] if looks_like_heading(strip_markup(b.text))) < 2:
            return set()
        heads = [i for i, b in enumerate(self.blocks) if i >= first and is_heading(i, b)]
        titles = {clean_title(self.blocks[i].text) for i in heads}
        toc = {i for i in range(heads[0]) if self.blocks[i].kind in ("text", "bold") and clean_title(self.blocks[i].text) in titles}
        if len(toc) < 2:
            return set()
        first = min(toc)
        if first > 0 and is_toc_caption(self.blocks[first - 1].text):
            toc.add(first - 1)
        return toc

    def _preamble_line(self, i: int, b: Block, texts_after: list[int | None]) -> bool:
        """Above the first labelled turn of a labelled transcript, what preamble.py says is the
        page's (a legend, a title, a site name, metadata) is never spoken; returns True when ``b``
        was taken care of here. A paragraph of short lines is read line by line: its last line,
        just above a turn, is a chapter heading."""
        if i in self.pre.legends:
            if self.opts.trace is not None:
                self.opts.trace.drop(b.line, "a legend or cast list: it names the speakers its labels stand for", b.text)
            return True
        if not ((self.has_labels or self.flat) and not self.opts.trust_labels and i < self.pre.first_turn):
            return False
        if self.bracketed and bracket_numbered(b.text) is not None:
            return False  # the first scene's heading
        lines = self.pre.short_lines(b)
        for k, line in enumerate(lines):
            at, whole = b.line + k, len(lines) == 1
            if k == len(lines) - 1 and not self.pre.cast_list(strip_markup(line)) \
                    and self._is_loose_heading(i, line, texts_after):
                if whole:
                    return False
                self.new_chapter(clean_title(line), at, "short line without closing punctuation before a labelled turn")
            elif (why := self.pre.classify(line)) is not None:
                if self.opts.trace is not None:
                    self.opts.trace.drop(at, why, line)
            elif whole:
                return False
            else:
                self.text_block(i, Block("text", line, at), texts_after)
        return True

    def _next_text_index(self) -> list[int | None]:
        """Per block, the next one with words: a stage direction alone on its line (``(LAUGHTER)``)
        or a play's scene note (``场景:学校``) is passed over, so a heading above one still stands
        before the turn that follows it."""
        nxt: list[int | None] = [None] * len(self.blocks)
        upcoming = None
        for i in range(len(self.blocks) - 1, -1, -1):
            nxt[i] = upcoming
            b = self.blocks[i]
            if b.kind in ("text", "bold", "heading") and not (b.kind == "text" and len(b.lines) <= 1 and is_direction(b.text)):
                upcoming = i
        return nxt

    def _is_loose_heading(self, i: int, text: str, texts_after: list[int | None]) -> bool:
        """A short standalone line between turns, followed by a labelled turn, is a chapter title."""
        if not (self.opts.detect_loose_headings and self.has_labels) or len(text) > _HEADING_CHARS:
            return False
        bare = strip_markup(text)
        if not (looks_like_heading(bare) or is_scene_line(bare)) or is_direction(text):
            return False
        j = texts_after[i]
        if j is None or j in self.pre.legends or self.blocks[j].kind != "text":  # a legend is no turn
            return False
        return self._label_speaker(self.blocks[j].text) is not None

    def text_block(self, i: int, b: Block, texts_after: list[int | None]) -> None:
        text = b.text
        if not self.opts.trust_labels and (lead := without_lead_key(text)) is not None:
            if self.opts.trace is not None:
                self.opts.trace.drop(b.line, "the key of a page's lead (its text is the narrator's)", text[: len(text) - len(lead)])
            text, self.speaker = lead, None
        if not self.opts.trust_labels and is_note(text):
            if self.opts.trace is not None:
                self.opts.trace.drop(b.line, "a note to the reader", text)
            return
        if self.bracketed and (title := bracket_numbered(text)) is not None:
            self.new_chapter(title, b.line, "a heading numbered in brackets, one of several")
            return
        if self.run_in and run_in_number(text) is not None and self._label_speaker(text) is None:
            title, body = split_run_in(text, self.starters or Counter())
            self.new_chapter(strip_markup(title), b.line, "numbered section whose heading runs into the text")
            text = body
            if not text:
                return
        found = self._label_speaker(text)
        if found is not None:
            speaker, label = found
            self.speaker = speaker or None
            text = label.rest
        elif self._is_loose_heading(i, text, texts_after):
            self.new_chapter(clean_title(text), b.line, "short line without closing punctuation before a labelled turn")
            return
        pieces = self._page_before_the_talk(i, b, self._pieces(text))
        for piece in pieces:
            heading = trailing_heading(piece) if self.inline_headings else None
            if heading and heading[1] in self.inline_headings:
                self.add_turn(piece.speaker, heading[0], b.line)
                self.new_chapter(clean_title(heading[1]), b.line, "phrase between a turn's last sentence and a label"
                                 + (", set off by spaces" if heading[2] else f", one of {len(self.inline_headings)}"))
            else:
                self.add_turn(piece.speaker, piece.text, b.line)
        self.speaker = pieces[-1].speaker

    def _page_before_the_talk(self, i: int, b: Block, pieces: list[Piece]) -> list[Piece]:
        """What stands before the first label of a paragraph, told by nobody: a page number
        (``2 Patrick Lee: …``), or in the paragraph where a flattened talk begins, a title glued
        to it that ends no sentence (``餐厅英语:点菜 OrderingWAITER: …``). Neither is said."""
        first = pieces[0]
        if first.speaker is not None or not first.labelled_next or len(pieces) < 2:
            return pieces
        if _PAGE_NUMBER_RE.fullmatch(first.text):
            why = "a page number before a label"
        elif self.flat and i == self.pre.first_turn and no_sentence_end(first.text):
            why = "the page's title, glued before the first label of a flattened talk"
            self.pre.title = self.pre.title or clean_title(first.text)
        else:
            return pieces
        if self.opts.trace is not None:
            self.opts.trace.drop(b.line, why, first.text.strip())
        return pieces[1:]

    def _pieces(self, text: str) -> list[Piece]:
        if self.opts.trust_labels:  # voicecast's own format: a colon inside a paragraph is just text
            return [Piece(self.speaker, text)]
        return split_inline(text, self.table, self.speaker)

    def _inline_headings(self, texts: list[Block]) -> set[str]:
        """The phrases that stand as headings between inline turns: in a document whose turns end
        with punctuation, one set off by spaces, or any that recur as a pattern (two or more)."""
        if not self.opts.detect_loose_headings:
            return set()
        pieces = []
        for b in texts:
            found = self._label_speaker(b.text)
            pieces += split_inline(found[1].rest if found else b.text, self.table, None)
        if not mostly_punctuated(pieces):
            return set()
        found = [h for h in map(trailing_heading, pieces) if h]
        return {title for _, title, spaced in found if spaced or len(found) >= 2}
