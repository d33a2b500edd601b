"""Assembly and encoding from a warm cache: 10, 30, 60 and 180 minutes of audio, with peak RSS,
side by side with a naive pydub `+=` join in the same run. Prints JSON (one line per size, then a
summary).

The cached chunks are generated synthetically (speech-like tones, 4 s each, in 10-minute
chapters) so the larger sizes need no hours of synthesis; each size runs in its own process so
its peak RSS is its own.

With ``--music-sizes``, those sizes are also assembled with music (an intro, a bed under all the
speech, a sting between chapters, an outro: tones made here), in the same run and from the same
cache, so the mix's cost is the difference between the two rows.

    python bench/assemble.py [--sizes 10,30,60,180] [--naive-sizes 10,30] [--music-sizes 10,60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SEGMENT_S = 4.0  # about the length of the real sentences used
CHAPTER_MIN = 10


def build_script(minutes: int) -> str:
    per_chapter = int(CHAPTER_MIN * 60 / (SEGMENT_S + 0.35))
    chapters = max(1, minutes // CHAPTER_MIN)
    lines = ["---", f"title: 基准 {minutes} 分钟", "language: zh", "---", ""]
    n = 0
    for c in range(chapters):
        lines += [f"# 第{c + 1}章", ""]
        for i in range(per_chapter):
            speaker = "主持人" if (i // 3) % 2 == 0 else "嘉宾"
            lines += [f"{speaker}: 这是第{n}句话。", ""]
            n += 1
    return "\n".join(lines)


def fill_cache(script_path: Path, cache_dir: Path) -> int:
    from voicecast.engines.fake import FakeEngine
    from voicecast.parsing import parse_file
    from voicecast.planning.plan import plan_script
    from voicecast.planning.voices import load_voices
    from voicecast.synthesis.cache import SegmentCache

    voices = load_voices(Path(__file__).resolve().parents[1] / "voices.yaml")
    engine = FakeEngine()
    script = parse_file(script_path, known_speakers=voices.known_speakers())
    cache = SegmentCache(cache_dir)
    rate = engine.sample_rate
    pool = real_speech(rate)
    count = 0
    for plan in plan_script(script, voices, "kokoro", engine.identity(), engine.max_chars):
        for seg in plan.segments:
            cache.put(seg.key, pool[count % len(pool)] * np.float32(0.6 + 0.4 * ((count % 7) / 7)), rate)
            count += 1
    return count


def real_speech(rate: int) -> list[np.ndarray]:
    """A dozen real Kokoro sentences (about 4 s each), reused as the synthetic cache content so the
    encoders see real speech; synthesized once and kept in the models dir."""
    from voicecast.audio.audio_io import read_wav, write_wav
    from voicecast.settings import current

    store = current().models_dir / "bench-speech"
    files = sorted(store.glob("*.wav"))
    if len(files) < 12:
        from voicecast.engines.kokoro.engine import KokoroEngine
        from voicecast.text.splitter import Sentence

        engine = KokoroEngine()
        store.mkdir(parents=True, exist_ok=True)
        lines = ["今天我们聊聊人工智能的未来和它对社会的影响。", "计算能力将成为未来的货币，它可能是最珍贵的商品。",
                 "我们很快就会回顾GPT-4，就像现在回顾GPT-3一样。", "董事会的成员都是善意的人，但压力之下会犯错。",
                 "通向AGI的道路应该是一场巨大的权力斗争。", "我非常想相信答案是肯定的，费米悖论令人困惑。",
                 "OpenAI真正的意义在于过去的七年，而不是某一天。", "他在二零二三年三月宣布了这个计划，很多人支持。",
                 "视频里的猫会突然长出一条腿，这还是个问题。", "我们必须拥有一个能在压力下运作的董事会和团队。",
                 "没有人能独自制造出手机，这是所有人共同的成果。", "感谢收听这期对话，我们下次再见。"]
        for i, text in enumerate(lines):
            voice = "zm_yunxi" if i % 2 else "zf_xiaoxiao"
            write_wav(store / f"{i:02d}.wav", engine.synthesize(Sentence(text, "zh", ()), voice), rate)
        files = sorted(store.glob("*.wav"))
    return [read_wav(f)[0] for f in files]


MUSIC = "music: {intro: music/intro.wav, outro: music/outro.wav, sting: music/sting.wav, bed: music/bed.wav}"


def write_music(folder: Path, rate: int = 24000) -> None:
    """Intro 6 s, bed 8 s (looped under the speech), sting 1 s, outro 4 s: chords of sine tones."""
    from voicecast.audio.audio_io import write_wav

    folder.mkdir(parents=True, exist_ok=True)
    for name, seconds, freqs in (("intro", 6, (261.6, 329.6, 392.0)), ("bed", 8, (65.4, 98.0, 130.8)),
                                 ("sting", 1, (880.0, 1320.0)), ("outro", 4, (196.0, 246.9, 293.7))):
        t = np.arange(int(seconds * rate)) / rate
        write_wav(folder / f"{name}.wav", (0.3 * sum(np.sin(2 * np.pi * f * t) for f in freqs) / 3).astype(np.float32),
                  rate)


def child(minutes: int, workdir: Path, naive: bool, music: bool = False) -> dict:
    """Run inside a subprocess: render from the warm cache (or the naive join) and report."""
    script = workdir / ("script-music.md" if music else "script.md")
    cache_dir = workdir / "cache"
    if naive:
        return naive_join(script, cache_dir)
    from voicecast.engines.fake import FakeEngine
    from voicecast.parsing import parse_file
    from voicecast.planning.voices import load_voices
    from voicecast.render import RenderOptions, render
    from voicecast.synthesis.cache import SegmentCache

    voices = load_voices(Path(__file__).resolve().parents[1] / "voices.yaml")
    engine = FakeEngine()
    t0 = time.perf_counter()
    parsed = parse_file(script, known_speakers=voices.known_speakers())
    report = render(parsed, voices, RenderOptions(outdir=workdir / ("out-music" if music else "out"), engine="kokoro"),
                    engine=engine, cache=SegmentCache(cache_dir))
    wall = time.perf_counter() - t0
    assert report.synthesized == 0 and not engine.calls
    return {"audio_min": round(report.duration_ms / 60000, 2), "assemble_encode_s": round(wall, 2),
            "percent_of_duration": round(100 * wall / (report.duration_ms / 1000), 3)}


def naive_join(script: Path, cache_dir: Path) -> dict:
    """What glue scripts do: AudioSegment += per sentence and pause, then export once."""
    from pydub import AudioSegment

    from voicecast.engines.fake import FakeEngine
    from voicecast.parsing import parse_file
    from voicecast.planning.plan import Segment, plan_script
    from voicecast.planning.voices import load_voices
    from voicecast.synthesis.cache import SegmentCache

    voices = load_voices(Path(__file__).resolve().parents[1] / "voices.yaml")
    engine = FakeEngine()
    plans = plan_script(parse_file(script, known_speakers=voices.known_speakers()), voices, "kokoro",
                        engine.identity(), engine.max_chars)
    cache = SegmentCache(cache_dir)
    t0 = time.perf_counter()
    episode = AudioSegment.empty()
    for plan in plans:
        for item in plan.items:
            if isinstance(item, Segment):
                episode += AudioSegment.from_wav(cache.path(item.key))
            else:
                episode += AudioSegment.silent(duration=item.ms, frame_rate=24000)
    join_s = time.perf_counter() - t0
    import imageio_ffmpeg

    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    episode.export(script.parent / "naive.mp3", format="mp3", bitrate="64k")
    wall = time.perf_counter() - t0
    return {"naive_join_s": round(join_s, 2), "naive_join_encode_s": round(wall, 2)}


def peak_rss_mb() -> float:
    """This process's own high-water RSS (VmHWM). ru_maxrss is no use here: Linux carries the
    parent's value into a forked child, so every child would report at least the parent's peak.
    The ffmpeg encoder processes (about 35 MB each) are not included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(minutes: int, naive: bool, music: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text = build_script(minutes)
        (work / "script.md").write_text(text, encoding="utf-8")
        segments = fill_cache(work / "script.md", work / "cache")
        if music:
            write_music(work / "music")
            (work / "script-music.md").write_text(text.replace("---\n", f"---\n{MUSIC}\n", 1), encoding="utf-8")
        out = {"minutes": minutes, "segments": segments}
        for mode in ["ours"] + (["naive"] if naive else []) + (["music"] if music else []):
            flag = {"ours": [], "naive": ["--naive"], "music": ["--music"]}[mode]
            proc = subprocess.run([sys.executable, __file__, "--child", str(minutes), "--work", str(work), *flag],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                raise SystemExit(proc.stderr[-2000:])
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            out.update({f"music_{k}": v for k, v in result.items()} if mode == "music" else result)
        return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,30,60,180")
    ap.add_argument("--naive-sizes", default="10,30")
    ap.add_argument("--child", type=int)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--naive", action="store_true")
    ap.add_argument("--music-sizes", default="")
    ap.add_argument("--music", action="store_true")
    args = ap.parse_args()
    if args.child:
        result = child(args.child, args.work, args.naive, args.music)
        result["naive_peak_rss_mb" if args.naive else "peak_rss_mb"] = round(peak_rss_mb(), 1)
        print(json.dumps(result))
        return
    naive = {int(x) for x in args.naive_sizes.split(",") if x}
    music = {int(x) for x in args.music_sizes.split(",") if x}
    rows = []
    for minutes in (int(x) for x in args.sizes.split(",")):
        row = run_size(minutes, minutes in naive, minutes in music)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(json.dumps({"bench": "assemble", "rows": rows,
                      "goal": {"60min_percent_of_duration": 2.0, "180min_peak_rss_mb": 400},
                      "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}))


if __name__ == "__main__":
    main()
