"""The render pipeline: a script → a plan → synthesized (cached) segments → an episode folder
(episode.py writes it). Everything is checked before any synthesis starts. Parsing the source is the
caller's job, and so is publishing the episode to a show (show.py)."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .cache import SegmentCache
from .engines import Engine, SynthesisOptions, create_engine
from .episode import FORMATS, EpisodeSpec, write_episode_folder
from .errors import EngineError, ScriptError, VoicecastError, option
from .plan import ChapterPlan, Segment, plan_script, slugify
from .report import RenderReport
from .schedule import run_bounded
from .script import Script
from .voices import VoiceConfig

log = logging.getLogger(__name__)


@dataclass
class RenderOptions:
    outdir: Path | None = None
    engine: str | None = None
    chapters: list[str] = field(default_factory=list)  # numbers or titles; empty = all
    formats: tuple[str, ...] = FORMATS
    jobs: int | None = None  # None: the engine's default (kokoro: the cores, at most 4; edge: 4)


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


def _options(engine: Engine, segment: Segment) -> SynthesisOptions:
    return engine.make_options(dict(segment.options))


def _cover(script: Script) -> Path | None:
    """The script's cover image (``cover:`` in its front matter), relative to the script's file."""
    cover = script.meta.get("cover", "")
    if not cover or "://" in cover:
        return None
    p = ((Path(script.path).parent if script.path else Path.cwd()) / cover).resolve()
    if not p.is_file():
        raise ScriptError(f"cover image {cover!r} not found (looked at {p})", script.path)
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
                    cost=lambda item: engine.cost(item[1].sentence, item[1].voice, _options(engine, item[1])),
                    budget=engine.cost_budget)

    def _one(self, plan: ChapterPlan, seg: Segment) -> None:
        try:
            speech = self.engine.speak(seg.sentence, seg.voice, _options(self.engine, seg))
        except EngineError as exc:
            where = f"chapter {plan.index} ({plan.title or 'intro'})"
            line = f", line {seg.line}" if seg.line else ""
            raise EngineError(f"{where}{line}: could not synthesize {seg.sentence.text[:60]!r}: {exc}. "
                              "Everything synthesized so far is cached; run the same command again to resume.") from exc
        self.cache.put(seg.key, speech.audio, self.engine.sample_rate, speech.words)
        with self.lock:
            self.progress.advance(plan.title or "intro")


def render(script: Script, voices: VoiceConfig, opts: RenderOptions, progress: Progress | None = None,
           engine: Engine | None = None, cache: SegmentCache | None = None) -> RenderReport:
    """Render a parsed script into its episode folder; returns the report saved there as render.json."""
    progress = progress or Progress()
    owned = engine is None  # an engine made here is closed here, after synthesis (its memory freed)
    engine = engine or create_engine(opts.engine or voices.engine)
    engine_name = engine.voice_family()  # whose voices voices.yaml gives it
    if opts.engine and opts.engine != engine_name:
        raise VoicecastError(f"the engine given ({engine.name}) speaks {engine_name} voices, not {opts.engine}")
    cache = cache or SegmentCache()
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad:
        raise VoicecastError(f"unknown format {', '.join(bad)}; use {', '.join(FORMATS)}")
    plans = plan_script(script, voices, engine_name, engine.identity(), engine.max_chars)
    if not plans:
        raise ScriptError("the script has no text to speak", script.path)
    outdir = opts.outdir or (output_root() / slugify(script.title or (Path(script.path).stem if script.path else ""),
                                                     "episode"))
    cover = _cover(script)
    todo = _missing(plans, select_chapters(plans, opts.chapters), cache)
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
    spec = EpisodeSpec(script, plans, outdir, engine.sample_rate, engine_name, engine.identity(), tuple(opts.formats),
                       cover, voices.pauses.chapter, {s.key for _, s in todo})
    return write_episode_folder(spec, cache)


def _missing(plans: list[ChapterPlan], selected: set[int], cache: SegmentCache) -> list[tuple[ChapterPlan, Segment]]:
    """What must be synthesized; chapters left out with --chapter must already be in the cache."""
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
    return todo
