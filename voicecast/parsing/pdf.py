"""PDF files read through their text layer (pypdf). What repeats at the top or bottom of the pages
(running headers, footers, page numbers) is dropped; lines wrapped by the page are re-joined into
paragraphs by the transcript importer's own rules (``lang.join_wrapped``: CJK without a space,
English with one, a hyphenated word mended); a paragraph ends on a line clearly shorter than the
page's full lines, and a speaker label starts one. The document outline, when there is one, gives the chapters.
A scanned PDF without a text layer gets one clear line that says so."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import ScriptError
from ..text.charclass import display_width
from ..text.lang import join_wrapped
from .delimiters import normalize_label_delimiters
from .labels import label_at_start

_EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be running furniture
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—·•\s]*\d{1,4}[-–—·•\s]*|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d{1,4}\s*页?)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$", re.I)
MAX_CONTENT_BYTES = 48 << 20  # a 1,000-page transcript draws some 10 MiB; a bomb, gigabytes
_MIN_TEXT_PER_PAGE = 20  # characters: below this on average, the pages are pictures of text
_HYPHENATED_RE = re.compile(r"[A-Za-z]-$")
_SENTENCE_END = tuple("。！？!?…”」』\".:：")


def is_pdf(path: Path, head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def read_pdf(path: Path) -> tuple[str, dict[str, str]]:
    """``(transcript text, metadata)`` of a PDF's text layer."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ScriptError("is password-protected; open it with its password and save an unprotected copy",
                              str(path))
        pages = _page_texts(reader, path)
        outline = _outline(reader)
    except ScriptError:
        raise
    except LimitReachedError:  # one stream past pypdf's own bound on what it inflates
        raise _too_large(path, "one of its streams alone is larger than pypdf inflates") from None
    except Exception as exc:  # pypdf raises many kinds on a damaged file (PdfReadError, ValueError, KeyError…)
        kind = "damaged" if isinstance(exc, PdfReadError) else "unreadable"
        raise ScriptError(f"not a readable PDF ({kind}: {exc}); export it again from the program that made it",
                          str(path)) from None
    if sum(len(p.strip()) for p in pages) < _MIN_TEXT_PER_PAGE * max(1, len(pages)):
        raise ScriptError("this PDF has no text layer (a scanned document?): run OCR first, e.g. "
                          "`ocrmypdf --language chi_sim+eng in.pdf out.pdf`, and pass the result", str(path))
    return pdf_text(pages, outline), _metadata(reader)


def _page_texts(reader, path: Path) -> list[str]:
    """The text of each page, each page's drawing instructions inflated and counted before its text
    is read: past ``MAX_CONTENT_BYTES`` for the document, it is refused before the time and memory
    a bomb asks for are spent."""
    texts, total = [], 0
    for number, page in enumerate(reader.pages, 1):
        total += _content_bytes(page)
        if total > MAX_CONTENT_BYTES:
            raise _too_large(path, f"the pages up to page {number} draw {total / 2**20:,.0f} MiB")
        texts.append((page.extract_text() or "").replace("\r", "\n"))
    return texts


def _content_bytes(page) -> int:
    """How many bytes a page's content streams inflate to (pypdf bounds each stream on its own)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = [item.get_object() for item in contents] if isinstance(contents, list) else [contents]
    return sum(len(stream.get_data()) for stream in streams if hasattr(stream, "get_data"))


def _too_large(path: Path, what: str) -> ScriptError:
    return ScriptError(f"too large when uncompressed: {what} (voicecast reads at most {MAX_CONTENT_BYTES >> 20} MiB "
                       "of page contents); it may be a PDF bomb, or export the pages you need", str(path))


def pdf_text(pages: list[str], outline: dict[int, list[str]] | None = None) -> str:
    """The text of the pages as transcript text: furniture out, paragraphs re-joined across lines and
    pages, a ``## title`` line where each outline entry's page begins. Pure."""
    lines_by_page = drop_furniture([drop_line_numbers([ln.strip() for ln in p.split("\n") if ln.strip()])
                                    for p in pages])
    lines_by_page = _labels_with_colons([[ln for ln in page if not is_index_line(ln)] for page in lines_by_page])
    full = _full_width([ln for page in lines_by_page for ln in page])
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(join_wrapped(_mend_hyphens(para)))
            para.clear()

    for number, lines in enumerate(lines_by_page):
        titles = (outline or {}).get(number, [])
        if titles:
            flush()
            out += [f"## {t}" for t in titles]
            lines = _without_title_lines(lines, titles)
        for line in lines:
            if para and label_at_start(line) is not None:
                flush()
            para.append(line)
            if _HYPHENATED_RE.search(line):  # a word goes on in the next line
                continue
            width = display_width(line)
            if width < 0.8 * full and line.endswith(_SENTENCE_END):
                flush()
            elif width < 0.5 * full:  # a short line that is no sentence: a heading or a list item
                flush()
    flush()
    return "\n\n".join(out)


def _labels_with_colons(pages: list[list[str]]) -> list[list[str]]:
    """Labels the document delimits otherwise (``Q. …``, ``Name– …``) written with a colon, so a
    line that opens with one starts a paragraph (delimiters.py decides from the whole document)."""
    flat = normalize_label_delimiters("\n".join(ln for page in pages for ln in page))[0].split("\n")
    out, at = [], 0
    for page in pages:
        out.append(flat[at : at + len(page)])
        at += len(page)
    return out


def _mend_hyphens(lines: list[str]) -> list[str]:
    """``infor-`` + ``mation`` → ``information``: a hyphen the typesetter added at a line end, between
    two lowercase letters. (A compound broken at its own hyphen loses it too; that reads the same.)"""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[a-z]-$", out[-1]) and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


_LINE_NUMBER_RE = re.compile(r"^(\d{1,2})(?:\s+|$)")
_MIN_NUMBERED = 8  # a numbered page (transcripts, legal filings) numbers 25 or 28 lines; a list, a few


_REFERENCE_RE = re.compile(r"^\[?\d{1,4}\]?:\d{1,2}[,;.]?$")


def is_index_line(line: str) -> bool:
    """A word index entry at the end of a transcript: a word or two and the page:line places it
    stands (``able 12:4 13:7 20:25``). Never speech."""
    tokens = line.split()
    refs = sum(1 for t in tokens if _REFERENCE_RE.match(t))
    return refs >= 2 and refs * 2 >= len(tokens)


def drop_line_numbers(lines: list[str]) -> list[str]:
    """A page whose lines are numbered 1, 2, 3 … down the margin (court and hearing transcripts):
    the numbers go, bare ones and the ones before text. Numbers that do not run in order from 1
    (a list, a figure) stay."""
    numbered = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := _LINE_NUMBER_RE.match(ln))]
    run: list[int] = []  # indices of the lines numbered 1, 2, 3 … in order
    for i, n in numbered:
        if n == len(run) + 1:
            run.append(i)
    if len(run) < _MIN_NUMBERED:
        return lines
    taken = set(run)
    out = []
    for i, line in enumerate(lines):
        if i in taken:
            line = _LINE_NUMBER_RE.sub("", line, count=1).strip()
        if line:
            out.append(line)
    return out


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Leave out the lines near a page's top or bottom that repeat on many pages once their digits
    are ignored (``Page 3 of 20``, a running title), and lone page numbers there."""
    if not pages:
        return pages
    edges = [_edges(lines) for lines in pages]
    seen = Counter((where, _shape(line)) for page in edges for _i, where, line in page)
    repeat = max(2, (len(pages) + 1) // 2)
    out = []
    for lines, page in zip(pages, edges, strict=True):
        drop = {i for i, where, line in page
                if _PAGE_NUMBER_RE.match(line) or (len(pages) >= 3 and seen[(where, _shape(line))] >= repeat)}
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    return out


def _edges(lines: list[str]) -> list[tuple[int, str, str]]:
    """``(index, "top" or "bottom", line)`` for the lines that may be furniture."""
    n = max(1, min(_EDGE_LINES, len(lines) // 5))  # a short page has fewer lines of furniture
    top = [(i, "top", lines[i]) for i in range(min(n, len(lines)))]
    bottom = [(i, "bottom", lines[i]) for i in range(max(len(lines) - n, n), len(lines))]
    return top + bottom


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _full_width(lines: list[str]) -> float:
    """The width of a full line of the page: the 80th percentile of the line widths."""
    widths = sorted(display_width(ln) for ln in lines)
    return float(widths[int(0.8 * (len(widths) - 1))]) if widths else 0.0


def _without_title_lines(lines: list[str], titles: list[str]) -> list[str]:
    """The page's own lines that spell an outline title (the heading the entry points at)."""
    keys = {re.sub(r"\s+", "", t) for t in titles}
    return [ln for ln in lines if re.sub(r"\s+", "", ln) not in keys]


def _outline(reader) -> dict[int, list[str]]:
    """The page each outline entry points at, and its titles, nested entries included."""
    found: dict[int, list[str]] = {}

    def visit(items) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # an entry pointing nowhere (or at a named destination that is gone)
                continue
            title = str(getattr(item, "title", "") or "").strip()
            if title and page is not None and page >= 0:
                found.setdefault(page, []).append(title)

    try:
        visit(reader.outline)
    except Exception:  # a damaged outline is no reason to refuse the text
        return {}
    return found


def _metadata(reader) -> dict[str, str]:
    info = reader.metadata or {}
    meta = {}
    for key, field in (("title", "/Title"), ("author", "/Author")):
        value = str(info.get(field) or "").strip()
        if value and not value.lower().startswith(("microsoft word", "untitled")):
            meta[key] = value
    created = str(info.get("/CreationDate") or "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if m:
        meta["date"] = "-".join(m.groups())
    return meta
