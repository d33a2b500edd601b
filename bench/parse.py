"""Parse + split timing for a large transcript. Prints JSON.

Builds a ~1 MB transcript from the shared samples (or from tests/data when they are absent) and
times `parse_text` and splitting every turn into engine-sized sentences. `--layout oneline` times
the hardest layout instead: a whole interview on one line with inline labels and headings (a corpus
fixture repeated to the size). The first run counts (`--repeat 1`): caches warm up within a parse.

    python bench/parse.py [--mb 1.0] [--layout lines|oneline]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from voicecast.parsing import parse_text
from voicecast.text.splitter import split_text

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "shared" / "samples"


def build_text(target_bytes: int) -> tuple[str, str]:
    files = sorted(SAMPLE.glob("001_*.txt"))
    source = files[0] if files else HERE.parent / "tests" / "data" / "plain_headings.txt"
    text = source.read_text(encoding="utf-8").split("**·END·**")[0]
    body = text.split("* * *", 1)[-1]
    parts = [text]
    while sum(len(p.encode()) for p in parts) < target_bytes:
        parts.append(body)
    return "\n\n".join(parts), source.name


def build_oneline(target_bytes: int) -> tuple[str, str]:
    source = HERE.parent / "tests" / "data" / "corpus" / "oneline_headings.txt"
    line = source.read_text(encoding="utf-8").strip()
    return " ".join([line] * max(1, target_bytes // len(line.encode()))), source.name


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--layout", choices=("lines", "oneline"), default="lines")
    args = ap.parse_args()
    if args.layout == "oneline":
        text, source = build_oneline(int(args.mb * 1024 * 1024))
    else:
        text, source = build_text(int(args.mb * 1024 * 1024))
    split_text("预热。Warm up.", "zh")  # pysbd import is a one-off cost, not per transcript
    best = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        script = parse_text(text)
        t1 = time.perf_counter()
        n = 0
        for ch in script.chapters:
            for turn in ch.turns:
                n += len(split_text(turn.text, turn.lang))
        t2 = time.perf_counter()
        if best is None or t2 - t0 < best["total_s"]:
            best = {"parse_s": round(t1 - t0, 3), "split_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3)}
    turns = sum(len(ch.turns) for ch in script.chapters)
    print(json.dumps({
        "bench": "parse",
        "layout": args.layout,
        "source": source,
        "bytes": len(text.encode()),
        "chapters": len(script.chapters),
        "turns": turns,
        "pieces": n,
        **best,
        "goal_total_s": 1.0,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {__import__('os').cpu_count()} cores",
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
