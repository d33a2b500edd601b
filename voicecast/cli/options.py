"""What the commands share: the group class that turns library errors into one clear line, the
options several commands take, and loading voices.yaml, a script and an engine for a command."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import VoicecastError
from ..parsing import FORMATS, parse_file
from ..parsing.trace import Trace
from ..planning.voices import VoiceConfig, load_voices
from ..settings import Settings, current
from ..text.script import Script

DEFAULT_VOICES = "voices.yaml"
# How the command line spells the options that library errors name by meaning (errors.option).
CLI_FLAGS = {"outdir": "-o OUTDIR", "voices": "--voices FILE", "base_url": "--base-url", "chapter": "--chapter",
             "image": "--image", "voice": "--voice"}


class Group(click.Group):
    """Turns every VoicecastError into one clear line and exit code 1 (2 is click's, for usage)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VoicecastError as exc:
            raise click.ClickException(exc.for_cli(CLI_FLAGS)) from None
        except OSError as exc:  # the file system refused a path a command was given or derived
            if exc.filename is None:
                raise
            raise click.ClickException(os_message(exc)) from None


def os_message(exc: OSError) -> str:
    """One line naming the path the system refused, why, and what to do."""
    path = exc.filename if exc.filename2 is None else f"{exc.filename} → {exc.filename2}"
    return f"{path}: {exc.strerror or exc}; check that the path exists, is a folder where a folder is needed, " \
           "and is writable"


def voice_config(path: str | None) -> VoiceConfig:
    if path is None and Path(DEFAULT_VOICES).is_file():
        path = DEFAULT_VOICES
    return load_voices(path)


def load_script(file: str, fmt: str | None, voices: VoiceConfig, trace: Trace | None = None, refetch: bool = False) -> Script:
    return parse_file(file, fmt=fmt, known_speakers=voices.known_speakers(), trace=trace, refetch=refetch,
                      pages=current_settings().pages_dir)


voices_option = click.option("--voices", "voices_path", type=click.Path(dir_okay=False), default=None,
                             help="voices.yaml to use (default: ./voices.yaml if present).")
refetch_option = click.option("--refetch", is_flag=True,
                               help="Download a URL again instead of using the copy kept from the last time.")
from_option = click.option("--from", "fmt", type=click.Choice(FORMATS), default=None,
                           help="Source format; detected automatically when not given.")


def owned(resource):
    """``resource`` (an engine, a pool) is closed when the command ends, however it ends: click
    closes the root context after the command returns or raises, before an error is printed and
    the process exits. The one place every exit frees models and joins the threads loading them (a
    model still loading in a native thread when the interpreter exits aborts the process)."""
    click.get_current_context().find_root().call_on_close(resource.close)
    return resource


def current_settings() -> Settings:
    """The settings (paths, endpoints, graph choice), read from the environment once per command:
    the command line is the one place that reads them; everything below is handed the values."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is None:
        return current()
    kept = root.ensure_object(dict)
    if "settings" not in kept:
        kept["settings"] = current()
    return kept["settings"]


def open_engine(name: str):
    from ..engines import create_engine

    return owned(create_engine(name, current_settings()))
