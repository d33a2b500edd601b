"""Chapter marks and tags that phones read: ID3v2 CHAP/CTOC frames in MP3 (mutagen), track tags
on chapter files, and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from mutagen.id3 import APIC, CHAP, CTOC, ID3, TALB, TCON, TIT2, TPE1, TRCK, CTOCFlags


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start_ms: int
    end_ms: int


def tag_chapter_file(path: Path, title: str, album: str, artists: list[str], track: int, total: int,
                     cover: Path | None = None) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=album))
    tags.add(TPE1(encoding=3, text=" / ".join(artists) or album))
    tags.add(TRCK(encoding=3, text=f"{track}/{total}"))
    tags.add(TCON(encoding=3, text="Podcast"))
    _cover(tags, cover)
    tags.save(path, v2_version=4)


def tag_episode(path: Path, title: str, artists: list[str], marks: list[ChapterMark], cover: Path | None = None) -> None:
    """Write title/artist tags, a CTOC table of contents and one CHAP frame per chapter."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=" / ".join(artists) or title))
    tags.add(TCON(encoding=3, text="Podcast"))
    ids = [f"chp{i}" for i in range(len(marks))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text=title)]))
    for element_id, mark in zip(ids, marks, strict=True):
        tags.add(CHAP(element_id=element_id, start_time=mark.start_ms, end_time=mark.end_ms,
                      sub_frames=[TIT2(encoding=3, text=mark.title)]))
    _cover(tags, cover)
    tags.save(path, v2_version=4)
    _chapter_frames_in_time_order(path)


def _chapter_frames_in_time_order(path: Path) -> None:
    """Put the CHAP frames in time order, after every other frame. mutagen orders frames by size
    and key (so ``chp10`` before ``chp2``, and a short title first), and players built on ffmpeg
    list chapters in frame order, whatever the CTOC says. Only the order changes: the same frames,
    the same tag size and padding, rewritten in place."""
    with open(path, "r+b") as f:
        head = f.read(10)
        if head[:3] != b"ID3" or head[3] != 4 or head[5] & 0xC0:  # mutagen's plain v2.4 tag, as saved above
            raise ValueError(f"{path}: expected an ID3v2.4 tag without unsynchronisation or extended header")
        body = f.read(_syncsafe(head[6:10]))
        frames, pos = [], 0
        while pos + 10 <= len(body) and body[pos : pos + 4] != b"\0\0\0\0":
            end = pos + 10 + _syncsafe(body[pos + 4 : pos + 8])
            frames.append(body[pos:end])
            pos = end
        chapters = sorted((fr for fr in frames if fr[:4] == b"CHAP"), key=_chap_position)
        f.seek(10)
        f.write(b"".join([fr for fr in frames if fr[:4] != b"CHAP"] + chapters) + body[pos:])


def _syncsafe(raw: bytes) -> int:
    """An ID3v2.4 size: 7 bits per byte, most significant first."""
    return sum((b & 0x7F) << (7 * (len(raw) - 1 - i)) for i, b in enumerate(raw))


def _chap_position(frame: bytes) -> tuple[int, int]:
    """(start time, number in the element id) of a CHAP frame: id, NUL, then the start in ms."""
    nul = frame.index(b"\0", 10)
    digits = "".join(ch for ch in frame[10:nul].decode("latin-1") if ch.isdigit())
    return int.from_bytes(frame[nul + 1 : nul + 5], "big"), int(digits or 0)


def _cover(tags: ID3, cover: Path | None) -> None:
    if cover is None:
        return
    mime = mimetypes.guess_type(cover.name)[0] or "image/jpeg"
    tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=cover.read_bytes()))


class PodcastChapter(TypedDict):
    startTime: float  # seconds
    endTime: float
    title: str


class PodcastChapters(TypedDict):
    """chapters.json: Podcasting 2.0 JSON chapters (application/json+chapters, version 1.2.0)."""

    version: str
    title: str
    chapters: list[PodcastChapter]


def podcast_chapters_json(marks: list[ChapterMark], title: str) -> str:
    """Podcasting 2.0 JSON chapters (application/json+chapters, version 1.2.0)."""
    data: PodcastChapters = {
        "version": "1.2.0",
        "title": title,
        "chapters": [{"startTime": round(m.start_ms / 1000, 3), "endTime": round(m.end_ms / 1000, 3), "title": m.title}
                     for m in marks],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
