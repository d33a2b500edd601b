"""The show feed and `voicecast serve`, over real HTTP from a running server process: the feed
read back with feedparser and checked against the Podcasting 2.0 tag definitions, the enclosure
followed with Range requests, the chapters and transcript links followed, traversal refused."""

from __future__ import annotations

import http.client
import io
import json
import socket
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import feedparser
import podcastparser
import pytest
from show_fixtures import make_show, running_server
from test_pipeline_fake import PNG

from voicecast.show.feed import Episode, Show, feed_xml, podcast_guid
from voicecast.text.subtitles import ReadCue, SubCue, read_vtt, to_vtt

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    base = tmp_path_factory.mktemp("show")
    root = base / "root"
    report = make_show(root, PNG)
    with running_server(root) as (url, lines):
        yield root, url, report, lines


def _get(url, headers=None, method="GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _raw(base, path, method="GET"):
    """A request with the path sent exactly as given (no client-side normalization)."""
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def test_render_writes_the_show_root(show):
    root, _, report, _ = show
    for name in ("feed.xml", "show.json", "cover.png", "index.html", "ep1/index.html", "ep2/index.html",
                 "ep1/cover.png"):
        assert (root / name).is_file(), name
    settings = json.loads((root / "show.json").read_text(encoding="utf-8"))
    assert settings["base_url"] == "http://example.org/show"
    assert report["published"] and report["author"] == "测试作者" and report["cover"] == "cover.png"
    # The file on disk uses the configured base URL.
    static = feedparser.parse((root / "feed.xml").read_bytes())
    assert static.entries[0].enclosures[0].href.startswith("http://example.org/show/ep")


def test_server_prints_the_feed_url_and_a_qr_code(show):
    _, url, _, lines = show
    text = "".join(lines)
    assert f"at {url}/" in text and "feed: " in text
    # The QR code printed is the feed URL's (drawn again here the same way to compare).
    import io

    import segno

    drawn = io.StringIO()
    segno.make(f"{url}/feed.xml", error="m").terminal(out=drawn, compact=True)
    assert "scan with the phone's camera" in text and drawn.getvalue() in text


def test_feed_over_http_parses_and_follows_the_tag_definitions(show):
    root, url, report, _ = show
    status, headers, body = _get(f"{url}/feed.xml")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    ch = parsed.feed
    assert ch.title and ch.language == "zh-cn" and ch.author == "测试作者"
    assert ch.image.href == f"{url}/cover.png"
    assert [e.title for e in parsed.entries] == ["Episode two", "第一期：大模型"]  # newest first
    zh = parsed.entries[1]
    enc = zh.enclosures[0]
    assert enc.type == "audio/mpeg" and int(enc.length) == (root / "ep1" / "episode.mp3").stat().st_size
    assert enc.href == f"{url}/ep1/episode.mp3"
    assert zh.itunes_duration == f"00:00:{round(report['duration_ms'] / 1000):02d}"
    assert zh.id == "voicecast:ep1" and zh.guidislink is False
    assert zh.published_parsed is not None

    # Podcasting 2.0 tags, read as XML (feedparser does not know the namespace).
    rss = ET.fromstring(body)
    guid = rss.find("channel/podcast:guid", NS).text
    assert uuid.UUID(guid).version == 5
    items = rss.findall("channel/item")
    for item in items:
        chapters = item.findall("podcast:chapters", NS)
        assert len(chapters) == 1 and chapters[0].get("type") == "application/json+chapters"
        assert chapters[0].get("url").startswith(url + "/")
        transcripts = item.findall("podcast:transcript", NS)
        assert {t.get("type") for t in transcripts} == {"text/vtt", "application/srt"}
        for t in transcripts:
            assert t.get("url").startswith(url + "/") and t.get("rel") == "captions" and t.get("language")
        assert item.find("itunes:duration", NS).text.count(":") == 2
    assert items[0].find("podcast:transcript", NS).get("language") == "en"
    assert rss.find("channel/itunes:image", NS).get("href") == f"{url}/cover.png"


def test_gpodders_parser_reads_chapters_enclosure_duration_and_guid(show):
    """podcastparser (gPodder's, and the Podlove Simple Chapters reading AntennaPod shares) sees every
    chapter with its start and title, the enclosure, the duration and the guid."""
    root, url, _, _ = show
    body = _get(f"{url}/feed.xml")[2]
    parsed = podcastparser.parse(f"{url}/feed.xml", io.BytesIO(body))
    assert parsed["title"] and [e["title"] for e in parsed["episodes"]] == ["Episode two", "第一期：大模型"]
    for episode in parsed["episodes"]:
        slug = episode["guid"].removeprefix("voicecast:")
        report = json.loads((root / slug / "render.json").read_text(encoding="utf-8"))
        assert episode["guid"] == f"voicecast:{slug}"
        enclosure = episode["enclosures"][0]
        assert enclosure["url"] == f"{url}/{slug}/episode.mp3" and enclosure["mime_type"] == "audio/mpeg"
        assert enclosure["file_size"] == (root / slug / "episode.mp3").stat().st_size
        assert episode["total_time"] == round(report["duration_ms"] / 1000)
        got = [(c["start"], c["title"]) for c in episode["chapters"]]
        want = [(c["start_ms"] // 1000, c["title"]) for c in report["chapters"]]
        assert got == want and len(got) == len(report["chapters"]) >= 1


def test_enclosure_byte_ranges_and_head(show):
    root, url, _, _ = show
    data = (root / "ep1" / "episode.mp3").read_bytes()
    enclosure = feedparser.parse(_get(f"{url}/feed.xml")[2]).entries[1].enclosures[0].href
    status, headers, body = _get(enclosure, {"Range": "bytes=1000-1999"})
    assert status == 206 and body == data[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}" and headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Type"] == "audio/mpeg"
    status, headers, body = _get(enclosure, {"Range": "bytes=-500"})
    assert status == 206 and body == data[-500:]
    status, headers, body = _get(enclosure, {"Range": f"bytes={len(data) - 10}-"})
    assert status == 206 and body == data[-10:]
    status, _, _ = _get(enclosure, {"Range": f"bytes={len(data) + 10}-{len(data) + 20}"})
    assert status == 416
    status, headers, body = _get(enclosure, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) == len(data)
    assert headers["Accept-Ranges"] == "bytes"
    status, _, body = _get(enclosure)
    assert status == 200 and body == data


def test_chapters_and_transcript_links(show):
    root, url, report, _ = show
    rss = ET.fromstring(_get(f"{url}/feed.xml")[2])
    item = rss.findall("channel/item")[1]
    status, headers, body = _get(item.find("podcast:chapters", NS).get("url"))
    assert status == 200 and headers["Content-Type"].startswith("application/json+chapters")
    chapters = json.loads(body)
    assert chapters["version"] == "1.2.0"
    assert [c["title"] for c in chapters["chapters"]] == ["开场", "模型", "结尾"]
    assert [round(c["startTime"] * 1000) for c in chapters["chapters"]] == [c["start_ms"] for c in report["chapters"]]
    for t in item.findall("podcast:transcript", NS):
        status, headers, body = _get(t.get("url"))
        assert status == 200 and headers["Content-Type"].startswith(t.get("type"))
        assert "欢迎收听本期节目。" in body.decode("utf-8")
        if t.get("type") == "text/vtt":
            assert body.startswith(b"WEBVTT")


@pytest.mark.parametrize("path", [
    "/../show.json", "/ep1/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/ep1/%2e%2e/%2e%2e/etc/passwd",
    "/ep1/..%2f..%2fetc%2fpasswd", "/%2E%2E%2F%2E%2E%2Fetc/passwd", "/ep1/..\\..\\etc\\passwd", "//etc/passwd",
    "/ep1/.work/x", "/.hidden", "/ep1/chapters", "/ep1/chapters/", "/nope.mp3",
])
def test_traversal_hidden_files_and_listings_are_refused(show, path):
    _, url, _, _ = show
    status, body = _raw(url, path)
    assert status in (400, 403, 404), (path, status)
    assert b"root:" not in body


def test_outside_files_are_unreachable_even_through_symlinks(show):
    root, url, _, _ = show
    (root.parent / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(root.parent / "secret.txt")
    try:
        status, body = _raw(url, "/link.txt")
        assert status == 404 and b"secret" not in body
    finally:
        (root / "link.txt").unlink()


def test_read_only(show):
    _, url, _, _ = show
    for method in ("POST", "PUT", "DELETE"):
        status, _ = _raw(url, "/feed.xml", method)
        assert status == 405


def test_keeps_serving_after_a_client_disconnects_mid_download(show):
    root, url, _, _ = show
    host = urlsplit(url)
    for _ in range(3):
        s = socket.create_connection((host.hostname, host.port), timeout=5)
        s.sendall(b"GET /ep1/episode.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert s.recv(4096).startswith(b"HTTP/1.1 200")
        s.close()  # hang up mid-download
    status, _, body = _get(f"{url}/ep1/episode.mp3", {"Range": "bytes=0-99"})
    assert status == 206 and body == (root / "ep1" / "episode.mp3").read_bytes()[:100]


def test_pages_are_served(show):
    _, url, _, _ = show
    status, headers, body = _get(f"{url}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert f"{url}/feed.xml" in page and "第一期：大模型" in page and 'href="ep1/"' in page
    status, headers, body = _get(f"{url}/ep1/")
    assert status == 200 and "欢迎收听本期节目。" in body.decode("utf-8")
    assert "<h2>章节</h2>" in body.decode("utf-8")  # labels in the episode's language
    assert "<h2>Chapters</h2>" in _get(f"{url}/ep2/")[2].decode("utf-8")
    status, _ = _raw(url, "/ep1")
    assert status == 302


def test_feed_command_sets_show_details(show, tmp_path):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    root, url, _, _ = show
    result = CliRunner().invoke(cli, ["feed", str(root), "--title", "我的节目", "--description", "每周一期。",
                                      "--language", "zh-cn"])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(_get(f"{url}/feed.xml")[2])
    assert parsed.feed.title == "我的节目" and parsed.feed.description == "每周一期。"
    result = CliRunner().invoke(cli, ["feed", str(root), "--base-url", "not a url"])
    assert result.exit_code != 0 and "absolute http(s) URL" in result.output


def test_feed_xml_is_pure_and_guid_follows_the_spec():
    # The podcast:guid definition's own example (scheme and trailing slash stripped).
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    ep = Episode(slug="第一期", title="T", duration_ms=3_725_000, published="Sun, 22 Nov 2026 01:00:00 GMT",
                 language="zh", audio_bytes=10, has_chapters_json=True, transcripts=["episode.vtt"])
    xml = feed_xml(Show(title="S", image="cover.png"), [ep], "https://host/pod/")
    rss = ET.fromstring(xml)
    item = rss.find("channel/item")
    assert item.find("enclosure").get("url") == "https://host/pod/%E7%AC%AC%E4%B8%80%E6%9C%9F/episode.mp3"
    assert unquote(item.find("enclosure").get("url")).endswith("第一期/episode.mp3")
    assert item.find("itunes:duration", NS).text == "01:02:05"
    assert rss.find("channel/language").text == "zh-cn"


def test_vtt_round_trip_with_speakers_and_markup_characters():
    cues = [SubCue(0, 1500, ("欢迎收听本期节目，", "今天我们聊聊大模型。"), "主持人"),
            SubCue(1500, 2600, ("Hello and", "welcome."), "Lex <Fridman>"),
            SubCue(2600, 3000, ("R&D <b>is</b> > 3.",))]
    vtt = to_vtt(cues)
    assert "<v 主持人>欢迎收听本期节目，\n今天我们聊聊大模型。" in vtt
    assert "R&amp;D &lt;b&gt;is&lt;/b&gt; &gt; 3." in vtt  # text never turns into markup
    assert read_vtt(vtt) == [ReadCue(0, 1500, "欢迎收听本期节目，今天我们聊聊大模型。", "主持人"),
                             ReadCue(1500, 2600, "Hello and welcome.", "Lex <Fridman>"),
                             ReadCue(2600, 3000, "R&D <b>is</b> > 3.", None)]


def test_rendered_vtt_names_speakers_and_the_page_shows_them(show):
    root, url, _, _ = show
    cues = read_vtt((root / "ep1" / "episode.vtt").read_text(encoding="utf-8"))
    assert [c.speaker for c in cues[:2]] == ["主持人", "主持人"] and cues[0].text == "欢迎收听本期节目。"
    assert any(c.speaker == "嘉宾" for c in cues)
    page = _get(f"{url}/ep1/")[2].decode("utf-8")
    assert page.count('<div class="who">主持人</div>') >= 3 and '<div class="who">嘉宾</div>' in page


def test_serve_on_a_taken_port_says_so_in_one_line(show):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    root, url, _, _ = show
    port = urlsplit(url).port
    result = CliRunner().invoke(cli, ["serve", str(root), "--host", "127.0.0.1", "--port", str(port), "--no-qr"])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_a_bad_base_url_is_refused_before_synthesis(tmp_path):
    from click.testing import CliRunner

    from voicecast.cli.main import cli

    script = tmp_path / "s.md"
    script.write_text("# 一\n\n主持人: 你好。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(script), "--engine", "fake", "--base-url", "ftp://x", "-q"])
    assert result.exit_code == 1 and "absolute http(s) URL" in result.output
    assert not (tmp_path / "output").exists()


def test_fifty_concurrent_range_requests_with_idle_connections_open(show):
    """Idle connections that never send a request (a phone that went to sleep, a port scanner) do
    not stop fifty concurrent range requests from being answered, each with the right bytes."""
    import concurrent.futures
    import random

    root, url, _, _ = show
    host = urlsplit(url)
    data = (root / "ep1" / "episode.mp3").read_bytes()
    idle = [socket.create_connection((host.hostname, host.port), timeout=5) for _ in range(8)]
    half = socket.create_connection((host.hostname, host.port), timeout=5)
    half.sendall(b"GET /ep1/episode.mp3 HTTP/1.1\r\nHost: x\r\n")  # headers never finished
    try:
        rng = random.Random(7)
        ranges = [(a, min(len(data) - 1, a + rng.randrange(1, 20000)))
                  for a in (rng.randrange(0, len(data) - 1) for _ in range(50))]

        def fetch(r):
            status, headers, body = _get(f"{url}/ep1/episode.mp3", {"Range": f"bytes={r[0]}-{r[1]}"})
            return status, headers.get("Content-Range"), body

        t0 = __import__("time").monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            got = list(pool.map(fetch, ranges))
        elapsed = __import__("time").monotonic() - t0
        for (a, b), (status, content_range, body) in zip(ranges, got, strict=True):
            assert status == 206 and content_range == f"bytes {a}-{b}/{len(data)}"
            assert body == data[a : b + 1]
        assert elapsed < 30, elapsed
        assert _get(f"{url}/feed.xml")[0] == 200  # and it still answers afterwards
    finally:
        for s in [*idle, half]:
            s.close()


def test_a_symlinked_folder_pointing_outside_the_root_is_refused(show):
    root, url, _, _ = show
    outside = root.parent / "outside-episode"
    outside.mkdir(exist_ok=True)
    (outside / "index.html").write_text("<p>private</p>", encoding="utf-8")
    (outside / "episode.mp3").write_bytes(b"private audio")
    (outside / "render.json").write_text((root / "ep1" / "render.json").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "ep9").symlink_to(outside, target_is_directory=True)
    try:
        for path in ("/ep9/", "/ep9/index.html", "/ep9/episode.mp3", "/ep9"):
            status, body = _raw(url, path)
            assert status == 404 and b"private" not in body, (path, status)
        # Nor listed in the feed or on the show page: they would point at files the server refuses.
        assert b"ep9" not in _get(f"{url}/feed.xml")[2] and b"ep9" not in _get(f"{url}/")[2]
    finally:
        (root / "ep9").unlink()
