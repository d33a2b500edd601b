"""The importer for transcripts as the web gives them, and the shared builder that voicecast's own
Markdown format uses too: paragraphs in, chapters of speaker turns out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang import detect_lang
from ..script import Chapter, Script, Turn
from .blocks import Block, normalize_inline_pauses, to_blocks
from .clean import drop_dangling_colon, strip_markup
from .headings import looks_like_heading, run_in_number, sentence_starters, split_run_in
from .labels import SpeakerTable, inline_labels, label_at_start

# "1. 我认为…", "- item": list markers are layout, not speech.
_LIST_MARKER_RE = re.compile(r"^\s*(?:\d{1,3}[.)、]\s+|[-*+•]\s+)")


@dataclass
class BuildOptions:
    trust_labels: bool = False  # voicecast's own format: every label is deliberate
    known_speakers: dict[str, str] = field(default_factory=dict)  # alias/name → canonical
    title_from_h1: bool = True  # a lone H1 on the first line is the title, not a chapter
    detect_loose_headings: bool = True  # short standalone lines and run-in numbered sections
    language: str | None = None  # the script's language when the source says it (front matter)


def parse_transcript(text: str, title: str = "", known_speakers: dict[str, str] | None = None,
                     path: str | None = None) -> Script:
    """Parse a transcript copied from the web (Markdown-ish, plain ``Speaker: text``, one-line blobs)."""
    return build_script(text, BuildOptions(known_speakers=dict(known_speakers or {})), title, path, "transcript")


def build_script(text: str, opts: BuildOptions, title: str = "", path: str | None = None,
                 source_format: str = "transcript") -> Script:
    table = SpeakerTable(opts.known_speakers, trust=opts.trust_labels)

    def opens_paragraph(line: str) -> bool:
        label = label_at_start(line)
        return bool(label and (label.bold or opts.trust_labels or table.resolve(label.name, at_start=True) is not None))

    # First pass: count label candidates over the raw paragraphs so the table can decide.
    blocks, _ = to_blocks(text, starts_paragraph=None, path=path)
    texts = [b.text for b in blocks if b.kind == "text"]
    labelled = sum(_observe(table, t) for t in texts)
    # A transcript where most paragraphs open with a label trusts a label seen only once.
    table.dense = len(texts) >= 3 and labelled * 2 >= len(texts)
    # Second pass: now that speakers are known, a labelled line opens a paragraph even mid-block.
    blocks, _ = to_blocks(text, starts_paragraph=opens_paragraph, path=path)

    meta = {}
    for b in blocks:
        if b.kind == "meta":
            key, value = b.text.split("\t", 1)
            meta.setdefault(key, value.strip(" *"))
    blocks = [b for b in blocks if b.kind != "meta"]

    h1s = [b for b in blocks if b.kind == "heading" and b.level == 1]
    if opts.title_from_h1 and len(h1s) == 1 and blocks and blocks[0] is h1s[0]:
        title = h1s[0].text or title
        meta.setdefault("title", h1s[0].text)
        blocks = blocks[1:]

    builder = _Builder(table, opts, blocks)
    chapters = builder.run()
    turns = [t for ch in chapters for t in ch.turns]
    language = opts.language or _dominant_lang(turns)
    for t in turns:  # evenly mixed turns take the script's language
        t.lang = detect_lang(t.text, default=language)
    return Script(title=title or meta.get("title", ""), language=language, chapters=chapters, meta=meta,
                  source_format=source_format)


def _observe(table: SpeakerTable, paragraph: str) -> bool:
    """Count the label candidates of one paragraph; True if it opens with one."""
    label = label_at_start(paragraph)
    rest = paragraph
    if label:
        table.observe(label.name, label.bold)
        rest = label.rest
    for _, _, name in inline_labels(rest):
        table.observe(name)
    return label is not None


def _dominant_lang(turns: list[Turn]) -> str:
    weight = {"zh": 0, "en": 0}
    for t in turns:
        weight[t.lang] += len(t.text)
    return "zh" if weight["zh"] >= weight["en"] else "en"


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
        self.run_in = opts.detect_loose_headings and not has_structure and _has_run_in_sections(texts)
        self.starters = sentence_starters([b.text for b in texts]) if self.run_in else None

    def _label_speaker(self, paragraph: str):
        label = label_at_start(paragraph)
        if not label:
            return None
        resolved = self.table.resolve(label.name, at_start=True)
        return None if resolved is None else (resolved, label)

    @property
    def chapter(self) -> Chapter:
        return self.chapters[-1]

    def new_chapter(self, title: str, line: int) -> None:
        if not self.chapters[-1].turns and not self.chapters[-1].title and len(self.chapters) == 1:
            self.chapters[-1] = Chapter(title=title, line=line, pause_before_ms=self.chapters[-1].pause_before_ms)
        else:
            self.chapters.append(Chapter(title=title, line=line))
        self.speaker = None

    def add_turn(self, speaker: str | None, raw: str, line: int) -> None:
        text = drop_dangling_colon(strip_markup(normalize_inline_pauses(_LIST_MARKER_RE.sub("", raw))))
        if not text or not any(ch.isalnum() for ch in text):
            return
        self.chapter.turns.append(Turn(speaker=speaker, text=text, lang=detect_lang(text), line=line))

    def run(self) -> list[Chapter]:
        texts_after = self._next_text_index()
        for i, b in enumerate(self.blocks):
            if b.kind == "heading":
                self.new_chapter(b.text, b.line)
            elif b.kind == "bold":
                if b.level or self._is_loose_heading(i, b.text, texts_after):
                    self.new_chapter(b.text, b.line)
                else:  # emphasis, not a heading: an ordinary paragraph
                    self.text_block(i, Block("text", b.raw, b.line), texts_after)
            elif b.kind == "pause":
                if self.chapter.turns:
                    self.chapter.turns[-1].pause_after_ms += b.value
                else:
                    self.chapter.pause_before_ms += b.value
            elif b.kind == "text":
                self.text_block(i, b, texts_after)
        # Drop a leading untitled chapter that ended up empty.
        if len(self.chapters) > 1 and not self.chapters[0].title and not self.chapters[0].turns:
            self.chapters.pop(0)
        return self.chapters

    def _next_text_index(self) -> list[int | None]:
        nxt: list[int | None] = [None] * len(self.blocks)
        upcoming = None
        for i in range(len(self.blocks) - 1, -1, -1):
            nxt[i] = upcoming
            if self.blocks[i].kind in ("text", "bold", "heading"):
                upcoming = i
        return nxt

    def _is_loose_heading(self, i: int, text: str, texts_after: list[int | None]) -> bool:
        """A short standalone line between turns, followed by a labelled turn, is a chapter title."""
        if not (self.opts.detect_loose_headings and self.has_labels and looks_like_heading(strip_markup(text))):
            return False
        j = texts_after[i]
        if j is None or self.blocks[j].kind != "text":
            return False
        return self._label_speaker(self.blocks[j].text) is not None

    def text_block(self, i: int, b: Block, texts_after: list[int | None]) -> None:
        text = b.text
        if self.run_in and run_in_number(text) is not None:
            title, body = split_run_in(text, self.starters)
            self.new_chapter(strip_markup(title), b.line)
            text = body
            if not text:
                return
        found = self._label_speaker(text)
        if found is not None:
            speaker, label = found
            self.speaker = speaker or None
            text = label.rest
        elif self._is_loose_heading(i, text, texts_after):
            self.new_chapter(strip_markup(text), b.line)
            return
        for speaker, piece in self._split_inline(text):
            self.add_turn(speaker, piece, b.line)

    def _split_inline(self, text: str):
        """Yield ``(speaker, text)`` for each inline-labelled run inside one paragraph (never in
        voicecast's own format, where a label opens a paragraph and a colon inside is just text)."""
        start = 0
        speaker = self.speaker
        for pos, end, name in ([] if self.opts.trust_labels else inline_labels(text)):
            resolved = self.table.resolve(name)
            before = ""
            if resolved is None:
                split = self.table.split_prefix(name)
                if split is None:
                    continue
                before, resolved = split
            yield speaker, text[start:pos] + before
            speaker = resolved or None
            start = end
        self.speaker = speaker
        yield speaker, text[start:]


def _has_run_in_sections(texts: list[Block]) -> bool:
    """Two or more paragraphs numbered 1., 2., … in order, heading running into the text."""
    positions = [(i, run_in_number(b.text)) for i, b in enumerate(texts)]
    positions = [(i, n) for i, n in positions if n is not None]
    numbers = [n for _, n in positions]
    if len(numbers) < 2 or numbers[0] != 1 or any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        return False
    # Sections have bodies between their headings; a numbered list's items stand side by side.
    gaps = [b - a for (a, _), (b, _) in zip(positions, positions[1:], strict=False)]
    return sum(1 for g in gaps if g > 1) * 2 >= len(gaps)
