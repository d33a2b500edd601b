"""edge-tts's client for one endpoint, owned by the engine that uses it.

edge-tts reads where to connect from two module constants (``communicate.WSS_URL`` and
``voices.VOICE_LIST``) and takes no URL argument. Rewriting those constants would point every
engine in the process at the last endpoint set. Instead, an engine with its own endpoint gets its
own copy of those two edge-tts modules, executed afresh from the installed files (never entered in
``sys.modules``) with its URLs in place; the installed modules, and every other engine, are left
as they are. Microsoft's endpoint uses the installed modules themselves.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

_lock = threading.Lock()
_copies: dict[tuple[str, str, str], EdgeClient] = {}


@dataclass(frozen=True)
class EdgeClient:
    """edge-tts's ``Communicate`` class and ``list_voices`` coroutine for one endpoint."""

    Communicate: Callable[..., Any]
    list_voices: Callable[..., Any]
    wss_url: str
    voice_list_url: str


def _fresh_copy(module: ModuleType) -> Any:  # a module object (its attributes are edge-tts's)
    """The module run again from its file, as a private object (same package, so its relative
    imports resolve to the installed edge-tts)."""
    spec = importlib.util.spec_from_file_location(module.__name__, module.__file__)
    if spec is None or spec.loader is None:  # pragma: no cover - an installed package always has a file
        raise ImportError(f"cannot load a copy of {module.__name__} from {module.__file__}")
    copy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy)
    return copy


def client_for(wss_url: str, voice_list_url: str) -> EdgeClient:
    """The client for these URLs (edge-tts's own: the installed modules)."""
    import edge_tts.communicate
    import edge_tts.voices

    installed = (edge_tts.communicate.WSS_URL, edge_tts.voices.VOICE_LIST)
    if (wss_url, voice_list_url) == installed:
        return EdgeClient(edge_tts.communicate.Communicate, edge_tts.voices.list_voices, *installed)
    key = (edge_tts.communicate.__file__ or "", wss_url, voice_list_url)
    with _lock:
        if key not in _copies:
            communicate, voices = _fresh_copy(edge_tts.communicate), _fresh_copy(edge_tts.voices)
            communicate.WSS_URL, voices.VOICE_LIST = wss_url, voice_list_url  # the copies' own, not edge-tts's
            _copies[key] = EdgeClient(communicate.Communicate, voices.list_voices, wss_url, voice_list_url)
        return _copies[key]
