"""A long episode rendered on the GPU, whole process: RTF, sentences/s and the GPU's utilisation
(sampled with nvidia-smi every 200 ms while the render runs). Prints JSON.

The episode is made from a real sample transcript, repeated with a numbered prefix on every line
until it holds about --minutes of speech (Mandarin at about 250 characters a minute), so no sentence
comes from the cache. The render is the `voicecast render` command as a user runs it, into a fresh
cache, with --device (default cuda); on a machine without a GPU, --device cpu measures the same.

    pip install -e ".[gpu]"     # onnxruntime-gpu in place of onnxruntime (README: GPU)
    python bench/gpu.py [--minutes 60] [--device cuda] [--jobs 4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
CHARS_PER_MINUTE = 250


def _script(sample: Path, minutes: float, dest: Path) -> None:
    """The sample's transcript repeated (each pass's lines prefixed, so every sentence is new)."""
    lines = [ln for ln in sample.read_text(encoding="utf-8").splitlines() if ln.strip()]
    body, size, k = [], 0, 0
    while size < minutes * CHARS_PER_MINUTE:
        k += 1
        for ln in lines[8:]:  # after the article's header lines
            text = ln if k == 1 else f"第{k}遍，{ln}"
            body.append(text)
            size += len(text)
            if size >= minutes * CHARS_PER_MINUTE:
                break
    dest.write_text(f"---\ntitle: GPU bench {minutes:g} min\n---\n" + "\n\n".join(body) + "\n", encoding="utf-8")


class _Utilisation:
    """nvidia-smi's GPU utilisation, sampled in the background."""

    def __init__(self):
        self.samples: list[int] = []
        self.proc = None
        if shutil.which("nvidia-smi"):
            self.proc = subprocess.Popen(["nvidia-smi", "--query-gpu=utilization.gpu,memory.used",
                                          "--format=csv,noheader,nounits", "-lms", "200"],
                                         stdout=subprocess.PIPE, text=True)
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.samples.append(int(line.split(",")[0]))
            except ValueError:
                pass

    def stop(self) -> dict:
        if self.proc is None:
            return {"nvidia_smi": "not found"}
        self.proc.terminate()
        busy = [s for s in self.samples]
        # The synthesis window: from the first sample the GPU worked to the last (model load and
        # the final assembly, which do not use the GPU, fall outside it).
        active = [i for i, s in enumerate(busy) if s > 0]
        window = busy[active[0]: active[-1] + 1] if active else []
        return {"samples": len(busy), "mean_util_pct_synthesis": round(sum(window) / len(window), 1) if window else 0,
                "share_of_samples_at_least_80_pct": round(sum(s >= 80 for s in window) / len(window), 3) if window else 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--sample", type=Path, default=next(iter(sorted(SAMPLES.glob("001_*.txt"))), None))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "episode.md"
        _script(args.sample, args.minutes, script)
        env = dict(os.environ, VOICECAST_CACHE_DIR=str(Path(tmp) / "cache"), VOICECAST_OUTPUT_DIR=str(Path(tmp) / "out"))
        cmd = [sys.executable, "-m", "voicecast", "-q", "render", str(script), "-o", str(Path(tmp) / "out"),
               "--voices", str(ROOT / "voices.yaml"), "--device", args.device]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        gpu = _Utilisation()
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        util = gpu.stop()
        if proc.returncode != 0:
            sys.exit(proc.stderr.strip())
        report = json.loads((Path(tmp) / "out" / "render.json").read_text(encoding="utf-8"))
    audio_s = report["duration_ms"] / 1000
    print(json.dumps({
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "device": args.device,
        "engine": report["engine_identity"], "audio_minutes": round(audio_s / 60, 1),
        "sentences": report["synthesized"], "wall_s": round(elapsed, 1), "rtf": round(elapsed / audio_s, 4),
        "sentences_per_s": round(report["synthesized"] / elapsed, 2), "gpu": util,
    }, indent=2))


if __name__ == "__main__":
    main()
