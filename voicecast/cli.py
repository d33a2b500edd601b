"""The ``voicecast`` command. The only place that prints, configures logging or sets exit codes."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .check import check_script
from .errors import VoicecastError
from .parsing import FORMATS, parse_file
from .script import Script
from .splitter import DEFAULT_MAX_CHARS, Pause, split_text
from .voices import VoiceConfig, load_voices
from .writer import to_markdown

DEFAULT_VOICES = "voices.yaml"


class _Group(click.Group):
    """Turns every VoicecastError into one clear line and exit code 2 (1 is for `check` findings)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VoicecastError as exc:
            raise click.ClickException(str(exc)) from None


def _voices(path: str | None) -> VoiceConfig:
    if path is None and Path(DEFAULT_VOICES).is_file():
        path = DEFAULT_VOICES
    return load_voices(path)


def _load(file: str, fmt: str | None, voices: VoiceConfig) -> Script:
    return parse_file(file, fmt=fmt, known_speakers=voices.known_speakers())


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file beside ``path`` and rename, so nobody sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


voices_option = click.option("--voices", "voices_path", type=click.Path(dir_okay=False), default=None,
                             help="voices.yaml to use (default: ./voices.yaml if present).")
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
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    ctx.ensure_object(dict)["quiet"] = quiet


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the script as JSON.")
@click.option("--sentences", is_flag=True, help="Also show how each turn is split into sentences.")
@from_option
@voices_option
def parse(file, as_json, sentences, fmt, voices_path):
    """Parse a transcript and print its chapters and speaker turns."""
    voices = _voices(voices_path)
    script = _load(file, fmt, voices)
    if as_json:
        data = script.to_dict()
        if sentences:
            for ch_data, ch in zip(data["chapters"], script.chapters, strict=False):
                for t_data, turn in zip(ch_data["turns"], ch.turns, strict=False):
                    t_data["sentences"] = [_piece_dict(p) for p in split_text(turn.text, turn.lang)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{script.title}  [{script.language}, {script.source_format}]")
    for i, ch in enumerate(script.chapters, start=1):
        click.echo(f"\n## {i}. {ch.title or '(intro)'}  ({len(ch.turns)} turns)")
        for turn in ch.turns:
            who = turn.speaker or "(narration)"
            click.echo(f"  [{turn.lang}] {who}: {turn.text}")
            if sentences:
                for piece in split_text(turn.text, turn.lang):
                    click.echo(f"      - {_piece_text(piece)}")


def _piece_dict(piece) -> dict:
    if isinstance(piece, Pause):
        return {"pause_ms": piece.ms}
    return {"text": piece.text, "lang": piece.lang, "ends": piece.ends,
            "runs": [{"text": r.text, "lang": r.lang} for r in piece.runs]}


def _piece_text(piece) -> str:
    if isinstance(piece, Pause):
        return f"[pause {piece.ms}ms]"
    marked = "".join(f"⟨{r.text}⟩" if r.lang != piece.lang else r.text for r in piece.runs)
    return f"[{piece.lang}] {marked}"


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="Where to write the voicecast script (Markdown).")
@from_option
@voices_option
def import_(file, output, fmt, voices_path):
    """Convert a transcript into voicecast's own script format for review and editing."""
    voices = _voices(voices_path)
    script = _load(file, fmt, voices)
    out = Path(output)
    try:
        atomic_write_text(out, to_markdown(script))
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror}); choose another -o path") from None
    turns = sum(len(ch.turns) for ch in script.chapters)
    click.echo(f"wrote {out}: {len(script.chapters)} chapters, {turns} turns, speakers: "
               f"{', '.join(script.speakers) or '(narration only)'}", err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@voices_option
@from_option
@click.option("--engine", type=click.Choice(["kokoro", "edge"]), default=None, help="Engine to check voices for.")
@click.option("--max-chars", type=click.IntRange(8, 2000), default=DEFAULT_MAX_CHARS, show_default=True,
              help="Longest sentence the engine takes before it is broken at commas.")
def check(file, voices_path, fmt, engine, max_chars):
    """Lint a script: speakers without a voice, empty chapters, leftover markup, long sentences."""
    voices = _voices(voices_path)
    script = _load(file, fmt, voices)
    findings = check_script(script, voices, engine, max_chars)
    for f in findings:
        where = f"{file}:{f.line}" if f.line else file
        click.echo(f"{where}: {f.level}: {f.message}")
    errors = sum(1 for f in findings if f.level == "error")
    warnings = len(findings) - errors
    turns = sum(len(ch.turns) for ch in script.chapters)
    click.echo(f"{file}: {len(script.chapters)} chapters, {turns} turns, {len(script.speakers)} speakers; "
               f"{errors} errors, {warnings} warnings", err=True)
    if errors:
        sys.exit(1)


def main():  # pragma: no cover - console entry point
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
