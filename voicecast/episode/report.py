"""What a render leaves for the show layer: the typed render report (``render.json``) and the
subtitle cues as data (``cues.json``), written and read in one place so no module reads a dict by
key or re-parses the VTT the render just wrote."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..text.subtitles import SubCue
from . import names

REPORT_FILE = names.REPORT
CUES_FILE = names.CUES


@dataclass
class ChapterEntry:
    """One chapter of a rendered episode."""

    index: int
    title: str
    start_ms: int
    end_ms: int
    file: str  # relative to the episode folder: chapters/NN-slug.mp3
    segments: int
    synthesized: int
    cached: int
    hash: str  # of what the chapter's audio is made of: the same hash, the same file
    loudness_lufs: float
    true_peak_dbtp: float
    bed_below_speech_db: float | None = None  # with a music bed: its level under speech against the speech's
    speech_start_ms: int | None = None  # where the chapter's speech starts (after an intro), when not at start_ms


@dataclass
class Unspoken:
    """Text no voice can say, dropped with a warning."""

    line: int | None
    text: str


@dataclass
class RenderReport:
    """The result of a render, saved as ``render.json`` in the episode folder (in this key order)."""

    title: str = ""
    language: str = ""
    author: str = ""
    description: str = ""
    cover: str = ""  # a file in the episode folder
    published: str = ""  # RFC 2822; kept from the first render of the folder
    duration_ms: int = 0
    engine: str = ""
    engine_identity: str = ""
    synthesized: int = 0  # segments synthesized by this render
    cached: int = 0  # segments taken from the cache
    chapters: list[ChapterEntry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unspoken: list[Unspoken] = field(default_factory=list)
    outdir: str = ""
    inputs: str = ""  # a digest of everything the folder was made from: the same, and a catalogue skips it
    verify: dict = field(default_factory=dict)  # render --verify: checked, threshold, flagged (synthesis/verify.py)
    rendering: str = ""  # while a first render runs: the chapters done so far, "2/5" (their audio: names.SO_FAR)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RenderReport:
        """Read render.json; fields a newer or older voicecast added or dropped are tolerated."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("render.json is not an object")
        known = _known(cls, data)
        known["chapters"] = [ChapterEntry(**_known(ChapterEntry, c)) for c in data.get("chapters") or []]
        known["unspoken"] = [Unspoken(**_known(Unspoken, u)) for u in data.get("unspoken") or []]
        return cls(**known)

    def save(self, folder: Path) -> None:
        write_atomic(folder / REPORT_FILE, self.to_json())


def _known(cls: Any, data: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def load_report(folder: Path) -> RenderReport | None:
    """The render report in ``folder``, or ``None`` when there is none or it cannot be read."""
    try:
        return RenderReport.from_json((folder / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def save_cues(folder: Path, cues: list[SubCue]) -> None:
    data = [{"start_ms": c.start_ms, "end_ms": c.end_ms, "lines": list(c.lines), "speaker": c.speaker} for c in cues]
    write_atomic(folder / CUES_FILE, json.dumps(data, ensure_ascii=False) + "\n")


def load_cues(folder: Path) -> list[SubCue]:
    """The cues a render saved beside render.json (none for a folder rendered before they were)."""
    try:
        data = json.loads((folder / CUES_FILE).read_text(encoding="utf-8"))
        return [SubCue(int(c["start_ms"]), int(c["end_ms"]), tuple(c["lines"]), c.get("speaker")) for c in data]
    except (OSError, ValueError, TypeError, KeyError):
        return []
