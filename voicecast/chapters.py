"""Chapter marks and tags that phones read: ID3v2 CHAP/CTOC frames in MP3 (mutagen), track tags
on chapter files, and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

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


def _cover(tags: ID3, cover: Path | None) -> None:
    if cover is None:
        return
    mime = mimetypes.guess_type(cover.name)[0] or "image/jpeg"
    tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=cover.read_bytes()))


def podcast_chapters_json(marks: list[ChapterMark], title: str) -> str:
    """Podcasting 2.0 JSON chapters (application/json+chapters, version 1.2.0)."""
    return json.dumps({
        "version": "1.2.0",
        "title": title,
        "chapters": [{"startTime": round(m.start_ms / 1000, 3), "endTime": round(m.end_ms / 1000, 3), "title": m.title}
                     for m in marks],
    }, ensure_ascii=False, indent=2) + "\n"
