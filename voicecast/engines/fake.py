"""A fake engine for fast pipeline tests: deterministic tones whose length follows the text.

It is never used where a test claims to exercise real speech.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ..text.splitter import Sentence
from .base import Engine, SynthesisOptions, VoiceInfo, register
from .kokoro.engine import DEFAULT_OPTIONS, KokoroEngine, KokoroOptions
from .kokoro.voices import KOKORO_VOICES, kokoro_voice_lang


@register
class FakeEngine(Engine):
    name = "fake"
    needs_network = False
    sample_rate = 24000
    max_chars = 120
    # It answers to Kokoro's voice names and options, so a voices.yaml for Kokoro plans for it.
    speaks_as = "kokoro"
    Options = KokoroOptions
    narrator_voices = KokoroEngine.narrator_voices
    role_voices = KokoroEngine.role_voices
    known_voice = KokoroEngine.known_voice
    check_option = KokoroEngine.check_option
    cache_options = KokoroEngine.cache_options

    def __init__(self, ms_per_char: int = 60):
        self.ms_per_char = ms_per_char
        self.calls: list[tuple[str, str]] = []

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(v, kokoro_voice_lang(v)) for v in KOKORO_VOICES]

    def synthesize(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> np.ndarray:
        self.calls.append((sentence.text, voice))
        speed = getattr(options, "speed", 1.0)
        seconds = max(0.2, len(sentence.text) * self.ms_per_char / 1000 / speed)
        digest = hashlib.sha256(f"{voice}|{sentence.text}".encode()).digest()
        freq = 180 + digest[0] * 2
        t = np.arange(int(seconds * self.sample_rate), dtype=np.float32) / self.sample_rate
        envelope = np.minimum(1.0, np.minimum(t, t[-1] - t) * 20)
        return (0.3 * np.sin(2 * np.pi * freq * t) * envelope).astype(np.float32)
