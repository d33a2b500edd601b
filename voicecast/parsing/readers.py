"""Readers for sources that are not plain text: each one is told apart by its first bytes and its
name, and turns the file into transcript text plus what the file says about itself (title, author,
date, a cover). The transcript importer then finds speakers, headings and junk as for any text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScriptError
from .archive import check_archive
from .documents import is_docx, read_docx
from .epub import is_epub, read_epub
from .pdf import is_pdf, read_pdf
from .webpage import is_html, read_html


@dataclass
class Document:
    text: str
    meta: dict[str, str]
    loose_headings: bool = True  # False where the file's own structure (a book's contents) is the whole truth
    cover: tuple[bytes, str] | None = None  # image bytes and suffix


def _docx(path: Path) -> Document:
    check_archive(path)
    return Document(*read_docx(path))


def _epub(path: Path) -> Document:
    check_archive(path)
    book = read_epub(path)
    return Document(book.text, book.meta, loose_headings=False, cover=book.cover)


@dataclass(frozen=True)
class Reader:
    detect: Callable[[Path, bytes], bool]
    read: Callable[[Path], Document]


READERS: dict[str, Reader] = {
    "docx": Reader(is_docx, _docx),
    "epub": Reader(is_epub, _epub),
    "pdf": Reader(is_pdf, lambda p: Document(*read_pdf(p))),
    "html": Reader(lambda p, head: is_html(p.suffix, head), lambda p: Document(*read_html(p.read_bytes(), str(p)))),
}
HEAD_BYTES = 512
ACCEPTED = "a transcript (.txt, .md), a web page (.html or a URL), .epub, .docx, .pdf, .srt or .vtt"
# Files people pass by mistake, by their first bytes: what they are, and the fix.
_UNSUPPORTED = [
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document (.doc)", "save it as .docx in Word or LibreOffice"),
    (b"{\\rtf", "an RTF document", "save it as .docx or plain text"),
    (b"\x89PNG", "a PNG picture", f"give {ACCEPTED}"),
    (b"\xff\xd8\xff", "a JPEG picture", f"give {ACCEPTED}; for a photo of a page, run OCR first"),
    (b"GIF8", "a GIF picture", f"give {ACCEPTED}"),
    (b"ID3", "an MP3 audio file", "voicecast makes audio from text; give the transcript"),
    (b"RIFF", "a RIFF (WAV/AVI) media file", "voicecast makes audio from text; give the transcript"),
    (b"OggS", "an Ogg audio file", "voicecast makes audio from text; give the transcript"),
    (b"fLaC", "a FLAC audio file", "voicecast makes audio from text; give the transcript"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
]


def reader_for(path: Path, head: bytes, fmt: str | None) -> str | None:
    """The reader a file needs (``fmt`` when it names one), or ``None`` for a text transcript; a
    file of a kind voicecast does not read gets one clear line."""
    if fmt is not None:
        return fmt if fmt in READERS else None
    found = next((name for name, reader in READERS.items() if reader.detect(path, head)), None)
    if found is None:
        _refuse_unsupported(path, head)
    return found


def _refuse_unsupported(path: Path, head: bytes) -> None:
    for magic, kind, fix in _UNSUPPORTED:
        if head.startswith(magic):
            raise ScriptError(f"is {kind}, which voicecast does not read; {fix}", str(path))
    if head[4:8] == b"ftyp":
        raise ScriptError("is an MP4/M4A media file, which voicecast does not read; voicecast makes audio from text; "
                          "give the transcript", str(path))
    if head.startswith(b"PK\x03\x04"):
        raise ScriptError(f"is a ZIP archive that is not an .epub or .docx; unpack it, or give {ACCEPTED}", str(path))
