"""``voicecast feed`` and ``voicecast serve``: the show root as a podcast feed, over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import current_settings


def _root(outroot: str | None) -> Path:
    return Path(outroot) if outroot else current_settings().output_dir


@click.command("feed")
@click.argument("outroot", required=False, type=click.Path(file_okay=False))
@click.option("--base-url", default=None, help="Where the show is served, e.g. https://example.com/podcast.")
@click.option("--title", default=None, help="The show's title.")
@click.option("--description", default=None, help="The show's description.")
@click.option("--author", default=None, help="The show's author.")
@click.option("--language", default=None, help="The show's language: zh-cn, zh-tw, en, …")
@click.option("--image", default=None, help="Cover image: a file in OUTROOT or an absolute URL (1400×1400 or more).")
def feed_cmd(outroot, base_url, title, description, author, language, image):
    """Set the show's details and rewrite OUTROOT/feed.xml (default OUTROOT: output/)."""
    from ..show.publish import update_show

    root = _root(outroot)
    if image and "://" not in image:
        src = Path(image)
        if src.is_file() and src.resolve().parent != root.resolve():
            from ..atomic import write_atomic

            write_atomic(root / src.name, src.read_bytes())
        image = src.name
    path, show, episodes = update_show(root, base_url, title=title, description=description, author=author,
                                       language=language, image=image)
    click.echo(f"{path}: {len(episodes)} episodes, served from {show.base_url or 'http://localhost:8000'}")


@click.command("serve")
@click.argument("outroot", required=False, type=click.Path(file_okay=False))
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option("--no-qr", is_flag=True, help="Do not print the QR code.")
@click.pass_context
def serve_cmd(ctx, outroot, host, port, no_qr):
    """Serve OUTROOT's feed, episodes and pages to phones on this network (read-only)."""
    from ..errors import VoicecastError
    from ..show.publish import update_show
    from ..show.serve import lan_address, serve

    root = _root(outroot)
    if not root.is_dir():
        raise VoicecastError(f"{root}: no such folder; render an episode first (voicecast render SCRIPT)")
    _, _, episodes = update_show(root)  # pages and cover up to date before the first visitor
    quiet = ctx.obj.get("quiet", False)

    def ready(bound_host: str, bound_port: int) -> None:
        shown = lan_address() if bound_host in ("0.0.0.0", "::", "") else bound_host
        base = f"http://{shown}:{bound_port}"
        click.echo(f"serving {root}/ ({len(episodes)} episodes) at {base}/")
        click.echo(f"feed: {base}/feed.xml")
        if not quiet and not no_qr:
            import segno

            click.echo("scan with the phone's camera, then open the feed in a podcast app:")
            segno.make(f"{base}/feed.xml", error="m").terminal(out=sys.stdout, compact=True)
        click.echo("Ctrl-C stops the server.")
        sys.stdout.flush()

    try:
        serve(root, host, port, ready)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise VoicecastError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pass another --port "
                             "or --host") from None
