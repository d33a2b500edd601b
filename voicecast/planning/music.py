"""The music of an episode, as voices.yaml and the script's front matter give it::

    music: {intro: intro.mp3, outro: outro.mp3, sting: sting.wav, bed: bed.ogg,
            bed_db: -24, duck_db: -12, attack_ms: 40, release_ms: 400, fade_ms: 1500}

Files are any format ffmpeg reads, relative to the file that names them. The front matter's
entries win over voices.yaml's, one by one. Pure: checks and paths, no audio (episode/music.py
mixes it)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

CLIPS = ("intro", "outro", "sting", "bed")
_NOT_A_MAPPING = "must map intro/outro/sting/bed to files and the levels to numbers"
# name → (lowest, highest, what it is)
LEVELS = {"bed_db": (-60.0, 0.0, "the bed's loudness against the speech, in dB (e.g. -24)"),
          "duck_db": (-60.0, 0.0, "how much further the bed and music go down under speech, in dB (e.g. -12)"),
          "attack_ms": (1.0, 2000.0, "how early and how fast the music goes down before a word, in ms"),
          "release_ms": (1.0, 10000.0, "how slowly the music comes back after speech, in ms"),
          "fade_ms": (0.0, 20000.0, "fades in and out, and how far speech starts over the intro's tail, in ms")}


@dataclass(frozen=True)
class MusicSettings:
    intro: Path | None = None  # before the first chapter (speech starts over its tail)
    outro: Path | None = None  # after the last chapter
    sting: Path | None = None  # between chapters
    bed: Path | None = None  # under the speech, looped
    bed_db: float = -24.0
    duck_db: float = -12.0
    attack_ms: float = 40.0
    release_ms: float = 400.0
    fade_ms: float = 1500.0

    def any(self) -> bool:
        return any(getattr(self, name) is not None for name in CLIPS)

    def digest(self) -> str:
        """Of the settings and every file's bytes: a new file or level makes the chapters again."""
        h = hashlib.sha256(json.dumps({k: str(v) for k, v in asdict(self).items()}, sort_keys=True).encode())
        for name in CLIPS:
            path = getattr(self, name)
            if path is not None:
                h.update(hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()


class MusicError(ValueError):
    """What is wrong, and the field (``music.bed_db``)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def parse_music(spec: object, base: Path, over: MusicSettings | None = None) -> MusicSettings:
    """``spec`` (a mapping) on top of ``over`` (default: no music), files relative to ``base``."""
    out = over or MusicSettings()
    if spec is None:
        return out
    if not isinstance(spec, dict):
        raise MusicError(_NOT_A_MAPPING, "music")
    known = {f.name for f in fields(MusicSettings)}
    changes: dict[str, Any] = {}
    for key, value in spec.items():
        where = f"music.{key}"
        if key not in known:
            raise MusicError(f"unknown key; expected one of {', '.join(sorted(known))}", where)
        if key in CLIPS:
            changes[key] = _clip(value, base, where)
            continue
        lo, hi, what = LEVELS[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise MusicError(f"{value!r}: give {what}, from {lo:g} to {hi:g}", where)
        changes[key] = float(value)
    return replace(out, **changes)


def _clip(value: object, base: Path, where: str) -> Path | None:
    if value in (None, "", False):
        return None
    if not isinstance(value, str):
        raise MusicError("give a file name (any format ffmpeg reads)", where)
    path = (base / value).expanduser().resolve()
    if not path.is_file():
        raise MusicError(f"no such file: {path}", where)
    return path


def music_for(meta: dict[str, str], script_path: str | None, base: MusicSettings) -> MusicSettings:
    """The script's music: voices.yaml's (``base``) with the front matter's ``music:`` entries over
    it, its files relative to the script. Raises MusicError naming the field."""
    raw = meta.get("music", "")
    if not raw:
        return base
    try:
        spec = json.loads(raw)
    except ValueError:
        raise MusicError(_NOT_A_MAPPING, "music") from None
    return parse_music(spec, Path(script_path).resolve().parent if script_path else Path.cwd(), base)
