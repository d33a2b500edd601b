"""The names of the files in an episode folder, in one place: what the assembler writes, what the
feed, the pages and the server link to."""

from __future__ import annotations

from pathlib import Path

MP3 = "episode.mp3"
M4B = "episode.m4b"
SRT = "episode.srt"
VTT = "episode.vtt"
CHAPTERS_JSON = "chapters.json"  # podcast namespace chapters
PAGE = "index.html"
REPORT = "render.json"
CUES = "cues.json"
CHAPTERS_DIR = "chapters"  # one MP3 per chapter
SO_FAR = "episode-so-far.mp3"  # while a first render runs: the chapters done so far, one after another

AUDIO = {"mp3": MP3, "m4b": M4B}  # by format
TRANSCRIPTS = (VTT, SRT)


def linked_audio(folder: Path) -> str | None:
    """The audio file a feed item and the episode page link to: the MP3 (every podcast app plays
    it), else the M4B, else (while its first render runs) the chapters done so far; None when the
    folder has none of them."""
    return next((name for name in (MP3, M4B, SO_FAR) if (folder / name).is_file()), None)
