"""``voicecast parse``, ``import`` and ``check``: what voicecast reads in a transcript, before any audio."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..atomic import write_atomic
from ..parsing.explain import explain_data, explain_lines
from ..parsing.trace import Trace
from ..parsing.writer import to_markdown
from ..planning.check import check_script
from ..text.splitter import Pause, split_text
from .options import current_settings, from_option, load_script, refetch_option, voice_config, voices_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the script as JSON.")
@click.option("--sentences", is_flag=True, help="Also show how each turn is split into sentences.")
@click.option("--explain", is_flag=True, help="Also show why: each label candidate's evidence, each heading's "
              "rule, and every stretch dropped as junk.")
@from_option
@voices_option
def parse(file, as_json, sentences, explain, fmt, voices_path):
    """Parse a transcript and print its chapters and speaker turns."""
    voices = voice_config(voices_path)
    trace = Trace() if explain else None
    script = load_script(file, fmt, voices, trace)
    if as_json:
        data = script.to_dict()
        if trace is not None:
            data["explain"] = explain_data(trace)
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
    if trace is not None:
        click.echo("")
        for line in explain_lines(trace):
            click.echo(line)


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


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="Where to write the voicecast script (Markdown).")
@from_option
@voices_option
@refetch_option
def import_(file, output, fmt, voices_path, refetch):
    """Convert a transcript, document (DOCX, EPUB, PDF, HTML, subtitles) or web page (URL) into
    voicecast's own script format for review and editing."""
    voices = voice_config(voices_path)
    script = load_script(file, fmt, voices, refetch=refetch)
    out = Path(output)
    try:
        _keep_cover_beside(script, out)
        write_atomic(out, to_markdown(script))
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror}); choose another -o path") from None
    turns = sum(len(ch.turns) for ch in script.chapters)
    click.echo(f"wrote {out}: {len(script.chapters)} chapters, {turns} turns, speakers: "
               f"{', '.join(script.speakers) or '(narration only)'}", err=True)


def _keep_cover_beside(script, out: Path) -> None:
    """A cover taken out of a book goes beside the written script, which names it relatively."""
    cover = script.meta.get("cover", "")
    if cover and Path(cover).is_absolute() and Path(cover).is_file():
        dest = out.with_name(out.stem + ".cover" + Path(cover).suffix)
        write_atomic(dest, Path(cover).read_bytes())
        script.meta["cover"] = dest.name


def _not_heard_right(script) -> list:
    """What the last ``render --verify`` of this script (its episode folder under the output root)
    still heard wrong with every setting, as warnings at their lines."""
    from ..episode.report import load_report
    from ..planning.check import Finding
    from ..render import episode_slug

    report = load_report(current_settings().output_dir / episode_slug(script))
    flagged = report.verify.get("flagged", []) if report is not None else []
    return [Finding("warning", c["line"], f"not heard right in the last render ({c['error']:.0%} wrong with every "
                                          f"setting): {c['text'][:40]!r} was heard as {c['heard'][:40]!r}")
            for c in flagged if not c["fixed_with"]]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@voices_option
@from_option
@click.option("--engine", default=None, help="Engine to check voices for (default: voices.yaml's `engine`).")
@click.option("--max-chars", type=click.IntRange(8, 2000), default=None,
              help="Longest sentence the engine takes before it is broken at commas (default: the engine's own).")
def check(file, voices_path, fmt, engine, max_chars):
    """Lint a script: speakers without a voice, empty chapters, leftover markup, long sentences."""
    from ..engines import get_engine_class

    voices = voice_config(voices_path)
    chosen = get_engine_class(engine or voices.engine)  # an unknown engine: one clear line
    max_chars = max_chars or chosen.max_chars
    engine = chosen.voice_family() if engine else None
    script = load_script(file, fmt, voices)
    findings = check_script(script, voices, engine, max_chars) + _not_heard_right(script)
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
