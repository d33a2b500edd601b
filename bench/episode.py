"""Whole-episode round trip: render a real sample, cut the episode at its subtitle cues into windows
of one speaker and at most 20 s, transcribe each window with Whisper base, and print the toneless
pinyin syllable error, the character error rate and the terms most often misheard. Prints JSON.

Whisper base tends to stop transcribing at a change of voice inside a window, so a window never
spans two speakers. The reference of a window is the text of its cues (what the subtitles show).

- Syllable error: edit distance over toneless pinyin syllables (pypinyin, in context, for the
  reference and the transcript alike), English words one unit each: homophones do not count.
- CER: characters after the same normalization as bench/intelligibility.py (Latin letters count
  one by one, numbers written out in Mandarin).
- Worst terms: each reference word (a jieba word, or an English word with its version number) is
  aligned to the transcript; a term is misheard when any of its units is. Reported with what it
  was heard as.

    pip install -e ".[bench]"
    python bench/episode.py [--sample 002] [--head CHARS] [--cache DIR] [--voices voices.yaml] [--show]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from intelligibility import edit_distance, zh_chars

from voicecast.audio.encode import ffmpeg_exe
from voicecast.pronounce.normalize import normalize_zh, to_simplified
from voicecast.settings import current
from voicecast.synthesis.asr import whisper_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
WINDOW_MS = 20_000
_UNIT_RE = re.compile(r"[a-z]+|[0-9]+|[\u3400-\u9fff]")


def _joined(pieces: list[dict], joins) -> list[dict]:
    """Consecutive pieces merged (times and text) wherever ``joins(last, piece)`` says so."""
    out: list[dict] = []
    for piece in pieces:
        if out and joins(out[-1], piece):
            out[-1]["end_ms"] = piece["end_ms"]
            out[-1]["text"] += piece["text"]
        else:
            out.append(dict(piece))
    return out


def sentences_of(cues: list[dict]) -> list[dict]:
    """Cues joined back into the sentences they show: the cues of one sentence follow each other
    with no pause, and their times inside it are shared out by length (the offline engine gives
    no word times), so a window is never cut between them."""
    pieces = [{"start_ms": c["start_ms"], "end_ms": c["end_ms"], "speaker": c.get("speaker"), "text": "".join(c["lines"])}
              for c in cues]
    return _joined(pieces, lambda last, cue: last["speaker"] == cue["speaker"] and cue["start_ms"] == last["end_ms"])


def windows(cues: list[dict], limit_ms: int = WINDOW_MS) -> list[dict]:
    """Whole sentences of one speaker joined while the window stays within ``limit_ms`` (a longer
    sentence is a window of its own)."""
    return _joined(sentences_of(cues), lambda last, sent: (
        last["speaker"] == sent["speaker"] and sent["end_ms"] - last["start_ms"] <= limit_ms
        and sent["start_ms"] >= last["end_ms"]))


def units(text: str) -> list[tuple[str, int, str]]:
    """``(syllable or English word, occurrence, term)`` for a text, in order: each jieba word and
    each English word (with what is joined to it, as in GPT-4o) is one term occurrence."""
    import jieba.posseg
    from pypinyin import lazy_pinyin

    text = normalize_zh(to_simplified(text)).lower()
    out: list[tuple[str, int, str]] = []
    n = 0
    for run in re.finditer(r"[a-z0-9][a-z0-9.\-+]*|[\u3400-\u9fff]+", text):
        piece = run.group(0)
        words = [(piece, "")] if not re.match(r"[\u3400-\u9fff]", piece) else jieba.posseg.lcut(piece)
        for word, flag in words:
            # The adverbial particle 地 (慢慢地走) is said de, and a listener writes it 的 as often.
            parts = _UNIT_RE.findall(word) if word.isascii() else ["de"] if (word, flag) == ("地", "uv") else lazy_pinyin(word)
            out += [(u, n, word) for u in parts]
            n += 1
    return out


def align(ref: list[str], hyp: list[str]) -> list[tuple[int | None, int | None]]:
    """Levenshtein alignment as (ref index or None, hyp index or None) pairs."""
    n, m = len(ref), len(hyp)
    d = np.zeros((n + 1, m + 1), dtype=np.int32)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and d[i, j] == d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and d[i, j] == d[i - 1, j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def term_errors(ref: list[tuple[str, int, str]], hyp: list[str]) -> list[tuple[str, bool, str]]:
    """``(term, misheard, heard as)`` for each term occurrence of the reference. A transcript unit
    with no reference unit (an insertion) belongs to the term after it."""
    spans = {occ: [term, False, []] for _, occ, term in ref}  # occurrence -> [term, wrong, heard units]
    pairs = align([u for u, _, _ in ref], hyp)
    current = ref[-1][1] if ref else 0
    for i, j in reversed(pairs):
        if i is not None:
            current = ref[i][1]
        span = spans.get(current)
        if span is None:
            continue
        if j is not None:
            span[2].insert(0, hyp[j])
        if i is None or j is None or ref[i][0] != hyp[j]:
            span[1] = True
    return [(t, wrong, " ".join(heard)) for t, wrong, heard in spans.values()]


def _head(sample: Path, chars: int) -> Path:
    """The sample's first paragraphs, up to ``chars`` characters, in a file of the same name."""
    text = sample.read_text(encoding="utf-8")
    cut = text.rfind("\n\n", 0, chars)
    out = Path(tempfile.mkdtemp()) / sample.name
    out.write_text(text[: cut if cut > 0 else chars] + "\n", encoding="utf-8")
    return out


def _render(sample: Path, out: Path, env: dict, voices: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "voicecast", "-q", "render", str(sample), "-o", str(out), "--voices",
                    str(voices)], env=env, check=True)
    return time.perf_counter() - t0


def _audio_16k(path: Path) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.float32)


def score(model, audio: np.ndarray, wins: list[dict], show: bool) -> dict:
    syl_err = syl_total = chr_err = chr_total = 0
    seen: Counter = Counter()
    wrong: Counter = Counter()
    heard: dict[str, Counter] = defaultdict(Counter)
    rows = []
    for w in wins:
        clip = audio[int(w["start_ms"] * 16): int(w["end_ms"] * 16)]
        segments, _ = model.transcribe(clip, language="zh", beam_size=5, vad_filter=False,
                                       initial_prompt="以下是普通话的句子。")
        hyp = "".join(s.text for s in segments).strip()
        ref_units = units(w["text"])
        hyp_units = [u for u, _, _ in units(hyp)]
        syl_err += edit_distance([u for u, _, _ in ref_units], hyp_units)
        syl_total += len(ref_units)
        chr_err += edit_distance(zh_chars(w["text"]), zh_chars(hyp))
        chr_total += len(zh_chars(w["text"]))
        for term, bad, as_heard in term_errors(ref_units, hyp_units):
            seen[term] += 1
            if bad:
                wrong[term] += 1
                heard[term][as_heard] += 1
        if show:
            rows.append({"ref": w["text"], "hyp": hyp})
    worst = sorted(wrong, key=lambda t: (-wrong[t], -wrong[t] / seen[t], t))[:20]
    return {"syllable_error": round(syl_err / syl_total, 4), "cer": round(chr_err / chr_total, 4),
            "syllables": syl_total, "characters": chr_total, "windows": len(wins),
            "worst_terms": [{"term": t, "seen": seen[t], "misheard": wrong[t],
                             "heard_as": [h for h, _ in heard[t].most_common(3)]} for t in worst],
            **({"rows": rows} if show else {})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sample", default="002", help="a sample's number in ../shared/samples, or a path")
    ap.add_argument("--cache", type=Path, default=None, help="segment cache to keep between runs (default: fresh)")
    ap.add_argument("--voices", type=Path, default=ROOT / "voices.yaml")
    ap.add_argument("--show", action="store_true", help="each window's reference and transcript")
    ap.add_argument("--head", type=int, default=None, help="only the sample's first N characters (whole paragraphs)")
    args = ap.parse_args()
    sample = Path(args.sample) if Path(args.sample).is_file() else next(iter(sorted(SAMPLES.glob(f"{args.sample}_*"))))
    if args.head:
        sample = _head(sample, args.head)
    from faster_whisper import WhisperModel

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, VOICECAST_CACHE_DIR=str(args.cache or Path(tmp) / "cache"),
                   VOICECAST_OUTPUT_DIR=str(Path(tmp) / "output"))
        out = Path(tmp) / "episode"
        render_s = _render(sample, out, env, args.voices)
        cues = json.loads((out / "cues.json").read_text(encoding="utf-8"))
        audio = _audio_16k(out / "episode.mp3")
        report = json.loads((out / "render.json").read_text(encoding="utf-8"))
    model = WhisperModel(str(whisper_dir(current().models_dir)), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 2)
    t0 = time.perf_counter()
    result = score(model, audio, windows(cues), args.show)
    print(json.dumps({"bench": "episode", "sample": sample.name, "head_chars": args.head, "audio_min": round(report["duration_ms"] / 60000, 1),
                      "render_s": round(render_s, 1), "asr_s": round(time.perf_counter() - t0, 1),
                      "asr": "whisper-base (faster-whisper, int8)", **result}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
