"""Listening while an episode renders: after each finished chapter of a first render, the folder
holds the chapters done so far as one MP3 (``names.SO_FAR``: the chapter files' frames copied one
after another, with the pause between them), a render report that says how far it is
(``rendering: "2/5"``, no inputs digest, so nothing takes it for a finished render) and the cues of
those chapters; then the caller publishes them (the command line: the page and the feed). The
episode's own files replace all of it when the last chapter is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..atomic import publish
from ..audio.encode import encode_mp3, join_mp3, pcm_chunks
from ..text.subtitles import SubCue
from . import names
from .report import RenderReport, save_cues


@dataclass
class Listening:
    """What a render that publishes as it goes gives the episode writer: ``wait(index)`` returns
    once chapter ``index``'s audio is all synthesized (and raises when it never will be);
    ``published(folder)`` is called after each chapter's state is written."""

    wait: Callable[[int], None]
    published: Callable[[Path], None] = lambda folder: None
    _parts: list[Path] = field(default_factory=list)

    def chapter_done(self, outdir: Path, chapter_file: Path, gap: Path | None, report: RenderReport,
                     cues: list[SubCue], sample_rate: int) -> None:
        """Chapter ``chapter_file`` joins the episode so far (``gap``, the pause after it when the
        chapter file does not hold it); write the so-far audio, cues and report, then publish."""
        self._parts += [chapter_file] + ([gap] if gap is not None else [])
        publish(join_mp3(self._parts, outdir / names.SO_FAR, sample_rate), outdir / names.SO_FAR)
        save_cues(outdir, cues)
        report.save(outdir)
        self.published(outdir)


def gap_mp3(pcm: np.ndarray, sample_rate: int, work: Path) -> Path:
    """The pause between chapters as its own MP3 (made once), for the episode so far."""
    dest = work / "pause.mp3"
    publish(encode_mp3(pcm_chunks(pcm), sample_rate, dest), dest)
    return dest


def remove_so_far(outdir: Path) -> None:
    """The episode is complete: its own audio replaces the chapters so far."""
    (outdir / names.SO_FAR).unlink(missing_ok=True)
