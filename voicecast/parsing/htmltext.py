"""An HTML element tree written out as the Markdown-ish text the transcript importer reads:
``#``–``###`` headings, a bold run that opens a paragraph kept as ``**bold**`` (a speaker label, or a
bold heading line), list items, table rows, line breaks, and links as ``[text](href)`` so a paragraph
made only of links reads as navigation. Pictures, captions, scripts, forms, navigation and asides
are left out. Shared by the web-page and EPUB importers; pure (an lxml tree in, blocks out)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

# Never part of what is said: code, media, page furniture, the caption under a picture.
DROP_TAGS = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "video",
             "audio", "canvas", "img", "picture", "figure", "figcaption", "form", "button", "select", "input",
             "textarea", "nav", "aside", "footer", "head", "title", "meta", "link", "sup", "rt", "rp"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
              "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3",
              "h4", "h5", "h6", "hr", "body", "html", "center", "address", "details", "summary"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_WS_RE = re.compile(r"[ \t\r\n\u00a0]+")
_BR = "\x00"  # a <br> while a paragraph is put together, told apart from the source's own newlines
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\u00a0]*\n")
# An element that names who speaks, by its class (``ts-name``, ``speaker``, ``interviewer``).
_LABEL_CLASS_RE = re.compile(r"(?:^|[-_\s])(?:speaker|name|who|interviewer|interviewee|host|guest|character|person)"
                             r"(?:$|[-_\s])", re.I)
# A link whose text is a time is a seek link into a video, not speech: ``(00:01:03)``.
_TIME_LINK_RE = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*$")
_LABEL_MAX = 40
_CAPTION_MAX = 80  # characters: text this short sharing a paragraph with a picture is its caption


@dataclass
class Block:
    kind: str  # "heading", "text", "row"
    text: str
    level: int = 0
    element: etree._Element | None = None  # where it came from (to match against the main content)


def tag_of(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()  # XHTML (EPUB) elements carry a namespace


def is_bold(el) -> bool:
    return tag_of(el) in ("strong", "b") or bool(_BOLD_STYLE_RE.search(el.get("style") or ""))


def walk(root) -> list[Block]:
    """The blocks under ``root`` in reading order."""
    return list(_blocks(root))


def _blocks(el) -> Iterator[Block]:
    tag = tag_of(el)
    if tag in DROP_TAGS or not tag or _hidden(el):
        return
    if tag in HEADINGS or tag in ("h4", "h5", "h6"):
        text = _collapse(el.xpath("string()"))
        if text:
            yield Block("heading", text, HEADINGS.get(tag, 0), el)
        return
    if tag == "tr":
        cells = [_collapse(c.xpath("string()")) for c in el if tag_of(c) in ("td", "th")]
        if any(cells):
            yield Block("row", "| " + " | ".join(cells) + " |", 0, el)
        return
    if tag == "hr":
        return
    inline: list = []  # the text and inline children since the last block child
    if el.text:
        inline.append(el.text)
    for child in el:
        if tag_of(child) in BLOCK_TAGS:
            yield from _paragraph(inline, el, tag)
            inline = []
            yield from _blocks(child)
        elif not _hidden(child):  # dropped ones say nothing, but a picture marks a caption
            inline.append(child)
        if child.tail:
            inline.append(child.tail)
    yield from _paragraph(inline, el, tag)


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None or el.get("aria-hidden") == "true"


def _paragraph(parts: list, parent, tag: str) -> Iterator[Block]:
    if not parts:
        return
    out: list[str] = []
    started = False  # has anything been said yet (a bold run can only be a label before that)
    for part in parts:
        out.append(part if isinstance(part, str) else _inline(part, at_start=not started))
        started = started or bool(out[-1].strip())
    whole = "".join(out)
    if tag != "pre":  # a newline in the source is a space; only <br> (and <pre>) break a line
        whole = whole.replace("\n", " ")
    whole = whole.replace(_BR, "\n")
    if len(_collapse(whole)) <= _CAPTION_MAX and any(_is_picture(p) for p in parts):
        return  # a caption beside its picture
    # Lines kept as the page broke them (<br>, <pre>); an empty line between them (<br><br>) ends a paragraph.
    for piece in _BLANK_LINE_RE.split(whole):
        text = "\n".join(line for line in map(_collapse, piece.split("\n")) if line)
        if text:
            yield Block("text", ("- " + text) if tag == "li" else text, 0, parent)


def _is_picture(part) -> bool:
    return not isinstance(part, str) and (tag_of(part) in ("img", "picture", "svg")
                                          or bool(part.xpath(".//*[local-name()='img']")))


def _inline(el, at_start: bool) -> str:
    tag = tag_of(el)
    if tag in DROP_TAGS or _hidden(el):
        return ""
    if tag == "br":
        return _BR
    if tag == "ruby":  # the base text, not its reading
        return "".join(el.xpath("text()|./rb/text()"))
    pieces = [el.text or ""]
    said = bool(pieces[0].strip())
    for child in el:
        pieces += [_inline(child, at_start and not said), child.tail or ""]
        said = said or bool(pieces[-2].strip() or pieces[-1].strip())
    inner = "".join(pieces)
    if tag == "a" and _TIME_LINK_RE.match(inner):
        return ""
    if tag == "a" and el.get("href") and inner.strip():
        return f"[{inner.strip()}]({el.get('href')})"
    short = 0 < len(inner.strip()) <= _LABEL_MAX and "**" not in inner and _BR not in inner
    if at_start and short and _LABEL_CLASS_RE.search(el.get("class") or ""):
        name = inner.strip()
        return f"**{name}**" if name.endswith((":", "：")) else f"**{name}:** "
    if at_start and short and is_bold(el):
        return f"**{inner.strip()}**"
    return inner


def _collapse(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def to_text(blocks: list[Block], top_level: int = 1) -> str:
    """The blocks as transcript text: headings as ``#`` lines (``top_level`` is the level that
    becomes ``##``, a chapter), paragraphs separated by blank lines, table rows kept together, and a
    bold name that opens paragraphs again and again (``**Host** Question…``) made a label."""
    out: list[str] = []
    for b in with_labels(blocks):
        if b.kind == "heading" and b.level:
            out.append("#" * max(2, min(3, b.level - top_level + 2)) + " " + b.text)
        elif b.kind == "row":
            if out and out[-1].startswith("|"):
                out[-1] += "\n" + b.text
            else:  # the first row is the header, as a Markdown table has it
                out.append(b.text + "\n|" + " --- |" * (b.text.count(" | ") + 1))
        else:  # a paragraph that happens to start with "#" is not a heading in a web page
            out.append("\\" + b.text if b.text.startswith("#") else b.text)
    return "\n\n".join(out)


# "**Host** Question…": a bold run without a colon opening a paragraph, and speech after it.
_BOLD_OPENER_RE = re.compile(r"^\*\*([^*:：\n]{1,40})\*\*(?=\s*\S)")
_SENTENCE_MARKS = set("。！？!?，,；;.")


def with_labels(blocks: list[Block]) -> list[Block]:
    """The blocks with each recurring bold opener (``**Host** Question…``) written as a label."""
    labels = recurring_bold_openers(blocks)
    if not labels:
        return blocks

    def label(m: re.Match) -> str:
        return f"**{m.group(1)}:**" if m.group(1) in labels else m.group(0)

    return [Block(b.kind, _BOLD_OPENER_RE.sub(label, b.text, count=1), b.level, b.element) if b.kind == "text" else b
            for b in blocks]


def recurring_bold_openers(blocks: list[Block]) -> set[str]:
    """Bold names that open two or more paragraphs with speech after them: labels without a colon.
    A bold phrase with sentence punctuation, or one that opens a paragraph once, is emphasis."""
    counts: dict[str, int] = {}
    for b in blocks:
        m = _BOLD_OPENER_RE.match(b.text) if b.kind == "text" else None
        if m and not _SENTENCE_MARKS & set(m.group(1)):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return {name for name, n in counts.items() if n >= 2}


def normalized(text: str) -> str:
    """Text without spacing, colons and Markdown escapes, to compare what two extractions kept (one
    may have glued a name to its speech where the other wrote a label)."""
    return re.sub(r"[\s\\:：]+", "", text)
