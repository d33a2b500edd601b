"""voices.yaml: which voice speaks for whom, how fast, with which pauses and pronunciations.

Loaded into dataclasses in one place, with every default here, and validated on load: unknown
keys, bad values and unknown voices are errors naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..engines.base import Engine, check_device, engine_names, get_engine_class
from ..errors import EngineError, VoiceConfigError, option
from ..parsing.labels import NARRATOR_LABELS
from ..settings import DEFAULT_ENGINE
from ..text.lexicon import is_phonemes, is_pinyin
from .music import MusicError, MusicSettings, parse_music

LANGS = ("zh", "en")



def voice_engines() -> dict[str, type[Engine]]:
    """The engines whose voices voices.yaml names (``kokoro:``, ``edge:``, a plugin's): every
    registered engine but those that answer to another's voices (the fake engine)."""
    found = {name: get_engine_class(name) for name in engine_names()}
    return {name: cls for name, cls in found.items() if cls.voice_family() == name}


def _default_narrator() -> dict[str, dict[str, str]]:
    return {name: dict(cls.narrator_voices) for name, cls in voice_engines().items() if cls.narrator_voices}

# Question-and-answer transcripts label the two sides by role, not by name. When voices.yaml does
# not name such a role, the side that asks and the side that answers get two distinct voices.
# The two unnamed voices that take turns at caption ``>>`` marks (parsing.delimiters.UNNAMED), and
# diarization's first two ids, get the same two voices.
ROLE_LABELS = {
    "asks": ("问", "問", "q", "question", "记者", "記者", "提问", "提問", "interviewer", "reporter", "speaker1"),
    "answers": ("答", "a", "answer", "回答", "interviewee", "受访者", "受訪者", "speaker2"),
}
# Their voices are each engine's ``role_voices``.


def role_of(speaker: str) -> str | None:
    """``"asks"`` / ``"answers"`` for the role labels of a question-and-answer transcript."""
    key = re.sub(r"[\s.:：]+", "", speaker).lower()
    return next((role for role, labels in ROLE_LABELS.items() if key in labels), None)


@dataclass
class Pauses:
    """Silence in ms between pieces of speech."""

    clause: int = 150  # where an over-long sentence was broken
    sentence: int = 350
    paragraph: int = 700  # same speaker, next paragraph
    turn: int = 900  # another speaker
    chapter: int = 2000


@dataclass
class Voice:
    """How one speaker (or the narrator) sounds: a voice per engine, optionally per language."""

    name: str
    voices: dict[str, dict[str, str]] = field(default_factory=dict)  # engine → {lang | "*": voice}
    aliases: list[str] = field(default_factory=list)
    # The engines' options this speaker sets (speed, english_mix, rate, …), checked by the engines
    # that own them; each engine reads its own and ignores the others.
    options: dict[str, Any] = field(default_factory=dict)

    def voice_for(self, engine: str, lang: str) -> str | None:
        choice = self.voices.get(engine, {})
        return choice.get(lang) or choice.get("*") or next(iter(choice.values()), None)


@dataclass
class VoiceConfig:
    engine: str = DEFAULT_ENGINE
    device: str = "auto"  # where the engine runs: auto (a GPU when there is one), cpu, cuda
    narrator: Voice = field(default_factory=lambda: Voice("narrator", _default_narrator()))
    speakers: dict[str, Voice] = field(default_factory=dict)
    pauses: Pauses = field(default_factory=Pauses)
    # lang | "*" → {term: replacement}: the built-in lexicon (data/lexicon.yaml) and voices.yaml's over it
    lexicon: dict[str, dict[str, str]] = field(default_factory=lambda: merge_lexicons({}))
    spoken_chapter_titles: bool = False
    music: MusicSettings = field(default_factory=MusicSettings)  # intro, outro, sting, bed (planning/music.py)
    path: str | None = None

    def known_speakers(self) -> dict[str, str]:
        """Every name and alias → canonical speaker name (for the parser)."""
        out = {}
        for name, v in self.speakers.items():
            out[name] = name
            for alias in v.aliases:
                out[alias] = name
        return out

    def voice(self, speaker: str | None) -> Voice | None:
        """The Voice for a canonical speaker; the narrator for ``None``; ``None`` if unknown."""
        if speaker is None:
            return self.narrator
        if speaker in self.speakers:
            return self.speakers[speaker]
        role = role_of(speaker)
        if role is None:
            return None
        return Voice(speaker, {name: dict(cls.role_voices[role]) for name, cls in voice_engines().items()
                               if role in cls.role_voices})

    def voice_name(self, speaker: str | None, engine: str, lang: str) -> str | None:
        v = self.voice(speaker)
        return v.voice_for(engine, lang) if v else None

    def lexicon_for(self, lang: str) -> dict[str, str]:
        return {**self.lexicon.get("*", {}), **self.lexicon.get(lang, {})}


_TOP_KEYS = {"engine", "device", "narrator", "speakers", "pauses", "lexicon", "spoken_chapter_titles", "music"}


def load_voices(path: str | Path | None) -> VoiceConfig:
    """Load and validate voices.yaml; ``None`` gives the defaults (narrator only)."""
    if path is None:
        return VoiceConfig()
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise VoiceConfigError(f"no such file; pass {option('voices')} or create voices.yaml (see README)",
                               p) from None
    except UnicodeDecodeError:
        raise VoiceConfigError("is not UTF-8 text; save it as UTF-8", p) from None
    except OSError as exc:
        raise VoiceConfigError(f"cannot read: {exc.strerror}", p) from None
    return parse_voices(text, p)


def parse_voices(text: str, path: str = "voices.yaml") -> VoiceConfig:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        raise VoiceConfigError(f"not valid YAML ({getattr(exc, 'problem', exc)})", path, where) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise VoiceConfigError("must be a mapping with `speakers:` (see README)", path)
    _no_unknown(data, _TOP_KEYS, path, "")
    cfg = VoiceConfig(path=path)
    engine = data.get("engine", DEFAULT_ENGINE)
    if engine not in voice_engines():
        raise VoiceConfigError(f"unknown engine {engine!r}; use one of {', '.join(voice_engines())}", path, "engine")
    cfg.engine = engine
    try:
        cfg.device = check_device(data.get("device", "auto"))
    except EngineError as exc:
        raise VoiceConfigError(str(exc), path, "device") from None
    if "narrator" in data:
        narrator = _voice("narrator", data["narrator"], path, "narrator")
        # Languages or engines the narrator leaves out keep the defaults; one voice for all replaces them.
        for eng, default in _default_narrator().items():
            given = narrator.voices.get(eng, {})
            narrator.voices[eng] = given if "*" in given else {**default, **given}
        cfg.narrator = narrator
    speakers = data.get("speakers") or {}
    if not isinstance(speakers, dict):
        raise VoiceConfigError("must map speaker names to voices", path, "speakers")
    seen_names: dict[str, str] = {}
    for name, spec in speakers.items():
        name = str(name)
        if name.strip().lower() in NARRATOR_LABELS:
            raise VoiceConfigError(f"{name!r} means narration; configure it under `narrator:`", path, f"speakers.{name}")
        v = _voice(name, spec, path, f"speakers.{name}")
        for label in [name, *v.aliases]:
            key = re.sub(r"\s+", "", label).lower()
            if key in seen_names and seen_names[key] != name:
                raise VoiceConfigError(f"{label!r} is already used by speaker {seen_names[key]!r}", path,
                                       f"speakers.{name}.aliases")
            seen_names[key] = name
        cfg.speakers[name] = v
    cfg.pauses = _pauses(data.get("pauses"), path)
    try:
        cfg.music = parse_music(data.get("music"), Path(path).parent)
    except MusicError as exc:
        raise VoiceConfigError(str(exc), path, exc.field) from None
    cfg.lexicon = merge_lexicons(_lexicon(data.get("lexicon"), path))
    spoken = data.get("spoken_chapter_titles", False)
    if not isinstance(spoken, bool):
        raise VoiceConfigError("must be true or false", path, "spoken_chapter_titles")
    cfg.spoken_chapter_titles = spoken
    return cfg


def _no_unknown(data: dict, allowed: set[str], path: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            field_name = f"{where}.{key}" if where else str(key)
            raise VoiceConfigError(f"unknown key; expected one of {', '.join(sorted(allowed))}", path, field_name)


def _voice(name: str, spec: Any, path: str, where: str) -> Voice:
    engines = voice_engines()
    if isinstance(spec, str):
        raise VoiceConfigError(f"give the voice per engine, e.g. `{DEFAULT_ENGINE}: {spec}`", path, where)
    if not isinstance(spec, dict):
        raise VoiceConfigError(f"must be a mapping ({', '.join(f'{e}:' for e in engines)}, aliases:, …)", path, where)
    owners: dict[str, list[type[Engine]]] = {}
    for cls in engines.values():
        for opt in cls.option_names():
            owners.setdefault(opt, []).append(cls)
    _no_unknown(spec, {"aliases", *engines, *owners}, path, where)
    v = Voice(name=name)
    for engine, cls in engines.items():
        if engine in spec:
            v.voices[engine] = _engine_voices(cls, spec[engine], path, f"{where}.{engine}")
    aliases = spec.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        raise VoiceConfigError("must be a list of names", path, f"{where}.aliases")
    v.aliases = [str(a) for a in aliases]
    for opt, classes in owners.items():
        if opt in spec:
            try:  # every engine that owns the option checks it (two may share a name)
                v.options[opt] = [cls.check_option(opt, spec[opt]) for cls in classes][-1]
            except ValueError as exc:
                raise VoiceConfigError(str(exc), path, f"{where}.{opt}") from None
    return v


def _engine_voices(cls: type[Engine], choice: Any, path: str, where: str) -> dict[str, str]:
    """``VOICE`` or ``{zh: VOICE, en: VOICE}`` for one engine, every voice known to it."""
    if isinstance(choice, str):
        choice = {"*": choice}
    elif isinstance(choice, dict):
        for lang in choice:
            if lang not in LANGS:
                raise VoiceConfigError(f"unknown language {lang!r}; use zh or en", path, f"{where}.{lang}")
    else:
        raise VoiceConfigError("must be a voice name or {zh: VOICE, en: VOICE}", path, where)
    for lang, voice in choice.items():
        if not isinstance(voice, str) or not cls.known_voice(voice):
            raise VoiceConfigError(f"unknown {cls.name} voice {voice!r}; run `voicecast voices --engine {cls.name}` "
                                   "to list them", path, where + ("" if lang == "*" else f".{lang}"))
    return {str(k): str(val) for k, val in choice.items()}


def _pauses(spec, path: str) -> Pauses:
    pauses = Pauses()
    if spec is None:
        return pauses
    if not isinstance(spec, dict):
        raise VoiceConfigError("must map clause/sentence/paragraph/turn/chapter to milliseconds", path, "pauses")
    _no_unknown(spec, set(Pauses.__dataclass_fields__), path, "pauses")
    for key, value in spec.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60_000:
            raise VoiceConfigError(f"{value!r} must be whole milliseconds from 0 to 60000", path, f"pauses.{key}")
        setattr(pauses, key, value)
    return pauses


BUILT_IN_LEXICON = "lexicon.yaml"


@lru_cache(maxsize=1)
def built_in_lexicon() -> dict[str, dict[str, str]]:
    """The names and terms voicecast knows how to say (voicecast/data/lexicon.yaml)."""
    text = resources.files("voicecast.data").joinpath(BUILT_IN_LEXICON).read_text(encoding="utf-8")
    return _lexicon(yaml.safe_load(text), f"voicecast/data/{BUILT_IN_LEXICON} (built in)")


def merge_lexicons(user: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The built-in lexicon with a voices.yaml lexicon over it: a user's term wins over the built-in
    one in its section's language, or in every language when it is outside the zh:/en: sections."""
    out = {lang: dict(terms) for lang, terms in built_in_lexicon().items()}
    for lang, terms in user.items():
        for section in out.values() if lang == "*" else [out.get(lang, {})]:
            for term in terms:
                section.pop(term, None)
    for lang, terms in user.items():
        out.setdefault(lang, {}).update(terms)
    return out


def _lexicon(spec, path: str) -> dict[str, dict[str, str]]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise VoiceConfigError("must map terms to replacements, or zh:/en: to such maps", path, "lexicon")
    out: dict[str, dict[str, str]] = {}
    for key, value in spec.items():
        if key in LANGS and isinstance(value, dict):
            target, items, where = key, value, f"lexicon.{key}"
        else:
            target, items, where = "*", {key: value}, "lexicon"
        for term, replacement in items.items():
            if not isinstance(replacement, (str, int, float)) or not str(term).strip() or not str(replacement).strip():
                raise VoiceConfigError("term and replacement must be non-empty text", path, f"{where}.{term}")
            if str(replacement).strip()[:1] == "/" and not is_phonemes(str(replacement)):
                raise VoiceConfigError("phonemes go between two slashes, e.g. `Sora: /sˈɔɹə/`", path, f"{where}.{term}")
            syllables = str(replacement).split()
            if is_pinyin(str(replacement)) and len(syllables) != len(str(term)):
                raise VoiceConfigError(f"{len(syllables)} pinyin syllables for {len(str(term))} characters; give one "
                                       "syllable with its tone number per character, e.g. `行长: hang2 zhang3`",
                                       path, f"{where}.{term}")
            out.setdefault(target, {})[str(term)] = str(replacement)
    return out
