"""Sentences per second for the local pool and for a Ray cluster on this machine (1 and 2 engine
actors), and Ray's cost per sentence, measured with an engine that costs nothing. Prints JSON.

Every configuration synthesizes the same sentences (the first N of a real sample) into a fresh
cache, through the same pool interface a render uses, so the numbers include the cache writes on
the driver. The Ray cluster is started for the run (`ray.init` on 127.0.0.1) and stopped after.

    pip install -e ".[ray]"
    python bench/scale.py [--sentences 60] [--sample ../shared/samples/001_*.txt]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"

from voicecast.engines import create_engine  # noqa: E402
from voicecast.parsing import parse_file  # noqa: E402
from voicecast.planning.plan import plan_script  # noqa: E402
from voicecast.planning.voices import load_voices  # noqa: E402
from voicecast.settings import current  # noqa: E402
from voicecast.synthesis.cache import SegmentCache  # noqa: E402
from voicecast.synthesis.pool import Job, LocalPool, SynthesisPool  # noqa: E402


def _jobs(sample: Path, count: int, engine_name: str) -> list[Job]:
    voices = load_voices(ROOT / "voices.yaml")
    script = parse_file(sample, known_speakers=voices.known_speakers())
    engine = create_engine(engine_name)
    plans = plan_script(script, voices, engine.voice_family(), engine.identity(), engine.max_chars)
    seen: dict[str, Job] = {}
    for plan in plans:
        for seg in plan.segments:
            seen.setdefault(seg.key, Job(seg, where=f"chapter {plan.index}"))
    return list(seen.values())[:count]


def _measure(pool: SynthesisPool, jobs: list[Job]) -> dict:
    """Sentences per second through ``pool`` into a fresh cache (the first sentence per engine
    warms it up first: model load is not throughput)."""
    pool.preflight()
    with tempfile.TemporaryDirectory() as tmp:
        warm = SegmentCache(Path(tmp) / "warm")
        pool.synthesize(jobs[:2], warm, lambda job, error: None)
        cache = SegmentCache(Path(tmp) / "cache")
        errors: list[BaseException] = []
        t0 = time.perf_counter()
        pool.synthesize(jobs, cache, lambda job, error: errors.append(error) if error else None, threading.Event())
        elapsed = time.perf_counter() - t0
        if errors:
            raise errors[0]
        audio_s = sum(cache.frames(j.segment.key) for j in jobs) / 24000
    return {"sentences": len(jobs), "seconds": round(elapsed, 2), "sentences_per_s": round(len(jobs) / elapsed, 3),
            "audio_s": round(audio_s, 1), "rtf": round(elapsed / audio_s, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=60)
    ap.add_argument("--overhead-sentences", type=int, default=400)
    ap.add_argument("--sample", type=Path, default=next(iter(sorted(SAMPLES.glob("001_*.txt"))), None))
    args = ap.parse_args()
    jobs = _jobs(args.sample, args.sentences, "kokoro")
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": sys.version.split()[0],
                     "sample": args.sample.name}
    kokoro = create_engine("kokoro")
    results["local_pool"] = _measure(LocalPool(kokoro, None), jobs)
    kokoro.close()

    from voicecast.synthesis.raypool import RayPool, connect

    ray = connect("local")
    for actors, cpus in ((1, 2.0), (2, 1.0)):
        pool = RayPool("kokoro", kokoro.identity(), 24000, "local", actors=actors, cpus=cpus, settings=current())
        results[f"ray_{actors}_worker{'s' if actors > 1 else ''}"] = _measure(pool, jobs)
        pool.close()
    # What Ray adds per sentence: an engine that costs nothing (the fake one, 0.2 s tones), so the
    # time is dispatch, transfer back and the driver's cache write.
    fake_jobs = _jobs(args.sample, args.overhead_sentences, "fake")
    fake = create_engine("fake")
    local = _measure(LocalPool(fake, 1), fake_jobs)
    pool = RayPool("fake", fake.identity(), 24000, "local", actors=2, cpus=1.0, settings=current())
    remote = _measure(pool, fake_jobs)
    pool.close()
    results["overhead"] = {
        "fake_engine_local_ms_per_sentence": round(1000 * local["seconds"] / local["sentences"], 2),
        "fake_engine_ray_ms_per_sentence": round(1000 * remote["seconds"] / remote["sentences"], 2),
        "driver_limit_sentences_per_s": round(remote["sentences_per_s"], 1),
    }
    ray.shutdown()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
