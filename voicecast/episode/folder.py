"""Writing an episode folder from its chapter plans and the segment cache: chapter MP3s, the episode
(MP3 with ID3 chapters, M4B with MP4 chapters), subtitles, cues, JSON chapters and render.json.

Every file is written to a temp name and renamed. A chapter whose content hash matches the previous
render's keeps its file byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import wave
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import cached_property
from pathlib import Path

import numpy as np

from .. import __version__
from ..atomic import publish, scratch_dir, write_atomic
from ..audio.audio_io import to_int16
from ..audio.chapters import ChapterMark, podcast_chapters_json, tag_chapter_file, tag_episode
from ..audio.encode import encode_m4b, encode_mp3, pcm_chunks
from ..errors import VoicecastError
from ..planning.music import MusicSettings
from ..planning.plan import ChapterPlan, Segment
from ..synthesis.cache import SegmentCache
from ..text.script import Script
from ..text.subtitles import SubCue, cues_for, to_srt, to_vtt
from . import names
from .assembler import TARGET_LUFS, ChapterAudio, assemble, loudness, normalize_loudness
from .music import Clips, Mixed, load_clips, mix_chapter, sting_gap
from .report import ChapterEntry, RenderReport, Unspoken, load_report, save_cues
from .so_far import Listening, gap_mp3, remove_so_far
from .stems import Stems

FORMATS = ("mp3", "m4b")
_ASSEMBLY_VERSION = "1"  # bump when assembly changes the audio, so chapter files are rebuilt


@dataclass
class EpisodeSpec:
    """What the episode writer needs: the script and its plans, where and in which formats."""

    script: Script
    plans: list[ChapterPlan]
    outdir: Path
    sample_rate: int
    engine_name: str
    engine_identity: str
    formats: tuple[str, ...] = FORMATS
    cover: Path | None = None
    chapter_pause_ms: int = 2000
    synthesized: set[str] = field(default_factory=set)  # segment keys synthesized by this render
    music: MusicSettings | None = None  # intro, outro, sting, bed (planning/music.py), mixed at assembly
    stems: bool = False  # also one FLAC per speaker and one for the music (episode/stems.py)
    verify: dict = field(default_factory=dict)  # what render --verify found, for render.json

    @cached_property
    def music_digest(self) -> str:
        return self.music.digest() if self.music is not None and self.music.any() else ""


@dataclass
class _Assembled:
    entries: list[ChapterEntry] = field(default_factory=list)
    marks: list[ChapterMark] = field(default_factory=list)
    cues: list[SubCue] = field(default_factory=list)
    samples: int = 0  # written to the episode so far


def write_episode_folder(spec: EpisodeSpec, cache: SegmentCache, listening: Listening | None = None) -> RenderReport:
    """Assemble every chapter from the cache, encode and tag the files, and save render.json. With
    ``listening`` (a first render that publishes as it goes), each chapter is assembled once its
    audio is synthesized and the episode so far is published after it (episode/so_far.py)."""
    previous_report = load_report(spec.outdir)
    previous = {c.hash: c for c in previous_report.chapters} if previous_report else {}
    (spec.outdir / names.CHAPTERS_DIR).mkdir(parents=True, exist_ok=True)
    clips = load_clips(spec.music, spec.sample_rate) if spec.music is not None and spec.music.any() else None
    with scratch_dir(spec.outdir, ".work-") as work:
        speakers = list(dict.fromkeys(seg.speaker for plan in spec.plans for seg in plan.segments))
        stems = Stems(work, speakers, spec.sample_rate, clips is not None) if spec.stems else None
        so_far = _so_far(spec, listening, previous_report, work, clips) if listening is not None else None
        try:
            done = _assemble_chapters(spec, cache, work / "episode.wav", previous, clips, stems, listening, so_far)
        finally:
            if stems is not None:
                stems.close()
        files = _encode_episode(spec, work / "episode.wav", done.marks)
        files += stems.publish(spec.outdir) if stems is not None else []
    _remove_stale(previous, done.entries, spec.outdir)
    files += _write_sidecars(spec, done)
    report = _report(spec, done, files + [e.file for e in done.entries], previous_report)
    report.save(spec.outdir)
    remove_so_far(spec.outdir)
    return report


def _report(spec: EpisodeSpec, done: _Assembled, files: list[str], previous: RenderReport | None,
            rendering: str = "") -> RenderReport:
    """render.json for what is done: the whole episode, or (``rendering``) the chapters so far."""
    script = spec.script
    return RenderReport(
        title=script.title, language=script.language, author=script.meta.get("author", ""),
        description=script.meta.get("description", ""), cover=_cover_name(spec),
        published=(previous.published if previous else "") or formatdate(usegmt=True),
        duration_ms=int(round(done.samples * 1000 / spec.sample_rate)), engine=spec.engine_name,
        engine_identity=spec.engine_identity, synthesized=len(spec.synthesized),
        cached=sum(e.cached for e in done.entries), chapters=list(done.entries), files=files,
        unspoken=[Unspoken(line, text) for plan in spec.plans for line, text in plan.unspoken], outdir=str(spec.outdir),
        inputs="" if rendering else inputs_digest(spec), rendering=rendering, verify=spec.verify)


def _so_far(spec: EpisodeSpec, listening: Listening, previous: RenderReport | None, work: Path,
            clips: Clips | None) -> Callable[[_Assembled, ChapterPlan], None]:
    """What publishes the episode so far after a chapter (its file is written)."""
    pause = np.zeros(int(spec.sample_rate * spec.chapter_pause_ms / 1000), dtype=np.int16)
    # A sting sits in the pause, and the chapter file holds both; else the pause is its own file.
    gap = None if clips is not None and clips.sting is not None else gap_mp3(pause, spec.sample_rate, work)

    def after(done: _Assembled, plan: ChapterPlan) -> None:
        if spec.cover is not None and len(done.entries) == 1:
            write_atomic(spec.outdir / _cover_name(spec), spec.cover.read_bytes())
        report = _report(spec, done, [], previous, f"{len(done.entries)}/{len(spec.plans)}")
        listening.chapter_done(spec.outdir, spec.outdir / _chapter_file(plan), gap, report, done.cues,
                                spec.sample_rate)

    return after


def inputs_digest(spec: EpisodeSpec) -> str:
    """A digest of everything an episode folder is made from: the script (text, lines, metadata),
    every chapter's audio plan, the formats, the cover's bytes, the engine and this version of the
    writer. Equal digests make equal folders."""
    cover = hashlib.sha256(spec.cover.read_bytes()).hexdigest() if spec.cover is not None else ""
    head = {"writer": _ASSEMBLY_VERSION, "voicecast": __version__, "script": spec.script.to_dict(),
            "formats": sorted(spec.formats), "rate": spec.sample_rate, "engine": spec.engine_identity,
            "chapter_pause_ms": spec.chapter_pause_ms, "cover": cover,
            "music": spec.music_digest, "stems": spec.stems,
            "chapters": [(p.slug, p.speakers, _chapter_hash(p, spec.sample_rate, spec.music_digest, k == 0,
                                                             k == len(spec.plans) - 1))
                         for k, p in enumerate(spec.plans)]}
    return hashlib.sha256(json.dumps(head, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def finished(spec: EpisodeSpec) -> RenderReport | None:
    """The folder's report when it was rendered from exactly these inputs and every file it lists
    is still there; else None (it must be rendered)."""
    report = load_report(spec.outdir)
    if report is None or report.inputs != inputs_digest(spec):
        return None
    if not all((spec.outdir / name).is_file() for name in report.files):
        return None
    return report


def _assemble_chapters(spec: EpisodeSpec, cache: SegmentCache, episode_wav: Path,
                       previous: dict[str, ChapterEntry], clips: Clips | None = None, stems: Stems | None = None,
                       listening: Listening | None = None,
                       so_far: Callable[[_Assembled, ChapterPlan], None] | None = None) -> _Assembled:
    """Each chapter assembled (and mixed with its music) in turn and appended to the episode WAV;
    its MP3 is encoded on the second core while the next chapter is assembled (at most one waits,
    so memory stays bounded). While listening, each chapter waits for its audio, and the episode
    so far is published after it."""
    rate = spec.sample_rate
    pause = int(rate * spec.chapter_pause_ms / 1000)
    # The pause after each chapter but the last is part of it (chapters leave no gaps), with the
    # sting in it: the same for every chapter, made once.
    between = np.zeros(pause, dtype=np.float32) if clips is None else sting_gap(clips, pause)
    done = _Assembled()
    counted: set[str] = set()
    with wave.open(str(episode_wav), "wb") as ep, ThreadPoolExecutor(max_workers=1) as encoder:
        ep.setnchannels(1)
        ep.setsampwidth(2)
        ep.setframerate(rate)
        pending: list[Future[Path]] = []
        for n, plan in enumerate(spec.plans):
            if listening is not None:
                listening.wait(plan.index)
            audio = assemble(plan, lambda seg: _cached(cache, seg, rate), rate,
                             length_of=lambda seg: cache.frames(seg.key), words_of=lambda seg: cache.words(seg.key))
            last = n == len(spec.plans) - 1
            speech = audio.samples  # normalized speech, before any music
            mixed = _with_music(audio, clips, n == 0, last, keep_music=stems is not None)
            gap = np.zeros(0, np.float32) if last else between
            if stems is not None:
                stems.add_chapter(speech, mixed.speech_at, audio.placements, len(audio.samples), gap, mixed.gain,
                                  mixed.music)
            del speech
            mixed.music = None
            pcm, gap_pcm = to_int16(audio.samples), to_int16(gap)  # 16-bit from here on: half the memory
            n_samples = len(audio.samples)
            audio.samples = np.empty(0, dtype=np.float32)  # the float copy goes; pcm stays
            digest = _chapter_hash(plan, rate, spec.music_digest, n == 0, last)
            own = pcm if clips is None or clips.sting is None else np.concatenate([pcm, gap_pcm])
            pending.append(encoder.submit(_write_chapter, spec, plan, digest, own, previous))
            if len(pending) > 1:
                pending[-2].result()
            start_ms = int(round(done.samples * 1000 / rate))
            ep.writeframes(pcm.tobytes())
            ep.writeframes(gap_pcm.tobytes())
            del pcm, own
            done.samples += n_samples + len(gap_pcm)
            _record(done, spec, plan, audio, mixed, start_ms, digest, counted)
            if so_far is not None and not last:
                pending[-1].result()  # the chapter's file is written
                so_far(done, plan)
        for f in pending:
            f.result()
    return done


def _record(done: _Assembled, spec: EpisodeSpec, plan: ChapterPlan, audio: ChapterAudio, mixed: Mixed,
            start_ms: int, digest: str, counted: set[str]) -> None:
    """The chapter's mark, cues and report entry, now that it is in the episode."""
    end_ms = int(round(done.samples * 1000 / spec.sample_rate))
    speech_ms = start_ms + int(round(mixed.speech_at * 1000 / spec.sample_rate))
    done.marks.append(ChapterMark(plan.title or spec.script.title or "Intro", start_ms, end_ms))
    for cue in audio.cues:
        words = tuple((speech_ms + s, speech_ms + e, t) for s, e, t in cue.words)
        done.cues += cues_for(cue.text, cue.lang, speech_ms + cue.start_ms, speech_ms + cue.end_ms, words, cue.speaker)
    fresh = {s.key for s in plan.segments if s.key in spec.synthesized} - counted
    counted |= fresh
    done.entries.append(ChapterEntry(
        index=plan.index, title=plan.title, start_ms=start_ms, end_ms=end_ms, file=_chapter_file(plan),
        segments=len(plan.segments), synthesized=len(fresh), cached=len(plan.segments) - len(fresh),
        hash=digest, loudness_lufs=round(audio.loudness_lufs, 2), true_peak_dbtp=round(audio.true_peak_dbtp, 2),
        bed_below_speech_db=mixed.bed_below_speech_db, speech_start_ms=speech_ms if speech_ms != start_ms else None))


def _cached(cache: SegmentCache, seg: Segment, rate: int) -> np.ndarray:
    got = cache.get(seg.key)
    if got is None:
        raise VoicecastError(f"segment {seg.key[:12]} vanished from the cache during the render; run again")
    audio, got_rate = got
    if got_rate != rate:
        raise VoicecastError(f"cached segment {seg.key[:12]} is {got_rate} Hz, expected {rate}; run `voicecast cache prune`")
    return audio


def _with_music(audio: ChapterAudio, clips: Clips | None, first: bool, last: bool,
                keep_music: bool = False) -> Mixed:
    """The chapter's speech mixed with its music and levelled again (in ``audio``, in place);
    without music, the speech as it is. ``keep_music``: the music layer alone, before the levelling
    (its ``gain``), for the stems."""
    if clips is None:
        return Mixed(audio.samples, 0, None)
    mixed = mix_chapter(audio.samples, clips, first, last)
    before = float("nan")
    if keep_music:
        before = loudness(mixed.samples, audio.sample_rate)
        mixed.music = mixed.samples.copy()
        mixed.music[mixed.speech_at : mixed.speech_at + len(audio.samples)] -= audio.samples
    audio.samples, audio.loudness_lufs, audio.true_peak_dbtp = normalize_loudness(mixed.samples, audio.sample_rate,
                                                                                  in_place=True)
    if np.isfinite(before):
        mixed.gain = float(10 ** ((audio.loudness_lufs - before) / 20))
    return mixed


def _chapter_hash(plan: ChapterPlan, sample_rate: int, music: str = "", first: bool = False,
                  last: bool = False) -> str:
    """Of what the chapter's audio is made of; with music, of the music and where the chapter
    stands (the first has the intro, the last the outro)."""
    place = f"|{music}|{first}|{last}" if music else ""
    h = hashlib.sha256(f"{_ASSEMBLY_VERSION}|{sample_rate}|{TARGET_LUFS}|{plan.title}{place}".encode())
    for item in plan.items:
        h.update((item.key if isinstance(item, Segment) else f"silence:{item.ms}").encode())
        h.update(b"\n")
    return h.hexdigest()


def _chapter_file(plan: ChapterPlan) -> str:
    """The chapter's MP3, relative to the episode folder."""
    return f"{names.CHAPTERS_DIR}/{plan.slug}.mp3"


def _write_chapter(spec: EpisodeSpec, plan: ChapterPlan, digest: str, pcm: np.ndarray,
                   previous: dict[str, ChapterEntry]) -> Path:
    """Encode the chapter's MP3 (from 16-bit PCM) unless the previous render made the same one
    (same content hash and file name: then it stays byte-identical)."""
    dest = spec.outdir / _chapter_file(plan)
    old = previous.get(digest)
    if old and old.file == _chapter_file(plan) and dest.is_file():
        return dest
    tmp = encode_mp3(pcm_chunks(pcm), spec.sample_rate, dest)
    try:
        title = spec.script.title
        tag_chapter_file(tmp, plan.title or title or "Intro", title, plan.speakers, plan.index, len(spec.plans),
                         spec.cover)
        publish(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _encode_episode(spec: EpisodeSpec, wav: Path, marks: list[ChapterMark]) -> list[str]:
    """Encode MP3 and M4B side by side (two ffmpeg processes on the two cores)."""
    title = spec.script.title or "Episode"
    artists = spec.script.speakers
    rate = spec.sample_rate
    results: dict[str, Path] = {}

    def mp3() -> None:
        with open(wav, "rb") as fh:
            fh.seek(44)
            chunks = iter(lambda: fh.read(1 << 20), b"")
            tmp = encode_mp3(chunks, rate, spec.outdir / names.MP3)
        tag_episode(tmp, title, artists, marks, spec.cover)
        results["mp3"] = tmp

    def m4b() -> None:
        chapters = [(m.start_ms, m.end_ms, m.title) for m in marks]
        results["m4b"] = encode_m4b(wav, chapters, title, " / ".join(artists) or title, spec.outdir / names.M4B,
                                    spec.cover)

    jobs: list[Callable[[], None]] = [f for f, name in ((mp3, "mp3"), (m4b, "m4b")) if name in spec.formats]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for f in [pool.submit(j) for j in jobs]:
                f.result()
        written = []
        for name in ("mp3", "m4b"):
            if name in results:
                publish(results.pop(name), spec.outdir / names.AUDIO[name])
                written.append(names.AUDIO[name])
        return written
    finally:
        for tmp in results.values():
            tmp.unlink(missing_ok=True)


def _write_sidecars(spec: EpisodeSpec, done: _Assembled) -> list[str]:
    """Subtitles, cues as data, podcast chapters JSON and the cover beside the audio."""
    write_atomic(spec.outdir / names.SRT, to_srt(done.cues))
    write_atomic(spec.outdir / names.VTT, to_vtt(done.cues))
    save_cues(spec.outdir, done.cues)
    write_atomic(spec.outdir / names.CHAPTERS_JSON, podcast_chapters_json(done.marks, spec.script.title))
    files = [names.SRT, names.VTT, names.CHAPTERS_JSON, names.PAGE]
    if spec.cover is not None:  # for the feed and the page
        write_atomic(spec.outdir / _cover_name(spec), spec.cover.read_bytes())
        files.append(_cover_name(spec))
    return files


def _cover_name(spec: EpisodeSpec) -> str:
    return f"cover{spec.cover.suffix.lower()}" if spec.cover is not None else ""


def _remove_stale(previous: dict[str, ChapterEntry], entries: list[ChapterEntry], outdir: Path) -> None:
    """Chapter files of the previous render that this render no longer has (a renamed chapter)."""
    keep = {e.file for e in entries}
    folder = f"{names.CHAPTERS_DIR}/"
    for old in previous.values():
        name = old.file
        if name.startswith(folder) and name not in keep and "/" not in name[len(folder):]:
            (outdir / name).unlink(missing_ok=True)
