"""How soon a first render can be heard: `voicecast render` of a script into a show root that
`voicecast serve` serves (two processes, a fresh segment cache, the offline engine), the served
feed read with feedparser every 0.2 s. Prints JSON: when the feed first listed the episode (seconds
from the render's start), how many chapters it held and how long their audio is (ffprobe, over
HTTP), each later publication, and, with --whole, when the render ended.

    python bench/first_chapter.py ../shared/samples/001_e206f6f9ef669df7.txt --chapters 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import feedparser

REPO = Path(__file__).resolve().parents[1]


def _serve(root: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "voicecast", "serve", str(root), "--host", "127.0.0.1", "--port",
                             "0", "--no-qr"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.match(r"feed: (http://\S+)/feed\.xml", line.strip())
        if m:
            return proc, m.group(1)
    raise SystemExit("voicecast serve did not start")


def _audio_seconds(url: str) -> float:
    with tempfile.NamedTemporaryFile(suffix=".mp3") as fh:
        fh.write(urllib.request.urlopen(url, timeout=30).read())
        fh.flush()
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                              fh.name], capture_output=True, text=True, check=True).stdout
    return round(float(out), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("script", type=Path)
    ap.add_argument("--chapters", type=int, default=2, help="stop after the feed lists this many chapters")
    ap.add_argument("--whole", action="store_true", help="let the render finish and time it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "show"
        root.mkdir()
        env = dict(os.environ, VOICECAST_OUTPUT_DIR=str(root), VOICECAST_CACHE_DIR=str(Path(tmp) / "cache"))
        server, base = _serve(root)
        t0 = time.monotonic()
        render = subprocess.Popen([sys.executable, "-m", "voicecast", "render", str(args.script), "--voices",
                                   str(REPO / "voices.yaml"), "--quiet"], env=env, stderr=subprocess.PIPE, text=True)
        seen: list[dict] = []
        try:
            while render.poll() is None:
                entries = feedparser.parse(urllib.request.urlopen(f"{base}/feed.xml", timeout=10).read()).entries
                if entries and (not seen or entries[0].title != seen[-1]["title"]):
                    at = round(time.monotonic() - t0, 1)
                    chapters = len(entries[0].get("psc_chapters", {}).get("chapters", []))
                    seen.append({"seconds": at, "title": entries[0].title, "chapters": chapters,
                                 "audio_s": _audio_seconds(entries[0].enclosures[0].href)})
                    if chapters >= args.chapters and not args.whole:
                        break
                time.sleep(0.2)
            ended = round(time.monotonic() - t0, 1) if render.poll() is not None else None
        finally:
            render.terminate()
            render.wait(60)
            server.terminate()
            server.wait(30)
    print(json.dumps({"bench": "first_chapter", "date": time.strftime("%Y-%m-%d"), "script": args.script.name,
                      "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
                      "published": seen, "render_ended_s": ended}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
