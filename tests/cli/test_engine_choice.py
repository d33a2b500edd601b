"""Every command that speaks or lists voices takes its engine as `render` does: `--engine`, else
voices.yaml's `engine:`; `check` measures sentences against that engine's own limit."""

from __future__ import annotations

import json
import socket

from click.testing import CliRunner

from voicecast.cli.main import cli
from voicecast.engines.edge.engine import EdgeEngine
from voicecast.engines.kokoro.engine import KokoroEngine


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_voices_lists_the_engine_voices_yaml_names(tmp_path, monkeypatch):
    # The service cannot be reached (a closed local port): the edge engine lists its shipped voices.
    monkeypatch.setenv("VOICECAST_EDGE_ENDPOINT", f"ws://127.0.0.1:{_closed_port()}")
    voices = tmp_path / "voices.yaml"
    voices.write_text("engine: edge\n", encoding="utf-8")
    listed = CliRunner().invoke(cli, ["voices", "--voices", str(voices), "--json"])
    assert listed.exit_code == 0, listed.output
    names = [v["name"] for v in json.loads(listed.stdout)]
    assert names and all(n.endswith("Neural") for n in names)
    kokoro = CliRunner().invoke(cli, ["voices", "--voices", str(voices), "--engine", "kokoro", "--json"])
    assert "zf_xiaoxiao" in [v["name"] for v in json.loads(kokoro.stdout)]  # --engine wins


def test_check_measures_sentences_against_the_engines_own_limit(tmp_path):
    assert KokoroEngine.max_chars < 150 < EdgeEngine.max_chars
    script = tmp_path / "s.md"
    script.write_text("# 一\n\n甲: " + "我们今天聊的这件事情非常重要" * 11 + "。\n", encoding="utf-8")  # 155 characters
    voices = tmp_path / "voices.yaml"
    voices.write_text("speakers:\n  甲: {kokoro: zm_yunxi, edge: zh-CN-YunxiNeural}\n", encoding="utf-8")
    kokoro = CliRunner().invoke(cli, ["check", str(script), "--voices", str(voices)])
    assert f"fit {KokoroEngine.max_chars}" in kokoro.output
    edge = CliRunner().invoke(cli, ["check", str(script), "--voices", str(voices), "--engine", "edge"])
    assert "fit" not in edge.output, edge.output
    given = CliRunner().invoke(cli, ["check", str(script), "--voices", str(voices), "--max-chars", "100"])
    assert "fit 100" in given.output
