"""Music under and between the speech, mixed at assembly: the intro before the first chapter (the
speech starts over its tail), a bed under the speech, a sting between chapters, the outro after
the last. Every music layer is ducked by a sidechain on the speech: the gain goes down ``attack_ms``
*before* each word (a look-ahead, so no onset is masked) and comes back over ``release_ms``.

Speech is never changed here except by the one loudness pass over the finished mix (−16 LUFS,
−1 dBTP), so editing a sentence re-synthesizes that sentence only and the mix is made again from
the cache."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..audio.encode import decode_file
from ..planning.music import MusicSettings
from .assembler import TARGET_LUFS, loudness

FRAME_MS = 10  # the sidechain's resolution
HOLD_MS = 1000  # a pause shorter than this keeps the music down (no swell between sentences)
_SPEECH_FLOOR_DB = -50.0  # below this (dBFS, per 10 ms) a frame is silence between words


@dataclass
class Clips:
    """The music files, decoded at the episode's rate and levelled: intro, sting and outro at the
    speech's loudness, the bed ``bed_db`` below it."""

    settings: MusicSettings
    rate: int
    intro: np.ndarray | None = None
    outro: np.ndarray | None = None
    sting: np.ndarray | None = None
    bed: np.ndarray | None = None


def load_clips(settings: MusicSettings, rate: int) -> Clips:
    clips = Clips(settings, rate)
    for name, level in (("intro", 0.0), ("outro", 0.0), ("sting", 0.0), ("bed", settings.bed_db)):
        path = getattr(settings, name)
        if path is not None:
            setattr(clips, name, _levelled(decode_file(path, rate), rate, TARGET_LUFS + level))
    return clips


def _levelled(audio: np.ndarray, rate: int, target_lufs: float) -> np.ndarray:
    measured = loudness(audio, rate)
    if not np.isfinite(measured):
        return audio.astype(np.float32)
    return (audio * np.float32(10 ** ((target_lufs - measured) / 20))).astype(np.float32)


def speech_gate(speech: np.ndarray, rate: int, attack_ms: float, release_ms: float) -> np.ndarray:
    """Per sample, 0 (nobody speaks) to 1 (speech): up over ``attack_ms`` ending where a word
    starts (look-ahead), held through pauses shorter than a second (between sentences and turns),
    then down over ``release_ms``."""
    frame = max(1, rate * FRAME_MS // 1000)
    n = len(speech) // frame + 1
    padded = np.zeros(n * frame, dtype=np.float32)
    padded[: len(speech)] = np.abs(speech)
    active = padded.reshape(n, frame).max(axis=1) > 10 ** (_SPEECH_FLOOR_DB / 20)
    ahead = max(1, int(round(attack_ms / FRAME_MS)))
    hold = HOLD_MS // FRAME_MS
    # target[i]: speech somewhere in frames i - hold … i + ahead (a running count over the window).
    count = np.concatenate([[0], np.cumsum(active)])
    hi = np.minimum(np.arange(n) + ahead + 1, n)
    lo = np.maximum(np.arange(n) - hold, 0)
    target = (count[hi] - count[lo]) > 0
    gate = np.zeros(n, dtype=np.float32)
    level, up, down = 0.0, 1.0 / ahead, FRAME_MS / max(release_ms, FRAME_MS)
    for i in range(n):  # linear: full exactly at the onset (target rose ``ahead`` frames before it)
        level = min(1.0, level + up) if target[i] else max(0.0, level - down)
        gate[i] = level
    return _upsampled(gate, frame, len(speech))


def _upsampled(frames: np.ndarray, frame: int, length: int, block: int = 1 << 18) -> np.ndarray:
    """The per-frame values interpolated linearly to every sample, a block at a time (float32,
    no episode-long float64 temporaries)."""
    out = np.empty(length, dtype=np.float32)
    points = np.arange(len(frames), dtype=np.float64)
    for start in range(0, length, block):
        where = np.arange(start, min(length, start + block), dtype=np.float64) / frame
        out[start : start + len(where)] = np.interp(where, points, frames)
    return out


def loop_to(clip: np.ndarray, length: int, rate: int, crossfade_ms: float) -> np.ndarray:
    """``clip`` repeated to ``length`` samples, each repeat crossfaded (equal power) into the next."""
    if length <= 0:
        return np.zeros(0, dtype=np.float32)
    fade = min(int(rate * crossfade_ms / 1000), len(clip) // 2)
    out = np.zeros(length, dtype=np.float32)
    step = len(clip) - fade
    t = np.linspace(0.0, np.pi / 2, fade, dtype=np.float32) if fade else np.zeros(0, np.float32)
    fade_in, fade_out = np.sin(t), np.cos(t)
    pos = 0
    while pos < length:
        piece = clip.copy()
        if fade and pos:
            piece[:fade] *= fade_in
        if fade:
            piece[-fade:] *= fade_out
        take = min(len(piece), length - pos)
        out[pos : pos + take] += piece[:take]
        pos += step if step > 0 else len(clip)
    return out


def faded(audio: np.ndarray, rate: int, in_ms: float, out_ms: float) -> np.ndarray:
    out = audio.astype(np.float32, copy=True)
    for ms, head in ((in_ms, True), (out_ms, False)):
        n = min(len(out), int(rate * ms / 1000))
        if n:
            ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
            if head:
                out[:n] *= ramp
            else:
                out[-n:] *= ramp[::-1]
    return out


@dataclass
class Mixed:
    samples: np.ndarray
    speech_at: int  # where the chapter's speech starts in ``samples``
    bed_below_speech_db: float | None  # the bed's level under speech against the speech's, in dB
    music: np.ndarray | None = None  # the music layer alone (for the stems), before ``gain``
    gain: float = 1.0  # what the loudness pass over the mix multiplied it by


def mix_chapter(speech: np.ndarray, clips: Clips, first: bool, last: bool) -> Mixed:
    """The chapter's speech with its music: the intro before it when ``first``, the bed under it,
    the outro after it when ``last``; every music layer ducked by the speech."""
    s, rate = clips.settings, clips.rate
    intro = faded(clips.intro, rate, 0, s.fade_ms) if first and clips.intro is not None else None
    overlap = min(int(rate * s.fade_ms / 1000), len(intro) // 2) if intro is not None else 0
    speech_at = len(intro) - overlap if intro is not None else 0
    outro = faded(clips.outro, rate, min(300.0, s.fade_ms), s.fade_ms) if last and clips.outro is not None else None
    total = speech_at + len(speech) + (len(outro) if outro is not None else 0)
    out = np.zeros(total, dtype=np.float32)  # the speech, then each music layer added to it
    out[speech_at : speech_at + len(speech)] = speech
    gate = speech_gate(out, rate, s.attack_ms, s.release_ms)
    speaking = gate > 0.99
    duck = gate  # the gate becomes the music's gain, in place: 10 ** (duck_db / 20 * gate)
    duck *= np.float32(s.duck_db / 20 * np.log(10))
    np.exp(duck, out=duck)
    ratio = None
    if clips.bed is not None and len(speech):
        bed = faded(loop_to(clips.bed, len(speech), rate, s.fade_ms), rate, s.fade_ms, s.fade_ms)
        bed *= duck[speech_at : speech_at + len(speech)]
        ratio = _bed_below_speech(speech, bed, speaking[speech_at : speech_at + len(speech)])
        out[speech_at : speech_at + len(speech)] += bed
        del bed
    if intro is not None:
        out[: len(intro)] += intro * duck[: len(intro)]
    if outro is not None:
        out[speech_at + len(speech) :] += outro * duck[speech_at + len(speech) :]
    return Mixed(out, speech_at, ratio)


def _bed_below_speech(voice: np.ndarray, music: np.ndarray, speaking: np.ndarray) -> float | None:
    """The bed's power against the speech's where someone speaks (the gate fully up), in dB."""
    if not speaking.any():
        return None
    v = float(np.mean(np.square(voice[speaking], dtype=np.float64)))
    m = float(np.mean(np.square(music[speaking], dtype=np.float64)))
    return round(10 * np.log10(max(m, 1e-12) / max(v, 1e-12)), 1)


def sting_gap(clips: Clips, pause_samples: int) -> np.ndarray:
    """The pause between two chapters with the sting in it (the pause grows to hold the sting and
    a short breath after it): it belongs to the chapter before, so the next chapter starts at its
    speech."""
    breath = clips.rate * 3 // 10
    sting = faded(clips.sting, clips.rate, 0, min(300.0, clips.settings.fade_ms)) if clips.sting is not None else None
    length = max(pause_samples, (len(sting) + breath) if sting is not None else 0)
    gap = np.zeros(length, dtype=np.float32)
    if sting is not None:
        gap[: len(sting)] = sting
    return gap
