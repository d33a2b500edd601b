"""The ``voicecast`` command: the group, its commands (one module per group of commands) and the
commands that plugins add. The only place that prints, configures logging or sets exit codes."""

from __future__ import annotations

import logging

import click

from .. import __version__
from ..engines.base import want_plugins
from . import models, render, show, speech, text
from .options import Group, current_settings
from .plugins import add_plugin_commands


@click.group(cls=Group)
@click.version_option(__version__, prog_name="voicecast")
@click.option("-v", "--verbose", is_flag=True, help="Log what voicecast is doing.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
@click.pass_context
def cli(ctx, verbose: bool, quiet: bool):
    """Turn interviews and transcripts into podcast-style audio."""
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    # Libraries' own warnings (pypdf's "EOF marker not found" before voicecast's one clear line) are
    # for --verbose; voicecast's warnings are shown.
    logging.basicConfig(level=level if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("voicecast").setLevel(level)
    ctx.ensure_object(dict)["quiet"] = quiet




for command in (speech.say, speech.voices_cmd, speech.pinyin_cmd, text.parse, text.import_, text.check,
                render.render, show.feed_cmd, show.serve_cmd, models.models, models.cache):
    cli.add_command(command)
# Whether plugins load is known before any command runs (their commands join the group here).
_PLUGINS = current_settings().plugins
want_plugins(_PLUGINS)
add_plugin_commands(cli, _PLUGINS)


def main():  # pragma: no cover - console entry point
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
