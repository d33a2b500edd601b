"""Rendering a whole catalogue in one run: many scripts into one show, one episode folder each.

Every script is read and planned first (a script that cannot be read or planned fails alone). The
missing sentences of all episodes go to one synthesis pool, episode after episode, each sentence
once even when several episodes say it; an episode whose sentences are all cached is assembled on
a second thread while the pool goes on with the next, so the machine never idles between
episodes. An episode that fails (a sentence the engine cannot say, an assembly error) is reported
and its remaining sentences are skipped; the others go on. An episode whose folder was made from
exactly the same inputs (``render.json``'s ``inputs``) is skipped. The show's feed is written once,
at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .engines import Engine
from .episode.folder import finished, write_episode_folder
from .episode.report import RenderReport
from .errors import VoicecastError
from .parsing.fetch import is_url
from .planning.voices import VoiceConfig
from .render import Prepared, Progress, RenderOptions, check_writable, episode_slug, prepare
from .synthesis.cache import SegmentCache
from .synthesis.pool import Job, SynthesisPool, failure_message
from .text.script import Script

# What a folder of scripts is made of: the suffixes the importers read (anything else is skipped).
SCRIPT_SUFFIXES = (".md", ".markdown", ".txt", ".srt", ".vtt", ".html", ".htm", ".xhtml", ".epub", ".pdf", ".docx")


@dataclass
class Outcome:
    """What became of one source: rendered, unchanged (skipped) or failed (with the reason)."""

    source: str
    status: str = "pending"
    outdir: Path | None = None
    report: RenderReport | None = None
    error: str = ""
    prepared: Prepared | None = field(default=None, repr=False)
    waiting: int = 0  # its sentences not synthesized yet


def expand_sources(args: Sequence[str], skip: Path | None = None) -> list[str]:
    """The scripts named: files and URLs as given, a folder as the script files under it (sorted,
    hidden ones and ``skip`` — the output root — left out); each once."""
    out: list[str] = []
    for arg in args:
        path = Path(arg)
        if is_url(arg) or not path.is_dir():
            out.append(arg)
            continue
        found = [str(p) for p in sorted(path.rglob("*")) if _is_script(p, path, skip)]
        if not found:
            raise VoicecastError(f"{arg}: no scripts in this folder (looked for {', '.join(SCRIPT_SUFFIXES)})")
        out += found
    seen: set[str] = set()
    unique = []
    for src in out:
        key = src if is_url(src) else str(Path(src).resolve())
        if key not in seen:
            seen.add(key)
            unique.append(src)
    return unique


def _is_script(p: Path, root: Path, skip: Path | None) -> bool:
    rel = p.relative_to(root).parts
    if any(part.startswith(".") for part in rel) or p.suffix.lower() not in SCRIPT_SUFFIXES or not p.is_file():
        return False
    return skip is None or not p.resolve().is_relative_to(skip.resolve())


@dataclass
class CatalogueProgress(Progress):
    """Render's callbacks plus a line per finished episode (printed above the bar)."""

    note: Callable[[Outcome], None] = lambda outcome: None
    total: Callable[[int], None] = lambda delta: None  # the bar's total changes (an episode failed)


def render_catalogue(sources: Sequence[str], load: Callable[[str], Script], voices: VoiceConfig, opts: RenderOptions,
                     engine: Engine, pool: SynthesisPool, cache: SegmentCache, progress: CatalogueProgress,
                     force: bool = False, on_assembled: Callable[[Path], object] | None = None) -> list[Outcome]:
    """Render every source into ``opts.outdir`` (default: ``opts.root``), one folder each.
    ``on_assembled`` is called with each episode folder once it is written (the CLI publishes its
    page there), on the assembler thread."""
    root = opts.outdir or opts.root
    outcomes = _prepare_all(sources, load, voices, opts, engine, cache, root, force)
    todo, waiting = _shared_jobs(outcomes)
    if todo:
        pool.preflight()
    run = _Run(outcomes, waiting, cache, progress, on_assembled)
    progress.start(len(todo))
    try:
        for n, outcome in enumerate(outcomes):
            if outcome.status == "pending" and outcome.waiting == 0:
                run.assemble(n)
        pool.synthesize(todo, cache, run.done, wanted=run.wanted)
    finally:
        progress.close()
        run.finish()
    return outcomes


def _prepare_all(sources: Sequence[str], load: Callable[[str], Script], voices: VoiceConfig, opts: RenderOptions,
                 engine: Engine, cache: SegmentCache, root: Path, force: bool) -> list[Outcome]:
    """Read and plan every source (in order, each alone: a failure is that source's outcome). Two
    scripts with the same title get folders ``slug`` and ``slug-2``."""
    outcomes, taken = [], set()
    for n, source in enumerate(sources):
        outcome = Outcome(source)
        outcomes.append(outcome)
        try:
            script = load(source)
            slug = base = episode_slug(script)
            k = 1
            while slug in taken:
                k += 1
                slug = f"{base}-{k}"
            taken.add(slug)
            outcome.outdir = root / slug
            prepared = prepare(script, voices, replace(opts, outdir=outcome.outdir), engine, cache, group=n)
            report = None if force else finished(prepared.spec)
            if report is not None:
                outcome.status, outcome.report = "unchanged", report
                continue
            check_writable(outcome.outdir)
            outcome.prepared, outcome.waiting = prepared, len(prepared.todo)
        except VoicecastError as exc:
            outcome.status, outcome.error = "failed", str(exc)
    return outcomes


def _shared_jobs(outcomes: list[Outcome]) -> tuple[list[Job], dict[str, list[int]]]:
    """One job per missing sentence across the episodes (in the first episode that says it), and
    which episodes wait for each."""
    todo: list[Job] = []
    waiting: dict[str, list[int]] = {}
    for n, outcome in enumerate(outcomes):
        for job in outcome.prepared.todo if outcome.prepared else ():
            key = job.segment.key
            if key not in waiting:
                waiting[key] = []
                todo.append(job)
            waiting[key].append(n)
    return todo, waiting


class _Run:
    """The bookkeeping of one catalogue run: which episode waits for what, and the assembler thread."""

    def __init__(self, outcomes: list[Outcome], waiting: dict[str, list[int]], cache: SegmentCache,
                 progress: CatalogueProgress, on_assembled: Callable[[Path], object] | None = None):
        self.outcomes = outcomes
        self.on_assembled = on_assembled
        self.waiting = waiting
        self.cache = cache
        self.progress = progress
        self.assembler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assemble")
        self.dropped: set[str] = set()  # sentences no episode waits for any more (taken off the bar)
        self.reported: set[str] = set()

    def wanted(self, job: Job) -> bool:
        return self._wanted(job.segment.key)

    def _wanted(self, key: str) -> bool:
        return any(self.outcomes[n].status == "pending" for n in self.waiting[key])

    def done(self, job: Job, error: BaseException | None) -> None:
        for n in self.waiting[job.segment.key]:
            outcome = self.outcomes[n]
            if outcome.status != "pending":
                continue
            if error is not None:
                self.fail(n, failure_message(replace(job, where=f"{outcome.source}: {job.where}"), error))
                continue
            outcome.waiting -= 1
            if outcome.waiting == 0:
                self.assemble(n)
        self.reported.add(job.segment.key)
        if error is None and job.segment.key not in self.dropped:
            self.progress.advance(job.where)

    def fail(self, n: int, error: BaseException) -> None:
        outcome = self.outcomes[n]
        outcome.status = "failed"
        outcome.error = (str(error) if isinstance(error, VoicecastError)
                         else f"{outcome.source}: {type(error).__name__}: {error}")
        gone = {key for key, eps in self.waiting.items()
                if n in eps and key not in self.reported and key not in self.dropped and not self._wanted(key)}
        self.dropped |= gone
        self.progress.total(-len(gone))
        self.progress.note(outcome)

    def assemble(self, n: int) -> None:
        outcome = self.outcomes[n]
        outcome.status = "assembling"
        self.assembler.submit(self._assemble, n)

    def _assemble(self, n: int) -> None:
        outcome = self.outcomes[n]
        assert outcome.prepared is not None
        try:
            outcome.report = write_episode_folder(outcome.prepared.spec, self.cache)
            if self.on_assembled is not None:
                self.on_assembled(outcome.prepared.outdir)
            outcome.status = "rendered"
        except Exception as exc:  # one episode's failure is its own; the others go on
            outcome.status, outcome.error = "failed", f"{outcome.source}: {exc}"
        outcome.prepared = None  # its plans are no longer needed
        self.progress.note(outcome)

    def finish(self) -> None:
        """Wait for the episodes being assembled; episodes still waiting for sentences (a stop or
        Ctrl-C) are failed as not finished."""
        self.assembler.shutdown(wait=True)
        for outcome in self.outcomes:
            if outcome.status == "pending":
                outcome.status, outcome.error = "failed", f"{outcome.source}: not finished (the run stopped)"
