"""Stems (``render --stems``): one FLAC per speaker and one for the music, each exactly as long as
the episode and aligned to it sample by sample, for people who finish the mix in an editor. Each
speaker's stem holds that speaker's sentences where the episode has them, silence elsewhere; the
music stem holds the intro, bed, stings and outro as they are ducked in the mix. Both carry the
gain the episode's loudness pass gave the mix, so the stems played together are the episode
(but for the peak limiter's few touched samples)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from ..atomic import publish
from ..audio.audio_io import to_int16
from ..audio.encode import encode_flac
from ..planning.plan import slugify

FOLDER = "stems"
MUSIC = "music"


class Stems:
    """Stem WAVs in ``work`` (a scratch folder), a chapter at a time; ``publish`` encodes them."""

    def __init__(self, work: Path, speakers: list[str | None], rate: int, music: bool):
        self.work = work
        self.names: dict[str | None, str] = {}
        for speaker in speakers:
            name = slugify(speaker or "narrator", "speaker")
            while name in self.names.values() or name == MUSIC:
                name += "-2"
            self.names[speaker] = name
        if music:
            self.names[MUSIC] = MUSIC
        self.writers: dict[str | None, wave.Wave_write] = {}
        for key, name in self.names.items():
            writer = wave.open(str(work / f"{name}.wav"), "wb")
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            self.writers[key] = writer

    def add_chapter(self, speech: np.ndarray, speech_at: int, placements: list[tuple[int, int, str | None]],
                    length: int, pause: np.ndarray, gain: float = 1.0, music: np.ndarray | None = None) -> None:
        """One chapter: ``length`` samples of it (the speech starts at ``speech_at``; each placement
        is a sentence's first sample and length within ``speech``), then the pause after it
        (``pause``: the sting in it, as the music stem has it)."""
        pause_length = len(pause)
        for speaker, writer in self.writers.items():
            if speaker == MUSIC:
                continue
            block = np.zeros(length + pause_length, dtype=np.float32)
            for start, n, who in placements:
                if who == speaker:
                    block[speech_at + start : speech_at + start + n] = speech[start : start + n] * np.float32(gain)
            writer.writeframes(to_int16(block).tobytes())
        if MUSIC in self.writers:
            block = np.zeros(length + pause_length, dtype=np.float32)
            if music is not None:
                block[: len(music)] = music * np.float32(gain)
            block[length:] = pause
            self.writers[MUSIC].writeframes(to_int16(block).tobytes())

    def publish(self, outdir: Path) -> list[str]:
        """Encode every stem to FLAC in ``outdir/stems``; stems of an earlier render that this one
        does not make are removed. The files written, relative to ``outdir``."""
        for writer in self.writers.values():
            writer.close()
        folder = outdir / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.names.values():
            dest = folder / f"{name}.flac"
            publish(encode_flac(self.work / f"{name}.wav", dest), dest)
            written.append(f"{FOLDER}/{dest.name}")
        for stale in folder.glob("*.flac"):
            if f"{FOLDER}/{stale.name}" not in written:
                stale.unlink(missing_ok=True)
        return written

    def close(self) -> None:
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - closing after a failure: the scratch folder goes anyway
                pass
