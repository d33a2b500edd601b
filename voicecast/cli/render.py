"""``voicecast render``: parse the script, render it with a progress bar, publish it to its show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..engines.base import DEVICES
from ..episode.report import RenderReport
from ..planning.voices import VoiceConfig
from .options import (
    current_settings,
    from_option,
    load_script,
    open_engine,
    owned,
    refetch_option,
    voice_config,
    voices_option,
)

if TYPE_CHECKING:
    from ..catalogue import Outcome


@click.command()
@click.argument("sources", nargs=-1, required=True)
@voices_option
@click.option("--engine", "engine_name", default=None, help="Speech engine (default: voices.yaml's `engine`).")
@click.option("-o", "--outdir", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: output/<script-slug>/); with several scripts, the show's folder "
                   "(default: output/), one episode folder in it each.")
@click.option("--chapter", "chapters", multiple=True, help="Only synthesize this chapter (number or title); repeatable.")
@click.option("--format", "formats", default="mp3,m4b", show_default=True, help="Episode formats: mp3, m4b.")
@click.option("--stems", is_flag=True, help="Also write stems/: one FLAC per speaker and one for the music, each "
                                            "as long as the episode and aligned to it, for a mix in an editor.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Chunks synthesized at once (default: kokoro one per core, at most 4; edge 4).")
@click.option("--base-url", default=None,
              help="The show feed's address, e.g. http://192.168.1.20:8000 (remembered in OUTROOT/show.json).")
@click.option("--ray", "ray_address", default=None, metavar="auto|ADDRESS",
              help="Synthesize on a Ray cluster: `auto` (the one started here with `ray start`) or its address.")
@click.option("--ray-gpus", type=click.FloatRange(0, 64), default=0.0, show_default=True,
              help="With --ray: the GPUs each engine actor takes (0: CPU actors).")
@click.option("--device", type=click.Choice(DEVICES), default=None,
              help="Where the engine runs (default: voices.yaml's `device`, else auto: an NVIDIA GPU when "
                   "onnxruntime-gpu can use one). With --ray: the actors' device (default: cuda with --ray-gpus).")
@click.option("--force", is_flag=True, help="With several scripts: render episodes again even when nothing changed.")
@click.option("--verify", is_flag=True, help="Hear every sentence with Whisper (pip install \"voicecast[verify]\"), "
              "synthesize the ones not heard right again with other settings, and list what still fails.")
@click.option("-q", "--quiet", "quiet_here", is_flag=True, help="No progress bar or summary.")
@from_option
@refetch_option
@click.pass_context
def render(ctx, sources, voices_path, engine_name, outdir, chapters, formats, stems, jobs, base_url, ray_address,
           ray_gpus, device, force, verify, quiet_here, fmt, refetch):
    """Render SOURCES (transcripts, documents, e-books, web page URLs, or folders of them) into
    chaptered podcast episodes. One script renders into its episode folder; several, or a folder,
    render a whole catalogue into one show (unchanged episodes are skipped)."""
    from ..render import RenderOptions
    from ..show.feed import check_base_url

    quiet = quiet_here or ctx.obj.get("quiet", False)
    voices = voice_config(voices_path)
    if base_url:
        check_base_url(base_url)  # before any synthesis, not after it
    here = current_settings()
    opts = RenderOptions(outdir=Path(outdir) if outdir else None, root=here.output_dir, engine=engine_name,
                         chapters=list(chapters), formats=tuple(f.strip() for f in formats.split(",") if f.strip()),
                         jobs=jobs, device=device, settings=here, stems=stems, verify=verify)
    one = len(sources) == 1 and not Path(sources[0]).is_dir()
    if chapters and not one:
        raise click.UsageError("--chapter selects chapters of one script; give one script, or leave it out")
    if verify and not one:
        raise click.UsageError("--verify checks one script's render; give one script")
    parsed = load_script(sources[0], fmt, voices, refetch=refetch) if one else None  # a bad script: before any start-up
    # The engine a render makes is closed (its model freed) before assembly; a catalogue or a Ray
    # driver makes one here and shares it; both are closed when the command ends (cli.owned), the
    # pool first.
    engine = None if one and not ray_address else open_engine(opts.engine or voices.engine)
    pool = None if engine is None else owned(_pool(engine, opts.jobs, ray_address, ray_gpus, device or voices.device))
    if parsed is not None:
        _render_one(parsed, voices, opts, engine, pool, base_url, quiet)
        return
    failed = _render_many(sources, voices, opts, fmt, refetch, base_url, force, quiet, engine, pool)
    ctx.exit(1 if failed else 0)


def _pool(engine: Any, jobs: int | None, ray_address: str | None, ray_gpus: float, device: str) -> Any:
    """Where sentences are synthesized: this machine's threads on ``device``, or a Ray cluster's
    actors (on the GPU when they take one)."""
    from ..synthesis.pool import LocalPool

    if not ray_address:
        engine.use_device(device)
        return LocalPool(engine, jobs)
    from ..synthesis.raypool import RayPool

    where = device if device != "auto" else ("cuda" if ray_gpus > 0 else "cpu")
    engine.use_device(where, here=False)  # the actors run it: the driver only needs its identity
    return RayPool(engine.name, engine.identity(), engine.sample_rate, ray_address, gpus=ray_gpus, device=where,
                   settings=current_settings())


def _render_one(parsed: Any, voices: VoiceConfig, opts: Any, engine: Any, pool: Any, base_url: str | None,
                quiet: bool) -> None:
    from ..render import render as run_render
    from ..show.publish import publish_episode

    bar = _Bar(quiet)
    progress = _progress(bar)

    def published(folder: Path) -> None:  # a first render: each chapter, as soon as it is done
        publish_episode(folder, base_url, show_root=opts.root)
        bar.note(f"ready to play: {folder / 'index.html'} (the chapters so far; the feed lists them)")

    report = run_render(parsed, voices, opts, progress, engine=engine, pool=pool, published=published)
    publish_episode(Path(report.outdir), base_url, progress.stage, show_root=opts.root)
    _summary(report, quiet)


def _render_many(sources: tuple[str, ...], voices: VoiceConfig, opts: Any, fmt: str | None, refetch: bool,
                 base_url: str | None, force: bool, quiet: bool, engine: Any, pool: Any) -> int:
    """A catalogue: every script into the show at OUTDIR; returns how many failed."""
    from ..catalogue import expand_sources, render_catalogue
    from ..show.publish import update_show, write_episode_page
    from ..synthesis.cache import SegmentCache

    root = opts.outdir or opts.root
    names = expand_sources(sources, skip=root)
    outcomes = render_catalogue(names, lambda name: load_script(name, fmt, voices, refetch=refetch), voices, opts,
                                engine, pool, SegmentCache(opts.settings.cache_dir), _catalogue_progress(quiet), force,
                                write_episode_page)
    if any(o.status in ("rendered", "unchanged") for o in outcomes) or base_url:
        update_show(root, base_url, pages=False)
    return _catalogue_summary(outcomes, root, quiet)


class _Bar:
    """The tqdm bar over the chunks to synthesize (silent with --quiet or without a TTY)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: Any = None
        self.noted = False

    def start(self, total: int) -> None:
        from .progress import bar

        self.bar = bar(total, "synthesizing", self.quiet, unit="chunk")

    def advance(self, where: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(where[:24], refresh=False)
            self.bar.update(1)

    def retotal(self, delta: int) -> None:
        if self.bar is not None and delta:
            self.bar.total = max(self.bar.n, (self.bar.total or 0) + delta)
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def note(self, message: str) -> None:
        """A line above the bar (once per message kind, so a long render does not scroll)."""
        from .progress import want_progress

        if want_progress(self.quiet) and not self.noted:
            self.noted = True
            (self.bar.write if self.bar is not None else click.echo)(message, file=sys.stderr)

    def stage(self, message: str) -> None:
        from .progress import want_progress

        if want_progress(self.quiet):
            click.echo(f"{message}…", err=True)


def _progress(b: _Bar) -> Any:
    from ..render import Progress

    return Progress(start=b.start, advance=b.advance, close=b.close, stage=b.stage)


def _summary(report: RenderReport, quiet: bool) -> None:
    if report.unspoken:  # a warning, shown even with --quiet
        from ..text.speakable import describe

        lines = sorted({u.line for u in report.unspoken if u.line})
        click.echo(f"warning: not spoken (no voice can say them): {describe([u.text for u in report.unspoken])}"
                   f" (lines {', '.join(map(str, lines[:10]))}; `voicecast check` lists them)", err=True)
    for c in (c for c in report.verify.get("flagged", []) if not c["fixed_with"]):  # shown even with --quiet
        where = f"line {c['line']}" if c["line"] else c["where"]
        click.echo(f"warning: {where}: not heard right ({c['error']:.0%} of it wrong with every setting): "
                   f"{c['text'][:60]!r}, heard {c['heard'][:60]!r}", err=True)
    if not quiet:
        if report.verify:
            fixed = sum(1 for c in report.verify["flagged"] if c["fixed_with"])
            click.echo(f"verified {report.verify['checked']} sentences: {fixed} synthesized again and heard right, "
                       f"{report.verify['still_failing']} still wrong", err=True)
        click.echo(f"rendered {report.title!r}: {len(report.chapters)} chapters, {_clock(report.duration_ms)}, "
                   f"{report.synthesized} synthesized, {report.cached} cached", err=True)
        click.echo(f"  {report.outdir}/", err=True)
        for name in report.files:
            click.echo(f"    {name}", err=True)


def _catalogue_progress(quiet: bool) -> Any:
    """One bar over every episode's sentences (with the ETA), and a line per finished episode above it."""
    from tqdm import tqdm

    from ..catalogue import CatalogueProgress
    from .progress import want_progress

    b = _Bar(quiet)

    def note(outcome: Outcome) -> None:
        if want_progress(quiet):
            tqdm.write(_outcome_line(outcome), file=sys.stderr)

    return CatalogueProgress(start=b.start, advance=b.advance, stage=b.stage, close=b.close, note=note,
                             total=b.retotal)


def _outcome_line(outcome: Outcome) -> str:
    if outcome.status == "failed":
        said = outcome.error if outcome.source in outcome.error else f"{outcome.source}: {outcome.error}"
        return f"failed     {said}"
    report = outcome.report
    if report is None:
        return f"{outcome.status:<10} {outcome.source}"
    return (f"{outcome.status:<10} {outcome.source} → {outcome.outdir}/ ({len(report.chapters)} chapters, "
            f"{_clock(report.duration_ms)}, {report.synthesized} synthesized)")


def _clock(ms: int) -> str:
    minutes, seconds = divmod(ms // 1000, 60)
    return f"{minutes}:{seconds:02d}"


def _catalogue_summary(outcomes: list[Outcome], root: Path, quiet: bool) -> int:
    """Every episode's line (only the failures again when they were shown live above the bar, and
    even with --quiet); returns how many failed."""
    from .progress import want_progress

    failed = [o for o in outcomes if o.status == "failed"]
    shown = failed if quiet or want_progress(quiet) else outcomes
    for o in shown:
        click.echo(_outcome_line(o), err=True)
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("rendered", "unchanged", "failed")}
    if not quiet or failed:
        click.echo(f"catalogue: {counts['rendered']} rendered, {counts['unchanged']} unchanged, {counts['failed']} failed"
                   f" ({len(outcomes)} scripts) → {root}/", err=True)
    return len(failed)
