"""E-books (EPUB 2 and 3) read as scripts: the book's table of contents gives the chapters (an entry
may point into the middle of a file), the text in between goes through the transcript importer (so
an interview book keeps its speakers), the title, author, date and cover come from the package.
Pages before the first chapter of the contents (cover, title page, copyright) are not read.
Books with DRM and files that are not EPUBs get one clear line."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import ScriptError
from .htmltext import Block, normalized, walk, with_labels

# Fonts are often "obfuscated" (a published, keyless scheme): that is not DRM.
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_ALGORITHM_RE = re.compile(r'Algorithm="([^"]+)"')


@dataclass
class Book:
    text: str
    meta: dict[str, str]
    cover: tuple[bytes, str] | None  # image bytes and file suffix


def is_epub(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".epub"


def read_epub(path: Path) -> Book:
    import ebooklib
    from ebooklib import epub

    _refuse_drm(path)
    try:
        book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except (epub.EpubException, zipfile.BadZipFile, KeyError, ValueError, AttributeError, IndexError) as exc:
        raise ScriptError(f"not a readable EPUB ({exc}); check the file, or convert it again (e.g. with Calibre)",
                          str(path)) from None
    toc = without_front_matter(_flatten(book.toc), _front_matter_files(book))
    docs = [book.get_item_with_id(idref) for idref, _linear in book.spine]
    docs = [d for d in docs if d is not None and d.get_type() == ebooklib.ITEM_DOCUMENT
            and not isinstance(d, epub.EpubNav)]
    meta = _metadata(book)
    narrator = "旁白" if meta.pop("language", "").lower().startswith("zh") else "Narrator"
    parts = _chapters(docs, toc, narrator)
    return Book("\n\n".join(parts), meta, _cover(book))


def _refuse_drm(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "META-INF/rights.xml" in names:
                raise ScriptError("is protected by DRM (META-INF/rights.xml); voicecast can only read DRM-free books",
                                  str(path))
            if "META-INF/encryption.xml" in names:
                algorithms = _ALGORITHM_RE.findall(zf.read("META-INF/encryption.xml").decode("utf-8", "replace"))
                if any(a not in _FONT_OBFUSCATION for a in algorithms):
                    raise ScriptError("is protected by DRM (its text is encrypted); voicecast can only read DRM-free "
                                      "books", str(path))
    except zipfile.BadZipFile as exc:
        raise ScriptError(f"not a readable EPUB ({exc}); check the file, or download it again", str(path)) from None


def _flatten(toc) -> list[tuple[str, str | None, str]]:
    """``(file, fragment, title)`` for every contents entry, nested entries after their parent."""
    out: list[tuple[str, str | None, str]] = []
    for entry in toc:
        if isinstance(entry, tuple):  # (Section or Link, children)
            head, children = entry
            if getattr(head, "href", None):
                out.append(_target(head.href, head.title))
            out += _flatten(children)
        elif getattr(entry, "href", None):
            out.append(_target(entry.href, entry.title))
    return out


# What a book's front matter is called in its contents: it is not read, whatever the contents say.
_FRONT_MATTER_RE = re.compile(
    r"^(?:title(?: page)?|half[- ]title|copyright(?: page)?|(?:table of )?contents|cover|imprint|colophon|"
    r"封面|书名页|書名頁|扉页|扉頁|版权(?:页|信息|声明)?|版權(?:頁|信息|聲明)?|目录|目錄|内容提要|內容提要)$", re.I)
# The EPUB 2 guide's and EPUB 3 landmarks' types for the same pages.
_FRONT_MATTER_TYPES = {"cover", "title-page", "titlepage", "copyright-page", "toc", "loi", "lot", "halftitlepage"}


def _front_matter_files(book) -> set[str]:
    """Files the guide types as cover, title page, copyright page or contents."""
    return {posixpath.normpath(unquote(g.get("href", "")).partition("#")[0]) for g in getattr(book, "guide", [])
            if str(g.get("type", "")).lower() in _FRONT_MATTER_TYPES}


def without_front_matter(toc: list[tuple[str, str | None, str]], typed: set[str]) -> list[tuple[str, str | None, str]]:
    """The contents without its front matter: entries the guide types as such, or named so."""
    return [e for e in toc if e[0] not in typed and not _FRONT_MATTER_RE.match(e[2].strip(" :：."))]


def _target(href: str, title: str) -> tuple[str, str | None, str]:
    file, _, fragment = unquote(href).partition("#")
    return posixpath.normpath(file), (fragment or None), (title or "").strip()


def _chapters(docs, toc: list[tuple[str, str | None, str]], narrator: str) -> list[str]:
    """The book's text with a ``## title`` line where each contents entry points; the book's own
    headings instead where it has no contents, or where its contents lists only a few of them."""
    by_file: dict[str, list[tuple[str | None, str]]] = {}
    for file, fragment, title in toc:
        by_file.setdefault(file, []).append((fragment, title))
    started = not toc
    read = []
    for doc in docs:
        entries = by_file.get(posixpath.normpath(doc.get_name()), [])
        started = started or bool(entries)
        if started and (parsed := _parse(doc.get_content())) is not None:
            read.append((*parsed, entries))
    own = not toc or partial_contents(len(toc), [b for _, blocks, _ in read for b in blocks])
    parts: list[str] = []
    for root, blocks, entries in read:
        parts += _document_text(root, blocks, [] if own else entries, own, narrator)
    return parts


def partial_contents(entries: int, blocks: list[Block]) -> bool:
    """A contents that lists only a few of the book's chapters (a partial NCX: 3 entries for the
    twelve ``Chapter I … XII`` headings): the headings of the book's top level, at least twice as
    many as the entries and three more, are the chapters."""
    levels = [b.level for b in blocks if b.kind == "heading" and b.level]
    top = sum(1 for level in levels if level == min(levels)) if levels else 0
    return top >= 2 * entries and top - entries >= 3


def _parse(content: bytes):
    import lxml.html

    try:
        root = lxml.html.fromstring(content)
    except (ValueError, lxml.etree.ParserError):
        return None
    return root, with_labels(walk(root))


def _document_text(root, blocks: list[Block], entries: list[tuple[str | None, str]], keep_headings: bool,
                   narrator: str) -> list[str]:
    marks = _marks(root, blocks, entries)
    out: list[str] = []
    title_pending = ""
    for b in blocks:
        for title in marks.pop(b.element, []) if b.element is not None else []:
            out.append(f"## {title}")
            title_pending = title
        if b.kind == "heading":
            if keep_headings and b.level:
                out.append(f"## {b.text}")
            elif not (title_pending and normalized(b.text) in normalized(title_pending)):
                out.append(f"**{narrator}:** {b.text}")  # a section the contents leaves out: read, by the narrator
            title_pending = ""
            continue
        title_pending = ""
        out.append(b.text)
    return out


def _marks(root, blocks: list[Block], entries: list[tuple[str | None, str]]) -> dict[Any, list[str]]:
    """For each block element a contents entry points at (or the first block, for an entry that
    names the file alone), the titles that begin there. An entry pointing past the last block
    would be an empty chapter: it is left out."""
    if not blocks:
        return {}
    first = blocks[0].element
    order: dict[Any, int] = {}  # document order of every element, built once when an entry needs it
    marks: dict[Any, list[str]] = {}
    for fragment, title in entries:
        target = first
        if fragment:
            found = root.xpath("//*[@id=$f or @name=$f]", f=fragment)
            order = order or {node: i for i, node in enumerate(root.getroottree().getroot().iter())}
            target = _block_at_or_after(found[0], blocks, order) if found else first
        if target is not None and title:
            marks.setdefault(target, []).append(title)
    return marks


def _block_at_or_after(el, blocks: list[Block], order: dict[Any, int]):
    """The element of the first block that is ``el``, inside it, or after it in the document."""
    at = order.get(el, 0)
    for b in blocks:
        if b.element is not None and order.get(b.element, -1) >= at:
            return b.element
    return None


def _metadata(book) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, name in (("title", "title"), ("author", "creator"), ("date", "date"), ("language", "language"),
                      ("description", "description"), ("publisher", "publisher")):
        values = [v for v, _attrs in book.get_metadata("DC", name) if v and str(v).strip()]
        if values:
            meta[key] = ", ".join(str(v).strip() for v in values) if key == "author" else str(values[0]).strip()
    return meta


def _cover(book) -> tuple[bytes, str] | None:
    import ebooklib

    candidates = list(book.get_items_of_type(ebooklib.ITEM_COVER))
    cover_id = next((attrs.get("content") for _v, attrs in book.get_metadata("OPF", "cover") if attrs), None)
    if cover_id and book.get_item_with_id(cover_id) is not None:
        candidates.append(book.get_item_with_id(cover_id))
    candidates += [i for i in book.get_items_of_type(ebooklib.ITEM_IMAGE) if "cover" in i.get_name().lower()]
    for item in candidates:
        suffix = Path(item.get_name()).suffix.lower()
        if suffix in (".jpg", ".jpeg", ".png"):
            return item.get_content(), suffix
    return None
