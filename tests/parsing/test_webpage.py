"""Web pages as sources: saved .html files and URLs served by a local HTTP server on 127.0.0.1.
Each page's chapters and speakers are checked, and page furniture (navigation, comments, related
articles, captions, credits, ads, scripts) must never be spoken."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicecast.cli.main import cli
from voicecast.errors import ScriptError
from voicecast.parsing import parse_file
from voicecast.parsing.fetch import fetch_page

WEB = Path(__file__).parents[1] / "data" / "web"

# page: (title, chapters, [(speaker, opening words)], phrases that must never be spoken)
PAGES = {
    "podcast_transcript.html": (
        "Episode 12: Building Open Models", ["Introduction", "Why open weights", "What comes next"],
        [("Dana", "Welcome back"), ("Sam", "Thanks for having"), ("Dana", "Let us start"), ("Sam", "Because research"),
         ("Dana", "And the risks"), ("Sam", "They are real"), ("Dana", "What are you"), ("Sam", "Smaller models")],
        ["Home", "Subscribe", "Photo", "Great episode", "First!", "Related", "Episode 11", "All rights", "Privacy",
         "dataLayer", "By Dana"]),
    "wechat_interview.html": (
        "对话张宏江：大模型的下一步", ["", "从规模到效率", "开源的未来"],
        [(None, "本文整理自"), ("主持人", "张老师"), ("张宏江", "我觉得"), ("主持人", "这会改变"), ("张宏江", "会的"),
         ("主持人", "开源模型"), ("张宏江", "差距在缩小")],
        ["编者按", "点击上方", "图为", "END", "往期推荐", "数据之争", "对话李飞飞", "在看", "阅读", "msg_title"]),
    "news_interview.html": (
        "专访｜李安然：芯片之外，中国AI还缺什么", [""],
        [(None, "日前"), ("记者", "很多人说"), ("李安然", "芯片确实"), ("记者", "数据为什么"), ("李安然", "公开的"),
         ("记者", "对年轻"), ("李安然", "不要只追")],
        ["首页", "登录", "来源", "王晓", "受访者供图", "广告", "责任编辑", "分享", "相关新闻", "困局", "网友评论",
         "说得太对", "热门排行", "版权", "ICP", "text-indent", "_hmt"]),
    "transcript_segments.html": (
        "Transcript for Maya Chen: Robots, Hands and Learning | The Long Talk Podcast #88",
        ["", "Introduction", "Hands", "Data"],
        [(None, "This is a transcript"), ("Sam Ortiz", "The following"), ("Sam Ortiz", "And now"),
         ("Maya Chen", "Thank you"), ("Sam Ortiz", "Why are hands"), ("Maya Chen", "Because touch"),
         ("Maya Chen", "Cameras see"), ("Sam Ortiz", "So where"), ("Maya Chen", "From gloves")],
        ["00:00", "Table of Contents", "Share this", "Twitter", "thoughts on", "Amazing conversation", "Copyright",
         "analytics", "Transcripts", "Sponsors"]),
}


def _spoken(script) -> str:
    return "\n".join([c.title for c in script.chapters] + [t.text for c in script.chapters for t in c.turns])


def _turns(script):
    return [(t.speaker, t.text) for c in script.chapters for t in c.turns]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_page_gives_chapters_speakers_and_no_junk(name):
    title, chapters, turns, never = PAGES[name]
    script = parse_file(WEB / name)
    assert script.source_format == "html" and script.title == title
    assert [c.title for c in script.chapters] == chapters
    got = _turns(script)
    assert len(got) == len(turns), got
    for (who, text), (want_who, opening) in zip(got, turns, strict=True):
        assert who == want_who and text.startswith(opening), (who, text)
    spoken = _spoken(script)
    assert not [junk for junk in never if junk in spoken]
    assert "<" not in spoken and "{" not in spoken


def test_page_metadata_goes_to_the_front_matter(tmp_path):
    out = tmp_path / "ep.md"
    result = CliRunner().invoke(cli, ["import", str(WEB / "podcast_transcript.html"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "title: 'Episode 12: Building Open Models'" in text
    assert "author: Dana Whitfield" in text and "date: '2025-03-14'" in text
    assert f"source: {WEB / 'podcast_transcript.html'}" in text


def test_html_detected_by_content_whatever_the_name(tmp_path):
    copy = tmp_path / "saved_page.txt"
    copy.write_bytes((WEB / "wechat_interview.html").read_bytes())
    assert parse_file(copy).source_format == "html"


def test_a_page_with_no_article_is_one_clear_line(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head>"
                    "<body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(page)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"no article text found in {page}; save the page again or pass --from transcript" in result.output


def test_import_then_parse_gives_the_same_script(tmp_path):
    for name in PAGES:
        source = parse_file(WEB / name)
        out = tmp_path / (name + ".md")
        assert CliRunner().invoke(cli, ["import", str(WEB / name), "-o", str(out)]).exit_code == 0
        again = parse_file(out)
        assert [c.title for c in again.chapters] == [c.title for c in source.chapters]
        assert _turns(again) == _turns(source)
        assert again.meta["source"] == str(WEB / name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(WEB), **kwargs)

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 - the http.server API
        special = {"/missing.html": (404, "text/html", b"<h1>Not Found</h1>"),
                   "/forbidden.html": (403, "text/html", b"<h1>Forbidden</h1>"),
                   "/paper.pdf": (200, "application/pdf", b"%PDF-1.4 not really"),
                   "/huge.html": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
                   "/slow.html": (200, "text/html", b"<p>late</p>"),
                   "/odd_charset.html": (200, "text/html; charset=no-such-charset",
                                         (WEB / "podcast_transcript.html").read_bytes())}
        if self.path == "/slow.html":
            time.sleep(3)
        if self.path in special:
            code, kind, body = special[self.path]
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting, as it should
                pass
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/podcast_transcript.html")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_once_and_kept_for_the_next_render(server, tmp_path):
    httpd, base = server
    url = f"{base}/wechat_interview.html"
    out = tmp_path / "wechat.md"
    result = CliRunner().invoke(cli, ["import", url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"source: {url}" in out.read_text(encoding="utf-8")
    first = parse_file(out)
    assert first.speakers == ["主持人", "张宏江"]
    httpd.shutdown()  # offline from now on: the kept page is enough
    httpd.server_close()
    again = parse_file(url)
    assert _turns(again) == _turns(parse_file(WEB / "wechat_interview.html"))
    result = CliRunner().invoke(cli, ["import", url, "-o", str(out), "--refetch"])
    assert result.exit_code == 1 and "cannot reach 127.0.0.1" in result.output


def test_a_charset_python_does_not_know_leaves_the_page_to_its_own_declaration(server):
    _, base = server
    assert parse_file(f"{base}/odd_charset.html").speakers == ["Dana", "Sam"]


def test_redirect_and_charset_from_the_server(server):
    _, base = server
    script = parse_file(f"{base}/moved")
    assert script.speakers == ["Dana", "Sam"]
    news = parse_file(f"{base}/news_interview.html")  # GBK, declared only inside the page
    assert "芯片确实重要" in _spoken(news)


@pytest.mark.parametrize("path, message", [
    ("/missing.html", "the server answered HTTP 404 Not Found; check the address"),
    ("/forbidden.html", "the server answered HTTP 403 Forbidden; the site refuses automated downloads"),
    ("/paper.pdf", "is not a web page (Content-Type: application/pdf); download the file and pass it"),
])
def test_url_errors_are_one_clear_line(server, tmp_path, path, message):
    _, base = server
    result = CliRunner().invoke(cli, ["import", base + path, "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{base}{path}: {message}" in result.output
    assert not (tmp_path / "x.md").exists()


def test_unreachable_host_says_so():
    with pytest.raises(ScriptError, match="cannot reach 127.0.0.1:9 .*connection refused.*save the page"):
        fetch_page("http://127.0.0.1:9/page.html")


def test_timeout_and_size_cap(server):
    _, base = server
    with pytest.raises(ScriptError, match="did not answer within 0.5 s"):
        fetch_page(f"{base}/slow.html", timeout=0.5)
    with pytest.raises(ScriptError, match="larger than 100,000 bytes"):
        fetch_page(f"{base}/huge.html", max_bytes=100_000)
    assert len(fetch_page(f"{base}/huge.html").data) > 300_000


def test_render_a_url_into_an_episode(server, tmp_path):
    """A URL goes all the way to an episode (fake engine: the voices do not matter here)."""
    from conftest import load

    from voicecast.engines.fake import FakeEngine
    from voicecast.planning.voices import parse_voices
    from voicecast.render import RenderOptions, render
    from voicecast.synthesis.cache import SegmentCache

    _, base = server
    voices = parse_voices("speakers:\n  Dana: {kokoro: af_heart}\n  Sam: {kokoro: am_michael}\n")
    script = load(f"{base}/podcast_transcript.html", voices)
    engine = FakeEngine()
    report = render(script, voices, RenderOptions(outdir=tmp_path / "ep", formats=("mp3",)), engine=engine,
                    cache=SegmentCache(tmp_path / "cache"))
    assert [c.title for c in report.chapters] == ["Introduction", "Why open weights", "What comes next"]
    said = " ".join(text for text, _voice in engine.calls)
    assert "Welcome back" in said and "Related" not in said and "Comments" not in said
    assert {voice for _text, voice in engine.calls} == {"af_heart", "am_michael"}


LONG = "这是一个比较长的回答，用来让正文看起来像一篇真正的文章，而不是几句零散的话。"
ANSWER = "A long answer that goes on. " * 5
# The ways pages mark who speaks, beyond a bold "Name:" opening a paragraph.
LABEL_MARKUP = {
    "bold name alone in its paragraph": ("".join(f"<p><strong>主持人</strong></p><p>问题{i}是什么？</p>"
                                               f"<p><strong>嘉宾</strong></p><p>{LONG}{i}</p>" for i in range(3)),
                                       ("主持人", "嘉宾")),
    "definition list": ("<dl>" + "".join(f"<dt>Host</dt><dd>Question {i} is what exactly?</dd><dt>Guest</dt>"
                                         f"<dd>{ANSWER}{i}</dd>" for i in range(3)) + "</dl>", ("Host", "Guest")),
    "line breaks inside one paragraph": ("<p>" + "<br><br>".join(f"主持人：问题{i}是什么？<br><br>嘉宾：{LONG}{i}"
                                                                for i in range(3)) + "</p>", ("主持人", "嘉宾")),
    "bold name without a colon": ("".join(f"<p><b>Host</b> Question {i} is what exactly?</p><p><b>Guest</b> "
                                          f"{ANSWER}{i}</p>" for i in range(3)), ("Host", "Guest")),
    "styled span": ("".join(f"<p><span style='font-weight: 700'>Host:</span> Question {i} is what exactly?</p>"
                            f"<p><span style='font-weight:bold'>Guest:</span> {ANSWER}{i}</p>" for i in range(3)),
                    ("Host", "Guest")),
}


@pytest.mark.parametrize("markup", sorted(LABEL_MARKUP))
def test_speaker_markup_variants(tmp_path, markup):
    body, (a, b) = LABEL_MARKUP[markup]
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>t</title></head><body><nav><a href='/'>Home</a></nav><article>{body}"
                    "</article></body></html>", encoding="utf-8")
    turns = _turns(parse_file(page))
    assert [who for who, _ in turns] == [a, b] * 3
    assert all(a not in text and b not in text for _, text in turns)


def test_bold_emphasis_that_opens_one_paragraph_is_not_a_label(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>t</title></head><body><article><p><b>Important</b> things come first. "
                    f"{ANSWER}</p><p>{ANSWER}</p></article></body></html>", encoding="utf-8")
    turns = _turns(parse_file(page))
    assert turns[0] == (None, "Important things come first. " + ANSWER.strip())
