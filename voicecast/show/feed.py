"""The show feed: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, one item per rendered
episode in a show root (each episode a folder with render.json), plus the show settings it reads
(``show.json``: title, description, author, language, image, base URL, a stable podcast:guid).

Building the XML is pure (:func:`feed_xml`); reading the folders and writing files is at the edge.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..episode import names
from ..episode.report import ChapterEntry, load_report
from ..errors import VoicecastError, option

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "psc": "http://podlove.org/simple-chapters",  # Podlove Simple Chapters (gPodder, AntennaPod, Podlove)
}

# podcast:guid is a UUIDv5 of the feed URL (without scheme and trailing slash) in this namespace.
_PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
DEFAULT_BASE_URL = "http://localhost:8000"
SHOW_FILE = "show.json"
FEED_FILE = "feed.xml"
COVER_FILE = "cover.png"
# The types the feed declares and the server sends (ours win over the system's mime.types, which
# may call .srt text/plain or miss .m4b).
MIME = {".mp3": "audio/mpeg", ".m4b": "audio/mp4", ".m4a": "audio/mp4", ".vtt": "text/vtt",
        ".srt": "application/srt", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".webp": "image/webp", ".json": "application/json", ".xml": "application/xml", ".html": "text/html"}


@dataclass
class Show:
    title: str = ""
    description: str = ""
    author: str = ""
    language: str = ""  # "zh-cn", "en", … ; empty: from the episodes
    image: str = ""  # a file in the show root, or an absolute URL; empty: made for you
    base_url: str = ""
    guid: str = ""
    category: str = "Education"
    explicit: bool = False


@dataclass
class Episode:
    slug: str  # folder name under the show root
    title: str
    duration_ms: int
    published: str  # RFC 2822
    language: str
    author: str = ""
    description: str = ""
    audio: str = "episode.mp3"
    audio_bytes: int = 0
    chapters: list[ChapterEntry] = field(default_factory=list)
    has_chapters_json: bool = False
    transcripts: list[str] = field(default_factory=list)  # "episode.vtt", "episode.srt"
    cover: str = ""  # file in the episode folder
    rendering: str = ""  # while its first render runs: chapters done so far, "2/5"


def feed_language(code: str) -> str:
    """RSS language codes: zh-cn, zh-tw, en, …"""
    code = (code or "").strip().lower().replace("_", "-")
    return {"zh": "zh-cn", "cmn": "zh-cn", "zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(code, code or "en")


def show_title(show: Show) -> str:
    return show.title or "voicecast"


def show_description(show: Show) -> str:
    return show.description or f"{show_title(show)}: episodes made with voicecast."


def show_language(show: Show, episodes: list[Episode]) -> str:
    """The show's language, else the one most of its episodes speak (the first episode's on a tie)."""
    if show.language:
        return feed_language(show.language)
    counts: dict[str, int] = {}
    for e in reversed(episodes):  # oldest first, so a tie goes to the first episode
        code = feed_language(e.language)
        counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else "en"


def check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise VoicecastError(f"the {option('base_url')} {url!r} must be an absolute http(s) URL, e.g. "
                             "http://192.168.1.20:8000")
    return url.rstrip("/")


def podcast_guid(feed_url: str) -> str:
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(_PODCAST_GUID_NS, bare))


def _url(base: str, *parts: str) -> str:
    return base.rstrip("/") + "/" + "/".join(quote(p) for p in parts)


def _hms(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _duration(ms: int) -> str:
    return _hms(max(0, round(ms / 1000)))


def _npt(ms: int) -> str:
    """Normal Play Time, as Podlove Simple Chapters give a chapter's start: HH:MM:SS.mmm."""
    s, ms = divmod(max(0, int(ms)), 1000)
    return f"{_hms(s)}.{ms:03d}"


def feed_xml(show: Show, episodes: list[Episode], base_url: str) -> bytes:
    """The feed for ``episodes`` (newest first), every URL absolute under ``base_url``."""
    base = check_base_url(base_url)
    for prefix, uri in NS.items():  # the prefixes the XML is written with (idempotent)
        ET.register_namespace(prefix, uri)
    it, pc = f"{{{NS['itunes']}}}", f"{{{NS['podcast']}}}"
    rss = ET.Element("rss", {"version": "2.0"})
    ch = ET.SubElement(rss, "channel")
    language = show_language(show, episodes)
    title = show_title(show)
    author = show.author or next((e.author for e in reversed(episodes) if e.author), "") or "voicecast"
    description = show_description(show)
    feed_url = _url(base, FEED_FILE)
    ET.SubElement(ch, "title").text = title
    ET.SubElement(ch, "link").text = base + "/"
    ET.SubElement(ch, "description").text = description
    ET.SubElement(ch, "language").text = language
    ET.SubElement(ch, "generator").text = "voicecast"
    ET.SubElement(ch, f"{{{NS['atom']}}}link", {"href": feed_url, "rel": "self", "type": "application/rss+xml"})
    if episodes:
        ET.SubElement(ch, "lastBuildDate").text = max((e.published for e in episodes), key=_when)
    ET.SubElement(ch, it + "author").text = author
    ET.SubElement(ch, it + "summary").text = description
    ET.SubElement(ch, it + "type").text = "episodic"
    ET.SubElement(ch, it + "explicit").text = "true" if show.explicit else "false"
    ET.SubElement(ch, it + "category", {"text": show.category})
    owner = ET.SubElement(ch, it + "owner")
    ET.SubElement(owner, it + "name").text = author
    if show.image:
        image_url = show.image if "://" in show.image else _url(base, show.image)
        ET.SubElement(ch, it + "image", {"href": image_url})
        img = ET.SubElement(ch, "image")
        ET.SubElement(img, "url").text = image_url
        ET.SubElement(img, "title").text = title
        ET.SubElement(img, "link").text = base + "/"
    ET.SubElement(ch, pc + "guid").text = show.guid or podcast_guid(feed_url)

    for n, ep in enumerate(episodes):
        _item(ch, ep, len(episodes) - n, show, base)
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _item(ch: ET.Element, ep: Episode, number: int, show: Show, base: str) -> None:
    """One episode's <item>: enclosure, duration, chapters and transcripts, all URLs absolute."""
    it, pc = f"{{{NS['itunes']}}}", f"{{{NS['podcast']}}}"
    item = ET.SubElement(ch, "item")
    # An episode still rendering says so; the same guid then links the whole episode.
    ET.SubElement(item, "title").text = f"{ep.title} ({ep.rendering})" if ep.rendering else ep.title
    summary = ep.description or " · ".join(c.title for c in ep.chapters if c.title)
    ET.SubElement(item, "description").text = summary or ep.title
    ET.SubElement(item, "link").text = _url(base, ep.slug) + "/"
    ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = f"voicecast:{ep.slug}"
    ET.SubElement(item, "pubDate").text = ep.published
    ET.SubElement(item, "enclosure", {"url": _url(base, ep.slug, ep.audio), "length": str(ep.audio_bytes),
                                      "type": MIME.get(Path(ep.audio).suffix, "audio/mpeg")})
    ET.SubElement(item, it + "duration").text = _duration(ep.duration_ms)
    ET.SubElement(item, it + "episodeType").text = "full"
    ET.SubElement(item, it + "episode").text = str(number)
    ET.SubElement(item, it + "explicit").text = "true" if show.explicit else "false"
    if ep.author:
        ET.SubElement(item, it + "author").text = ep.author
    if ep.cover:
        ET.SubElement(item, it + "image", {"href": _url(base, ep.slug, ep.cover)})
    if ep.has_chapters_json:
        ET.SubElement(item, pc + "chapters", {"url": _url(base, ep.slug, names.CHAPTERS_JSON),
                                              "type": "application/json+chapters"})
    if ep.chapters:  # the same chapters inline, for the clients that read only these
        psc = f"{{{NS['psc']}}}"
        chapters = ET.SubElement(item, psc + "chapters", {"version": "1.2"})
        for c in ep.chapters:
            ET.SubElement(chapters, psc + "chapter", {"start": _npt(c.start_ms), "title": c.title or f"{c.index}"})
    for name in ep.transcripts:
        ET.SubElement(item, pc + "transcript", {"url": _url(base, ep.slug, name), "type": MIME[Path(name).suffix],
                                                "language": feed_language(ep.language), "rel": "captions"})
    ET.SubElement(item, pc + "episode").text = str(number)


def _when(rfc2822: str) -> float:
    try:
        return parsedate_to_datetime(rfc2822).timestamp()
    except (TypeError, ValueError):
        return 0.0


# -- reading and writing a show root --------------------------------------------------------------


def load_show(root: Path) -> Show:
    path = root / SHOW_FILE
    if not path.is_file():
        return Show()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = set(Show.__dataclass_fields__)
        return Show(**{k: v for k, v in data.items() if k in known})
    except (ValueError, TypeError) as exc:
        raise VoicecastError(f"{path}: not valid show settings ({exc}); fix or delete the file") from None


def show_json(show: Show) -> bytes:
    return (json.dumps(asdict(show), ensure_ascii=False, indent=2) + "\n").encode()


def scan_episodes(root: Path) -> list[Episode]:
    """Every folder under ``root`` holding a finished render (render.json and its audio), newest first."""
    found = []
    real_root = root.resolve()
    for report_path in sorted(root.glob("*/render.json")):
        folder = report_path.parent
        if folder.name.startswith(".") or folder.resolve().parent != real_root:
            continue  # hidden, or a symlink out of the root: the server would refuse its files
        report = load_report(folder)
        if report is None:
            continue
        audio = names.linked_audio(folder)
        if audio is None:
            continue
        found.append(Episode(
            slug=folder.name, title=report.title or folder.name, duration_ms=int(report.duration_ms),
            published=report.published or formatdate((folder / audio).stat().st_mtime, usegmt=True),
            language=report.language or "en", author=report.author, description=report.description, audio=audio,
            audio_bytes=(folder / audio).stat().st_size, chapters=report.chapters,
            has_chapters_json=(folder / names.CHAPTERS_JSON).is_file(),
            transcripts=[n for n in names.TRANSCRIPTS if (folder / n).is_file()],
            cover=report.cover, rendering=report.rendering,
        ))
    found.sort(key=lambda e: (_when(e.published), e.slug), reverse=True)
    return found
