"""A local server that speaks the edge-tts WebSocket protocol the way the installed edge-tts expects
it, so the edge engine is exercised for real without Microsoft's service. Also used by
bench/edge_throughput.py.

It answers the handshake (checking the token and DRM parameters the client must send), reads the
``speech.config`` and ``ssml`` messages, and replies ``turn.start``, ``response``, ``audio.metadata``
boundaries (word or sentence, as configured), binary ``Path:audio`` frames carrying real MP3 and
``turn.end``. The audio comes from a callable (text, voice) → float32 samples at 24 kHz, e.g. the
offline engine, so durations are true.

The boundary metadata can come before the audio, after it, or interleaved with it (``meta_order``;
``"random"`` picks one per request), as the service's streams differ. Faults can be injected per
request: refuse with 403/429/503; end the stream early with a clean close frame (``close``: in the
middle of the audio; ``cut_before_meta``: audio sent, no metadata yet; ``cut_between_meta``: after
some of the metadata frames; ``no_turn_end``: everything but ``turn.end``) or by dropping the TCP
connection (``abort``); stall; send no audio, garbage, a bad frame, or truncated audio with a proper
``turn.end`` (``truncate``).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate

import numpy as np
from aiohttp import WSMsgType, web

from voicecast.audio.encode import decode_audio, encode_mp3_bytes

TOKEN = "6A5AA1D4EAFF4E9FB37E23D68491D6F4"
PATH = "/consumer/speech/synthesize/readaloud"
RATE = 24000
FAULTS = ("403", "429", "503", "close", "abort", "cut_before_meta", "cut_between_meta", "no_turn_end", "stall",
          "noaudio", "garbage", "truncate", "badframe")
META_ORDERS = ("before", "after", "interleaved")


@dataclass
class Request:
    voice: str
    text: str
    rate: str
    pitch: str
    volume: str
    boundary: str
    fault: str | None
    meta_order: str = ""


@dataclass
class EdgeServer:
    audio_for: Callable[[str, str], np.ndarray]
    latency_s: float = 0.0
    fault_rate: float = 0.0  # share of requests that get a random fault
    faults: tuple[str, ...] = FAULTS
    fail_texts: set[str] = field(default_factory=set)  # texts containing any of these always fail
    fault_plan: list[str | None] = field(default_factory=list)  # faults for the next requests, in order
    meta_order: str = "before"  # one of META_ORDERS, or "random"
    seed: int = 0
    voices: list[dict] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    handshakes: int = 0

    def __post_init__(self):
        self._random = random.Random(self.seed)
        self._deck: list[str] = []
        self._mp3: dict[tuple[str, str], tuple[bytes, list[tuple[int, int, str]], float]] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def __enter__(self) -> EdgeServer:
        ready = threading.Event()

        def run():
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_get(f"{PATH}/edge/v1", self._ws)
            app.router.add_get(f"{PATH}/voices/list", self._voice_list)
            self._runner = web.AppRunner(app, handle_signals=False)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            for task in asyncio.all_tasks(self._loop):  # stalled handlers included
                task.cancel()
            self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True, name="edge-server")
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    # -- what a request gets -----------------------------------------------------------------

    def _choose_fault(self) -> str | None:
        with self._lock:
            if self.fault_plan:
                return self.fault_plan.pop(0)
            if self.fault_rate and self._random.random() < self.fault_rate:
                # Dealt from a shuffled deck of every kind, so a few dozen faults cover them all.
                if not self._deck:
                    self._deck = list(self.faults)
                    self._random.shuffle(self._deck)
                return self._deck.pop()
        return None

    def _clip(self, voice: str, text: str) -> tuple[bytes, list[tuple[int, int, str]], float]:
        """(MP3 bytes, word boundaries in ticks, seconds) for a text, made once."""
        with self._lock:
            got = self._mp3.get((voice, text))
        if got is None:
            audio = np.asarray(self.audio_for(text, voice), dtype=np.float32)
            mp3 = encode_mp3_bytes(audio, RATE, "48k")
            heard = decode_audio(mp3, RATE)  # boundaries on the timeline a player hears (encoder delay included)
            got = (mp3, _boundaries(text, heard), len(heard) / RATE)
            with self._lock:
                self._mp3[(voice, text)] = got
        return got

    def expected_seconds(self, voice: str, text: str) -> float:
        return self._clip(voice, text)[2]

    # -- handlers ----------------------------------------------------------------------------

    async def _voice_list(self, request: web.Request) -> web.Response:
        if request.query.get("trustedclienttoken") != TOKEN:
            return web.Response(status=403, headers={"Date": formatdate(usegmt=True)})
        return web.json_response(self.voices)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        q = request.query
        with self._lock:
            self.handshakes += 1
        if q.get("TrustedClientToken") != TOKEN or not q.get("Sec-MS-GEC") or not q.get("ConnectionId"):
            return web.Response(status=403, text="bad token", headers={"Date": formatdate(usegmt=True)})
        fault = self._choose_fault()
        if fault in ("403", "429", "503"):  # refused at the handshake, as the service does
            await asyncio.sleep(self.latency_s)
            with self._lock:
                self.requests.append(Request("", "", "", "", "", "", fault))
            headers = {"Date": formatdate(usegmt=True)}
            if fault != "403":
                headers["Retry-After"] = "0"
            return web.Response(status=int(fault), text=f"refused ({fault})", headers=headers)
        ws = web.WebSocketResponse(compress=True)
        await ws.prepare(request)
        config = await ws.receive()
        if config.type != WSMsgType.TEXT or "Path:speech.config" not in config.data:
            await ws.close(code=1002, message=b"expected speech.config")
            return ws
        word_boundary = '"wordBoundaryEnabled":"true"' in config.data
        ssml_msg = await ws.receive()
        if ssml_msg.type != WSMsgType.TEXT or "Path:ssml" not in ssml_msg.data:
            await ws.close(code=1002, message=b"expected ssml")
            return ws
        head, _, body = ssml_msg.data.partition("\r\n\r\n")
        headers = dict(line.split(":", 1) for line in head.split("\r\n"))
        request_id = headers.get("X-RequestId", uuid.uuid4().hex)
        voice, rate, pitch, volume, text = _read_ssml(body)
        known = {v["ShortName"] for v in self.voices}
        if any(t in text for t in self.fail_texts) or (known and voice not in known):
            fault = "noaudio"  # this text always fails; an unknown voice gets no audio, as from the service
        req = Request(voice, text, rate, pitch, volume, "WordBoundary" if word_boundary else "SentenceBoundary",
                      fault)
        with self._lock:
            self.requests.append(req)
        await asyncio.sleep(self.latency_s)
        await ws.send_str(_text_msg(request_id, "turn.start", '{"context":{"serviceTag":"local"}}'))
        await ws.send_str(_text_msg(request_id, "response", '{"context":{"serviceTag":"local"}}'))
        if fault == "stall":
            await asyncio.sleep(3600)
            return ws
        if fault == "noaudio":
            await ws.send_str(_text_msg(request_id, "turn.end", "{}"))
            await ws.close()
            return ws
        if fault == "badframe":
            await ws.send_bytes(b"\x00")
            await ws.close()
            return ws
        mp3, words, _ = await asyncio.get_running_loop().run_in_executor(None, self._clip, voice, text)
        if fault == "garbage":
            mp3 = bytes(self._random.getrandbits(8) for _ in range(4000))
        elif fault == "truncate":
            mp3 = mp3[: len(mp3) * 2 // 5]
        if word_boundary:
            metas = [("WordBoundary", s, d, t) for s, d, t in words]
        else:
            start, end = words[0][0], words[-1][0] + words[-1][1]
            metas = [("SentenceBoundary", start, end - start, text)]
        req.meta_order = order = self._order(fault)
        frames = _stream_frames(request_id, mp3, metas, order)
        cut = _cut_point(frames, fault)
        try:
            for kind, payload in frames[:cut]:
                await (ws.send_bytes(payload) if kind != "meta" else ws.send_str(payload))
        except ConnectionError:  # the client hung up (its own timeout, or it gave up on a bad frame)
            return ws
        if cut < len(frames) or fault == "no_turn_end":
            if fault == "abort":  # the connection drops: no close frame
                request.transport.close() if request.transport else None
            else:
                await ws.close()
            return ws
        await ws.send_str(_text_msg(request_id, "turn.end", "{}"))
        await ws.close()
        return ws

    def _order(self, fault: str | None) -> str:
        """Where the metadata goes for this request; a cut that needs audio before some metadata
        gets an order that has it."""
        with self._lock:
            order = self._random.choice(META_ORDERS) if self.meta_order == "random" else self.meta_order
        if fault == "cut_before_meta":
            return "after"
        if fault == "cut_between_meta" and order == "before":
            return "interleaved"
        return order


def _stream_frames(request_id: str, mp3: bytes, metas: list, order: str) -> list[tuple[str, object]]:
    """The response after ``response``, up to (not including) ``turn.end``: ("meta", text) and
    ("audio", bytes) frames in the given order, then the empty end-of-audio frame."""
    meta_msgs = [_text_msg(request_id, "audio.metadata", json.dumps({"Metadata": [{
        "Type": kind, "Data": {"Offset": offset, "Duration": duration,
                               "text": {"Text": token, "Length": len(token), "BoundaryType": kind}}}]},
        ensure_ascii=False)) for kind, offset, duration, token in metas]
    audio = [_audio_frame(request_id, mp3[i : i + 4096]) for i in range(0, len(mp3), 4096)]
    if order == "before":
        frames = [("meta", m) for m in meta_msgs] + [("audio", a) for a in audio]
    elif order == "after":
        frames = [("audio", a) for a in audio] + [("meta", m) for m in meta_msgs]
    else:  # interleaved: each boundary goes out once the audio up to its end has been sent
        total = max(1, max((o + d for _, o, d, _ in metas), default=1))
        frames, sent = [], 0
        for (_, offset, duration, _), msg in zip(metas, meta_msgs, strict=True):
            due = min(len(audio), -(-len(audio) * (offset + duration) // total))
            frames += [("audio", a) for a in audio[sent:due]] + [("meta", msg)]
            sent = max(sent, due)
        frames += [("audio", a) for a in audio[sent:]]
    return frames + [("end", _audio_frame(request_id, b"", content_type=None))]


def _cut_point(frames: list[tuple[str, object]], fault: str | None) -> int:
    """How many frames go out before the connection ends (len(frames): all of them, then turn.end)."""
    audio_at = [i for i, (kind, _) in enumerate(frames) if kind == "audio"]
    meta_at = [i for i, (kind, _) in enumerate(frames) if kind == "meta"]
    if fault in ("close", "abort"):  # in the middle of the audio, wherever the metadata are
        return audio_at[len(audio_at) * 2 // 5] if len(audio_at) > 1 else len(frames) - 1
    if fault == "cut_before_meta":  # half the audio out, no metadata yet
        return audio_at[max(1, len(audio_at) // 2)] if len(audio_at) > 1 else meta_at[0]
    if fault == "cut_between_meta":  # some metadata out, the rest (and turn.end) never comes
        return meta_at[(len(meta_at) - 1) // 2] + 1
    return len(frames)  # no_turn_end too: everything is sent, then the connection closes


def _text_msg(request_id: str, path: str, body: str) -> str:
    return (f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\nPath:{path}\r\n\r\n"
            f"{body}")


def _audio_frame(request_id: str, data: bytes, content_type: str | None = "audio/mpeg") -> bytes:
    head = f"X-RequestId:{request_id}\r\n"
    if content_type:
        head += f"Content-Type:{content_type}\r\n"
    head += "X-StreamId:local\r\nPath:audio\r\n"
    raw = head.encode()
    return len(raw).to_bytes(2, "big") + raw + data


def _read_ssml(body: str) -> tuple[str, str, str, str, str]:
    ns = {"s": "http://www.w3.org/2001/10/synthesis"}
    root = ET.fromstring(body)
    voice = root.find("s:voice", ns)
    prosody = voice.find("s:prosody", ns)
    name = voice.get("name")
    # edge-tts sends the long form, "Microsoft Server Speech Text to Speech Voice (zh-CN, YunxiNeural)".
    long = re.fullmatch(r"Microsoft Server Speech Text to Speech Voice \((\w+-\w+), (\w+)\)", name)
    if long:
        name = f"{long.group(1)}-{long.group(2)}"
    return (name, prosody.get("rate"), prosody.get("pitch"), prosody.get("volume"),
            "".join(prosody.itertext()))


def _boundaries(text: str, audio: np.ndarray) -> list[tuple[int, int, str]]:
    """Word boundaries (offset, duration in 100 ns ticks, word) spread over the voiced part of the
    audio by length, as a stand-in for the service's aligner."""
    level = float(np.max(np.abs(audio))) * 0.03 if audio.size else 0
    loud = np.flatnonzero(np.abs(audio) > level)
    first, last = (int(loud[0]), int(loud[-1])) if loud.size else (0, len(audio))
    tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9'.-]*[A-Za-z0-9]|[A-Za-z0-9]|[\u4e00-\u9fff]+", text) or [text]
    total = sum(len(t) for t in tokens)
    ticks_per_sample = 10_000_000 / RATE
    out, pos = [], float(first)
    for t in tokens:
        n = (last - first) * len(t) / total
        out.append((int(pos * ticks_per_sample), int(n * ticks_per_sample), t))
        pos += n
    return out
