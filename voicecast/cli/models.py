"""``voicecast models``: the offline engine's model and voice packs (pulled on first use, or here)."""

from __future__ import annotations

import json

import click

from .options import current_settings


@click.group()
def models():
    """Install and list the offline engine's model and voices."""


@models.command("pull")
@click.option("--voice", "voice_names", multiple=True, help="Only these voices (default: all 54).")
@click.pass_context
def models_pull(ctx, voice_names):
    """Download/assemble the Kokoro model and voice packs into the models dir, verified by SHA-256."""
    from ..engines.kokoro import graph as kokoro_graph
    from ..engines.kokoro.model import ModelStore
    from .progress import byte_progress

    quiet = ctx.obj.get("quiet", False)
    here = current_settings()
    store = ModelStore.from_settings(here)
    progress = byte_progress("model", quiet)
    path = store.ensure_model(progress=progress)
    progress.close()
    progress = byte_progress("voices", quiet)
    vdir = store.ensure_voices(list(voice_names) or None, progress=progress)
    progress.close()
    # The faster graph, built once here, not on first use.
    graph = kokoro_graph.model_for_session(path, here.kokoro_rewrite)
    click.echo(f"model:  {path}\ngraph:  {graph}\nvoices: {vdir}")


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def models_list(as_json):
    """Show what is installed in the models dir."""
    from ..engines.kokoro import graph as kokoro_graph
    from ..engines.kokoro.model import ModelStore

    store = ModelStore.from_settings(current_settings())
    info = store.installed()
    info["model"]["rewritten"] = info["model"]["installed"] and kokoro_graph.ready(store.model_path())
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    model = info["model"]
    click.echo(f"models dir: {info['models_dir']}")
    click.echo(f"model:      {'installed' if model['installed'] else 'not installed'}  {model['file']}")
    if model["installed"]:
        state = "built" if model["rewritten"] else "not built yet (built on first use)"
        click.echo(f"fast graph: {state}  {kokoro_graph.rewritten_path(store.model_path())}")
    click.echo(f"voices:     {len(info['voices'])}/{info['voices_total']} installed")
    if info["voices"]:
        click.echo("            " + " ".join(info["voices"]))
    if not model["installed"] or len(info["voices"]) < info["voices_total"]:
        click.echo("run `voicecast models pull` to install the rest (it also happens on first use)")


@click.group()
def cache():
    """Inspect and prune the segment cache."""


@cache.command("info")
def cache_info():
    """Show where the cache is and how big."""
    from ..synthesis.cache import SegmentCache

    info = SegmentCache(current_settings().cache_dir).info()
    click.echo(f"{info.path}: {info.segments} segments, {info.bytes / 1e6:.1f} MB")


@cache.command("prune")
@click.option("--older-than", "days", type=float, default=None, help="Remove segments unused for this many days.")
@click.option("--max-size", "max_mb", type=float, default=None, help="Then keep at most this many MB (least recently used go).")
def cache_prune(days, max_mb):
    """Remove old segments."""
    from ..synthesis.cache import SegmentCache

    if days is None and max_mb is None:
        raise click.UsageError("give --older-than DAYS and/or --max-size MB")
    removed, freed = SegmentCache(current_settings().cache_dir).prune(days, int(max_mb * 1e6) if max_mb is not None else None)
    click.echo(f"removed {removed} segments, {freed / 1e6:.1f} MB")
