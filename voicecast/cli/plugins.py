"""Commands that plugins add: every entry point in the ``voicecast.commands`` group names a click
command or group, which joins ``voicecast``'s own (as llm's and beets' plugins do). A plugin that
fails to load is reported on stderr and left out; the other commands keep working."""

from __future__ import annotations

from importlib.metadata import entry_points

import click

GROUP = "voicecast.commands"


def add_plugin_commands(group: click.Group, wanted: bool = True) -> list[str]:
    """Add each plugin's command to ``group`` under the entry point's name; the names added (none
    where not ``wanted``). A plugin may not replace a built-in command."""
    if not wanted:
        return []
    added = []
    for ep in entry_points(group=GROUP):
        if ep.name in group.commands:
            click.echo(f"voicecast: plugin command {ep.name!r} ({ep.value}) is left out: voicecast has a "
                       "command of that name", err=True)
            continue
        try:
            command = ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not take the CLI down
            click.echo(f"voicecast: plugin command {ep.name!r} ({ep.value}) could not be loaded: {exc}", err=True)
            continue
        if not isinstance(command, click.Command):
            click.echo(f"voicecast: plugin command {ep.name!r} ({ep.value}) is not a click command", err=True)
            continue
        group.add_command(command, ep.name)
        added.append(ep.name)
    return added
