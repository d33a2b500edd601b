"""Import timing for documents: a 300-page EPUB, a 1 MB web page, three hours of rolling auto-captions
(SRT) and a 300-page court transcript (PDF with line numbers, running header and footer), whole
`parse_file` (reading, extraction, the transcript importer) on the first run. For the captions, how
much is said against the text the cues hold once (1.0: every phrase once); for the PDF, how often the
furniture is spoken (0). With `--compare`, also how many turns and
speaker labels each saved page in tests/data/web gives with trafilatura (what voicecast uses)
and with readability-lxml choosing the article instead. Prints JSON.

    python bench/import.py [--pages 300] [--mb 1.0] [--hours 3] [--compare]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from voicecast.parsing import parse_file, parse_text
from voicecast.parsing.htmltext import to_text, walk

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "shared" / "samples"
WEB = HERE.parent / "tests" / "data" / "web"
PAGE_CHARS = 900  # Chinese characters on a printed page of a trade paperback


def _paragraphs() -> list[str]:
    files = sorted(SAMPLE.glob("001_*.txt"))
    source = files[0] if files else HERE.parent / "tests" / "data" / "plain_headings.txt"
    text = source.read_text(encoding="utf-8").split("**·END·**")[0]
    paras = [p.strip().replace("**", "").lstrip("# ") for p in text.split("\n\n") if len(p.strip()) > 20]
    return [p.replace("<", "").replace(">", "").replace("&", "和") for p in paras]


def _html_paragraph(p: str) -> str:
    if "：" in p[:12]:
        name, said = p.split("：", 1)
        return f"<p><strong>{name}：</strong>{said}</p>"
    return f"<p>{p}</p>"


def build_epub(path: Path, pages: int) -> int:
    from ebooklib import epub

    paras = _paragraphs()
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title("基准测试之书")
    book.set_language("zh")
    chapters, k, chars = [], 0, 0
    for n in range(pages // 10):
        body, size = [f"<h1>第{n + 1}章</h1>"], 0
        while size < 10 * PAGE_CHARS:
            p = paras[k % len(paras)]
            body.append(_html_paragraph(p))
            size += len(p)
            k += 1
        chars += size
        item = epub.EpubHtml(title=f"第{n + 1}章", file_name=f"c{n}.xhtml", lang="zh")
        item.content = f"<html><body>{''.join(body)}</body></html>"
        book.add_item(item)
        chapters.append(item)
    book.toc = [epub.Link(c.file_name, c.title, c.file_name) for c in chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)
    return chars


def build_html(path: Path, target_bytes: int) -> None:
    paras = _paragraphs()
    nav = "".join(f"<li><a href='/c/{i}'>栏目{i}</a></li>" for i in range(200))
    script = "var data = [" + ",".join(f'{{"id":{i},"t":"x{i}"}}' for i in range(12000)) + "];"
    head = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>一篇很长的访谈</title><style>"
            f"{'.c{color:red} ' * 3000}</style><script>{script}</script></head><body><nav><ul>{nav}</ul></nav>"
            "<article><h1>一篇很长的访谈</h1>")
    tail = ("</article><section class='comments'>" + "<p>好文章！</p>" * 200 + "</section><footer>版权所有</footer>"
            "</body></html>")
    body, k = [], 0
    while len((head + "".join(body) + tail).encode()) < target_bytes:
        if k % 40 == 0:
            body.append(f"<h2>第{k // 40 + 1}部分</h2>")
        body.append(_html_paragraph(paras[k % len(paras)]))
        k += 1
    path.write_text(head + "".join(body) + tail, encoding="utf-8")


def _phrases() -> list[str]:
    """Sample 001's sentences cut into caption-sized phrases (12 characters or so)."""
    said = [p.split("：", 1)[1] for p in _paragraphs() if "：" in p[:12]]  # the turns' speech, labels off
    text = "".join("".join(p.split()) for p in said).replace(":", "，").replace("：", "，")
    return [text[i : i + 12] for i in range(0, len(text) - 12, 12)]


def build_rolling_srt(path: Path, hours: float) -> str:
    """Captions the way video sites generate them: each cue shows the line before again, then the
    next one, a cue every two seconds. Returns the text the cues hold, once each."""
    phrases, cues, said = _phrases(), [], []
    for i in range(int(hours * 1800)):
        now, previous = phrases[i % len(phrases)], phrases[(i - 1) % len(phrases)]
        start, end = 2 * i, 2 * i + 2
        stamp = lambda t: f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d},000"  # noqa: E731
        shown = f"{previous}\n{now}" if i else now
        cues.append(f"{i + 1}\n{stamp(start)} --> {stamp(end)}\n{shown}\n")
        said.append(now)
    path.write_text("\n".join(cues), encoding="utf-8")
    return "".join(said)


def build_court_pdf(path: Path, pages: int) -> None:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from pdfmake import make_pdf

    body = []
    for page in range(pages):
        lines = ["Official - Subject to Final Review"]
        for n in range(1, 26):
            lines.append(f"{n}  Q. Where were you on the evening of the {page * 25 + n}th, and who saw you?" if n % 2
                         else f"{n}  A. I was at home, reading a long book about the rivers of the north.")
        lines.append(f"Heritage Reporting Corporation {page + 1}")
        body.append(lines)
    make_pdf(path, body)


def _spoken(path: Path) -> str:
    return " ".join(t.text for c in parse_file(path).chapters for t in c.turns)


def _timed(path: Path) -> dict:
    start = time.perf_counter()
    script = parse_file(path)
    seconds = time.perf_counter() - start
    turns = [t for c in script.chapters for t in c.turns]
    return {"seconds": round(seconds, 3), "bytes": path.stat().st_size, "chapters": len(script.chapters),
            "turns": len(turns), "labelled_turns": sum(1 for t in turns if t.speaker), "speakers": len(script.speakers)}


def compare() -> dict:
    """Turns and labelled turns per saved page: trafilatura (voicecast's choice) against readability."""
    import lxml.html
    from readability import Document

    out = {}
    for page in sorted(WEB.glob("*.html")):
        mine = parse_file(page)
        data = page.read_bytes()
        summary = Document(data).summary(html_partial=True)
        theirs = parse_text(to_text(walk(lxml.html.fromstring(summary))), "transcript")
        count = lambda s: (sum(len(c.turns) for c in s.chapters), sum(1 for c in s.chapters for t in c.turns if t.speaker))  # noqa: E731
        out[page.name] = {"trafilatura": dict(zip(("turns", "labelled"), count(mine), strict=True)),
                          "readability": dict(zip(("turns", "labelled"), count(theirs), strict=True))}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--hours", type=float, default=3.0)
    ap.add_argument("--compare", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book, page = Path(tmp) / "book.epub", Path(tmp) / "page.html"
        chars = build_epub(book, args.pages)
        build_html(page, int(args.mb * 1024 * 1024))
        captions, court = Path(tmp) / "talk.srt", Path(tmp) / "court.pdf"
        once = build_rolling_srt(captions, args.hours)
        build_court_pdf(court, args.pages)
        result = {"machine": platform.machine(), "python": platform.python_version(),
                  "epub": {"pages": args.pages, "text_chars": chars, **_timed(book)},
                  "html": _timed(page),
                  "captions": {"hours": args.hours, "text_once_chars": len(once), **_timed(captions),
                               "said_per_text": round(len(_spoken(captions).replace(" ", "")) / len(once), 3)},
                  "pdf": {"pages": args.pages, **_timed(court)}}
        spoken = _spoken(court)
        result["pdf"]["furniture_spoken"] = spoken.count("Official") + spoken.count("Heritage")
        result["pdf"]["line_numbers_spoken"] = sum(1 for w in spoken.split() if w.isdigit())
    if args.compare:
        result["extractors"] = compare()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
