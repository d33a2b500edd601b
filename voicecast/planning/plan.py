"""The render plan: a Script becomes, per chapter, an ordered list of speech segments (sentence,
language, voice, cache key) and silences. Pure: no audio, no I/O."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..engines.base import get_engine_class
from ..errors import VoiceConfigError, option
from ..text.charclass import HAN
from ..text.script import Chapter, Script
from ..text.speakable import split_speakable
from ..text.splitter import Pause, Sentence, split_text
from .voices import VoiceConfig


def segment_key(engine_identity: str, voice: str, text: str, lang: str, options: dict) -> str:
    """SHA-256 over the engine (and model checksum), voice, options, normalized text and lexicon."""
    payload = json.dumps(
        {"engine": engine_identity, "voice": voice, "text": " ".join(text.split()), "lang": lang, "options": options},
        ensure_ascii=False, sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Segment:
    """One chunk to synthesize (or take from the cache)."""

    sentence: Sentence
    speaker: str | None
    voice: str
    key: str
    options: tuple[tuple[str, object], ...]
    line: int | None = None


@dataclass(frozen=True)
class Silence:
    ms: int


@dataclass
class ChapterPlan:
    index: int  # 1-based
    title: str
    slug: str
    items: list[Segment | Silence] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    unspoken: list[tuple[int | None, str]] = field(default_factory=list)  # (line, text) no voice can say

    @property
    def segments(self) -> list[Segment]:
        return [i for i in self.items if isinstance(i, Segment)]


def slugify(text: str, fallback: str = "untitled", max_len: int = 48) -> str:
    """A file-name-safe slug that keeps Chinese characters (phones and podcast apps show them)."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(rf"[^\w{HAN}]+", "-", text).strip("-_")
    return text[:max_len].rstrip("-_") or fallback


def engine_options(voices: VoiceConfig, speaker: str | None, engine: str, sentence: Sentence) -> dict[str, Any]:
    """What besides text and voice shapes this sentence's audio (it all goes into the cache key):
    the engine says which of the speaker's options it reads, with its defaults (engines/base.py)."""
    v = voices.voice(speaker)
    if v is None:  # check_voices() runs first; this is for callers that skipped it
        raise VoiceConfigError(f"speaker {speaker!r} has no voice; add it under `speakers:`", voices.path, "speakers")
    return get_engine_class(engine).cache_options(v.options, sentence, voices.lexicon_for(sentence.lang))


def unvoiced(script: Script, voices: VoiceConfig, engine: str) -> dict[str | None, int | None]:
    """Speakers (``None`` = narrator) with no ``engine`` voice for a language they speak, each with
    the line of their first such turn."""
    missing: dict[str | None, int | None] = {}
    for ch in script.chapters:
        for t in ch.turns:
            if voices.voice_name(t.speaker, engine, t.lang) is None:
                missing.setdefault(t.speaker, t.line)
    return missing


def check_voices(script: Script, voices: VoiceConfig, engine: str) -> None:
    """Every speaker needs a voice for the engine: say which are missing, and where to add them."""
    missing = unvoiced(script, voices, engine)
    if missing:
        names = ", ".join(f"{s or '(narrator)'!r} (first at line {line})" for s, line in missing.items())
        if voices.path is None:
            raise VoiceConfigError(f"no {engine} voice for {names}: no voices.yaml was found; pass {option('voices')} or "
                                   "create ./voices.yaml with these speakers (see README)")
        raise VoiceConfigError(
            f"no {engine} voice for {names}; add them under `speakers:` (or as aliases) with `{engine}: VOICE`",
            voices.path, "speakers")


def plan_chapter(chapter: Chapter, index: int, voices: VoiceConfig, engine: str, engine_identity: str,
                 max_chars: int) -> ChapterPlan:
    plan = ChapterPlan(index=index, title=chapter.title, slug=f"{index:02d}-{slugify(chapter.title, 'intro')}")
    items = plan.items
    pauses = voices.pauses
    if chapter.pause_before_ms:
        items.append(Silence(chapter.pause_before_ms))
    if voices.spoken_chapter_titles and chapter.title:
        for piece in split_text(chapter.title, None, max_chars):
            if isinstance(piece, Sentence):
                items.append(_segment(piece, None, voices, engine, engine_identity, chapter.line))
        items.append(Silence(pauses.paragraph))
    previous_speaker: object = object()
    for turn in chapter.turns:
        if turn.speaker is not None and turn.speaker not in plan.speakers:
            plan.speakers.append(turn.speaker)
        if items and not (isinstance(items[-1], Silence)):
            items.append(Silence(pauses.paragraph if turn.speaker == previous_speaker else pauses.turn))
        previous_speaker = turn.speaker
        plan.unspoken += [(turn.line, run) for run in split_speakable(turn.text)[1]]
        for piece in split_text(turn.text, turn.lang, max_chars):
            if isinstance(piece, Pause):
                _add_silence(items, piece.ms)
                continue
            items.append(_segment(piece, turn.speaker, voices, engine, engine_identity, turn.line))
            if piece.ends == "clause":
                items.append(Silence(pauses.clause))
            elif piece.ends == "sentence":
                items.append(Silence(pauses.sentence))
        if turn.pause_after_ms:
            _add_silence(items, turn.pause_after_ms)
    while items and isinstance(items[-1], Silence):
        items.pop()
    return plan


def _add_silence(items: list, ms: int) -> None:
    """An explicit pause replaces the automatic one at the same spot rather than adding to it."""
    if items and isinstance(items[-1], Silence):
        items[-1] = Silence(max(items[-1].ms, ms))
    else:
        items.append(Silence(ms))


def _segment(sentence: Sentence, speaker: str | None, voices: VoiceConfig, engine: str, identity: str,
             line: int | None) -> Segment:
    voice = voices.voice_name(speaker, engine, sentence.lang)
    if voice is None:  # check_voices ran first; a chapter title spoken by the narrator lands here too
        raise VoiceConfigError(f"no {engine} voice for {speaker or 'the narrator'!r}", voices.path, "speakers")
    return with_settings(Segment(sentence, speaker, voice, "", (), line), identity, voice,
                         engine_options(voices, speaker, engine, sentence))


def with_settings(seg: Segment, identity: str, voice: str, opts: dict[str, Any]) -> Segment:
    """``seg`` spoken with ``voice`` and the engine options ``opts`` (as ``cache_options`` gives
    them), under the cache key those make: a plan's segment, or another try at one (render --verify)."""
    key = segment_key(identity, voice, seg.sentence.text, seg.sentence.lang, opts)
    frozen = tuple((k, tuple(map(tuple, v)) if k == "lexicon" else v) for k, v in sorted(opts.items()))
    return Segment(seg.sentence, seg.speaker, voice, key, frozen, seg.line)


def plan_script(script: Script, voices: VoiceConfig, engine: str, engine_identity: str,
                max_chars: int) -> list[ChapterPlan]:
    check_voices(script, voices, engine)
    plans: list[ChapterPlan] = []
    for ch in script.chapters:
        if not ch.turns:
            continue  # an empty chapter has nothing to play; `voicecast check` warns about it
        plans.append(plan_chapter(ch, len(plans) + 1, voices, engine, engine_identity, max_chars))
    return plans
