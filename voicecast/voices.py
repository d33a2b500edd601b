"""voices.yaml: which voice speaks for whom, how fast, with which pauses and pronunciations.

Loaded into dataclasses in one place, with every default here, and validated on load: unknown
keys, bad values and unknown voices are errors naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalog import is_known_voice, kokoro_voice_lang
from .errors import VoiceConfigError, option
from .parsing.labels import NARRATOR_LABELS

ENGINES = ("kokoro", "edge")
LANGS = ("zh", "en")
_EDGE_RATE_RE = re.compile(r"^[+-]\d{1,3}%$")
_EDGE_PITCH_RE = re.compile(r"^[+-]\d{1,4}Hz$")
_PINYIN_RE = re.compile(r"^[a-zü]+[1-5]$", re.I)

DEFAULT_NARRATOR = {
    "kokoro": {"zh": "zf_xiaoxiao", "en": "af_heart"},
    "edge": {"zh": "zh-CN-XiaoxiaoNeural", "en": "en-US-AriaNeural"},
}

# Question-and-answer transcripts label the two sides by role, not by name. When voices.yaml does
# not name such a role, the side that asks and the side that answers get two distinct voices.
ROLE_LABELS = {
    "asks": ("问", "問", "q", "question", "记者", "記者", "提问", "提問", "interviewer", "reporter"),
    "answers": ("答", "a", "answer", "回答", "interviewee", "受访者", "受訪者"),
}
DEFAULT_ROLE_VOICES = {
    "asks": {"kokoro": {"zh": "zm_yunxi", "en": "am_michael"}, "edge": {"zh": "zh-CN-YunxiNeural", "en": "en-US-GuyNeural"}},
    "answers": {"kokoro": {"zh": "zf_xiaoyi", "en": "af_bella"},
                "edge": {"zh": "zh-CN-XiaoyiNeural", "en": "en-US-JennyNeural"}},
}


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
    speed: float = 1.0  # kokoro
    english_mix: float | None = None  # kokoro; None: the engine's default
    english_voice: str = ""  # kokoro; "": the engine's partner for the Mandarin voice
    rate: str = "+0%"  # edge
    pitch: str = "+0Hz"  # edge
    volume: str = "+0%"  # edge

    def voice_for(self, engine: str, lang: str) -> str | None:
        choice = self.voices.get(engine, {})
        return choice.get(lang) or choice.get("*") or next(iter(choice.values()), None)


@dataclass
class VoiceConfig:
    engine: str = "kokoro"
    narrator: Voice = field(default_factory=lambda: Voice("narrator", {k: dict(v) for k, v in DEFAULT_NARRATOR.items()}))
    speakers: dict[str, Voice] = field(default_factory=dict)
    pauses: Pauses = field(default_factory=Pauses)
    lexicon: dict[str, dict[str, str]] = field(default_factory=dict)  # lang | "*" → {term: replacement}
    spoken_chapter_titles: bool = False
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
        return Voice(speaker, {engine: dict(v) for engine, v in DEFAULT_ROLE_VOICES[role].items()})

    def voice_name(self, speaker: str | None, engine: str, lang: str) -> str | None:
        v = self.voice(speaker)
        return v.voice_for(engine, lang) if v else None

    def lexicon_for(self, lang: str) -> dict[str, str]:
        return {**self.lexicon.get("*", {}), **self.lexicon.get(lang, {})}


_TOP_KEYS = {"engine", "narrator", "speakers", "pauses", "lexicon", "spoken_chapter_titles"}
_VOICE_KEYS = {"aliases", "speed", "english_mix", "english_voice", "rate", "pitch", "volume", *ENGINES}


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
    engine = data.get("engine", "kokoro")
    if engine not in ENGINES:
        raise VoiceConfigError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}", path, "engine")
    cfg.engine = engine
    if "narrator" in data:
        narrator = _voice("narrator", data["narrator"], path, "narrator")
        # Languages or engines the narrator leaves out keep the defaults; one voice for all replaces them.
        for eng, default in DEFAULT_NARRATOR.items():
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
    cfg.lexicon = _lexicon(data.get("lexicon"), path)
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


def _voice(name: str, spec, path: str, where: str) -> Voice:
    if isinstance(spec, str):
        raise VoiceConfigError(f"give the voice per engine, e.g. `kokoro: {spec}`", path, where)
    if not isinstance(spec, dict):
        raise VoiceConfigError("must be a mapping (kokoro:, edge:, aliases:, …)", path, where)
    _no_unknown(spec, _VOICE_KEYS, path, where)
    v = Voice(name=name)
    for engine in ENGINES:
        if engine not in spec:
            continue
        choice = spec[engine]
        if isinstance(choice, str):
            choice = {"*": choice}
        elif isinstance(choice, dict):
            for lang in choice:
                if lang not in LANGS:
                    raise VoiceConfigError(f"unknown language {lang!r}; use zh or en", path, f"{where}.{engine}.{lang}")
        else:
            raise VoiceConfigError("must be a voice name or {zh: VOICE, en: VOICE}", path, f"{where}.{engine}")
        for lang, voice in choice.items():
            if not isinstance(voice, str) or not is_known_voice(engine, voice):
                hint = f"run `voicecast voices --engine {engine}` to list them"
                raise VoiceConfigError(f"unknown {engine} voice {voice!r}; {hint}", path,
                                       f"{where}.{engine}" + ("" if lang == "*" else f".{lang}"))
        v.voices[engine] = {str(k): str(val) for k, val in choice.items()}
    aliases = spec.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
        raise VoiceConfigError("must be a list of names", path, f"{where}.aliases")
    v.aliases = [str(a) for a in aliases]
    if "speed" in spec:
        speed = spec["speed"]
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0.5 <= speed <= 2.0:
            raise VoiceConfigError(f"speed {speed!r} must be a number from 0.5 to 2.0", path, f"{where}.speed")
        v.speed = float(speed)
    if "english_mix" in spec:
        mix = spec["english_mix"]
        if isinstance(mix, bool) or not isinstance(mix, (int, float)) or not 0 <= mix <= 1:
            raise VoiceConfigError(f"english_mix {mix!r} must be a number from 0 (off) to 1", path,
                                   f"{where}.english_mix")
        v.english_mix = float(mix)
    if "english_voice" in spec:
        name = spec["english_voice"]
        if not isinstance(name, str) or not is_known_voice("kokoro", name) or kokoro_voice_lang(name) != "en":
            raise VoiceConfigError(f"{name!r} is not an English Kokoro voice (e.g. am_eric, af_jessica); run "
                                   "`voicecast voices --lang en`", path, f"{where}.english_voice")
        v.english_voice = name
    for key, rx, example in (("rate", _EDGE_RATE_RE, "+10%"), ("volume", _EDGE_RATE_RE, "-5%"), ("pitch", _EDGE_PITCH_RE, "+0Hz")):
        if key in spec:
            value = str(spec[key])
            if not rx.match(value):
                raise VoiceConfigError(f"{value!r} is not valid; write e.g. {example!r}", path, f"{where}.{key}")
            setattr(v, key, value)
    return v


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
            syllables = str(replacement).split()
            if all(_PINYIN_RE.match(x) for x in syllables) and len(syllables) != len(str(term)):
                raise VoiceConfigError(f"{len(syllables)} pinyin syllables for {len(str(term))} characters; give one "
                                       "syllable with its tone number per character, e.g. `行长: hang2 zhang3`",
                                       path, f"{where}.{term}")
            out.setdefault(target, {})[str(term)] = str(replacement)
    return out
