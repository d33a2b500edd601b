"""The edge-tts engine: Microsoft's online neural voices through the ``edge-tts`` package.

Each chunk is one sentence from our splitter, sent as its own request (edge-tts's own byte cut
would land mid-sentence in Chinese); pauses come from our assembler, not from SSML. Requests that
fail in a way that may pass (dropped or refused connections, timeouts, 403/429/5xx, no audio,
undecodable or truncated audio) are retried with exponential backoff and jitter; after the last
try the render stops with a message naming the sentence, and what was done stays in the cache.

``endpoint`` (or ``$VOICECAST_EDGE_ENDPOINT``), an origin like ``ws://127.0.0.1:8765``, points
this engine at another server speaking the same protocol; only the endpoint URLs differ, and they
belong to the engine (``client.py``), so two engines in one process reach their own servers.

Each request runs edge-tts's async client to completion; the concurrency (``default_jobs``, or
``--jobs``) is the render's bounded worker pool, the same one the offline engine uses, so both
engines keep one small synchronous interface and every failure reaches the render as an exception.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypedDict, cast
from urllib.parse import urlsplit

import numpy as np

from ...audio.audio_io import voiced_span
from ...audio.encode import decode_audio
from ...errors import EngineError, VoicecastError
from ...settings import Settings
from ...text.splitter import Sentence
from ..base import Engine, Speech, SynthesisOptions, VoiceInfo, Word, register
from .client import client_for
from .voices import list_voices

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000  # the service's audio-24khz-48kbitrate-mono-mp3
_PATH = "/consumer/speech/synthesize/readaloud"
_RETRY_STATUS = {403, 408, 425, 429, 500, 502, 503, 504}
_TICKS_PER_MS = 10_000  # the service counts in 100 ns ticks


class _Retryable(Exception):
    """A failed attempt worth another try; ``wait`` is the server's Retry-After, if it sent one."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


def _urls(endpoint: str | None) -> tuple[str, str, str, int]:
    """(websocket URL, voice-list URL, host, port) for an endpoint origin, or the service's own."""
    from edge_tts import constants

    if not endpoint:
        return constants.WSS_URL, constants.VOICE_LIST, "speech.platform.bing.com", 443
    parts = urlsplit(endpoint)
    if parts.scheme not in ("ws", "wss") or not parts.hostname or parts.path.strip("/") or parts.query:
        raise EngineError(f"edge endpoint {endpoint!r} must be an origin like ws://127.0.0.1:8765 or wss://host "
                          "(set VOICECAST_EDGE_ENDPOINT or the engine's endpoint setting)")
    http = "https" if parts.scheme == "wss" else "http"
    token = constants.TRUSTED_CLIENT_TOKEN
    wss = f"{parts.scheme}://{parts.netloc}{_PATH}/edge/v1?TrustedClientToken={token}"
    voices = f"{http}://{parts.netloc}{_PATH}/voices/list?trustedclienttoken={token}"
    return wss, voices, parts.hostname, parts.port or (443 if parts.scheme == "wss" else 80)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text and name not in text else (text or name)


# zh-CN-XiaoxiaoNeural, en-US-AndrewMultilingualNeural, zh-CN-shaanxi-XiaoniNeural
EDGE_VOICE_RE = re.compile(r"^[a-z]{2,3}-[A-Za-z]{2,4}(?:-[A-Za-z]+)?-[A-Za-z]+Neural$")
_RATE_RE = re.compile(r"^[+-]\d{1,3}%$")
_PITCH_RE = re.compile(r"^[+-]\d{1,4}Hz$")


class StreamChunk(TypedDict, total=False):
    """One item of edge-tts's ``Communicate.stream()``: audio bytes, or a word/sentence boundary
    with its offset and duration in 100-ns ticks (the wire data this engine reads)."""

    type: Literal["audio", "WordBoundary", "SentenceBoundary"]
    data: bytes
    offset: float
    duration: float
    text: str


@dataclass(frozen=True)
class EdgeOptions(SynthesisOptions):
    """The options a speaker may set for the edge voices in voices.yaml (edge-tts's prosody)."""

    rate: str = "+0%"
    pitch: str = "+0Hz"
    volume: str = "+0%"


DEFAULT_OPTIONS = EdgeOptions()


@register
class EdgeEngine(Engine):
    name = "edge"
    needs_network = True
    sample_rate = SAMPLE_RATE
    max_chars = 300
    default_jobs = 4
    Options = EdgeOptions
    narrator_voices = {"zh": "zh-CN-XiaoxiaoNeural", "en": "en-US-AriaNeural"}
    role_voices = {"asks": {"zh": "zh-CN-YunxiNeural", "en": "en-US-GuyNeural"},
                   "answers": {"zh": "zh-CN-XiaoyiNeural", "en": "en-US-JennyNeural"}}

    @classmethod
    def known_voice(cls, voice: str) -> bool:
        return bool(EDGE_VOICE_RE.match(voice))

    @classmethod
    def check_option(cls, name: str, value: Any) -> Any:
        pattern, example = (_PITCH_RE, "+0Hz") if name == "pitch" else (_RATE_RE, "+10%" if name == "rate" else "-5%")
        if not pattern.match(str(value)):
            raise ValueError(f"{str(value)!r} is not valid; write e.g. {example!r}")
        return str(value)

    def __init__(self, endpoint: str | None = None, tries: int = 5, backoff_s: float = 0.5, max_backoff_s: float = 8.0,
                 connect_timeout_s: int = 10, receive_timeout_s: int = 20, attempt_timeout_s: float = 30.0,
                 seed: int | None = None, saved_voices: Path | None = None):
        """``endpoint``: the service's origin (None: Microsoft's; ws://127.0.0.1:8765 for a local
        stand-in); ``saved_voices``: where the service's voice list is kept for when it cannot be
        reached (None: not kept)."""
        self.endpoint = endpoint
        self.saved_voices = saved_voices
        self.wss_url, self.voice_list_url, self.host, self.port = _urls(self.endpoint)
        self.client = client_for(self.wss_url, self.voice_list_url)
        if tries < 1:
            raise EngineError("edge: tries must be at least 1")
        self.tries = tries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.connect_timeout_s = connect_timeout_s
        self.receive_timeout_s = receive_timeout_s
        self.attempt_timeout_s = attempt_timeout_s
        self._random = random.Random(seed)
        self.voices_source = ""
        self.retries = 0  # attempts that failed and were tried again, for reports and tests
        self._count_lock = threading.Lock()  # speak() runs on several worker threads at once
        self._known: set[str] | None = None  # the service's voice names, fetched on first use
        self._checked: set[str] = set()

    # -- the Engine interface ---------------------------------------------------------------

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> EdgeEngine:
        kwargs.setdefault("endpoint", settings.edge_endpoint)
        return cls(saved_voices=settings.cache_dir / "edge-voices.json", **kwargs)

    def retry_settings(self, voice: str, options: Mapping[str, Any], lang: str) -> list[tuple[str, dict[str, Any], str]]:
        """Ten per cent slower than the speaker's rate."""
        rate = int(str(options.get("rate", "+0%")).rstrip("%")) - 10
        return [(voice, {**options, "rate": f"{rate:+d}%"}, f"rate {rate:+d}%")]

    def voices(self) -> list[VoiceInfo]:
        found, self.voices_source = list_voices(self.client.list_voices, self.saved_voices)
        return found

    def identity(self) -> str:
        # The service's audio format; another server (a local one) makes other audio.
        return "edge/audio-24khz-48kbitrate-mono-mp3" + (f"@{self.host}:{self.port}" if self.endpoint else "")

    def preflight(self) -> None:
        """Fail in seconds, with one line, when the service cannot be reached at all."""
        try:
            with socket.create_connection((self.host, self.port), timeout=min(5, self.connect_timeout_s)):
                pass
        except OSError as exc:
            reason = exc.strerror or _describe(exc)
            raise EngineError(f"edge: cannot reach {self.host}:{self.port} ({reason}). The edge engine needs the "
                              "network; check the connection, or render offline with --engine kokoro") from None

    def synthesize(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> np.ndarray:
        return self.speak(sentence, voice, options).audio

    def _check_voice(self, voice: str) -> None:
        """Refuse a voice the service does not have, at once (it would answer with no audio, five
        times over). Only a list from the service, or the copy saved from it, is complete enough to
        refuse by; the short built-in list is not."""
        with self._count_lock:
            if voice in self._checked:
                return
            if self._known is None:
                found, source = list_voices(self.client.list_voices, self.saved_voices)
                self._known = {v.name for v in found} if not source.startswith("built-in") else set()
            if self._known and voice not in self._known:
                similar = sorted(v for v in self._known if v.split("-")[:2] == voice.split("-")[:2])[:6]
                hint = f" Voices for {'-'.join(voice.split('-')[:2])}: {', '.join(similar)}." if similar else ""
                raise EngineError(f"edge: the service has no voice {voice!r}.{hint} Fix voices.yaml "
                                  "(`voicecast voices --engine edge` lists them)")
            self._checked.add(voice)

    def speak(self, sentence: Sentence, voice: str, options: SynthesisOptions = DEFAULT_OPTIONS) -> Speech:
        self._check_voice(voice)
        text = _apply_lexicon(sentence.text, options.lexicon)
        # Word timings for English (word-level subtitles); one sentence boundary for other
        # languages. Either way the last boundary tells how long the audio must be.
        boundary: Literal["WordBoundary", "SentenceBoundary"] = "WordBoundary" if sentence.lang == "en" \
            else "SentenceBoundary"
        last = "no attempt"
        for attempt in range(1, self.tries + 1):
            try:
                return asyncio.run(self._attempt(text, voice, options, boundary))
            except _Retryable as exc:
                last = str(exc)
                wait = exc.wait
            if attempt == self.tries:
                break
            with self._count_lock:
                self.retries += 1
            delay = wait if wait is not None else self._backoff(attempt)
            log.info("edge: attempt %d for %r failed (%s); retrying in %.2f s", attempt, text[:40], last, delay)
            time.sleep(delay)
        raise EngineError(f"edge: gave up after {self.tries} tries (last: {last})")

    # -- one request ---------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        step = min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))
        return step / 2 + self._random.uniform(0, step / 2)

    async def _attempt(self, text: str, voice: str, options: SynthesisOptions,
                       boundary: Literal["WordBoundary", "SentenceBoundary"]) -> Speech:
        import aiohttp
        from edge_tts import exceptions as edge_exc

        try:
            own = options if isinstance(options, EdgeOptions) else EdgeOptions(lexicon=options.lexicon)
            comm = self.client.Communicate(text, voice, rate=own.rate, volume=own.volume, pitch=own.pitch,
                                        boundary=boundary, connect_timeout=self.connect_timeout_s,
                                        receive_timeout=self.receive_timeout_s)
        except ValueError as exc:  # a malformed voice, rate, pitch or volume: no retry helps
            raise EngineError(f"edge: {exc}; fix the voice or its rate/pitch/volume in voices.yaml") from None
        mp3 = bytearray()
        words: list[Word] = []
        try:
            async with asyncio.timeout(self.attempt_timeout_s):
                async for item in comm.stream():
                    chunk = cast(StreamChunk, item)
                    if chunk["type"] == "audio":
                        mp3 += chunk["data"]
                    else:
                        start = int(chunk["offset"] // _TICKS_PER_MS)
                        words.append(Word(start, start + int(chunk["duration"] // _TICKS_PER_MS), chunk["text"]))
        except aiohttp.ClientResponseError as exc:  # the handshake was refused (403 / 429 / 503 …)
            if exc.status in _RETRY_STATUS:
                raise _Retryable(f"HTTP {exc.status} {exc.message}", _retry_after(exc)) from None
            raise EngineError(f"edge: the service answered HTTP {exc.status} {exc.message} at {self.host}") from None
        except (aiohttp.ClientError, TimeoutError, ConnectionError, edge_exc.EdgeTTSException) as exc:
            raise _Retryable(_describe(exc)) from None
        if not turn_ended(comm):
            raise _Retryable(f"the stream ended before turn.end ({len(mp3)} bytes of audio, {len(words)} boundaries)")
        return self._check(bytes(mp3), words)

    def _check(self, mp3: bytes, words: list[Word]) -> Speech:
        try:
            audio = decode_audio(mp3, SAMPLE_RATE)
        except VoicecastError as exc:
            raise _Retryable(str(exc).splitlines()[0]) from None
        heard_ms = len(audio) * 1000 / SAMPLE_RATE
        if words:
            # The boundaries say when the last word ends; audio well short of that was cut off.
            spoken_ms = max(w.end_ms for w in words)
            if heard_ms < spoken_ms * 0.95 - 50:
                raise _Retryable(f"truncated audio: {heard_ms:.0f} ms received, the words end at {spoken_ms} ms")
        # The service pads each request with silence; our assembler sets the pauses, as for the
        # offline engine. Word times follow the cut.
        start, end = voiced_span(audio, SAMPLE_RATE)
        if end <= start:
            raise _Retryable("the audio is silent")
        shift = int(start * 1000 / SAMPLE_RATE)
        limit = int(end * 1000 / SAMPLE_RATE) - shift
        words = [Word(max(0, w.start_ms - shift), max(0, min(limit, w.end_ms - shift)), w.text) for w in words]
        return Speech(audio[start:end].astype(np.float32), tuple(words))


def turn_ended(comm) -> bool:
    """Whether the service said ``turn.end`` on this finished stream: the only proof that the audio
    is whole. edge-tts's ``stream()`` also returns normally when the socket closes early, whatever
    it carried by then (audio without its boundaries, some boundaries, everything but the end).

    Every supported edge-tts (pyproject pins 7.2 to 7.3; 7.2 brought the boundary option) sets
    ``state["offset_compensation"]`` (the offset its next chunk would start at) on ``turn.end`` and
    nowhere else: to the last boundary's end plus the service's padding (7.2.0-7.2.7), or from the
    audio bytes received (7.2.8 on). It starts at 0, we send one chunk per request (a sentence is
    far below edge-tts's 4 KiB split) and edge-tts refuses a stream without audio, so it is
    positive exactly when the turn ended. tests/test_edge.py checks this against each pinned
    version."""
    state = getattr(comm, "state", None)
    if not isinstance(state, dict) or "offset_compensation" not in state:
        raise EngineError("edge: this edge-tts version cannot tell a whole stream from a cut one; "
                          "install a supported one: pip install 'edge-tts>=7.2,<7.4'")
    return state["offset_compensation"] > 0


def _retry_after(exc) -> float | None:
    value = (exc.headers or {}).get("Retry-After") if getattr(exc, "headers", None) else None
    try:
        return min(60.0, max(0.0, float(value))) if value is not None else None
    except ValueError:
        return None


def _apply_lexicon(text: str, lexicon: tuple[tuple[str, str], ...]) -> str:
    """voices.yaml replacements (longest term first). Pinyin and phoneme entries are for the
    offline engine's pronunciation and are not sent to the service."""
    from ...text.lexicon import apply_replacements, split_lexicon

    return apply_replacements(text, split_lexicon(dict(lexicon)).replacements)
