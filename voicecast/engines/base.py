"""The one small interface every speech engine implements, and the registry of engines by name.

An engine turns one chunk of text (a :class:`~voicecast.text.splitter.Sentence`) in one voice into mono
float32 samples at its ``sample_rate``. Built-in engines register exactly the way a third-party one
would: with :func:`register`, or through the ``voicecast.engines`` entry-point group.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, ClassVar

import numpy as np

from ..errors import EngineError
from ..settings import Settings
from ..text.lexicon import lexicon_used
from ..text.splitter import Sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceInfo:
    name: str
    lang: str  # "zh", "en", or another language code
    gender: str = ""  # "female" / "male" / ""
    description: str = ""


@dataclass(frozen=True)
class SynthesisOptions:
    """What every engine takes besides text and voice: replacements applied before pronunciation.
    Each engine extends it with the options it owns (``Engine.Options``), which speakers set in
    voices.yaml and which enter every cache key."""

    lexicon: tuple[tuple[str, str], ...] = ()  # (term, replacement), applied before G2P


DEFAULT_OPTIONS = SynthesisOptions()
DEVICES = ("auto", "cpu", "cuda")


def check_device(device: str) -> str:
    """``device`` when it is one voicecast knows (auto, cpu, cuda); else one clear error."""
    if device not in DEVICES:
        raise EngineError(f"unknown device {device!r}; use {', '.join(DEVICES)}")
    return device


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
    # The options this engine owns: a frozen dataclass extending SynthesisOptions. Its fields (but
    # ``lexicon``) are the keys a speaker may set in voices.yaml; check_option validates them.
    Options: ClassVar[type[SynthesisOptions]] = SynthesisOptions
    # Voices by language ("zh", "en") for the narrator, and for the sides of a question-and-answer
    # transcript ("asks", "answers"), when voices.yaml does not name them.
    narrator_voices: ClassVar[dict[str, str]] = {}
    role_voices: ClassVar[dict[str, dict[str, str]]] = {}
    # The engine whose voice names and options this one answers to in voices.yaml ("": its own).
    speaks_as: ClassVar[str] = ""
    # Whether words it has no reading for are guessed by rules (voicecast check lists them).
    guesses_names: ClassVar[bool] = False

    @classmethod
    def voice_family(cls) -> str:
        """The engine name voices.yaml's voices are looked up under for this engine."""
        return cls.speaks_as or cls.name

    @classmethod
    def option_names(cls) -> list[str]:
        return [f.name for f in fields(cls.Options) if f.name != "lexicon"]

    @classmethod
    def check_option(cls, name: str, value: Any) -> Any:
        """A speaker's value for one of this engine's options, checked and normalized; raise
        ValueError saying what is wrong and how to write it (voices.py adds the file and field)."""
        default = getattr(cls.Options(), name)
        if isinstance(default, float) and not isinstance(value, bool) and isinstance(value, (int, float)):
            return float(value)
        if not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
            raise ValueError(f"{value!r} must be a {type(default).__name__}, like {default!r}")
        return value

    @classmethod
    def known_voice(cls, voice: str) -> bool:
        """Whether ``voice`` names one of this engine's voices (checked when voices.yaml loads,
        without loading the engine); an engine that cannot tell says yes."""
        return True

    @classmethod
    def cache_options(cls, given: Mapping[str, Any], sentence: Sentence, lexicon: Mapping[str, str]) -> dict[str, Any]:
        """The options that shape this sentence's audio, as JSON-able data (all of it enters the
        sentence's cache key): the lexicon entries the sentence uses, and each option as the speaker
        set it or its default."""
        defaults = cls.Options()
        out: dict[str, Any] = {"lexicon": sorted(lexicon_used(lexicon, sentence.text).items())}
        out.update({name: given[name] if name in given else getattr(defaults, name) for name in cls.option_names()})
        return out

    @classmethod
    def make_options(cls, data: Mapping[str, Any]) -> SynthesisOptions:
        """The Options object for what :meth:`cache_options` returned."""
        values = dict(data)
        lexicon = tuple((str(a), str(b)) for a, b in values.pop("lexicon", ()))
        return cls.Options(lexicon=lexicon, **values)

    def retry_settings(self, voice: str, options: Mapping[str, Any], lang: str) -> list[tuple[str, dict[str, Any], str]]:
        """Other ways to say a sentence that was not heard right (``render --verify``), in the order
        to try them: (voice, options as :meth:`cache_options` gives them, a label for reports).
        An engine with none returns none."""
        return []

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

    def use_device(self, device: str, here: bool = True) -> None:
        """Run on ``device``: "auto" (a GPU when the engine can use one here, else the CPU), "cpu"
        or "cuda". Called before any synthesis; an engine that only runs on the CPU refuses "cuda".
        ``here`` False: the engine only plans (its identity) for copies that run elsewhere (Ray
        actors), which check the device themselves."""
        if check_device(device) == "cuda":
            raise EngineError(f"the {self.name} engine does not run on a GPU; use --device cpu or auto")

    def preflight(self) -> None:  # noqa: B027 - optional hook
        """Called once before a render synthesizes anything: raise :class:`EngineError` quickly
        when the engine cannot work at all (no network, no model), before any output is touched."""

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> Engine:
        """The engine as the resolved settings configure it (paths, endpoints, graph choice): the
        command line hands them over here. An engine with no setting of its own takes ``kwargs``."""
        return cls(**kwargs)

    def identity(self) -> str:
        """What distinguishes this engine's audio besides text and voice (a model checksum, a
        version). Part of every cache key."""
        return self.name

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (sessions, sockets)."""


_REGISTRY: dict[str, type[Engine]] = {}
_LOADED_ENTRY_POINTS = False
_PLUGINS_WANTED = True


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: make an engine available by its ``name``."""
    if not getattr(cls, "name", None):
        raise TypeError(f"{cls.__name__} needs a class attribute `name`")
    _REGISTRY[cls.name] = cls
    return cls


def want_plugins(wanted: bool) -> None:
    """Whether the registry loads the engines other packages add (default: yes). The command line
    sets it from its settings (``VOICECAST_NO_PLUGINS``) before it looks an engine up: only
    voicecast's own engines then, for tests and for debugging a broken plugin."""
    global _PLUGINS_WANTED
    if _LOADED_ENTRY_POINTS and wanted != _PLUGINS_WANTED:
        raise RuntimeError("the engine registry is already loaded; choose plugins before the first lookup")
    _PLUGINS_WANTED = wanted


def _load_builtins() -> None:
    global _LOADED_ENTRY_POINTS
    if _LOADED_ENTRY_POINTS:
        return
    _LOADED_ENTRY_POINTS = True
    for ep in entry_points(group="voicecast.engines") if _PLUGINS_WANTED else ():
        if ep.value.startswith("voicecast."):
            continue  # the built-ins: imported below, by name
        try:
            ep.load()
        except Exception as exc:  # a broken plugin must not break the other engines
            log.warning("engine plugin %s (%s) failed to load: %s", ep.name, ep.value, exc)
    # The built-ins register themselves on import (a source tree without an install too).
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


def create_engine(name: str, settings: Settings | None = None, **kwargs: Any) -> Engine:
    """The engine ``name``: configured by ``settings`` where given (the command line's), else by its
    constructor's defaults and ``kwargs``."""
    cls = get_engine_class(name)
    return cls.from_settings(settings, **kwargs) if settings is not None else cls(**kwargs)
