"""voicecast: turn written interviews and transcripts into podcast-style audio.

The package's folders are the stages of the data flow, bottom to top: ``text`` and ``audio``;
``parsing`` (transcripts in) and ``pronounce`` (how Mandarin and English are read); ``engines``;
``planning`` (voices.yaml, the render plan, ``check``); ``synthesis`` (cache, scheduler, pools);
``episode`` (assembly, the episode folder); ``show`` (feed, pages, server); then ``render``,
``catalogue`` and ``say``, and the command line in ``cli``.

This module is a lazy façade: ``from voicecast import parse_file`` (and the other names in
``__all__``) imports only what that name needs, when it is asked for. The modules that lived at the
top before the package had folders (``voicecast.splitter``, ``voicecast.cache``…) are still found
there, with a DeprecationWarning naming their new place (but for ``episode``, ``show`` and ``cli``,
now the folders of those stages: ``voicecast.episode.folder``, ``voicecast.show.publish``,
``voicecast.cli.main``).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

__version__ = "0.1.0"

# Public names → the module that defines them.
_PUBLIC = {
    "parse_file": "parsing", "parse_text": "parsing", "Script": "text.script", "Chapter": "text.script",
    "Turn": "text.script", "split_text": "text.splitter", "Sentence": "text.splitter", "readings": "pronounce.pinyin",
    "load_voices": "planning.voices", "VoiceConfig": "planning.voices", "plan_script": "planning.plan",
    "check_script": "planning.check", "Engine": "engines", "create_engine": "engines", "engine_names": "engines",
    "register": "engines", "SegmentCache": "synthesis.cache", "render": "render", "RenderOptions": "render",
    "VoicecastError": "errors",
}
# Where each module that lived at the top before the package had folders lives now.
MOVED = {
    "script": "text.script", "charclass": "text.charclass", "lang": "text.lang", "speakable": "text.speakable",
    "splitter": "text.splitter", "subtitles": "text.subtitles", "g2p": "pronounce.g2p", "pinyin": "pronounce.pinyin",
    "zh_words": "pronounce.zh_words", "normalize": "pronounce.normalize", "known_words": "pronounce.known_words",
    "audio_io": "audio.audio_io", "encode": "audio.encode", "chapters": "audio.chapters",
    "assets": "engines.kokoro.model", "voices": "planning.voices", "plan": "planning.plan", "check": "planning.check",
    "cache": "synthesis.cache", "schedule": "synthesis.schedule", "pool": "synthesis.pool",
    "raypool": "synthesis.raypool", "assembler": "episode.assembler",
    "report": "episode.report", "feed": "show.feed", "page": "show.page", "serve": "show.serve",
    "fetch": "parsing.fetch", "writer": "parsing.writer", "progress": "cli.progress",
}
__all__ = ["__version__", *_PUBLIC]


def _moved(old: str) -> ModuleType:
    new = f"{__name__}.{MOVED[old]}"
    warnings.warn(f"{__name__}.{old} is now {new}", DeprecationWarning, stacklevel=3)
    return importlib.import_module(new)


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
        globals()[name] = value
        return value
    if name in MOVED:
        return _moved(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


class _OldPlaces(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import voicecast.splitter`` and ``from voicecast.cache import SegmentCache``: the old name
    is the new module itself (one module object, so a patch through either name is seen by both)."""

    def find_spec(self, fullname, path=None, target=None):
        head, _, old = fullname.partition(".")
        if head == __name__ and old in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        module = _moved(spec.name.partition(".")[2])
        spec.loader_state = module.__spec__  # the import system sets __spec__ to the old name's spec
        return module

    def exec_module(self, module):
        module.__spec__ = module.__spec__.loader_state if module.__spec__.loader_state else module.__spec__


if not any(isinstance(f, _OldPlaces) for f in sys.meta_path):
    sys.meta_path.append(_OldPlaces())
