"""The ``voicecast`` command. The only place that prints, configures logging or sets exit codes."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from . import __version__
from .errors import VoicecastError
from .parsing import FORMATS, parse_file
from .parsing.trace import Trace
from .script import Script
from .settings import DEFAULT_ENGINE
from .splitter import Pause, split_text
from .voices import VoiceConfig, load_voices

DEFAULT_VOICES = "voices.yaml"
# How the command line spells the options that library errors name by meaning (errors.option).
CLI_FLAGS = {"outdir": "-o OUTDIR", "voices": "--voices FILE", "base_url": "--base-url", "chapter": "--chapter",
             "image": "--image", "voice": "--voice"}


class _Group(click.Group):
    """Turns every VoicecastError into one clear line and exit code 1 (2 is click's, for usage)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VoicecastError as exc:
            raise click.ClickException(exc.for_cli(CLI_FLAGS)) from None
        except OSError as exc:  # the file system refused a path a command was given or derived
            if exc.filename is None:
                raise
            raise click.ClickException(_os_message(exc)) from None


def _os_message(exc: OSError) -> str:
    """One line naming the path the system refused, why, and what to do."""
    path = exc.filename if exc.filename2 is None else f"{exc.filename} → {exc.filename2}"
    return f"{path}: {exc.strerror or exc}; check that the path exists, is a folder where a folder is needed, " \
           "and is writable"


def _voices(path: str | None) -> VoiceConfig:
    if path is None and Path(DEFAULT_VOICES).is_file():
        path = DEFAULT_VOICES
    return load_voices(path)


def _load(file: str, fmt: str | None, voices: VoiceConfig, trace: Trace | None = None, refetch: bool = False) -> Script:
    return parse_file(file, fmt=fmt, known_speakers=voices.known_speakers(), trace=trace, refetch=refetch)


voices_option = click.option("--voices", "voices_path", type=click.Path(dir_okay=False), default=None,
                             help="voices.yaml to use (default: ./voices.yaml if present).")
refetch_option = click.option("--refetch", is_flag=True,
                               help="Download a URL again instead of using the copy kept from the last time.")
from_option = click.option("--from", "fmt", type=click.Choice(FORMATS), default=None,
                           help="Source format; detected automatically when not given.")


@click.group(cls=_Group)
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


# ---------------------------------------------------------------- speech


def owned(resource):
    """``resource`` (an engine, a pool) is closed when the command ends, however it ends: click
    closes the root context after the command returns or raises, before an error is printed and
    the process exits. The one place every exit frees models and joins the threads loading them (a
    model still loading in a native thread when the interpreter exits aborts the process)."""
    click.get_current_context().find_root().call_on_close(resource.close)
    return resource


def _engine(name: str):
    from .engines import create_engine

    return owned(create_engine(name))


@cli.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "text_file", type=click.Path(dir_okay=False, exists=True), help="Read the text from FILE.")
@click.option("--voice", default=None, help="Voice name (default: the narrator's voice for the text's language).")
@click.option("--engine", "engine_name", default=DEFAULT_ENGINE, show_default=True, help="Speech engine.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True,
              help="Speaking speed (engines with a speed option).")
@click.option("--english-mix", type=click.FloatRange(0.0, 1.0), default=None,
              help="Kokoro: how far a Mandarin voice leans toward an English voice in sentences with English "
                   "words (0 = off; default 0.5).")
@click.option("--english-voice", default="",
              help="Kokoro: that English voice (default: the one paired with the Mandarin voice).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="WAV file to write.")
@voices_option
@click.pass_context
def say(ctx, text, text_file, voice, engine_name, speed, english_mix, english_voice, output, voices_path):
    """Speak TEXT (or the text of FILE) into a WAV file."""
    from .audio_io import write_wav
    from .lang import detect_lang
    from .progress import bar
    from .say import SayOptions, speak_pieces
    from .speakable import describe, split_speakable

    if text_file:
        text = Path(text_file).read_text(encoding="utf-8")
    if text is None:
        raise click.UsageError("give TEXT or -f FILE")
    voices = _voices(voices_path)
    engine = _engine(engine_name)
    pieces = split_text(" ".join(text.split()), detect_lang(text), max_chars=engine.max_chars)
    count = sum(1 for p in pieces if not isinstance(p, Pause))
    dropped = split_speakable(text)[1]
    if not count:
        what = f" (it has only {describe(dropped)})" if dropped else ""
        raise click.ClickException(f"nothing to say in {'the file' if text_file else 'TEXT'}{what}: give text with "
                                   "Mandarin or English words or numbers")
    quiet = ctx.obj.get("quiet", False)
    if dropped and not quiet:
        click.echo(f"warning: not spoken (no voice can say them): {describe(dropped)}", err=True)
    given = {"speed": speed, "english_mix": english_mix, "english_voice": english_voice or None}
    opts = SayOptions(voice=voice, options={k: v for k, v in given.items() if v is not None})
    with bar(count, "speaking", quiet, unit="sentence") as progress:
        audio = speak_pieces(pieces, engine, engine_name, voices, opts, lambda: progress.update(1))
    out = write_wav(output, audio, engine.sample_rate)
    if not quiet:
        click.echo(f"wrote {out}: {len(audio) / engine.sample_rate:.2f} s, {engine.sample_rate} Hz", err=True)


@cli.command("voices")
@click.option("--engine", "engine_name", default=DEFAULT_ENGINE, show_default=True, help="Engine whose voices to list.")
@click.option("--lang", default=None, help="Only voices for this language (zh, en, ja, …).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def voices_cmd(engine_name, lang, as_json):
    """List the voices an engine offers."""
    engine = _engine(engine_name)
    found = [v for v in engine.voices() if lang is None or v.lang.lower() == lang.lower()
             or v.lang.lower().startswith(lang.lower() + "-")]
    source = getattr(engine, "voices_source", "")
    if source and source != "service":
        click.echo(f"voices from the {source}", err=True)
    if as_json:
        click.echo(json.dumps([v.__dict__ for v in found], ensure_ascii=False, indent=2))
        return
    for v in found:
        click.echo(f"{v.name:<34} {v.lang:<6} {v.gender:<7} {v.description}".rstrip())


@cli.command("pinyin")
@click.argument("text", required=False)
@click.option("-f", "--file", "text_file", type=click.Path(dir_okay=False, exists=True), help="Read lines from FILE.")
@click.option("--spoken", is_flag=True, help="Show the reading after tone sandhi (what is said).")
@click.option("--json", "as_json", is_flag=True, help="One JSON array per input line: [{char, pinyin}, …].")
@voices_option
def pinyin_cmd(text, text_file, spoken, as_json, voices_path):
    """Show how voicecast reads Mandarin: the pinyin of each Han character (tone numbers, 5 = neutral)."""
    from .normalize import to_simplified
    from .pinyin import readings
    from .pinyin import spoken as sandhi

    if text_file:
        lines = Path(text_file).read_text(encoding="utf-8").splitlines()
    elif text:
        lines = text.splitlines() or [text]
    else:
        raise click.UsageError("give TEXT or -f FILE")
    voices = _voices(voices_path)
    lexicon = voices.lexicon_for("zh")
    for line in lines:
        # Readings come from the Simplified form; the characters shown are the ones given.
        reads = readings(to_simplified(line), lexicon) if line else []
        if spoken:
            reads = sandhi(reads)
        pairs = [(ch, r.pinyin) for ch, r in zip(line, reads, strict=False) if r.pinyin]
        if as_json:
            click.echo(json.dumps([{"char": ch, "pinyin": py} for ch, py in pairs], ensure_ascii=False))
        else:
            click.echo(" ".join(py for _, py in pairs))


# ---------------------------------------------------------------- render


@cli.group()
def cache():
    """Inspect and prune the segment cache."""


@cache.command("info")
def cache_info():
    """Show where the cache is and how big."""
    from .cache import SegmentCache

    info = SegmentCache().info()
    click.echo(f"{info.path}: {info.segments} segments, {info.bytes / 1e6:.1f} MB")


@cache.command("prune")
@click.option("--older-than", "days", type=float, default=None, help="Remove segments unused for this many days.")
@click.option("--max-size", "max_mb", type=float, default=None, help="Then keep at most this many MB (least recently used go).")
def cache_prune(days, max_mb):
    """Remove old segments."""
    from .cache import SegmentCache

    if days is None and max_mb is None:
        raise click.UsageError("give --older-than DAYS and/or --max-size MB")
    removed, freed = SegmentCache().prune(days, int(max_mb * 1e6) if max_mb is not None else None)
    click.echo(f"removed {removed} segments, {freed / 1e6:.1f} MB")


from . import cli_models, cli_render, cli_show, cli_text  # noqa: E402,F401 - register the other commands


def main():  # pragma: no cover - console entry point
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
