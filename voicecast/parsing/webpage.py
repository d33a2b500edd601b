"""A saved web page (or one fetched from a URL) read as a transcript.

trafilatura decides what the article is: which paragraphs are the text, and the title, author and
date. It writes structure (headings, bold labels) only for pages whose layout it knows, and loses it
on many Chinese pages (WeChat's ``#js_content``), so voicecast walks the page itself
(:mod:`.htmltext`) and keeps, in reading order, the blocks trafilatura kept, plus the headings
among them. readability-lxml was compared on the same fixtures and left out: it dropped the short
questions of an interview as low-scoring paragraphs (see BENCHMARKS.md, "Imports")."""

from __future__ import annotations

import copy
import re

from ..errors import ScriptError
from .clean import is_link_only
from .htmltext import Block, normalized, to_text, walk

_LIST_MARK_RE = re.compile(r"^\s*[-*•]\s+")  # trafilatura writes list items as "- item"
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_SHORT = 24  # characters: a block shorter than this is matched as a whole paragraph
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".php", ".asp", ".aspx")


def is_html(suffix: str, head: bytes) -> bool:
    """A web page by its extension, or by how it starts whatever it is called."""
    return suffix.lower() in HTML_SUFFIXES or bool(_HTML_START_RE.match(head.lstrip(b"\xef\xbb\xbf")))


def read_html(data: bytes | str, path: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """``(transcript text, metadata)`` of the article in a page."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise ScriptError("cannot read this as HTML; save the page again or pass --from transcript", path)
    doc = trafilatura.bare_extraction(copy.deepcopy(tree), url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_recall=True)
    text = getattr(doc, "text", "") or ""
    if not text.strip():
        raise ScriptError(f"no article text found in {path}; save the page again or pass --from transcript", path)
    meta = {key: str(getattr(doc, attr)) for key, attr in
            (("title", "title"), ("author", "author"), ("date", "date"), ("site", "sitename"),
             ("description", "description")) if getattr(doc, attr, None)}
    body = tree.find(".//body")
    blocks = article_blocks(walk(body if body is not None else tree), text, meta.get("title", ""))
    if not blocks:
        raise ScriptError(f"no article text found in {path}; save the page again or pass --from transcript", path)
    levels = [b.level for b in blocks if b.kind == "heading" and b.level]
    return to_text(blocks, top_level=min(levels, default=1)), meta


def plain(block: Block) -> str:
    """What a block says, without the bold and link markup the walker wrote."""
    return _LINK_RE.sub(r"\1", block.text).replace("**", "").removeprefix("- ")


def article_blocks(blocks: list[Block], kept_text: str, title: str) -> list[Block]:
    """The blocks trafilatura kept as the article (``kept_text``), in the page's order, with the
    headings among them (and right before them) that it dropped; the heading that repeats the title
    goes to the title."""
    kept = normalized(kept_text)
    kept_lines = {normalized(_LIST_MARK_RE.sub("", line)) for line in kept_text.split("\n")}

    def line_kept(said: str) -> bool:
        # A short block must be a whole paragraph of the article: "Podcast" is inside many of them.
        return bool(said) and (said in kept_lines or (len(said) >= _SHORT and said in kept))

    def was_kept(b: Block) -> bool:
        if b.kind == "heading":
            return False
        if line_kept(normalized(plain(b))):
            return True
        # A paragraph of broken lines (<br>, <pre>): kept when most of its lines are, as the
        # extractor may leave out the line a label stands on.
        lines = [normalized(plain(Block(b.kind, line))) for line in b.text.split("\n")]
        return len(lines) > 1 and sum(map(line_kept, lines)) * 2 >= len(lines)

    is_kept = [was_kept(b) for b in blocks]
    if not any(is_kept):
        return []
    first = is_kept.index(True)
    last = len(blocks) - 1 - is_kept[::-1].index(True)
    while first > 0 and blocks[first - 1].kind == "heading":
        first -= 1
    out: list[Block] = []
    for i in range(first, last + 1):
        b = blocks[i]
        if b.kind == "heading":
            if b.level == 1 and title and normalized(b.text) == normalized(title) and not out:
                continue
            if out and _empty_section(out[-1], b):
                out.pop()
            out.append(b)
        elif is_kept[i] and not is_link_only(b.text):  # a list of links is navigation or a contents
            out.append(b)
    while out and out[-1].kind == "heading":  # a heading with nothing under it ("Comments")
        out.pop()
    return out


def _empty_section(previous: Block, heading: Block) -> bool:
    """A heading followed at once by one of its own rank or higher had nothing under it."""
    return previous.kind == "heading" and bool(previous.level) and bool(heading.level) and heading.level <= previous.level

