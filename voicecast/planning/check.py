"""``voicecast check``: lint a parsed script before spending time on audio."""

from __future__ import annotations

from dataclasses import dataclass

from ..engines import get_engine_class
from ..parsing.clean import leftover_markup
from ..parsing.identities import fits
from ..parsing.inline import heading_shaped
from ..pronounce.known_words import unsure_words
from ..text.script import Script
from ..text.speakable import describe, split_speakable
from ..text.splitter import DEFAULT_MAX_CHARS, sentences
from .music import MusicError, music_for
from .plan import unvoiced
from .voices import VoiceConfig


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    line: int | None
    message: str


def check_script(script: Script, voices: VoiceConfig, engine: str | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS) -> list[Finding]:
    engine = engine or voices.engine
    findings: list[Finding] = []
    try:
        music_for(script.meta, script.path, voices.music)
    except MusicError as exc:
        findings.append(Finding("error", 1, f"front matter {exc.field}: {exc}"))
    if unread := script.meta.get("front_matter_unread"):
        findings.append(Finding("warning", 1, f"the front matter has no `language:` and keys voicecast does not read "
                                f"({unread}): the file is read as a web copy (furniture removed, labels judged); "
                                f"add `language: zh` (or en) to read it as voicecast's own format"))
    guesses = get_engine_class(engine).guesses_names
    unsure: dict[str, list[int | None]] = {}
    for speaker, first in unvoiced(script, voices, engine).items():
        if voices.voice(speaker) is None:
            findings.append(Finding("error", first, f"speaker {speaker!r} has no voice; add it (or an alias) under "
                                    f"`speakers:` in {voices.path or 'voices.yaml'}"))
        else:
            findings.append(Finding("error", first, f"speaker {speaker or 'narrator'!r} has no {engine} voice; add "
                                    f"`{engine}: VOICE` under speakers.{speaker} in {voices.path or 'voices.yaml'}"))
    for chapter in script.chapters:
        if not chapter.turns:
            findings.append(Finding("warning", chapter.line, f"chapter {chapter.title or '(untitled)'!r} is empty"))
        for turn in chapter.turns:
            dropped = split_speakable(turn.text)[1]
            if dropped:
                findings.append(Finding("warning", turn.line, f"not spoken (no voice can say them): "
                                        f"{describe(dropped)}"))
            for what in leftover_markup(turn.text):
                findings.append(Finding("error", turn.line, f"leftover {what} would be spoken: {turn.text[:60]!r}"))
            for word in unsure_words(turn.text, voices.lexicon_for(turn.lang)) if guesses else ():
                unsure.setdefault(word, []).append(turn.line)
            for sent in sentences(turn.text):
                if len(sent) > max_chars:
                    findings.append(Finding("warning", turn.line, f"sentence of {len(sent)} characters will be broken "
                                            f"at commas to fit {max_chars}: {sent[:40]!r}…"))
    return findings + _unsure_findings(unsure, voices) + structure_findings(script) + kept_apart(script)


def kept_apart(script: Script) -> list[Finding]:
    """A warning for two speakers whose names could be one person's (``Fridman``, ``Lex Fridman``)
    but were kept apart: the short form fits several people, or the two answer each other."""
    first: dict[str, int | None] = {}
    for t in (t for ch in script.chapters for t in ch.turns):
        if t.speaker:
            first.setdefault(t.speaker, t.line)
    out = []
    for short, line in first.items():
        fulls = [full for full in first if full != short and fits(short, full)]
        if fulls:
            names = " and ".join(repr(f) for f in fulls)
            out.append(Finding("warning", line, f"speaker {short!r} may be {names}, kept apart (the name fits "
                               f"{'several people' if len(fulls) > 1 else 'but they answer each other'}); if they are "
                               "one person, add the short form as an alias in voices.yaml"))
    return out


def _unsure_findings(unsure: dict[str, list[int | None]], voices: VoiceConfig) -> list[Finding]:
    """One warning per Latin-script word the engine would guess at, where it first comes."""
    where = voices.path or "voices.yaml"
    return [Finding("warning", lines[0], f"no confident reading for {word!r} ({len(lines)}×): add it under "
                    f"`lexicon:` in {where} as phonemes (`{word}: /…/`, see README) or a respelling")
            for word, lines in unsure.items()]


LONG_TURN = 3000  # characters: longer turns usually mean labels the parser did not see
ONE_VOICE_SHARE = 0.9


def structure_findings(script: Script) -> list[Finding]:
    """Warnings where the parsed structure is doubtful: one voice has nearly all the text of a
    labelled transcript, a turn is very long, a short line that looks like a heading is spoken."""
    findings: list[Finding] = []
    turns = [t for ch in script.chapters for t in ch.turns]
    share: dict[str | None, int] = {}
    for t in turns:
        share[t.speaker] = share.get(t.speaker, 0) + len(t.text)
        if len(t.text) > LONG_TURN:
            findings.append(Finding("warning", t.line, f"a turn of {len(t.text)} characters by "
                                    f"{t.speaker or 'the narrator'}: check for speaker labels the parser missed "
                                    "(`voicecast parse --explain`)"))
        if heading_shaped(t.text):
            findings.append(Finding("warning", t.line, f"{t.text!r} looks like a heading but is spoken; make it a "
                                    "`#` heading in `voicecast import` output if it is one"))
    total = sum(share.values())
    if script.speakers and total >= 1000:
        who, most = max(share.items(), key=lambda kv: kv[1])
        if most >= ONE_VOICE_SHARE * total:
            findings.append(Finding("warning", None, f"{who or 'the narrator'} has {most * 100 // total} % of the "
                                    "text: are other speakers' labels missing? (`voicecast parse --explain`)"))
    return findings

