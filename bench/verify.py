"""What `render --verify` costs and how well it separates: every sentence of a script rendered
with the offline engine and heard by Whisper base (synthesis/asr.py), scored as verify scores it;
then each sentence's text against the next sentence's audio (a garbled take). Prints JSON: the
error of clean and garbled sentences (quantiles), how many each side the threshold puts wrong, and
the seconds Whisper takes per sentence and per minute of speech.

    python bench/verify.py examples/interview.md ../shared/samples/002_57d5462bacd2de91.txt
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from voicecast.engines.kokoro.engine import KokoroEngine
from voicecast.parsing import parse_file
from voicecast.planning.plan import plan_script
from voicecast.planning.voices import load_voices
from voicecast.settings import current
from voicecast.synthesis.asr import Listener
from voicecast.synthesis.verify import THRESHOLD, error_rate

REPO = Path(__file__).resolve().parents[1]


def _quantiles(values: list[float]) -> dict:
    q = np.quantile(values, [0.5, 0.9, 0.99, 1.0]) if values else [0, 0, 0, 0]
    return {"min": round(float(min(values, default=0)), 3), "median": round(float(q[0]), 3), "p90": round(float(q[1]), 3), "p99": round(float(q[2]), 3),
            "max": round(float(q[3]), 3)}


def run(path: Path, limit: int, engine: KokoroEngine, listener: Listener) -> dict:
    voices = load_voices(REPO / "voices.yaml")
    script = parse_file(path, known_speakers=voices.known_speakers())
    segs = [s for p in plan_script(script, voices, "kokoro", engine.identity(), engine.max_chars)
            for s in p.segments][:limit]
    audio = [engine.synthesize(s.sentence, s.voice, engine.make_options(dict(s.options))) for s in segs]
    t0 = time.perf_counter()
    heard = [listener.hear(a, engine.sample_rate, s.sentence.lang) for s, a in zip(segs, audio, strict=True)]
    hear_s = time.perf_counter() - t0
    clean = [error_rate(s.sentence.text, h, s.sentence.lang) for s, h in zip(segs, heard, strict=True)]
    # The garbled take: sentence k's text, sentence k+1's audio (heard already).
    garbled = [error_rate(segs[k].sentence.text, heard[(k + 1) % len(segs)], segs[k].sentence.lang)
               for k in range(len(segs))]
    speech_min = sum(len(a) for a in audio) / engine.sample_rate / 60
    worst = sorted(zip(clean, segs, heard, strict=True), key=lambda t: -t[0])[:3]
    return {"script": path.name, "sentences": len(segs), "speech_minutes": round(speech_min, 2),
            "clean": _quantiles(clean), "garbled": _quantiles(garbled),
            "clean_over_threshold": sum(e > THRESHOLD for e in clean),
            "garbled_at_or_under_threshold": sum(e <= THRESHOLD for e in garbled),
            "whisper_s_per_sentence": round(hear_s / len(segs), 3),
            "whisper_s_per_speech_minute": round(hear_s / speech_min, 2),
            "worst_clean": [{"error": round(e, 3), "text": s.sentence.text, "heard": h} for e, s, h in worst]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scripts", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=60, help="sentences per script")
    args = ap.parse_args()
    engine = KokoroEngine()
    t0 = time.perf_counter()
    listener = Listener(current().models_dir)
    load_s = time.perf_counter() - t0
    out = {"bench": "verify", "date": time.strftime("%Y-%m-%d"), "threshold": THRESHOLD,
           "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
           "whisper_load_s": round(load_s, 2), "scripts": [run(p, args.limit, engine, listener) for p in args.scripts]}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
