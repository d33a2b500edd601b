"""Re-render after a one-sentence edit: a full render of about 30 minutes of real transcript
(sample 001, Kokoro, cold cache), then one sentence edited and rendered again. Prints JSON.

    python bench/rerender.py [--minutes 30]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from voicecast.engines.kokoro.engine import KokoroEngine
from voicecast.parsing import parse_file
from voicecast.parsing.writer import to_markdown
from voicecast.planning.voices import load_voices
from voicecast.render import RenderOptions, render
from voicecast.synthesis.cache import SegmentCache

HERE = Path(__file__).resolve().parent
CHARS_PER_MINUTE = 345  # Kokoro reads about this much Mandarin a minute, pauses included (measured)


def build(minutes: int, voices) -> str:
    sample = sorted((HERE.parent.parent / "shared" / "samples").glob("001_*.txt"))[0]
    script = parse_file(sample, known_speakers=voices.known_speakers())
    budget = minutes * CHARS_PER_MINUTE
    chapters = []
    for ch in script.chapters:
        if budget <= 0:
            break
        kept = []
        for t in ch.turns:
            if budget <= 0:
                break
            kept.append(t)
            budget -= len(t.text)
        ch.turns = kept
        chapters.append(ch)
    script.chapters = chapters
    return to_markdown(script)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=int, default=30)
    args = ap.parse_args()
    voices = load_voices(HERE.parent / "voices.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        script = tmp / "episode.md"
        text = build(args.minutes, voices)
        script.write_text(text, encoding="utf-8")
        cache = SegmentCache(tmp / "cache")
        engine = KokoroEngine()
        opts = RenderOptions(outdir=tmp / "out")
        t0 = time.perf_counter()
        full = render(script, voices, opts, engine=engine, cache=cache)
        full_s = time.perf_counter() - t0
        # Edit one sentence in the middle of the episode.
        target = next(line for line in text.splitlines()[len(text.splitlines()) // 2:] if "。" in line)
        script.write_text(text.replace(target, target.replace("。", "，真的。", 1), 1), encoding="utf-8")
        t0 = time.perf_counter()
        again = render(script, voices, opts, engine=engine, cache=cache)
        edit_s = time.perf_counter() - t0
    print(json.dumps({
        "bench": "rerender", "audio_min": round(full["duration_ms"] / 60000, 2), "chapters": len(full["chapters"]),
        "segments": full["synthesized"], "full_render_s": round(full_s, 1),
        "full_rtf": round(full_s / (full["duration_ms"] / 1000), 3), "edit_rerender_s": round(edit_s, 1),
        "edit_synthesized": again["synthesized"], "edit_percent_of_full": round(100 * edit_s / full_s, 2),
        "goal_percent": 5.0,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
