"""``voicecast models``: the offline engine's model and voice packs (pulled on first use, or here)."""

from __future__ import annotations

import json

import click

from .cli import cli


@cli.group()
def models():
    """Install and list the offline engine's model and voices."""


@models.command("pull")
@click.option("--voice", "voice_names", multiple=True, help="Only these voices (default: all 54).")
@click.pass_context
def models_pull(ctx, voice_names):
    """Download/assemble the Kokoro model and voice packs into the models dir, verified by SHA-256."""
    from . import assets
    from .progress import byte_progress

    quiet = ctx.obj.get("quiet", False)
    progress = byte_progress("model", quiet)
    path = assets.ensure_model(progress=progress)
    progress.close()
    progress = byte_progress("voices", quiet)
    vdir = assets.ensure_voices(list(voice_names) or None, progress=progress)
    progress.close()
    from .engines import kokoro_graph

    graph = kokoro_graph.model_for_session(path)  # the faster graph, built once here, not on first use
    click.echo(f"model:  {path}\ngraph:  {graph}\nvoices: {vdir}")


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def models_list(as_json):
    """Show what is installed in the models dir."""
    from . import assets
    from .engines import kokoro_graph

    info = assets.installed()
    info["model"]["rewritten"] = info["model"]["installed"] and kokoro_graph.ready(assets.model_path())
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    model = info["model"]
    click.echo(f"models dir: {info['models_dir']}")
    click.echo(f"model:      {'installed' if model['installed'] else 'not installed'}  {model['file']}")
    if model["installed"]:
        state = "built" if model["rewritten"] else "not built yet (built on first use)"
        click.echo(f"fast graph: {state}  {kokoro_graph.rewritten_path()}")
    click.echo(f"voices:     {len(info['voices'])}/{info['voices_total']} installed")
    if info["voices"]:
        click.echo("            " + " ".join(info["voices"]))
    if not model["installed"] or len(info["voices"]) < info["voices_total"]:
        click.echo("run `voicecast models pull` to install the rest (it also happens on first use)")
