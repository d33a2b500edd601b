"""Make the example episode's music (an intro, a bed, a sting between chapters and an outro) from
sine tones: no samples, nothing downloaded. Run from the repository root to remake the four files in
examples/music/:

    python examples/music/make.py
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from voicecast.audio.encode import ffmpeg_exe

RATE = 24000
HERE = Path(__file__).resolve().parent


def _note(freq: float, seconds: float, decay: float, harmonics: tuple[float, ...] = (1.0, 0.4, 0.15)) -> np.ndarray:
    """A plucked note: a few harmonics under an exponential decay, with a 5 ms attack."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = sum(a * np.sin(2 * np.pi * freq * (k + 1) * t) for k, a in enumerate(harmonics))
    return tone * np.exp(-t / decay) * np.minimum(1.0, t / 0.005)


def _pad(freqs: list[float], seconds: float, attack: float = 0.8) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    swell = np.minimum(1.0, t / attack) * np.minimum(1.0, (seconds - t) / attack)
    return sum(np.sin(2 * np.pi * f * t) for f in freqs) * swell / len(freqs)


def intro() -> np.ndarray:
    """Six seconds: a C major 7 then an A minor 7 pad, an arpeggio over it, a last chord ringing out."""
    out = np.zeros(int(6.0 * RATE))
    out[: int(3.2 * RATE)] += 0.35 * _pad([130.8, 196.0, 246.9, 329.6], 3.2)
    out[int(2.8 * RATE) : int(6.0 * RATE)] += 0.35 * _pad([110.0, 164.8, 196.0, 261.6], 3.2, attack=1.2)
    for k, freq in enumerate([523.3, 659.3, 784.0, 987.8, 880.0, 784.0, 659.3, 523.3]):
        start = int((0.3 + 0.45 * k) * RATE)
        note = 0.25 * _note(freq, 1.6, 0.5)
        out[start : start + len(note)] += note[: len(out) - start]
    return out


def bed() -> np.ndarray:
    """Eight seconds that loop: a quiet low pad whose slow swell repeats every 4 s."""
    t = np.arange(int(8.0 * RATE)) / RATE
    swell = 0.75 + 0.25 * np.sin(2 * np.pi * t / 4.0)
    return 0.3 * swell * sum(a * np.sin(2 * np.pi * f * t) for f, a in ((65.4, 1.0), (98.0, 0.6), (130.8, 0.4),
                                                                        (164.8, 0.25)))


def sting() -> np.ndarray:
    """1.2 seconds between chapters: a rising fifth, G then D, plucked over a soft G pad."""
    out = 0.2 * _pad([196.0, 293.7], 1.2, attack=0.15)
    for start, freq in ((0.0, 784.0), (0.18, 1174.7)):
        note = 0.35 * _note(freq, 1.2 - start, 0.35)
        out[int(start * RATE) : int(start * RATE) + len(note)] += note
    return out


def outro() -> np.ndarray:
    """Seven seconds after the last words: an F major 7 pad resolving to C, a falling arpeggio over it."""
    out = np.zeros(int(7.0 * RATE))
    out[: int(3.4 * RATE)] += 0.35 * _pad([87.3, 174.6, 220.0, 329.6], 3.4)
    out[int(3.0 * RATE) :] += 0.35 * _pad([65.4, 130.8, 196.0, 261.6], 4.0, attack=1.5)
    for k, freq in enumerate([880.0, 784.0, 659.3, 523.3, 392.0, 523.3]):
        start = int((0.2 + 0.5 * k) * RATE)
        note = 0.22 * _note(freq, 2.0, 0.6)
        out[start : start + len(note)] += note[: len(out) - start]
    return out


def _mp3(audio: np.ndarray, dest: Path) -> None:
    pcm = (np.clip(audio / max(1.0, np.abs(audio).max() / 0.8), -1, 1) * 32767).astype("<i2")
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
                    "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", "64k", str(dest)], input=pcm.tobytes(), check=True)


if __name__ == "__main__":
    _mp3(intro(), HERE / "intro.mp3")
    _mp3(bed(), HERE / "bed.mp3")
    _mp3(sting(), HERE / "sting.mp3")
    _mp3(outro(), HERE / "outro.mp3")
