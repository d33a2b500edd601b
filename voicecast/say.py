"""Speaking a piece of text straight into audio, without a script: `voicecast say`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .engines import Engine, SynthesisOptions
from .errors import VoicecastError, option
from .planning.voices import VoiceConfig
from .synthesis.schedule import run_bounded
from .text.splitter import Pause, Sentence


@dataclass(frozen=True)
class SayOptions:
    voice: str | None = None  # None: the narrator's voice for each sentence's language
    options: dict[str, Any] = field(default_factory=dict)  # engine options (speed, …); others' are ignored


def speak_pieces(pieces: list[Sentence | Pause], engine: Engine, voices: VoiceConfig, opts: SayOptions,
                 advance: Callable[[], None] = lambda: None) -> np.ndarray:
    """The sentences synthesized (heaviest first, by the one scheduler) and joined in order with
    voices.yaml's pauses; ``advance`` ticks once per sentence. The voices are those voices.yaml gives
    the engine's voice family (a plugin that speaks Kokoro's voices takes the kokoro ones)."""
    engine_name = engine.voice_family()
    given = {k: v for k, v in opts.options.items() if k in engine.option_names()}

    def options(piece: Sentence) -> SynthesisOptions:
        return engine.make_options(engine.cache_options(given, piece, voices.lexicon_for(piece.lang)))

    def voice_for(piece: Sentence) -> str:
        name = opts.voice or voices.voice_name(None, engine_name, piece.lang)
        if name is None:
            raise VoicecastError(f"no {engine_name} voice for {piece.lang} text; pass {option('voice')}")
        return name

    def speak(piece: Sentence) -> np.ndarray:
        audio = engine.synthesize(piece, voice_for(piece), options(piece))
        advance()
        return audio

    sentences = [p for p in pieces if isinstance(p, Sentence)]
    jobs = engine.default_jobs
    engine.use_jobs(jobs)
    engine.preflight()
    spoken = iter(run_bounded(sentences, speak, jobs, cost=lambda p: engine.cost(p, voice_for(p), options(p)),
                              budget=engine.cost_budget))
    rate = engine.sample_rate
    chunks = []
    for piece in pieces:
        if isinstance(piece, Pause):
            chunks.append(np.zeros(int(rate * piece.ms / 1000), dtype=np.float32))
            continue
        chunks.append(next(spoken))
        gap = voices.pauses.clause if piece.ends == "clause" else voices.pauses.sentence
        chunks.append(np.zeros(int(rate * gap / 1000), dtype=np.float32))
    return np.concatenate(chunks[:-1] if len(chunks) > 1 else chunks)
