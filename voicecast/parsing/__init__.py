"""Importers: one per source format, auto-detected. ``parse_text`` is pure; ``parse_file`` reads."""

from __future__ import annotations

from pathlib import Path

from ..errors import ScriptError
from ..script import Script
from .bilingual import looks_bilingual, parse_bilingual
from .captions import looks_like_captions, parse_captions
from .clean import decode_entities
from .documents import is_docx, read_docx
from .layout import undo_layout
from .markdown import has_front_matter, parse_markdown
from .source import read_head, read_source
from .trace import Trace
from .transcript import parse_transcript

FORMATS = ("voicecast", "transcript", "bilingual", "subtitles", "docx")


def detect_format(text: str) -> str:
    """``subtitles`` (SRT or WebVTT), ``voicecast`` (front matter), ``bilingual`` (line-by-line
    English + Mandarin) or ``transcript``."""
    if looks_like_captions(text):
        return "subtitles"
    if has_front_matter(text):
        return "voicecast"
    if looks_bilingual(text):
        return "bilingual"
    return "transcript"


def parse_text(text: str, fmt: str | None = None, title: str = "", known_speakers: dict[str, str] | None = None,
               path: str | None = None, trace: Trace | None = None) -> Script:
    """Parse transcript text into a :class:`Script`. ``known_speakers`` maps names and aliases (from
    voices.yaml) to canonical speaker names; ``trace`` collects the evidence behind the structure."""
    text = decode_entities(text)  # before anything else, for every importer
    if fmt is None and looks_like_captions(text):
        fmt = "subtitles"
    if fmt != "subtitles":  # a subtitle file's timings are its structure, read by its importer
        text = undo_layout(text, trace)
        fmt = fmt or detect_format(text)
    if fmt == "subtitles":
        script = parse_captions(text, title, known_speakers, path)
    elif fmt == "voicecast":
        script = parse_markdown(text, title, known_speakers, path)
    elif fmt == "bilingual":
        script = parse_bilingual(text, title, path)
    elif fmt == "transcript":
        script = parse_transcript(text, title, known_speakers, path, trace)
    else:
        raise ScriptError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", path)
    if not any(ch.turns for ch in script.chapters):
        raise ScriptError("nothing to speak: no text left after removing headings, links and markup", path)
    return script


def parse_file(path: str | Path, fmt: str | None = None, known_speakers: dict[str, str] | None = None,
               trace: Trace | None = None) -> Script:
    p = Path(path)
    if fmt == "docx" or (fmt is None and is_docx(p, read_head(p))):
        text, meta = read_docx(p)
        script = parse_text(text, "transcript", title=meta.get("title") or p.stem, known_speakers=known_speakers,
                            path=str(p), trace=trace)
        for key, value in meta.items():  # the visible Title paragraph wins over the file's properties
            script.meta.setdefault(key, value)
        script.source_format = "docx"
        for chapter in script.chapters:  # lines of the extracted text are not lines of the document
            for turn in chapter.turns:
                turn.line = None
    else:
        text, encoding = read_source(p)
        script = parse_text(text, fmt, title=p.stem, known_speakers=known_speakers, path=str(p), trace=trace)
        script.meta.setdefault("encoding", encoding)
    script.path = str(p)
    return script
