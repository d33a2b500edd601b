"""A third-party engine is a real plugin: a package built here, installed beside voicecast, found
through the `voicecast.engines` entry point, with an option of its own in voices.yaml — and renders
an episode with not a line of voicecast changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wheels import plugin_site

MODULE = '''
from dataclasses import dataclass

import numpy as np

from voicecast.engines import Engine, SynthesisOptions, VoiceInfo, register


@dataclass(frozen=True)
class ChimeOptions(SynthesisOptions):
    pitch_hz: float = 440.0


@register
class ChimeEngine(Engine):
    """Each character a short tone, at the speaker's pitch."""

    name = "chime"
    sample_rate = 16000
    Options = ChimeOptions
    narrator_voices = {"zh": "bell", "en": "bell"}

    @classmethod
    def known_voice(cls, voice):
        return voice in ("bell", "gong")

    @classmethod
    def check_option(cls, name, value):
        if name == "pitch_hz" and not (isinstance(value, (int, float)) and 50 <= value <= 2000):
            raise ValueError(f"pitch_hz {value!r} must be a frequency from 50 to 2000")
        return super().check_option(name, value)

    def voices(self):
        return [VoiceInfo("bell", "zh"), VoiceInfo("gong", "en")]

    def synthesize(self, sentence, voice, options=ChimeOptions()):
        pitch = options.pitch_hz if isinstance(options, ChimeOptions) else 440.0
        t = np.arange(int(self.sample_rate * 0.04 * len(sentence.text))) / self.sample_rate
        return (0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32)
'''

SCRIPT = "---\ntitle: 插件测试\n---\n# 开场\n\n主持人: 欢迎收听。\n\n嘉宾: 谢谢邀请。\n\n# 结尾\n\n主持人: 再见。\n"


def _voicecast(site: Path, *args, cwd: Path, **more_env) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(site), **more_env)
    return subprocess.run([sys.executable, "-m", "voicecast", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_a_plugin_engine_with_its_own_option_renders_an_episode(tmp_path):
    site = plugin_site(tmp_path, "voicecast_chime", MODULE, "[voicecast.engines]\nchime = voicecast_chime\n")
    script = tmp_path / "s.md"
    script.write_text(SCRIPT, encoding="utf-8")
    voices = tmp_path / "voices.yaml"
    voices.write_text("engine: chime\nspeakers:\n  主持人: {chime: bell, pitch_hz: 880}\n  嘉宾: {chime: gong}\n",
                      encoding="utf-8")

    listed = _voicecast(site, "voices", "--engine", "chime", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [v["name"] for v in json.loads(listed.stdout)] == ["bell", "gong"]
    off = _voicecast(site, "voices", "--engine", "chime", cwd=tmp_path, VOICECAST_NO_PLUGINS="1")
    assert off.returncode != 0 and "unknown engine 'chime'" in off.stderr, off.stderr

    out = tmp_path / "out"
    done = _voicecast(site, "render", script, "--voices", voices, "-o", out, "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "render.json").read_text(encoding="utf-8"))
    assert report["engine"] == "chime" and report["synthesized"] == 3
    assert [c["title"] for c in report["chapters"]] == ["开场", "结尾"]
    assert (out / "episode.mp3").stat().st_size > 0 and (out / "episode.m4b").is_file()

    # The option is the engine's: it enters the cache key (a new pitch is synthesized again) …
    voices.write_text(voices.read_text(encoding="utf-8").replace("880", "660"), encoding="utf-8")
    again = _voicecast(site, "render", script, "--voices", voices, "-o", out, "--quiet", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads((out / "render.json").read_text(encoding="utf-8"))["synthesized"] == 2
    # … and the engine checks it, with voices.yaml's file and field in the error.
    voices.write_text(voices.read_text(encoding="utf-8").replace("660", "5"), encoding="utf-8")
    bad = _voicecast(site, "check", script, "--voices", voices, cwd=tmp_path)
    assert bad.returncode != 0
    assert f"{voices}: speakers.主持人.pitch_hz: pitch_hz 5 must be a frequency from 50 to 2000" in bad.stderr
    assert "Traceback" not in bad.stderr
