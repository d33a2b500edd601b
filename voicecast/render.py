"""The render pipeline: script → plan → synthesized (cached) segments → chapter files and the
episode (MP3 with ID3 chapters, M4B with MP4 chapters), subtitles, JSON chapters and render.json.

Everything is checked before any synthesis starts; every file is written to a temp name and renamed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import wave
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

import numpy as np

from . import settings
from .assembler import TARGET_LUFS, assemble
from .atomic import publish, write_atomic
from .audio_io import to_int16
from .cache import SegmentCache
from .chapters import ChapterMark, podcast_chapters_json, tag_chapter_file, tag_episode
from .encode import encode_m4b, encode_mp3, pcm_chunks
from .engines import Engine, SynthesisOptions, create_engine
from .errors import EngineError, ScriptError, VoicecastError, option
from .parsing import parse_file
from .plan import ChapterPlan, Segment, plan_script, slugify
from .schedule import run_bounded
from .subtitles import cues_for, to_srt, to_vtt
from .voices import VoiceConfig

log = logging.getLogger(__name__)

FORMATS = ("mp3", "m4b")
_ASSEMBLY_VERSION = "1"  # bump when assembly changes the audio, so chapter files are rebuilt


@dataclass
class RenderOptions:
    outdir: Path | None = None
    engine: str | None = None
    chapters: list[str] = field(default_factory=list)  # numbers or titles; empty = all
    formats: tuple[str, ...] = FORMATS
    jobs: int | None = None  # None: the engine's default (kokoro: the cores, at most 4; edge: 4)
    fmt: str | None = None  # source format override
    base_url: str | None = None  # the show feed's address (saved in the show root's show.json)


@dataclass
class Progress:
    """Callbacks the CLI fills in (tqdm); the library never prints."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[str], None] = lambda chapter_title: None
    stage: Callable[[str], None] = lambda message: None
    close: Callable[[], None] = lambda: None


def output_root() -> Path:
    return settings.current().output_dir


def select_chapters(plans: list[ChapterPlan], selectors: list[str]) -> set[int]:
    """Chapter indices for ``--chapter`` values: a number (1-based) or a title (exact, else a
    unique case-insensitive substring)."""
    if not selectors:
        return {p.index for p in plans}
    chosen = set()
    listing = "; ".join(f"{p.index}. {p.title or '(intro)'}" for p in plans)
    for sel in selectors:
        sel = sel.strip()
        if sel.isdigit():
            if not any(p.index == int(sel) for p in plans):
                raise ScriptError(f"no chapter {sel}; chapters are: {listing}")
            chosen.add(int(sel))
            continue
        exact = [p for p in plans if p.title == sel]
        loose = [p for p in plans if sel.lower() in p.title.lower()]
        found = exact or loose
        if len(found) != 1:
            what = "matches several chapters" if found else "matches no chapter"
            raise ScriptError(f"{option('chapter')} {sel!r} {what}; chapters are: {listing}")
        chosen.add(found[0].index)
    return chosen


def _check_writable(outdir: Path) -> None:
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise VoicecastError(f"{outdir}: cannot write there ({exc.strerror}); choose another {option('outdir')}") from None


def _options(segment: Segment) -> SynthesisOptions:
    opts: dict[str, Any] = dict(segment.options)
    lexicon = tuple(tuple(x) for x in opts.pop("lexicon", ()))
    return SynthesisOptions(lexicon=lexicon, **opts)


def _chapter_hash(plan: ChapterPlan, sample_rate: int) -> str:
    h = hashlib.sha256(f"{_ASSEMBLY_VERSION}|{sample_rate}|{TARGET_LUFS}|{plan.title}".encode())
    for item in plan.items:
        h.update((item.key if isinstance(item, Segment) else f"silence:{item.ms}").encode())
        h.update(b"\n")
    return h.hexdigest()


def _cover(script, script_path: Path) -> Path | None:
    cover = script.meta.get("cover", "")
    if not cover or "://" in cover:
        return None
    p = (script_path.parent / cover).resolve()
    if not p.is_file():
        raise ScriptError(f"cover image {cover!r} not found (looked at {p})", str(script_path))
    return p


class _Synthesizer:
    """Synthesizes the missing segments (bounded concurrency), each stored in the cache as soon as
    it is done, so an interrupted render resumes where it stopped."""

    def __init__(self, engine: Engine, cache: SegmentCache, jobs: int, progress: Progress):
        self.engine = engine
        self.cache = cache
        self.jobs = max(1, jobs)
        self.progress = progress
        self.lock = threading.Lock()

    def run(self, todo: list[tuple[ChapterPlan, Segment]]) -> None:
        # Heaviest first within the engine's cost budget (schedule.py); each result is cached under
        # its own key as it finishes, and the episode is assembled in script order.
        engine = self.engine
        run_bounded(todo, lambda item: self._one(*item), self.jobs,
                    cost=lambda item: engine.cost(item[1].sentence, item[1].voice, _options(item[1])),
                    budget=engine.cost_budget)

    def _one(self, plan: ChapterPlan, seg: Segment) -> None:
        try:
            speech = self.engine.speak(seg.sentence, seg.voice, _options(seg))
        except EngineError as exc:
            where = f"chapter {plan.index} ({plan.title or 'intro'})"
            line = f", line {seg.line}" if seg.line else ""
            raise EngineError(f"{where}{line}: could not synthesize {seg.sentence.text[:60]!r}: {exc}. "
                              "Everything synthesized so far is cached; run the same command again to resume.") from exc
        self.cache.put(seg.key, speech.audio, self.engine.sample_rate, speech.words)
        with self.lock:
            self.progress.advance(plan.title or "intro")


def render(script_path: str | Path, voices: VoiceConfig, opts: RenderOptions, progress: Progress | None = None,
           engine: Engine | None = None, cache: SegmentCache | None = None) -> dict:
    """Render a script; returns the content of render.json."""
    progress = progress or Progress()
    script_path = Path(script_path)
    script = parse_file(script_path, fmt=opts.fmt, known_speakers=voices.known_speakers())
    engine_name = opts.engine or voices.engine
    owned = engine is None  # an engine made here is closed here, after synthesis (its memory freed)
    engine = engine or create_engine(engine_name)
    cache = cache or SegmentCache()
    if opts.base_url:
        from .feed import check_base_url

        check_base_url(opts.base_url)  # before any synthesis, not after it
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad:
        raise VoicecastError(f"unknown format {', '.join(bad)}; use {', '.join(FORMATS)}")

    plans = plan_script(script, voices, engine_name, engine.identity(), engine.max_chars)
    if not plans:
        raise ScriptError("the script has no text to speak", str(script_path))
    selected = select_chapters(plans, opts.chapters)
    outdir = opts.outdir or (output_root() / slugify(script.title or script_path.stem, "episode"))
    cover = _cover(script, script_path)

    # What must be synthesized; chapters left out with --chapter must already be in the cache.
    todo: list[tuple[ChapterPlan, Segment]] = []
    seen: set[str] = set()
    for plan in plans:
        missing = [s for s in plan.segments if s.key not in seen and not cache.has(s.key)]
        if plan.index not in selected and missing:
            raise VoicecastError(
                f"chapter {plan.index} ({plan.title or 'intro'}) has {len(missing)} sentences not rendered yet; "
                f"render it too (add {option('chapter')} {plan.index}) or render every chapter")
        for s in missing:
            seen.add(s.key)
            todo.append((plan, s))
    synthesized_keys = {s.key for _, s in todo}
    jobs = opts.jobs or engine.default_jobs
    engine.use_jobs(jobs)
    if todo:
        engine.preflight()  # e.g. no network: one clear line, before OUTDIR is touched
    _check_writable(outdir)

    progress.start(len(todo))
    try:
        _Synthesizer(engine, cache, jobs, progress).run(todo)
    finally:
        progress.close()
        if owned:
            engine.close()

    progress.stage("assembling")
    report = _assemble_outputs(script, plans, engine, engine_name, cache, outdir, opts, synthesized_keys, cover,
                               voices.pauses.chapter)
    from .show import is_show_root, update_show, write_episode_page

    write_episode_page(outdir)
    root = outdir.resolve().parent
    if root == output_root().resolve() or is_show_root(root) or opts.base_url:
        progress.stage("updating the feed")
        update_show(root, opts.base_url, pages=False)  # the other episodes' pages are as they were
    return report


def _assemble_outputs(script, plans, engine, engine_name, cache, outdir: Path, opts: RenderOptions,
                      synthesized_keys: set[str], cover: Path | None, chapter_pause_ms: int) -> dict:
    previous_report = _previous_report(outdir)
    previous = {c["hash"]: c for c in previous_report.get("chapters", []) if isinstance(c, dict) and "hash" in c}
    rate = engine.sample_rate
    chapter_gap = np.zeros(int(rate * chapter_pause_ms / 1000), dtype="<i2")  # 16-bit silence, made once
    (outdir / "chapters").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=outdir))
    episode_wav = work / "episode.wav"
    counted: set[str] = set()
    entries, marks, sub_cues = [], [], []
    total = len(plans)
    artists_all = script.speakers
    try:
        position = 0  # samples written to the episode so far
        # Chapter MP3s are encoded on the second core while the next chapter is assembled.
        with wave.open(str(episode_wav), "wb") as ep, ThreadPoolExecutor(max_workers=1) as encoder:
            ep.setnchannels(1)
            ep.setsampwidth(2)
            ep.setframerate(rate)
            pending = []
            for n, plan in enumerate(plans):
                audio = assemble(plan, lambda seg: _cached(cache, seg, rate), rate,
                                 length_of=lambda seg: cache.frames(seg.key), words_of=lambda seg: cache.words(seg.key))
                pcm = to_int16(audio.samples)  # 16-bit from here on: half the memory of float32
                n_samples = len(audio.samples)
                audio.samples = np.empty(0, dtype=np.float32)  # the float copy goes; pcm stays
                digest = _chapter_hash(plan, rate)
                pending.append(encoder.submit(_write_chapter, plan, digest, pcm, rate, outdir, previous, script, total,
                                              cover))
                if len(pending) > 1:
                    pending[-2].result()  # at most one chapter waits, so memory stays bounded
                start_ms = int(round(position * 1000 / rate))
                ep.writeframes(pcm.tobytes())
                del pcm
                position += n_samples
                if n < total - 1:  # the pause after a chapter is part of it: chapters leave no gaps
                    ep.writeframes(chapter_gap.tobytes())
                    position += len(chapter_gap)
                end_ms = int(round(position * 1000 / rate))
                marks.append(ChapterMark(plan.title or script.title or "Intro", start_ms, end_ms))
                for cue in audio.cues:
                    words = tuple((start_ms + s, start_ms + e, t) for s, e, t in cue.words)
                    sub_cues += cues_for(cue.text, cue.lang, start_ms + cue.start_ms, start_ms + cue.end_ms, words,
                                         cue.speaker)
                synthesized = 0
                for seg in plan.segments:
                    if seg.key in synthesized_keys and seg.key not in counted:
                        synthesized += 1
                        counted.add(seg.key)
                entries.append({
                    "index": plan.index, "title": plan.title, "start_ms": start_ms, "end_ms": end_ms,
                    "file": f"chapters/{plan.slug}.mp3", "segments": len(plan.segments), "synthesized": synthesized,
                    "cached": len(plan.segments) - synthesized, "hash": digest,
                    "loudness_lufs": round(audio.loudness_lufs, 2), "true_peak_dbtp": round(audio.true_peak_dbtp, 2),
                })
                del audio
            for f in pending:
                f.result()
        duration_ms = int(round(position * 1000 / rate))
        files = _write_episode(script, episode_wav, marks, artists_all, outdir, opts.formats, rate, cover)
    finally:
        for leftover in work.glob("*"):
            leftover.unlink(missing_ok=True)
        work.rmdir()
    _remove_stale(previous, entries, outdir)
    write_atomic(outdir / "episode.srt", to_srt(sub_cues))
    write_atomic(outdir / "episode.vtt", to_vtt(sub_cues))
    write_atomic(outdir / "chapters.json", podcast_chapters_json(marks, script.title))
    files += ["episode.srt", "episode.vtt", "chapters.json", "index.html"]
    cover_name = ""
    if cover is not None:  # for the feed and the page
        cover_name = f"cover{cover.suffix.lower()}"
        write_atomic(outdir / cover_name, cover.read_bytes())
        files.append(cover_name)
    report = {
        "title": script.title, "language": script.language, "author": script.meta.get("author", ""),
        "description": script.meta.get("description", ""), "cover": cover_name,
        "published": previous_report.get("published") or formatdate(usegmt=True),
        "duration_ms": duration_ms, "engine": engine_name,
        "engine_identity": engine.identity(), "synthesized": len(synthesized_keys), "cached":
        sum(e["cached"] for e in entries), "chapters": entries, "files": files + [e["file"] for e in entries],
        "unspoken": [{"line": line, "text": text} for plan in plans for line, text in plan.unspoken],
        "outdir": str(outdir),
    }
    write_atomic(outdir / "render.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report


def _cached(cache: SegmentCache, seg: Segment, rate: int) -> np.ndarray:
    got = cache.get(seg.key)
    if got is None:
        raise VoicecastError(f"segment {seg.key[:12]} vanished from the cache during the render; run again")
    audio, got_rate = got
    if got_rate != rate:
        raise VoicecastError(f"cached segment {seg.key[:12]} is {got_rate} Hz, expected {rate}; run `voicecast cache prune`")
    return audio


def _write_chapter(plan: ChapterPlan, digest: str, pcm: np.ndarray, rate: int, outdir: Path, previous: dict, script,
                   total: int, cover: Path | None) -> Path:
    """Encode the chapter's MP3 (from 16-bit PCM) unless the previous render made the same one
    (same content hash and file name: then it stays byte-identical)."""
    dest = outdir / "chapters" / f"{plan.slug}.mp3"
    old = previous.get(digest)
    if old and old.get("file") == f"chapters/{dest.name}" and dest.is_file():
        return dest
    tmp = encode_mp3(pcm_chunks(pcm), rate, dest)
    try:
        tag_chapter_file(tmp, plan.title or script.title or "Intro", script.title, plan.speakers, plan.index, total, cover)
        publish(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _write_episode(script, wav: Path, marks: list[ChapterMark], artists: list[str], outdir: Path,
                   formats: tuple[str, ...], rate: int, cover: Path | None) -> list[str]:
    """Encode MP3 and M4B side by side (two ffmpeg processes on the two cores)."""
    title = script.title or "Episode"
    results: dict[str, Path] = {}

    def mp3():
        with open(wav, "rb") as fh:
            fh.seek(44)
            chunks = iter(lambda: fh.read(1 << 20), b"")
            tmp = encode_mp3(chunks, rate, outdir / "episode.mp3")
        tag_episode(tmp, title, artists, marks, cover)
        results["mp3"] = tmp

    def m4b():
        chapters = [(m.start_ms, m.end_ms, m.title) for m in marks]
        results["m4b"] = encode_m4b(wav, chapters, title, " / ".join(artists) or title, outdir / "episode.m4b", cover)

    jobs = [f for f, name in ((mp3, "mp3"), (m4b, "m4b")) if name in formats]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for f in [pool.submit(j) for j in jobs]:
                f.result()
        written = []
        for name in ("mp3", "m4b"):
            if name in results:
                publish(results.pop(name), outdir / f"episode.{name}")
                written.append(f"episode.{name}")
        return written
    finally:
        for tmp in results.values():
            tmp.unlink(missing_ok=True)


def _previous_report(outdir: Path) -> dict:
    """The last render's render.json in OUTDIR (its chapter hashes, its publication date)."""
    try:
        data = json.loads((outdir / "render.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}



def _remove_stale(previous: dict, entries: list[dict], outdir: Path) -> None:
    """Chapter files of the previous render that this render no longer has (a renamed chapter)."""
    keep = {e["file"] for e in entries}
    for old in previous.values():
        name = old.get("file", "")
        if name.startswith("chapters/") and name not in keep and "/" not in name[len("chapters/"):]:
            (outdir / name).unlink(missing_ok=True)
