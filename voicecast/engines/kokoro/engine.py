"""The offline engine: Kokoro-82M v1.0 (int8 ONNX) on onnxruntime, 24 kHz, Mandarin and English
voices, with code-switched sentences phonemized per language (see :mod:`voicecast.pronounce.g2p`)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ...audio.audio_io import voiced_span
from ...errors import EngineError
from ...pronounce.g2p import PRONUNCIATION_VERSION, has_english, sentence_phonemes
from ...pronounce.pinyin import load_tables
from ...settings import Settings
from ...store import models_dir as default_models_dir
from ...text.splitter import Sentence
from ..base import Engine, SynthesisOptions, VoiceInfo, check_device, register
from . import float_graph as kokoro_float
from . import graph as kokoro_graph
from . import model as assets
from .model import ModelStore
from .tokens import model_feeds, split_phonemes, to_tokens
from .voices import KOKORO_VOICES, kokoro_voice_lang

log = logging.getLogger(__name__)

# The English voice each Mandarin voice leans toward in sentences with English words: the English
# voice closest in pitch and spectrum among the most intelligible (BENCHMARKS.md), so the mix
# changes how the English words are said more than who says them.
ENGLISH_PARTNER = {
    "zf_xiaobei": "af_jessica",
    "zf_xiaoni": "af_jessica",
    "zf_xiaoxiao": "af_jessica",
    "zf_xiaoyi": "af_jessica",
    "zm_yunjian": "am_adam",
    "zm_yunxi": "am_eric",
    "zm_yunxia": "af_jessica",  # a young voice: closer in pitch to jessica than to any male voice
    "zm_yunyang": "am_adam",
}


def cuda_provider() -> bool:
    """Whether the installed onnxruntime was built with CUDA (the onnxruntime-gpu package)."""
    import onnxruntime as ort

    return "CUDAExecutionProvider" in ort.get_available_providers()


def nvidia_gpu() -> bool:
    """Whether this machine has an NVIDIA driver loaded (onnxruntime-gpu lists CUDA either way)."""
    return Path("/proc/driver/nvidia/version").exists() or Path("/dev/nvidiactl").exists()


def resolve_device(device: str) -> str:
    """"cpu" or "cuda" for a requested device; "cuda" without a usable GPU is one clear error."""
    if check_device(device) == "cpu":
        return "cpu"
    usable = cuda_provider()
    if device == "cuda" and not usable:
        raise EngineError("--device cuda: the installed onnxruntime has no CUDA support; on a machine with an NVIDIA "
                          "GPU install its GPU build (pip install \"voicecast[gpu]\", see README: GPU)")
    if device == "cuda" and not nvidia_gpu():
        raise EngineError("--device cuda: no NVIDIA GPU driver on this machine; use --device cpu (or auto)")
    return "cuda" if usable and nvidia_gpu() else "cpu"


class SessionKey(NamedTuple):
    threads: int
    device: str
    models: ModelStore
    rewrite: bool


class Sessions:
    """An engine's onnxruntime sessions, one per key (thread count, device, models, graph choice),
    shared by the engine's callers (``run`` is thread-safe) and freed by its ``close``.
    ``prefetch`` starts loading in the background, so the model loads while the first sentence's
    pronunciation is worked out (onnxruntime does not hold the GIL while it loads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[SessionKey, object] = {}
        self._loading: dict[SessionKey, threading.Thread] = {}
        self._errors: dict[SessionKey, BaseException] = {}

    def loaded(self) -> bool:
        """Whether anything is loaded or loading."""
        with self._lock:
            return bool(self._sessions or self._loading)

    def prefetch(self, key: SessionKey) -> threading.Thread | None:
        """Start loading (once); the loading thread, or None when the session is ready."""
        with self._lock:
            if key in self._sessions:
                return None
            if key not in self._loading:
                t = threading.Thread(target=self._load, args=(key,), name="kokoro-load", daemon=True)
                self._loading[key] = t
                t.start()
            return self._loading[key]

    def get(self, key: SessionKey):
        loader = self.prefetch(key)
        if loader is not None:
            loader.join()
        with self._lock:
            if key in self._sessions:
                return self._sessions[key]
            error = self._errors.pop(key, None)
            self._loading.pop(key, None)  # the next call tries again
        raise error or EngineError("the Kokoro model did not load")

    def _load(self, key: SessionKey) -> None:
        try:
            session = self._create(key)
            # A first tiny run allocates the memory arenas, so the first real sentence is not slower.
            session.run(None, {"tokens": np.zeros((1, 8), dtype=np.int64), "style": np.zeros((1, 256), np.float32),
                               "speed": np.ones(1, dtype=np.float32)})
            with self._lock:
                self._sessions[key] = session
        except BaseException as exc:  # re-raised in the caller's thread by get()
            with self._lock:
                self._errors[key] = exc

    def release(self) -> None:
        """Drop the loaded sessions (their memory arenas go back to the system); the next run loads
        again."""
        with self._lock:
            loaders = list(self._loading.values())
        for loader in loaders:  # a load in progress finishes first (it takes the lock at its end)
            loader.join()
        with self._lock:
            self._sessions.clear()
            self._loading.clear()
            self._errors.clear()

    @staticmethod
    def _create(key: SessionKey):
        import onnxruntime as ort

        threads, device = key.threads, key.device
        if device == "cuda":  # the float graph: the int8 one's operators have no CUDA kernels
            path = kokoro_float.build(key.models.ensure_model())
            providers: list = ["CUDAExecutionProvider", "CPUExecutionProvider"]
        else:
            path = kokoro_graph.model_for_session(key.models.ensure_model(), key.rewrite)
            providers = ["CPUExecutionProvider"]
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.log_severity_level = 3
        log.debug("loading %s with %d threads on %s", path, threads, device)
        session = ort.InferenceSession(str(path), sess_options=opts, providers=providers)
        if device == "cuda" and "CUDAExecutionProvider" not in session.get_providers():
            raise EngineError("--device cuda: onnxruntime could not start CUDA (check the driver and CUDA/cuDNN "
                              "libraries onnxruntime-gpu needs); use --device cpu")
        return session


@dataclass(frozen=True)
class KokoroOptions(SynthesisOptions):
    """The options a speaker may set for Kokoro in voices.yaml."""

    speed: float = 1.0
    # In a Mandarin sentence with English words, how far the Mandarin voice's style leans toward an
    # English voice (``english_voice``, or the Mandarin voice's partner), so the names sound
    # English; 0 keeps the Mandarin voice as it is.
    english_mix: float = 0.5
    english_voice: str = ""


DEFAULT_OPTIONS = KokoroOptions()


@register
class KokoroEngine(Engine):
    name = "kokoro"
    needs_network = False
    guesses_names = True  # espeak-ng's letter-to-sound rules, for words in no dictionary
    sample_rate = 24000
    # About 2-4 phonemes per Han character: 120 characters stay under the 510-token limit, and the
    # engine splits phonemes again if a chunk still runs over.
    max_chars = 120
    # Two sentences at once on single-threaded runs beat one sentence on two threads by about 15 %
    # (BENCHMARKS.md): the model's parts parallelize poorly inside one run.
    default_jobs = max(1, min(4, os.cpu_count() or 1))
    # No cost budget: with the rewritten graph's quantizer outputs freed, two of the longest
    # sentences at once stay under 1.5 GB, and a token budget only cost speed (BENCHMARKS.md).
    Options = KokoroOptions
    narrator_voices = {"zh": "zf_xiaoxiao", "en": "af_heart"}
    role_voices = {"asks": {"zh": "zm_yunxi", "en": "am_michael"}, "answers": {"zh": "zf_xiaoyi", "en": "af_bella"}}

    @classmethod
    def known_voice(cls, voice: str) -> bool:
        return voice in KOKORO_VOICES

    @classmethod
    def check_option(cls, name: str, value: Any) -> Any:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if name == "speed" and not (number and 0.5 <= value <= 2.0):
            raise ValueError(f"speed {value!r} must be a number from 0.5 to 2.0")
        if name == "english_mix" and not (number and 0 <= value <= 1):
            raise ValueError(f"english_mix {value!r} must be a number from 0 (off) to 1")
        if name == "english_voice" and not (isinstance(value, str) and value in KOKORO_VOICES
                                            and kokoro_voice_lang(value) == "en"):
            raise ValueError(f"{value!r} is not an English Kokoro voice (e.g. am_eric, af_jessica); run "
                             "`voicecast voices --lang en`")
        return super().check_option(name, value)

    @classmethod
    def cache_options(cls, given: Mapping[str, Any], sentence: Sentence, lexicon: Mapping[str, str]) -> dict[str, Any]:
        """The English mix enters only the keys of sentences with English in them: the others'
        cache keys stay as they were before the mix existed."""
        out = super().cache_options(given, sentence, lexicon)
        if not has_english(sentence, dict(lexicon)):
            del out["english_mix"], out["english_voice"]
        return out

    def retry_settings(self, voice: str, options: Mapping[str, Any], lang: str) -> list[tuple[str, dict[str, Any], str]]:
        """Slower (each syllable gets more time), then the next voice of the same language and
        gender (``zf_…``: Mandarin, female), at the speaker's own speed."""
        speed = round(float(options.get("speed", 1.0)) * 0.85, 2)
        tries = [(voice, {**options, "speed": speed}, f"speed {speed}")]
        same = [v for v in KOKORO_VOICES if v[:2] == voice[:2]]
        if voice in same and len(same) > 1:
            other = same[(same.index(voice) + 1) % len(same)]
            tries.append((other, dict(options), f"voice {other}"))
        return tries

    def __init__(self, threads: int | None = None, english_variant: str = "us", models: ModelStore | None = None,
                 rewrite: bool = True):
        """``models``: the models dir (default: the user cache's, see settings.py); ``rewrite``:
        run the faster rewrite of the int8 graph (graph.py)."""
        self.models = models if models is not None else ModelStore(default_models_dir())
        self._sessions = Sessions()
        self.rewrite = rewrite
        self.threads = threads
        self.english_variant = english_variant
        self._jobs = 1
        self.device = "cpu"
        self._voices: dict[str, np.ndarray] = {}
        self._phonemes: dict[tuple, str] = {}  # worked out for cost(), taken by synthesize()

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> KokoroEngine:
        return cls(models=ModelStore.from_settings(settings), rewrite=settings.kokoro_rewrite, **kwargs)

    def use_jobs(self, jobs: int) -> None:
        self._jobs = max(1, jobs)

    def use_device(self, device: str, here: bool = True) -> None:
        """The CPU runs the int8 graph; CUDA runs a float32 graph built from the same weights
        (kokoro_float.py), whose audio is close to but not the same as the int8 graph's: it has its
        own cache identity."""
        if not here and device in ("cpu", "cuda"):  # a driver planning for Ray actors: they check
            self.device = device
            return
        self.device = resolve_device(device)

    def _session_key(self) -> SessionKey:
        """onnxruntime threads per run (the cores shared out among the concurrent runs), the device,
        the models dir and the graph choice."""
        return SessionKey(self.threads or max(1, (os.cpu_count() or 1) // self._jobs), self.device, self.models,
                          self.rewrite)

    def preflight(self) -> None:
        self._sessions.prefetch(self._session_key())

    def close(self) -> None:
        """Free this engine's model memory (its sessions; another engine's are its own): the
        engine's owner (the render or say that created it) calls this, after its synthesis."""
        self._sessions.release()
        self._phonemes.clear()

    def voices(self) -> list[VoiceInfo]:
        out = []
        for v in KOKORO_VOICES:
            gender = {"f": "female", "m": "male"}.get(v[1], "")
            out.append(VoiceInfo(v, kokoro_voice_lang(v), gender, _accent(v)))
        return out

    def identity(self) -> str:
        """The model, its checksum and the pronunciation front end's version: audio cached with
        older phonemes for the same text is not reused."""
        front_end = f"p{PRONUNCIATION_VERSION}"
        if self.device == "cuda":
            return f"kokoro-v1.0-fp32.{kokoro_float.FLOAT_VERSION}:{assets.MODEL_SHA256[:16]}:{front_end}"
        return f"kokoro-v1.0-int8:{assets.MODEL_SHA256[:16]}:{front_end}"

    def _voice(self, name: str) -> np.ndarray:
        if name not in self._voices:
            if name not in KOKORO_VOICES:
                raise EngineError(f"unknown Kokoro voice {name!r}; run `voicecast voices --engine kokoro`")
            self._voices[name] = self.models.load_voice(name)
        return self._voices[name]

    def style_pack(self, voice: str, sentence: Sentence, options: SynthesisOptions = DEFAULT_OPTIONS) -> np.ndarray:
        """The voice's style vectors; for a Mandarin voice saying a sentence with English words,
        mixed with an English voice's (``options.english_mix``). Kokoro's Mandarin voices say
        English names with Mandarin sounds (Claude as 过, Sora as 算); the mix keeps the voice
        recognisable and makes the names intelligible (BENCHMARKS.md)."""
        own = _own(options)
        mix = own.english_mix
        if not (mix > 0 and voice.startswith("z") and has_english(sentence, dict(own.lexicon))):
            return self._voice(voice)
        partner = own.english_voice or ENGLISH_PARTNER.get(voice, "af_jessica")
        if kokoro_voice_lang(partner) != "en":
            raise EngineError(f"english_voice {partner!r} is not an English Kokoro voice (try af_heart or am_michael)")
        if mix > 1:  # above 0 here
            raise EngineError(f"english_mix {mix!r} must be from 0 to 1")
        key = f"{voice}+{partner}*{mix:g}"
        if key not in self._voices:
            self._voices[key] = ((1 - mix) * self._voice(voice) + mix * self._voice(partner)).astype(np.float32)
        return self._voices[key]

    def phonemes(self, sentence: Sentence, options: SynthesisOptions = DEFAULT_OPTIONS, voice: str = "") -> str:
        variant = "gb" if voice.startswith("b") else self.english_variant
        if sentence.lang == "zh":
            load_tables(self.models.root)  # the front end's tables, kept in this engine's models dir
        return sentence_phonemes(sentence, dict(options.lexicon), variant)

    def cost(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> int:
        """Tokens of the longest model run this sentence takes (its time and memory grow with
        them): the scheduler starts the heaviest first. The phonemes are kept for synthesize()."""
        key = _phoneme_key(sentence, options, voice)
        phonemes = self._phonemes.get(key)
        if phonemes is None:
            phonemes = self._phonemes[key] = self.phonemes(sentence, options, voice)
        return max((len(to_tokens(chunk)) for chunk in split_phonemes(phonemes)), default=0) + 2

    def synthesize(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> np.ndarray:
        self._sessions.prefetch(self._session_key())  # loads while the text is turned into phonemes
        style_pack = self.style_pack(voice, sentence, options)
        phonemes = self._phonemes.pop(_phoneme_key(sentence, options, voice), None)
        if phonemes is None:
            phonemes = self.phonemes(sentence, options, voice)
        pieces = []
        for chunk in split_phonemes(phonemes):
            tokens = to_tokens(chunk)
            if not tokens:
                continue
            pieces.append(self._infer(tokens, style_pack, _own(options).speed))
        if not pieces:
            raise EngineError(f"nothing to say in {sentence.text!r} (no phonemes the model knows)")
        if len(pieces) == 1:
            return pieces[0]
        gap = np.zeros(int(self.sample_rate * 0.12), dtype=np.float32)
        joined = [pieces[0]]
        for p in pieces[1:]:
            joined += [gap, p]
        return np.concatenate(joined)

    def _model(self):
        """The onnxruntime session this engine runs (shared, loaded once per threads and device)."""
        return self._sessions.get(self._session_key())

    def _infer(self, tokens: list[int], style_pack: np.ndarray, speed: float) -> np.ndarray:
        session = self._model()
        try:
            audio = session.run(None, model_feeds(tokens, style_pack, speed))[0]
        except Exception as exc:  # onnxruntime raises its own exception types
            raise EngineError(f"Kokoro inference failed: {exc}") from exc
        audio = np.asarray(audio, dtype=np.float32).ravel()
        start, end = voiced_span(audio, self.sample_rate)
        return audio[start:end]


def _own(options: SynthesisOptions) -> KokoroOptions:
    """Kokoro's options from whatever the caller passed (another engine's carry only the lexicon)."""
    return options if isinstance(options, KokoroOptions) else KokoroOptions(lexicon=options.lexicon)


def _phoneme_key(sentence: Sentence, options: SynthesisOptions, voice: str) -> tuple:
    """What the phonemes depend on: the text, the lexicon and the English variant (voice b… is British)."""
    return sentence, options.lexicon, voice.startswith("b")


def _accent(voice: str) -> str:
    return {"a": "American English", "b": "British English", "z": "Mandarin"}.get(voice[0], "")

