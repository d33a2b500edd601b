"""Readers for sources that are not plain text: each one is told apart by its first bytes and its
name, and turns the file into transcript text plus what the file says about itself (title, author,
date, a cover). The transcript importer then finds speakers, headings and junk as for any text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def _epub(path: Path) -> Document:
    book = read_epub(path)
    return Document(book.text, book.meta, loose_headings=False, cover=book.cover)


@dataclass(frozen=True)
class Reader:
    detect: Callable[[Path, bytes], bool]
    read: Callable[[Path], Document]


READERS: dict[str, Reader] = {
    "docx": Reader(is_docx, lambda p: Document(*read_docx(p))),
    "epub": Reader(is_epub, _epub),
    "pdf": Reader(is_pdf, lambda p: Document(*read_pdf(p))),
    "html": Reader(lambda p, head: is_html(p.suffix, head), lambda p: Document(*read_html(p.read_bytes(), str(p)))),
}
HEAD_BYTES = 512


def reader_for(path: Path, head: bytes, fmt: str | None) -> str | None:
    """The reader a file needs (``fmt`` when it names one), or ``None`` for a text transcript."""
    if fmt is not None:
        return fmt if fmt in READERS else None
    return next((name for name, reader in READERS.items() if reader.detect(path, head)), None)
