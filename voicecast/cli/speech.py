"""Speech without a script: ``say`` (text to a WAV file), ``voices`` (an engine's voices) and
``pinyin`` (how voicecast reads Mandarin)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..text.splitter import Pause, split_text
from .options import current_settings, open_engine, voice_config, voices_option


@click.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "text_file", type=click.Path(dir_okay=False, exists=True), help="Read the text from FILE.")
@click.option("--voice", default=None, help="Voice name (default: the narrator's voice for the text's language).")
@click.option("--engine", "engine_name", default=None, help="Speech engine (default: voices.yaml's `engine`).")
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
    from ..audio.audio_io import write_wav
    from ..say import SayOptions, speak_pieces
    from ..text.lang import detect_lang
    from ..text.speakable import describe, split_speakable
    from .progress import bar

    if text_file:
        text = Path(text_file).read_text(encoding="utf-8")
    if text is None:
        raise click.UsageError("give TEXT or -f FILE")
    voices = voice_config(voices_path)
    engine = open_engine(engine_name or voices.engine)
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
        audio = speak_pieces(pieces, engine, voices, opts, lambda: progress.update(1))
    out = write_wav(output, audio, engine.sample_rate)
    if not quiet:
        click.echo(f"wrote {out}: {len(audio) / engine.sample_rate:.2f} s, {engine.sample_rate} Hz", err=True)


@click.command("voices")
@click.option("--engine", "engine_name", default=None, help="Engine whose voices to list (default: voices.yaml's `engine`).")
@click.option("--lang", default=None, help="Only voices for this language (zh, en, ja, …).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@voices_option
def voices_cmd(engine_name, lang, as_json, voices_path):
    """List the voices an engine offers."""
    engine = open_engine(engine_name or voice_config(voices_path).engine)
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


@click.command("pinyin")
@click.argument("text", required=False)
@click.option("-f", "--file", "text_file", type=click.Path(dir_okay=False, exists=True), help="Read lines from FILE.")
@click.option("--spoken", is_flag=True, help="Show the reading after tone sandhi (what is said).")
@click.option("--json", "as_json", is_flag=True, help="One JSON array per input line: [{char, pinyin}, …].")
@voices_option
def pinyin_cmd(text, text_file, spoken, as_json, voices_path):
    """Show how voicecast reads Mandarin: the pinyin of each Han character (tone numbers, 5 = neutral)."""
    from ..pronounce.normalize import to_simplified
    from ..pronounce.pinyin import load_tables, readings
    from ..pronounce.pinyin import spoken as sandhi

    if text_file:
        lines = Path(text_file).read_text(encoding="utf-8").splitlines()
    elif text:
        lines = text.splitlines() or [text]
    else:
        raise click.UsageError("give TEXT or -f FILE")
    voices = voice_config(voices_path)
    lexicon = voices.lexicon_for("zh")
    for line in lines:
        # Readings come from the Simplified form; the characters shown are the ones given.
        if line:
            load_tables(current_settings().models_dir)
        reads = readings(to_simplified(line), lexicon) if line else []
        if spoken:
            reads = sandhi(reads)
        pairs = [(ch, r.pinyin) for ch, r in zip(line, reads, strict=False) if r.pinyin]
        if as_json:
            click.echo(json.dumps([{"char": ch, "pinyin": py} for ch, py in pairs], ensure_ascii=False))
        else:
            click.echo(" ".join(py for _, py in pairs))


# ---------------------------------------------------------------- render
