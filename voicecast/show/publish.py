"""Keeping a show root up to date after each render: show.json, feed.xml, a cover, the show's
index.html and each episode's index.html. Every file is written to a temp name and renamed."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from ..atomic import publish, temp_beside, write_atomic
from ..episode import names
from ..episode.report import load_cues, load_report
from ..errors import VoicecastError, option
from ..text.subtitles import SubCue, read_vtt
from .feed import (
    COVER_FILE,
    DEFAULT_BASE_URL,
    FEED_FILE,
    SHOW_FILE,
    Episode,
    Show,
    check_base_url,
    feed_xml,
    load_show,
    podcast_guid,
    scan_episodes,
    show_json,
)
from .page import episode_page, show_page


def is_show_root(root: Path) -> bool:
    """A folder that holds a show (its show.json), so a render beside it joins the feed."""
    return (root / SHOW_FILE).is_file()


def update_show(root: Path, base_url: str | None = None, pages: bool = True,
                **details: str | None) -> tuple[Path, Show, list[Episode]]:
    """Record new settings (and the base URL), make a cover if the show has none, and write
    show.json, feed.xml, the show page and (with ``pages``) every episode's page again. Returns
    (feed path, show, episodes)."""
    root.mkdir(parents=True, exist_ok=True)
    show = load_show(root)
    for key, value in details.items():
        if value is not None:
            setattr(show, key, value)
    if base_url:
        show.base_url = check_base_url(base_url)
    if not show.guid:  # fixed once: a show keeps its podcast:guid when its address changes
        show.guid = podcast_guid(f"{show.base_url or DEFAULT_BASE_URL}/{FEED_FILE}")
    episodes = scan_episodes(root)
    if not show.image:
        show.image = COVER_FILE
    if show.image == COVER_FILE and not (root / COVER_FILE).is_file():
        own = next((root / e.slug / e.cover for e in episodes if e.cover), None)
        make_cover(root / COVER_FILE, own)
    elif "://" not in show.image and not (root / show.image).is_file():
        raise VoicecastError(f"{root / show.image}: the show image does not exist; put it there or pass {option('image')}")
    write_atomic(root / SHOW_FILE, show_json(show))
    base = show.base_url or DEFAULT_BASE_URL
    feed = root / FEED_FILE
    write_atomic(feed, feed_xml(show, episodes, base))
    for ep in episodes if pages else ():
        write_episode_page(root / ep.slug)
    write_show_page(root, show, episodes, f"{base}/{FEED_FILE}")
    return feed, show, episodes


def publish_episode(outdir: Path, base_url: str | None = None, stage: Callable[[str], None] = lambda m: None,
                    show_root: Path | None = None) -> None:
    """After a render: the episode's page, and the feed of the show its folder belongs to (``show_root``,
    the output root renders write into; a folder with show.json; any folder once a base URL is given)."""
    write_episode_page(outdir)
    root = outdir.resolve().parent
    if (show_root is not None and root == show_root.resolve()) or is_show_root(root) or base_url:
        stage("updating the feed")
        update_show(root, base_url, pages=False)  # the other episodes' pages are as they were


def write_episode_page(folder: Path) -> None:
    report = load_report(folder)
    if report is None:
        raise VoicecastError(f"{folder}: no readable render.json; render the episode again")
    cues = load_cues(folder)
    if not cues and (folder / names.VTT).is_file():  # rendered before cues were saved as data
        cues = [SubCue(c.start_ms, c.end_ms, (c.text,), c.speaker) for c in read_vtt((folder / names.VTT).read_text(encoding="utf-8"))]
    audio = names.linked_audio(folder) or names.MP3
    write_atomic(folder / names.PAGE, episode_page(report, cues, audio).encode("utf-8"))


def write_show_page(root: Path, show: Show, episodes: list[Episode], feed_url: str) -> None:
    write_atomic(root / names.PAGE, show_page(show, episodes, feed_url))


def make_cover(dest: Path, source: Path | None = None) -> None:
    """A 1400×1400 PNG cover (podcast apps want a square of at least 1400 px): an episode's cover
    scaled and cropped, else a plain two-colour field."""
    from ..audio.encode import ffmpeg_exe

    tmp = str(temp_beside(dest, ".png"))
    if source is not None and source.is_file():
        cmd = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(source), "-vf",
               "scale=1400:1400:force_original_aspect_ratio=increase,crop=1400:1400", "-frames:v", "1", tmp]
    else:
        cmd = [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x1d4e89:s=1400x1400:d=1", "-vf",
               "drawbox=x=0:y=980:w=1400:h=420:color=0xf2a541:t=fill", "-frames:v", "1", tmp]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        Path(tmp).unlink(missing_ok=True)
        raise VoicecastError(f"could not make the show cover: {proc.stderr.decode(errors='replace')[-300:]}")
    publish(tmp, dest)
