"""The one small interface every speech engine implements, and the registry of engines by name.

An engine turns one chunk of text (a :class:`~voicecast.splitter.Sentence`) in one voice into mono
float32 samples at its ``sample_rate``. Built-in engines register exactly the way a third-party one
would: with :func:`register`, or through the ``voicecast.engines`` entry-point group.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import ClassVar

import numpy as np

from ..errors import EngineError
from ..splitter import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceInfo:
    name: str
    lang: str  # "zh", "en", or another language code
    gender: str = ""  # "female" / "male" / ""
    description: str = ""


@dataclass(frozen=True)
class SynthesisOptions:
    """Everything besides text and voice that changes the audio."""

    speed: float = 1.0  # kokoro
    rate: str = "+0%"  # edge
    pitch: str = "+0Hz"  # edge
    volume: str = "+0%"  # edge
    lexicon: tuple[tuple[str, str], ...] = ()  # (term, replacement), applied before G2P
    # kokoro: in a Mandarin sentence with English words, how far the Mandarin voice's style leans
    # toward an English voice (``english_voice``, or the Mandarin voice's partner), so the names
    # sound English; 0 keeps the Mandarin voice as it is.
    english_mix: float = 0.5
    english_voice: str = ""


DEFAULT_OPTIONS = SynthesisOptions()


@dataclass(frozen=True)
class Word:
    """When a word (or, for engines that only report sentences, a sentence) is heard, in
    milliseconds from the start of the chunk's audio."""

    start_ms: int
    end_ms: int
    text: str


@dataclass
class Speech:
    """One synthesized chunk: audio plus the timings the engine reported (possibly none)."""

    audio: np.ndarray
    words: tuple[Word, ...] = ()


class Engine(ABC):
    """Abstract speech engine."""

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False
    sample_rate: ClassVar[int]
    # Longest chunk (characters) the engine takes well; the splitter chunks to this.
    max_chars: ClassVar[int] = 200
    # Chunks synthesized at once when the user does not say (--jobs): 1 for a CPU-bound engine,
    # more for a network one that mostly waits.
    default_jobs: ClassVar[int] = 1
    # How much ``cost`` may be in flight at once (None: only the number of jobs bounds it).
    cost_budget: int | None = None

    @abstractmethod
    def voices(self) -> list[VoiceInfo]:
        """The voices this engine offers."""

    @abstractmethod
    def synthesize(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> np.ndarray:
        """Speak one chunk; return mono float32 samples in [-1, 1] at ``sample_rate``."""

    def cost(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> int:
        """What synthesizing this chunk weighs while it runs, in the unit of ``cost_budget`` (by
        default its length in characters). The scheduler runs the heaviest chunks first and keeps
        the sum of what runs at once within the budget."""
        return len(sentence.text)

    def speak(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> Speech:
        """Speak one chunk with word timings where the engine knows them."""
        return Speech(self.synthesize(sentence, voice, options))

    def use_jobs(self, jobs: int) -> None:  # noqa: B027 - optional hook
        """The caller will synthesize ``jobs`` chunks at once (from as many threads); an engine may
        size its own thread pools to fit."""

    def preflight(self) -> None:  # noqa: B027 - optional hook
        """Called once before a render synthesizes anything: raise :class:`EngineError` quickly
        when the engine cannot work at all (no network, no model), before any output is touched."""

    def identity(self) -> str:
        """What distinguishes this engine's audio besides text and voice (a model checksum, a
        version). Part of every cache key."""
        return self.name

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (sessions, sockets)."""


_REGISTRY: dict[str, type[Engine]] = {}
_LOADED_ENTRY_POINTS = False


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: make an engine available by its ``name``."""
    if not getattr(cls, "name", None):
        raise TypeError(f"{cls.__name__} needs a class attribute `name`")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _LOADED_ENTRY_POINTS
    if _LOADED_ENTRY_POINTS:
        return
    _LOADED_ENTRY_POINTS = True
    for ep in entry_points(group="voicecast.engines"):
        try:
            ep.load()
        except Exception as exc:  # a broken plugin must not break the other engines
            log.warning("engine plugin %s (%s) failed to load: %s", ep.name, ep.value, exc)
    # Running from a source tree without an install: the built-ins register themselves on import.
    for name in ("kokoro", "edge", "fake"):
        if name not in _REGISTRY:
            import_module(f"voicecast.engines.{name}")


def engine_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get_engine_class(name: str) -> type[Engine]:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; available: {', '.join(sorted(_REGISTRY))}") from None


def create_engine(name: str, **kwargs) -> Engine:
    return get_engine_class(name)(**kwargs)
