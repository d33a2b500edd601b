"""The edge engine's voice list: from the service when it answers, else the copy saved the last
time it did, else the short list shipped with voicecast (so listing works offline)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from ..base import VoiceInfo

LIST_TIMEOUT_S = 8.0


def _to_info(raw: list[dict]) -> list[VoiceInfo]:
    out = []
    for v in raw:
        name = v.get("ShortName")
        if not name:
            continue
        tags = v.get("VoiceTag") or {}
        desc = ", ".join(tags.get("VoicePersonalities") or [])
        out.append(VoiceInfo(name, v.get("Locale", "-".join(name.split("-")[:2])), str(v.get("Gender", "")).lower(),
                             desc))
    return sorted(out, key=lambda v: (v.lang, v.name))


async def _fetch(fetch: Callable[[], Awaitable[list[Any]]]) -> list[Any]:  # edge-tts's Voice TypedDicts
    async with asyncio.timeout(LIST_TIMEOUT_S):
        return await fetch()


def _save(raw: list[dict], path: Path) -> None:
    from ...atomic import write_atomic

    write_atomic(path, json.dumps({"fetched": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "voices": raw},
                                  ensure_ascii=False))


def list_voices(fetch: Callable[[], Awaitable[list[Any]]], path: Path | None = None) -> tuple[list[VoiceInfo], str]:
    """(voices, where they came from). ``fetch`` is the engine's edge-tts ``list_voices`` (for its
    endpoint); the list the service gives is kept at ``path`` for when it cannot be reached."""
    try:
        raw = asyncio.run(_fetch(fetch))
        if isinstance(raw, list) and raw:
            if path is not None:
                _save(raw, path)
            return _to_info(raw), "service"
    except Exception:  # no network, refused, garbage: fall back to the saved copy
        pass
    try:
        if path is None:
            raise OSError("no saved copy")
        saved = json.loads(path.read_text(encoding="utf-8"))
        return _to_info(saved["voices"]), f"saved copy of {saved.get('fetched', '?')} (service unreachable)"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    shipped = json.loads(resources.files("voicecast.data").joinpath("edge_voices.json").read_text(encoding="utf-8"))
    return _to_info(shipped), "built-in list (service unreachable; it offers more voices)"
