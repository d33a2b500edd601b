"""E-books as sources: the contents gives the chapters (entries into the middle of a file too), the
pages before the first chapter are not read, the cover and metadata come from the package, a book
renders as an audiobook (M4B chapters and cover read back by ffprobe), and DRM or a broken file is
one clear line."""

from __future__ import annotations

import base64
import json
import subprocess
import zipfile

from click.testing import CliRunner
from conftest import load, tool

from voicecast.cli.main import cli
from voicecast.engines.fake import FakeEngine
from voicecast.parsing import parse_file
from voicecast.planning.voices import parse_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _page(title: str, body: str) -> str:
    return f"<html xmlns='http://www.w3.org/1999/xhtml'><head><title>{title}</title></head><body>{body}</body></html>"


def make_book(path, toc=True):
    """A small interview book: cover and copyright pages, three chapters, the second with a
    contents entry into its middle, a section title the contents leaves out, a footnote mark."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("voicecast-test-book")
    book.set_title("河流访谈录")
    book.set_language("zh")
    book.add_author("林小雨")
    book.add_metadata("DC", "date", "2024-05-01")
    book.set_cover("cover.png", PNG)
    front = epub.EpubHtml(title="版权", file_name="copyright.xhtml", lang="zh")
    front.content = _page("版权", "<p>版权所有，侵权必究。ISBN 978-7-0000-0000-0</p>")
    ch1 = epub.EpubHtml(title="第一章 源头", file_name="ch1.xhtml", lang="zh")
    ch1.content = _page("第一章", "<h1>第一章 源头</h1><p>这本书记录了三次关于河流的谈话。<sup>1</sup></p>"
                        "<p><b>主持人：</b>您第一次看到这条河是什么时候？</p><p><b>林教授：</b>七岁那年，跟着祖父去钓鱼。</p>")
    ch2 = epub.EpubHtml(title="第二章 下游", file_name="ch2.xhtml", lang="zh")
    ch2.content = _page("第二章", "<h1>第二章 下游</h1><p><b>主持人：</b>下游的城市变了很多吗？</p>"
                        "<p><b>林教授：</b>变了。堤坝越来越高，人离水越来越远。</p>"
                        "<h2>一段插曲</h2><p><b>主持人：</b>听说您还写诗？</p><p><b>林教授：</b>年轻的时候写过一些。</p>"
                        "<h2 id='flood'>洪水之年</h2><p><b>主持人：</b>那年洪水您在哪里？</p>"
                        "<p><b>林教授：</b>在堤上，守了三天三夜。</p>")
    ch3 = epub.EpubHtml(title="后记", file_name="ch3.xhtml", lang="zh")
    ch3.content = _page("后记", "<h1>后记</h1><p>谢谢每一位读者。</p>")
    for item in (front, ch1, ch2, ch3):
        book.add_item(item)
    if toc:
        book.toc = [epub.Link("ch1.xhtml", "第一章 源头", "ch1"),
                    (epub.Section("第二章 下游", "ch2.xhtml"), [epub.Link("ch2.xhtml#flood", "洪水之年", "flood")]),
                    epub.Link("ch3.xhtml", "后记", "ch3")]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["cover", front, "nav", ch1, ch2, ch3]
    epub.write_epub(str(path), book)
    return path


def test_contents_gives_the_chapters_and_labels_the_speakers(tmp_path):
    script = parse_file(make_book(tmp_path / "book.epub"))
    assert script.source_format == "epub"
    assert (script.title, script.meta["author"], script.meta["date"]) == ("河流访谈录", "林小雨", "2024-05-01")
    assert [c.title for c in script.chapters] == ["第一章 源头", "第二章 下游", "洪水之年", "后记"]
    turns = [[(t.speaker, t.text) for t in c.turns] for c in script.chapters]
    assert turns[0] == [(None, "这本书记录了三次关于河流的谈话。"), ("主持人", "您第一次看到这条河是什么时候？"),
                        ("林教授", "七岁那年，跟着祖父去钓鱼。")]
    # The section the contents leaves out is read where it stands, not made a chapter.
    assert turns[1][1:4] == [("林教授", "变了。堤坝越来越高，人离水越来越远。"), (None, "一段插曲"), ("主持人", "听说您还写诗？")]
    assert turns[2] == [("主持人", "那年洪水您在哪里？"), ("林教授", "在堤上，守了三天三夜。")]
    assert turns[3] == [(None, "谢谢每一位读者。")]
    spoken = "\n".join(t.text for c in script.chapters for t in c.turns)
    assert "版权所有" not in spoken and "ISBN" not in spoken and "1" not in spoken


def test_without_contents_the_headings_are_chapters(tmp_path):
    script = parse_file(make_book(tmp_path / "book.epub", toc=False))
    titles = [c.title for c in script.chapters]
    assert titles[-5:] == ["第一章 源头", "第二章 下游", "一段插曲", "洪水之年", "后记"]


def test_a_book_renders_as_an_audiobook_with_its_cover(tmp_path):
    book = make_book(tmp_path / "book.epub")
    voices = parse_voices("speakers:\n  主持人: {kokoro: zm_yunxi}\n  林教授: {kokoro: zf_xiaoyi}\n")
    report = render(load(book, voices), voices, RenderOptions(outdir=tmp_path / "out", formats=("m4b",)),
                    engine=FakeEngine(), cache=SegmentCache(tmp_path / "cache"))
    assert [c.title for c in report.chapters] == ["第一章 源头", "第二章 下游", "洪水之年", "后记"]
    probe = json.loads(subprocess.run([tool("ffprobe"), "-v", "error", "-show_chapters", "-show_streams", "-of", "json",
                                       str(tmp_path / "out" / "episode.m4b")], capture_output=True, text=True).stdout)
    assert [c["tags"]["title"] for c in probe["chapters"]] == ["第一章 源头", "第二章 下游", "洪水之年", "后记"]
    assert any(s.get("disposition", {}).get("attached_pic") == 1 for s in probe["streams"])


def test_import_keeps_the_cover_beside_the_script(tmp_path):
    book = make_book(tmp_path / "book.epub")
    out = tmp_path / "review" / "book.md"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["import", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "review" / "book.cover.png").read_bytes() == PNG
    again = parse_file(out)
    assert again.meta["cover"] == "book.cover.png" and again.meta["source"] == str(book)
    source = parse_file(book)
    assert [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in again.chapters] == \
        [(c.title, [(t.speaker, t.text) for t in c.turns]) for c in source.chapters]


def _rewrite(src, dest, extra: dict[str, bytes]):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        for name, data in extra.items():
            zout.writestr(name, data)
    return dest


ENCRYPTION = """<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
 <enc:EncryptionMethod Algorithm="{alg}"/><enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>
 </enc:EncryptedData></encryption>"""


def test_drm_and_broken_books_are_one_clear_line(tmp_path):
    book = make_book(tmp_path / "book.epub")
    drm = _rewrite(book, tmp_path / "drm.epub", {"META-INF/encryption.xml": ENCRYPTION.format(
        alg="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="EPUB/ch1.xhtml").encode()})
    fonts = _rewrite(book, tmp_path / "fonts.epub", {"META-INF/encryption.xml": ENCRYPTION.format(
        alg="http://www.idpf.org/2008/embedding", uri="EPUB/font.otf").encode()})
    broken = tmp_path / "broken.epub"
    broken.write_bytes(book.read_bytes()[: 2000])
    assert [c.title for c in parse_file(fonts).chapters][0] == "第一章 源头"  # obfuscated fonts are not DRM
    for path, message in ((drm, "is protected by DRM (its text is encrypted)"), (broken, "not a readable EPUB")):
        result = CliRunner().invoke(cli, ["parse", str(path)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"{path}: {message}" in result.output


def _plain_book(path, lang: str, pages: list[tuple[str, str, str]], toc: list[tuple[str, str]] | None = None):
    """A small book: ``(file, title, body)`` pages in spine order, the contents ``toc`` as ``(file,
    title)`` entries (default: every page)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(path.stem)
    book.set_title(path.stem)
    book.set_language(lang)
    items = []
    for file, title, body in pages:
        item = epub.EpubHtml(title=title, file_name=file, lang=lang)
        item.content = _page(title, body)
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(file, title, file) for file, title in (toc or [(f, t) for f, t, _ in pages])]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    epub.write_epub(str(path), book)
    return path


def test_a_chapter_does_not_say_its_number_and_title_again(tmp_path):
    """The contents give 第一章 源头; the page opens with 第一章 and 源头 on lines of their own: the
    title is said once, as the chapter's, and the body starts with the body."""
    pages = [(f"c{i}.xhtml", f"{number} {name}", f"<p>{number}</p><p>{name}</p><p>这是{name}的正文，河水流过城市。</p>"
              f"<p>{name}这个词在正文里也会出现。</p>")
             for i, (number, name) in enumerate([("第一章", "源头"), ("第二章", "下游")], start=1)]
    script = parse_file(_plain_book(tmp_path / "b.epub", "zh", pages))
    assert [c.title for c in script.chapters] == ["第一章 源头", "第二章 下游"]
    assert [[t.text for t in c.turns] for c in script.chapters] == [
        ["这是源头的正文，河水流过城市。", "源头这个词在正文里也会出现。"],
        ["这是下游的正文，河水流过城市。", "下游这个词在正文里也会出现。"]]


def test_a_partial_contents_gives_way_to_the_books_own_chapter_headings(tmp_path):
    """The NCX lists 2 of the book's 8 chapters: the book's own headings are the chapters."""
    pages = [(f"c{i}.xhtml", f"Chapter {i}", f"<h1>Chapter {i}</h1><p>The story goes on in part {i}. It was late.</p>")
             for i in range(1, 9)]
    script = parse_file(_plain_book(tmp_path / "novel.epub", "en", pages,
                                    toc=[("c1.xhtml", "Chapter 1"), ("c5.xhtml", "Chapter 5")]))
    assert [c.title for c in script.chapters] == [f"Chapter {i}" for i in range(1, 9)]
    assert all(len(c.turns) == 1 and c.turns[0].text.startswith("The story goes on") for c in script.chapters)


def test_front_matter_in_the_contents_is_not_read(tmp_path):
    pages = [("title.xhtml", "扉页", "<p>河流</p><p>林小雨 著</p>"),
             ("copy.xhtml", "版权", "<p>版权所有，侵权必究。ISBN 978-7-0000-0000-0</p>"),
             ("toc.xhtml", "目录", "<p>第一章 源头</p><p>第二章 下游</p>"),
             ("c1.xhtml", "第一章 源头", "<p>河水从山里流出来，流过城市。</p>"),
             ("c2.xhtml", "第二章 下游", "<p>下游的城市变了很多。</p>")]
    script = parse_file(_plain_book(tmp_path / "b.epub", "zh", pages))
    assert [c.title for c in script.chapters] == ["第一章 源头", "第二章 下游"]
    spoken = "".join(t.text for c in script.chapters for t in c.turns)
    assert "版权" not in spoken and "ISBN" not in spoken and "著" not in spoken
