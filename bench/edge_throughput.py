"""Edge engine throughput against the local protocol server (tests/edge_server.py) with added
latency per request: sentences per second at several concurrencies, side by side with a plain loop
over edge-tts calls in the same run; then runs with injected faults of every kind (the boundary
metadata before, after or between the audio at random) at each fault rate, counting lost, duplicated
and wrong-length segments; ``survived`` is the highest rate with none. Microsoft's service is not
involved. Prints JSON.

    python bench/edge_throughput.py [--latency-ms 300] [--sentences 32] [--fault-rates 0.1,0.3,0.5]

The server's audio is real speech from the offline engine, made once before timing starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from edge_server import FAULTS, EdgeServer  # noqa: E402

from voicecast.audio.audio_io import voiced_span  # noqa: E402
from voicecast.audio.encode import decode_audio  # noqa: E402
from voicecast.engines.edge.engine import EdgeEngine  # noqa: E402
from voicecast.engines.kokoro.engine import KokoroEngine  # noqa: E402
from voicecast.errors import EngineError  # noqa: E402
from voicecast.planning.plan import Segment  # noqa: E402
from voicecast.render import Progress, synthesize_missing  # noqa: E402
from voicecast.synthesis.cache import SegmentCache  # noqa: E402
from voicecast.synthesis.pool import Job, LocalPool  # noqa: E402
from voicecast.text.splitter import Sentence, split_text  # noqa: E402

TEXT = (
    "在最新的一期访谈中，两位嘉宾坦率地谈了很多大家关心的话题。主持人首先问到，去年十一月的那个周末到底发生了什么。"
    "嘉宾说，那是他职业生涯中最痛苦的经历。但他也感受到了巨大的支持。谈到未来，他认为计算能力将成为未来的货币。"
    "我们应该大举投资，建造更多的数据中心。他还提到，今年会发布一款新的模型。最后，主持人问他是否害怕。"
    "他笑着说，他主要是对自己的生活感到非常感激。这次谈话持续了将近两个小时。节目的后半段谈到了开源模型。"
    "他们也聊到了机器人和物理世界。主持人问，通用人工智能什么时候会到来。嘉宾没有给出具体的日期。"
    "他说，重要的是让技术安全地惠及所有人。这是一期信息量很大的节目。感谢各位的收听。我们下期再见。"
)
VOICE = "zh-CN-YunxiNeural"


def _sentences(n: int) -> list[Sentence]:
    base = [p for p in split_text(TEXT, "zh", 300) if isinstance(p, Sentence)]
    out = []
    while len(out) < n:  # distinct texts, so nothing is deduplicated by the cache
        k = len(out) // len(base)
        out += [Sentence(s.text if k == 0 else f"第{k + 1}遍：{s.text}", s.lang, s.runs, s.ends) for s in base]
    return out[:n]


def _engine(endpoint: str, **kw) -> EdgeEngine:
    return EdgeEngine(endpoint=endpoint, **kw)


def _ours(endpoint: str, sentences: list[Sentence], jobs: int, engine_kw: dict | None = None) -> tuple[float, dict]:
    """The render's own synthesis stage (bounded concurrency, retries, decode, cache writes)."""
    engine = _engine(endpoint, **(engine_kw or {}))
    with tempfile.TemporaryDirectory() as tmp:
        cache = SegmentCache(Path(tmp))
        todo = [Job(Segment(s, None, VOICE, f"{i:064x}", ()), where="bench") for i, s in enumerate(sentences)]
        t0 = time.perf_counter()
        gave_up = ""
        try:
            synthesize_missing(LocalPool(engine, jobs), todo, cache, Progress())
        except EngineError as exc:  # the render would stop here with this message: not silent loss
            gave_up = str(exc)
        elapsed = time.perf_counter() - t0
        stored = {seg.key: cache.get(seg.key)[0] for seg in (j.segment for j in todo) if cache.has(seg.key)}
        files = len(list(Path(tmp).glob("??/*.wav")))
    return elapsed, {"stored": stored, "files": files, "retries": engine.retries, "gave_up": gave_up}


def _plain_loop(endpoint: str, sentences: list[Sentence]) -> float:
    """What people write: one edge-tts call after another, each saved to a file (edge-tts's own
    Communicate, as the engine's client points it at the local server)."""
    communicate = _engine(endpoint).client.Communicate

    async def run(tmp: str) -> None:
        for i, s in enumerate(sentences):
            await communicate(s.text, VOICE).save(os.path.join(tmp, f"{i}.mp3"))

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        asyncio.run(run(tmp))
        return time.perf_counter() - t0


def _fault_rounds(srv: EdgeServer, sentences: list[Sentence], clean: dict, rate: float) -> dict:
    """Three rounds (different seeds) at concurrency 4 with faults of every kind at ``rate``."""
    srv.fault_rate, srv.faults, srv.meta_order = rate, FAULTS, "random"
    want = {text: len(audio[slice(*voiced_span(audio, 24000))]) for text, audio in clean.items()}
    totals = {"requests": 0, "injected": {}, "retries": 0, "seconds": 0.0, "lost": 0, "duplicated": 0,
              "wrong_length": 0, "stopped_with_error": 0}
    for seed in (1, 2, 3):
        srv._random, srv._deck = random.Random(seed), []
        srv.requests.clear()
        elapsed, got = _ours(srv.endpoint, sentences, 4,
                             {"receive_timeout_s": 3, "attempt_timeout_s": 3, "tries": 10, "seed": seed})
        for r in srv.requests:
            if r.fault:
                totals["injected"][r.fault] = totals["injected"].get(r.fault, 0) + 1
        stored = got["stored"]
        if got["gave_up"]:  # a sentence failed every try: the rest was cancelled, so nothing is lost
            totals["stopped_with_error"] += 1
            continue
        totals["requests"] += len(srv.requests)
        totals["retries"] += got["retries"]
        totals["seconds"] += elapsed
        totals["lost"] += len(sentences) - len(stored)
        totals["duplicated"] += got["files"] - len(stored)
        totals["wrong_length"] += sum(1 for i, s in enumerate(sentences)
                                      if f"{i:064x}" in stored and len(stored[f"{i:064x}"]) != want[s.text])
    totals["seconds"] = round(totals["seconds"], 2)
    totals["injected_total"] = sum(totals["injected"].values())
    totals["injected_share"] = round(totals["injected_total"] / max(1, totals["requests"]), 3)
    return {"fault_rate": rate, "rounds": 3, "segments": 3 * len(sentences), **totals}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--latency-ms", type=int, default=300)
    ap.add_argument("--sentences", type=int, default=32)
    ap.add_argument("--fault-rates", default="0.1,0.3,0.5")
    ap.add_argument("--concurrency", default="1,2,4,8")
    args = ap.parse_args()

    kokoro = KokoroEngine()
    sentences = _sentences(args.sentences)

    def speech(text: str, voice: str) -> np.ndarray:
        return kokoro.synthesize(Sentence(text, "zh", (), "sentence"), "zm_yunxi")

    result: dict = {"bench": "edge_throughput", "date": time.strftime("%Y-%m-%d"), "machine": platform.machine(),
                    "cpus": os.cpu_count(), "latency_ms": args.latency_ms, "sentences": len(sentences)}
    with EdgeServer(speech, voices=[{"ShortName": VOICE, "Locale": "zh-CN", "Gender": "Male"}]) as srv:
        for s in sentences:  # make every clip before timing: the server's speed is not measured
            srv._clip(VOICE, s.text)
        clean = {s.text: decode_audio(srv._clip(VOICE, s.text)[0], 24000) for s in sentences}
        audio_s = sum(len(a) for a in clean.values()) / 24000
        result["audio_seconds"] = round(audio_s, 1)
        srv.latency_s = args.latency_ms / 1000

        plain = _plain_loop(srv.endpoint, sentences)
        result["plain_loop"] = {"seconds": round(plain, 2), "sentences_per_s": round(len(sentences) / plain, 2)}
        runs = {}
        for jobs in map(int, args.concurrency.split(",")):
            elapsed, _ = _ours(srv.endpoint, sentences, jobs)
            runs[str(jobs)] = {"seconds": round(elapsed, 2), "sentences_per_s": round(len(sentences) / elapsed, 2),
                               "vs_plain_loop": round(plain / elapsed, 2)}
        result["voicecast"] = runs

        result["faults"] = [_fault_rounds(srv, sentences, clean, rate) for rate in map(float,
                                                                                    args.fault_rates.split(","))]
        whole = [f["fault_rate"] for f in result["faults"]
             if f["lost"] == f["duplicated"] == f["wrong_length"] == f["stopped_with_error"] == 0]
        result["survived_fault_rate"] = max(whole, default=0.0)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
