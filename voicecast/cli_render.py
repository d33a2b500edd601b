"""``voicecast render``: parse the script, render it with a progress bar, publish it to its show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli import _load, _voices, cli, from_option, refetch_option, voices_option
from .report import RenderReport


@cli.command()
@click.argument("script", type=click.Path(dir_okay=False))
@voices_option
@click.option("--engine", "engine_name", default=None, help="Speech engine (default: voices.yaml's `engine`).")
@click.option("-o", "--outdir", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: output/<script-slug>/).")
@click.option("--chapter", "chapters", multiple=True, help="Only synthesize this chapter (number or title); repeatable.")
@click.option("--format", "formats", default="mp3,m4b", show_default=True, help="Episode formats: mp3, m4b.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Chunks synthesized at once (default: kokoro one per core, at most 4; edge 4).")
@click.option("--base-url", default=None,
              help="The show feed's address, e.g. http://192.168.1.20:8000 (remembered in OUTROOT/show.json).")
@click.option("-q", "--quiet", "quiet_here", is_flag=True, help="No progress bar or summary.")
@from_option
@refetch_option
@click.pass_context
def render(ctx, script, voices_path, engine_name, outdir, chapters, formats, jobs, base_url, quiet_here, fmt, refetch):
    """Render SCRIPT (a transcript, document, e-book or web page URL) into a chaptered podcast episode."""
    from .feed import check_base_url
    from .render import RenderOptions
    from .render import render as run_render
    from .show import publish_episode

    quiet = quiet_here or ctx.obj.get("quiet", False)
    voices = _voices(voices_path)
    parsed = _load(script, fmt, voices, refetch=refetch)
    if base_url:
        check_base_url(base_url)  # before any synthesis, not after it
    opts = RenderOptions(outdir=Path(outdir) if outdir else None, engine=engine_name, chapters=list(chapters),
                         formats=tuple(f.strip() for f in formats.split(",") if f.strip()), jobs=jobs)
    progress = _progress(quiet)
    report = run_render(parsed, voices, opts, progress)
    publish_episode(Path(report.outdir), base_url, progress.stage)
    _summary(report, quiet)


def _progress(quiet: bool) -> Any:
    """A tqdm bar over the chunks to synthesize (silent with --quiet or without a TTY)."""
    from .progress import bar
    from .render import Progress

    state: dict[str, Any] = {}

    def start(total: int) -> None:
        state["bar"] = bar(total, "synthesizing", quiet, unit="chunk")

    def advance(chapter_title: str) -> None:
        b = state.get("bar")
        if b is not None:
            b.set_description_str(chapter_title[:24], refresh=False)
            b.update(1)

    def close() -> None:
        if state.get("bar") is not None:
            state.pop("bar").close()

    def stage(message: str) -> None:
        if not quiet and sys.stderr.isatty():
            click.echo(f"{message}…", err=True)

    return Progress(start=start, advance=advance, close=close, stage=stage)


def _summary(report: RenderReport, quiet: bool) -> None:
    if report.unspoken:  # a warning, shown even with --quiet
        from .speakable import describe

        lines = sorted({u.line for u in report.unspoken if u.line})
        click.echo(f"warning: not spoken (no voice can say them): {describe([u.text for u in report.unspoken])}"
                   f" (lines {', '.join(map(str, lines[:10]))}; `voicecast check` lists them)", err=True)
    if not quiet:
        minutes, seconds = divmod(report.duration_ms // 1000, 60)
        click.echo(f"rendered {report.title!r}: {len(report.chapters)} chapters, {minutes}:{seconds:02d}, "
                   f"{report.synthesized} synthesized, {report.cached} cached", err=True)
        click.echo(f"  {report.outdir}/", err=True)
        for name in report.files:
            click.echo(f"    {name}", err=True)
