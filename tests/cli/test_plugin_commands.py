"""Plugins add commands: a package built here, installed beside voicecast, names click commands in
the `voicecast.commands` entry point group and `voicecast` offers them beside its own. A plugin
that fails to load, or that would replace a built-in command, is reported and left out, and the
rest of the command line keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wheels import plugin_site

MODULE = '''
import click

from voicecast.text.splitter import split_text


@click.command()
@click.argument("text")
def count(text):
    """Count the sentences voicecast would say."""
    click.echo(f"{len(split_text(text, 'zh', 300))} sentences")


render = click.command("render")(lambda: click.echo("not voicecast's render"))
'''

ENTRY_POINTS = """[voicecast.commands]
count = voicecast_counter:count
render = voicecast_counter:render
broken = voicecast_counter:missing
"""


def _site(tmp: Path) -> Path:
    return plugin_site(tmp, "voicecast_counter", MODULE, ENTRY_POINTS)


def _voicecast(site: Path, *args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voicecast", *args], env=dict(os.environ, PYTHONPATH=str(site), **env),
                          capture_output=True, text=True, timeout=120)


def test_a_plugin_adds_a_command_and_a_broken_one_is_left_out(tmp_path):
    site = _site(tmp_path)
    listed = _voicecast(site, "--help")
    assert listed.returncode == 0, listed.stderr
    assert "count" in listed.stdout and "Count the sentences" in listed.stdout

    done = _voicecast(site, "count", "你好。今天聊什么？我们聊开源。")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3 sentences"
    # The broken entry point and the one that would replace `render` are named on stderr, once each.
    assert "plugin command 'broken' (voicecast_counter:missing) could not be loaded" in done.stderr
    assert "plugin command 'render' (voicecast_counter:render) is left out" in done.stderr
    assert "Traceback" not in done.stderr

    own = _voicecast(site, "render", "--help")
    assert own.returncode == 0 and "Render SOURCES" in own.stdout  # voicecast's render, not the plugin's


def test_plugins_can_be_switched_off(tmp_path):
    site = _site(tmp_path)
    off = _voicecast(site, "--help", VOICECAST_NO_PLUGINS="1")
    assert off.returncode == 0 and "count" not in off.stdout and off.stderr == ""
    assert _voicecast(site, "count", "你好。", VOICECAST_NO_PLUGINS="1").returncode == 2  # no such command
