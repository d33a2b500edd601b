"""Real-time factor of the offline engine (synthesis seconds / audio seconds) for about 60 s of
Mandarin, whole process (cold start included) and warm, side by side with plain kokoro-onnx on the
same model file, voice and text in the same run. Prints JSON.

"voicecast_published_graph" is the same `voicecast say` process on the published graph
(VOICECAST_KOKORO_REWRITE=0), to show what the rewritten convolutions are worth.

    pip install kokoro-onnx      # only for the side-by-side run
    python bench/speed.py [--voice zf_xiaoxiao] [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

TEXT = (
    "在最新的一期访谈中，两位嘉宾坦率地谈了很多大家关心的话题，包括董事会的风波、新模型的发布时间、"
    "计算能力的价格，以及通用人工智能什么时候会到来。主持人首先问到，去年十一月的那个周末到底发生了什么。"
    "嘉宾说，那是他职业生涯中最痛苦的经历，充满了混乱和不安，但他也感受到了巨大的支持。"
    "谈到未来，他认为计算能力将成为未来的货币，它可能成为世界上最珍贵的商品，因此我们应该大举投资，"
    "建造更多的数据中心，解决能源问题。他还提到，今年会发布一款新的模型，虽然现在还没有命名。"
    "最后，主持人问他是否害怕，他笑着说，他主要是对自己的生活感到非常感激。"
    "节目的后半段，两人又聊到了开源模型和机器人。嘉宾认为，开源和闭源会长期并存，各有各的用处。"
    "至于机器人，他说硬件比软件难得多，但进展比大多数人想象的要快。这期节目一共持续了将近两个小时。"
)

# The whole process as a user runs it: the `voicecast say` command (imports, model and dictionary
# load, synthesis at the engine's default concurrency, writing the WAV).
OURS = """
import sys, time, wave
t0 = time.perf_counter()
from voicecast.cli.main import main
text, voice, out, voices = sys.argv[1:5]
sys.argv = ["voicecast", "-q", "say", "-f", text, "--voice", voice, "--voices", voices, "-o", out]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
with wave.open(out) as w:
    print(time.perf_counter() - t0, w.getnframes() / w.getframerate())
"""

# No pauses between sentences, so the WAV holds only speech, like the other runs measure.
NO_PAUSES = "pauses: {clause: 0, sentence: 0, paragraph: 0, turn: 0, chapter: 0}\n"

PLAIN = """
import sys, time
t0 = time.perf_counter()
from kokoro_onnx import Kokoro
from misaki import zh
kokoro = Kokoro(sys.argv[3], sys.argv[4])
g2p = zh.ZHG2P()
text = open(sys.argv[1], encoding="utf-8").read()
phonemes, _ = g2p(text)
audio, sr = kokoro.create(phonemes, voice=sys.argv[2], is_phonemes=True)
print(time.perf_counter() - t0, len(audio) / sr)
"""


def run_script(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    try:
        _, audio_s = map(float, out.stdout.split()[-2:])
    except ValueError:
        raise SystemExit(f"the timed process printed no result:\n{out.stdout}\n{out.stderr}") from None
    return wall, audio_s


def warm_ours(voice: str, runs: int) -> tuple[float, float]:
    """In a loaded process, at the engine's default concurrency (as `say` and `render` run it)."""
    from concurrent.futures import ThreadPoolExecutor

    from voicecast.engines.kokoro.engine import KokoroEngine
    from voicecast.text.splitter import Sentence, split_text

    engine = KokoroEngine()
    engine.use_jobs(engine.default_jobs)
    pieces = [p for p in split_text(TEXT, "zh", engine.max_chars) if isinstance(p, Sentence)]
    engine.synthesize(pieces[0], voice)  # load model, voice, dictionaries
    best = None
    with ThreadPoolExecutor(engine.default_jobs) as pool:
        for _ in range(runs):
            t0 = time.perf_counter()
            n = sum(len(a) for a in pool.map(lambda p: engine.synthesize(p, voice), pieces))
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
    return best, n / engine.sample_rate


def warm_plain(voice: str, runs: int, model: Path, voices_npz: Path) -> tuple[float, float] | None:
    try:
        from kokoro_onnx import Kokoro
        from misaki import zh
    except ImportError:
        return None
    kokoro = Kokoro(str(model), str(voices_npz))
    g2p = zh.ZHG2P()
    kokoro.create(g2p("预热。")[0], voice=voice, is_phonemes=True)
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        phonemes, _ = g2p(TEXT)
        audio, sr = kokoro.create(phonemes, voice=voice, is_phonemes=True)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best, len(audio) / sr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voice", default="zf_xiaoxiao")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()

    from voicecast.engines.kokoro import graph as kokoro_graph
    from voicecast.engines.kokoro import model as assets
    from voicecast.settings import current

    model = assets.ModelStore.from_settings(current()).ensure_model()
    assets.ModelStore.from_settings(current()).ensure_voices()
    kokoro_graph.model_for_session(model)  # the one-time rewrite is not part of any timed run
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "text.txt"
        text_file.write_text(TEXT, encoding="utf-8")
        voices_npz = Path(tmp) / "voices.npz"
        np.savez(voices_npz, **{n: assets.ModelStore.from_settings(current()).load_voice(n) for n in assets.voice_checksums()})

        from voicecast.engines.kokoro.engine import KokoroEngine

        result = {"bench": "speed", "voice": args.voice, "chars": len(TEXT), "jobs": KokoroEngine.default_jobs}
        voices_yaml = Path(tmp) / "voices.yaml"
        voices_yaml.write_text(NO_PAUSES, encoding="utf-8")
        for key, env in (("voicecast", None), ("voicecast_published_graph", {"VOICECAST_KOKORO_REWRITE": "0"})):
            cold = [run_script(textwrap.dedent(OURS), str(text_file), args.voice, str(Path(tmp) / "out.wav"),
                               str(voices_yaml), env=env) for _ in range(args.runs)]
            wall, audio_s = min(cold)
            result[key] = {"audio_s": round(audio_s, 2), "process_s": round(wall, 2),
                           "rtf_process": round(wall / audio_s, 3)}
        warm, audio_s = warm_ours(args.voice, args.runs)
        result["voicecast"]["warm_s"] = round(warm, 2)
        result["voicecast"]["rtf_warm"] = round(warm / audio_s, 3)
        try:
            cold = [run_script(textwrap.dedent(PLAIN), str(text_file), args.voice, str(model), str(voices_npz))
                    for _ in range(args.runs)]
            wall, audio_s = min(cold)
            result["kokoro_onnx"] = {"audio_s": round(audio_s, 2), "process_s": round(wall, 2),
                                     "rtf_process": round(wall / audio_s, 3)}
            plain = warm_plain(args.voice, args.runs, model, voices_npz)
            if plain:
                result["kokoro_onnx"]["warm_s"] = round(plain[0], 2)
                result["kokoro_onnx"]["rtf_warm"] = round(plain[0] / plain[1], 3)
        except (subprocess.CalledProcessError, ImportError) as exc:
            result["kokoro_onnx"] = {"error": str(getattr(exc, "stderr", exc))[-300:]}
    result["goal"] = {"rtf_process": 0.40, "max_slower_than_plain": 1.15}
    result["machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
