"""Peak memory (RSS) of the offline engine's whole processes, per jobs setting: ``voicecast say`` on
a text and ``voicecast render`` of a real sample, each in its own process, read with ``wait4``
(the kernel's own high-water mark of the process). Prints JSON.

    python bench/memory.py [--jobs 1,2] [--say-chars 3000] [--script ../shared/samples/002_….txt]

The say text is the start of sample 001 (long sentences, the memory's worst case). Each render
uses an empty cache, so every sentence is synthesized. ``--published`` adds runs on the published
graph (VOICECAST_KOKORO_REWRITE=0) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
# --jobs for say: it has no flag of its own, so the engine's default is set before the CLI runs.
SAY = """
import sys
from voicecast.engines.kokoro.engine import KokoroEngine
KokoroEngine.default_jobs = int(sys.argv[1])
from voicecast.cli.main import main
sys.argv = ["voicecast", "-q", "say", "-f", sys.argv[2], "--voice", "zf_xiaoxiao", "-o", sys.argv[3]]
main()
"""


def _peak(cmd: list[str], env: dict) -> dict:
    """Run ``cmd``; its peak RSS (MB) and wall time."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed:\n{err[-2000:]}")
    return {"peak_rss_mb": round(usage.ru_maxrss / 1024), "seconds": round(time.perf_counter() - t0, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--say-chars", type=int, default=3000)
    ap.add_argument("--script", default=str(next(iter(sorted(SAMPLES.glob("002_*.txt"))), "")))
    ap.add_argument("--published", action="store_true")
    args = ap.parse_args()

    source = sorted(SAMPLES.glob("001_*.txt"))[0].read_text(encoding="utf-8")[: args.say_chars]
    result: dict = {"bench": "memory", "date": time.strftime("%Y-%m-%d"), "machine": platform.machine(),
                    "cpus": os.cpu_count(), "say_chars": len(source), "script": Path(args.script).name, "runs": []}
    graphs = ("rewritten", "published") if args.published else ("rewritten",)
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "say.txt"
        text.write_text(source, encoding="utf-8")
        for graph in graphs:
            for jobs in map(int, args.jobs.split(",")):
                env = dict(os.environ, VOICECAST_CACHE_DIR=str(Path(tmp) / f"cache-{graph}-{jobs}"))
                if graph == "published":
                    env["VOICECAST_KOKORO_REWRITE"] = "0"
                say = _peak([sys.executable, "-c", SAY, str(jobs), str(text), str(Path(tmp) / "say.wav")], env)
                render = _peak([sys.executable, "-m", "voicecast", "-q", "render", args.script, "--voices",
                                str(ROOT / "voices.yaml"), "-o", str(Path(tmp) / f"out-{graph}-{jobs}"),
                                "--jobs", str(jobs), "--format", "mp3,m4b"], env)
                report = json.loads((Path(tmp) / f"out-{graph}-{jobs}" / "render.json").read_text(encoding="utf-8"))
                render["audio_minutes"] = round(report["duration_ms"] / 60000, 1)
                result["runs"].append({"graph": graph, "jobs": jobs, "say": say, "render": render})
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
