"""The render pipeline: a script → a plan → synthesized (cached) segments → an episode folder
(episode.py writes it). Everything is checked before any synthesis starts. Parsing the source is the
caller's job, and so is publishing the episode to a show (show.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import probe_writable
from .engines import Engine, create_engine
from .episode import names
from .episode.folder import FORMATS, EpisodeSpec, write_episode_folder
from .episode.report import RenderReport
from .episode.so_far import Listening
from .errors import ScriptError, VoicecastError, option
from .planning.music import MusicError, MusicSettings, music_for
from .planning.plan import ChapterPlan, plan_script, slugify
from .planning.voices import VoiceConfig
from .settings import DEFAULT_OUTPUT_DIR, Settings
from .synthesis.cache import SegmentCache
from .synthesis.gate import ChapterGate
from .synthesis.pool import Job, LocalPool, SynthesisPool, failure_message
from .text.script import Script

log = logging.getLogger(__name__)


@dataclass
class RenderOptions:
    outdir: Path | None = None  # the episode folder (default: ``root`` / the title's slug)
    root: Path = Path(DEFAULT_OUTPUT_DIR)  # the show root episode folders go into (the CLI: settings' output dir)
    engine: str | None = None
    chapters: list[str] = field(default_factory=list)  # numbers or titles; empty = all
    formats: tuple[str, ...] = FORMATS
    jobs: int | None = None  # None: the engine's default (kokoro: the cores, at most 4; edge: 4)
    device: str | None = None  # auto, cpu, cuda; None: voices.yaml's `device`
    # The command line's settings: they configure the engine a render makes and its default cache.
    settings: Settings | None = None
    stems: bool = False  # also one FLAC per speaker and one for the music, aligned to the episode
    verify: bool = False  # hear every sentence with Whisper, synthesize the misheard again (synthesis/verify.py)


@dataclass
class Progress:
    """Callbacks the CLI fills in (tqdm); the library never prints."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[str], None] = lambda where: None  # a sentence is done: where it is ("chapter 2 (Title)")
    stage: Callable[[str], None] = lambda message: None
    close: Callable[[], None] = lambda: None


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


def check_writable(outdir: Path) -> None:
    try:
        probe_writable(outdir)
    except OSError as exc:
        raise VoicecastError(f"{outdir}: cannot write there ({exc.strerror}); choose another {option('outdir')}") from None


def _music(script: Script, voices: VoiceConfig) -> MusicSettings:
    """voices.yaml's music with the script's front matter ``music:`` over it."""
    try:
        return music_for(script.meta, script.path, voices.music)
    except MusicError as exc:
        raise ScriptError(f"front matter {exc.field}: {exc}", script.path) from None


def _cover(script: Script) -> Path | None:
    """The script's cover image (``cover:`` in its front matter), relative to the script's file."""
    cover = script.meta.get("cover", "")
    if not cover or "://" in cover:
        return None
    p = ((Path(script.path).parent if script.path else Path.cwd()) / cover).resolve()
    if not p.is_file():
        raise ScriptError(f"cover image {cover!r} not found (looked at {p})", script.path)
    return p


@dataclass
class Prepared:
    """A script checked and planned, everything decided before any audio: the episode to write and
    the segments (each key once) that are not in the cache yet."""

    spec: EpisodeSpec
    todo: list[Job]

    @property
    def outdir(self) -> Path:
        return self.spec.outdir


def prepare(script: Script, voices: VoiceConfig, opts: RenderOptions, engine: Engine, cache: SegmentCache,
            group: int = 0) -> Prepared:
    """Check and plan ``script`` for ``engine``: voices, chapters, formats, cover (no output is touched)."""
    engine_name = engine.voice_family()  # whose voices voices.yaml gives it
    if opts.engine and opts.engine != engine_name:
        raise VoicecastError(f"the engine given ({engine.name}) speaks {engine_name} voices, not {opts.engine}")
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad:
        raise VoicecastError(f"unknown format {', '.join(bad)}; use {', '.join(FORMATS)}")
    plans = plan_script(script, voices, engine_name, engine.identity(), engine.max_chars)
    if not plans:
        raise ScriptError("the script has no text to speak", script.path)
    outdir = opts.outdir or (opts.root / episode_slug(script))
    todo = _missing(plans, select_chapters(plans, opts.chapters), cache, group)
    spec = EpisodeSpec(script, plans, outdir, engine.sample_rate, engine_name, engine.identity(), tuple(opts.formats),
                       _cover(script), voices.pauses.chapter, {job.segment.key for job in todo}, _music(script, voices),
                       opts.stems)
    return Prepared(spec, todo)


def episode_slug(script: Script) -> str:
    """The episode folder's name under the output root: the title's slug (else the file's)."""
    return slugify(script.title or (Path(script.path).stem if script.path else ""), "episode")


def synthesize_missing(pool: SynthesisPool, todo: list[Job], cache: SegmentCache, progress: Progress,
                       stop: threading.Event | None = None, cached: Callable[[str], None] = lambda key: None) -> None:
    """Synthesize one episode's missing segments (``cached(key)`` after each); the first failure
    stops it (what runs finishes and is cached) and is raised, saying where it is. Setting ``stop``
    stops it too, without an error."""
    stop = stop or threading.Event()
    failure: list[BaseException] = []

    def done(job: Job, error: BaseException | None) -> None:
        if error is not None:
            failure.append(failure_message(job, error))
            stop.set()
        else:
            cached(job.segment.key)
            progress.advance(job.where)

    progress.start(len(todo))
    try:
        pool.synthesize(todo, cache, done, stop)
    finally:
        progress.close()
    if failure:
        raise failure[0]


class _AssemblingAlong:
    """The episode writer on its own thread, each chapter assembled as soon as its audio is in the
    cache (chapters are synthesized in order), the episode so far published after each."""

    def __init__(self, prepared: Prepared, cache: SegmentCache, published: Callable[[Path], None]):
        self.gate = ChapterGate(prepared.spec.plans, prepared.spec.synthesized)
        self.stop = threading.Event()  # set when the writer fails: synthesis stops
        self._result: RenderReport | BaseException | None = None
        listening = Listening(self.gate.wait, published)
        self._thread = threading.Thread(target=self._run, args=(prepared.spec, cache, listening),
                                        name="assemble", daemon=True)
        self._thread.start()

    def _run(self, spec: EpisodeSpec, cache: SegmentCache, listening: Listening) -> None:
        try:
            self._result = write_episode_folder(spec, cache, listening)
        except BaseException as exc:  # noqa: BLE001 - handed to the render's thread
            self._result = exc
            self.stop.set()

    def abort(self, why: BaseException) -> None:
        """Synthesis failed or was interrupted: the writer stops at the next chapter it lacks."""
        self.gate.fail(why)
        self._thread.join()

    def result(self) -> RenderReport:
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result


def first_render(outdir: Path) -> bool:
    """No finished episode in ``outdir`` yet (nothing there to keep playable until the new one is
    complete): such a render may publish the chapters as they are done."""
    return names.linked_audio(outdir) in (None, names.SO_FAR)


def render(script: Script, voices: VoiceConfig, opts: RenderOptions, progress: Progress | None = None,
           engine: Engine | None = None, cache: SegmentCache | None = None,
           pool: SynthesisPool | None = None, published: Callable[[Path], None] | None = None) -> RenderReport:
    """Render a parsed script into its episode folder; returns the report saved there as render.json.
    ``pool`` synthesizes (default: ``engine`` on this machine's threads). With ``published``, a
    first render publishes as it goes: after each chapter, the episode so far is in the folder and
    ``published(folder)`` is called (the command line: the page and the feed)."""
    progress = progress or Progress()
    owned = engine is None  # an engine made here is closed here, after synthesis (its memory freed)
    engine = engine or create_engine(opts.engine or voices.engine, opts.settings)
    cache = cache or SegmentCache(opts.settings.cache_dir if opts.settings else None)
    along = None
    try:
        if owned:
            engine.use_device(opts.device or voices.device)
        prepared = prepare(script, voices, opts, engine, cache)
        pool = pool or LocalPool(engine, opts.jobs)
        if prepared.todo:
            pool.preflight()  # e.g. no network: one clear line, before OUTDIR is touched
        check_writable(prepared.outdir)
        if (published is not None and not opts.verify and len(prepared.spec.plans) > 1
                and first_render(prepared.outdir)):
            along = _AssemblingAlong(prepared, cache, published)
        try:
            synthesize_missing(pool, prepared.todo, cache, progress, along.stop if along is not None else None,
                               along.gate.cached if along is not None else lambda key: None)
        except BaseException as exc:
            if along is not None:
                along.abort(exc)
            raise
        if along is not None:  # nothing more will arrive: a chapter still lacking audio fails, never hangs
            along.gate.fail(VoicecastError("synthesis ended before every segment was cached; run again"))
        if opts.verify:
            _verify(prepared.spec, engine, cache, opts, progress)
    finally:
        if owned:
            engine.close()
    progress.stage("assembling")
    return along.result() if along is not None else write_episode_folder(prepared.spec, cache)


def _verify(spec: EpisodeSpec, engine: Engine, cache: SegmentCache, opts: RenderOptions, progress: Progress) -> None:
    """Hear every sentence; the plans take the takes heard right, the spec records what was found."""
    from .settings import defaults
    from .synthesis.asr import Listener
    from .synthesis.verify import Verifier, verify_plans, with_takes

    listener = Listener((opts.settings or defaults()).models_dir)
    progress.stage("verifying")
    progress.start(len({s.key for p in spec.plans for s in p.segments}))
    try:
        found = verify_plans(spec.plans, Verifier(listener.hear, listener.identity, cache), engine,
                             engine.identity(), lambda: progress.advance("verifying"))
    finally:
        progress.close()
    spec.plans = with_takes(spec.plans, found.takes)
    spec.synthesized |= {take.key for take in found.takes.values()}
    spec.verify = found.summary()


def _missing(plans: list[ChapterPlan], selected: set[int], cache: SegmentCache, group: int) -> list[Job]:
    """What must be synthesized; chapters left out with --chapter must already be in the cache."""
    todo: list[Job] = []
    seen: set[str] = set()
    for plan in plans:
        missing = [s for s in plan.segments if s.key not in seen and not cache.has(s.key)]
        where = f"chapter {plan.index} ({plan.title or 'intro'})"
        if plan.index not in selected and missing:
            raise VoicecastError(f"{where} has {len(missing)} sentences not rendered yet; render it too "
                                 f"(add {option('chapter')} {plan.index}) or render every chapter")
        for s in missing:
            seen.add(s.key)
            todo.append(Job(s, group, where, plan.index))
    return todo
