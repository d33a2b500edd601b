"""Importers: one per source format, auto-detected. ``parse_text`` is pure; ``parse_file`` reads."""

from __future__ import annotations

from pathlib import Path

from ..errors import ScriptError
from ..text.script import Script
from .bilingual import looks_bilingual, parse_bilingual
from .captions import looks_like_captions, parse_captions
from .clean import decode_entities, standard_ideographs
from .fetch import fetch_page, is_url, store_file
from .layout import undo_layout
from .markdown import OWN_KEYS, has_front_matter, own_front_matter, parse_front_matter, parse_markdown
from .readers import HEAD_BYTES, READERS, Document, reader_for
from .source import read_head, read_source
from .trace import Trace
from .transcript import parse_transcript
from .webpage import read_html

TEXT_FORMATS = ("voicecast", "transcript", "bilingual", "subtitles")
FORMATS = TEXT_FORMATS + tuple(READERS)


def detect_format(text: str) -> str:
    """``subtitles`` (SRT or WebVTT), ``voicecast`` (front matter), ``bilingual`` (line-by-line
    English + Mandarin) or ``transcript``."""
    if looks_like_captions(text):
        return "subtitles"
    if has_front_matter(text):
        return "voicecast" if own_front_matter(text) else "transcript"
    if looks_bilingual(text):
        return "bilingual"
    return "transcript"


def parse_text(text: str, fmt: str | None = None, title: str = "", known_speakers: dict[str, str] | None = None,
               path: str | None = None, trace: Trace | None = None, loose_headings: bool = True) -> Script:
    """Parse transcript text into a :class:`Script`. ``known_speakers`` maps names and aliases (from
    voices.yaml) to canonical speaker names; ``trace`` collects the evidence behind the structure;
    ``loose_headings=False`` takes only marked headings as chapters."""
    text = standard_ideographs(decode_entities(text))  # before anything else, for every importer
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
        fields, body = parse_front_matter(text, path)  # a site's article: its front matter is metadata
        script = parse_transcript(body, fields.get("title") or title, known_speakers, path, trace, loose_headings)
        script.meta.update({k: v for k, v in fields.items() if k in OWN_KEYS and k != "title"})
        if fields:  # for `check` to say why the file was not read as voicecast's own format
            script.meta["front_matter_unread"] = ", ".join(k for k in fields if k not in OWN_KEYS)
    else:
        raise ScriptError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", path)
    if not any(ch.turns for ch in script.chapters):
        raise ScriptError("nothing to speak: no text left after removing headings, links and markup", path)
    return script


def parse_file(path: str | Path, fmt: str | None = None, known_speakers: dict[str, str] | None = None,
               trace: Trace | None = None, refetch: bool = False, pages: Path | None = None) -> Script:
    """Read a transcript, a document (DOCX, EPUB, PDF, HTML) or a web page (``https://…``, fetched
    once and kept in ``pages``, with a document's cover) into a :class:`Script`;
    ``meta["source"]`` records where it came from."""
    if isinstance(path, str) and is_url(path):
        page = fetch_page(path, refresh=refetch, pages=pages)
        text, meta = read_html(page.markup, path, url=page.final_url)
        script = _from_document(Document(text, meta), "html", path, known_speakers, trace, pages)
        script.meta.setdefault("source", path)
        return script
    p = Path(path)
    name = reader_for(p, read_head(p, HEAD_BYTES), fmt)
    if name is not None:
        script = _from_document(READERS[name].read(p), name, str(p), known_speakers, trace, pages)
    else:
        text, encoding = read_source(p)
        script = parse_text(text, fmt, title=p.stem, known_speakers=known_speakers, path=str(p), trace=trace)
        script.meta.setdefault("encoding", encoding)
    script.path = str(p)
    script.meta.setdefault("source", str(p))
    return script


def _from_document(doc: Document, name: str, path: str, known_speakers: dict[str, str] | None,
                   trace: Trace | None, pages: Path | None = None) -> Script:
    # A page without a title is named by the last part of its address ("…/ep-12.html" → "ep-12").
    stem = Path(path.split("?")[0].rstrip("/")).stem or path
    script = parse_text(doc.text, "transcript", title=doc.meta.get("title") or stem, known_speakers=known_speakers,
                        path=path, trace=trace, loose_headings=doc.loose_headings)
    for key, value in doc.meta.items():  # what the text itself shows (a Title paragraph) wins
        if key != "title":
            script.meta.setdefault(key, value)
    if doc.cover is not None:
        script.meta.setdefault("cover", str(store_file(*doc.cover, pages=pages)))
    script.source_format = name
    for chapter in script.chapters:  # lines of the extracted text are not lines of the file
        chapter.line = None
        for turn in chapter.turns:
            turn.line = None
    return script
